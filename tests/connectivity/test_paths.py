"""Capital airports, fewest-stops paths and the Northern-hub flag."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from raw_airline_routes import routes

from southsouth.connectivity.paths import capital_airports, fewest_stops, route_links
from southsouth.errors import InputError, UnknownCountry
from southsouth.registry import group_countries

# ---------------------------------------------------------------- constructed graphs


def graph(edges, countries, coords=None):
    g = nx.DiGraph()
    for node, country in countries.items():
        lat, lon = (coords or {}).get(node, (0.0, float(node)))
        g.add_node(node, country=country, code=f"A{node}", name=f"Airport {node}", lat=lat, lon=lon)
    for u, v, km in edges:
        g.add_edge(u, v, km=km, airlines=1)
    return g


SOUTH = {"S1", "S2", "S3"}


def test_northern_hub_flag_when_every_path_goes_north():
    # 1 (S1) → 2 (N) → 3 (S2): the only way.
    g = graph([(1, 2, 100), (2, 3, 100)], {1: "S1", 2: "N1", 3: "S2"})
    r = fewest_stops(g, 1, 3, SOUTH)
    assert (r.reachable, r.legs, r.stops) == (True, 2, 1)
    assert [s.code for s in r.path] == ["A1", "A2", "A3"]
    assert r.via_north is True
    assert [s.country_iso3 for s in r.north_hubs] == ["N1"]
    assert r.any_avoids_north is False and r.south_path is None
    assert r.shortest_paths == 1
    assert "every path with as few stops passes through the North" in r.describe()


def test_best_path_north_but_a_southern_one_exists():
    # Two one-stop paths: via 2 (North, 200 km) or via 4 (South, 300 km); a two-stop Southern
    # path through 5 and 6 does not count (more stops).
    edges = [(1, 2, 100), (2, 3, 100), (1, 4, 150), (4, 3, 150), (1, 5, 1), (5, 6, 1), (6, 3, 1)]
    g = graph(edges, {1: "S1", 2: "N1", 3: "S2", 4: "S3", 5: "S1", 6: "S1"})
    r = fewest_stops(g, 1, 3, SOUTH)
    assert r.legs == 2 and r.shortest_paths == 2
    assert [s.airport_id for s in r.path] == [1, 2, 3]  # shortest in km
    assert r.distance_km == 200
    assert r.via_north is True and r.any_avoids_north is True
    assert [s.airport_id for s in r.south_path] == [1, 4, 3]
    assert r.south_distance_km == 300


def test_endpoints_in_the_north_do_not_make_a_northern_hub():
    g = graph([(1, 2, 5), (2, 3, 5)], {1: "N1", 2: "S1", 3: "N2"})
    r = fewest_stops(g, 1, 3, SOUTH)
    assert r.via_north is False and r.any_avoids_north is True
    assert r.south_path == r.path


def test_directed_and_unreachable():
    g = graph([(1, 2, 5)], {1: "S1", 2: "S2", 3: "S3"})
    assert fewest_stops(g, 1, 2, SOUTH).legs == 1
    back = fewest_stops(g, 2, 1, SOUTH)
    assert back.reachable is False and back.legs is None and back.path == ()
    assert fewest_stops(g, 1, 3, SOUTH).reachable is False


def test_counts_paths_without_listing_them():
    # A 3-layer complete bipartite ladder: 1 → {2..11} → {12..21} → 22 has 100 shortest paths.
    first, second = range(2, 12), range(12, 22)
    edges = [(1, m, 1) for m in first] + [(m, n, 1) for m in first for n in second]
    edges += [(n, 22, 1) for n in second]
    countries = {1: "S1", 22: "S2"} | {m: "N1" for m in first} | {n: "S3" for n in second}
    r = fewest_stops(graph(edges, countries), 1, 22, SOUTH)
    assert (r.legs, r.shortest_paths, r.via_north, r.any_avoids_north) == (3, 100, True, False)


def test_capital_airports_rules():
    airports = pd.DataFrame(
        {
            "airport_id": [1, 2, 3, 4, 5],
            "name": ["Near small", "Near big", "Far busy", "Name match", "Unserved"],
            "city": ["Cap", "Cap", "Port", "Townsville", "Cap"],
            "country_iso3": ["AAA", "AAA", "AAA", "BBB", "CCC"],
            "code": ["NS", "NB", "FB", "NM", "UN"],
            "iata": ["NS", "NB", "FB", "NM", "UN"],
            "lat": [0.05, 0.3, 5.0, 9.0, 0.0],
            "lon": [0.0, 0.0, 5.0, 9.0, 0.0],
            "routes": [3, 10, 50, 2, 0],
        }
    )
    countries = pd.DataFrame(
        {
            "iso3": ["AAA", "BBB", "CCC", "DDD"],
            "name": ["A", "B", "C", "D"],
            "capital": ["Cap", "Townsville", "Cap", None],
            "capital_lat": [0.0, np.nan, 0.0, np.nan],
            "capital_lon": [0.0, np.nan, 0.0, np.nan],
        }
    )
    out = capital_airports(airports, countries, radius_km=50).set_index("iso3")
    # AAA: airport 2 is 33 km away with more routes than airport 1; airport 3 is too far.
    assert out.loc["AAA", "code"] == "NB"
    assert out.loc["AAA", "method"] == "capital-coordinates"
    assert out.loc["AAA", "distance_km"] == pytest.approx(33.36, abs=0.05)
    assert out.loc["BBB", "method"] == "capital-name" and out.loc["BBB", "code"] == "NM"
    assert out.loc["CCC", "method"] == "no-served-airport" and out.loc["CCC", "flagged"]
    assert out.loc["DDD", "airport"] is None
    tight = capital_airports(airports, countries, radius_km=10).set_index("iso3")
    assert tight.loc["AAA", "code"] == "NS"
    none = capital_airports(airports, countries, radius_km=1e-3).set_index("iso3")
    assert none.loc["AAA", "method"] == "busiest-fallback" and none.loc["AAA", "code"] == "FB"
    assert none.loc["AAA", "flagged"]


# ---------------------------------------------------------------- real data


def raw_routes(mirror: Path) -> set[tuple[str, str]]:
    """(origin IATA, destination IATA) of the non-stop routes of May 2026 in the raw file."""
    return routes(mirror)


def raw_legs(edges: set[tuple[str, str]], start: str, end: str, allowed=None) -> int | None:
    """Fewest flights from ``start`` to ``end`` (breadth-first), changing planes only at
    airports in ``allowed`` (any airport when None)."""
    seen, frontier, legs = {start}, {start}, 0
    out: dict[str, set[str]] = {}
    for a, b in edges:
        out.setdefault(a, set()).add(b)
    while frontier:
        legs += 1
        reached = set()
        for node in frontier:
            if node != start and allowed is not None and node not in allowed:
                continue
            reached |= out.get(node, set()) - seen
        if end in reached:
            return legs
        seen |= reached
        frontier = reached
    return None


def test_non_stop_between_capitals(full_warehouse, mirror: Path):
    assert ("ABV", "ACC") in raw_routes(mirror)
    result = route_links(full_warehouse, "NGA", "Ghana")
    assert result.direct
    assert result.capitals[0]["code"] == "ABV" and result.capitals[1]["code"] == "ACC"
    out = result.outbound
    assert out is not None and out.legs == 1 and out.stops == 0 and out.via_north is False
    assert [s.code for s in out.path] == ["ABV", "ACC"]
    assert ("ABV", "ACC") in set(
        zip(result.routes["from_code"], result.routes["to_code"], strict=True)
    )
    data = result.as_dict()
    json.dumps(data)
    assert "2026-05-03" in data["source"]["caveat"]
    since = data["since_2014"]
    assert since["routes_2026"] == 2 and since["change"] in {"kept", "gained"}
    assert data["outbound"]["summary"] == "ABV (NGA) → ACC (GHA): non-stop"


def test_connection_needed_through_the_north(full_warehouse, mirror: Path):
    """Brasília → Abuja: no route in May 2026; the fewest flights and whether a Southern-only
    connection exists are recounted from the raw file by breadth-first search."""
    raw = raw_routes(mirror)
    assert ("BSB", "ABV") not in raw
    g77 = set(group_countries(full_warehouse, "g77")["iso3"])
    southern = set(
        full_warehouse.query(
            "SELECT iata FROM airport WHERE source_id = 'airline-routes-2026' "
            "AND country_iso3 IN (SELECT unnest(?))",
            [sorted(g77)],
        )["iata"]
    )
    legs = raw_legs(raw, "BSB", "ABV")
    result = route_links(full_warehouse, "BRA", "NGA")
    assert not result.direct and result.routes.empty
    out = result.outbound
    assert out.legs == legs == 3  # two stops: no one-stop connection in May 2026
    assert out.any_avoids_north is (raw_legs(raw, "BSB", "ABV", southern) == legs)
    assert out.via_north is not None
    assert not result.segments().empty
    assert result.since_2014 is not None and result.since_2014["change"] == "none"


def test_route_links_bad_input(full_warehouse):
    with pytest.raises(UnknownCountry):
        route_links(full_warehouse, "NGA", "Atlantis")
    with pytest.raises(InputError):
        route_links(full_warehouse, "NGA", "Nigeria")
