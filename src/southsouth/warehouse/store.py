"""The DuckDB warehouse: the only module that opens DuckDB connections.

A dataset is loaded in one transaction that deletes its previous rows (by ``source_id``)
and inserts the new ones, so a crash at any point leaves either the old load or the new.

A sync never writes the warehouse file in place: it writes a copy and renames it onto the
file (see :mod:`southsouth.warehouse.swap`). DuckDB keeps one database per file path and
process, so a connection opened after such a swap would be handed the old file while
another connection of the process still has it open; a read-only connection then opens
the new file through a database of its own instead (through a hard link, see
:meth:`Warehouse._connect_own_database`).
"""

from __future__ import annotations

import itertools
import json
import os
import threading
import weakref
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from southsouth.errors import NotSynced, WarehouseBusy, WarehouseError
from southsouth.provenance import Origin
from southsouth.warehouse.contracts import CONTRACTS

STATUS_DDL = """
CREATE TABLE IF NOT EXISTS dataset_status (
  dataset_id VARCHAR PRIMARY KEY,
  title VARCHAR NOT NULL,
  publisher VARCHAR NOT NULL,
  domain VARCHAR NOT NULL,
  licence VARCHAR NOT NULL,
  licence_url VARCHAR,
  citation VARCHAR NOT NULL,
  vintage VARCHAR NOT NULL,
  tables VARCHAR NOT NULL,
  rows BIGINT NOT NULL,
  build_key VARCHAR NOT NULL,
  via VARCHAR NOT NULL,
  issues VARCHAR NOT NULL,
  loaded_at TIMESTAMP NOT NULL,
  first_data_year INTEGER,
  last_data_year INTEGER
)
"""

#: Columns ``dataset_status`` gained after its first release: a writer adds them to an older
#: warehouse (and fills them from the loaded rows); a reader of one computes them.
DATA_YEAR_COLUMNS = ("first_data_year", "last_data_year")

ORIGIN_DDL = """
CREATE TABLE IF NOT EXISTS dataset_origin (
  dataset_id VARCHAR NOT NULL,
  resource VARCHAR NOT NULL,
  publisher VARCHAR NOT NULL,
  licence VARCHAR NOT NULL,
  licence_url VARCHAR,
  citation VARCHAR NOT NULL,
  url VARCHAR NOT NULL,
  via VARCHAR NOT NULL,
  retrieved_at VARCHAR NOT NULL,
  sha256 VARCHAR NOT NULL,
  bytes BIGINT NOT NULL,
  PRIMARY KEY (dataset_id, resource)
)
"""


@dataclass(frozen=True)
class SqlInsert:
    """Rows to insert produced by DuckDB itself (e.g. reading a large CSV directly).

    ``sql`` is a SELECT whose columns match the target table's contract, in order. It may
    read files with DuckDB's ``read_csv`` and refer to the small lookup tables in
    ``relations`` (name → DataFrame), which are registered as views while it runs.
    """

    sql: str
    params: tuple[object, ...] = ()
    relations: Mapping[str, pd.DataFrame] = field(default_factory=dict)


@dataclass(frozen=True)
class LoadRecord:
    """What a load wrote, for the status table."""

    dataset_id: str
    title: str
    publisher: str
    domain: str
    licence: str
    licence_url: str
    citation: str
    vintage: str
    build_key: str
    via: str
    issues: Sequence[Mapping[str, object]]
    origins: Sequence[Origin]
    #: The year the data describe when no table the dataset writes has a year column.
    data_year: int | None = None


#: Warehouses holding a connection from DuckDB's per-process database cache: the real path
#: DuckDB keys it by and the inode of the file it opened.
_CACHED: weakref.WeakKeyDictionary[Warehouse, tuple[str, int | None]] = weakref.WeakKeyDictionary()
_CACHED_LOCK = threading.Lock()
#: Hard links a reader opens the current file through (``warehouse.duckdb.read-<pid>-<n>``).
READER_INFIX = ".read-"
_LINKS = itertools.count(1)


