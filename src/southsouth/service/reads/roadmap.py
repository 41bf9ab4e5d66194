"""The roadmap read: the phased, sequenced, forum-assigned plan for a group, as of today.

Its document is the plan the report's JSON holds (scheduled initiatives as ``items``) with
what the dashboard draws beside it: the forums the plan uses and their sessions (timeline and
forum calendar) and the health-workforce shortage the compact addresses. The plan is built
once per group, horizon and data, whichever surface asks first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from pydantic import AfterValidator

from southsouth.group_grammar import DEFAULT_GROUP
from southsouth.periods import HORIZONS, check_year
from southsouth.service.declared import ALL_TABLES, Read, ReadParams
from southsouth.service.parameters import GroupText

if TYPE_CHECKING:
    from southsouth.roadmap.build import Roadmap
    from southsouth.service.documents import Document
    from southsouth.workspace import Workspace


def in_horizons(value: int) -> int:
    """``value`` when it is in ``HORIZONS``; ``YearOutOfRange`` otherwise."""
    check_year(value, HORIZONS, option="horizon")
    return value


#: The last year of a plan (``HORIZONS``).
Horizon = Annotated[int, AfterValidator(in_horizons)]


class RoadmapParams(ReadParams):
    """The group to plan for and the last year of the plan."""

    group: GroupText = DEFAULT_GROUP
    horizon: Horizon = HORIZONS.last


def _health_gap(built: Roadmap) -> dict[str, Any] | None:
    """The group's projected health-workforce need, supply and shortage in the compact's
    headline year (None without a projection for that year)."""
    from southsouth.roadmap.catalogue.health import COMPACT_YEAR

    ev = built.evidence
    if ev.health is None or COMPACT_YEAR not in ev.health_rows().index:
        return None
    row = ev.health_row(COMPACT_YEAR)
    return {
        "year": COMPACT_YEAR,
        "shortage": float(row["shortage"]),
        "need": float(row["need"]),
        "supply": float(row["supply"]),
    }


def _sessions(built: Roadmap) -> list[dict[str, Any]]:
    """The sessions the forum calendar shows: those of the forums the plan uses, up to
    ``CALENDAR_YEARS`` after the planning date or to the last adoption if later."""
    from southsouth.report.charts import CALENDAR_YEARS

    plan = built.plan
    if not plan.scheduled:
        return []
    used = {s.meeting.forum_id for s in plan.scheduled}
    until = max(plan.as_of.year + CALENDAR_YEARS, *(s.meeting.day.year for s in plan.scheduled))
    return [m.as_dict() for m in plan.meetings if m.forum_id in used and m.day.year <= until]


def _roadmap(ws: Workspace, p: RoadmapParams) -> Document:
    from southsouth.roadmap.build import build_roadmap
    from southsouth.service.documents import sources

    built = build_roadmap(ws.warehouse, p.group, horizon=p.horizon, framework=ws.framework)
    whole = built.as_dict()
    plan = whole["plan"]
    used = {s.meeting.forum_id for s in built.plan.scheduled}
    notes = whole["sources"]
    return {
        "title": whole["title"],
        "group": whole["group"],
        "as_of": whole["as_of"],
        "horizon": plan["horizon"],
        "phases": plan["phases"],
        "items": plan["initiatives"],
        "unscheduled": plan["unscheduled"],
        "not_proposed": whole["not_proposed"],
        "implied_prerequisites": plan["implied_prerequisites"],
        "scenarios": whole["scenarios"]["summary"],
        "bottlenecks": whole["bottlenecks"],
        "sessions": _sessions(built),
        "forums": [f for f in whole["forums"] if f["forum_id"] in used],
        "health_gap": _health_gap(built),
        "alignment": whole["alignment"],
        "checks": whole["checks"],
        "limits": whole["limits"],
        "sources": sources(
            ws,
            [s["dataset_id"] for s in notes],
            [{"source_id": s["dataset_id"], **s} for s in notes],
        ),
    }


ROADMAP = Read(
    "roadmap",
    "A phased, sequenced, forum-assigned South–South roadmap for a group, as of today",
    RoadmapParams,
    _roadmap,
    ALL_TABLES,
    heavy=lambda p: True,
)
