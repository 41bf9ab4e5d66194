"""``southsouth tracker``: the commitment tracker from the command line.

The person at the command line has the database and acts as its administrator; every write
is audited as ``cli:<user>``. The database is SOUTHSOUTH_TRACKER_URL, or ``tracker.sqlite``
in the southsouth home; its anchors file is SOUTHSOUTH_TRACKER_ANCHORS (or ``--anchors-file``),
else ``tracker-anchors.jsonl`` beside it.
"""

# Annotations are evaluated here, not postponed: see the note in southsouth.cli.

import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from southsouth.cli.app import app
from southsouth.cli.options import ExportOption, JsonOption, source_ages, write_rows
from southsouth.cli.output import print_json, stderr, stdout
from southsouth.errors import AuditBroken, ImportRejected, InputError

tracker_app = typer.Typer(
    name="tracker",
    help="Commitments, compliance and the tamper-evident audit log.",
    no_args_is_help=True,
)
token_app = typer.Typer(help="API tokens (shown once, stored hashed).", no_args_is_help=True)
forum_app = typer.Typer(help="Summits, COPs, assemblies and bloc meetings.", no_args_is_help=True)
commitment_app = typer.Typer(help="Commitments made at forums.", no_args_is_help=True)
tracker_app.add_typer(token_app, name="token")
tracker_app.add_typer(forum_app, name="forum")
tracker_app.add_typer(commitment_app, name="commitment")
app.add_typer(tracker_app, name="tracker")

KINDS = {"forums": "forum", "commitments": "commitment", "assessments": "assessment"}
AnchorsFileOption = Annotated[
    Path | None,
    typer.Option(
        "--anchors-file",
        help="The anchors file (default: SOUTHSOUTH_TRACKER_ANCHORS, else "
        "tracker-anchors.jsonl beside the database).",
    ),
]


@contextmanager
def _tracker(*, check: bool = True, anchors_path: Path | None = None) -> Iterator[Any]:
    from southsouth.tracker import open_tracker

    tracker = open_tracker(check=check, create=check, anchors_path=anchors_path)
    try:
        yield tracker
    finally:
        tracker.close()


def _me() -> Any:
    from southsouth.tracker import local_admin

    return local_admin()


def _split(values: Sequence[str] | None) -> list[str]:
    """Repeatable options that may also hold comma-separated values."""
    return [part for value in values or () for part in re.split(r"[,\s]+", value) if part]


def _given(**fields: Any) -> dict[str, Any]:
    return {name: value for name, value in fields.items() if value is not None}


def _entity(kind: str) -> str:
    entity = KINDS.get(kind) or (kind if kind in KINDS.values() else None)
    if entity is None:
        raise InputError(f"unknown kind {kind!r}", hint="use forums, commitments or assessments")
    return entity


def _show(record: Any, as_json: bool, entity: str | None = None) -> None:
    data = record.model_dump(mode="json")
    if as_json:
        print_json(data)
        return
    if entity is not None:
        status = f" ({data['status']})" if "status" in data else ""
        stdout().print(Text(f"{entity} {record.id}{status}", style="bold"))
    table = Table(show_header=False, box=None)
    table.add_column(style="bold")
    table.add_column()
    for name, value in data.items():
        table.add_row(name, "" if value is None else str(value))
    stdout().print(table)


def _export(
    path: Path,
    rows: Sequence[dict[str, Any]],
    read: str,
    parameters: dict[str, Any],
    sources: Sequence[dict[str, Any]] = (),
) -> None:
    """``--export FILE``: tracker rows as CSV or XLSX. Records are the tracker's own (each
    forum names its page in ``url``): their source columns stay empty unless ``sources``
    (warehouse datasets behind the values, e.g. a KPI's series) are given."""
    from southsouth.service.exports import ExportTable

    write_rows(path, ExportTable(list(rows), list(sources), f"tracker {read}", parameters))


