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
from southsouth.language import content
from southsouth.language.catalogue import Translator
from southsouth.report.charts import CALENDAR_YEARS, forum_calendar, gantt
from southsouth.roadmap.model import PILLARS, Initiative, Meeting, Phase, Plan, Scheduled
from southsouth.service.documents import Document
from southsouth.service.http import Checked, group_query
from southsouth.service.reads.roadmap import ROADMAP
from southsouth.web.charts import chart_document, download, table_of_rows
from southsouth.web.pages import Lang, drawn, group_choices
from southsouth.web.render import context, render

router = APIRouter(prefix="/{lang}", include_in_schema=False)

Group = Annotated[str, group_query(), Checked]
Chart = Literal["timeline", "calendar"]
#: The page's tables that download as CSV or XLSX (``kpis``: every initiative's KPI table as
#: one; ``datasets``: the datasets behind the plan).
TABLES = ("initiatives", "kpis", "unscheduled", "not-proposed", "datasets")
Table = Literal[TABLES]  # type: ignore[valid-type]
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


def _meeting(session: dict[str, Any], t: Translator) -> Meeting:
    return Meeting(
        forum_id=session["forum_id"],
        forum_name=content.forum_name(t, session["forum_id"], session["forum_name"]),
        pathway=session["pathway"],
        day=date.fromisoformat(session["date"]),
        indicative=session["indicative"],
        note=session["note"],
    )


