"""``southsouth trade``: complexity, South–South substitution potential, trade links."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer
from rich.text import Text

from southsouth.cli.app import app
from southsouth.cli.options import JsonOption, workspace
from southsouth.cli.output import print_json, print_table, stdout

trade_app = typer.Typer(help="Economic complexity, import substitution and trade links.")
app.add_typer(trade_app, name="trade")

CsvOption = Annotated[Path | None, typer.Option("--csv", help="Also write the main table as CSV.")]
TopOption = Annotated[int, typer.Option(help="Rows to show (0 = all).")]
SourceOption = Annotated[
    str | None,
    typer.Option(
        help="A loaded trade dataset id (default: a full BACI release if loaded, else the "
        "mirror's data; `southsouth data list` shows them)."
    ),
]
BACI_EXTRACT = "baci-hs92-2021-afg-zaf"
INTRA_AFRICA = "africa-intra-trade-sections"


def _write_csv(frame: pd.DataFrame, path: Path | None) -> None:
    if path is not None:
        from southsouth.atomic import atomic_write_text

        atomic_write_text(path, frame.to_csv(index=False))


def _notes(notes: Any) -> None:
    for note in notes:
        stdout().print(Text(f"• {note}", style="dim"))


EXTRACT_WARNING = (
    "The mirror's BACI extract holds the exports of Afghanistan and South Africa only: "
    "imports from the North are absent from it, so these figures are not findings. Load a "
    "full release: southsouth data sync baci --classification HS92 --years 2019-2023"
)


def _flow_source(wh: Any, requested: str | None, *, complete: bool) -> str:
    """The flow dataset to use: the one asked for, else a full BACI release, else the mirror's."""
    if requested:
        return requested
    from southsouth.trade import trade_flow_sources

    loaded = list(trade_flow_sources(wh)["source_id"].unique())
    releases = sorted(s for s in loaded if s.startswith("baci-") and s != BACI_EXTRACT)
    if releases:
        return releases[-1]
    fallback = INTRA_AFRICA if complete else BACI_EXTRACT
    if fallback in loaded:
        return fallback
    from southsouth.errors import NotSynced

    raise NotSynced(
        "no bilateral trade by product is loaded",
        hint="southsouth data sync baci --classification HS92 --years 2019-2023 "
        "(or `southsouth data sync trade` for the mirror's extracts)",
    )


@trade_app.command("complexity")
def complexity(
    year: Annotated[
        int | None, typer.Option("--year", "-y", help="Year (default: latest).")
    ] = None,
    source: Annotated[
        str, typer.Option(help="Country × product exports: a trade_export or BACI dataset id.")
    ] = "ots-hs4-exports-2017",
    level: Annotated[
        str | None, typer.Option(help="Aggregate products to hs6, hs4, hs2 or section.")
    ] = None,
    cog_method: Annotated[
        str, typer.Option(help="atlas_book (default) or growthlab_code.")
    ] = "atlas_book",
    method: Annotated[str, typer.Option(help="eigen (default) or reflections.")] = "eigen",
    top: TopOption = 20,
    csv: CsvOption = None,
    as_json: JsonOption = False,
) -> None:
    """ECI, PCI, density, COI and COG (Atlas method; py-ecomplexity as reference)."""
    from southsouth.trade import ComplexityOptions, warehouse_complexity

    options = ComplexityOptions(cog_method=cog_method, method=method)
    with workspace() as ws:
        result = warehouse_complexity(
            ws.warehouse, source=source, year=year, level=level, options=options
        )
    countries = result.countries.sort_values(["year", "eci_rank"])
    _write_csv(countries, csv)
    if as_json:
        print_json(result.as_dict(cells=False))
        return
    shown = countries.head(top) if top else countries
    print_table(
        shown.round(3),
        ["year", "eci_rank", "country", "eci", "diversity", "coi"],
        title=f"Economic complexity from {source}",
        caption="Compare years by rank only; --csv writes every country, --json adds products.",
    )
    print_table(result.diagnostics.round(4), list(result.diagnostics.columns[:8]))
    _notes(result.notes)


