"""Registry reads: liveness, datasets, countries, blocs and their members."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel, ConfigDict

from southsouth.api.pages import Page, PageParams, page_params
from southsouth.api.reads import READ_RESPONSES, ReadsDep
from southsouth.group_grammar import GROUP_TEXT_PATTERN
from southsouth.service.http import DEFAULT, MAX_NAME, Day, Group, Year
from southsouth.service.reads.registry import BLOCS, COUNTRIES, DATASETS, MEMBERS
from southsouth.version import __version__

router = APIRouter(tags=["registry"])
Paged = Annotated[PageParams, Depends(page_params)]


class Health(BaseModel):
    """Liveness of the server, and how far the warming of the dashboard's pages has got."""

    status: str
    version: str
    pages: dict[str, Any] | None = None


class DatasetRow(BaseModel):
    """A loaded dataset: what it is, who publishes it, its licence, vintage and size."""

    model_config = ConfigDict(extra="allow")

    dataset_id: str
    title: str
    publisher: str
    licence: str
    citation: str
    vintage: str
    rows: int
    loaded_at: str
    data_year: int | None = None
    first_data_year: int | None = None
    data_years: str | None = None
    retrieved: str | None = None
    age_years: int | None = None
    stale: bool = False


class CountryRow(BaseModel):
    """A country of the registry."""

    model_config = ConfigDict(extra="allow")

    iso3: str
    name: str
    region: str | None = None
    income_group: str | None = None


class BlocRow(BaseModel):
    """A bloc or forum with its current count of full members."""

    model_config = ConfigDict(extra="allow")

    bloc_id: str
    name: str
    kind: str | None = None
    members: int


class MemberRow(BaseModel):
    """A membership: status, dates and the source that records it."""

    model_config = ConfigDict(extra="allow")

    iso3: str
    name: str | None = None
    status: str
    start_date: str | None = None
    end_date: str | None = None
    source: str | None = None
    source_url: str | None = None


class MembersPage(Page[MemberRow]):
    """A bloc's members on a day."""

    bloc_id: str
    name: str
    date: str


@router.get("/health")
def health(request: Request) -> Health:
    """Liveness (does not touch the warehouse); ``pages``: the background warming of the
    dashboard (state, and seconds per page of the last pass) when the server warms pages."""
    return Health(
        status="ok", version=__version__, pages=getattr(request.app.state, "warming", None)
    )


@router.get("/datasets", response_model=Page[DatasetRow], responses=READ_RESPONSES)
def datasets(request: Request, reads: ReadsDep, page: Paged) -> Response:
    """Loaded datasets with vintage, licence, citation and row counts, by dataset id (each
    row is a full source record, so ``sources`` is empty)."""
    return reads.answer(request, DATASETS, DATASETS.parse(), page=page)


@router.get("/countries", response_model=Page[CountryRow], responses=READ_RESPONSES)
def countries(
    request: Request, reads: ReadsDep, page: Paged, group: Group = DEFAULT, year: Year = None
) -> Response:
    """Countries of a Global South definition, bloc or ISO3 list, by ISO3."""
    params = COUNTRIES.parse(group=group, year=year)
    return reads.answer(request, COUNTRIES, params, page=page)


@router.get("/blocs", response_model=Page[BlocRow], responses=READ_RESPONSES)
def blocs(request: Request, reads: ReadsDep, page: Paged) -> Response:
    """Blocs and forums with their current full-member counts, by bloc id."""
    return reads.answer(request, BLOCS, BLOCS.parse(), page=page)


@router.get("/blocs/{bloc}/members", response_model=MembersPage, responses=READ_RESPONSES)
def members(
    request: Request,
    reads: ReadsDep,
    page: Paged,
    bloc: Annotated[
        str,
        Path(
            min_length=1,
            max_length=MAX_NAME,
            pattern=GROUP_TEXT_PATTERN,
            description="Bloc id or name",
        ),
    ],
    year: Year = None,
    on: Day = None,
    all_statuses: Annotated[
        bool, Query(alias="all", description="Also observers, associates and former members")
    ] = False,
) -> Response:
    """A bloc's members on a day (default: today), each with status, dates and source; by
    ISO3."""
    params = MEMBERS.parse(bloc=bloc, year=year, on=on, all_statuses=all_statuses)
    return reads.answer(request, MEMBERS, params, page=page)
