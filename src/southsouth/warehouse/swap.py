"""Replacing the warehouse file while others read it: build the next one beside it, swap.

DuckDB lets a process open a file for writing only while no other process has it open, so
nothing writes ``warehouse.duckdb`` in place. A sync takes ``warehouse.lock`` (an exclusive
``flock``; a second sync waits for the first) and reads the current file until its first
write; then it copies the file to ``warehouse.duckdb.next-<pid>`` and writes the copy. At
the end it checkpoints and closes the copy, flushes it to disk and renames it onto
``warehouse.duckdb``. Readers that opened the old file go on reading it; the next to open
reads the new one. A sync that raises deletes its copy and leaves the current file as it
was; one that writes nothing copies and swaps nothing.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from southsouth.atomic import fsync_path
from southsouth.errors import WarehouseError
from southsouth.warehouse.contracts import CONTRACTS
from southsouth.warehouse.files import process_alive, wal_path
from southsouth.warehouse.store import READER_INFIX, LoadRecord, SqlInsert, Warehouse

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)

#: Tables every warehouse holds; a current file lacking one is copied before the first read.
STATUS_TABLES = ("dataset_status", "dataset_origin")
SIDE_INFIX = ".next-"


def lock_path(path: Path) -> Path:
    """The lock file of the warehouse at ``path`` (``warehouse.lock`` beside it)."""
    return path.with_suffix(".lock")


def side_path(path: Path) -> Path:
    """Where this process builds the next warehouse (``warehouse.duckdb.next-<pid>``)."""
    return path.with_name(f"{path.name}{SIDE_INFIX}{os.getpid()}")


@contextmanager
def exclusive(path: Path, *, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the warehouse's lock file exclusively; wait (telling ``on_wait``) while another
    process or thread holds it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip()
            message = (
                f"another sync (process {holder or 'unknown'}) is writing {path}; "
                "waiting for it to finish"
            )
            log.info(message)
            if on_wait is not None:
                on_wait(message)
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def remove_orphans(path: Path) -> list[Path]:
    """Delete the side files of the warehouse at ``path`` (with their WAL) and the reader
    links of processes that no longer run; return them.

    Call it holding :func:`exclusive`: only the holder writes a side file, so any found
    then was left by a sync that died (or failed to clean up) before. A reader's link lives
    only while it opens the file; one left behind keeps an old file's blocks allocated.
    """
    if not path.parent.is_dir():
        return []
    sides = f"{path.name}{SIDE_INFIX}"
    links = f"{path.name}{READER_INFIX}"
    removed = []
    for found in sorted(path.parent.iterdir()):
        if found.name.startswith(sides) or (
            found.name.startswith(links)
            and not process_alive(found.name[len(links) :].split("-")[0])
        ):
            found.unlink(missing_ok=True)
            removed.append(found)
    if removed:
        log.info("removed files of interrupted syncs and reads: %s", [p.name for p in removed])
    return removed


class NextWarehouse(Warehouse):
    """The warehouse a sync writes: the current file, read-only, until the first write; from
    then on a private copy of it (``side``), read-write. :meth:`commit` swaps the copy in."""

    def __init__(self, current: Path) -> None:
        super().__init__(current, read_only=True)
        self.current = current
        self.side = side_path(current)
        self.writing = False

    def prepare(self) -> None:
        """Start writing at once when there is no current file or it lacks a table."""
        if not self.current.exists():
            self._begin_writing()
            return
        found = {
            row[0]
            for row in self.con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
            ).fetchall()
        }
        if not {*CONTRACTS, *STATUS_TABLES} <= found:
            self._begin_writing()

    def replace_dataset(
        self,
        record: LoadRecord,
        tables: Mapping[str, pd.DataFrame | SqlInsert],
        *,
        owned_tables: Sequence[str],
    ) -> int:
        """Copy the current file aside on the first write, then replace the dataset's rows
        in the copy (see :meth:`Warehouse.replace_dataset`)."""
        self._begin_writing()
        return super().replace_dataset(record, tables, owned_tables=owned_tables)

    def _begin_writing(self) -> None:
        if self.writing:
            return
        self.close()
        self.discard()
        if self.current.exists():
            shutil.copyfile(self.current, self.side)
            if wal_path(self.current).exists():  # left by a writer of an older southsouth
                shutil.copyfile(wal_path(self.current), wal_path(self.side))
        self.path, self.read_only, self.writing = self.side, False, True

    def commit(self) -> bool:
        """Make the copy the warehouse (checkpointed, flushed, renamed); True when there was
        a copy, False when nothing was written."""
        if not self.writing:
            self.close()
            return False
        self.con.execute("CHECKPOINT")
        self.close()
        if wal_path(self.side).exists():
            raise WarehouseError(
                f"{self.side} kept a write-ahead log after its checkpoint; not swapped in",
                hint="rerun `southsouth data sync`",
            )
        fsync_path(self.side)
        wal_path(self.current).unlink(missing_ok=True)
        os.replace(self.side, self.current)
        fsync_path(self.current.parent)
        return True

    def discard(self) -> None:
        """Close and delete the copy (the current file is untouched)."""
        self.close()
        for path in (self.side, wal_path(self.side)):
            path.unlink(missing_ok=True)


@contextmanager
def next_warehouse(
    path: Path, *, on_wait: Callable[[str], None] | None = None
) -> Iterator[NextWarehouse]:
    """The warehouse to sync into, under the lock; swapped onto ``path`` when the block ends
    (if it wrote anything), deleted when the block raises."""
    with exclusive(path, on_wait=on_wait):
        remove_orphans(path)
        staged = NextWarehouse(path)
        try:
            staged.prepare()
            yield staged
            staged.commit()
        except BaseException:
            staged.discard()
            raise