def _charted_plan(roadmap: Document, t: Translator) -> Plan:
    """The plan the report's charts draw (timeline, forum calendar), rebuilt from a roadmap
    answer: phases, the sessions of the forums used, and each scheduled initiative's session,
    cycle, phase, title, pillar and sensitivity. KPIs and evidence are not drawn, so not
    rebuilt. Titles and forum names are in ``t``'s language."""
    scheduled = tuple(
        Scheduled(
            initiative=Initiative(
                id=item["id"],
                pillar=item["pillar"],
                title=_title(t, item),
                rationale=item["rationale"],
                kind=item["kind"],
                sensitivity=item["sensitivity"],
                pathway=item["pathway"],
                forums=tuple(item["forums"]),
                participants=tuple(item["participants"]),
                kpis=(),
                duration_years=item["duration_years"],
            ),
            meeting=_meeting(item["forum"], t),
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
        meetings=tuple(_meeting(s, t) for s in roadmap["sessions"]),
        phases=tuple(Phase(**p) for p in roadmap["phases"]),
        horizon=roadmap["horizon"],
        as_of=date.fromisoformat(roadmap["as_of"]),
    )


def _title(t: Translator, item: dict[str, Any]) -> str:
    """An initiative's title in ``t``'s language (with its values, when it is built with some)."""
    return content.initiative_title(t, item["id"], item["title"], item.get("title_values"))


def _initiative(item: dict[str, Any], titles: dict[str, str], t: Translator) -> dict[str, Any]:
    forum = item["forum"]
    return {
        "id": item["id"],
        "pillar": item["pillar"],
        "title": titles[item["id"]],
        "rationale": content.rationale(t, item.get("wording") or (), item["rationale"]),
        "kind": item["kind"],
        "sensitivity": item["sensitivity"],
        "phase": item["phase"],
        "start": item["start"],
        "end": item["end"],
        "forum": content.forum_name(t, forum["forum_id"], forum["forum_name"]),
        "session": forum["date"],
        "indicative": forum["indicative"],
        "reason": item["reason"],
        "participants": len(item["participants"]),
        "participants_note": item["participants_note"],
        "prerequisites": [titles.get(p, p) for p in item["prerequisites"]],
        "kpis": [{k: kpi[k] for k in KPI_FIELDS} for kpi in item["kpis"]],
    }


def _timeline(
    plan: Plan,
    title: str,
    sources: list[dict[str, Any]],
    pillar_names: dict[str, str],
    t: Translator,
) -> Document | None:
    chart = gantt(plan, pillar_names, t=t)
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


def _calendar(
    plan: Plan, title: str, sources: list[dict[str, Any]], t: Translator
) -> Document | None:
    chart = forum_calendar(plan, t=t)
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


def _page(roadmap: Document, t: Translator) -> Document:
    """The roadmap as the page shows it in ``t``'s language: initiatives by phase and pillar,
    the timeline and forum calendar, what was left out and why, bottlenecks, limits and
    datasets."""
    titles = {item["id"]: _title(t, item) for item in roadmap["items"]}
    pillar_names = {p.id: content.pillar_name(t, p.id, p.name) for p in load_framework().pillars}
    scheduled = [_initiative(item, titles, t) for item in roadmap["items"]]
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
    plan = _charted_plan(roadmap, t)
    forums = _forum_sources(roadmap)
    group = roadmap["group"]
    heading = t("roadmap.heading", name=content.group_name(t, group["id"], group["name"]))
    return {
        "title": roadmap["title"],
        "group": {
            "id": group["id"],
            "name": content.group_name(t, group["id"], group["name"]),
            "members": len(group["members"]),
        },
        "as_of": roadmap["as_of"],
        "horizon": roadmap["horizon"],
        "scheduled": len(scheduled),
        "phases": phases,
        "unscheduled": [
            {
                "title": _title(t, u),
                "pillar": pillar_names[u["pillar"]],
                "reason": u["reason"],
            }
            for u in roadmap["unscheduled"]
        ],
        "not_proposed": [
            {
                "title": _title(t, s),
                "pillar": pillar_names[s["pillar"]],
                "reason": s["reason"],
            }
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
            "timeline": _timeline(plan, heading, forums, pillar_names, t),
            "calendar": _calendar(plan, heading, forums, t),
        },
    }


def _document(request: Request, group: str, lang: str) -> Document:
    """The page's document of ``group`` in ``lang``, drawn from the roadmap read's answer."""
    params = ROADMAP.parse(group=request.app.state.runner.canonical_group(group))
    t = Translator(lang)
    return drawn(request, ROADMAP, params, "roadmap", lambda answer: _page(answer, t), lang=lang)


@router.get("/roadmap")
def roadmap_page(request: Request, lang: Lang, group: Group = DEFAULT_GROUP) -> Response:
    """A group's roadmap: timeline, forum calendar, initiatives with KPIs, bottlenecks."""
    document = _document(request, group, lang)
    values = context(
        request,
        lang,
        "roadmap",
        group=group,
        groups=group_choices(request, lang),
        roadmap=document,
        compact=COMPACT,
    )
    return render(request, "roadmap.html.j2", values)


@router.get("/roadmap/{chart}.{fmt}")
def roadmap_chart_download(
    request: Request,
    lang: Lang,
    chart: Chart,
    fmt: Literal["svg", "png", "csv", "xlsx"],
    group: Group = DEFAULT_GROUP,
) -> Response:
    """The roadmap's timeline or forum calendar as SVG or PNG, or its data as CSV."""
    found = _document(request, group, lang)["charts"][chart]
    if found is None:
        raise HTTPException(404, f"the roadmap of {group} schedules nothing, so it has no {chart}")
    return download(request, found, fmt, f"roadmap-{chart}-{group}")


def table_rows(document: Document, table: str) -> list[dict[str, Any]]:
    """The rows of one of the page's ``TABLES`` as the page shows them (titles, pillar and
    forum names in the page's language). A KPI's sources are short citations, kept as
    ``kpi_sources``; rows without a dataset column get every dataset of the plan."""
    shown = [
        (p, pillar, i)
        for p in document["phases"]
        for pillar in p["pillars"]
        for i in pillar["initiatives"]
    ]
    if table == "initiatives":
        return [
            {
                "phase": p["id"],
                "pillar": i["pillar"],
                "pillar_name": pillar["name"],
                "id": i["id"],
                "title": i["title"],
                "kind": i["kind"],
                "sensitivity": i["sensitivity"],
                "start": i["start"],
                "end": i["end"],
                "forum": i["forum"],
                "session": i["session"],
                "indicative": i["indicative"],
                "participants": i["participants"],
                "participants_note": i["participants_note"],
                "prerequisites": "; ".join(i["prerequisites"]),
                "reason": i["reason"],
            }
            for p, pillar, i in shown
        ]
    if table == "kpis":
        return [
            {
                "initiative_id": i["id"],
                "initiative": i["title"],
                **{k: v for k, v in kpi.items() if k != "sources"},
                "kpi_sources": "; ".join(kpi["sources"]),
            }
            for _, _, i in shown
            for kpi in i["kpis"]
        ]
    if table == "datasets":
        return [{"source_id": s["source_id"], **s} for s in document["sources"]]
    return list(document["unscheduled" if table == "unscheduled" else "not_proposed"])


@router.get("/roadmap/table/{table}.{fmt}")
def roadmap_table_download(
    request: Request,
    lang: Lang,
    table: Table,
    fmt: Literal["csv", "xlsx"],
    group: Group = DEFAULT_GROUP,
) -> Response:
    """One of the roadmap page's tables as CSV or XLSX, with the source, licence and data
    years of each row and the plan's datasets."""
    document = _document(request, group, lang)
    rows = table_rows(document, table)
    export = {
        "name": f"roadmap-{table}",
        "export_table": table_of_rows(rows, list(dict.fromkeys(k for row in rows for k in row))),
        "sources": document["sources"],
    }
    return download(request, export, fmt, f"roadmap-{table}-{group}")
