"""Connectivity reads: missing direct air links and hubs of the Global South network.

Routes are OpenFlights' of 2014 (the latest open route table); each response says so in
``notes`` and in its source's ``caveat``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from southsouth.api.documents import Document, ids_in, sources
from southsouth.api.pages import Page, PageParams, page_params
from southsouth.api.parameters import Checked, group_query
from southsouth.api.reads import ALL_TABLES, READ_RESPONSES, ReadsDep
from southsouth.group_grammar import DEFAULT_GROUP
from southsouth.workspace import Workspace

router = APIRouter(prefix="/connectivity", tags=["connectivity"])
Paged = Annotated[PageParams, Depends(page_params)]

SouthGroup = Annotated[str, group_query("The Global South set (default g77)"), Checked]
AREA = "Region (africa, south-america, mena, …), bloc or group"


class MissingLink(BaseModel):
    """A country pair with strong expected air demand and no direct flight in 2014."""

    model_config = ConfigDict(extra="allow")

    rank: int
    from_iso3: str
    to_iso3: str
    from_airport: str | None = None
    to_airport: str | None = None
    demand_score: float | None
    distance_km: float | None
    stops_2014: int | None = None
    via_north_2014: bool | None = None


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


def _sources(ws: Workspace, whole: dict[str, Any]) -> list[dict[str, Any]]:
    given = [whole["source"], *whole.get("inputs_source", [])]
    return sources(ws, ids_in(given, "source_id"), given)


@router.get("/missing-links", response_model=MissingLinksPage, responses=READ_RESPONSES)
def missing_links(
    request: Request,
    reads: ReadsDep,
    page: Paged,
    from_area: Annotated[str, group_query(AREA, alias="from"), Checked],
    to_area: Annotated[str, group_query(AREA, alias="to"), Checked],
    top: Annotated[int, Query(ge=1, le=200, description="Missing links to rank")] = 10,
    group: SouthGroup = DEFAULT_GROUP,
) -> Response:
    """Country pairs between two areas with the strongest expected demand (a gravity model
    fitted on the pairs that do have flights) and no direct flight, by rank."""

    def compute(ws: Workspace) -> Document:
        whole = ws.missing_air_links(from_area, to_area, top=top, group=group).as_dict()
        return {
            "from": whole["from"],
            "to": whole["to"],
            "counts": whole["counts"],
            "model": whole["model"],
            "year": whole["year"],
            "items": whole["links"],
            "notes": whole["notes"],
            "sources": _sources(ws, whole),
        }

    params = {"from": from_area, "to": to_area, "top": top, "group": group}
    return reads.serve(
        request, "missing-air", params, compute, tables=ALL_TABLES, page=page, heavy=True
    )


@router.get("/hubs", response_model=HubsPage, responses=READ_RESPONSES)
def hubs(
    request: Request,
    reads: ReadsDep,
    page: Paged,
    group: SouthGroup = DEFAULT_GROUP,
    level: Literal["country", "airport"] = "country",
    by: Literal["betweenness", "degree"] = "betweenness",
    top: Annotated[int, Query(ge=1, le=500, description="Hubs to rank")] = 20,
) -> Response:
    """Hubs of the air network among a group's members, by rank."""

    def compute(ws: Workspace) -> Document:
        whole = ws.air_hubs(group=group, level=level, by=by, top=top).as_dict()
        return {
            "level": whole["level"],
            "group": whole["group"],
            "by": whole["by"],
            "nodes": whole["nodes"],
            "edges": whole["edges"],
            "items": whole["hubs"],
            "notes": whole["notes"],
            "sources": _sources(ws, whole),
        }

    params = {"group": group, "level": level, "by": by, "top": top}
    return reads.serve(
        request, "air-hubs", params, compute, tables=ALL_TABLES, page=page, heavy=True
    )
