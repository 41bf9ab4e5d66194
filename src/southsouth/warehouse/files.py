"""The files beside a warehouse: its write-ahead log, and the process a file's name names.

Side files (a sync's next warehouse), reader links and server snapshots carry the id of the
process that made them, so a later one can tell a leftover of a dead process from a live one.
"""

from __future__ import annotations

import os
from pathlib import Path

WAL_SUFFIX = ".wal"


def wal_path(path: Path) -> Path:
    """The write-ahead log DuckDB keeps beside the database at ``path``."""
    return path.with_name(path.name + WAL_SUFFIX)


def process_alive(pid: str | int) -> bool:
    """True unless ``pid`` names no running process (a text that is not a number counts as
    alive, so nothing is deleted on a name that was not made by southsouth)."""
    if isinstance(pid, str) and not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:
        return True
    return True
