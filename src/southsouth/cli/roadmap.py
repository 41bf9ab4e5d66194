"""``southsouth roadmap``: plan the South–South roadmap for a group and write its report."""

# Annotations are evaluated here, not postponed: see the note in southsouth.cli.

from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from southsouth.cli.app import app
from southsouth.cli.country_lists import expand
from southsouth.cli.options import (
    ExportOption,
    parse_date,
    print_answer,
    within,
    workspace,
    write_rows,
)
from southsouth.cli.output import print_json, stderr, stdout
from southsouth.errors import InputError, NotSynced, YearOutOfRange
from southsouth.group_grammar import DEFAULT_GROUP
from southsouth.periods import HORIZONS, PLANNING_YEARS

if TYPE_CHECKING:
    from collections.abc import Sequence

    from southsouth.roadmap.checks import Check

#: Stages shown by the progress bar, in order.
STAGES = ("evidence", "catalogue", "plan", "scenarios", "charts", "report", "pdf", "write")


@app.command()
def roadmap(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Directory for roadmap.json, report.html and report.pdf (needed unless --json).",
        ),
    ] = None,
    group: Annotated[
        str | None,
        typer.Option(
            "--group",
            "-g",
            help="A group: g77, m49-developing, wb-lmic, ISO3 list or @file.",
            callback=expand,
        ),
    ] = None,
    bloc: Annotated[
        str | None, typer.Option("--bloc", "-b", help="A bloc id, e.g. AU, ASEAN, MERCOSUR.")
    ] = None,
    horizon: Annotated[
        int,
        typer.Option(
            "--horizon", help=f"Last year of the plan ({HORIZONS}).", callback=within(HORIZONS)
        ),
    ] = HORIZONS.last,
    initiatives: Annotated[
        Path | None,
        typer.Option(
            "--initiatives", "-i", help="YAML file that adds, drops or overrides initiatives."
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help=f"Planning date YYYY-MM-DD, in {PLANNING_YEARS} and by the horizon (default: "
            "today).",
        ),
    ] = None,
    framework: Annotated[
        Path | None,
        typer.Option("--framework", help="A framework TOML file (default: the one shipped)."),
    ] = None,
    pdf: Annotated[
        bool, typer.Option("--pdf/--no-pdf", help="Also print the report to PDF.")
    ] = True,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="With --out: print the output paths and plan summary as JSON; without: print "
            "the plan (the document the REST API serves) and write nothing.",
        ),
    ] = False,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Exit with status 1 when any plan check fails."),
    ] = False,
    diplomatic: Annotated[
        bool,
        typer.Option(
            "--diplomatic",
            help="Write the report's diplomatic edition: it names no country in a bilateral "
            "tension or a closed civic space (the plan is the same; the data notes say what "
            "was withheld).",
        ),
    ] = False,
    lang: Annotated[
        str,
        typer.Option("--lang", "-l", help="Language of the report: en, fr, es, pt or ar."),
    ] = "en",
    export: ExportOption = None,
) -> None:
    """Plan a phased, sequenced, forum-assigned roadmap and write its report (default: G77)."""
    from southsouth.language.catalogue import language

    language(lang)
    day = parse_date(as_of, PLANNING_YEARS, option="--as-of")
    if day is not None and day.year > horizon:
        raise YearOutOfRange(
            f"--as-of {day.isoformat()} is after the horizon {horizon}: valid years are "
            f"{PLANNING_YEARS.first}–{horizon}",
            hint=f"plan from a day in {horizon} or earlier, or raise --horizon",
        )
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from southsouth.charts.world_map import world_map_inputs
    from southsouth.indicators.framework import load_framework
    from southsouth.report.outputs import write_roadmap
    from southsouth.roadmap.build import build_roadmap
    from southsouth.roadmap.checks import counts, failed

    if group is not None and bloc is not None:
        raise InputError("give either --group or --bloc, not both", hint="e.g. --bloc AU")
    chosen = bloc or group or DEFAULT_GROUP
    if out is None:
        if not as_json and export is None:
            raise InputError(
                "say where to write the report",
                hint="add --out DIR, --json to print the plan or --export FILE for its initiatives",
            )
        if initiatives is not None or day is not None:
            raise InputError(
                "--initiatives and --as-of change the plan from the one the API serves",
                hint="add --out DIR to write that plan and its report",
            )
        if diplomatic:
            raise InputError(
                "--diplomatic is an edition of the report, and without --out none is written",
                hint="add --out DIR",
            )
        if lang != "en":
            raise InputError(
                "--lang is the report's language, and without --out no report is written",
                hint="add --out DIR",
            )
        document = print_answer(
            "roadmap",
            framework=framework,
            export=export,
            as_json=as_json,
            group=chosen,
            horizon=horizon,
        )
        _strict_exit(strict, [c for c in document["checks"] if c["status"] == "failed"])
        return
    spec = load_framework(framework) if framework is not None else None
    err = stderr()
    with (
        workspace() as ws,
        Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        ) as bar,
    ):
        task = bar.add_task(f"roadmap {chosen}", total=len(STAGES))
        done: list[str] = []

        def step(name: str) -> None:
            if done:
                bar.advance(task)
            done.append(name)
            bar.update(task, description=f"roadmap {chosen}: {name}")

        built = build_roadmap(
            ws.warehouse,
            chosen,
            horizon=horizon,
            as_of=day,
            initiatives_file=initiatives,
            framework=spec,
            step=step,
        )
        topology: dict[str, Any] | None = None
        shapes = None
        map_note = None
        try:
            with ws.fetcher() as fetcher:
                topology, shapes = world_map_inputs(fetcher, ws.warehouse)
        except NotSynced as exc:
            map_note = f"pillar maps not drawn: {exc.message} ({exc.hint})"
        files = write_roadmap(
            built,
            out,
            topology=topology,
            shapes=shapes,
            pdf=pdf,
            step=step,
            map_note=map_note,
            diplomatic=diplomatic,
            lang=lang,
        )
        if export is not None:
            exported = initiatives_table(ws, built, {"group": chosen, "horizon": horizon})
        if spec is None:  # a later brief of the same day and data reads this plan
            from southsouth.service import plan_store

            plan_store.remember(ws, built)
        with suppress(Exception):
            bar.update(task, completed=len(STAGES))
    if map_note:
        err.print(Text(f"note: {map_note}", style="yellow"))
    if export is not None:
        write_rows(export, exported)
    plan = built.plan
    tally = counts(built.checks)
    broken = failed(built.checks)
    if as_json:
        print_json(
            {
                "group": built.evidence.group,
                "files": files.as_dict(),
                "scheduled": [s.initiative.id for s in plan.scheduled],
                "unscheduled": [u.initiative.id for u in plan.unscheduled],
                "not_proposed": [s.id for s in built.catalogue.skipped],
                "checks": tally,
                "failed_checks": [c.as_dict() for c in broken],
            }
        )
        _strict_exit(strict, broken)
        return
    console = stdout()
    console.print(Text(built.title, style="bold"))
    table = Table(show_edge=False)
    for column in ("initiative", "pillar", "forum session", "cycle", "phase"):
        table.add_column(column)
    for s in plan.scheduled:
        table.add_row(
            s.initiative.title,
            s.initiative.pillar,
            f"{s.meeting.forum_id} {s.meeting.day.isoformat()}"
            + ("*" if s.meeting.indicative else ""),
            f"{s.start.year}–{s.end.year}",
            s.phase,
        )
    console.print(table)
    console.print(
        Text(
            f"{len(plan.scheduled)} initiatives scheduled, {len(plan.unscheduled)} not placed, "
            f"{len(built.catalogue.skipped)} not proposed by the evidence; * indicative date",
            style="dim",
        )
    )
    console.print(_checks_table(built.checks))
    for item in broken:
        err.print(Text(f"check failed — {item.title}: {item.subject}: {item.detail}", style="red"))
    for label, path in (("roadmap", files.json), ("report", files.html), ("pdf", files.pdf)):
        if path is not None:
            console.print(f"{label}: {path}")
    _strict_exit(strict, broken)


