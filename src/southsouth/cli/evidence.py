"""Evidence commands: indicators, country profiles, composite index, bloc comparison."""

# Annotations are evaluated here, not postponed: see the note in southsouth.cli.

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from southsouth.cli.app import app
from southsouth.cli.country_lists import expand, expand_all
from southsouth.cli.options import (
    ExportOption,
    JsonOption,
    print_answer,
    source_ages,
    within,
    workspace,
    write_rows,
)
from southsouth.cli.output import print_data_age, print_json, print_table, records, stdout
from southsouth.group_grammar import DEFAULT_GROUP
from southsouth.periods import DATA_YEARS, MEMBERSHIP_YEARS
from southsouth.service.limits import DEFAULT_DRAWS, DEFAULT_SEED, MAX_DRAWS

if TYPE_CHECKING:
    from southsouth.indicators.framework import Framework

indicators_app = typer.Typer(help="The pillar framework's indicators and every loaded series.")
app.add_typer(indicators_app, name="indicators")

FrameworkOption = Annotated[
    Path | None,
    typer.Option("--framework", help="A framework TOML file (default: the one shipped)."),
]
ProfileYearOption = Annotated[
    int | None,
    typer.Option(
        "--year",
        "-y",
        help=f"Reference year: latest values up to it ({DATA_YEARS}; default: this year).",
        callback=within(DATA_YEARS),
    ),
]
GroupYearOption = Annotated[
    int | None,
    typer.Option(
        "--year",
        "-y",
        help=f"Reference year: members and latest values ({MEMBERSHIP_YEARS}; default: this year).",
        callback=within(MEMBERSHIP_YEARS),
    ),
]
ChartOption = Annotated[
    Path | None, typer.Option("--chart", help="Also write a chart (.svg, .png, .pdf or .json).")
]
LIGHT_STYLE = {"green": "green", "yellow": "yellow", "orange": "dark_orange", "red": "red"}
TREND_MARK = {
    "on track": "↑ on track",
    "moderately improving": "↗ moderately improving",
    "stagnating": "→ stagnating",
    "decreasing": "↓ decreasing",
}


def _framework(path: Path | None) -> "Framework":
    from southsouth.indicators.framework import load_framework

    return load_framework(path)


@indicators_app.command("list")
def list_indicators(
    all_series: Annotated[
        bool, typer.Option("--all", help="Every loaded series, not just the framework's.")
    ] = False,
    framework: FrameworkOption = None,
    export: ExportOption = None,
    as_json: JsonOption = False,
) -> None:
    """List the framework's indicators by pillar (or, with --all, every loaded series)."""
    import pandas as pd

    if all_series and (as_json or export is not None):
        print_answer("indicators", export=export, as_json=as_json)
        return
    with workspace() as ws:
        catalogue = ws.indicators()
        ages = source_ages(ws, catalogue["source_id"]) if export is not None else []
    if all_series:
        print_table(
            catalogue,
            ["indicator", "unit", "first_year", "last_year", "countries", "source_id", "licence"],
            title=f"{len(catalogue)} loaded series",
        )
        return
    spec = _framework(framework)
    coverage = catalogue.set_index("indicator")
    rows = [
        {
            "pillar": i.pillar or "context",
            "indicator": i.id,
            "name": i.name,
            "source": i.source,
            "unit": i.unit,
            "direction": {1: "higher is better", -1: "lower is better", 0: "context"}[i.direction],
            "in_index": i.scored,
            "green": i.green,
            "red": i.red,
            "worst": i.goalposts.worst if i.goalposts else None,
            "best": i.goalposts.best if i.goalposts else None,
            "window": i.window,
            "loaded": i.source in coverage.index,
            "years": (
                f"{coverage.loc[i.source, 'first_year']}–{coverage.loc[i.source, 'last_year']}"
                if i.source in coverage.index
                else None
            ),
            "countries": int(coverage.loc[i.source, "countries"])
            if i.source in coverage.index
            else 0,
            "basis": i.basis,
            "source_id": coverage.loc[i.source, "source_id"]
            if i.source in coverage.index
            else None,
        }
        for i in (*spec.indicators, *spec.context)
    ]
    frame = pd.DataFrame(rows)
    if export is not None:
        from southsouth.service.exports import ExportTable

        asked = {"framework": str(framework) if framework else None}
        write_rows(export, ExportTable(records(frame), ages, "indicators list", asked))
    if as_json:
        print_json(records(frame))
    if as_json or export is not None:
        return
    print_table(
        frame,
        ["pillar", "indicator", "unit", "direction", "green", "red", "years", "countries"],
        title=f"{spec.title} ({spec.id} {spec.version}): {len(frame)} indicators",
        caption="`--json` adds goalposts, windows and the basis of every threshold.",
    )


