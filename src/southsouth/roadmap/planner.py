"""The planner: order initiatives, assign each to a forum session, phase them, set KPI years.

In topological order of the prerequisite graph (sequencing rules included; ties by pillar
order, then id, so plans are reproducible), each initiative is *ready* on the latest of:
the planning date, 1 January of its earliest year, and the end of every prerequisite's
first cycle. It is adopted at a session of one of its forums on or after that day — the forum
listed first among those meeting within a year of the earliest such session (the Global
South summits whose mandate covers its pillar when its own forums have none before the
horizon) — starts then, and runs ``duration_years``. Its phase is the phase of its start,
and ``fit`` says in one line why the forum carries it (membership, mandate, or fallback).
An initiative that cannot start by the horizon — or whose prerequisite could not — is
listed as unscheduled with the reason, never dropped silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

import networkx as nx

from southsouth.errors import InputError
from southsouth.periods import HORIZONS
from southsouth.roadmap.calendar import Forum, Session, meetings, next_meeting
from southsouth.roadmap.kpis import with_target_year
from southsouth.roadmap.model import (
    PHASES,
    PILLARS,
    Initiative,
    Meeting,
    Phase,
    Plan,
    Scheduled,
    Unscheduled,
)
from southsouth.roadmap.pathways import SUMMITS, covers_pillar, forum_fit
from southsouth.roadmap.sequencing import implied_prerequisites, prerequisite_graph

#: The horizon bounds are the planning ranges of :mod:`southsouth.periods`.
DEFAULT_HORIZON = HORIZONS.last
MIN_HORIZON = HORIZONS.first
#: Days a more preferred forum may be later than the earliest suitable session.
PATIENCE = 366


def phases_until(horizon: int, phases: Sequence[Phase] = PHASES) -> tuple[Phase, ...]:
    """The phases that start by ``horizon``, the last one cut at it."""
    if not MIN_HORIZON <= horizon <= phases[-1].end:
        raise InputError(
            f"horizon {horizon} is outside {MIN_HORIZON}–{phases[-1].end}",
            hint=f"the roadmap's phases run {phases[0].start}–{phases[-1].end}",
        )
    return tuple(replace(p, end=min(p.end, horizon)) for p in phases if p.start <= horizon)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _phase_of(year: int, phases: Sequence[Phase]) -> str:
    for phase in phases:
        if phase.contains(year):
            return phase.id
    return phases[-1].id if year > phases[-1].end else phases[0].id


def plan(
    initiatives: Sequence[Initiative],
    forums: dict[str, Forum],
    *,
    as_of: date,
    horizon: int = DEFAULT_HORIZON,
    confirmed: Sequence[Session] = (),
) -> Plan:
    """Schedule ``initiatives`` against the forum calendar."""
    phases = phases_until(horizon)
    implied = implied_prerequisites(initiatives)
    graph = prerequisite_graph(initiatives, implied)
    sessions = meetings(forums, as_of.year, horizon, confirmed=confirmed, after=as_of)
    by_id = {i.id: i for i in initiatives}
    pillar_rank = {p: n for n, p in enumerate(PILLARS)}

    def order_key(node: str) -> tuple[int, str]:
        return pillar_rank.get(by_id[node].pillar, len(PILLARS)), node

    scheduled: dict[str, Scheduled] = {}
    unscheduled: list[Unscheduled] = []
    for node in nx.lexicographical_topological_sort(graph, key=order_key):
        item = by_id[node]
        waiting = [p for p in graph.predecessors(node) if p not in scheduled]
        if waiting:
            unscheduled.append(
                Unscheduled(item, f"waits for {', '.join(sorted(waiting))}, not scheduled")
            )
            continue
        ready, reason = as_of, f"planning date {as_of.isoformat()}"
        if item.earliest_year is not None and date(item.earliest_year, 1, 1) > ready:
            ready, reason = date(item.earliest_year, 1, 1), f"earliest year {item.earliest_year}"
        for prerequisite in sorted(graph.predecessors(node)):
            end = scheduled[prerequisite].end
            if end > ready:
                ready, reason = end, f"after {prerequisite} (ends {end.isoformat()})"
        meeting = _session(sessions, item.forums, ready, horizon)
        fallback = False
        if meeting is None:
            summits = [f for f in SUMMITS if f in forums and covers_pillar(forums[f], item.pillar)]
            meeting = _session(sessions, summits, ready, horizon)
            fallback = True
        if meeting is None:
            forums_text = ", ".join(item.forums) or "none"
            unscheduled.append(
                Unscheduled(
                    item,
                    f"no session of its forums ({forums_text}) or of the Global South summit "
                    f"between {ready.isoformat()} and {horizon}",
                )
            )
            continue
        end = _add_years(meeting.day, item.duration_years)
        kpis = tuple(with_target_year(k, end.year) for k in item.kpis)
        if fallback:
            reason += f"; none of its forums ({', '.join(item.forums) or 'none'}) meets in time"
        scheduled[node] = Scheduled(
            initiative=replace(item, kpis=kpis),
            meeting=meeting,
            start=meeting.day,
            end=end,
            phase=_phase_of(meeting.day.year, phases),
            ready=ready,
            reason=reason,
            fit=forum_fit(forums[meeting.forum_id], item, fallback=fallback),
        )
    ordered = sorted(scheduled.values(), key=lambda s: (s.start, order_key(s.initiative.id)))
    notes = (
        "Forum dates are indicative (the usual month, or 1 July when the month is not fixed) "
        "unless confirmed in the initiatives file.",
        "An initiative starts when the forum adopts it and may start only after every "
        "prerequisite's first cycle has ended.",
    )
    return Plan(
        scheduled=tuple(ordered),
        unscheduled=tuple(unscheduled),
        implied=tuple(implied),
        meetings=tuple(sessions),
        phases=phases,
        horizon=horizon,
        as_of=as_of,
        notes=notes,
    )


def _session(
    sessions: Sequence[Meeting], forum_ids: Sequence[str], ready: date, horizon: int
) -> Meeting | None:
    """The first forum in preference order meeting within :data:`PATIENCE` of the earliest."""
    nexts = [next_meeting(sessions, [f], ready) for f in forum_ids]
    found = [m for m in nexts if m is not None and m.day.year <= horizon]
    if not found:
        return None
    earliest = min(m.day for m in found)
    return next(m for m in found if (m.day - earliest).days <= PATIENCE)
