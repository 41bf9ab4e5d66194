"""Questions the registry answers from the warehouse: which countries, which blocs, when.

A country is a member of a bloc in year Y when its membership is in force on 31 December
of Y (start ≤ day < end); ``on`` takes an exact date instead.

Data of year Y are read with the memberships of year Y (:func:`membership_year`): 31
December of Y, or today when Y is the current year or later, or not given. Plans and
relations read today's (or their planning day's) memberships instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from southsouth.errors import UnknownBloc, UnknownCountry, YearOutOfRange
from southsouth.registry.blocs import FULL_STATUSES, MEMBERSHIP_COLUMNS, active_on
from southsouth.registry.crosswalk import normalise_name
from southsouth.warehouse.store import Warehouse

EARLIEST_YEAR = 1945


def membership_year(data_year: int | None, today: date | None = None) -> int:
    """The year whose 31 December memberships apply to data of ``data_year``: the data year,
    at most this year (no membership is forecast)."""
    this_year = (today or date.today()).year
    return this_year if data_year is None else min(data_year, this_year)


def reference_date(year: int | None, on: date | None, *, today: date) -> date:
    """The day a membership question is asked about: ``on``, 31 December of ``year``, or today."""
    if on is not None:
        return on
    if year is None:
        return today
    if not EARLIEST_YEAR <= year <= today.year:
        raise YearOutOfRange(
            f"year {year} is outside {EARLIEST_YEAR}–{today.year}",
            hint="memberships are recorded from 1945 to the current year",
        )
    return date(year, 12, 31)


@dataclass(frozen=True)
class Bloc:
    """A bloc or forum."""

    bloc_id: str
    name: str
    kind: str
    founded: date | None


def countries_table(warehouse: Warehouse) -> pd.DataFrame:
    """The country table, sorted by ISO3."""
    warehouse.require("countries")
    return warehouse.reference_query("SELECT * EXCLUDE (source_id) FROM country ORDER BY iso3")


def blocs_table(warehouse: Warehouse) -> pd.DataFrame:
    """Every bloc with its current number of full members."""
    warehouse.require("countries", "blocs")
    blocs = warehouse.query("SELECT * EXCLUDE (source_id) FROM bloc ORDER BY bloc_id")
    memberships = warehouse.query("SELECT * FROM membership")
    current = active_on(memberships, date.today(), FULL_STATUSES)
    counts = current.groupby("bloc_id")["country_iso3"].nunique()
    blocs["members"] = blocs["bloc_id"].map(counts).fillna(0).astype(int)
    return blocs


def resolve_bloc(warehouse: Warehouse, text: str) -> Bloc:
    """The bloc whose id or name matches ``text`` (case-insensitive), or UnknownBloc."""
    blocs = warehouse.reference_query("SELECT bloc_id, name, kind, founded FROM bloc")
    key = normalise_name(text)
    for row in blocs.itertuples(index=False):
        if key in (normalise_name(row.bloc_id), normalise_name(row.name)):
            founded = None if pd.isna(row.founded) else pd.Timestamp(row.founded).date()
            return Bloc(row.bloc_id, row.name, row.kind, founded)
    raise UnknownBloc(
        text,
        [*blocs["bloc_id"], *blocs["name"]],
        hint="`southsouth blocs` lists every bloc id",
    )


def resolve_country(warehouse: Warehouse, text: str) -> str:
    """ISO3 of the country named or coded by ``text``, or UnknownCountry."""
    countries = warehouse.reference_query("SELECT iso3, iso2, name, official_name FROM country")
    key = text.strip().upper()
    if key in set(countries["iso3"]):
        return key
    by_iso2 = dict(zip(countries["iso2"].fillna(""), countries["iso3"], strict=True))
    if len(key) == 2 and key in by_iso2:
        return by_iso2[key]
    wanted = normalise_name(text)
    for row in countries.itertuples(index=False):
        names = (row.name, row.official_name)
        if any(isinstance(n, str) and normalise_name(n) == wanted for n in names):
            return row.iso3
    raise UnknownCountry(
        text,
        [*countries["iso3"], *countries["name"]],
        hint="use an ISO 3166 alpha-3 code; `southsouth countries` lists them",
    )


def bloc_members(
    warehouse: Warehouse,
    bloc: str,
    *,
    year: int | None = None,
    on: date | None = None,
    all_statuses: bool = False,
    today: date | None = None,
) -> pd.DataFrame:
    """Countries in ``bloc`` on the reference day, with status, dates and source.

    Full members (including suspended ones) by default; ``all_statuses`` adds associates,
    observers, partners and invitees.
    """
    warehouse.require("countries", "blocs")
    found = resolve_bloc(warehouse, bloc)
    day = reference_date(year, on, today=today or date.today())
    if found.founded is not None and day < found.founded:
        raise YearOutOfRange(
            f"{found.bloc_id} was founded on {found.founded.isoformat()}; "
            f"there were no members on {day.isoformat()}",
            hint=f"ask for {found.founded.year} or later",
        )
    memberships = warehouse.reference_query(
        "SELECT * EXCLUDE (source_id) FROM membership WHERE bloc_id = ?", [found.bloc_id]
    )
    active = active_on(memberships, day, None if all_statuses else FULL_STATUSES)
    names = warehouse.reference_query("SELECT iso3, name FROM country")
    out = active.merge(names, left_on="country_iso3", right_on="iso3", how="left")
    out = out.drop(columns=["country_iso3"])
    columns = ["iso3", "name", "bloc_id", *MEMBERSHIP_COLUMNS[2:]]
    out = out[columns].sort_values(["status", "iso3"]).reset_index(drop=True)
    out.attrs["reference_date"] = day
    out.attrs["bloc"] = found
    return out
