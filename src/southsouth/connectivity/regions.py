"""Areas for route questions: UN M49 regions and subregions, MENA, blocs and groups.

An area is named by one of:

- a region id below (``africa``, ``south-america``, ``south-east-asia``, ``mena``, …), defined
  on the UN M49 region / subregion / intermediate-region columns of the ``country`` table;
- any M49 region, subregion or intermediate-region name as the registry spells it
  (``Western Africa``, ``South-eastern Asia``, ``Caribbean``);
- anything :func:`southsouth.registry.group_countries` accepts: a bloc id (``AU``, ``ASEAN``),
  a Global South definition (``g77``) or a comma list of ISO3 codes.

Members are then restricted to the Global South set (``g77`` by default; ``all`` keeps
every country). Bloc and group membership is today's.

MENA has no M49 definition; here it is M49 Northern Africa and Western Asia plus Iran (which
M49 puts in Southern Asia); the Global South restriction then drops the non-members of the
chosen set (with ``g77``: Israel, Turkey, Cyprus, …).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from southsouth.errors import UnknownBloc, UnknownCountry, UnknownGroup
from southsouth.group_grammar import DEFAULT_GROUP
from southsouth.registry import group_countries, resolve_bloc
from southsouth.registry.crosswalk import normalise_name
from southsouth.warehouse.store import Warehouse


@dataclass(frozen=True)
class RegionDefinition:
    """A named set of M49 regions, subregions and intermediate regions (plus extra ISO3)."""

    id: str
    name: str
    regions: tuple[str, ...] = ()
    subregions: tuple[str, ...] = ()
    intermediate: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()

    def select(self, countries: pd.DataFrame) -> pd.DataFrame:
        """The rows of ``countries`` (the registry table) inside this region."""
        mask = (
            countries["region"].isin(self.regions)
            | countries["subregion"].isin(self.subregions)
            | countries["intermediate_region"].isin(self.intermediate)
            | countries["iso3"].isin(self.extra)
        )
        return countries[mask]

    def rule(self) -> str:
        """The definition in words."""
        parts = [
            *(f"M49 region {r}" for r in self.regions),
            *(f"M49 subregion {s}" for s in self.subregions),
            *(f"M49 intermediate region {i}" for i in self.intermediate),
            *(f"plus {e}" for e in self.extra),
        ]
        return "; ".join(parts)


REGIONS: dict[str, RegionDefinition] = {
    r.id: r
    for r in (
        RegionDefinition("africa", "Africa", regions=("Africa",)),
        RegionDefinition("north-africa", "Northern Africa", subregions=("Northern Africa",)),
        RegionDefinition(
            "sub-saharan-africa", "Sub-Saharan Africa", subregions=("Sub-Saharan Africa",)
        ),
        RegionDefinition("west-africa", "Western Africa", intermediate=("Western Africa",)),
        RegionDefinition("east-africa", "Eastern Africa", intermediate=("Eastern Africa",)),
        RegionDefinition("central-africa", "Middle Africa", intermediate=("Middle Africa",)),
        RegionDefinition("southern-africa", "Southern Africa", intermediate=("Southern Africa",)),
        RegionDefinition(
            "latin-america",
            "Latin America and the Caribbean",
            subregions=("Latin America and the Caribbean",),
        ),
        RegionDefinition("south-america", "South America", intermediate=("South America",)),
        RegionDefinition("central-america", "Central America", intermediate=("Central America",)),
        RegionDefinition("caribbean", "Caribbean", intermediate=("Caribbean",)),
        RegionDefinition("asia", "Asia", regions=("Asia",)),
        RegionDefinition(
            "south-east-asia", "South-eastern Asia", subregions=("South-eastern Asia",)
        ),
        RegionDefinition("south-asia", "Southern Asia", subregions=("Southern Asia",)),
        RegionDefinition("east-asia", "Eastern Asia", subregions=("Eastern Asia",)),
        RegionDefinition("central-asia", "Central Asia", subregions=("Central Asia",)),
        RegionDefinition("west-asia", "Western Asia", subregions=("Western Asia",)),
        RegionDefinition(
            "mena",
            "Middle East and North Africa",
            subregions=("Northern Africa", "Western Asia"),
            extra=("IRN",),
        ),
        RegionDefinition(
            "pacific", "Pacific islands", subregions=("Melanesia", "Micronesia", "Polynesia")
        ),
    )
}

#: Region pairs reported by default (the issue's examples first).
DEFAULT_REGION_PAIRS: tuple[tuple[str, str], ...] = (
    ("africa", "south-america"),
    ("africa", "south-east-asia"),
    ("mena", "latin-america"),
    ("africa", "south-asia"),
    ("south-asia", "latin-america"),
    ("south-east-asia", "latin-america"),
    ("africa", "pacific"),
    ("africa", "africa"),
)
#: Blocs whose internal missing links are reported by default.
DEFAULT_BLOCS: tuple[str, ...] = (
    "AU",
    "ECOWAS",
    "SADC",
    "EAC",
    "ASEAN",
    "CELAC",
    "MERCOSUR",
    "SAARC",
    "LAS",
    "BRICS",
)


@dataclass(frozen=True)
class Area:
    """A resolved area: its members within the Global South set, and how it was defined."""

    id: str
    name: str
    kind: str
    members: tuple[str, ...]
    rule: str
    group: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "members": list(self.members),
            "rule": self.rule,
            "group": self.group,
        }


def _m49_name(countries: pd.DataFrame, text: str) -> RegionDefinition | None:
    wanted = normalise_name(text)
    for column, key in (
        ("region", "regions"),
        ("subregion", "subregions"),
        ("intermediate_region", "intermediate"),
    ):
        for value in countries[column].dropna().unique():
            if normalise_name(str(value)) == wanted:
                slug = wanted.replace(" ", "-")
                return RegionDefinition(slug, str(value), **{key: (str(value),)})
    return None


def resolve_area(warehouse: Warehouse, text: str, *, group: str = DEFAULT_GROUP) -> Area:
    """The area named by ``text`` (see the module docstring), restricted to ``group``.

    Raises UnknownGroup (an InputError) when ``text`` names no region, bloc, group or country.
    """
    countries = group_countries(warehouse, "all")
    south = set(group_countries(warehouse, group)["iso3"])
    key = text.strip()
    definition = REGIONS.get(key.lower()) or _m49_name(countries, key)
    if definition is not None:
        chosen = definition.select(countries)
        kind, rule, ident, name = "region", definition.rule(), definition.id, definition.name
    else:
        try:
            chosen = group_countries(warehouse, key)
        except (UnknownGroup, UnknownBloc, UnknownCountry) as exc:
            raise UnknownGroup(
                text,
                [*REGIONS, *(str(c) for c in countries["subregion"].dropna().unique())],
                hint="use a region id (" + ", ".join(REGIONS) + "), an M49 subregion name, "
                "a bloc id (AU, ASEAN, …), g77, or a comma list of ISO3 codes",
            ) from exc
        try:
            bloc = resolve_bloc(warehouse, key)
            kind, ident, name = "bloc", bloc.bloc_id, bloc.name
        except UnknownBloc:
            kind, ident, name = "group", key, key
        rule = f"members of {ident} today"
    members = tuple(sorted(set(chosen["iso3"]) & south))
    return Area(ident, name, kind, members, f"{rule}; within {group}", group)
