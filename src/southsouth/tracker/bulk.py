"""Bulk files of commitments and assessments: CSV and JSON, read for import, written by export.

:func:`import_records` writes the rows of a file in one transaction, after checking each
one as a single create would be checked; :func:`export_records` gives the records in the
shape imports accept.

JSON
    An array of objects shaped like the API's create bodies (``CommitmentIn``,
    ``AssessmentIn``): nested ``smart`` and ``kpi`` objects, lists as arrays. Problems name
    fields by path (``kpi.target_year``, ``actors.2``).

CSV (UTF-8, a header row, one record per row; an empty cell means "not given")
    commitments: ``id, forum_id, text, pillar, actors, status, deadline, initiative_id,
    smart_specific … smart_time_bound, catalysts, kpi_indicator, kpi_baseline,
    kpi_baseline_year, kpi_target, kpi_target_year, kpi_direction``;
    assessments: ``id, commitment_id, actor, period, score, grade, evidence, assessor,
    assessed_on, rationale, reply_text, reply_date, status``.
    ``actors`` and ``catalysts`` are separated by ``;``, ``,`` or spaces, ``evidence`` URLs by
    spaces; flags are ``true``/``false`` (also yes/no, 1/0); integers and numbers are plain
    decimals. Problems name the CSV column (``kpi_target_year``).

Rows are numbered from 1, the header excluded (the n-th record of a JSON array is row n).

Formulas (CSV)
    Exported text cells that a spreadsheet would run as a formula (starting with ``=``,
    ``+``, ``-``, ``@``, tab or carriage return) get a leading ``'``
    (:func:`southsouth.spreadsheet_cells.neutralise_formula`); numbers stay numbers. On
    import, that one quote is removed again (``'=x`` → ``=x``; a quote before anything
    else is kept), so an export reads back to the same text. A text cell whose leading tab
    or carriage return hides a formula (``\t=1+1``) is refused rather than stripped into
    one.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import select

from southsouth.atomic import atomic_write_text
from southsouth.errors import (
    ImportRejected,
    InputError,
    InvalidRecord,
    PermissionDenied,
    RecordConflict,
)
from southsouth.spreadsheet_cells import FORMULA_TRIGGERS, neutralise_formula, restore_formula_text
from southsouth.tracker.access import Membership, Principal, Writing, require
from southsouth.tracker.crud import (
    MAX_PAGE,
    checked,
    insert_records,
    known,
    list_records,
    new_record_id,
)
from southsouth.tracker.database import Database
from southsouth.tracker.records import INPUT_MODELS, field_path, validation_problems
from southsouth.tracker.rows import TABLE, input_of, states
from southsouth.tracker.transaction import Tx

FORMATS = ("csv", "json")
KINDS = ("commitment", "assessment")

SMART = ("specific", "measurable", "achievable", "relevant", "time_bound")
KPI = ("indicator", "baseline", "baseline_year", "target", "target_year", "direction")

COLUMNS: dict[str, tuple[str, ...]] = {
    "commitment": (
        "id",
        "forum_id",
        "text",
        "pillar",
        "actors",
        "status",
        "deadline",
        "initiative_id",
        *(f"smart_{name}" for name in SMART),
        "catalysts",
        *(f"kpi_{name}" for name in KPI),
    ),
    "assessment": (
        "id",
        "commitment_id",
        "actor",
        "period",
        "score",
        "grade",
        "evidence",
        "assessor",
        "assessed_on",
        "rationale",
        "reply_text",
        "reply_date",
        "status",
    ),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "commitment": ("forum_id", "text", "pillar", "actors"),
    "assessment": ("commitment_id", "actor", "period", "score", "grade", "assessor"),
}
INTEGERS = frozenset({"score", "kpi_baseline_year", "kpi_target_year"})
NUMBERS = frozenset({"kpi_baseline", "kpi_target"})
LISTS = {"actors": r"[;,\s]+", "catalysts": r"[;,\s]+", "evidence": r"\s+"}
TRUE = frozenset({"true", "yes", "y", "1"})
FALSE = frozenset({"false", "no", "n", "0"})


@dataclass
class SourceRow:
    """One record of an import file: its number, its values, problems found while reading."""

    number: int
    data: dict[str, Any]
    problems: list[tuple[str, str]] = field(default_factory=list)


class RowProblem(BaseModel):
    """One problem of one row of a bulk import (rows count from 1, the header excluded)."""

    row: int
    field: str
    message: str


class ImportReport(BaseModel):
    """What a bulk import did."""

    entity: str
    total: int
    imported: int
    rejected: int
    ids: list[str]
    problems: list[RowProblem]


def format_of(path: Path, given: str | None = None) -> str:
    """``csv`` or ``json``: ``given``, else from the file's suffix."""
    chosen = (given or path.suffix.removeprefix(".")).lower()
    if chosen not in FORMATS:
        raise InputError(
            f"cannot tell the format of {path.name}",
            hint="name the file .csv or .json, or pass --format csv|json",
        )
    return chosen


