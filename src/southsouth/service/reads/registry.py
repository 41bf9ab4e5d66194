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


class DatasetsParams(ReadParams):
    """Which datasets (the loaded ones, or every one southsouth knows) and the day their
    ages are counted to (SOUTHSOUTH_AS_OF, else today, when not given)."""

    everything: bool = False
    as_of: date | None = None


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


def _datasets(ws: Workspace, p: DatasetsParams) -> Document:
    from southsouth.errors import NotSynced
    from southsouth.jsonable import records
    from southsouth.provenance import STALE_AFTER_YEARS, age_of, as_of_date
    from southsouth.service.documents import declared_year

    as_of = as_of_date(p.as_of or ws.settings.as_of)
    try:
        loaded = records(ws.datasets())
    except NotSynced:
        if not p.everything:
            raise
        loaded = []
    rows = []
    for row in loaded:
        first, last = row.pop("first_data_year", None), row.pop("last_data_year", None)
        if last is None:
            first = last = declared_year(str(row["dataset_id"]))
        rows.append({**row, "status": "loaded", **age_of(first, last, as_of).fields()})
    if p.everything:
        rows += _unloaded(ws, {str(r["dataset_id"]) for r in rows}, as_of)
    rows.sort(key=lambda r: str(r["dataset_id"]))
    return {
        "as_of": as_of.isoformat(),
        "stale_after_years": STALE_AFTER_YEARS,
        "items": rows,
        "sources": [],
    }


def _unloaded(ws: Workspace, loaded: set[str], as_of: date) -> list[dict[str, object]]:
    """Catalogue datasets not loaded yet, with the data year they declare (if any)."""
    from southsouth.provenance import age_of
    from southsouth.sources import all_datasets

    return [
        {
            "dataset_id": d.id,
            "title": d.title,
            "publisher": d.publisher,
            "domain": d.domain,
            "licence": d.licence.name,
            "licence_url": d.licence.url,
            "citation": d.citation,
            "vintage": d.vintage,
            "rows": None,
            "loaded_at": None,
            "retrieved": None,
            "status": "not loaded",
            **age_of(d.data_year, d.data_year, as_of).fields(),
        }
        for d in all_datasets()
        if d.id not in loaded
    ]


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
    "Loaded datasets with vintage, licence, citation, row counts, data years and age",
    DatasetsParams,
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
