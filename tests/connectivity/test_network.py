"""Air network: cleaning route quirks, country-pair links, the connectivity matrix."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from raw_airline_routes import airport_pairs_by_country_pair
from raw_openflights import linked_country_pairs, regions

from southsouth.connectivity.network import (
    RouteSource,
    build_network,
    connectivity_matrix,
    count_linked_pairs,
    country_links,
    country_route_counts,
    load_network,
    route_caveat,
    south_connectivity,
)
from southsouth.connectivity.regions import resolve_area
from southsouth.errors import InputError

SOURCE = RouteSource("openflights", "test", "ODbL", "routes: June 2014 snapshot", "caveat", 2014)


def airports() -> pd.DataFrame:
    rows = [
        (1, "Alpha", "A-town", "AAA", "AAP", "XAAA", 0.0, 0.0),
        (2, "Beta", "B-town", "BBB", None, "XBBB", 0.0, 10.0),
        (3, "Gamma", "C-town", "CCC", "CCP", None, 10.0, 0.0),
        (4, "Delta", "A-port", "AAA", None, None, 1.0, 1.0),
        (5, "Nowhere", None, None, "NOP", None, 5.0, 5.0),
    ]
    return pd.DataFrame(
        rows, columns=["airport_id", "name", "city", "country_iso3", "iata", "icao", "lat", "lon"]
    )


def route(airline, airline_id, s, d, codeshare=False, stops=0):
    return {
        "airline": airline,
        "airline_id": airline_id,
        "source_airport": f"S{s}",
        "source_airport_id": s,
        "dest_airport": f"D{d}",
        "dest_airport_id": d,
        "codeshare": codeshare,
        "stops": stops,
    }


def routes() -> pd.DataFrame:
    rows = [
        route("X1", 10, 1, 2),
        route("X1", 10, 2, 1),
        route("X1", 10, 1, 2),  # repeated row: merged
        route("Y2", 20, 1, 2, codeshare=True),  # marketing carrier only
        route("Z3", None, 4, 2),  # airline id \N: identified by its code
        route("X1", 10, 1, 3, codeshare=True),  # codeshare-only route
        route("X1", 10, 1, 3, stops=1),  # one stop: dropped
        route("X1", 10, None, 3),  # \N airport id: dropped
        route("X1", 10, 1, 99),  # not in airports.dat: dropped, reported
        route("X1", 10, 2, 2),  # loop: dropped
        route("X1", 10, 1, 4),  # domestic
        route("X1", 10, 5, 1),  # airport without a country
    ]
    frame = pd.DataFrame(rows)
    for column in ("airline_id", "source_airport_id", "dest_airport_id"):
        frame[column] = frame[column].astype("Int64")
    return frame


@pytest.fixture
def network():
    return build_network(airports(), routes(), SOURCE)


def test_quirks_are_counted(network):
    q = network.quirks
    assert (q.rows, q.with_stops, q.missing_airport_id, q.unknown_airport_id) == (12, 1, 1, 1)
    assert q.unknown_airport_codes == ("D99 (99)",)
    assert (q.self_loops, q.repeated_rows, q.codeshare_rows) == (1, 1, 2)
    assert q.missing_airline_id == 1
    assert q.routes_without_country == 1
    assert network.notes[0] == "caveat"
    assert any("not in airports.dat" in n and "D99 (99)" in n for n in network.notes)


def test_routes_are_airline_airport_triples(network):
    r = network.routes
    assert len(r) == 7  # X1 1→2, X1 2→1, Y2 1→2, Z3 4→2, X1 1→3, X1 1→4, X1 5→1
    y2 = r[r["airline_key"] == "id:20"]
    assert y2["codeshare"].tolist() == [True]
    assert "code:Z3" in set(r["airline_key"])
    codes = network.airports.set_index("airport_id")["code"]
    assert codes.to_dict() == {1: "AAP", 2: "XBBB", 3: "CCP", 4: "#4", 5: "NOP"}
    degree = network.airports.set_index("airport_id")["routes"].to_dict()
    # Directed airport pairs touching each airport: 1: 1→2, 2→1, 1→3, 1→4, 5→1.
    assert degree == {1: 5, 2: 3, 3: 1, 4: 2, 5: 1}
    assert network.served_countries() == frozenset({"AAA", "BBB", "CCC"})


def test_country_links_hand_computed(network):
    links = country_links(network).set_index(["country_a", "country_b"])
    assert set(links.index) == {("AAA", "BBB"), ("AAA", "CCC")}
    ab = links.loc[("AAA", "BBB")]
    # Airport pairs {1,2} (both ways) and {4,2} (one way).
    assert (ab["routes"], ab["directed_routes"]) == (2, 3)
    # Operating: X1 and Z3; Y2 only sells codeshare seats.
    assert (ab["airlines"], ab["codeshare_airlines"], ab["codeshare_only_routes"]) == (2, 1, 0)
    assert ab["example_routes"] == "AAP–XBBB; #4–XBBB"
    ac = links.loc[("AAA", "CCC")]
    assert (ac["routes"], ac["airlines"], ac["codeshare_airlines"]) == (1, 0, 1)
    assert ac["codeshare_only_routes"] == 1


def test_route_counts_are_the_links_routes(network):
    counts = country_route_counts(network)
    assert counts.to_dict("records") == [
        {"country_a": "AAA", "country_b": "BBB", "routes": 2},
        {"country_a": "AAA", "country_b": "CCC", "routes": 1},
    ]
    links = country_links(network)[["country_a", "country_b", "routes"]]
    assert counts.equals(links.reset_index(drop=True))


def test_count_and_matrix(network):
    links = country_links(network)
    assert count_linked_pairs(links, {"AAA", "BBB", "CCC"}) == 2
    assert count_linked_pairs(links, {"AAA"}, {"BBB", "CCC"}) == 2
    assert count_linked_pairs(links, {"BBB"}, {"CCC"}) == 0
    assert count_linked_pairs(links, {"AAA", "BBB"}, {"AAA", "BBB"}) == 1
    m = connectivity_matrix(links, ["CCC", "AAA", "BBB", "DDD"], network.served_countries())
    assert list(m.index) == ["AAA", "BBB", "CCC", "DDD"]
    assert m.loc["AAA", "BBB"] == m.loc["BBB", "AAA"] == 2
    assert m.loc["BBB", "CCC"] == 0  # both served, no route: a real zero
    assert np.isnan(m.loc["DDD", "AAA"])  # no served airport: nothing to count
    assert np.isnan(m.loc["AAA", "AAA"])


def test_caveat_comes_from_the_vintage():
    text = route_caveat("openflights", "routes: June 2014 snapshot; airlines 2017-02", "ODbL 1.0")
    assert text.startswith("Routes are the OpenFlights June 2014 snapshot")
    now = route_caveat(
        "airline-routes-2026", "routes: scheduled services listed around 2026-05-03", "none stated"
    )
    assert now.startswith("Routes are the scheduled services listed around 2026-05-03")
    assert "licence: none stated" in now


def test_unknown_network_year(full_warehouse):
    with pytest.raises(InputError, match="no route network for 2019"):
        load_network(full_warehouse, 2019)


@pytest.fixture(scope="module")
def real(full_warehouse):
    return load_network(full_warehouse, 2014)


@pytest.fixture(scope="module")
def current(full_warehouse):
    return load_network(full_warehouse)


@pytest.mark.golden
def test_current_pairs_match_the_raw_route_file(full_warehouse, current, mirror: Path):
    """Acceptance: the 2026 network, every country pair and its airport pairs recounted from
    the raw JSON (gzip + json + the ISO code list), and a handful named."""
    raw = airport_pairs_by_country_pair(mirror)
    links = country_links(current)
    counted = {
        frozenset((a, b)): n
        for a, b, n in zip(links["country_a"], links["country_b"], links["routes"], strict=True)
    }
    assert len(counted) == len(raw) == 2848
    assert counted == {pair: len(airports) for pair, airports in raw.items()}
    named = {
        ("BRA", "ZAF"): {"CPT–GRU", "GRU–JNB"},
        ("BRA", "ETH"): {"ADD–GRU"},
        ("IND", "KEN"): {"BOM–NBO"},
        ("GHA", "NGA"): {"ABV–ACC", "ACC–LOS"},
        ("CHN", "ZAF"): {"JNB–SZX"},
    }
    for pair, airports in named.items():
        assert {"–".join(sorted(p)) for p in raw[frozenset(pair)]} == airports
        assert counted[frozenset(pair)] == len(airports)
    assert frozenset(("BRA", "NGA")) not in counted
    assert current.source.year == 2026 and current.source.source_id == "airline-routes-2026"
    assert current.quirks.rows == 89223  # one row per carrier (524 routes list none)
    assert current.quirks.missing_airline_id == 0  # no ids in this source: not a quirk


@pytest.mark.golden
def test_linked_pair_counts_match_the_raw_files(full_warehouse, real, mirror: Path):
    """Acceptance: all / within Africa / Africa–South America, recounted from routes.dat."""
    raw = linked_country_pairs(mirror)
    place = regions(mirror)
    africa = {c for c, (region, _) in place.items() if region == "Africa"}
    south_america = {c for c, (_, sub) in place.items() if sub == "South America"}
    raw_africa = sum(1 for p in raw if p <= africa)
    raw_af_sa = sum(1 for p in raw if len(p & africa) == 1 and len(p & south_america) == 1)

    links = country_links(real)
    mod_africa = resolve_area(full_warehouse, "africa", group="all").members
    mod_sa = resolve_area(full_warehouse, "south-america", group="all").members
    assert len(links) == len(raw) == 2329
    assert {frozenset(p) for p in zip(links["country_a"], links["country_b"], strict=True)} == raw
    assert count_linked_pairs(links, mod_africa) == raw_africa == 258
    assert count_linked_pairs(links, mod_africa, mod_sa) == raw_af_sa == 5


def test_real_quirks_and_caveat(real):
    assert real.source.caveat.startswith("Routes are the OpenFlights June 2014 snapshot")
    assert real.quirks.rows == 67663
    assert real.quirks.with_stops == 11
    assert real.quirks.missing_airport_id == 423
    assert real.quirks.codeshare_rows > 14000


def test_south_connectivity(full_warehouse):
    result = south_connectivity(full_warehouse, "BRA,ZAF,NGA,PSE")
    m = result.matrix
    assert m.loc["BRA", "ZAF"] == 2  # GRU–JNB, GRU–CPT
    assert m.loc["BRA", "NGA"] == 0
    assert np.isnan(m.loc["PSE", "BRA"])  # no Palestinian airport has a route in May 2026
    assert result.unserved == ("PSE",)
    assert (result.linked_pairs, result.possible_pairs) == (2, 3)  # BRA–ZAF, NGA–ZAF
    data = result.as_dict()
    json.dumps(data)
    assert "2026-05-03" in data["source"]["caveat"] and data["source"]["year"] == 2026
    with pytest.raises(InputError):
        south_connectivity(full_warehouse, "g77", value="seats")
