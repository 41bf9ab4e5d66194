"""Current files from their publishers: OWID's CSVs and the air-route file's repository.

The served bytes are built here from the mirror's files (a few rows), so nothing of the
mirror is copied into the repository.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import replace

import pandas as pd

from publisher_checks import mirror_files, parse_files, publisher_fetcher, rows
from publisher_server import Reply, serve_publishers
from southsouth.provenance import read_sidecar, sha256_file
from southsouth.sources.airline_routes import AIRLINE_ROUTES
from southsouth.sources.owid_co2 import OWID_CO2
from southsouth.sources.publishers.files import (
    AIRLINE_ROUTE_FILE,
    OWID_CO2_CODEBOOK,
    OWID_CO2_DATA,
)

OWID_DATA = "/files/owid/data/co2/owid-co2-data.csv"
OWID_CODEBOOK = "/files/owid/data/co2/owid-co2-codebook.csv"
ROUTES = "/files/github/Jonty/airline-route-data/HEAD/airline_routes.json"
AIRPORTS = ("ADD", "GRU", "JNB", "NBO", "BOM")


def owid_with_services():
    services = {"owid-co2-data.csv": OWID_CO2_DATA, "owid-co2-codebook.csv": OWID_CO2_CODEBOOK}
    return replace(
        OWID_CO2,
        resources=tuple(replace(r, url=None, service=services[r.name]) for r in OWID_CO2.resources),
    )


def test_owid_csv_after_a_503_parses_like_the_mirror_rows(tmp_path, mirror, crosswalk):
    dataset = owid_with_services()
    files = mirror_files(OWID_CO2, mirror)
    lines = files["owid-co2-data.csv"].read_text(encoding="utf-8").splitlines(keepends=True)
    keep = [lines[0]] + [
        line
        for line in lines[1:]
        if line.split(",")[0] in ("BRA", "IND", "CHN", "OWID_WRL")
        and line.split(",")[2] in ("2016", "2017", "2018")
    ]
    served = "".join(keep).encode()
    routes = {
        OWID_DATA: Reply(served, fail_first=1, content_type="text/csv"),
        OWID_CODEBOOK: Reply(files["owid-co2-codebook.csv"].read_bytes(), content_type="text/csv"),
    }
    with serve_publishers(routes) as server, publisher_fetcher(tmp_path, server.bases) as f:
        paths = f.fetch(dataset)
        assert server.hits[OWID_DATA] == 2
    assert paths["owid-co2-data.csv"].read_bytes() == served
    origin = read_sidecar(paths["owid-co2-data.csv"])
    assert origin is not None and origin.via == "owid-published-csv"
    assert origin.url == server.url + OWID_DATA
    assert origin.sha256 == sha256_file(paths["owid-co2-data.csv"])
    assert origin.vintage.startswith("the publisher's current file, retrieved ")

    got = parse_files(dataset, paths, crosswalk)["observation"]
    want = parse_files(OWID_CO2, files, crosswalk)["observation"]
    want = want[
        want["country_iso3"].isin(["BRA", "IND", "CHN"]) & want["year"].isin(range(2016, 2019))
    ]
    keys = ["indicator", "country_iso3", "year"]
    pd.testing.assert_frame_equal(rows(got, keys), rows(want, keys))
    # China 2018 co2 = 10,064.7 Mt (Global Carbon Budget 2019), as SOURCES.md checks
    china = got.set_index(keys)["value"][("owid_co2_mt", "CHN", 2018)]
    assert round(china, 1) == 10_064.7


def test_current_route_file_arrives_plain_and_parses(tmp_path, mirror, crosswalk):
    dataset = replace(
        AIRLINE_ROUTES,
        resources=tuple(
            replace(r, url=None, service=AIRLINE_ROUTE_FILE) for r in AIRLINE_ROUTES.resources
        ),
    )
    (resource,) = AIRLINE_ROUTES.resources
    with gzip.open(mirror / resource.mirror_path, "rt", encoding="utf-8") as handle:
        full = json.load(handle)
    subset = {code: dict(full[code]) for code in AIRPORTS}
    for airport in subset.values():
        airport["routes"] = [r for r in airport["routes"] if r["iata"] in AIRPORTS]
    served = json.dumps(subset).encode()
    with (
        serve_publishers({ROUTES: Reply(served, fail_first=2)}) as server,
        publisher_fetcher(tmp_path, server.bases) as f,
    ):
        path = f.fetch(dataset)[resource.name]
        assert server.hits[ROUTES] == 3
    assert path.read_bytes() == served
    origin = read_sidecar(path)
    assert origin is not None and origin.via == "publisher-repository"
    assert origin.url == server.url + ROUTES

    tables = parse_files(dataset, {resource.name: path}, crosswalk)
    airports = tables["airport"].set_index("airport_id")["iata"]
    route = tables["route"].assign(
        origin=lambda t: t["source_airport_id"].map(airports),
        dest=lambda t: t["dest_airport_id"].map(airports),
    )
    listed = {
        (code, r["iata"], c["iata"])
        for code, airport in subset.items()
        for r in airport["routes"]
        for c in r["carriers"]
    }
    assert set(zip(route["origin"], route["dest"], route["airline"], strict=True)) == listed
    # SOURCES.md spot checks: ADD→GRU (Ethiopian), NBO→BOM (Kenya Airways)
    assert ("ADD", "GRU", "ET") in listed and ("NBO", "BOM", "KQ") in listed