def _rows(title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    table = Table(title=title or None)
    for header in headers:
        table.add_column(header)
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    stdout().print(table)


# --- database -------------------------------------------------------------------------------


@tracker_app.command()
def init() -> None:
    """Create the tracker database (or bring it to the newest schema)."""
    with _tracker(check=False) as tracker:
        before, after = tracker.db.migrate()
        where = tracker.db.location
    if before == after:
        stdout().print(f"tracker at {where} is already initialised (migration {after})")
    else:
        stdout().print(f"tracker initialised at {where} (migration {after})")


@tracker_app.command()
def migrate() -> None:
    """Apply the migrations the database lacks."""
    with _tracker(check=False) as tracker:
        before, after = tracker.db.migrate()
    if before == after:
        stdout().print(f"up to date (migration {after})")
    else:
        stdout().print(f"migrated from {before or 'an empty database'} to {after}")


@tracker_app.command()
def anchor(anchors_file: AnchorsFileOption = None, as_json: JsonOption = False) -> None:
    """Verify the log, then record its head (seq, hash, time) in the anchors file."""
    with _tracker(anchors_path=anchors_file) as tracker:
        made = tracker.record_anchor(_me())
        book = tracker.anchors
    if as_json:
        print_json({**made.payload(), "file": str(book.path), "signed": book.signed})
        return
    signed = "signed" if book.signed else "unsigned"
    stderr().print(
        f"anchor of {made.at} recorded ({signed}) in {book.path}; keep a copy elsewhere:"
    )
    sys.stdout.write(f"{made.seq}:{made.hash}\n")


@tracker_app.command()
def verify(
    anchor: Annotated[
        list[str] | None,
        typer.Option(help="SEQ:HASH noted from an earlier anchor or verify; repeatable."),
    ] = None,
    recorded: Annotated[
        bool, typer.Option(help="Also check every anchor in the anchors file.")
    ] = True,
    anchors_file: AnchorsFileOption = None,
    as_json: JsonOption = False,
) -> None:
    """Recompute the audit chain and compare every record with it, and the chain with the
    anchors; fails on tampering."""
    from southsouth.tracker.anchors import parse_anchor

    try:
        given = [parse_anchor(item, f"--anchor {item.strip()[:20]}…") for item in anchor or ()]
    except InputError as exc:
        raise typer.BadParameter(exc.message, param_hint="--anchor") from None
    with _tracker(anchors_path=anchors_file) as tracker:
        report = tracker.verify(_me(), anchors=given, recorded=recorded)
    if as_json:
        print_json(report.model_dump(mode="json"))
    elif report.findings:
        _rows(
            "Audit findings", ["where", "problem"], [(f.where, f.problem) for f in report.findings]
        )
    if not report.ok:
        first = report.findings[0]
        raise AuditBroken(
            f"{len(report.findings)} finding(s); first: {first.where}: {first.problem}",
            hint="restore the named records or entries from a backup; the log says who "
            "changed what through the tracker",
        )
    if not as_json:
        anchored = (
            f"; matches {report.anchors} anchor(s), up to entry {report.anchored_to}"
            if report.anchors
            else "; no anchors (a truncated or re-chained log is caught only against anchors: "
            "`southsouth tracker anchor`)"
        )
        stdout().print(
            f"ok: {report.entries} audit entries chain correctly and match all "
            f"{report.records} records; head {report.head_seq}:{report.head_hash}{anchored}"
        )


# --- tokens ---------------------------------------------------------------------------------


@token_app.command("create")
def token_create(
    role: Annotated[str, typer.Option(help="viewer, editor or admin.")],
    scope: Annotated[
        list[str] | None,
        typer.Option(help="Limit an editor to a bloc (AU) or forum:<id>; repeatable."),
    ] = None,
    name: Annotated[str, typer.Option(help="Who holds it.")] = "",
    as_json: JsonOption = False,
) -> None:
    """Create a token and print its secret ONCE."""
    with _tracker() as tracker:
        info, secret = tracker.create_token(_me(), role=role, scopes=_split(scope), name=name)
    if as_json:
        print_json({"token": info.model_dump(mode="json"), "secret": secret})
        return
    stderr().print(
        Text(
            f"token {info.id} ({info.role}{', ' + ', '.join(info.scopes) if info.scopes else ''})"
            " — copy the secret now, it is not shown again:",
            style="bold",
        )
    )
    sys.stdout.write(secret + "\n")


@token_app.command("list")
def token_list(export: ExportOption = None, as_json: JsonOption = False) -> None:
    """Every token (never the secrets)."""
    with _tracker() as tracker:
        tokens = tracker.list_tokens(_me())
    if export is not None:
        _export(export, [t.model_dump(mode="json") for t in tokens], "tokens", {})
        if not as_json:
            return
    if as_json:
        print_json([t.model_dump(mode="json") for t in tokens])
        return
    _rows(
        "API tokens",
        ["id", "name", "role", "scopes", "created", "revoked"],
        [
            (
                t.id,
                t.name,
                t.role,
                " ".join(t.scopes),
                t.created_at.isoformat(timespec="seconds"),
                t.revoked_at.isoformat(timespec="seconds") if t.revoked_at else "",
            )
            for t in tokens
        ],
    )


@token_app.command("revoke")
def token_revoke(token_id: Annotated[str, typer.Argument(help="The token's id.")]) -> None:
    """Revoke a token; it stops working at once."""
    with _tracker() as tracker:
        info = tracker.revoke_token(_me(), token_id)
    stdout().print(f"revoked {info.id}")


# --- records --------------------------------------------------------------------------------


@forum_app.command("add")
def forum_add(
    kind: Annotated[str, typer.Option(help="summit, cop, wha, bloc-meeting, ministerial, …")],
    name: Annotated[str, typer.Option(help="Name as the forum calls itself.")],
    start: Annotated[str, typer.Option(help="First day, YYYY-MM-DD.")],
    end: Annotated[str | None, typer.Option(help="Last day (default: the first).")] = None,
    bloc: Annotated[str | None, typer.Option(help="Convening registry bloc, e.g. AU.")] = None,
    place: Annotated[str | None, typer.Option(help="City, country.")] = None,
    url: Annotated[str | None, typer.Option(help="Official page.")] = None,
    record_id: Annotated[str | None, typer.Option("--id", help="Id (default generated).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Record a forum."""
    data = _given(
        id=record_id,
        kind=kind,
        name=name,
        bloc_id=bloc,
        start_date=start,
        end_date=end or start,
        place=place,
        url=url,
    )
    with _tracker() as tracker:
        record = tracker.create_record(_me(), "forum", data)
    _show(record, as_json, "forum")


@commitment_app.command("add")
def commitment_add(
    forum: Annotated[str, typer.Option(help="Id of the forum where it was made.")],
    text: Annotated[str, typer.Option(help="The commitment as worded.")],
    pillar: Annotated[str, typer.Option(help="science, technology, health, economy, …")],
    actor: Annotated[
        list[str], typer.Option(help="ISO3 or bloc:<id>; repeatable or comma-separated.")
    ],
    status: Annotated[str, typer.Option(help="draft or published.")] = "draft",
    deadline: Annotated[str | None, typer.Option(help="YYYY-MM-DD.")] = None,
    initiative: Annotated[str | None, typer.Option(help="Linked roadmap initiative id.")] = None,
    smart: Annotated[
        list[str] | None,
        typer.Option(
            help="SMART criteria the analyst judges met: achievable, relevant (specific, "
            "measurable, time_bound are derived from the fields unless given); repeatable "
            "or comma-separated."
        ),
    ] = None,
    catalyst: Annotated[
        list[str] | None, typer.Option(help="timeline, numerical_target, …; repeatable.")
    ] = None,
    kpi: Annotated[str | None, typer.Option(help="Indicator id measuring it.")] = None,
    baseline: Annotated[float | None, typer.Option(help="KPI baseline value.")] = None,
    baseline_year: Annotated[int | None, typer.Option(help="KPI baseline year.")] = None,
    target: Annotated[float | None, typer.Option(help="KPI target value.")] = None,
    target_year: Annotated[int | None, typer.Option(help="KPI target year.")] = None,
    direction: Annotated[str | None, typer.Option(help="higher or lower is better.")] = None,
    record_id: Annotated[str | None, typer.Option("--id", help="Id (default generated).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Record a commitment."""
    flags = _split(smart)
    data = _given(
        id=record_id,
        forum_id=forum,
        text=text,
        pillar=pillar,
        actors=_split(actor),
        status=status,
        deadline=deadline,
        initiative_id=initiative,
        smart=dict.fromkeys(flags, True) if flags else None,
        catalysts=_split(catalyst) or None,
    )
    if kpi is not None:
        data["kpi"] = _given(
            indicator=kpi,
            baseline=baseline,
            baseline_year=baseline_year,
            target=target,
            target_year=target_year,
            direction=direction,
        )
    elif any(v is not None for v in (baseline, baseline_year, target, target_year, direction)):
        raise typer.BadParameter("KPI values need --kpi (the indicator id)", param_hint="--kpi")
    with _tracker() as tracker:
        record = tracker.create_record(_me(), "commitment", data)
    _show(record, as_json, "commitment")


@tracker_app.command()
def assess(
    commitment: Annotated[str, typer.Argument(help="The commitment's id.")],
    actor: Annotated[str, typer.Argument(help="The actor assessed (ISO3 or bloc:<id>).")],
    score: Annotated[int, typer.Option(help="-1 no compliance, 0 partial, 1 full.")],
    grade: Annotated[str, typer.Option(help="A official, B third-party, C self-report.")],
    assessor: Annotated[str, typer.Option(help="Who assessed.")],
    period: Annotated[str, typer.Option(help="interim or final.")] = "final",
    evidence: Annotated[list[str] | None, typer.Option(help="URL; repeatable.")] = None,
    on: Annotated[str | None, typer.Option(help="Assessed on (default today).")] = None,
    rationale: Annotated[str | None, typer.Option(help="Why this score.")] = None,
    reply: Annotated[str | None, typer.Option(help="The actor's right of reply.")] = None,
    reply_date: Annotated[str | None, typer.Option(help="Date of the reply.")] = None,
    status: Annotated[str, typer.Option(help="draft or published.")] = "draft",
    record_id: Annotated[str | None, typer.Option("--id", help="Id (default generated).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Score an actor on a commitment for a period."""
    data = _given(
        id=record_id,
        commitment_id=commitment,
        actor=actor,
        period=period,
        score=score,
        grade=grade,
        evidence=list(evidence) if evidence else None,
        assessor=assessor,
        assessed_on=on,
        rationale=rationale,
        reply_text=reply,
        reply_date=reply_date,
        status=status,
    )
    with _tracker() as tracker:
        record = tracker.create_record(_me(), "assessment", data)
    _show(record, as_json, "assessment")


@tracker_app.command()
def publish(
    kind: Annotated[str, typer.Argument(help="commitment or assessment.")],
    record_ids: Annotated[list[str], typer.Argument(help="Ids of the records to publish.")],
    as_json: JsonOption = False,
) -> None:
    """Publish draft commitments or assessments (public, and counted in compliance)."""
    entity = _entity(kind)
    done = []
    with _tracker() as tracker:
        for record_id in record_ids:
            current = tracker.get_record(_me(), entity, record_id)
            done.append(tracker.publish(_me(), entity, record_id, expected_version=current.version))
    if as_json:
        print_json([record.model_dump(mode="json") for record in done])
        return
    for record in done:
        stdout().print(f"published {entity} {record.id} (version {record.version})")


@tracker_app.command("list")
def list_records(
    kind: Annotated[str, typer.Argument(help="forums, commitments or assessments.")],
    limit: Annotated[int, typer.Option(help="Records per page (1–500).")] = 50,
    offset: Annotated[int, typer.Option(help="Records to skip.")] = 0,
    export: ExportOption = None,
    as_json: JsonOption = False,
) -> None:
    """List records in id order."""
    entity = _entity(kind)
    with _tracker() as tracker:
        page = tracker.list_records(_me(), entity, limit=limit, offset=offset)
    if export is not None:
        items = [item.model_dump(mode="json") for item in page.items]
        _export(export, items, "list", {"kind": entity, "limit": limit, "offset": offset})
        if not as_json:
            return
    if as_json:
        print_json(page.model_dump(mode="json"))
        return
    columns = {
        "forum": ("id", "kind", "name", "bloc_id", "start_date", "place"),
        "commitment": ("id", "forum_id", "pillar", "status", "actors", "deadline", "text"),
        "assessment": ("id", "commitment_id", "actor", "period", "score", "grade", "status"),
    }[entity]
    items = [item.model_dump(mode="json") for item in page.items]
    _rows(
        f"{kind} {offset + 1}–{offset + len(items)} of {page.total}",
        columns,
        [[" ".join(v) if isinstance(v := item[c], list) else v for c in columns] for item in items],
    )


# --- bulk -----------------------------------------------------------------------------------


@tracker_app.command("import")
def import_file(
    path: Annotated[Path, typer.Argument(help="A .csv or .json file.")],
    kind: Annotated[str, typer.Option(help="commitment or assessment.")],
    fmt: Annotated[str | None, typer.Option("--format", help="csv or json.")] = None,
    partial: Annotated[
        bool, typer.Option("--partial", help="Import the valid rows even if others are not.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Import commitments or assessments in one transaction: all rows, or none if any is
    invalid (unless --partial)."""
    from southsouth.tracker.bulk import check_kind, format_of, namer, read_file

    check_kind(kind)
    chosen = format_of(path, fmt)
    rows = read_file(path, kind, chosen)
    with _tracker() as tracker:
        try:
            report = tracker.import_records(
                _me(), kind, rows, partial=partial, naming=namer(chosen)
            )
        except ImportRejected as exc:
            if as_json:
                print_json([{"row": r, "field": f, "message": m} for r, f, m in exc.problems])
            else:
                _rows("Rejected rows", ["row", "field", "message"], exc.problems)
            raise
    if as_json:
        print_json(report.model_dump(mode="json"))
        return
    if report.problems:
        _rows(
            "Rows not imported",
            ["row", "field", "message"],
            [(p.row, p.field, p.message) for p in report.problems],
        )
    stdout().print(
        f"imported {report.imported} of {report.total} {kind}s"
        + (f"; {report.rejected} row(s) rejected" if report.rejected else "")
    )


@tracker_app.command("export")
def export_file(
    kind: Annotated[str, typer.Option(help="commitment or assessment.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default stdout).")
    ] = None,
    fmt: Annotated[str | None, typer.Option("--format", help="csv or json.")] = None,
) -> None:
    """Export commitments or assessments in the shape `tracker import` reads."""
    from southsouth.tracker.bulk import check_kind, format_of, render, write_file

    check_kind(kind)
    chosen = format_of(output, fmt) if output is not None else (fmt or "json").lower()
    with _tracker() as tracker:
        records = tracker.export_records(_me(), kind)
    if output is None:
        sys.stdout.write(render(records, kind, chosen))
        return
    write_file(records, kind, output, chosen)
    stderr().print(f"wrote {len(records)} {kind}s to {output}")


# --- results --------------------------------------------------------------------------------


@tracker_app.command()
def compliance(
    by: Annotated[str, typer.Option(help="actor, commitment, forum or pillar.")] = "actor",
    period: Annotated[str, typer.Option(help="latest, interim or final.")] = "latest",
    forum: Annotated[str | None, typer.Option(help="Only this forum's commitments.")] = None,
    pillar: Annotated[str | None, typer.Option(help="Only this pillar.")] = None,
    drafts: Annotated[bool, typer.Option("--drafts", help="Count draft records too.")] = False,
    export: ExportOption = None,
    as_json: JsonOption = False,
) -> None:
    """Compliance % = (C + 1) / 2 × 100, with coverage."""
    if period not in ("latest", "interim", "final"):
        raise typer.BadParameter("use latest, interim or final", param_hint="--period")
    with _tracker() as tracker:
        report = tracker.compliance(
            _me(),
            by=by,  # type: ignore[arg-type]
            period=period,  # type: ignore[arg-type]
            forum_id=forum,
            pillar=pillar,
            include_drafts=drafts,
        )
    rows = [*report.rows, *([report.overall] if report.overall else [])]
    if export is not None:
        asked = {"by": by, "period": period, "forum": forum, "pillar": pillar, "drafts": drafts}
        # The rows the table shows: one per key, then the overall row (key "all").
        _export(
            export, [{"by": by, **r.model_dump(mode="json")} for r in rows], "compliance", asked
        )
        if not as_json:
            return
    if as_json:
        print_json(report.model_dump(mode="json"))
        return
    _rows(
        f"Compliance by {by} ({period}{', drafts included' if drafts else ', published'})",
        [by, "compliance %", "mean C", "n", "expected", "coverage", "+1", "0", "−1"],
        [
            (
                r.key,
                f"{r.compliance_pct:.1f}",
                f"{r.mean_score:+.3f}",
                r.n,
                r.expected,
                f"{r.coverage:.0%}",
                r.full,
                r.partial,
                r.none,
            )
            for r in rows
        ],
    )
    stdout().print(Text(report.method, style="dim"))


@tracker_app.command()
def progress(
    commitment: Annotated[str, typer.Argument(help="A KPI-linked commitment's id.")],
    export: ExportOption = None,
    as_json: JsonOption = False,
) -> None:
    """UNSD/ESCAP progress of each actor on the commitment's KPI, from the warehouse."""
    from southsouth.service.tracker_progress import framework_series, unsd_kpi_progress
    from southsouth.tracker.vocabulary import actor_bloc
    from southsouth.workspace import open_workspace

    with _tracker() as tracker:
        record = tracker.get_record(_me(), "commitment", commitment)
    if record.kpi is None:
        raise InputError(
            f"commitment {commitment} has no KPI link", hint="add one (kpi_indicator …)"
        )
    countries = [a for a in record.actors if actor_bloc(a) is None]
    with open_workspace(read_only=True) as ws:
        observations = ws.observations(
            framework_series(record.kpi.indicator), countries=countries or None
        )
        named = observations["source_id"].dropna().unique() if "source_id" in observations else []
        ages = source_ages(ws, named) if export is not None else []
    result = unsd_kpi_progress(record, observations)
    if export is not None:
        rows = [
            {"commitment_id": record.id, "indicator": result.indicator, **a.model_dump(mode="json")}
            for a in result.actors
        ]
        _export(export, rows, "progress", {"commitment": commitment}, ages)
        if not as_json:
            return
    if as_json:
        print_json(result.model_dump(mode="json"))
        return
    _rows(
        f"{record.id}: {result.indicator} ({result.direction} is better), target "
        f"{result.target} by {result.target_year}",
        ["actor", "status", "score", "base", "current", "note"],
        [
            (
                a.actor,
                a.status,
                None if a.score is None else f"{a.score:+.2f}",
                f"{a.base_value:.4g} ({a.base_year})" if a.base_year else "",
                f"{a.current_value:.4g} ({a.current_year})" if a.current_year else "",
                a.note,
            )
            for a in result.actors
        ],
    )
    mean = "n/a" if result.mean_score is None else f"{result.mean_score:+.2f}"
    stdout().print(f"overall: {result.status} (mean score {mean})")


@tracker_app.command()
def log(
    entity: Annotated[
        str | None, typer.Option(help="forum, commitment, assessment, token.")
    ] = None,
    record_id: Annotated[str | None, typer.Option("--id", help="One record's entries.")] = None,
    limit: Annotated[int, typer.Option(help="Entries to show.")] = 20,
    export: ExportOption = None,
    as_json: JsonOption = False,
) -> None:
    """The audit log, newest first."""
    with _tracker() as tracker:
        page = tracker.audit_entries(_me(), entity=entity, entity_id=record_id, limit=limit)
    if export is not None:
        asked = {"entity": entity, "id": record_id, "limit": limit}
        _export(export, [e.model_dump(mode="json") for e in page.items], "log", asked)
        if not as_json:
            return
    if as_json:
        print_json(page.model_dump(mode="json"))
        return
    _rows(
        f"Audit log ({page.total} entries)",
        ["seq", "at", "actor", "action", "entity", "id", "hash"],
        [(e.seq, e.at, e.actor, e.action, e.entity, e.entity_id, e.hash[:16]) for e in page.items],
    )
