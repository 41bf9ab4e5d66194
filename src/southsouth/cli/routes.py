"""``southsouth routes``: the air network between Global South countries (routes of May 2026)."""

# Annotations are evaluated here, not postponed: see the note in southsouth.cli.

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.text import Text

from southsouth.cli.app import app
from southsouth.cli.country_lists import expand
from southsouth.cli.options import (
    ExportOption,
    JsonOption,
    print_answer,
    source_ages,
    workspace,
    write_csv,
)
from southsouth.cli.output import print_data_age, print_table, stdout
from southsouth.group_grammar import DEFAULT_GROUP

if TYPE_CHECKING:
    import pandas as pd

routes_app = typer.Typer(
    help="Direct flights, paths via hubs, missing air links and the change since 2014 "
    "(routes of May 2026; 2014 routes from OpenFlights)."
)
app.add_typer(routes_app, name="routes")

ChartOption = Annotated[
    Path | None, typer.Option("--chart", help="Also write a route map (.svg, .png, .pdf, .json).")
]
CsvOption = Annotated[
    Path | None,
    typer.Option("--csv", help="Also write the table as CSV, with the sources of its rows."),
]
GroupOption = Annotated[
    str, typer.Option("--group", "-g", help="The Global South set (default g77).", callback=expand)
]


def _topology(ws: Any) -> dict[str, Any]:
    from southsouth.charts.world_map import world_topology

    with ws.fetcher() as fetcher:
        return world_topology(fetcher)


def _map(ws: Any, segments: "pd.DataFrame", path: Path, title: str, subtitle: str) -> None:
    from southsouth.charts import save_chart
    from southsouth.charts.routes import route_map

    save_chart(route_map(segments, _topology(ws), title=title, subtitle=subtitle), path)


def _note_lines(notes: tuple[str, ...] | list[str]) -> None:
    for note in notes:
        stdout().print(Text(f"• {note}", style="dim"))


@routes_app.command("links")
def links(
    country_a: Annotated[str, typer.Argument(help="ISO3 or name.")],
    country_b: Annotated[str, typer.Argument(help="ISO3 or name.")],
    group: GroupOption = DEFAULT_GROUP,
    chart: ChartOption = None,
    export: ExportOption = None,
    as_json: JsonOption = False,
) -> None:
    """Direct routes between two countries and the fewest-stops path between their capitals."""
    asked = dict(country_a=country_a, country_b=country_b, group=group)
    if as_json or export is not None:
        print_answer("routes links", **asked, export=export, as_json=as_json)
        if chart is None:
            return
    with workspace() as ws:
        result = ws.air_links(country_a, country_b, group=group)
        ages = source_ages(ws, [result.source.source_id])
        if chart is not None:
            _map(
                ws,
                result.segments(),
                chart,
                f"Air links {result.names[0]} – {result.names[1]}",
                result.source.caveat,
            )
    if as_json or export is not None:
        return
    console = stdout()
    verdict = "direct flights" if result.direct else "no direct flight"
    console.print(
        Text(
            f"{result.names[0]} – {result.names[1]}: {verdict} ({result.source.year} routes)",
            style="bold",
        )
    )
    if len(result.routes):
        print_table(result.routes, list(result.routes.columns[:7]), title="Non-stop routes")
    for path in (result.outbound, result.inbound):
        if path is not None:
            console.print(path.describe(), highlight=False, markup=False)
    _note_lines(result.notes)
    print_data_age(ages)


@routes_app.command("missing")
def missing(
    from_area: Annotated[
        str,
        typer.Option(
            "--from",
            help="Region (africa, south-america, mena, …), bloc or group.",
            callback=expand,
        ),
    ],
    to_area: Annotated[str, typer.Option("--to", help="Region, bloc or group.", callback=expand)],
    top: Annotated[int, typer.Option(help="How many missing links to list.")] = 10,
    group: GroupOption = DEFAULT_GROUP,
    chart: ChartOption = None,
    csv: CsvOption = None,
    export: ExportOption = None,
    as_json: JsonOption = False,
) -> None:
    """Country pairs with strong expected demand (gravity) and no direct flight."""
    asked = dict(from_area=from_area, to_area=to_area, top=top, group=group)
    if as_json or export is not None:
        print_answer("routes missing", **asked, export=export, as_json=as_json)
        if chart is None and csv is None:
            return
    with workspace() as ws:
        result = ws.missing_air_links(from_area, to_area, top=top, group=group)
        ids = [result.source.source_id, *(s["source_id"] for s in result.inputs_source)]
        ages = source_ages(ws, ids)
        if chart is not None:
            _map(
                ws,
                result.segments(),
                chart,
                f"Missing air links: {from_area} – {to_area}",
                result.source.caveat,
            )
    write_csv(result.table, csv, ages, "routes missing")
    if as_json or export is not None:
        return
    table = result.table
    columns = [
        c
        for c in (
            "rank",
            "from_country",
            "from_airport",
            "to_country",
            "to_airport",
            "demand_score",
            "distance_km",
            "path",
            "linked_2014",
        )
        if c in table.columns
    ]
    print_table(
        table.round(3),
        columns or list(table.columns[:8]),
        title=f"Missing air links {from_area} – {to_area} ("
        f"{result.counts.get('missing', '?')} of {result.counts.get('pairs', '?')} unlinked)",
        caption=f"Demand: {result.model.formula()}",
    )
    _note_lines(result.notes)
    print_data_age(ages)


@routes_app.command("hubs")
def hubs(
    group: GroupOption = DEFAULT_GROUP,
    level: Annotated[str, typer.Option(help="country or airport.")] = "country",
    by: Annotated[str, typer.Option(help="betweenness or degree.")] = "betweenness",
    top: Annotated[int, typer.Option(help="How many hubs.")] = 20,
    export: ExportOption = None,
    as_json: JsonOption = False,
) -> None:
    """Hubs of the network among Global South countries (degree, betweenness)."""
    if as_json or export is not None:
        print_answer(
            "routes hubs", group=group, level=level, by=by, top=top, export=export, as_json=as_json
        )
        return
    with workspace() as ws:
        result = ws.air_hubs(group=group, level=level, by=by, top=top)
        ages = source_ages(ws, [result.source.source_id])
    print_table(
        result.table.round(4),
        list(result.table.columns[:6]),
        title=f"Hubs of the {group} network by {by} ({result.nodes} nodes, {result.edges} edges)",
    )
    _note_lines(result.notes)
    print_data_age(ages)


@routes_app.command("change")
def change(
    group: GroupOption = DEFAULT_GROUP,
    pairs: Annotated[
        bool, typer.Option("--pairs", help="List the country pairs that changed, not areas.")
    ] = False,
    csv: CsvOption = None,
    export: ExportOption = None,
    as_json: JsonOption = False,
) -> None:
    """Country links gained and lost from the 2014 routes to the 2026 routes, per area."""
    detail = "pairs" if pairs else "areas"
    if as_json or export is not None:
        print_answer("routes change", group=group, detail=detail, export=export, as_json=as_json)
        if csv is None:
            return
    with workspace() as ws:
        result = ws.air_route_change(group=group)
        ages = source_ages(ws, [source.source_id for source in result.sources])
    table = result.pairs if pairs else result.areas
    write_csv(table, csv, ages, "routes change")
    if as_json or export is not None:
        return
    print_table(
        table,
        list(table.columns),
        title=f"Country links among {group} members, 2014 → 2026"
        + (" (pairs that changed)" if pairs else ""),
    )
    _note_lines(result.notes)
    print_data_age(ages)
