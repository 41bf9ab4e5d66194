"""Bloc membership for scope checks, read from the warehouse (registry memberships)."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import duckdb

from southsouth.errors import SouthsouthError
from southsouth.registry import bloc_members
from southsouth.warehouse.store import Warehouse


class WarehouseMembership:
    """Full members of a bloc on a day, from the warehouse file at ``path``.

    Answers None when the warehouse is missing, busy or has no registry loaded, so that a
    scope check falls back to the forum rule. Answers are cached per warehouse file version
    (its modification time).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._cache: dict[tuple[float, str, date], frozenset[str] | None] = {}
        self._lock = threading.Lock()

    def members(self, bloc_id: str, on: date) -> frozenset[str] | None:
        """ISO3 codes of the full members of ``bloc_id`` on ``on``, or None if not known."""
        try:
            stamp = self.path.stat().st_mtime
        except OSError:
            return None
        key = (stamp, bloc_id, on)
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        found: frozenset[str] | None
        try:
            with Warehouse(self.path, read_only=True) as warehouse:
                frame = bloc_members(warehouse, bloc_id, on=on)
            found = frozenset(frame["iso3"])
        except (SouthsouthError, duckdb.Error):
            found = None
        with self._lock:
            self._cache[key] = found
        return found