@indicators_app.command("observations")
def list_observations(
    indicator: Annotated[str, typer.Argument(help="Indicator id (see `indicators list --all`).")],
    country: Annotated[
        str | None,
        typer.Option("--country", "-c", help="ISO3 codes or names, comma-separated, or @file."),
    ] = None,
    group: Annotated[
        str | None,
        typer.Option(
            "--group", "-g", help="A group or bloc instead of countries.", callback=expand
        ),
    ] = None,
    years: Annotated[
        str | None,
        typer.Option(help=f"Years, e.g. 2021, 2019-2023 or 2015,2019-2023 ({DATA_YEARS})."),
    ] = None,
    export: ExportOption = None,
    as_json: JsonOption = False,
) -> None:
    """Values of one indicator by country and year, each with publisher, licence and vintage."""
    from southsouth.periods import TARGET_YEARS, YearRange, parse_year_list

    observed = YearRange("year", DATA_YEARS.first, TARGET_YEARS.until, "observed or projected")
    chosen = dict(
        indicator=indicator,
        countries=tuple(c.strip() for c in (expand(country) or "").split(",") if c.strip()),
        group=group,
        years=parse_year_list(years, observed, option="--years") if years else (),
    )
    if as_json or export is not None:
        print_answer("observations", export=export, as_json=as_json, **chosen)
        return
    from southsouth.service.reads import READS

    read = READS["observations"]
    with workspace() as ws:
        document = read.run(ws, read.parse(chosen))
    import pandas as pd

    frame = pd.DataFrame(document["items"])
    if frame.empty:
        stdout().print(f"no values of {indicator} for this choice")
        return
    print_table(
        frame,
        ["country_iso3", "country", "year", "value", "unit", "source_id"],
        title=f"{indicator}: {len(frame)} values",
        caption="Publisher, licence and vintage of each value: --json.",
    )
    print_data_age(document["sources"])


def _fmt(value: float | None) -> str:
    import pandas as pd

    if value is None or pd.isna(value):
        return "missing"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}"


@app.command()
def profile(
    country: Annotated[str, typer.Argument(help="ISO3 code or country name.")],
    year: ProfileYearOption = None,
    framework: FrameworkOption = None,
    chart: ChartOption = None,
    export: ExportOption = None,
    as_json: JsonOption = False,
) -> None:
    """A country across the pillars: value, year, light, trend and source of each."""
    import pandas as pd

    if as_json or export is not None:
        print_answer(
            "profile",
            framework=framework,
            export=export,
            as_json=as_json,
            country=country,
            year=year,
        )
        if chart is None:
            return
    with workspace() as ws:
        result = ws.profile(country, year=year, framework=_framework(framework))
        ages = source_ages(ws, result.entries["dataset"].dropna().astype(str))
    if chart is not None:
        from southsouth.charts import save_chart
        from southsouth.charts.profile import profile_chart

        save_chart(
            profile_chart(
                result.entries,
                title=f"{result.name} ({result.iso3}): nine pillars, {result.year}",
                subtitle=f"Framework {result.framework}; latest value per indicator; "
                "sources in `southsouth profile --json`",
            ),
            chart,
        )
    if as_json or export is not None:
        return
    console = stdout()
    console.print(
        Text(f"{result.name} ({result.iso3}) — reference year {result.year}", style="bold"),
    )
    for pillar, entries in [
        *((p, result.pillar(p)) for p in result.not_measured),
        ("bottlenecks (context)", result.entries[result.entries["pillar"].isna()]),
    ]:
        table = Table(title=pillar, title_justify="left", show_edge=False)
        for column in ("indicator", "value", "unit", "year", "light", "trend", "source"):
            table.add_column(column)
        for row in entries.itertuples(index=False):
            light = Text(row.light or "", style=LIGHT_STYLE.get(row.light or "", ""))
            table.add_row(
                row.name,
                _fmt(row.value),
                row.unit,
                "" if row.year is None or pd.isna(row.year) else str(int(row.year)),
                light,
                TREND_MARK.get(row.trend or "", row.trend or ""),
                row.publisher or (row.note or ""),
            )
        console.print(table)
        for gap in result.not_measured.get(pillar, ()):
            console.print(Text(f"  not measured: {gap}", style="dim"))
    console.print(
        Text(
            "Lights: SDSN method (green achieved … red major challenges); trends: SDR rule "
            f"towards {2030}. Licences and vintages: --json.",
            style="dim",
        )
    )
    print_data_age(ages)


