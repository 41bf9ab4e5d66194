"""Roadmap reads: the phased, sequenced, forum-assigned plan for a group, as JSON."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel, ConfigDict

from southsouth.api.documents import Document, sources
from southsouth.api.pages import Page, PageParams, page_params
from southsouth.api.parameters import Checked
from southsouth.api.reads import ALL_TABLES, READ_RESPONSES, ReadsDep
from southsouth.group_grammar import GROUP_TEXT_PATTERN, MAX_GROUP_TEXT
from southsouth.roadmap.build import build_roadmap
from southsouth.roadmap.planner import DEFAULT_HORIZON, MIN_HORIZON
from southsouth.workspace import Workspace

router = APIRouter(prefix="/roadmaps", tags=["roadmaps"])
Paged = Annotated[PageParams, Depends(page_params)]
Rows = list[dict[str, Any]]


class InitiativeRow(BaseModel):
    """A scheduled initiative: pillar, forum session, first cycle, phase and KPIs."""

    model_config = ConfigDict(extra="allow")

    id: str
    pillar: str
    title: str
    sensitivity: str
    phase: str
    start: str
    end: str
    forum: dict[str, Any]
    participants: list[str]
    kpis: Rows
    prerequisites: list[str]


class RoadmapPage(Page[InitiativeRow]):
    """A group's roadmap: scheduled initiatives (paged) with the plan's context."""

    title: str
    group: dict[str, Any]
    as_of: str
    horizon: int
    phases: Rows
    unscheduled: Rows
    not_proposed: Rows
    implied_prerequisites: Rows
    scenarios: Rows
    bottlenecks: Rows
    limits: list[str]


@router.get("/{group}", response_model=RoadmapPage, responses=READ_RESPONSES)
def roadmap(
    request: Request,
    reads: ReadsDep,
    page: Paged,
    group: Annotated[
        str,
        Path(
            min_length=1,
            max_length=MAX_GROUP_TEXT,
            pattern=GROUP_TEXT_PATTERN,
            description="g77, m49-developing, wb-lmic, a bloc id (AU, ASEAN, …) or ISO3 codes "
            "separated by commas",
        ),
        Checked,
    ],
    horizon: Annotated[
        int, Query(ge=MIN_HORIZON, le=DEFAULT_HORIZON, description="Last year of the plan")
    ] = DEFAULT_HORIZON,
) -> Response:
    """The roadmap `southsouth roadmap` plans for a group, as of today (the report's JSON;
    seconds to compute, then cached until the data or the day change)."""
    group = reads.canonical_group(group)

    def compute(ws: Workspace) -> Document:
        built = build_roadmap(ws.warehouse, group, horizon=horizon)
        whole = built.as_dict()
        plan = whole["plan"]
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
            "limits": whole["limits"],
            "sources": sources(ws, [s["dataset_id"] for s in whole["sources"]]),
        }

    params = {"group": group, "horizon": horizon}
    return reads.serve(
        request, "roadmap", params, compute, tables=ALL_TABLES, page=page, heavy=True
    )
