"""Global South definitions and other country groups.

A group is named by one of:

- a built-in definition: ``g77`` (members of the Group of 77, China included; the default
  Global South), ``m49-developing`` (UN M49 developing regions, the list UNSD kept until
  2021), ``wb-lmic`` (World Bank low- and middle-income economies, FY2023), ``all``;
- a bloc id (``AU``, ``BRICS``, ``WHO-AFRO``, …): its full members on the reference day;
- a custom list: comma-separated ISO3 codes or names (``BRA,IND,ZAF``), at most
  :data:`MAX_LIST_ITEMS` of them.

The library never reads files: ``@file`` lists are a command-line convenience, expanded into
a comma list by the command line before they get here (``southsouth.cli.country_lists``).
A group text that still starts with ``@`` is refused. Text arriving over HTTP is held to
:data:`GROUP_TEXT_PATTERN` and :data:`MAX_GROUP_TEXT` before it reaches this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

import pandas as pd

from southsouth.errors import InputError, UnknownBloc, UnknownCountry, UnknownGroup
from southsouth.group_grammar import DEFAULT_GROUP as DEFAULT_GROUP
from southsouth.group_grammar import G77
from southsouth.group_grammar import GROUP_TEXT_PATTERN as GROUP_TEXT_PATTERN
from southsouth.group_grammar import MAX_GROUP_TEXT as MAX_GROUP_TEXT
from southsouth.group_grammar import MAX_LIST_ITEMS as MAX_LIST_ITEMS
from southsouth.registry.membership import (
    Bloc,
    bloc_members,
    countries_table,
    reference_date,
    resolve_bloc,
    resolve_country,
)
from southsouth.warehouse.store import Warehouse


@dataclass(frozen=True)
class GroupDefinition:
    """A built-in Global South definition."""

    id: str
    name: str
    description: str
    source: str


DEFINITIONS: dict[str, GroupDefinition] = {
    d.id: d
    for d in (
        GroupDefinition(
            G77,
            "Group of 77 and China",
            "Members of the G77 on the reference day, China included (the default Global South).",
            "g77.org member list; CIA World Factbook (Jan 2026); curated rows",
        ),
        GroupDefinition(
            "m49-developing",
            "UN M49 developing regions",
            "Countries and areas UNSD classed as developing until it retired the split in 2021.",
            "UN M49 via DataHub country-codes (2020-10)",
        ),
        GroupDefinition(
            "wb-lmic",
            "World Bank low- and middle-income economies",
            "Low, lower-middle and upper-middle income economies, World Bank FY2023.",
            "World Bank income classification FY2023 via NSF SEI 2024",
        ),
        GroupDefinition("all", "All countries and territories", "Every row of the registry.", ""),
    )
}
LMIC = ("Low income", "Lower middle income", "Upper middle income")


def group_countries(
    warehouse: Warehouse,
    group: str = DEFAULT_GROUP,
    *,
    year: int | None = None,
    on: date | None = None,
    today: date | None = None,
) -> pd.DataFrame:
    """Registry rows (iso3, name, region, …) of the countries in ``group``."""
    today = today or date.today()
    day = reference_date(year, on, today=today)
    return warehouse.kept(
        ("group_countries", group.strip(), year, on, today, day),
        lambda: _group_countries(warehouse, group.strip(), year=year, on=on, today=today),
    )


def _group_countries(
    warehouse: Warehouse, key: str, *, year: int | None, on: date | None, today: date
) -> pd.DataFrame:
    """:func:`group_countries` computed (``key`` stripped)."""
    countries = countries_table(warehouse)
    if key.lower() in DEFINITIONS:
        definition = key.lower()
        if definition == "all":
            chosen = countries
        elif definition == "m49-developing":
            chosen = countries[countries["m49_developing"].fillna(False).astype(bool)]
        elif definition == "wb-lmic":
            chosen = countries[countries["income_group"].isin(LMIC)]
        else:
            members = bloc_members(warehouse, "G77", year=year, on=on, today=today)
            chosen = countries[countries["iso3"].isin(members["iso3"])]
        return chosen.reset_index(drop=True)
    if key.startswith("@"):
        raise InputError(
            "country lists from files (@file) are read by the command line only",
            hint="pass ISO3 codes separated by commas, e.g. BRA,IND,ZAF",
        )
    if "," in key:
        return _custom(warehouse, countries, [p for p in key.split(",") if p.strip()])
    try:
        members = bloc_members(warehouse, key, year=year, on=on, today=today)
    except UnknownBloc as exc:
        try:
            return _custom(warehouse, countries, [key])
        except UnknownCountry:
            blocs = warehouse.query("SELECT bloc_id FROM bloc")["bloc_id"]
            raise UnknownGroup(
                key,
                [*DEFINITIONS, *blocs],
                hint="use g77, m49-developing, wb-lmic, all, a bloc id or a comma list of "
                "ISO3 codes",
            ) from exc
    return countries[countries["iso3"].isin(members["iso3"])].reset_index(drop=True)


def _custom(warehouse: Warehouse, countries: pd.DataFrame, items: list[str]) -> pd.DataFrame:
    if len(items) > MAX_LIST_ITEMS:
        raise InputError(
            f"a country list has at most {MAX_LIST_ITEMS} entries; this one has {len(items)}",
            hint="name a bloc or a Global South definition instead of listing its members",
        )
    codes = [resolve_country(warehouse, item) for item in items]
    return countries[countries["iso3"].isin(codes)].reset_index(drop=True)


@dataclass(frozen=True)
class GroupMembers:
    """A bloc or Global South definition resolved to its member countries on a day."""

    entity: str
    name: str
    kind: Literal["bloc", "group"]
    members: tuple[str, ...]
    as_of: date
    note: str | None = None


def group_members(
    warehouse: Warehouse, group: str, *, year: int, today: date | None = None
) -> GroupMembers:
    """Members (ISO3) of a Global South definition, bloc id or custom list on 31 Dec ``year``.

    A bloc founded after ``year`` (e.g. the Hague Group, 2025) gets its members as of
    ``today`` instead, with a note saying so. Raises UnknownGroup (an InputError) when
    ``group`` names nothing in the registry.
    """
    today = today or date.today()
    key = group.strip()
    bloc: Bloc | None = None
    if key.lower() not in DEFINITIONS and "," not in key and not key.startswith("@"):
        try:
            bloc = resolve_bloc(warehouse, key)
        except UnknownBloc:
            bloc = None
    as_of, note = date(year, 12, 31), None
    if bloc is not None and bloc.founded is not None and bloc.founded > as_of:
        as_of = today
        note = (
            f"{bloc.bloc_id} was founded on {bloc.founded.isoformat()}, after {year}; "
            f"members as of {today.isoformat()}"
        )
    frame = group_countries(warehouse, group, on=as_of, today=today)
    members = tuple(sorted(frame["iso3"]))
    if key.lower() in DEFINITIONS:
        definition = DEFINITIONS[key.lower()]
        return GroupMembers(definition.id, definition.name, "group", members, as_of, note)
    if bloc is not None:
        return GroupMembers(bloc.bloc_id, bloc.name, "bloc", members, as_of, note)
    return GroupMembers(key, "custom list: " + ", ".join(members), "group", members, as_of, note)


def resolve_groups(
    warehouse: Warehouse, groups: Sequence[str], *, year: int, today: date | None = None
) -> list[GroupMembers]:
    """:func:`group_members` for each of ``groups``, in order, without repeats."""
    resolved: list[GroupMembers] = []
    for group in groups:
        found = group_members(warehouse, group, year=year, today=today)
        if all(found.entity != r.entity for r in resolved):
            resolved.append(found)
    return resolved


def canonical_group(warehouse: Warehouse, text: str) -> str:
    """One spelling per group, so equivalent texts share cached results: a definition id
    (``g77``), a bloc id (``AU``), or the sorted ISO3 codes of a custom list (``BRA,IND``).

    Raises UnknownGroup / UnknownCountry / InputError as :func:`group_countries` does.
    """
    key = text.strip()
    if key.lower() in DEFINITIONS:
        return key.lower()
    if "," not in key and not key.startswith("@"):
        try:
            return resolve_bloc(warehouse, key).bloc_id
        except UnknownBloc:
            pass
    return ",".join(sorted(group_countries(warehouse, key)["iso3"]))