def check_kind(kind: str) -> str:
    """``kind`` if records of it can be imported and exported."""
    if kind not in KINDS:
        raise InputError(
            f"cannot import or export {kind!r} records", hint="use commitment or assessment"
        )
    return kind


# --- reading --------------------------------------------------------------------------------


def read_file(path: Path, kind: str, fmt: str | None = None) -> list[SourceRow]:
    """The records of a CSV or JSON file, each with the problems found while reading it."""
    check_kind(kind)
    chosen = format_of(path, fmt)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"no file {path}", hint="check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}", hint="save the file as UTF-8") from None
    return parse_csv(text, kind) if chosen == "csv" else parse_json(text)


def namer(fmt: str) -> Callable[[Sequence[str | int]], str]:
    """How problems name a field in files of ``fmt``: a CSV column or a JSON path."""
    return csv_column if fmt == "csv" else field_path


def csv_column(loc: Sequence[str | int]) -> str:
    """The CSV column of a field path: ``kpi.target_year`` → ``kpi_target_year``."""
    if not loc:
        return "(record)"
    head = str(loc[0])
    if head in ("kpi", "smart") and len(loc) > 1 and isinstance(loc[1], str):
        return f"{head}_{loc[1]}"
    if head in LISTS and len(loc) > 1 and isinstance(loc[1], int):
        return f"{head} (item {loc[1] + 1})"
    return head


def parse_json(text: str) -> list[SourceRow]:
    """Rows of a JSON array of objects."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
            hint="the file must be a JSON array of objects",
        ) from None
    if not isinstance(data, list):
        raise InputError(
            "the JSON file is not an array", hint="give an array of objects: [{...}, {...}]"
        )
    rows = []
    for number, item in enumerate(data, start=1):
        if isinstance(item, dict):
            rows.append(SourceRow(number, item))
        else:
            rows.append(SourceRow(number, {}, [("(record)", "must be a JSON object")]))
    return rows


def parse_csv(text: str, kind: str) -> list[SourceRow]:
    """Rows of a CSV file with a header (see the module docstring for the columns)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("the CSV file is empty", hint="the first row names the columns") from None
    except csv.Error as exc:
        raise InputError(f"cannot read the CSV header: {exc}", hint="check the quoting") from None
    header = [h.strip() for h in header]
    _check_header(header, kind)
    rows = []
    number = 0
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            number += 1
            rows.append(_csv_row(number, header, cells, kind))
    except csv.Error as exc:
        raise InputError(
            f"cannot read the CSV file after row {number}: {exc}", hint="check the quoting"
        ) from None
    return rows


def _check_header(header: Sequence[str], kind: str) -> None:
    known = COLUMNS[kind]
    twice = sorted({h for h in header if header.count(h) > 1})
    unknown = [h for h in header if h not in known]
    missing = [c for c in REQUIRED[kind] if c not in header]
    problems = []
    if twice:
        problems.append(f"columns named twice: {', '.join(twice)}")
    if unknown:
        problems.append(f"unknown columns: {', '.join(unknown)}")
    if missing:
        problems.append(f"missing columns: {', '.join(missing)}")
    if problems:
        raise InputError(
            f"the CSV header does not fit {kind}s ({'; '.join(problems)})",
            hint=f"{kind} columns are: {', '.join(known)}",
        )


def _csv_row(number: int, header: Sequence[str], cells: Sequence[str], kind: str) -> SourceRow:
    row = SourceRow(number, {})
    if len(cells) > len(header):
        row.problems.append(("(record)", f"{len(cells)} cells but {len(header)} columns"))
        return row
    smart: dict[str, bool] = {}
    kpi: dict[str, Any] = {}
    for column, cell in zip(header, cells, strict=False):
        text = cell.strip()
        if not text:
            continue
        numeric = column in INTEGERS or column in NUMBERS
        if (
            not numeric
            and cell.lstrip(" ")[:1] in ("\t", "\r")
            and text.startswith(FORMULA_TRIGGERS)
        ):
            row.problems.append(
                (
                    column,
                    "a tab or carriage return before =, +, - or @ would make it a spreadsheet "
                    "formula; remove the leading whitespace or start the cell with '",
                )
            )
            continue
        try:
            value = _cell(column, restore_formula_text(text))
        except ValueError as exc:
            row.problems.append((column, str(exc)))
            continue
        if column.startswith("smart_"):
            smart[column.removeprefix("smart_")] = value
        elif column.startswith("kpi_"):
            kpi[column.removeprefix("kpi_")] = value
        else:
            row.data[column] = value
    if smart:
        row.data["smart"] = smart
    if kpi:
        row.data["kpi"] = kpi
    return row


