"""Registry reads: liveness, datasets, countries, blocs and their members."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel, ConfigDict

from southsouth import __version__
from southsouth.api.documents import Document, sources
from southsouth.api.pages import Page, PageParams, page_params
from southsouth.api.parameters import DEFAULT, MAX_NAME, Day, Group, Year
from southsouth.api.reads import ALL_TABLES, READ_RESPONSES, REGISTRY_TABLES, ReadsDep
from southsouth.group_grammar import GROUP_TEXT_PATTERN
from southsouth.jsonable import records
from southsouth.workspace import Workspace

router = APIRouter(tags=["registry"])
Paged = Annotated[PageParams, Depends(page_params)]


class Health(BaseModel):
    """Liveness of the server."""

    status: str
    version: str


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
def health() -> Health:
    """Liveness (does not touch the warehouse)."""
    return Health(status="ok", version=__version__)


@router.get("/datasets", response_model=Page[DatasetRow], responses=READ_RESPONSES)
def datasets(request: Request, reads: ReadsDep, page: Paged) -> Response:
    """Loaded datasets with vintage, licence, citation and row counts, by dataset id (each
    row is a full source record, so ``sources`` is empty)."""

    def compute(ws: Workspace) -> Document:
        rows = records(ws.datasets().sort_values("dataset_id", kind="stable"))
        return {"items": rows, "sources": []}

    return reads.serve(request, "datasets", {}, compute, tables=ALL_TABLES, page=page)


@router.get("/countries", response_model=Page[CountryRow], responses=READ_RESPONSES)
def countries(
    request: Request, reads: ReadsDep, page: Paged, group: Group = DEFAULT, year: Year = None
) -> Response:
    """Countries of a Global South definition, bloc or ISO3 list, by ISO3."""

    def compute(ws: Workspace) -> Document:
        frame = ws.countries(group, year=year).sort_values("iso3", kind="stable")
        return {"items": records(frame), "sources": sources(ws, ("countries", "blocs"))}

    params = {"group": group, "year": year}
    return reads.serve(request, "countries", params, compute, tables=REGISTRY_TABLES, page=page)


@router.get("/blocs", response_model=Page[BlocRow], responses=READ_RESPONSES)
def blocs(request: Request, reads: ReadsDep, page: Paged) -> Response:
    """Blocs and forums with their current full-member counts, by bloc id."""

    def compute(ws: Workspace) -> Document:
        frame = ws.blocs().sort_values("bloc_id", kind="stable")
        return {"items": records(frame), "sources": sources(ws, ("blocs",))}

    return reads.serve(request, "blocs", {}, compute, tables=REGISTRY_TABLES, page=page)


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

    def compute(ws: Workspace) -> Document:
        frame = ws.members(bloc, year=year, on=on, all_statuses=all_statuses)
        found = frame.attrs["bloc"]
        reference = frame.attrs["reference_date"]
        ordered = frame.sort_values(["iso3", "start_date"], kind="stable")
        return {
            "bloc_id": found.bloc_id,
            "name": found.name,
            "date": reference.isoformat(),
            "items": records(ordered),
            "sources": sources(ws, ("blocs",)),
        }

    params = {"bloc": bloc, "year": year, "date": on, "all": all_statuses}
    return reads.serve(request, "members", params, compute, tables=REGISTRY_TABLES, page=page)
