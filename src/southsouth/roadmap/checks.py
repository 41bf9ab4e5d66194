"""Plan checks: every roadmap is read the way a summit sherpa reads it.

Each check returns one :class:`Check` per subject (a KPI, an initiative or the plan) with
its status: ``pass``; ``adjusted`` (the planner changed the target and says from what to
what, and why); ``flagged`` (kept, with the reason a reader must see); ``failed`` (the plan
breaks the rule — ``southsouth roadmap --strict`` exits non-zero).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Status = Literal["pass", "adjusted", "flagged", "failed"]
STATUSES: tuple[Status, ...] = ("pass", "adjusted", "flagged", "failed")


@dataclass(frozen=True)
class Check:
    """One check on one subject, its outcome and what changed."""

    check: str
    title: str
    subject: str
    status: Status
    detail: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "check": self.check,
            "title": self.title,
            "subject": self.subject,
            "status": self.status,
            "detail": self.detail,
        }


def check(check_id: str, title: str, subject: str, status: Status, detail: str) -> Check:
    """A :class:`Check` (shorthand for the check functions)."""
    return Check(check_id, title, subject, status, detail)


def counts(checks: tuple[Check, ...] | list[Check]) -> dict[str, dict[str, int]]:
    """Statuses counted by check id, in the order checks first appear."""
    out: dict[str, dict[str, int]] = {}
    for item in checks:
        row = out.setdefault(item.check, dict.fromkeys(STATUSES, 0))
        row[item.status] += 1
    return out


def failed(checks: tuple[Check, ...] | list[Check]) -> list[Check]:
    """The checks that failed."""
    return [c for c in checks if c.status == "failed"]
