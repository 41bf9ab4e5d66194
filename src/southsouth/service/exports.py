"""A read's rows as a spreadsheet: CSV or XLSX, each row with the sources of its values.

An :class:`ExportTable` holds the rows of a document's main list, the document's sources
block and what was asked (the read and its parameters). Every exported row gains four
columns naming where its values come from: ``source_ids`` (the datasets, ``; ``-separated),
``source_publisher``, ``source_licence`` and ``source_data_years`` (in the order of the
ids, ``—`` where one is not known). A row names its datasets in a column such as
``source_id`` or ``dataset`` (``"a + b"``, ``"a; b"`` and ``"a, b"`` name both); a row whose
naming column is empty has no sourced value and gets empty source columns; rows of a table
with no naming column at all (e.g. scores computed from many datasets) get every source of
the document.

The XLSX workbook has three sheets: ``data`` (the CSV's rows), ``sources`` (one row per
dataset: id, title, publisher, licence, vintage, data years, age, stale, retrieved, URL)
and ``about`` (read, parameters, southsouth version, as-of day, export time). Text cells
that a spreadsheet would run as formulas are quoted
(:func:`southsouth.spreadsheet_cells.neutralise_formula`).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from southsouth.errors import InputError
from southsouth.service.documents import source_ids
from southsouth.spreadsheet_cells import neutralise_formula

#: Row columns that name the dataset(s) behind a row's values, in order of preference.
SOURCE_KEYS = ("source_id", "dataset", "dataset_id", "source_ids", "sources")
#: The columns every exported row gains, after its own.
SOURCE_COLUMNS = ("source_ids", "source_publisher", "source_licence", "source_data_years")
#: The columns of the sources sheet (keys of a sources entry; ``url``: the publisher's page).
SOURCES_SHEET = (
    "source_id",
    "title",
    "publisher",
    "licence",
    "licence_url",
    "vintage",
    "data_years",
    "age_years",
    "stale",
    "retrieved",
    "url",
)
#: Export formats by file suffix, and their media types.
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
Format = Literal["csv", "xlsx"]
#: Characters an XLSX file cannot hold (control characters but tab, newline, return).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class ExportTable:
    """Rows to export, the sources behind them and what was asked."""

    rows: Sequence[Mapping[str, Any]]
    sources: Sequence[Mapping[str, Any]]
    read: str
    parameters: Mapping[str, Any] = field(default_factory=dict)
    #: The columns of the rows, in order (default: every key, in order of appearance).
    columns: Sequence[str] | None = None
    as_of: str | None = None

    def row_columns(self) -> list[str]:
        """The rows' own columns, then the source columns."""
        own = list(self.columns) if self.columns is not None else _keys(self.rows)
        return [c for c in own if c not in SOURCE_COLUMNS] + list(SOURCE_COLUMNS)

    def sourced_rows(self) -> Iterable[dict[str, Any]]:
        """Each row with its source columns filled from the sources block."""
        by_id = {str(s.get("source_id")): s for s in self.sources if s.get("source_id")}
        key = next((k for k in SOURCE_KEYS if any(k in row for row in self.rows)), None)
        everything = sorted(by_id)
        for row in self.rows:
            named = everything if key is None else _ids(row.get(key))
            # A row that is itself a dataset's record (the datasets read) describes itself.
            alone = row if len(named) == 1 else {"source_id": named[0]} if named else {}
            entries = [by_id.get(i, alone) for i in named]
            yield {
                **row,
                "source_ids": "; ".join(named),
                "source_publisher": _joined(e.get("publisher") for e in entries),
                "source_licence": _joined(e.get("licence") for e in entries),
                "source_data_years": _joined(e.get("data_years") for e in entries),
            }


