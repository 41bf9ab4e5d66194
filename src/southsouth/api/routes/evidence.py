"""Evidence reads: indicators, observations, country profiles and the composite index."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel, ConfigDict

from southsouth.api.documents import Document, ids_in, sources
from southsouth.api.pages import Page, PageParams, Source, page_params
from southsouth.api.parameters import (
    DEFAULT,
    Checked,
    Countries,
    Country,
    Group,
    Year,
    Years,
    group_query,
)
from southsouth.api.reads import EVIDENCE_TABLES, READ_RESPONSES, ReadsDep
from southsouth.index.options import AGGREGATIONS, IMPUTATIONS, NORMALISATIONS, WEIGHTINGS
from southsouth.indicators.framework import PILLARS
from southsouth.jsonable import records
from southsouth.workspace import Workspace

router = APIRouter(tags=["evidence"])
Paged = Annotated[PageParams, Depends(page_params)]

#: Monte Carlo draws for the rank bands of the index: default and maximum (~1 s at 1,000).
DEFAULT_DRAWS, MAX_DRAWS = 100, 1000
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
    """A country across the eight pillars."""

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

    def compute(ws: Workspace) -> Document:
        rows = records(ws.indicators().sort_values("indicator", kind="stable"))
        return {"items": rows, "sources": sources(ws, ids_in(rows, "source_id"))}

    return reads.serve(request, "indicators", {}, compute, tables=EVIDENCE_TABLES, page=page)


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
    chosen: list[str] | str | None = country if country else group

    def compute(ws: Workspace) -> Document:
        frame = ws.observations(indicator, countries=chosen, years=year)
        rows = records(frame.sort_values(["country_iso3", "year"], kind="stable"))
        return {"items": rows, "sources": sources(ws, ids_in(rows, "source_id"))}

    params = {
        "indicator": indicator,
        "country": sorted(country or []),
        "group": group,
        "year": sorted(year or []),
    }
    return reads.serve(request, "observations", params, compute, tables=EVIDENCE_TABLES, page=page)


@router.get("/countries/{country}/profile", response_model=Profile, responses=READ_RESPONSES)
def profile(request: Request, reads: ReadsDep, country: Country, year: Year = None) -> Response:
    """A country across the eight pillars: for each indicator the latest value within its
    window (to ``year``, default this year), its score, traffic light, trend and source."""

    def compute(ws: Workspace) -> Document:
        result = ws.profile(country, year=year).as_dict()
        entries = [e for p in result["pillars"] for e in p["indicators"]] + result["context"]
        result["sources"] = sources(ws, ids_in(entries, "dataset"))
        return result

    params = {"country": country, "year": year}
    return reads.serve(request, "profile", params, compute, tables=EVIDENCE_TABLES)


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
    seed: Annotated[int, Query(ge=0, le=2**31 - 1, description="Seed of the draws")] = 1,
) -> Response:
    """The eight-pillar composite index (JRC/OECD method) of a group: score, rank, Monte
    Carlo rank band and pillar scores of each country, best first."""
    group = reads.canonical_group(group)

    def compute(ws: Workspace) -> Document:
        built = ws.pillar_index(
            group=group,
            year=year,
            pillar=pillar,
            normalisation=normalisation,
            aggregation=aggregation,
            weights=weights,
            imputation=imputation,
            replications=draws,
            seed=seed,
        )
        whole = built.as_dict(pillar)
        pillar_scores = {row.pop("iso3"): row for row in whole["pillar_scores"]}
        rows = [{**row, "pillars": pillar_scores.get(row["iso3"], {})} for row in whole["scores"]]
        used = whole["sources"]
        return {
            "group": built.group,
            "year": built.year,
            "framework": built.framework,
            "pillar": pillar,
            "draws": draws,
            "seed": seed,
            "options": whole["options"],
            "items": rows,
            "weight_table": whole["weights"],
            "dropped": whole["dropped"],
            "notes": whole["notes"],
            "sources": sources(ws, ids_in(used, "source_id"), used),
        }

    params = {
        "group": group,
        "year": year,
        "pillar": pillar,
        "normalisation": normalisation,
        "aggregation": aggregation,
        "weights": weights,
        "imputation": imputation,
        "draws": draws,
        "seed": seed,
    }
    return reads.serve(
        request, "index", params, compute, tables=EVIDENCE_TABLES, page=page, heavy=draws > 0
    )