def _cell(column: str, text: str) -> Any:
    if column in LISTS:
        return [part for part in re.split(LISTS[column], text) if part]
    if column.startswith("smart_"):
        if text.lower() in TRUE:
            return True
        if text.lower() in FALSE:
            return False
        raise ValueError(f"{text!r} is not true or false")
    if column in INTEGERS:
        if not re.fullmatch(r"[+-]?\d{1,9}", text):
            raise ValueError(f"{text!r} is not a whole number")
        return int(text)
    if column in NUMBERS:
        try:
            return float(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a number") from None
    return text


# --- importing ------------------------------------------------------------------------------


def import_records(
    writing: Writing,
    membership: Membership | None,
    who: Principal,
    entity: str,
    rows: Sequence[SourceRow],
    *,
    partial: bool = False,
    naming: Callable[[Sequence[str | int]], str] = field_path,
) -> ImportReport:
    """Create many commitments or assessments in ONE transaction.

    Every row is validated first (fields, references, scope, duplicates within the file
    and against the database). With any problem nothing is written
    (:class:`~southsouth.errors.ImportRejected`) unless ``partial``, which writes the
    valid rows and reports the others.
    """
    if entity not in ("commitment", "assessment"):
        raise InputError(f"cannot import {entity}s", hint="import commitments or assessments")
    require(who, "editor", f"importing {entity}s")
    problems: list[RowProblem] = []
    with writing(who) as tx:
        accepted = _validate_rows(tx, who, membership, entity, rows, problems, naming)
        if problems and not partial:
            raise ImportRejected([(p.row, p.field, p.message) for p in problems], total=len(rows))
        for start in range(0, len(accepted), 1000):
            insert_records(tx, entity, accepted[start : start + 1000])
        ids = [record_id for record_id, _ in accepted]
        table = TABLE[entity]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            found = tx.conn.execute(select(table).where(table.c.id.in_(chunk))).mappings()
            by_id = {s["id"]: s for s in states(tx.conn, entity, found.all())}
            for record_id in chunk:
                tx.change("create", entity, record_id, None, by_id[record_id])
    return ImportReport(
        entity=entity,
        total=len(rows),
        imported=len(ids),
        rejected=len({p.row for p in problems}),
        ids=ids,
        problems=problems,
    )


def _validate_rows(
    tx: Tx,
    who: Principal,
    membership: Membership | None,
    entity: str,
    rows: Sequence[SourceRow],
    problems: list[RowProblem],
    naming: Callable[[Sequence[str | int]], str],
) -> list[tuple[str, Any]]:
    accepted: list[tuple[str, Any]] = []
    seen_ids: dict[str, int] = {}
    seen_keys: dict[tuple[str, str, str], int] = {}
    for row in rows:
        found = [RowProblem(row=row.number, field=f, message=m) for f, m in row.problems]
        model = None
        unreadable = {f for f, _ in row.problems}
        if "(record)" not in unreadable:  # else nothing of the row could be read
            try:
                model = INPUT_MODELS[entity].model_validate(row.data)
            except ValidationError as exc:
                # a cell that could not be read is reported once, not again as missing
                found += [
                    RowProblem(row=row.number, field=f, message=m)
                    for f, m in validation_problems(exc, naming)
                    if not _follows_from(f, unreadable)
                ]
        if found:
            model = None
        if model is not None:
            record_id = model.id or new_record_id(tx, entity, model, taken=lambda i: i in seen_ids)
            if record_id in seen_ids:
                found.append(
                    RowProblem(
                        row=row.number, field="id", message=f"also row {seen_ids[record_id]}"
                    )
                )
            elif tx.state(entity, record_id) is not None:
                found.append(RowProblem(row=row.number, field="id", message="already exists"))
            if entity == "assessment":
                key = (model.commitment_id, model.actor, model.period)
                if key in seen_keys:
                    found.append(
                        RowProblem(
                            row=row.number,
                            field="period",
                            message=f"{model.actor} {model.period} assessment of "
                            f"{model.commitment_id} is also in row {seen_keys[key]}",
                        )
                    )
                seen_keys.setdefault(key, row.number)
            seen_ids.setdefault(record_id, row.number)
            if not found:
                try:
                    model = checked(tx, who, membership, entity, model, record_id)
                except InvalidRecord as exc:
                    found += [
                        RowProblem(row=row.number, field=naming(f.split(".")), message=m)
                        for f, m in exc.problems
                    ]
                except (PermissionDenied, RecordConflict) as exc:
                    found.append(RowProblem(row=row.number, field="(record)", message=exc.message))
            if not found:
                accepted.append((record_id, model))
        problems.extend(found)
    return accepted


def _follows_from(field: str, unreadable: set[str]) -> bool:
    """Whether a validation problem of ``field`` is a consequence of an unreadable cell
    (the cell itself, or the object it belongs to: ``kpi`` for ``kpi_target_year``)."""
    return any(u == field or u.startswith((f"{field}_", f"{field}.")) for u in unreadable)


# --- writing --------------------------------------------------------------------------------


def export_records(db: Database, who: Principal, entity: str) -> list[dict[str, Any]]:
    """Every record of ``entity`` the caller may see, in the shape imports accept."""
    known(entity)
    out: list[dict[str, Any]] = []
    offset = 0
    while True:
        page = list_records(db, who, entity, limit=MAX_PAGE, offset=offset)
        out += [input_of(entity, item.model_dump(mode="json")) for item in page.items]
        offset += MAX_PAGE
        if offset >= page.total:
            return [
                {k: v for k, v in record.items() if k not in ("smartness", "trackable")}
                for record in out
            ]


def write_file(records: Sequence[Mapping[str, Any]], kind: str, path: Path, fmt: str) -> None:
    """Write exported ``records`` of ``kind`` to ``path`` atomically."""
    atomic_write_text(path, render(records, kind, fmt))


def render(records: Sequence[Mapping[str, Any]], kind: str, fmt: str) -> str:
    """Exported ``records`` of ``kind`` as CSV or JSON text that :func:`read_file` reads back."""
    check_kind(kind)
    if fmt == "json":
        return json.dumps(list(records), ensure_ascii=False, indent=2) + "\n"
    if fmt != "csv":
        raise InputError(f"unknown format {fmt!r}", hint="use csv or json")
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS[kind])
    writer.writerows(_flat(record, kind) for record in records)
    return out.getvalue()


def _flat(record: Mapping[str, Any], kind: str) -> list[str]:
    values: dict[str, Any] = dict(record)
    for name, flag in (values.pop("smart", None) or {}).items():
        values[f"smart_{name}"] = flag
    for name, value in (values.pop("kpi", None) or {}).items():
        values[f"kpi_{name}"] = value
    return [_cell_text(values.get(column)) for column in COLUMNS[kind]]


def _cell_text(value: Any) -> str:
    """A value as a CSV cell: text that could run as a formula quoted, numbers as numbers."""
    text = _text(value)
    return text if isinstance(value, int | float) else neutralise_formula(text)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def problems_table(problems: Iterable[Any]) -> list[dict[str, Any]]:
    """Row problems as plain dicts (row, field, message) for printing."""
    return [{"row": p.row, "field": p.field, "message": p.message} for p in problems]