@app.command()
def index(
    pillar: Annotated[
        str | None, typer.Option(help="Show one pillar's scores instead of the overall index.")
    ] = None,
    group: Annotated[
        str,
        typer.Option("--group", "-g", help="Countries to index (default g77).", callback=expand),
    ] = DEFAULT_GROUP,
    year: GroupYearOption = None,
    normalisation: Annotated[
        str | None, typer.Option(help="goalposts (default), minmax, zscore, distance_to_target.")
    ] = None,
    aggregation: Annotated[str | None, typer.Option(help="arithmetic or geometric.")] = None,
    weights: Annotated[str | None, typer.Option(help="custom (equal), equal or pca.")] = None,
    imputation: Annotated[
        str | None, typer.Option(help="none (default), mean, median, group_mean.")
    ] = None,
    uncertainty: Annotated[
        int,
        typer.Option(
            "--draws",
            "--uncertainty",
            help=f"Monte Carlo draws for the 5–95 % rank bands (0 = none; at most {MAX_DRAWS}).",
        ),
    ] = DEFAULT_DRAWS,
    sensitivity: Annotated[
        int, typer.Option(help="Sobol base samples for sensitivity to the choices (0 = none).")
    ] = 0,
    seed: Annotated[int, typer.Option(help="Seed of the Monte Carlo.")] = DEFAULT_SEED,
    top: Annotated[int, typer.Option(help="Rows to show (0 = all).")] = 0,
    framework: FrameworkOption = None,
    chart: ChartOption = None,
    export: ExportOption = None,
    as_json: JsonOption = False,
) -> None:
    """The pillars' composite index (JRC/OECD method) for a group of countries."""
    chosen = dict(
        group=group,
        year=year,
        pillar=pillar,
        normalisation=normalisation,
        aggregation=aggregation,
        weights=weights,
        imputation=imputation,
        draws=uncertainty,
        seed=seed,
        sensitivity=sensitivity,
    )
    if as_json or export is not None:
        print_answer("index", framework=framework, export=export, as_json=as_json, **chosen)
        if chart is None:
            return
    with workspace() as ws:
        ws.framework = _framework(framework)
        draws = chosen.pop("draws")
        built = ws.pillar_index(**chosen, replications=draws)
        if chart is not None:
            _index_map(ws, built, pillar, chart)
        used = built.latest.dropna(subset=["value"])
        if pillar:
            used = used[used["indicator"].isin([i.id for i in ws.framework.of_pillar(pillar)])]
        ages = source_ages(ws, used["source_id"].astype(str))
    if as_json or export is not None:
        return
    table = built.table(pillar)
    shown = table.head(top) if top else table
    columns = ["rank", "iso3", "name", "score", "share"]
    if "median_rank" in table.columns:
        columns += ["median_rank", "rank_q05", "rank_q95"]
    print_table(
        shown.assign(score=shown["score"].round(1), share=shown["share"].round(2)),
        columns,
        title=f"{'Pillar ' + pillar if pillar else 'Composite index'}: {group}, "
        f"values up to {built.year} ({built.result.options.normalisation}, "
        f"{built.result.options.aggregation})",
        caption="share = part of the weight backed by data. Sources: --json (sources).",
    )
    console = stdout()
    for note in built.notes(pillar):
        console.print(Text(f"• {note}", style="dim"))
    if built.sensitivity is not None:
        indices = built.sensitivity.indices
        shift = indices[indices["target"] == "mean_rank_shift"]
        print_table(
            shift.assign(S1=shift["S1"].round(3), ST=shift["ST"].round(3)),
            ["factor", "S1", "ST"],
            title="Sobol sensitivity of the mean rank shift to each methodological choice",
        )
    if built.uncertainty is not None and "rank_q05" in table.columns:
        outside = table[(table["rank"] < table["rank_q05"]) | (table["rank"] > table["rank_q95"])]
        console.print(
            Text(
                f"• rank bands from {uncertainty} runs; nominal rank outside the 5–95 % band "
                f"for {len(outside)} of {len(table)} countries (their rank depends on the "
                "method chosen)",
                style="dim",
            )
        )
    print_data_age(ages)


