"""Request bodies and a fixed bloc membership for the tracker tests."""

from __future__ import annotations

from datetime import date
from typing import Any

#: Full members used by scope tests (a stand-in for the warehouse's registry memberships).
MEMBERS = {
    "AU": frozenset({"KEN", "NGA", "ZAF", "EGY", "ETH"}),
    "ASEAN": frozenset({"IDN", "MYS", "THA", "VNM"}),
}


class FixedMembership:
    """Bloc membership from a fixed table, the same on every day."""

    def members(self, bloc_id: str, on: date) -> frozenset[str] | None:
        """Members of ``bloc_id`` (None for a bloc not in the table)."""
        return MEMBERS.get(bloc_id)


def forum(record_id: str, bloc: str | None, **extra: Any) -> dict[str, Any]:
    """A forum body."""
    return {
        "id": record_id,
        "kind": "summit",
        "name": f"Forum {record_id}",
        "bloc_id": bloc,
        "start_date": "2025-02-15",
        "end_date": "2025-02-16",
        **extra,
    }


def commitment(record_id: str, forum_id: str, actors: list[str], **extra: Any) -> dict[str, Any]:
    """A commitment body (published unless ``status`` says otherwise)."""
    return {
        "id": record_id,
        "forum_id": forum_id,
        "text": f"Commitment {record_id}",
        "pillar": "health",
        "actors": actors,
        "status": "published",
        **extra,
    }


def assessment(
    commitment_id: str, actor: str, score: int, period: str = "final", **extra: Any
) -> dict[str, Any]:
    """An assessment body (published unless ``status`` says otherwise)."""
    return {
        "commitment_id": commitment_id,
        "actor": actor,
        "period": period,
        "score": score,
        "grade": "A",
        "assessor": "Test assessor",
        "assessed_on": "2026-01-15",
        "status": "published",
        **extra,
    }
