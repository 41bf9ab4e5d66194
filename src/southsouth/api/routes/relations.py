"""Relations reads: tension and readiness of a pair, of a bloc's pairs; coalitions."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict

from southsouth.api.pages import Page, PageParams, Source, page_params
from southsouth.api.reads import READ_RESPONSES, ReadsDep
from southsouth.group_grammar import DEFAULT_GROUP
from southsouth.relations import OBJECTIVES
from southsouth.service.http import Checked, Country, group_query
from southsouth.service.reads.relations import COALITIONS, MAP, MAX_SIZE, MAX_TOP, PAIR

router = APIRouter(tags=["relations"])
Paged = Annotated[PageParams, Depends(page_params)]
Rows = list[dict[str, Any]]
ObjectiveId = Literal[tuple(OBJECTIVES)]  # type: ignore[valid-type]


class PairRelations(BaseModel):
    """Tension and readiness of two countries, with the records behind them."""

    model_config = ConfigDict(extra="allow")

    pair: list[str]
    names: list[str]
    as_of: str
    tension: float
    tension_label: str
    threshold: float
    rivalry: bool
    readiness: float
    ready: bool
    components: Rows
    history: dict[str, Rows]
    frictions: Rows
    shared_blocs: list[str]
    pathways: list[str]
    notes: list[str]
    sources: list[Source]


class RelationPair(BaseModel):
    """A pair of a bloc's members."""

    model_config = ConfigDict(extra="allow")

    a: str
    b: str
    tension: float | None
    tension_label: str | None
    readiness: float | None
    ready: bool | None


class RelationsPage(Page[RelationPair]):
    """Every pair of a bloc's or group's members, most tense first."""

    group: str
    as_of: str
    threshold: float
    counts: dict[str, int]
    nodes: Rows
    notes: list[str]


class Coalition(BaseModel):
    """A coalition: members, score and how each member contributes."""

    model_config = ConfigDict(extra="allow")

    rank: int
    members: list[str]
    names: list[str]
    score: float
    complementarity: float | None
    max_tension: float | None
    contributions: Rows
    pairs: Rows
    flows: Rows


class CoalitionsPage(Page[Coalition]):
    """The best coalitions for an objective, by rank."""

    objective: dict[str, Any]
    group: str
    size: int
    method: str
    tension_threshold: float
    as_of: str
    candidates: list[str]
    excluded: Rows
    notes: list[str]


@router.get(
    "/relations/{country_a}/{country_b}", response_model=PairRelations, responses=READ_RESPONSES
)
def pair(request: Request, reads: ReadsDep, country_a: Country, country_b: Country) -> Response:
    """Tension (rivalries, conflict, disputes, current frictions) and cooperation readiness
    of two countries, each component with its evidence."""
    return reads.answer(request, PAIR, PAIR.parse(country_a=country_a, country_b=country_b))


@router.get("/relations", response_model=RelationsPage, responses=READ_RESPONSES)
def relations_map(
    request: Request,
    reads: ReadsDep,
    page: Paged,
    group: Annotated[str, group_query("Bloc or group, e.g. SAARC"), Checked],
) -> Response:
    """Tension and readiness between every pair of a bloc's or group's members, most tense
    first."""
    return reads.answer(request, MAP, MAP.parse(group=reads.canonical_group(group)), page=page)


@router.get("/coalitions", response_model=CoalitionsPage, responses=READ_RESPONSES)
def coalitions(
    request: Request,
    reads: ReadsDep,
    page: Paged,
    objective: Annotated[ObjectiveId, Query(description="The pillar objective")],
    group: Annotated[str, group_query("Candidates (default g77)"), Checked] = DEFAULT_GROUP,
    size: Annotated[int, Query(ge=2, le=MAX_SIZE, description="Members per coalition")] = 5,
    top: Annotated[int, Query(ge=1, le=MAX_TOP, description="How many coalitions")] = 3,
    method: Annotated[
        Literal["auto", "exact", "heuristic"],
        Query(description="auto: exact branch and bound up to 8 members, heuristic above"),
    ] = "auto",
) -> Response:
    """The best plurilateral coalitions for a pillar objective among a group: complementary
    strengths and gaps, no high-tension pair; each score explained."""
    params = COALITIONS.parse(
        objective=objective,
        group=reads.canonical_group(group),
        size=size,
        top=top,
        method=method,
    )
    return reads.answer(request, COALITIONS, params, page=page)
