"""``southsouth relations`` and ``southsouth coalition``: tensions, readiness, coalitions."""

# Annotations are evaluated here, not postponed: see the note in southsouth.cli.

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from southsouth.cli.app import app
from southsouth.cli.country_lists import expand
from southsouth.cli.options import ExportOption, JsonOption, print_answer, source_ages, workspace
from southsouth.cli.output import print_data_age, print_table, stdout
from southsouth.cli.routes import _topology
from southsouth.group_grammar import DEFAULT_GROUP

ChartOption = Annotated[
    Path | None, typer.Option("--chart", help="Also write a chart (.svg, .png, .pdf, .json).")
]


def _notes(notes: tuple[str, ...] | list[str]) -> None:
    for note in notes:
        stdout().print(Text(f"• {note}", style="dim"))


def _ages(ws: Any, result: Any) -> list[dict[str, Any]]:
    """The footer's sources (data years, age) of a result whose ``as_dict`` lists them."""
    return source_ages(ws, [entry.get("source_id") for entry in result.as_dict()["sources"]])


@app.command()
def relations(
    args: Annotated[
        list[str],
        typer.Argument(help="Two countries (ISO3 or names), or `map` with --bloc."),
    ],
    bloc: Annotated[
        str | None,
        typer.Option(
            "--bloc", "-b", help="With `map`: bloc or group, e.g. SAARC.", callback=expand
        ),
    ] = None,
    chart: ChartOption = None,
    top: Annotated[int, typer.Option(help="With `map`: pairs to list (0 = all).")] = 20,
    export: ExportOption = None,
    as_json: JsonOption = False,
) -> None:
    """`relations ISO3 ISO3`: tension and readiness of a pair; `relations map --bloc B`: all
    pairs of a bloc."""
    if args == ["map"]:
        if bloc is None:
            raise typer.BadParameter("`relations map` needs --bloc", param_hint="--bloc")
        _relations_map(bloc, chart, top, as_json, export)
        return
    if len(args) != 2:
        raise typer.BadParameter(
            "give two countries (e.g. IND PAK) or `map --bloc B`", param_hint="ARGS"
        )
    _pair(args[0], args[1], as_json, export)


def _pair(country_a: str, country_b: str, as_json: bool, export: Path | None) -> None:
    if as_json or export is not None:
        asked = dict(country_a=country_a, country_b=country_b)
        print_answer("relations", export=export, as_json=as_json, **asked)
        return
    with workspace() as ws:
        result = ws.pair_relations(country_a, country_b)
        ages = _ages(ws, result)
    console = stdout()
    console.print(
        Text(
            f"{result.name_a} – {result.name_b}: tension {result.tension:.2f} "
            f"({result.tension_label}), readiness {result.readiness:.0f}/100"
            + (" — a strategic rivalry" if result.rivalry else ""),
            style="bold",
        )
    )
    print_table(result.components.round(3), list(result.components.columns[:6]))
    if len(result.frictions):
        print_table(result.frictions, list(result.frictions.columns[:5]), title="Current frictions")
    console.print(f"shared blocs: {', '.join(result.shared_blocs) or 'none'}", markup=False)
    _notes(result.notes)
    print_data_age(ages)


def _relations_map(
    bloc: str, chart: Path | None, top: int, as_json: bool, export: Path | None
) -> None:
    """Every pair of a bloc's members: tension, readiness, shared pathways."""
    from southsouth.charts import save_chart
    from southsouth.charts.relations import tension_network

    if as_json or export is not None:
        print_answer("relations map", group=bloc, export=export, as_json=as_json)
        if chart is None:
            return
    with workspace() as ws:
        result = ws.relations_map(bloc)
        ages = _ages(ws, result)
        if chart is not None:
            save_chart(tension_network(result, topology=_topology(ws)), chart)
    if as_json or export is not None:
        return
    table = result.table().sort_values("tension", ascending=False)
    print_table(
        (table.head(top) if top else table).round(3),
        list(table.columns[:8]),
        title=f"Relations among {bloc} members (most tense first)",
    )
    print_data_age(ages)


@app.command()
def coalition(
    objective: Annotated[str, typer.Option(help="pharma, health-workforce, cyber or research.")],
    group: Annotated[
        str, typer.Option("--group", "-g", help="Candidates (default g77).", callback=expand)
    ] = DEFAULT_GROUP,
    size: Annotated[int, typer.Option(help="Members per coalition.")] = 5,
    top: Annotated[int, typer.Option(help="How many coalitions.")] = 3,
    method: Annotated[str, typer.Option(help="auto, exact, milp or heuristic.")] = "auto",
    export: ExportOption = None,
    as_json: JsonOption = False,
) -> None:
    """Best plurilateral coalitions for a pillar objective, each score explained."""
    asked = dict(objective=objective, group=group, size=size, top=top, method=method)
    if as_json or export is not None:
        print_answer("coalition", **asked, export=export, as_json=as_json)
        return
    with workspace() as ws:
        result = ws.coalitions(**asked)
        ages = _ages(ws, result)
    print_table(
        result.table().round(3),
        list(result.table().columns[:9]),
        title=f"Coalitions for {objective} among {group} (size {size})",
    )
    _notes(result.notes)
    print_data_age(ages)
