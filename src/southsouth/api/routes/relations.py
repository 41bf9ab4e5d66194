"""Relations reads: tension and readiness of a pair, of a bloc's pairs; coalitions."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict

from southsouth.api.documents import Document, ids_in, sources
from southsouth.api.pages import Page, PageParams, Source, page_params
from southsouth.api.parameters import Checked, Country, group_query
from southsouth.api.reads import ALL_TABLES, READ_RESPONSES, ReadsDep
from southsouth.group_grammar import DEFAULT_GROUP
from southsouth.relations import OBJECTIVES
from southsouth.workspace import Workspace

router = APIRouter(tags=["relations"])
Paged = Annotated[PageParams, Depends(page_params)]
Rows = list[dict[str, Any]]
#: Coalition bounds: members and coalitions per request (k = 10 solves in about a second).
MAX_SIZE, MAX_TOP = 10, 10
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

    def compute(ws: Workspace) -> Document:
        whole = ws.pair_relations(country_a, country_b).as_dict()
        used = whole["sources"]
        whole["sources"] = sources(ws, ids_in(used, "source_id"), used)
        return whole

    params = {"a": country_a, "b": country_b}
    return reads.serve(request, "relations-pair", params, compute, tables=ALL_TABLES)


@router.get("/relations", response_model=RelationsPage, responses=READ_RESPONSES)
def relations_map(
    request: Request,
    reads: ReadsDep,
    page: Paged,
    group: Annotated[str, group_query("Bloc or group, e.g. SAARC"), Checked],
) -> Response:
    """Tension and readiness between every pair of a bloc's or group's members, most tense
    first."""
    group = reads.canonical_group(group)

    def compute(ws: Workspace) -> Document:
        whole = ws.relations_map(group).as_dict()
        pairs = sorted(whole["pairs"], key=lambda p: (-(p["tension"] or 0.0), p["a"], p["b"]))
        used = whole["sources"]
        return {
            "group": whole["group"],
            "as_of": whole["as_of"],
            "threshold": whole["threshold"],
            "counts": whole["counts"],
            "nodes": whole["nodes"],
            "items": pairs,
            "notes": whole["notes"],
            "sources": sources(ws, ids_in(used, "source_id"), used),
        }

    return reads.serve(request, "relations-map", {"group": group}, compute, page=page, heavy=True)


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
    group = reads.canonical_group(group)

    def compute(ws: Workspace) -> Document:
        whole = ws.coalitions(objective, group=group, size=size, top=top, method=method).as_dict()
        used = whole["sources"]
        return {
            "objective": whole["objective"],
            "group": whole["group"],
            "size": whole["size"],
            "method": whole["method"],
            "tension_threshold": whole["tension_threshold"],
            "as_of": whole["as_of"],
            "candidates": whole["candidates"],
            "excluded": whole["excluded"],
            "items": whole["coalitions"],
            "notes": whole["notes"],
            "sources": sources(ws, ids_in(used, "source_id"), used),
        }

    params = {"objective": objective, "group": group, "size": size, "top": top, "method": method}
    return reads.serve(request, "coalitions", params, compute, page=page, heavy=True)
