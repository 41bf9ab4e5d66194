"""``southsouth trade``: complexity, South–South substitution potential, trade links."""

# Annotations are evaluated here, not postponed: see the note in southsouth.cli.

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from southsouth.cli.app import app
from southsouth.cli.country_lists import expand
from southsouth.cli.options import (
    ExportOption,
    JsonOption,
    print_answer,
    source_ages,
    within,
    workspace,
    write_csv,
)
from southsouth.cli.output import print_data_age, print_table, stdout
from southsouth.group_grammar import DEFAULT_GROUP
from southsouth.periods import DATA_YEARS

trade_app = typer.Typer(help="Economic complexity, import substitution and trade links.")
app.add_typer(trade_app, name="trade")

CsvOption = Annotated[
    Path | None,
    typer.Option("--csv", help="Also write the main table as CSV, with the sources of its rows."),
]
TopOption = Annotated[int, typer.Option(help="Rows to show (0 = all).")]
DataYearOption = Annotated[
    int | None,
    typer.Option(
        "--year",
        "-y",
        help=f"Data year ({DATA_YEARS}; default: the source's latest).",
        callback=within(DATA_YEARS),
    ),
]
SourceOption = Annotated[
    str | None,
    typer.Option(
        help="A loaded trade dataset id (default: a full BACI release if loaded, else the "
        "mirror's data; `southsouth data list` shows them)."
    ),
]


def _notes(notes: Any) -> None:
    for note in notes:
        stdout().print(Text(f"• {note}", style="dim"))


@trade_app.command("complexity")
def complexity(
    year: DataYearOption = None,
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
    products: Annotated[
        bool, typer.Option("--products", help="Product complexity (PCI) instead of countries.")
    ] = False,
    all_countries: Annotated[
        bool,
        typer.Option(
            "--all-countries",
            help="Rank every country, not only those with population ≥ 1 million and "
            "exports ≥ US$1 billion (the Atlas rule, the default).",
        ),
    ] = False,
    top: TopOption = 20,
    csv: CsvOption = None,
    export: ExportOption = None,
    as_json: JsonOption = False,
) -> None:
    """ECI, PCI, density, COI and COG (Atlas method and country set; py-ecomplexity as
    reference)."""
    chosen = dict(
        source=source,
        year=year,
        level=level,
        method=method,
        cog_method=cog_method,
        all_countries=all_countries,
    )
    read = "trade complexity products" if products else "trade complexity"
    if as_json or export is not None:
        print_answer(read, **chosen, export=export, as_json=as_json)
        if csv is None:
            return
    with workspace() as ws:
        result = ws.complexity(**chosen)
        ages = source_ages(ws, [result.provenance.get("source_id")])
    if products:
        ranked = result.products.sort_values(["year", "pci_rank"])
        write_csv(ranked, csv, ages, read)
        if as_json or export is not None:
            return
        shown = ranked.head(top) if top else ranked
        print_table(
            shown.round(3),
            [c for c in ("year", "pci_rank", "product", "pci", "ubiquity") if c in shown],
            title=f"Product complexity from {source}",
            caption="PCI from the countries ranked (see the first note); compare years by "
            "rank only; --csv writes every product.",
        )
        _notes(result.notes)
        print_data_age(ages)
        return
    countries = result.countries.sort_values(["year", "eci_rank"])
    write_csv(countries, csv, ages, read)
    if as_json or export is not None:
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
    print_data_age(ages)