@trade_app.command("substitution")
def substitution(
    importer: Annotated[str | None, typer.Option(help="ISO3 of the importer.")] = None,
    bloc: Annotated[str | None, typer.Option(help="A bloc or group of importers.")] = None,
    products: Annotated[
        str | None, typer.Option(help="A product set (pharma, fertiliser, …) or HS prefixes.")
    ] = None,
    scenario: Annotated[
        str, typer.Option(help="status-quo (default) or frictions-removed.")
    ] = "status-quo",
    year: Annotated[int | None, typer.Option("--year", "-y", help="Data year.")] = None,
    window: Annotated[int, typer.Option(help="Years averaged (METHODS weights).")] = 1,
    south: Annotated[str, typer.Option(help="Global South definition.")] = "g77",
    engine: Annotated[str, typer.Option(help="duckdb (default) or spark.")] = "duckdb",
    source: SourceOption = None,
    top: TopOption = 20,
    csv: CsvOption = None,
    as_json: JsonOption = False,
) -> None:
    """Imports from the North that capable Southern suppliers could replace (US$, index)."""
    from southsouth.errors import InputError
    from southsouth.registry import group_countries, resolve_country
    from southsouth.trade import trade_flow_sources
    from southsouth.trade.substitution import options_for, substitution_for

    if (importer is None) == (bloc is None):
        raise InputError("give --importer ISO3 or --bloc B", hint="e.g. --importer KEN")
    with workspace() as ws:
        wh = ws.warehouse
        chosen = _flow_source(wh, source, complete=False)
        sources = trade_flow_sources(wh).set_index("source_id")
        data_year = year or int(sources.loc[chosen, "last_year"].max())
        options = options_for(data_year, scenario=scenario, products=products, window=window)
        blocs = (bloc,) if bloc else ()
        result = substitution_for(wh, chosen, options, south=south, blocs=blocs, engine=engine)
        members = (
            [resolve_country(wh, importer)]
            if importer
            else group_countries(wh, bloc or "", year=min(data_year, 2026))["iso3"].tolist()
        )
    table = result.by_importer_product
    table = table[table["importer"].isin(members)].sort_values("sp_star", ascending=False)
    if chosen == BACI_EXTRACT:
        stdout().print(Text(EXTRACT_WARNING, style="bold yellow"))
    _write_csv(table, csv)
    if as_json:
        body = result.as_dict(limit=top or 1000)
        body["selection"] = {"importers": members, "rows": len(table)}
        body["top"] = table.head(top or len(table)).to_dict("records")
        print_json(body)
        return
    shown = table.head(top) if top else table
    print_table(
        shown.round(3),
        ["importer", "product", "m", "m_north", "nd", "sp_star", "spi", "capable_suppliers"],
        title=f"Substitution potential {scenario}, {data_year}, {importer or bloc} ({chosen})",
        caption="US$; sp_star = substitutable after the supplier capacity cap; spi = "
        "sp_star / imports from the North. " + result.label,
    )
    _notes(result.notes)


@trade_app.command("links")
def links(
    bloc: Annotated[str, typer.Option(help="Bloc or group whose member pairs to assess.")],
    source: SourceOption = None,
    year: Annotated[int | None, typer.Option("--year", "-y", help="Data year.")] = None,
    top: TopOption = 20,
    csv: CsvOption = None,
    as_json: JsonOption = False,
) -> None:
    """Trade complementarity, intensity and missing links between a bloc's members."""
    from southsouth.trade import trade_links_for

    with workspace() as ws:
        chosen = _flow_source(ws.warehouse, source, complete=True)
        result = trade_links_for(ws.warehouse, chosen, year=year, among=bloc)
    pairs = result.pairs.sort_values(["missing_link", "tc"], ascending=[False, False])
    _write_csv(pairs, csv)
    if as_json:
        print_json(result.as_dict())
        return
    shown = pairs.head(top) if top else pairs
    print_table(
        shown.round(3),
        ["exporter", "importer", "tc", "tii", "missing_link", "flow"],
        title=f"Trade links among {bloc} ({chosen})",
        caption="Missing link: complementarity in the top quartile and intensity below 1.",
    )
    _notes(result.notes)


@trade_app.command("share")
def share(
    group: Annotated[str, typer.Option("--group", "-g", help="Global South definition.")] = "g77",
    source: SourceOption = None,
    year: Annotated[int | None, typer.Option("--year", "-y", help="Data year.")] = None,
    csv: CsvOption = None,
    as_json: JsonOption = False,
) -> None:
    """South–South share of each country's trade (exports and, where known, imports)."""
    from southsouth.trade import south_south_share_for

    with workspace() as ws:
        chosen = _flow_source(ws.warehouse, source, complete=False)
        result = south_south_share_for(ws.warehouse, chosen, group=group, year=year)
    _write_csv(result.countries, csv)
    if as_json:
        print_json(result.as_dict())
        return
    print_table(
        result.countries.round(2),
        list(result.countries.columns[:6]),
        title=f"South–South share of trade ({group}, {chosen})",
    )
    _notes(result.notes)
