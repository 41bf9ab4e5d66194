"""Evidence commands: indicators, country profiles, composite index, bloc comparison."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.table import Table
from rich.text import Text

from southsouth.cli.app import app
from southsouth.cli.options import JsonOption, workspace
from southsouth.cli.output import print_json, print_table, records, stdout

indicators_app = typer.Typer(help="The pillar framework's indicators and every loaded series.")
app.add_typer(indicators_app, name="indicators")

FrameworkOption = Annotated[
    Path | None,
    typer.Option("--framework", help="A framework TOML file (default: the one shipped)."),
]
YearOption = Annotated[
    int | None, typer.Option("--year", "-y", help="Reference year (default: this year).")
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


def _framework(path: Path | None):  # noqa: ANN202 - returns southsouth Framework
    from southsouth.indicators.framework import load_framework

    return load_framework(path)


@indicators_app.command("list")
def list_indicators(
    all_series: Annotated[
        bool, typer.Option("--all", help="Every loaded series, not just the framework's.")
    ] = False,
    framework: FrameworkOption = None,
    as_json: JsonOption = False,
) -> None:
    """List the framework's indicators by pillar (or, with --all, every loaded series)."""
    with workspace() as ws:
        catalogue = ws.indicators()
    if all_series:
        if as_json:
            print_json(records(catalogue))
            return
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
        }
        for i in (*spec.indicators, *spec.context)
    ]
    frame = pd.DataFrame(rows)
    if as_json:
        print_json(records(frame))
        return
    print_table(
        frame,
        ["pillar", "indicator", "unit", "direction", "green", "red", "years", "countries"],
        title=f"{spec.title} ({spec.id} {spec.version}): {len(frame)} indicators",
        caption="`--json` adds goalposts, windows and the basis of every threshold.",
    )


def _fmt(value: float | None) -> str:
    if value is None or pd.isna(value):
        return "missing"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}"


@app.command()
def profile(
    country: Annotated[str, typer.Argument(help="ISO3 code or country name.")],
    year: YearOption = None,
    framework: FrameworkOption = None,
    chart: ChartOption = None,
    as_json: JsonOption = False,
) -> None:
    """A country across the eight pillars: value, year, light, trend and source of each."""
    from southsouth.indicators.profile import country_profile

    with workspace() as ws:
        result = country_profile(ws.warehouse, country, year=year, framework=_framework(framework))
    if chart is not None:
        from southsouth.charts import save_chart
        from southsouth.charts.profile import profile_chart

        save_chart(
            profile_chart(
                result.entries,
                title=f"{result.name} ({result.iso3}): eight pillars, {result.year}",
                subtitle=f"Framework {result.framework}; latest value per indicator; "
                "sources in `southsouth profile --json`",
            ),
            chart,
        )
    if as_json:
        print_json(result.as_dict())
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