def _index_map(ws, built, pillar: str | None, chart: Path) -> None:  # noqa: ANN001
    from southsouth.charts import save_chart
    from southsouth.charts.world_map import choropleth, world_map_inputs

    with ws.fetcher() as fetcher:
        topology, shapes = world_map_inputs(fetcher, ws.warehouse)
    table = built.table(pillar)
    save_chart(
        choropleth(
            table,
            topology,
            shapes,
            field="score",
            title=f"{'Pillar ' + pillar if pillar else 'Composite index'} ({built.group}), "
            f"values up to {built.year}",
            subtitle=f"{built.framework}; {built.result.options.normalisation} normalisation; "
            "grey = not indexed or no data",
        ),
        chart,
    )


@app.command()
def compare(
    groups: Annotated[
        list[str],
        typer.Argument(help="Two or more blocs or groups, e.g. AU ASEAN.", callback=expand_all),
    ],
    year: GroupYearOption = None,
    framework: FrameworkOption = None,
    export: ExportOption = None,
    as_json: JsonOption = False,
) -> None:
    """Blocs side by side on every framework indicator (population-weighted, with coverage)."""
    import pandas as pd

    from southsouth.indicators.comparison import compare_groups

    if as_json or export is not None:
        print_answer(
            "compare", framework=framework, export=export, as_json=as_json, groups=groups, year=year
        )
        return
    with workspace() as ws:
        result = compare_groups(ws.warehouse, groups, year=year, framework=_framework(framework))
    rows = result.rows
    entities = list(dict.fromkeys(rows["group"]))
    table = Table(
        title=f"Blocs compared, latest values up to {result.year} ({result.framework})",
        title_justify="left",
    )
    table.add_column("pillar")
    table.add_column("indicator")
    table.add_column("unit")
    for entity in entities:
        table.add_column(entity, justify="right")
    for (pillar, name, unit), block in rows.groupby(["pillar", "name", "unit"], sort=False):
        cells = []
        for entity in entities:
            row = block[block["group"] == entity].iloc[0]
            if row["value"] is None or pd.isna(row["value"]):
                cells.append(Text("n/a", style="dim"))
            else:
                cells.append(
                    Text(
                        f"{_fmt(row['value'])} ({row['coverage']:.0%})",
                        style=LIGHT_STYLE.get(row["light"] or "", ""),
                    )
                )
        table.add_row(pillar, name, unit, *cells)
    stdout().print(table)
    stdout().print(
        Text(
            "Rates are population-weighted means, stocks sums; (x%) = members with data; n/a = "
            "coverage below the threshold (70 % of population for rates). Sources: --json.",
            style="dim",
        )
    )
