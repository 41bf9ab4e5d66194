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
