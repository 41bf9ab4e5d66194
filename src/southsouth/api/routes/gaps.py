"""Gap reads: military spending shares, cyber commitment, civic space, health workforce,
climate exposure against readiness."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict

from southsouth.api.pages import Page, PageParams, page_params
from southsouth.api.reads import READ_RESPONSES, ReadsDep
from southsouth.periods import TARGET_YEARS
from southsouth.service.http import MAX_GROUPS, GroupItem, Groups
from southsouth.service.reads.gaps import (
    AID_SHOCK,
    CIVIC_SPACE,
    CLIMATE,
    CYBER,
    DEFAULT_CLIMATE_GROUPS,
    DEFAULT_WORKFORCE_GROUPS,
    HEALTH_WORKFORCE,
    MILITARY,
)

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
    """A country's ITU GCI 2024 score and pillar scores; its GCI 2020 score and tier."""

    model_config = ConfigDict(extra="allow")

    iso3: str
    name: str | None = None
    score: float | None
    gci_2020_score: float | None = None
    gci_2020_tier: int | None = None
    gci_2020_tier_name: str | None = None


class CyberPage(Page[CyberRow]):
    """GCI 2024 score gap by group; GCI 2020 tiers and each group's share in the lowest."""

    edition: str
    gap: Rows
    tier_edition: str
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


class ClimateRow(BaseModel):
    """A member's ND-GAIN vulnerability and readiness, their quadrant and its population."""

    model_config = ConfigDict(extra="allow")

    group: str
    iso3: str
    name: str | None = None
    vulnerability: float | None
    readiness: float | None
    gap: float | None
    quadrant: str
    population: float | None


class ClimatePage(Page[ClimateRow]):
    """Climate vulnerability against readiness: cut-offs, people per quadrant by group."""

    year: int
    cutoffs: dict[str, Any]
    quadrants: dict[str, str]
    groups: Rows
    most_exposed: Rows
    most_ready: Rows
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


class AidShockRow(BaseModel):
    """A country's US assistance in the fiscal year and what it weighs against GDP, external
    health financing and ODA."""

    model_config = ConfigDict(extra="allow")

    iso3: str
    name: str | None = None
    at_risk_usd: float | None
    at_risk_pct_gdp: float | None
    health_at_risk_usd: float | None
    rank_usd: int | None
    rank_pct_gdp: int | None


class AidShockPage(Page[AidShockRow]):
    """US assistance at risk in the 2025 cut, by country and group, with scenarios."""

    fiscal_year: int
    flow: str
    groups: Rows
    top_usd: Rows
    top_pct_gdp: Rows
    scenarios: Rows
    contributors: Rows
    data_years: Rows
    totals: dict[str, Any]
    rules: Rows
    year_rule: str
    health_rule: str
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

    params = MILITARY.parse(year=year, groups=group or (), top=top, basis=basis)
    return reads.answer(request, MILITARY, params, page=page)


@router.get("/cyber", response_model=CyberPage, responses=READ_RESPONSES)
def cyber(request: Request, reads: ReadsDep, page: Paged, group: Groups = None) -> Response:
    """ITU GCI 2024 scores (highest first) and each group's score gap to the rest of the
    world; GCI 2020 tiers (a southsouth binning of 2020 scores) with the lowest-tier share."""

    return reads.answer(request, CYBER, CYBER.parse(groups=group or ()), page=page)


@router.get("/civic-space", response_model=CivicPage, responses=READ_RESPONSES)
def civic_space(request: Request, reads: ReadsDep, page: Paged, group: Groups = None) -> Response:
    """CIVICUS Monitor ratings (most closed first), their distribution by group and the
    closed and repressed countries of each group."""

    return reads.answer(request, CIVIC_SPACE, CIVIC_SPACE.parse(groups=group or ()), page=page)


@router.get("/climate", response_model=ClimatePage, responses=READ_RESPONSES)
def climate(
    request: Request,
    reads: ReadsDep,
    page: Paged,
    group: Groups = None,
    year: Annotated[
        int | None, Query(ge=1995, le=2100, description="ND-GAIN data year (default: its last)")
    ] = None,
    top: Annotated[int, Query(ge=1, le=50, description="Members named in each list")] = 5,
) -> Response:
    """ND-GAIN vulnerability against readiness for each member (default group g77): quadrants
    at the medians of every scored country, people in each by group, the most exposed and
    least ready members and the most ready."""
    params = CLIMATE.parse(groups=group or DEFAULT_CLIMATE_GROUPS, year=year, top=top)
    return reads.answer(request, CLIMATE, params, page=page)


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
    year: Annotated[
        int,
        Query(ge=TARGET_YEARS.first, le=TARGET_YEARS.until, description="Headline year"),
    ] = 2030,
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
    params = HEALTH_WORKFORCE.parse(
        groups=group or DEFAULT_WORKFORCE_GROUPS, year=year, scenario=scenario
    )
    return reads.answer(request, HEALTH_WORKFORCE, params, page=page)


@router.get("/aid-shock", response_model=AidShockPage, responses=READ_RESPONSES)
def aid_shock(
    request: Request,
    reads: ReadsDep,
    page: Paged,
    group: Groups = None,
    flow: Annotated[
        Literal["disbursements", "obligations"], Query(description="What is at risk")
    ] = "disbursements",
    top: Annotated[int, Query(ge=1, le=100, description="Countries in each ranking")] = 10,
    rule: Annotated[
        list[Annotated[str, Query(min_length=1, max_length=40)]] | None,
        Query(
            max_length=3,
            description="Pooled-financing rule, repeatable (up to 3): 0.01%@4500 or 0.1%>4500",
        ),
    ] = None,
) -> Response:
    """US assistance at risk in the 2025 cut (last full US fiscal year in the data) by
    country (largest first) and group, against GDP, external health financing and ODA; the
    share of the health financing at risk that pooled contributions would cover."""
    params = AID_SHOCK.parse(groups=group or (), flow=flow, top=top, rules=tuple(rule or ()))
    return reads.answer(request, AID_SHOCK, params, page=page)
