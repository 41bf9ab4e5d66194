"""Evidence reads: indicators, observations, country profiles, the composite index and bloc
comparison."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel, ConfigDict

from southsouth.api.pages import Page, PageParams, Source, page_params
from southsouth.api.reads import READ_RESPONSES, ReadsDep
from southsouth.index.options import AGGREGATIONS, IMPUTATIONS, NORMALISATIONS, WEIGHTINGS
from southsouth.indicators.framework import PILLARS
from southsouth.service.http import (
    DEFAULT,
    Checked,
    Countries,
    Country,
    Group,
    GroupItem,
    Year,
    Years,
    group_query,
)
from southsouth.service.limits import DEFAULT_DRAWS, DEFAULT_SEED, MAX_DRAWS
from southsouth.service.reads.evidence import (
    COMPARE,
    DEFAULT_COMPARED,
    INDEX,
    INDICATORS,
    MAX_COMPARED,
    OBSERVATIONS,
    PROFILE,
)

router = APIRouter(tags=["evidence"])
Paged = Annotated[PageParams, Depends(page_params)]

PillarId = Literal[PILLARS]  # type: ignore[valid-type]


class IndicatorRow(BaseModel):
    """A loaded indicator with unit, coverage, source and licence."""

    model_config = ConfigDict(extra="allow")

    indicator: str
    name: str
    unit: str | None = None
    source_id: str
    publisher: str | None = None
    licence: str | None = None
    vintage: str | None = None
    first_year: int | None = None
    last_year: int | None = None
    countries: int


class ObservationRow(BaseModel):
    """One value with its publisher, licence and vintage."""

    model_config = ConfigDict(extra="allow")

    country_iso3: str
    country: str | None = None
    indicator: str
    year: int
    value: float | None
    unit: str | None = None
    source_id: str
    publisher: str
    licence: str
    vintage: str


class ProfileEntry(BaseModel):
    """An indicator of a country: latest value in its window, light, trend and source."""

    model_config = ConfigDict(extra="allow")

    indicator: str
    name: str
    value: float | None
    unit: str | None = None
    year: float | None = None
    status: str
    score: float | None = None
    light: str | None = None
    trend: str | None = None
    dataset: str | None = None
    publisher: str | None = None
    licence: str | None = None
    vintage: str | None = None


class ProfilePillar(BaseModel):
    """A pillar of the profile."""

    pillar: str
    not_measured: list[str]
    indicators: list[ProfileEntry]


class Profile(BaseModel):
    """A country across the pillars."""

    iso3: str
    name: str
    year: int
    framework: str
    pillars: list[ProfilePillar]
    context: list[ProfileEntry]
    sources: list[Source]


class IndexRow(BaseModel):
    """A country's index score and rank, its 5–95 % Monte Carlo rank band, pillar scores."""

    model_config = ConfigDict(extra="allow")

    iso3: str
    name: str | None = None
    score: float | None
    rank: float | None
    share: float | None = None
    median_rank: float | None = None
    rank_q05: float | None = None
    rank_q95: float | None = None
    pillars: dict[str, float | None]


class CompareRow(BaseModel):
    """A bloc's aggregate of one indicator: value, coverage, light, note and sources."""

    model_config = ConfigDict(extra="allow")

    pillar: str
    indicator: str
    name: str
    group: str
    value: float | None
    unit: str | None = None
    light: str | None = None
    coverage: float | None = None


class ComparePage(Page[CompareRow]):
    """Blocs compared on the framework's indicators."""

    year: int
    framework: str
    groups: list[str]
    pillar_names: dict[str, str]


class IndexPage(Page[IndexRow]):
    """The composite index of a group, best first."""

    group: str
    year: int
    framework: str
    pillar: str | None
    draws: int
    seed: int
    options: dict[str, str | float | None]
    weight_table: list[dict[str, str | float | int | None]]
    dropped: list[dict[str, str | float | None]]
    notes: list[str]


