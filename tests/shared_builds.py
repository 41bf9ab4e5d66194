"""What `make test` builds once for all its test processes: the synced mirror and roadmaps.

``make test`` names an empty directory in ``SOUTHSOUTH_TEST_SHARED``; the first process to
need a build makes it there under a file lock, and every other worker (and the later serial
run) reads it. Without the variable (the fast lane), each process builds its own.
"""

from __future__ import annotations

import fcntl
import os
import pickle
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TypeVar

from mirror_sync import load

SHARED = os.environ.get("SOUTHSOUTH_TEST_SHARED")
#: The planning day of the session's roadmaps (fixtures in conftest.py).
AS_OF = date(2026, 11, 28)
T = TypeVar("T")


@contextmanager
def _locked(name: str) -> Iterator[Path]:
    assert SHARED
    root = Path(SHARED)
    root.mkdir(parents=True, exist_ok=True)
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield root


def synced_once(mirror: Path) -> Path:
    """The warehouse of the whole mirror, synced by the first process that asks."""
    with _locked("full") as root:
        home, done = root / "full", root / "full.synced"
        if not done.exists():
            shutil.rmtree(home, ignore_errors=True)
            warehouse, _ = load(home, mirror)
            warehouse.close()
            done.touch()
    return home / "warehouse.duckdb"


def built_once(name: str, build: Callable[[], T]) -> T:
    """``build()``, made once and shared as a pickle when `make test` runs."""
    if not SHARED:
        return build()
    with _locked(name) as root:
        target = root / f"{name}.pickle"
        if target.exists():
            return pickle.loads(target.read_bytes())
        value = build()
        target.write_bytes(pickle.dumps(value))
        return value