def _inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except FileNotFoundError:
        return None


#: Answers a read-only warehouse keeps at most (:meth:`Warehouse.reference_query`).
KEPT_ANSWERS = 256


class Warehouse:
    """One DuckDB file holding every loaded dataset."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self._con: duckdb.DuckDBPyConnection | None = None
        self._kept: dict[Hashable, pd.DataFrame] = {}

    # -- connection -------------------------------------------------------------------

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The open connection (opened on first use)."""
        if self._con is None:
            self._con = self._connect()
        return self._con

    def _connect(self) -> duckdb.DuckDBPyConnection:
        if self.read_only and not self.path.exists():
            raise NotSynced(
                f"no warehouse at {self.path}",
                hint="run `southsouth data sync` first (or set SOUTHSOUTH_HOME)",
            )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        key = os.path.realpath(self.path)
        inode = _inode(self.path)
        with _CACHED_LOCK:
            stale = self.read_only and any(
                other_key == key and other_inode != inode
                for other_key, other_inode in _CACHED.values()
            )
        try:
            if stale:
                con = self._connect_own_database()
            else:
                con = duckdb.connect(str(self.path), read_only=self.read_only)
                with _CACHED_LOCK:
                    _CACHED[self] = (key, inode if inode is not None else _inode(self.path))
        except (duckdb.IOException, duckdb.ConnectionException) as exc:
            text = str(exc).lower()
            if "lock" in text or "different configuration" in text:
                raise WarehouseBusy(
                    f"the warehouse {self.path} is in use by another process",
                    hint="wait for the other southsouth command to finish",
                ) from exc
            raise WarehouseError(f"cannot open {self.path}: {exc}") from exc
        if not self.read_only:
            for contract in CONTRACTS.values():
                con.execute(contract.ddl())
            con.execute(STATUS_DDL)
            con.execute(ORIGIN_DDL)
            _add_data_years(con)
        return con

    def _connect_own_database(self) -> duckdb.DuckDBPyConnection:
        """A read-only connection to the file now at ``path`` through a database of its own,
        not the one DuckDB caches for the path (which has an older file open).

        DuckDB keys its cache by the file's real path, so the connection opens a hard link
        to the file, deleted as soon as the file is open. Where no link can be made, the file
        is attached to an in-memory database instead (its cursors do not see the tables).
        """
        link = self.path.with_name(f"{self.path.name}{READER_INFIX}{os.getpid()}-{next(_LINKS)}")
        try:
            os.link(self.path, link)
        except OSError:
            con = duckdb.connect(":memory:")
            try:
                con.execute("ATTACH ? AS warehouse (READ_ONLY)", [str(self.path)])
                con.execute("USE warehouse")
            except BaseException:
                con.close()
                raise
            return con
        try:
            return duckdb.connect(str(link), read_only=True)
        finally:
            link.unlink(missing_ok=True)

    def close(self) -> None:
        """Close the connection."""
        with _CACHED_LOCK:
            _CACHED.pop(self, None)
        self._kept.clear()
        if self._con is not None:
            self._con.close()
            self._con = None

    # -- loading ----------------------------------------------------------------------

    def build_key(self, dataset_id: str) -> str | None:
        """The build key of the dataset's current load, if loaded."""
        rows = self.con.execute(
            "SELECT build_key FROM dataset_status WHERE dataset_id = ?", [dataset_id]
        ).fetchall()
        return rows[0][0] if rows else None

    def replace_dataset(
        self,
        record: LoadRecord,
        tables: Mapping[str, pd.DataFrame | SqlInsert],
        *,
        owned_tables: Sequence[str],
    ) -> int:
        """Replace every row the dataset owns with ``tables``, atomically; return rows written.

        ``owned_tables`` lists every table the dataset may write; rows it has in tables
        absent from ``tables`` are deleted too.
        """
        con = self.con
        total = 0
        con.execute("BEGIN TRANSACTION")
        try:
            for name in owned_tables:
                con.execute(f"DELETE FROM {name} WHERE source_id = ?", [record.dataset_id])
            for name, data in tables.items():
                if name not in owned_tables:
                    raise WarehouseError(f"{record.dataset_id} may not write table {name}")
                columns = ", ".join(CONTRACTS[name].column_names)
                before = con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]
                if isinstance(data, SqlInsert):
                    for view, frame in data.relations.items():
                        con.register(view, frame)
                    try:
                        con.execute(f"INSERT INTO {name} ({columns}) {data.sql}", list(data.params))
                    finally:
                        for view in data.relations:
                            con.unregister(view)
                else:
                    con.register("_incoming", data)
                    try:
                        con.execute(
                            f"INSERT INTO {name} ({columns}) SELECT {columns} FROM _incoming"
                        )
                    finally:
                        con.unregister("_incoming")
                total += con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0] - before
            con.execute("DELETE FROM dataset_origin WHERE dataset_id = ?", [record.dataset_id])
            for origin in record.origins:
                con.execute(
                    "INSERT INTO dataset_origin VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        record.dataset_id,
                        origin.resource,
                        origin.publisher,
                        origin.licence.name,
                        origin.licence.url,
                        origin.citation,
                        origin.url,
                        origin.via,
                        origin.retrieved_at,
                        origin.sha256,
                        origin.bytes,
                    ],
                )
            first_year, last_year = _load_years(con, record, owned_tables)
            con.execute("DELETE FROM dataset_status WHERE dataset_id = ?", [record.dataset_id])
            con.execute(
                f"INSERT INTO dataset_status ({', '.join(STATUS_COLUMNS)}) "
                f"VALUES ({', '.join('?' * len(STATUS_COLUMNS))})",
                [
                    record.dataset_id,
                    record.title,
                    record.publisher,
                    record.domain,
                    record.licence,
                    record.licence_url,
                    record.citation,
                    record.vintage,
                    ",".join(owned_tables),
                    total,
                    record.build_key,
                    record.via,
                    json.dumps(list(record.issues), ensure_ascii=False),
                    datetime.now(UTC).replace(tzinfo=None),
                    first_year,
                    last_year,
                ],
            )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return total

    # -- reading ----------------------------------------------------------------------

    def query(self, sql: str, params: Sequence[object] = ()) -> pd.DataFrame:
        """Run a read query and return a DataFrame."""
        try:
            return self.con.execute(sql, list(params)).df()
        except duckdb.CatalogException as exc:
            raise NotSynced(
                f"the warehouse {self.path} lacks a table this query needs ({exc})",
                hint="run `southsouth data sync`",
            ) from exc

    def reference_query(self, sql: str, params: Sequence[object] = ()) -> pd.DataFrame:
        """:meth:`query` for small reference tables read many times (countries, blocs,
        memberships, load records), kept as :meth:`kept` says."""
        key = (sql, tuple(tuple(p) if isinstance(p, list) else p for p in params))
        return self.kept(key, lambda: self.query(sql, params))

    def kept(self, key: Hashable, compute: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        """A copy of ``compute()``'s table, which a read-only warehouse computes once per open
        connection (the connection sees one file, so the answer cannot change); a writable
        one computes it each time. ``key`` names the answer among the warehouse's."""
        if not self.read_only:
            return compute()
        answer = self._kept.get(key)
        if answer is None:
            answer = compute()
            if len(self._kept) < KEPT_ANSWERS:
                self._kept[key] = answer
        return answer.copy()

    def export_csv(self, table: str, path: Path) -> int:
        """Write every row of the contract table ``table`` to ``path`` as UTF-8 CSV with a
        header, in the contract's column order and sorted by its key (DuckDB streams the
        rows, none pass through Python); returns the rows written."""
        contract = CONTRACTS.get(table)
        if contract is None:
            raise WarehouseError(f"no table contract named {table!r}")
        columns = ", ".join(contract.column_names)
        order = f" ORDER BY {', '.join(contract.key)}" if contract.key else ""
        target = str(path).replace("'", "''")
        try:
            self.con.execute(
                f"COPY (SELECT {columns} FROM {table}{order}) TO '{target}' "
                "(FORMAT csv, HEADER true, DELIMITER ',', DATEFORMAT '%Y-%m-%d')"
            )
            counted = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()
        except duckdb.CatalogException as exc:
            raise NotSynced(
                f"the warehouse {self.path} has no table {table} ({exc})",
                hint="run `southsouth data sync`",
            ) from exc
        return int(counted[0]) if counted else 0

    def status(self) -> pd.DataFrame:
        """One row per loaded dataset: its load record, first and last data year, and the
        day its files were last retrieved (``retrieved``, empty for computed datasets)."""
        return self.query(f"{self._status_sql()} ORDER BY s.domain, s.dataset_id")

    def data_years(self, dataset_ids: Iterable[str]) -> pd.DataFrame:
        """``dataset_id``, ``first_data_year``, ``last_data_year`` and ``retrieved`` of the
        loaded datasets named."""
        wanted = sorted({d for d in dataset_ids if d})
        return self.query(
            "SELECT dataset_id, first_data_year, last_data_year, retrieved "
            f"FROM ({self._status_sql()}) WHERE dataset_id IN (SELECT unnest(?)) "
            "ORDER BY dataset_id",
            [wanted],
        )

    def _status_sql(self) -> str:
        """The status rows with ``retrieved``; a warehouse written before data years were
        recorded gets them computed from its rows."""
        retrieved = (
            "LEFT JOIN (SELECT dataset_id, left(max(retrieved_at), 10) AS retrieved "
            "FROM dataset_origin GROUP BY dataset_id) o ON o.dataset_id = s.dataset_id"
        )
        if set(DATA_YEAR_COLUMNS) <= _status_columns(self.con):
            return f"SELECT s.*, o.retrieved FROM dataset_status s {retrieved}"
        spans = _years_sql(_tables(self.con), datetime.now(UTC).year)
        years = (
            f"LEFT JOIN ({spans}) y ON y.source_id = s.dataset_id"
            if spans
            else "LEFT JOIN (SELECT NULL AS source_id, NULL::INTEGER AS first_data_year, "
            "NULL::INTEGER AS last_data_year) y ON false"
        )
        return (
            "SELECT s.*, y.first_data_year, y.last_data_year, o.retrieved "
            f"FROM dataset_status s {years} {retrieved}"
        )

    def provenance(self, dataset_id: str) -> dict[str, str]:
        """Source id, citation, licence and vintage of a loaded dataset (for output rows)."""
        self.require(dataset_id)
        row = self.reference_query(
            "SELECT dataset_id, citation, licence, vintage FROM dataset_status "
            "WHERE dataset_id = ?",
            [dataset_id],
        ).iloc[0]
        return {
            "source_id": str(row["dataset_id"]),
            "source": str(row["citation"]),
            "licence": str(row["licence"]),
            "vintage": str(row["vintage"]),
        }

    def loaded(self, dataset_id: str) -> bool:
        """True when the dataset has been loaded."""
        ids = self.reference_query("SELECT dataset_id FROM dataset_status")["dataset_id"]
        return dataset_id in set(ids)

    def require(self, *dataset_ids: str) -> None:
        """Raise NotSynced unless every dataset named has been loaded."""
        missing = [d for d in dataset_ids if not self.loaded(d)]
        if missing:
            raise NotSynced(
                f"not loaded yet: {', '.join(missing)}",
                hint=f"run `southsouth data sync {' '.join(missing)}`",
            )


#: The columns of ``dataset_status`` in order (older warehouses gain the last two at the end).
STATUS_COLUMNS = (
    "dataset_id",
    "title",
    "publisher",
    "domain",
    "licence",
    "licence_url",
    "citation",
    "vintage",
    "tables",
    "rows",
    "build_key",
    "via",
    "issues",
    "loaded_at",
    *DATA_YEAR_COLUMNS,
)


def _row_years(table: str) -> str | None:
    """``source_id, first_year, last_year`` of each row of ``table`` (None: no year column).

    A row covering a period (``period_years``) starts that many years before its ``year``; a
    relation spans ``year_start`` to ``year_end``; observations flagged as projections are
    not data years.
    """
    columns = CONTRACTS[table].column_names
    if "year" in columns:
        first = "year - period_years + 1" if "period_years" in columns else "year"
        where = " WHERE flag IS NULL OR flag NOT ILIKE '%projection%'" if "flag" in columns else ""
        return f"SELECT source_id, {first} AS first_year, year AS last_year FROM {table}{where}"
    if "year_start" in columns:
        last = "greatest(year_start, coalesce(year_end, year_start))"
        return f"SELECT source_id, year_start AS first_year, {last} AS last_year FROM {table}"
    return None


def _years_sql(tables: Iterable[str], cutoff: int, *, one_dataset: bool = False) -> str | None:
    """First and last data year per ``source_id`` over ``tables`` (years after ``cutoff``, the
    year of the load, are forecasts and left out); with ``one_dataset`` each table's rows are
    filtered by a ``source_id = ?`` parameter. None when no table has a year column."""
    parts = []
    for table in tables:
        rows = _row_years(table)
        if rows is not None:
            parts.append(f"SELECT * FROM ({rows}) WHERE source_id = ?" if one_dataset else rows)
    if not parts:
        return None
    return (
        "SELECT source_id, min(first_year) AS first_data_year, "
        f"max(last_year) AS last_data_year FROM ({' UNION ALL '.join(parts)}) "
        f"WHERE last_year <= {int(cutoff)} GROUP BY source_id"
    )


def _load_years(
    con: duckdb.DuckDBPyConnection, record: LoadRecord, tables: Sequence[str]
) -> tuple[int | None, int | None]:
    """The first and last data year of the rows ``record``'s dataset now has in ``tables``;
    the year the dataset declares when none of them has a year column."""
    year = datetime.now(UTC).year
    sql = _years_sql(tables, year, one_dataset=True)
    if sql is not None:
        rows = sum(_row_years(t) is not None for t in tables)
        found = con.execute(sql, [record.dataset_id] * rows).fetchall()
        if found and found[0][2] is not None:
            return int(found[0][1]), int(found[0][2])
    return record.data_year, record.data_year


def _status_columns(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'dataset_status' AND table_catalog = current_database()"
    ).fetchall()
    return {str(r[0]) for r in rows}


def _tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The contract tables this warehouse has."""
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database()"
    ).fetchall()
    present = {str(r[0]) for r in rows}
    return [name for name in CONTRACTS if name in present]


def _add_data_years(con: duckdb.DuckDBPyConnection) -> None:
    """Give a warehouse written before data years were recorded its two columns, filled
    from the rows each dataset loaded."""
    missing = [c for c in DATA_YEAR_COLUMNS if c not in _status_columns(con)]
    if not missing:
        return
    for column in missing:
        con.execute(f"ALTER TABLE dataset_status ADD COLUMN IF NOT EXISTS {column} INTEGER")
    spans = _years_sql(_tables(con), datetime.now(UTC).year)
    if spans is not None:
        con.execute(
            "UPDATE dataset_status SET first_data_year = y.first_data_year, "
            f"last_data_year = y.last_data_year FROM ({spans}) y "
            "WHERE dataset_status.dataset_id = y.source_id"
        )
