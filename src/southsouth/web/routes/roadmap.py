"""The roadmap page: timeline, forum calendar, initiatives by phase and pillar, KPIs, limits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

import pandas as pd
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from southsouth.api.documents import Document
from southsouth.api.parameters import Checked, group_query
from southsouth.group_grammar import DEFAULT_GROUP
from southsouth.report.charts import CALENDAR_YEARS, forum_calendar, gantt
from southsouth.roadmap.build import Roadmap, build_roadmap
from southsouth.roadmap.catalogue.health import COMPACT_YEAR
from southsouth.roadmap.model import PILLARS, Scheduled
from southsouth.web.charts import chart_document, download
from southsouth.web.pages import Lang, computed, group_choices
from southsouth.web.render import context, render
from southsouth.workspace import Workspace

router = APIRouter(prefix="/{lang}", include_in_schema=False)

Group = Annotated[str, group_query(), Checked]
Chart = Literal["timeline", "calendar"]
#: Initiative whose card shows the health-workforce model's shortage.
COMPACT = "health-workforce-compact"


def _initiative(s: Scheduled, titles: dict[str, str]) -> dict[str, Any]:
    item = s.initiative
    return {
        "id": item.id,
        "pillar": item.pillar,
        "title": item.title,
        "rationale": item.rationale,
        "kind": item.kind,
        "sensitivity": item.sensitivity,
        "phase": s.phase,
        "start": s.start.isoformat(),
        "end": s.end.isoformat(),
        "forum": s.meeting.forum_name,
        "session": s.meeting.day.isoformat(),
        "indicative": s.meeting.indicative,
        "reason": s.reason,
        "participants": len(item.participants),
        "participants_note": item.participants_note,
        "prerequisites": [titles.get(p, p) for p in item.prerequisites],
        "kpis": [
            {
                "name": k.name,
                "unit": k.unit,
                "scope": k.scope,
                "baseline": k.baseline,
                "baseline_year": k.baseline_year,
                "target": k.target,
                "target_year": k.target_year,
                "basis": k.basis,
                "sources": list(k.sources),
            }
            for k in item.kpis
        ],
    }


def _timeline(built: Roadmap) -> Document | None:
    chart = gantt(built.plan)
    if chart is None:
        return None
    rows = pd.DataFrame(
        [
            {
                "id": s.initiative.id,
                "title": s.initiative.title,
                "pillar": s.initiative.pillar,
                "phase": s.phase,
                "forum": s.meeting.forum_name,
                "session": s.meeting.day.isoformat(),
                "indicative": s.meeting.indicative,
                "start": s.start.isoformat(),
                "end": s.end.isoformat(),
                "sensitivity": s.initiative.sensitivity,
            }
            for s in sorted(built.plan.scheduled, key=lambda s: (s.start, s.initiative.id))
        ]
    )
    return chart_document(
        chart, rows, name="timeline", title=built.title, sources=_forum_sources(built)
    )


def _calendar(built: Roadmap) -> Document | None:
    chart = forum_calendar(built.plan)
    if chart is None:
        return None
    plan = built.plan
    used = {s.meeting.forum_id for s in plan.scheduled}
    adopted: dict[tuple[str, str], list[str]] = {}
    for s in plan.scheduled:
        adopted.setdefault((s.meeting.forum_id, s.meeting.day.isoformat()), []).append(
            s.initiative.title
        )
    until = max(plan.as_of.year + CALENDAR_YEARS, *(int(d[:4]) for _, d in adopted))
    rows = pd.DataFrame(
        [
            {
                "forum": m.forum_name,
                "date": m.day.isoformat(),
                "indicative": m.indicative,
                "adopts": len(adopted.get((m.forum_id, m.day.isoformat()), [])),
                "initiatives": "; ".join(adopted.get((m.forum_id, m.day.isoformat()), [])),
            }
            for m in plan.meetings
            if m.forum_id in used and m.day.year <= until
        ]
    )
    return chart_document(
        chart, rows, name="calendar", title=built.title, sources=_forum_sources(built)
    )


def _forum_sources(built: Roadmap) -> list[dict[str, Any]]:
    used = sorted({s.meeting.forum_id for s in built.plan.scheduled})
    return [
        {
            "source_id": f,
            "publisher": built.forums[f].source,
            "vintage": "",
            "licence": "",
            "indicator": f"{built.forums[f].name} ({built.forums[f].source_url})",
        }
        for f in used
        if f in built.forums
    ]


def _health_gap(built: Roadmap) -> dict[str, Any] | None:
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


def _roadmap(group: str) -> Callable[[Workspace], Document]:
    def compute(ws: Workspace) -> Document:
        built = build_roadmap(ws.warehouse, group)
        plan, ev = built.plan, built.evidence
        titles = {s.initiative.id: s.initiative.title for s in plan.scheduled}
        pillar_names = {p: ev.framework.pillar(p).name for p in PILLARS}
        scheduled = [_initiative(s, titles) for s in plan.scheduled]
        phases = []
        for p in plan.phases:
            inside = [i for i in scheduled if i["phase"] == p.id]
            pillars = [
                {
                    "id": pillar,
                    "name": pillar_names[pillar],
                    "initiatives": [i for i in inside if i["pillar"] == pillar],
                }
                for pillar in PILLARS
                if any(i["pillar"] == pillar for i in inside)
            ]
            phases.append(
                {
                    "id": p.id,
                    "start": p.start,
                    "end": p.end,
                    "count": len(inside),
                    "pillars": pillars,
                }
            )
        return {
            "title": built.title,
            "group": {"id": ev.group, "name": ev.name, "members": len(ev.iso3)},
            "as_of": ev.as_of.isoformat(),
            "horizon": plan.horizon,
            "scheduled": len(scheduled),
            "phases": phases,
            "unscheduled": [
                {
                    "title": u.initiative.title,
                    "pillar": pillar_names[u.initiative.pillar],
                    "reason": u.reason,
                }
                for u in plan.unscheduled
            ],
            "not_proposed": [
                {"title": s.title, "pillar": pillar_names[s.pillar], "reason": s.reason}
                for s in built.catalogue.skipped
            ],
            "bottlenecks": [
                {**b.as_dict(), "initiatives": [titles.get(i, i) for i in b.initiatives]}
                for b in built.bottlenecks
            ],
            "health_gap": _health_gap(built),
            "limits": built.limits(),
            "sources": built.data_notes(),
            "charts": {"timeline": _timeline(built), "calendar": _calendar(built)},
        }

    return compute


def _document(request: Request, group: str) -> Document:
    group = request.app.state.reads.canonical_group(group)
    return computed(request, "roadmap", {"group": group}, _roadmap(group), heavy=True)


@router.get("/roadmap")
def roadmap_page(request: Request, lang: Lang, group: Group = DEFAULT_GROUP) -> Response:
    """A group's roadmap: timeline, forum calendar, initiatives with KPIs, bottlenecks."""
    document = _document(request, group)
    values = context(
        request,
        lang,
        "roadmap",
        group=group,
        groups=group_choices(request),
        roadmap=document,
        compact=COMPACT,
    )
    return render(request, "roadmap.html.j2", values)


@router.get("/roadmap/{chart}.{fmt}")
def roadmap_chart_download(
    request: Request,
    lang: Lang,
    chart: Chart,
    fmt: Literal["svg", "png", "csv"],
    group: Group = DEFAULT_GROUP,
) -> Response:
    """The roadmap's timeline or forum calendar as SVG or PNG, or its data as CSV."""
    found = _document(request, group)["charts"][chart]
    if found is None:
        raise HTTPException(404, f"the roadmap of {group} schedules nothing, so it has no {chart}")
    return download(request, found, fmt, f"roadmap-{chart}-{group}")
