"""Registry reads: datasets, countries, blocs and their members."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from southsouth.group_grammar import DEFAULT_GROUP
from southsouth.service.declared import ALL_TABLES, REGISTRY_TABLES, Read, ReadParams
from southsouth.service.parameters import CountryText, GroupText, MembershipYear

if TYPE_CHECKING:
    from southsouth.service.documents import Document
    from southsouth.workspace import Workspace


class NoParams(ReadParams):
    """A read without parameters."""


class CountriesParams(ReadParams):
    """Which countries: a group, and the year (or day) of its memberships."""

    group: GroupText = DEFAULT_GROUP
    year: MembershipYear = None
    on: date | None = None


class MembersParams(ReadParams):
    """Which bloc, on which day, and whether non-full members count."""

    bloc: CountryText
    year: MembershipYear = None
    on: date | None = None
    all_statuses: bool = False


def _datasets(ws: Workspace, _: NoParams) -> Document:
    from southsouth.jsonable import records

    rows = records(ws.datasets().sort_values("dataset_id", kind="stable"))
    return {"items": rows, "sources": []}


def _countries(ws: Workspace, p: CountriesParams) -> Document:
    from southsouth.jsonable import records
    from southsouth.service.documents import sources

    frame = ws.countries(p.group, year=p.year, on=p.on).sort_values("iso3", kind="stable")
    return {"items": records(frame), "sources": sources(ws, ("countries", "blocs"))}


def _blocs(ws: Workspace, _: NoParams) -> Document:
    from southsouth.jsonable import records
    from southsouth.service.documents import sources

    frame = ws.blocs().sort_values("bloc_id", kind="stable")
    return {"items": records(frame), "sources": sources(ws, ("blocs",))}


def _members(ws: Workspace, p: MembersParams) -> Document:
    from southsouth.jsonable import records
    from southsouth.service.documents import sources

    frame = ws.members(p.bloc, year=p.year, on=p.on, all_statuses=p.all_statuses)
    found = frame.attrs["bloc"]
    ordered = frame.sort_values(["iso3", "start_date"], kind="stable")
    return {
        "bloc_id": found.bloc_id,
        "name": found.name,
        "date": frame.attrs["reference_date"].isoformat(),
        "items": records(ordered),
        "sources": sources(ws, ("blocs",)),
    }


DATASETS = Read(
    "datasets",
    "Loaded datasets with vintage, licence, citation and row counts",
    NoParams,
    _datasets,
    ALL_TABLES,
)
COUNTRIES = Read(
    "countries",
    "Countries of a Global South definition, bloc or ISO3 list",
    CountriesParams,
    _countries,
    REGISTRY_TABLES,
)
BLOCS = Read(
    "blocs",
    "Blocs and forums with their current full-member counts",
    NoParams,
    _blocs,
    REGISTRY_TABLES,
)
MEMBERS = Read(
    "members",
    "A bloc's members on a day, each with status, dates and source",
    MembersParams,
    _members,
    REGISTRY_TABLES,
)
