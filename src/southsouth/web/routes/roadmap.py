"""The roadmap page: timeline, forum calendar, initiatives by phase and pillar, KPIs, limits.

The page is drawn from the answer of the declared roadmap read (``GET /roadmaps/{group}``
gives the same answer from the same cache), so a group's plan is built once per horizon and
data, whichever surface asks first. The timeline and the forum calendar are the report's
charts, drawn from the plan as that answer states it.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

import pandas as pd
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from southsouth.group_grammar import DEFAULT_GROUP
from southsouth.indicators.framework import load_framework
from southsouth.report.charts import CALENDAR_YEARS, forum_calendar, gantt
from southsouth.roadmap.model import PILLARS, Initiative, Meeting, Phase, Plan, Scheduled
from southsouth.service.documents import Document
from southsouth.service.http import Checked, group_query
from southsouth.service.reads.roadmap import ROADMAP
from southsouth.web.charts import chart_document, download
from southsouth.web.pages import Lang, drawn, group_choices
from southsouth.web.render import context, render

router = APIRouter(prefix="/{lang}", include_in_schema=False)

Group = Annotated[str, group_query(), Checked]
Chart = Literal["timeline", "calendar"]
#: Initiative whose card shows the health-workforce model's shortage.
COMPACT = "health-workforce-compact"
#: What the page shows of a KPI.
KPI_FIELDS = (
    "name",
    "unit",
    "scope",
    "baseline",
    "baseline_year",
    "target",
    "target_year",
    "basis",
    "sources",
)


def _meeting(session: dict[str, Any]) -> Meeting:
    return Meeting(
        forum_id=session["forum_id"],
        forum_name=session["forum_name"],
        pathway=session["pathway"],
        day=date.fromisoformat(session["date"]),
        indicative=session["indicative"],
        note=session["note"],
    )


def _charted_plan(roadmap: Document) -> Plan:
    """The plan the report's charts draw (timeline, forum calendar), rebuilt from a roadmap
    answer: phases, the sessions of the forums used, and each scheduled initiative's session,
    cycle, phase, title, pillar and sensitivity. KPIs and evidence are not drawn, so not
    rebuilt."""
    scheduled = tuple(
        Scheduled(
            initiative=Initiative(
                id=item["id"],
                pillar=item["pillar"],
                title=item["title"],
                rationale=item["rationale"],
                kind=item["kind"],
                sensitivity=item["sensitivity"],
                pathway=item["pathway"],
                forums=tuple(item["forums"]),
                participants=tuple(item["participants"]),
                kpis=(),
                duration_years=item["duration_years"],
            ),
            meeting=_meeting(item["forum"]),
            start=date.fromisoformat(item["start"]),
            end=date.fromisoformat(item["end"]),
            phase=item["phase"],
            ready=date.fromisoformat(item["ready"]),
            reason=item["reason"],
            fit=item["forum_fit"],
        )
        for item in roadmap["items"]
    )
    return Plan(
        scheduled=scheduled,
        unscheduled=(),
        implied=(),
        meetings=tuple(_meeting(s) for s in roadmap["sessions"]),
        phases=tuple(Phase(**p) for p in roadmap["phases"]),
        horizon=roadmap["horizon"],
        as_of=date.fromisoformat(roadmap["as_of"]),
    )


def _initiative(item: dict[str, Any], titles: dict[str, str]) -> dict[str, Any]:
    forum = item["forum"]
    return {
        "id": item["id"],
        "pillar": item["pillar"],
        "title": item["title"],
        "rationale": item["rationale"],
        "kind": item["kind"],
        "sensitivity": item["sensitivity"],
        "phase": item["phase"],
        "start": item["start"],
        "end": item["end"],
        "forum": forum["forum_name"],
        "session": forum["date"],
        "indicative": forum["indicative"],
        "reason": item["reason"],
        "participants": len(item["participants"]),
        "participants_note": item["participants_note"],
        "prerequisites": [titles.get(p, p) for p in item["prerequisites"]],
        "kpis": [{k: kpi[k] for k in KPI_FIELDS} for kpi in item["kpis"]],
    }


def _timeline(plan: Plan, title: str, sources: list[dict[str, Any]]) -> Document | None:
    chart = gantt(plan)
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
            for s in sorted(plan.scheduled, key=lambda s: (s.start, s.initiative.id))
        ]
    )
    return chart_document(chart, rows, name="timeline", title=title, sources=sources)


def _calendar(plan: Plan, title: str, sources: list[dict[str, Any]]) -> Document | None:
    chart = forum_calendar(plan)
    if chart is None:
        return None
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
    return chart_document(chart, rows, name="calendar", title=title, sources=sources)


def _forum_sources(roadmap: Document) -> list[dict[str, Any]]:
    """The forums the plan uses, as chart sources (publisher, name and address)."""
    forums = {f["forum_id"]: f for f in roadmap["forums"]}
    used = sorted({item["forum"]["forum_id"] for item in roadmap["items"]})
    return [
        {
            "source_id": f,
            "publisher": forums[f]["source"],
            "vintage": "",
            "licence": "",
            "indicator": f"{forums[f]['name']} ({forums[f]['source_url']})",
        }
        for f in used
        if f in forums
    ]


def _page(roadmap: Document) -> Document:
    """The roadmap as the page shows it: initiatives by phase and pillar, the timeline and
    forum calendar, what was left out and why, bottlenecks, limits and datasets."""
    titles = {item["id"]: item["title"] for item in roadmap["items"]}
    pillar_names = {p.id: p.name for p in load_framework().pillars}
    scheduled = [_initiative(item, titles) for item in roadmap["items"]]
    phases = []
    for p in roadmap["phases"]:
        inside = [i for i in scheduled if i["phase"] == p["id"]]
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
                "id": p["id"],
                "start": p["start"],
                "end": p["end"],
                "count": len(inside),
                "pillars": pillars,
            }
        )
    plan = _charted_plan(roadmap)
    forums = _forum_sources(roadmap)
    group = roadmap["group"]
    return {
        "title": roadmap["title"],
        "group": {"id": group["id"], "name": group["name"], "members": len(group["members"])},
        "as_of": roadmap["as_of"],
        "horizon": roadmap["horizon"],
        "scheduled": len(scheduled),
        "phases": phases,
        "unscheduled": [
            {"title": u["title"], "pillar": pillar_names[u["pillar"]], "reason": u["reason"]}
            for u in roadmap["unscheduled"]
        ],
        "not_proposed": [
            {"title": s["title"], "pillar": pillar_names[s["pillar"]], "reason": s["reason"]}
            for s in roadmap["not_proposed"]
        ],
        "bottlenecks": [
            {**b, "initiatives": [titles.get(i, i) for i in b["initiatives"]]}
            for b in roadmap["bottlenecks"]
        ],
        "health_gap": roadmap["health_gap"],
        "limits": roadmap["limits"],
        "sources": [{"dataset_id": s["source_id"], **s} for s in roadmap["sources"]],
        "charts": {
            "timeline": _timeline(plan, roadmap["title"], forums),
            "calendar": _calendar(plan, roadmap["title"], forums),
        },
    }


def _document(request: Request, group: str) -> Document:
    """The page's document of ``group``, drawn from the roadmap read's answer."""
    params = ROADMAP.parse(group=request.app.state.runner.canonical_group(group))
    return drawn(request, ROADMAP, params, "roadmap", _page)


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
