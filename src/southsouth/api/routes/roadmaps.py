"""Roadmap reads: the phased, sequenced, forum-assigned plan for a group, as JSON."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel, ConfigDict

from southsouth.api.pages import Page, PageParams, page_params
from southsouth.api.reads import READ_RESPONSES, ReadsDep
from southsouth.group_grammar import GROUP_TEXT_PATTERN, MAX_GROUP_TEXT
from southsouth.periods import HORIZONS
from southsouth.service.http import Checked
from southsouth.service.reads.roadmap import ROADMAP

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
    #: Sessions of the forums the plan uses (the forum calendar).
    sessions: Rows
    #: The forums the plan uses, with their source.
    forums: Rows
    #: The health-workforce need, supply and shortage the compact addresses (null: none).
    health_gap: dict[str, Any] | None
    #: The adopted agenda goals and the initiatives serving each; the goals none serves.
    alignment: dict[str, Any] | None
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
        int, Query(ge=HORIZONS.first, le=HORIZONS.last, description="Last year of the plan")
    ] = HORIZONS.last,
) -> Response:
    """The roadmap `southsouth roadmap` plans for a group, as of today (the report's JSON;
    seconds to compute, then cached until the data or the day change)."""
    params = ROADMAP.parse(group=reads.canonical_group(group), horizon=horizon)
    return reads.answer(request, ROADMAP, params, page=page)
