"""The warehouse as a served instance reads it: one read-only connection per process, a
cursor per request, a new generation when a sync has swapped in a new file.

A sync builds the next warehouse beside the current one and renames it into place
(:mod:`southsouth.warehouse.swap`), so nothing ever writes the file a reader has open. By
default the server still reads a private **snapshot**: it opens the warehouse read-only just
long enough to copy it into ``<home>/api-snapshots/<pid>-<n>.duckdb`` and answers every
request from a cursor on the copy, so a server never holds the file a user may delete or
replace by hand.

Before each request the file's identity (inode, size, modification time of the database and
its WAL) is compared with the one copied. When a sync in another process has swapped in a
new file, the next request makes a new snapshot and later requests use it; requests already
running finish on the old one, which is closed and deleted when the last of them ends. If the
file cannot be opened for a moment, the server keeps serving the previous snapshot and
retries at most once a second. The first request after a change pays for the copy (about
10 ms for the mirror's 26 MB; proportionally more for a warehouse holding full BACI
releases, which also needs the disk space twice).

``snapshot=False`` serves the file in place instead: no copy and no extra disk; syncs still
proceed, since they never write the file being read.

Each process (uvicorn worker) keeps its own snapshot; files left by processes that no longer
exist are deleted when the next server starts.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from southsouth.errors import WarehouseBusy
from southsouth.warehouse.files import process_alive, wal_path
from southsouth.warehouse.store import Warehouse

log = logging.getLogger(__name__)

RETRY_S = 1.0

FileIdentity = tuple[tuple[int, int, int] | None, tuple[int, int, int] | None]


def identity(path: Path) -> FileIdentity | None:
    """(inode, size, mtime) of the database file and of its WAL; None when there is no file."""
    main = _stat(path)
    if main is None:
        return None
    return main, _stat(wal_path(path))


def _stat(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns


class _CursorWarehouse(Warehouse):
    """A warehouse whose connection is a cursor on a shared read-only connection."""

    def __init__(self, shared: duckdb.DuckDBPyConnection, path: Path) -> None:
        super().__init__(path, read_only=True)
        self._shared = shared

    def _connect(self) -> duckdb.DuckDBPyConnection:
        return self._shared.cursor()


@dataclass(frozen=True)
class DatasetStamp:
    """What identifies one load of a dataset, and the tables it wrote."""

    dataset_id: str
    tables: frozenset[str]
    stamp: str


@dataclass(eq=False)
class Generation:
    """One opened copy of the warehouse, with the load stamps of its datasets."""

    number: int
    source: Path
    path: Path
    owned: bool
    identity: FileIdentity
    warehouse: Warehouse
    datasets: tuple[DatasetStamp, ...] = ()
    leases: int = 0
    retired: bool = False
    _stamps: dict[frozenset[str] | None, str] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def reader(self) -> Warehouse:
        """A Warehouse for one request (its own cursor; close it when done)."""
        return _CursorWarehouse(self.warehouse.con, self.source)

    def stamp(self, tables: Iterable[str] | None = None) -> str:
        """A digest of the loads of every dataset that wrote any of ``tables`` (all if None)."""
        key = None if tables is None else frozenset(tables)
        with self._lock:
            found = self._stamps.get(key)
            if found is None:
                digest = hashlib.sha256()
                for item in self.datasets:
                    if key is None or item.tables & key:
                        digest.update(f"{item.dataset_id}={item.stamp};".encode())
                found = self._stamps[key] = digest.hexdigest()
            return found

    def close(self) -> None:
        """Close the connection and delete the copy."""
        self.warehouse.close()
        if self.owned:
            for path in (self.path, wal_path(self.path)):
                path.unlink(missing_ok=True)


def _stamps(warehouse: Warehouse) -> tuple[DatasetStamp, ...]:
    frame = warehouse.query(
        "SELECT dataset_id, tables, build_key, loaded_at FROM dataset_status ORDER BY dataset_id"
    )
    return tuple(
        DatasetStamp(
            dataset_id=str(row.dataset_id),
            tables=frozenset(t for t in str(row.tables).split(",") if t),
            stamp=f"{row.build_key}@{row.loaded_at}",
        )
        for row in frame.itertuples(index=False)
    )


class WarehouseSnapshots:
    """Leases of the current warehouse generation; a new one when the file has changed."""

    def __init__(self, path: Path, directory: Path | None, *, retry_s: float = RETRY_S) -> None:
        self.path = path
        self.directory = directory
        self.retry_s = retry_s
        self._lock = threading.Condition()
        self._current: Generation | None = None
        self._count = 0
        self._refreshing = False
        self._retry_at = 0.0
        self._swept = False

    @contextmanager
    def lease(self) -> Iterator[Generation]:
        """The current generation, kept open until the block ends."""
        generation = self._acquire()
        try:
            yield generation
        finally:
            with self._lock:
                generation.leases -= 1
                if generation.retired and generation.leases == 0:
                    generation.close()

    def close(self) -> None:
        """Retire the current generation (closed once its last lease ends)."""
        with self._lock:
            current, self._current = self._current, None
            if current is not None:
                current.retired = True
                if current.leases == 0:
                    current.close()

    # -- internals ----------------------------------------------------------------------

    def _acquire(self) -> Generation:
        while True:
            with self._lock:
                current = self._current
                now = identity(self.path)
                fresh = current is not None and (
                    now == current.identity or time.monotonic() < self._retry_at
                )
                if current is not None and (fresh or self._refreshing):
                    current.leases += 1
                    return current
                if self._refreshing:  # first generation being opened by another thread
                    self._lock.wait()
                    continue
                self._refreshing = True
            try:
                opened = self._open()
            except WarehouseBusy:
                with self._lock:
                    self._refreshing = False
                    self._lock.notify_all()
                    if self._current is None:
                        raise
                    self._retry_at = time.monotonic() + self.retry_s
                    self._current.leases += 1
                    return self._current
            except BaseException:
                with self._lock:
                    self._refreshing = False
                    self._lock.notify_all()
                raise
            with self._lock:
                self._refreshing = False
                self._lock.notify_all()
                old, self._current = self._current, opened
                self._retry_at = 0.0
                if old is not None:
                    old.retired = True
                    if old.leases == 0:
                        old.close()
                opened.leases += 1
                return opened

    def _open(self) -> Generation:
        self._count += 1
        if self.directory is None:
            warehouse = Warehouse(self.path, read_only=True)
            try:
                warehouse.con  # noqa: B018 - opens the file (NotSynced / WarehouseBusy)
                found = identity(self.path)
                assert found is not None
                generation = Generation(self._count, self.path, self.path, False, found, warehouse)
                generation.datasets = _stamps(warehouse)
            except BaseException:
                warehouse.close()
                raise
            return generation
        target, found = self._copy()
        warehouse = Warehouse(target, read_only=True)
        generation = Generation(self._count, self.path, target, True, found, warehouse)
        try:
            generation.datasets = _stamps(warehouse)
        except BaseException:
            generation.close()
            raise
        log.info("serving warehouse snapshot %s (%s)", generation.number, target)
        return generation

    def _copy(self) -> tuple[Path, FileIdentity]:
        """Copy the warehouse while holding it read-only (no writer can change it meanwhile)."""
        assert self.directory is not None
        source = Warehouse(self.path, read_only=True)
        try:
            source.con  # noqa: B018 - takes the shared lock (NotSynced / WarehouseBusy)
            self.directory.mkdir(parents=True, exist_ok=True)
            if not self._swept:
                sweep(self.directory)
                self._swept = True
            found = identity(self.path)
            assert found is not None
            target = self.directory / f"{os.getpid()}-{self._count}.duckdb"
            shutil.copyfile(self.path, target)
            wal = wal_path(self.path)
            if wal.exists():
                shutil.copyfile(wal, wal_path(target))
        finally:
            source.close()
        return target, found


def sweep(directory: Path) -> list[Path]:
    """Delete snapshots whose process no longer runs; return them."""
    removed = []
    for path in directory.glob("*-*.duckdb*"):
        pid = path.name.split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not process_alive(pid):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed
