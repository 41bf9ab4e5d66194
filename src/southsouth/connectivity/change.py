"""How the air network changed from 2014 to 2026: country links gained and lost.

Two countries are *linked* in a network when at least one non-stop route joins them, in either
direction. From the OpenFlights routes of June 2014 to the scheduled routes of May 2026 a pair
is *gained* (linked only in 2026), *lost* (linked only in 2014) or *kept*. Pairs are unordered
and counted once: a pair inside a region counts once for that region, and a pair between two
regions once for that region pair.

The two networks were collected differently (OpenFlights from airline data and contributors;
2026 from the schedules listed on FlightsFrom.com, with codeshare carriers), so part of any
change is a difference between the sources rather than in flying; every result says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from southsouth.connectivity.network import (
    CURRENT_YEAR,
    HISTORY_YEAR,
    NETWORKS,
    AirNetwork,
    RouteSource,
    country_links,
    load_network,
)
from southsouth.connectivity.regions import DEFAULT_BLOCS, DEFAULT_REGION_PAIRS, resolve_area
from southsouth.group_grammar import DEFAULT_GROUP
from southsouth.jsonable import records
from southsouth.registry import countries_table, group_countries
from southsouth.warehouse.store import Warehouse

#: The areas reported by default: each region pair (and region) and each bloc, inside.
DEFAULT_AREAS: tuple[tuple[str, str], ...] = (
    *DEFAULT_REGION_PAIRS,
    ("south-america", "south-america"),
    ("south-east-asia", "south-east-asia"),
    ("south-asia", "south-asia"),
    ("latin-america", "latin-america"),
    *((bloc, bloc) for bloc in DEFAULT_BLOCS),
)
SOURCES_DIFFER = (
    "the 2014 routes are OpenFlights' and the 2026 routes FlightsFrom.com's schedules: part of "
    "a change can be a difference between the two sources rather than in flying"
)
PAIR_COLUMNS = [
    "country_a",
    "name_a",
    "country_b",
    "name_b",
    "change",
    f"routes_{HISTORY_YEAR}",
    f"routes_{CURRENT_YEAR}",
]


def pair_table(then: pd.DataFrame, now: pd.DataFrame, members: Sequence[str]) -> pd.DataFrame:
    """Every pair of ``members`` linked in either network: country_a, country_b (a < b),
    routes_2014, routes_2026 (distinct airport pairs; 0 = not linked), change."""
    keys = ["country_a", "country_b"]
    inside = set(members)

    def _within(links: pd.DataFrame, year: int) -> pd.DataFrame:
        mask = links["country_a"].isin(inside) & links["country_b"].isin(inside)
        return links.loc[mask, [*keys, "routes"]].rename(columns={"routes": f"routes_{year}"})

    table = _within(then, HISTORY_YEAR).merge(_within(now, CURRENT_YEAR), on=keys, how="outer")
    old, new = f"routes_{HISTORY_YEAR}", f"routes_{CURRENT_YEAR}"
    table[[old, new]] = table[[old, new]].fillna(0).astype(int)
    table["change"] = "kept"
    table.loc[table[old] == 0, "change"] = "gained"
    table.loc[table[new] == 0, "change"] = "lost"
    return table.sort_values(keys).reset_index(drop=True)


def _between(pairs: pd.DataFrame, first: Sequence[str], second: Sequence[str]) -> pd.Series:
    one, two = set(first), set(second)
    a, b = pairs["country_a"], pairs["country_b"]
    return (a.isin(one) & b.isin(two)) | (a.isin(two) & b.isin(one))


def _possible(first: Sequence[str], second: Sequence[str]) -> int:
    one, two = set(first), set(second)
    both = one & two
    return len(one) * len(two) - len(both) - (len(both) * (len(both) - 1)) // 2


@dataclass(frozen=True, eq=False)
class RouteChange:
    """Links gained and lost per area, and the pairs behind them, within a Global South set."""

    group: str
    areas: pd.DataFrame
    pairs: pd.DataFrame
    sources: tuple[RouteSource, RouteSource]
    notes: tuple[str, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {
            "group": self.group,
            "years": [HISTORY_YEAR, CURRENT_YEAR],
            "areas": records(self.areas),
            "pairs": records(self.pairs),
            "sources": [s.as_dict() for s in self.sources],
            "notes": list(self.notes),
        }


def route_change(
    warehouse: Warehouse,
    *,
    group: str = DEFAULT_GROUP,
    areas: Sequence[tuple[str, str]] = DEFAULT_AREAS,
) -> RouteChange:
    """Country links of ``group`` members gained and lost from 2014 to 2026, per area pair.

    ``areas``: (from, to) pairs of anything :func:`resolve_area` accepts; the same area twice
    means the pairs inside it. The first row covers every pair of the group.
    """
    then_net, now_net = load_network(warehouse, HISTORY_YEAR), load_network(warehouse)
    members = tuple(sorted(group_countries(warehouse, group)["iso3"]))
    pairs = pair_table(country_links(then_net), country_links(now_net), members)
    old, new = f"routes_{HISTORY_YEAR}", f"routes_{CURRENT_YEAR}"
    rows = [_area_row(group, "group", pairs, members, members)]
    for first, second in areas:
        a = resolve_area(warehouse, first, group=group)
        b = a if second == first else resolve_area(warehouse, second, group=group)
        label = a.id if first == second else f"{a.id}–{b.id}"
        rows.append(_area_row(label, a.kind, pairs, a.members, b.members))
    names = countries_table(warehouse).set_index("iso3")["name"]
    changed = pairs[pairs["change"] != "kept"].assign(
        name_a=lambda t: t["country_a"].map(names), name_b=lambda t: t["country_b"].map(names)
    )
    served = {
        HISTORY_YEAR: then_net.served_countries(),
        CURRENT_YEAR: now_net.served_countries(),
    }
    notes = [
        SOURCES_DIFFER,
        f"members of {group} as of today; a pair is linked when a non-stop route joins the two "
        "countries in either direction; each pair counted once per area",
        f"routes_{HISTORY_YEAR} / routes_{CURRENT_YEAR}: distinct airport pairs between the two "
        "countries in each network",
    ]
    for year, other in ((HISTORY_YEAR, CURRENT_YEAR), (CURRENT_YEAR, HISTORY_YEAR)):
        only = sorted(set(members) & (served[other] - served[year]))
        if only:
            notes.append(f"no served airport in the {year} routes: " + ", ".join(only))
    return RouteChange(
        group=group,
        areas=pd.DataFrame(rows),
        pairs=changed[PAIR_COLUMNS]
        .sort_values(["change", new, old], ascending=[True, False, False])
        .reset_index(drop=True),
        sources=(then_net.source, now_net.source),
        notes=tuple(notes),
    )


def _area_row(
    label: str, kind: str, pairs: pd.DataFrame, first: Sequence[str], second: Sequence[str]
) -> dict[str, Any]:
    inside = pairs[_between(pairs, first, second)]
    old, new = f"routes_{HISTORY_YEAR}", f"routes_{CURRENT_YEAR}"
    linked_then = int((inside[old] > 0).sum())
    linked_now = int((inside[new] > 0).sum())
    return {
        "area": label,
        "kind": kind,
        "possible_pairs": _possible(first, second),
        f"linked_{HISTORY_YEAR}": linked_then,
        f"linked_{CURRENT_YEAR}": linked_now,
        "gained": int((inside["change"] == "gained").sum()),
        "lost": int((inside["change"] == "lost").sum()),
        "net": linked_now - linked_then,
    }


def history_network(warehouse: Warehouse) -> AirNetwork | None:
    """The 2014 network, or None when its dataset is not loaded."""
    if not warehouse.loaded(NETWORKS[HISTORY_YEAR]):
        return None
    return load_network(warehouse, HISTORY_YEAR)
