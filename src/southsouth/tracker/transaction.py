"""One write of the tracker: its connection and moment, and the changes it makes.

Every write is one database transaction (opened by :class:`~.service.Tracker`). The
operations that write are handed it as a :class:`Tx` and note each record they change
(:class:`Change`); when the transaction commits, those changes are appended to the audit
log (:mod:`.audit`) in the same transaction. A :class:`Tx` also remembers the record states
it has read and the id numbers it has handed out, so that an import of many rows reads
each record and counts each forum's commitments once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from southsouth.tracker.rows import fetch_state


@dataclass(frozen=True)
class Change:
    """One record's change, to be appended to the log."""

    action: str
    entity: str
    entity_id: str
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None


@dataclass
class Tx:
    """A write in progress: the connection, its moment, the changes to log, what it read."""

    conn: Connection
    now: datetime
    changes: list[Change] = field(default_factory=list)
    cache: dict[tuple[str, str], dict[str, Any] | None] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)

    def change(self, action: str, entity: str, record_id: str, before: Any, after: Any) -> None:
        """Note a record's change for the audit log."""
        self.changes.append(Change(action, entity, record_id, before, after))

    def state(self, entity: str, record_id: str) -> dict[str, Any] | None:
        """A record's state, remembered for the rest of the transaction (imports)."""
        key = (entity, record_id)
        if key not in self.cache:
            self.cache[key] = fetch_state(self.conn, entity, record_id)
        return self.cache[key]
