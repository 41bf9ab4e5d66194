"""Connectivity reads: direct links of a pair, missing direct air links and hubs of the
Global South network.

Routes are the scheduled non-stop services listed around 3 May 2026, with OpenFlights' June 2014
routes as history; each response says so in ``notes`` and in its sources' ``caveat``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from southsouth.api.pages import Page, PageParams, page_params
from southsouth.api.reads import READ_RESPONSES, ReadsDep
from southsouth.group_grammar import DEFAULT_GROUP, GROUP_TEXT_PATTERN
from southsouth.service.http import MAX_NAME, Checked, group_query
from southsouth.service.reads.connectivity import (
    HUBS,
    MAX_HUBS,
    MAX_MISSING,
    MISSING,
    ROUTE_CHANGE,
    ROUTE_LINKS,
)

router = APIRouter(prefix="/connectivity", tags=["connectivity"])
Paged = Annotated[PageParams, Depends(page_params)]

SouthGroup = Annotated[str, group_query("The Global South set (default g77)"), Checked]
AREA = "Region (africa, south-america, mena, …), bloc or group"


class MissingLink(BaseModel):
    """A country pair with strong expected air demand and no direct flight in 2026."""

    model_config = ConfigDict(extra="allow")

    rank: int
    from_iso3: str
    to_iso3: str
    from_airport: str | None = None
    to_airport: str | None = None
    demand_score: float | None
    distance_km: float | None
    stops: int | None = None
    via_north: bool | None = None
    linked_2014: bool | None = None


class MissingLinksPage(Page[MissingLink]):
    """The strongest missing links between two areas, by demand rank."""

    from_: dict[str, Any] = Field(alias="from")
    to: dict[str, Any]
    counts: dict[str, int | None]
    model: dict[str, Any]
    year: int | None
    notes: list[str]


class Hub(BaseModel):
    """A hub of the network among a group's members."""

    model_config = ConfigDict(extra="allow")

    rank: int
    name: str | None = None
    degree: int | None = None
    routes: int | None = None
    betweenness: float | None = None


class HubsPage(Page[Hub]):
    """Hubs ranked by degree or betweenness."""

    level: str
    group: str
    by: str
    nodes: int
    edges: int
    notes: list[str]


class Route(BaseModel):
    """A non-stop route between the two countries."""

    model_config = ConfigDict(extra="allow")


class LinksPage(Page[Route]):
    """Direct routes between two countries and the fewest-stops paths between their
    capitals."""

    model_config = ConfigDict(extra="allow")


CountryQuery = Annotated[
    str,
    Query(
        min_length=1,
        max_length=MAX_NAME,
        pattern=GROUP_TEXT_PATTERN,
        description="ISO3 code or country name",
    ),
]


@router.get("/links", response_model=LinksPage, responses=READ_RESPONSES)
def links(
    request: Request,
    reads: ReadsDep,
    page: Paged,
    a: CountryQuery,
    b: CountryQuery,
    group: SouthGroup = DEFAULT_GROUP,
) -> Response:
    """Direct routes between countries ``a`` and ``b`` and the fewest-stops paths between
    their capitals (the hubs they pass, and whether a path runs through the North)."""
    params = ROUTE_LINKS.parse(country_a=a, country_b=b, group=group)
    return reads.answer(request, ROUTE_LINKS, params, page=page)


@router.get("/missing-links", response_model=MissingLinksPage, responses=READ_RESPONSES)
def missing_links(
    request: Request,
    reads: ReadsDep,
    page: Paged,
    from_area: Annotated[str, group_query(AREA, alias="from"), Checked],
    to_area: Annotated[str, group_query(AREA, alias="to"), Checked],
    top: Annotated[int, Query(ge=1, le=MAX_MISSING, description="Missing links to rank")] = 10,
    group: SouthGroup = DEFAULT_GROUP,
) -> Response:
    """Country pairs between two areas with the strongest expected demand (a gravity model
    fitted on the pairs that do have flights) and no direct flight, by rank."""
    params = MISSING.parse(from_area=from_area, to_area=to_area, top=top, group=group)
    return reads.answer(request, MISSING, params, page=page)


@router.get("/hubs", response_model=HubsPage, responses=READ_RESPONSES)
def hubs(
    request: Request,
    reads: ReadsDep,
    page: Paged,
    group: SouthGroup = DEFAULT_GROUP,
    level: Literal["country", "airport"] = "country",
    by: Literal["betweenness", "degree"] = "betweenness",
    top: Annotated[int, Query(ge=1, le=MAX_HUBS, description="Hubs to rank")] = 20,
) -> Response:
    """Hubs of the air network among a group's members, by rank."""
    params = HUBS.parse(group=group, level=level, by=by, top=top)
    return reads.answer(request, HUBS, params, page=page)


class ChangeRow(BaseModel):
    """An area's country links in 2014 and 2026, or one pair that changed."""

    model_config = ConfigDict(extra="allow")


class ChangePage(Page[ChangeRow]):
    """Country links gained and lost between the 2014 and 2026 route networks."""

    group: str
    years: list[int]
    detail: str
    notes: list[str]


@router.get("/change", response_model=ChangePage, responses=READ_RESPONSES)
def change(
    request: Request,
    reads: ReadsDep,
    page: Paged,
    group: SouthGroup = DEFAULT_GROUP,
    detail: Literal["areas", "pairs"] = "areas",
) -> Response:
    """Country links among a group's members gained and lost from the June 2014 routes to the
    May 2026 routes: per region pair and bloc (``areas``) or pair by pair (``pairs``)."""
    params = ROUTE_CHANGE.parse(group=group, detail=detail)
    return reads.answer(request, ROUTE_CHANGE, params, page=page)
