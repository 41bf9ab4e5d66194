"""Capacity-gap reads: military spending, cyber readiness, civic space, health workforce,
aid-shock exposure, climate exposure against readiness."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field

from southsouth.group_grammar import DEFAULT_GROUP
from southsouth.service.declared import ALL_TABLES, Read, ReadParams
from southsouth.service.parameters import GroupTexts, TargetYear

if TYPE_CHECKING:
    from southsouth.service.documents import Document
    from southsouth.workspace import Workspace

#: The health-workforce groups when none are given (WHO African Region).
DEFAULT_WORKFORCE_GROUPS = ("afro",)
#: The climate-gap groups when none are given.
DEFAULT_CLIMATE_GROUPS = (DEFAULT_GROUP,)


class MilitaryParams(ReadParams):
    """A year of SIPRI data, the groups to sum, the top spenders and the US$ basis."""

    year: Annotated[int, Field(ge=1949, le=2100)]
    groups: GroupTexts = ()
    top: Annotated[int, Field(ge=1, le=50)] = 5
    basis: Literal["current", "constant-2022"] = "current"


class GroupsParams(ReadParams):
    """Groups to summarise (default: the standard set)."""

    groups: GroupTexts = ()


class ClimateParams(ReadParams):
    """Groups whose members' climate vulnerability and readiness are compared, the ND-GAIN
    year (default: its last) and how many members each list names."""

    groups: GroupTexts = DEFAULT_CLIMATE_GROUPS
    year: Annotated[int | None, Field(ge=1995, le=2100)] = None
    top: Annotated[int, Field(ge=1, le=50)] = 5


class WorkforceParams(ReadParams):
    """Groups, the headline year and the scenario of the health-workforce model."""

    groups: GroupTexts = DEFAULT_WORKFORCE_GROUPS
    year: TargetYear = 2030
    scenario: Annotated[str, Field(min_length=1, max_length=200)] = "baseline"


class AidShockParams(ReadParams):
    """Groups, the flow at risk, the countries per ranking and the contribution rules."""

    groups: GroupTexts = ()
    flow: Literal["disbursements", "obligations"] = "disbursements"
    top: Annotated[int, Field(ge=1, le=100)] = 10
    rules: Annotated[
        tuple[Annotated[str, Field(min_length=1, max_length=40)], ...], Field(max_length=3)
    ] = ()


def _military(ws: Workspace, p: MilitaryParams) -> Document:
    from southsouth.service.documents import ids_in, sources

    whole = ws.military_shares(p.year, groups=p.groups, top=p.top, basis=p.basis).as_dict()
    return {
        "year": whole["year"],
        "world_usd_bn": whole["world_usd_bn"],
        "world_basis": whole["world_basis"],
        "items": whole["rows"],
        "top": whole["top"],
        "notes": whole["notes"],
        "sources": sources(ws, ids_in(whole["rows"], "source_id")),
    }


def _cyber(ws: Workspace, p: GroupsParams) -> Document:
    from southsouth.service.documents import sources

    result = ws.cyber_gaps(p.groups)
    whole = result.as_dict()
    used = result.sources()
    return {
        "edition": whole["edition"],
        "items": whole["scores"],
        "gap": whole["gap"],
        "tier_edition": whole["tier_edition"],
        "rule": whole["rule"],
        "tiers": whole["tiers"],
        "distribution": whole["distribution"],
        "lowest": whole["lowest"],
        "notes": whole["notes"],
        "sources": sources(ws, [s["source_id"] for s in used], used),
    }


def _civic_space(ws: Workspace, p: GroupsParams) -> Document:
    from southsouth.service.documents import sources

    whole = ws.civic_space(p.groups).as_dict()
    return {
        "snapshot": whole["snapshot"],
        "items": whole["ratings"],
        "distribution": whole["distribution"],
        "lists": whole["lists"],
        "named_in_founding_text": whole["named_in_founding_text"],
        "notes": whole["notes"],
        "sources": sources(ws, [whole["source"]["source_id"]], [whole["source"]]),
    }


def _health_workforce(ws: Workspace, p: WorkforceParams) -> Document:
    from southsouth.service.documents import ids_in, sources

    view = ws.health_workforce(p.groups, year=p.year, scenario=p.scenario)
    whole = view.result.as_dict()
    countries = view.countries.sort_values(["country_iso3", "cadre"], kind="stable")
    used = whole["sources"]
    return {
        "year": view.year,
        "groups": list(view.groups),
        "items": countries,
        "headline": view.headline,
        "published": view.published(),
        "comparisons": [c.as_dict() for c in view.result.comparisons],
        "projection": whole["groups"],
        "without_data": whole["without_data"],
        "scenario": whole["scenario"],
        "notes": whole["notes"],
        "sources": sources(ws, ids_in(used, "dataset_id"), used),
    }


MILITARY = Read(
    "gaps military",
    "Shares of world military spending by SIPRI region, bloc, group and top spenders",
    MilitaryParams,
    _military,
    ALL_TABLES,
)
CYBER = Read(
    "gaps cyber",
    "ITU GCI 2024 scores and each group's gap to the rest of the world; GCI 2020 tiers",
    GroupsParams,
    _cyber,
    ALL_TABLES,
)
CIVIC_SPACE = Read(
    "gaps civic-space",
    "CIVICUS Monitor ratings, their distribution by group, closed and repressed countries",
    GroupsParams,
    _civic_space,
    ALL_TABLES,
)


def _climate(ws: Workspace, p: ClimateParams) -> Document:
    from southsouth.gaps.climate import climate_gaps
    from southsouth.service.documents import sources

    whole = climate_gaps(ws.warehouse, p.groups or DEFAULT_CLIMATE_GROUPS, year=p.year).as_dict(
        top=p.top
    )
    used = whole["sources"]
    return {
        "year": whole["year"],
        "cutoffs": whole["cutoffs"],
        "quadrants": whole["quadrants"],
        "items": whole["members"],
        "groups": whole["groups"],
        "most_exposed": whole["most_exposed"],
        "most_ready": whole["most_ready"],
        "notes": whole["notes"],
        "sources": sources(ws, [s["source_id"] for s in used], used),
    }


CLIMATE = Read(
    "gaps climate",
    "ND-GAIN climate vulnerability against readiness by member: quadrants at the medians, "
    "people in each by group, the most exposed and least ready, the most ready",
    ClimateParams,
    _climate,
    ALL_TABLES,
)


def _aid_shock(ws: Workspace, p: AidShockParams) -> Document:
    from southsouth.gaps.aid_shock import DEFAULT_RULES, aid_shock
    from southsouth.service.documents import sources

    result = aid_shock(
        ws.warehouse,
        groups=p.groups or (),
        flow=p.flow,
        rules=p.rules or DEFAULT_RULES,
        top=p.top,
    )
    whole = result.as_dict()
    return {
        "fiscal_year": whole["fiscal_year"],
        "flow": whole["flow"],
        "items": whole["countries"],
        "groups": whole["groups"],
        "top_usd": whole["top_usd"],
        "top_pct_gdp": whole["top_pct_gdp"],
        "scenarios": whole["scenarios"],
        "contributors": whole["contributors"],
        "data_years": whole["data_years"],
        "totals": whole["totals"],
        "rules": whole["rules"],
        "year_rule": whole["year_rule"],
        "health_rule": whole["health_rule"],
        "notes": whole["notes"],
        "sources": sources(ws, result.source_ids),
    }


HEALTH_WORKFORCE = Read(
    "gaps health-workforce",
    "Need, supply, shortage and coverage of doctors, nurses and midwives (4.45 per 1,000)",
    WorkforceParams,
    _health_workforce,
    ALL_TABLES,
    heavy=lambda p: True,
)
AID_SHOCK = Read(
    "gaps aid-shock",
    "US assistance at risk in the 2025 cut by country and group (last full fiscal year), "
    "against GDP, external health financing and ODA; pooled-financing scenarios",
    AidShockParams,
    _aid_shock,
    ALL_TABLES,
)