def initiatives_table(ws: Any, built: Any, asked: dict[str, Any]) -> Any:
    """The scheduled initiatives of ``built`` as an export table: the rows the roadmap read
    gives as ``items``, with the plan's datasets (their ages on the workspace's day)."""
    from southsouth.service.documents import sources
    from southsouth.service.exports import table_of

    whole = built.as_dict()
    notes = whole["sources"]
    block = sources(
        ws, [s["dataset_id"] for s in notes], [{"source_id": s["dataset_id"], **s} for s in notes]
    )
    document = {"as_of": whole["as_of"], "items": whole["plan"]["initiatives"], "sources": block}
    return table_of(document, read="roadmap", parameters=asked)


def _checks_table(checks: "tuple[Check, ...]") -> Table:
    """Plan checks by check: counts of pass, adjusted, flagged and failed."""
    from southsouth.roadmap.checks import STATUSES, counts

    table = Table(title="plan checks", show_edge=False, title_justify="left")
    table.add_column("check")
    for status in STATUSES:
        table.add_column(status, justify="right")
    titles = {c.check: c.title for c in checks}
    for check_id, row in counts(checks).items():
        table.add_row(
            titles[check_id],
            *(Text(str(row[s]), style="red" if s == "failed" and row[s] else "") for s in STATUSES),
        )
    return table


def _strict_exit(strict: bool, broken: "Sequence[object]") -> None:
    """With ``--strict``, exit 1 when a check failed (the files are written either way)."""
    if strict and broken:
        stderr().print(
            Text(f"--strict: {len(broken)} plan checks failed (see the checks)", style="red")
        )
        raise typer.Exit(1)