def _keys(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    return list(dict.fromkeys(k for row in rows for k in row))


def _ids(value: object) -> list[str]:
    """Dataset ids named by a row's source value: text (``"a + b"``, ``"a; b"`` or
    ``"a, b"``: dataset ids hold no commas), or a list of such texts."""
    texts = value if isinstance(value, list | tuple) else [value]
    found = (i for v in texts for i in source_ids(v.replace(",", ";") if isinstance(v, str) else v))
    return list(dict.fromkeys(found))


def _joined(values: Iterable[object]) -> str:
    """Values in the order of the row's datasets, ``; ``-separated (``—`` where one is not
    known), so that the n-th publisher, licence and data years are the n-th dataset's."""
    return "; ".join("—" if v in (None, "") else str(v) for v in values)


def table_of(
    document: Mapping[str, Any],
    *,
    read: str,
    parameters: Mapping[str, Any] | None = None,
    items: str = "items",
    columns: Sequence[str] | None = None,
) -> ExportTable:
    """The export of a read's document: the rows under ``items`` (else its first list of
    rows, e.g. the components of a pair's relations) and its sources block; a listing of
    datasets with no sources block (the datasets read) is its own sources."""
    rows = document.get(items)
    if not isinstance(rows, list):
        rows = next((v for k, v in document.items() if k != "sources" and _rows(v)), [])
    listed = [r if isinstance(r, Mapping) else {"value": r} for r in rows]
    sources = [s for s in document.get("sources") or [] if isinstance(s, Mapping)]
    if not sources and listed and all("dataset_id" in r and "licence" in r for r in listed):
        sources = [{"source_id": r["dataset_id"], **r} for r in listed]
    return ExportTable(
        rows=listed,
        sources=sources,
        read=read,
        parameters=dict(parameters or {}),
        columns=columns,
        as_of=_as_of(document),
    )


def _rows(value: object) -> bool:
    """Whether ``value`` is a non-empty list of rows (objects)."""
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)


def _as_of(document: Mapping[str, Any]) -> str | None:
    """The day the document counts data ages to (its own, else its sources')."""
    found = document.get("as_of") or next(
        (s.get("as_of") for s in document.get("sources") or [] if isinstance(s, Mapping)), None
    )
    return None if found is None else str(found)


def _text(value: Any) -> str:
    """A non-number cell as text (lists and objects as JSON), never a formula."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return neutralise_formula(text)


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    return _text(value)


def csv_bytes(table: ExportTable) -> bytes:
    """The rows with their source columns as UTF-8 CSV (header first)."""
    columns = table.row_columns()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([neutralise_formula(c) for c in columns])
    for row in table.sourced_rows():
        writer.writerow([_csv_cell(row.get(c)) for c in columns])
    return buffer.getvalue().encode("utf-8")


def _xlsx_cell(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    return _ILLEGAL.sub("", _text(value))


def xlsx_bytes(table: ExportTable, *, now: datetime | None = None) -> bytes:
    """The workbook of ``table``: sheets ``data``, ``sources`` and ``about``."""
    from openpyxl import Workbook

    from southsouth.version import __version__

    book = Workbook(write_only=True)
    data = book.create_sheet("data")
    columns = table.row_columns()
    data.append([_xlsx_cell(c) for c in columns])
    for row in table.sourced_rows():
        data.append([_xlsx_cell(row.get(c)) for c in columns])
    sources = book.create_sheet("sources")
    sources.append(list(SOURCES_SHEET))
    for entry in table.sources:
        filled = {**entry, "url": entry.get("url") or homepage(str(entry.get("source_id")))}
        sources.append([_xlsx_cell(filled.get(c)) for c in SOURCES_SHEET])
    about = book.create_sheet("about")
    about.append(["field", "value"])
    for name, value in (
        ("read", table.read),
        ("parameters", json.dumps(dict(table.parameters), ensure_ascii=False, default=str)),
        ("southsouth", __version__),
        ("as_of", table.as_of or _as_of({"sources": list(table.sources)})),
        ("exported", (now or datetime.now(UTC)).isoformat(timespec="seconds")),
        ("rows", len(table.rows)),
        ("sources", len(table.sources)),
    ):
        about.append([name, _xlsx_cell(value)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def homepage(dataset_id: str) -> str | None:
    """The publisher's page of a catalogue dataset, or None."""
    from southsouth.errors import UnknownDataset
    from southsouth.sources import get_dataset

    try:
        return get_dataset(dataset_id).homepage or None
    except UnknownDataset:
        return None


def export_bytes(table: ExportTable, fmt: Format) -> bytes:
    """``table`` as ``fmt`` (``csv`` or ``xlsx``)."""
    return xlsx_bytes(table) if fmt == "xlsx" else csv_bytes(table)


def export_format(path: Path) -> Format:
    """The export format a file's suffix asks for; InputError for any other suffix."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix == "csv":
        return "csv"
    if suffix == "xlsx":
        return "xlsx"
    raise InputError(
        f"cannot export to {path.name!r}: the file must end in .csv or .xlsx",
        hint="e.g. --export profile.xlsx (a workbook with a sources sheet) or --export rows.csv",
    )


def write_export(path: Path, table: ExportTable, fmt: Format | None = None) -> int:
    """Write ``table`` to ``path`` atomically as ``fmt`` (default: as its suffix says);
    returns the bytes written."""
    from southsouth.atomic import atomic_writer

    body = export_bytes(table, fmt or export_format(path))
    with atomic_writer(path) as handle:
        handle.write(body)
    return len(body)
