"""Country links gained and lost from the 2014 routes to the 2026 routes."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from raw_airline_routes import airport_pairs_by_country_pair
from raw_openflights import linked_country_pairs

from southsouth.connectivity.change import pair_table, route_change
from southsouth.connectivity.regions import resolve_area
from southsouth.registry import group_countries


@pytest.fixture(scope="module")
def change(full_warehouse):
    return route_change(full_warehouse)


def _within(pairs, one, two):
    """The unordered pairs with one country in ``one`` and the other in ``two``."""
    out = set()
    for pair in pairs:
        a, b = sorted(pair)
        if (a in one and b in two) or (a in two and b in one):
            out.add(pair)
    return out


@pytest.mark.golden
def test_area_counts_match_both_raw_files(full_warehouse, change, mirror: Path):
    """G77, Africa, Africa–South America and SADC: links of 2014 and 2026, gained and lost,
    recounted from routes.dat and the raw 2026 JSON independently of southsouth."""
    then = set(linked_country_pairs(mirror))
    now = set(airport_pairs_by_country_pair(mirror))
    rows = change.areas.set_index("area")
    g77 = set(group_countries(full_warehouse, "g77")["iso3"])
    for label, first, second in (
        ("g77", g77, g77),
        ("africa", "africa", "africa"),
        ("africa–south-america", "africa", "south-america"),
        ("SADC", "SADC", "SADC"),
    ):
        a = first if isinstance(first, set) else set(resolve_area(full_warehouse, first).members)
        b = second if isinstance(second, set) else set(resolve_area(full_warehouse, second).members)
        old, new = _within(then, a, b), _within(now, a, b)
        row = rows.loc[label]
        assert (row["linked_2014"], row["linked_2026"]) == (len(old), len(new)), label
        assert (row["gained"], row["lost"]) == (len(new - old), len(old - new)), label
        assert row["net"] == len(new) - len(old)
    assert tuple(rows.loc["g77", ["linked_2014", "linked_2026", "gained", "lost"]]) == (
        719,
        829,
        205,
        95,
    )
    assert tuple(rows.loc["africa", ["linked_2014", "linked_2026"]]) == (248, 280)


def test_pairs_are_counted_once_and_the_sources_named(change):
    pairs = change.pairs
    assert (pairs["country_a"] < pairs["country_b"]).all()
    assert not pairs.duplicated(["country_a", "country_b"]).any()
    assert set(pairs["change"]) == {"gained", "lost"}
    gained = pairs[pairs["change"] == "gained"]
    assert (gained["routes_2014"] == 0).all() and (gained["routes_2026"] > 0).all()
    assert int(change.areas.set_index("area").loc["g77", "gained"]) == len(gained)
    data = change.as_dict()
    json.dumps(data)
    assert [s["year"] for s in data["sources"]] == [2014, 2026]
    assert any("difference between the two sources" in n for n in data["notes"])


def test_pair_table_marks_kept_gained_lost():
    then = pd.DataFrame({"country_a": ["A", "A"], "country_b": ["B", "C"], "routes": [1, 2]})
    now = pd.DataFrame({"country_a": ["A", "B"], "country_b": ["B", "C"], "routes": [3, 1]})
    table = pair_table(then, now, ["A", "B", "C"]).set_index(["country_a", "country_b"])
    assert table["change"].to_dict() == {
        ("A", "B"): "kept",
        ("A", "C"): "lost",
        ("B", "C"): "gained",
    }
    assert table.loc[("A", "C"), "routes_2026"] == 0


def test_air_links_indicator_has_both_networks(full_warehouse, mirror: Path):
    """The framework's direct-air-links indicator: G77 partners of a country in 2014 and 2026,
    each recounted from its raw file."""
    g77 = set(group_countries(full_warehouse, "g77")["iso3"])
    values = full_warehouse.query(
        "SELECT country_iso3, year, value FROM observation "
        "WHERE indicator = 'gs_direct_air_links' AND country_iso3 IN ('NGA', 'BRA')"
    ).set_index(["country_iso3", "year"])["value"]
    for year, pairs in (
        (2014, linked_country_pairs(mirror)),
        (2026, airport_pairs_by_country_pair(mirror)),
    ):
        for country in ("NGA", "BRA"):
            partners = {c for p in pairs if country in p for c in p if c != country} & g77
            assert values[(country, year)] == len(partners), (country, year)