@trade_app.command("substitution")
def substitution(
    importer: Annotated[str | None, typer.Option(help="ISO3 of the importer.")] = None,
    bloc: Annotated[
        str | None, typer.Option(help="A bloc or group of importers.", callback=expand)
    ] = None,
    products: Annotated[
        str | None, typer.Option(help="A product set (pharma, fertiliser, …) or HS prefixes.")
    ] = None,
    scenario: Annotated[
        str, typer.Option(help="status-quo (default) or frictions-removed.")
    ] = "status-quo",
    year: DataYearOption = None,
    window: Annotated[int, typer.Option(help="Years averaged (METHODS weights).")] = 1,
    south: Annotated[str, typer.Option(help="Global South definition.")] = DEFAULT_GROUP,
    engine: Annotated[str, typer.Option(help="duckdb (default) or spark.")] = "duckdb",
    source: SourceOption = None,
    top: TopOption = 20,
    csv: CsvOption = None,
    export: ExportOption = None,
    as_json: JsonOption = False,
) -> None:
    """Imports from the North that capable Southern suppliers could replace (US$, index)."""
    asked = dict(
        importer=importer,
        bloc=bloc,
        products=products,
        scenario=scenario,
        year=year,
        window=window,
        south=south,
        engine=engine,
        source=source,
    )
    if as_json or export is not None:
        print_answer("trade substitution", **asked, export=export, as_json=as_json)
        if csv is None:
            return
    with workspace() as ws:
        chosen = ws.substitution(**asked)
        ages = source_ages(ws, [chosen.source_id])
    result, table = chosen.result, chosen.table
    if chosen.warning:
        stdout().print(Text(chosen.warning, style="bold yellow"))
    if result.provisional:
        flagged = [n for n in result.notes if n.startswith("PROVISIONAL")]
        stdout().print(Text(flagged[0] if flagged else "PROVISIONAL", style="bold yellow"))
    write_csv(table, csv, ages, "trade substitution")
    if as_json or export is not None:
        return
    shown = table.head(top) if top else table
    print_table(
        shown.round(3),
        ["importer", "product", "m", "m_north", "nd", "sp_star", "spi", "capable_suppliers"],
        title=f"Substitution potential {scenario}, {chosen.year}, {importer or bloc} "
        f"({chosen.source_id})",
        caption="US$; sp_star = substitutable after the supplier capacity cap; spi = "
        "sp_star / imports from the North. " + result.label,
    )
    _notes(result.notes)
    print_data_age(ages)


@trade_app.command("links")
def links(
    bloc: Annotated[
        str, typer.Option(help="Bloc or group whose member pairs to assess.", callback=expand)
    ],
    source: SourceOption = None,
    year: DataYearOption = None,
    top: TopOption = 20,
    csv: CsvOption = None,
    export: ExportOption = None,
    as_json: JsonOption = False,
) -> None:
    """Trade complementarity, intensity and missing links between a bloc's members."""
    if as_json or export is not None:
        print_answer(
            "trade links", bloc=bloc, source=source, year=year, export=export, as_json=as_json
        )
        if csv is None:
            return
    with workspace() as ws:
        result = ws.trade_links(bloc, source=source, year=year)
        ages = source_ages(ws, [result.provenance.get("source_id")])
    pairs = result.pairs.sort_values(["missing_link", "tc"], ascending=[False, False])
    write_csv(pairs, csv, ages, "trade links")
    if as_json or export is not None:
        return
    shown = pairs.head(top) if top else pairs
    print_table(
        shown.round(3),
        ["exporter", "importer", "tc", "tii", "missing_link", "flow"],
        title=f"Trade links among {bloc} ({result.provenance.get('source_id', '')})",
        caption="Missing link: complementarity in the top quartile and intensity below 1.",
    )
    _notes(result.notes)
    print_data_age(ages)


@trade_app.command("share")
def share(
    group: Annotated[
        str, typer.Option("--group", "-g", help="Global South definition.", callback=expand)
    ] = DEFAULT_GROUP,
    source: SourceOption = None,
    year: DataYearOption = None,
    csv: CsvOption = None,
    export: ExportOption = None,
    as_json: JsonOption = False,
) -> None:
    """South–South share of each country's trade (exports and, where known, imports)."""
    if as_json or export is not None:
        print_answer(
            "trade share", group=group, source=source, year=year, export=export, as_json=as_json
        )
        if csv is None:
            return
    with workspace() as ws:
        result = ws.trade_share(group=group, source=source, year=year)
        ages = source_ages(ws, [result.provenance.get("source_id")])
    write_csv(result.countries, csv, ages, "trade share")
    if as_json or export is not None:
        return
    print_table(
        result.countries.round(2),
        list(result.countries.columns[:6]),
        title=f"South–South share of trade ({group}, {result.provenance.get('source_id', '')})",
    )
    _notes(result.notes)
    print_data_age(ages)
