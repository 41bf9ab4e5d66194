"""Frictionless Data Packages of the warehouse's tables or of a read's answer.

A package is a directory: ``datapackage.json`` (resources with their Table Schema, sources
and licences) and one CSV per table. It is built in a temporary directory beside the
target, validated with the ``frictionless`` library, and only then renamed into place; a
package that does not validate is deleted and reported, so the target holds a whole,
valid package or what it held before.

Warehouse tables take their fields from the table contracts (type, description, unit,
required, primary key: ``source_id`` and the key each dataset holds) and their provenance
from ``dataset_status`` and ``dataset_origin``: the datasets whose rows a table holds,
each as a source with its licence; a table holding rows of several datasets says so in
its description (its ``source_id`` column names each row's dataset). A read's package
holds the rows of its main list with the source columns of
:mod:`southsouth.service.exports`, and its sources block as a second resource.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from southsouth.errors import DataError, InputError, close_matches
from southsouth.service.exports import SOURCES_SHEET, ExportTable, homepage, table_of

if TYPE_CHECKING:
    from southsouth.warehouse.store import Warehouse

#: DuckDB column types → Table Schema field types.
FIELD_TYPES = {
    "VARCHAR": "string",
    "INTEGER": "integer",
    "BIGINT": "integer",
    "DOUBLE": "number",
    "BOOLEAN": "boolean",
    "DATE": "date",
}
#: Validation errors quoted in a refusal.
SHOWN_ERRORS = 5


@dataclass(frozen=True)
class PackageResult:
    """What a written package holds: its directory and each resource's rows."""

    path: Path
    rows: Mapping[str, int]


def _name(text: str) -> str:
    """A Data Package name: lower case letters, digits and ``-._``."""
    return re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-") or "table"


def check_target(target: Path, *, force: bool) -> None:
    """Refuse a target that is a file, or a non-empty directory without ``force``."""
    if target.exists() and not target.is_dir():
        raise InputError(f"{target} is a file, not a directory", hint="name a directory")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise InputError(
            f"{target} is not empty",
            hint="name a new or empty directory, or add --force to replace its contents",
        )


def chosen_tables(names: Iterable[str] | None) -> list[str]:
    """The contract tables named (all of them when ``names`` is None or empty); InputError
    names any unknown table and the closest known ones."""
    from southsouth.warehouse.contracts import CONTRACTS

    wanted = [n.strip() for n in names or () if n.strip()]
    unknown = [n for n in wanted if n not in CONTRACTS]
    if unknown:
        near = close_matches(unknown[0], CONTRACTS)
        raise InputError(
            f"no warehouse table named {unknown[0]!r}",
            hint=f"did you mean {', '.join(near)}?"
            if near
            else f"tables: {', '.join(sorted(CONTRACTS))}",
        )
    return list(dict.fromkeys(wanted)) or list(CONTRACTS)


def _licence(entry: Mapping[str, Any]) -> dict[str, str] | None:
    """A Data Package licence of a dataset: its title, and its URL (else an id made from
    the title)."""
    title = entry.get("licence")
    if not title:
        return None
    url = entry.get("licence_url")
    return (
        {"title": str(title), "path": str(url)}
        if url
        else {"name": _name(str(title)), "title": str(title)}
    )


def _source(entry: Mapping[str, Any]) -> dict[str, str]:
    """A Data Package source of a dataset: title, publisher's page, dataset id, citation."""
    source = {
        "title": f"{entry.get('title') or entry['source_id']} ({entry['source_id']})",
        "southsouth:dataset": str(entry["source_id"]),
    }
    fetched = str(entry.get("url") or "")
    url = homepage(str(entry["source_id"])) or (fetched if fetched.startswith("http") else None)
    if url:
        source["path"] = str(url)
    if entry.get("citation"):
        source["southsouth:citation"] = str(entry["citation"])
    if entry.get("vintage"):
        source["southsouth:vintage"] = str(entry["vintage"])
    return source


def _unique(items: Iterable[dict[str, str]]) -> list[dict[str, str]]:
    return list({json.dumps(i, sort_keys=True): i for i in items}.values())


def _warehouse_provenance(warehouse: Warehouse) -> dict[str, dict[str, Any]]:
    """Each loaded dataset's status row, with the first URL it was fetched from."""
    status = warehouse.query(
        "SELECT s.dataset_id AS source_id, s.title, s.publisher, s.licence, s.licence_url, "
        "s.citation, s.vintage, o.url FROM dataset_status s LEFT JOIN (SELECT dataset_id, "
        "min(url) AS url FROM dataset_origin GROUP BY dataset_id) o "
        "ON o.dataset_id = s.dataset_id"
    )
    found: dict[str, dict[str, Any]] = {}
    for row in status.to_dict("records"):
        found[str(row["source_id"])] = {k: (None if v != v else v) for k, v in row.items()}
    return found


def _table_datasets(warehouse: Warehouse, table: str) -> list[str]:
    """The datasets whose rows ``table`` holds."""
    from southsouth.warehouse.contracts import CONTRACTS

    if "source_id" not in CONTRACTS[table].column_names:
        return []
    frame = warehouse.query(f"SELECT DISTINCT source_id FROM {table} ORDER BY source_id")
    return [str(v) for v in frame["source_id"]]


def primary_key(key: Sequence[str], columns: Sequence[str]) -> list[str]:
    """A table's key in the whole warehouse: the contract holds it within one dataset's
    rows, so ``source_id`` leads it where the table has one."""
    lead = ["source_id"] if "source_id" in columns and "source_id" not in key else []
    return [*lead, *key]


def _contract_resource(
    table: str, datasets: Sequence[str], provenance: Mapping[str, Mapping[str, Any]]
) -> dict[str, Any]:
    from southsouth.warehouse.contracts import CONTRACTS

    contract = CONTRACTS[table]
    fields = []
    for column in contract.columns:
        described = column.description + (f" (unit: {column.unit})" if column.unit else "")
        entry: dict[str, Any] = {
            "name": column.name,
            "type": FIELD_TYPES.get(column.type.upper(), "string"),
        }
        if described:
            entry["description"] = described
        if column.unit:
            entry["southsouth:unit"] = column.unit
        if not column.nullable:
            entry["constraints"] = {"required": True}
        fields.append(entry)
    entries = [provenance.get(d, {"source_id": d}) for d in datasets]
    description = contract.description
    if len(datasets) > 1:
        description += (
            f" Rows of {len(datasets)} datasets ({', '.join(datasets)}): the source_id column "
            "names the dataset of each row, and its licence applies to that row."
        )
    schema: dict[str, Any] = {"fields": fields}
    if contract.key:
        schema["primaryKey"] = primary_key(contract.key, contract.column_names)
    resource: dict[str, Any] = {
        "name": _name(table),
        "type": "table",
        "path": f"{table}.csv",
        "scheme": "file",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": description,
        "schema": schema,
    }
    sources = _unique(_source(e) for e in entries)
    licences = _unique(filter(None, (_licence(e) for e in entries)))
    if sources:
        resource["sources"] = sources
    if licences:
        resource["licenses"] = licences
    return resource


def warehouse_package(
    warehouse: Warehouse, target: Path, *, tables: Iterable[str] | None = None, force: bool = False
) -> PackageResult:
    """Write the warehouse's ``tables`` (default: every contract table) as a validated Data
    Package in ``target``."""
    names = chosen_tables(tables)
    check_target(target, force=force)
    provenance = _warehouse_provenance(warehouse)

    def build(folder: Path) -> tuple[dict[str, Any], dict[str, int]]:
        resources, rows = [], {}
        for table in names:
            rows[table] = warehouse.export_csv(table, folder / f"{table}.csv")
            resources.append(
                _contract_resource(table, _table_datasets(warehouse, table), provenance)
            )
        descriptor = _package(
            "southsouth-warehouse",
            "southsouth warehouse: tidy tables of the loaded datasets",
            resources,
        )
        return descriptor, rows

    return _write(target, build, force=force)


def read_package(
    document: Mapping[str, Any],
    target: Path,
    *,
    read: str,
    parameters: Mapping[str, Any],
    items: str = "items",
    force: bool = False,
) -> PackageResult:
    """Write a read's answer (its main list with source columns, and its sources block) as
    a validated Data Package in ``target``."""
    check_target(target, force=force)
    table = table_of(document, read=read, parameters=parameters, items=items)
    sources = [dict(s) for s in table.sources]

    def build(folder: Path) -> tuple[dict[str, Any], dict[str, int]]:
        name = _name(read)
        rows = _write_rows(folder / f"{name}.csv", table)
        listed = [{**s, "url": s.get("url") or homepage(str(s.get("source_id")))} for s in sources]
        _write_plain(folder / "sources.csv", SOURCES_SHEET, listed)
        resources = [
            _inferred_resource(
                name,
                table.row_columns(),
                list(table.sourced_rows()),
                f"The rows of `southsouth {read}` for {json.dumps(dict(parameters), default=str)}, "
                "each with the datasets, publishers, licences and data years of its values.",
            ),
            _inferred_resource(
                "sources",
                list(SOURCES_SHEET),
                listed,
                "The datasets behind the rows: publisher, licence, vintage, data years, age.",
            ),
        ]
        resources[0]["sources"] = _unique(_source(s) for s in sources if s.get("source_id"))
        licences = _unique(filter(None, (_licence(s) for s in sources)))
        if licences:
            resources[0]["licenses"] = licences
        notes = [str(n) for n in document.get("notes") or []]
        descriptor = _package(f"southsouth-{name}", f"southsouth {read}", resources)
        descriptor["southsouth:parameters"] = json.loads(json.dumps(dict(parameters), default=str))
        if notes:
            descriptor["description"] = " ".join(notes)
        return descriptor, {name: rows, "sources": len(listed)}

    return _write(target, build, force=force)


