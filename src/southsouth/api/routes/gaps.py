"""Gap reads: military spending shares, cyber commitment, civic space, health workforce."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict

from southsouth.api.documents import Document, ids_in, sources
from southsouth.api.pages import Page, PageParams, page_params
from southsouth.api.parameters import MAX_GROUPS, GroupItem, Groups
from southsouth.api.reads import ALL_TABLES, READ_RESPONSES, ReadsDep
from southsouth.workspace import Workspace

router = APIRouter(prefix="/gaps", tags=["gaps"])
Paged = Annotated[PageParams, Depends(page_params)]
Rows = list[dict[str, Any]]


class MilitaryRow(BaseModel):
    """A region, bloc, group or top-N set: spending and share of the world total."""

    model_config = ConfigDict(extra="allow")

    year: int
    entity: str
    name: str
    kind: str
    value_usd_bn: float | None
    share_pct: float | None
    source_id: str | None = None
    licence: str | None = None
    vintage: str | None = None


class MilitaryPage(Page[MilitaryRow]):
    """Shares of world military spending (SIPRI)."""

    year: int
    world_usd_bn: float | None
    world_basis: str
    top: Rows
    notes: list[str]


class CyberRow(BaseModel):
    """A country's ITU GCI 2020 score, pillar scores and tier."""

    model_config = ConfigDict(extra="allow")

    iso3: str
    name: str | None = None
    score: float | None
    tier: int | None
    tier_name: str | None


class CyberPage(Page[CyberRow]):
    """GCI 2020 tiers and each group's share in the lowest tiers."""

    rule: str
    tiers: Rows
    distribution: Rows
    lowest: Rows
    notes: list[str]


class CivicRow(BaseModel):
    """A country's CIVICUS Monitor rating (1 closed … 5 open)."""

    model_config = ConfigDict(extra="allow")

    iso3: str
    name: str | None = None
    rating: int
    label: str


class CivicPage(Page[CivicRow]):
    """CIVICUS ratings with the distribution by group."""

    snapshot: str
    distribution: Rows
    lists: Rows
    named_in_founding_text: Rows
    notes: list[str]


class WorkforceRow(BaseModel):
    """A country's need, supply and shortage of health workers in the headline year."""

    model_config = ConfigDict(extra="allow")

    country_iso3: str
    name: str | None = None
    year: int
    need: float | None
    supply: float | None
    shortage: float | None
    coverage: float | None
    has_data: bool


class WorkforcePage(Page[WorkforceRow]):
    """The health-workforce gap of some groups in a year, with the projection."""

    year: int
    groups: list[str]
    headline: Rows
    published: Rows
    projection: Rows
    without_data: Rows
    scenario: dict[str, Any]
    notes: list[str]


@router.get("/military", response_model=MilitaryPage, responses=READ_RESPONSES)
def military(
    request: Request,
    reads: ReadsDep,
    page: Paged,
    year: Annotated[int, Query(ge=1949, le=2100, description="Year of SIPRI data")],
    group: Groups = None,
    top: Annotated[int, Query(ge=1, le=50, description="Largest spenders to sum")] = 5,
    basis: Annotated[
        Literal["current", "constant-2022"], Query(description="US$ basis of regional totals")
    ] = "current",
) -> Response:
    """Shares of world military spending by SIPRI region, bloc, Global South group and the
    top N spenders (SIPRI's order: regions, then groups)."""

    def compute(ws: Workspace) -> Document:
        whole = ws.military_shares(year, groups=group or (), top=top, basis=basis).as_dict()
        return {
            "year": whole["year"],
            "world_usd_bn": whole["world_usd_bn"],
            "world_basis": whole["world_basis"],
            "items": whole["rows"],
            "top": whole["top"],
            "notes": whole["notes"],
            "sources": sources(ws, ids_in(whole["rows"], "source_id")),
        }

    params = {"year": year, "group": group or [], "top": top, "basis": basis}
    return reads.serve(request, "military", params, compute, tables=ALL_TABLES, page=page)


@router.get("/cyber", response_model=CyberPage, responses=READ_RESPONSES)
def cyber(request: Request, reads: ReadsDep, page: Paged, group: Groups = None) -> Response:
    """ITU GCI 2020 scores binned into tiers (highest score first) and each group's share
    in the lowest tiers."""

    def compute(ws: Workspace) -> Document:
        whole = ws.cyber_gaps(group or ()).as_dict()
        return {
            "rule": whole["rule"],
            "tiers": whole["tiers"],
            "items": whole["scores"],
            "distribution": whole["distribution"],
            "lowest": whole["lowest"],
            "notes": whole["notes"],
            "sources": sources(ws, [whole["source"]["source_id"]], [whole["source"]]),
        }

    return reads.serve(request, "cyber", {"group": group or []}, compute, page=page)


@router.get("/civic-space", response_model=CivicPage, responses=READ_RESPONSES)
def civic_space(request: Request, reads: ReadsDep, page: Paged, group: Groups = None) -> Response:
    """CIVICUS Monitor ratings (most closed first), their distribution by group and the
    closed and repressed countries of each group."""

    def compute(ws: Workspace) -> Document:
        whole = ws.civic_space(group or ()).as_dict()
        return {
            "snapshot": whole["snapshot"],
            "items": whole["ratings"],
            "distribution": whole["distribution"],
            "lists": whole["lists"],
            "named_in_founding_text": whole["named_in_founding_text"],
            "notes": whole["notes"],
            "sources": sources(ws, [whole["source"]["source_id"]], [whole["source"]]),
        }

    return reads.serve(request, "civic-space", {"group": group or []}, compute, page=page)


@router.get("/health-workforce", response_model=WorkforcePage, responses=READ_RESPONSES)
def health_workforce(
    request: Request,
    reads: ReadsDep,
    page: Paged,
    group: Annotated[
        list[GroupItem] | None,
        Query(
            max_length=MAX_GROUPS,
            description="WHO region (afro, amro, …), bloc or group; repeatable (default afro)",
        ),
    ] = None,
    year: Annotated[int, Query(ge=2025, le=2050, description="Headline year")] = 2030,
    scenario: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            description="baseline, or levers e.g. training=2%,attrition=1%,emigration=0.5%",
        ),
    ] = "baseline",
) -> Response:
    """Need, supply, shortage and coverage of doctors, nurses and midwives (4.45 per 1,000):
    countries of the headline year by ISO3, group totals, the projection and the published
    figures it is checked against."""

    def compute(ws: Workspace) -> Document:
        view = ws.health_workforce(group or (), year=year, scenario=scenario)
        whole = view.result.as_dict()
        countries = view.countries.sort_values(["country_iso3", "cadre"], kind="stable")
        used = whole["sources"]
        return {
            "year": view.year,
            "groups": list(view.groups),
            "items": countries,
            "headline": view.headline,
            "published": view.published(),
            "projection": whole["groups"],
            "without_data": whole["without_data"],
            "scenario": whole["scenario"],
            "notes": whole["notes"],
            "sources": sources(ws, ids_in(used, "dataset_id"), used),
        }

    params = {"group": group or [], "year": year, "scenario": scenario}
    return reads.serve(request, "health-workforce", params, compute, page=page, heavy=True)