@router.get("/indicators", response_model=Page[IndicatorRow], responses=READ_RESPONSES)
def indicators(request: Request, reads: ReadsDep, page: Paged) -> Response:
    """Loaded indicators with unit, coverage, source and licence, by indicator id."""
    return reads.answer(request, INDICATORS, INDICATORS.parse(), page=page)


@router.get(
    "/indicators/{indicator}/observations",
    response_model=Page[ObservationRow],
    responses=READ_RESPONSES,
)
def observations(
    request: Request,
    reads: ReadsDep,
    page: Paged,
    indicator: Annotated[str, Path(min_length=1, max_length=120)],
    country: Countries = None,
    group: Annotated[str | None, group_query("Group or bloc (instead of country)"), Checked] = None,
    year: Years = None,
) -> Response:
    """Values of one indicator by country and year, each with publisher, licence and
    vintage."""
    params = OBSERVATIONS.parse(
        indicator=indicator,
        countries=sorted(country or []),
        group=None if country else group,
        years=sorted(year or []),
    )
    return reads.answer(request, OBSERVATIONS, params, page=page)


@router.get("/countries/{country}/profile", response_model=Profile, responses=READ_RESPONSES)
def profile(request: Request, reads: ReadsDep, country: Country, year: Year = None) -> Response:
    """A country across the pillars: for each indicator the latest value within its
    window (to ``year``, default this year), its score, traffic light, trend and source."""
    return reads.answer(request, PROFILE, PROFILE.parse(country=country, year=year))


@router.get("/index", response_model=IndexPage, responses=READ_RESPONSES)
def index(
    request: Request,
    reads: ReadsDep,
    page: Paged,
    group: Group = DEFAULT,
    year: Year = None,
    pillar: Annotated[
        PillarId | None, Query(description="Rank by this pillar instead of the overall score")
    ] = None,
    normalisation: Literal[NORMALISATIONS] | None = None,  # type: ignore[valid-type]
    aggregation: Literal[AGGREGATIONS] | None = None,  # type: ignore[valid-type]
    weights: Literal[WEIGHTINGS] | None = None,  # type: ignore[valid-type]
    imputation: Literal[IMPUTATIONS] | None = None,  # type: ignore[valid-type]
    draws: Annotated[
        int,
        Query(
            ge=0,
            le=MAX_DRAWS,
            description=f"Monte Carlo draws for the 5–95 % rank bands (0 = none; at most "
            f"{MAX_DRAWS})",
        ),
    ] = DEFAULT_DRAWS,
    seed: Annotated[int, Query(ge=0, le=2**31 - 1, description="Seed of the draws")] = DEFAULT_SEED,
) -> Response:
    """The pillars' composite index (JRC/OECD method) of a group: score, rank, Monte
    Carlo rank band and pillar scores of each country, best first."""
    params = INDEX.parse(
        group=reads.canonical_group(group),
        year=year,
        pillar=pillar,
        normalisation=normalisation,
        aggregation=aggregation,
        weights=weights,
        imputation=imputation,
        draws=draws,
        seed=seed,
    )
    return reads.answer(request, INDEX, params, page=page)


@router.get("/compare", response_model=ComparePage, responses=READ_RESPONSES)
def compare(
    request: Request,
    reads: ReadsDep,
    page: Paged,
    group: Annotated[
        list[GroupItem] | None,
        Query(
            max_length=MAX_COMPARED,
            description=f"Bloc or group; repeatable, at most {MAX_COMPARED} (default "
            f"{', '.join(DEFAULT_COMPARED)})",
        ),
    ] = None,
    year: Year = None,
) -> Response:
    """Blocs side by side on every framework indicator: population-weighted value, coverage
    and light of each bloc and indicator (one row per pair)."""
    params = COMPARE.parse(groups=group or DEFAULT_COMPARED, year=year)
    return reads.answer(request, COMPARE, params, page=page)