def _package(name: str, title: str, resources: list[dict[str, Any]]) -> dict[str, Any]:
    from southsouth.version import __version__

    descriptor: dict[str, Any] = {
        "name": name,
        "title": title,
        "created": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "southsouth:version": __version__,
        "resources": resources,
    }
    sources = _unique(s for r in resources for s in r.get("sources", []))
    licences = _unique(li for r in resources for li in r.get("licenses", []))
    if sources:
        descriptor["sources"] = sources
    if licences:
        descriptor["licenses"] = licences
    return descriptor


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def _write_plain(path: Path, columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
            count += 1
    return count


def _write_rows(path: Path, table: ExportTable) -> int:
    return _write_plain(path, table.row_columns(), table.sourced_rows())


def _field_type(values: Iterable[Any]) -> str:
    """The Table Schema type of a column's values (empty columns are strings)."""
    kinds = {type(v) for v in values if v is not None}
    if not kinds:
        return "string"
    if kinds == {bool}:
        return "boolean"
    if kinds == {int}:
        return "integer"
    if kinds <= {int, float}:
        return "number"
    return "string"


def _inferred_resource(
    name: str, columns: Sequence[str], rows: Sequence[Mapping[str, Any]], description: str
) -> dict[str, Any]:
    fields = [{"name": c, "type": _field_type(r.get(c) for r in rows)} for c in columns]
    return {
        "name": _name(name),
        "type": "table",
        "path": f"{name}.csv",
        "scheme": "file",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": description,
        "schema": {"fields": fields},
    }


def validation_errors(descriptor: Path) -> list[str]:
    """The problems ``frictionless`` finds in the package at ``descriptor`` (none: valid)."""
    import warnings

    with warnings.catch_warnings():
        # frictionless imports modules that warn about their own dependencies
        warnings.simplefilter("ignore", DeprecationWarning)
        from frictionless import validate

        report = validate(str(descriptor))
    if report.valid:
        return []
    found = []
    for task in report.tasks:
        for error in task.errors:
            where = f"{task.name}: " if task.name else ""
            found.append(f"{where}{error.type}: {error.message}")
    for error in report.errors:
        found.append(f"{error.type}: {error.message}")
    return found


#: Writes a package's files into a directory; returns its descriptor and rows per table.
Builder = Callable[[Path], tuple[dict[str, Any], dict[str, int]]]


def _write(target: Path, build: Builder, *, force: bool) -> PackageResult:
    """Build a package in a temporary directory beside ``target``, validate it, and rename
    it into place (the previous contents of ``target`` are removed only then)."""
    target = target.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".new"))
    try:
        descriptor, rows = build(folder)
        path = folder / "datapackage.json"
        path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", "utf-8")
        errors = validation_errors(path)
        if errors:
            shown = "; ".join(errors[:SHOWN_ERRORS])
            more = f" (and {len(errors) - SHOWN_ERRORS} more)" if len(errors) > SHOWN_ERRORS else ""
            raise DataError(
                f"the package does not validate: {shown}{more}",
                hint="nothing was written; this is a bug in southsouth, please report it",
            )
        os.chmod(folder, 0o755)
        _swap(folder, target, force=force)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return PackageResult(target, rows)


def _swap(folder: Path, target: Path, *, force: bool) -> None:
    """Rename ``folder`` to ``target``; an existing ``target`` is moved aside first and
    removed after (an empty one always, a non-empty one only with ``force``)."""
    check_target(target, force=force)
    if not target.exists():
        os.replace(folder, target)
        return
    old = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".old"))
    os.rmdir(old)
    os.replace(target, old)
    try:
        os.replace(folder, target)
    except BaseException:
        os.replace(old, target)
        raise
    with contextlib.suppress(OSError):
        shutil.rmtree(old)
