"""OpenFlights airports, airlines and routes parsed from the mirror."""

from __future__ import annotations

import functools
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from mirror_sync import load
from southsouth.errors import ParseError
from southsouth.registry.crosswalk import Crosswalk
from southsouth.sources.dataset import ParseInput
from southsouth.sources.openflights import OPENFLIGHTS
from southsouth.sources.registry import get_dataset
from southsouth.warehouse.store import Warehouse

DIRECT_PAIRS = """
    SELECT DISTINCT a.country_iso3 AS origin, b.country_iso3 AS destination
    FROM route r
    JOIN airport a ON r.source_airport_id = a.airport_id
    JOIN airport b ON r.dest_airport_id = b.airport_id
    WHERE r.stops = 0 AND a.country_iso3 <> b.country_iso3
"""


@pytest.fixture(scope="module")
def wh(tmp_path_factory: pytest.TempPathFactory, mirror: Path) -> Iterator[Warehouse]:
    warehouse, _ = load(tmp_path_factory.mktemp("openflights"), mirror, "countries", "openflights")
    yield warehouse
    warehouse.close()


@pytest.fixture(scope="module")
def issues(wh: Warehouse) -> dict[str, dict[str, object]]:
    raw = wh.query("SELECT issues FROM dataset_status WHERE dataset_id = 'openflights'")
    return {i["kind"]: i for i in json.loads(raw["issues"].iloc[0])}


@pytest.mark.golden
def test_row_counts_match_the_published_files(wh):
    counts = wh.query(
        "SELECT (SELECT count(*) FROM airport) a, (SELECT count(*) FROM airline) l, "
        "(SELECT count(*) FROM route) r"
    ).iloc[0]
    assert (counts["a"], counts["l"], counts["r"]) == (7698, 6162, 67663)


@pytest.mark.golden
def test_known_airports_map_to_iso3_with_file_coordinates(wh):
    rows = wh.query("SELECT * FROM airport WHERE iata IN ('JNB', 'ADD', 'STT', 'CUR')").set_index(
        "iata"
    )
    jnb = rows.loc["JNB"]
    assert jnb["airport_id"] == 813 and jnb["country_iso3"] == "ZAF"
    assert (jnb["lat"], jnb["lon"], jnb["altitude_ft"]) == (-26.1392, 28.246, 5558)
    assert jnb["icao"] == "FAOR" and jnb["timezone"] == "Africa/Johannesburg"
    add = rows.loc["ADD"]
    assert add["name"] == "Addis Ababa Bole International Airport"
    assert add["country_iso3"] == "ETH"
    assert (add["lat"], add["lon"]) == (8.97789001465, 38.799301147499996)
    # "Virgin Islands" in OpenFlights is the US territory; the crosswalk alone would say VGB.
    assert rows.loc["STT", "country_iso3"] == "VIR"
    # Netherlands Antilles (dissolved 2010) → successor territory by ICAO code.
    assert rows.loc["CUR", "country_iso3"] == "CUW"


def test_every_airport_country_maps(wh):
    assert wh.query("SELECT count(*) n FROM airport WHERE country_iso3 IS NULL")["n"][0] == 0
    # \N IATA codes are NULL, not the text "\N".
    iata = wh.query(
        "SELECT count(*) FILTER (WHERE iata IS NULL) nul, "
        "count(*) FILTER (WHERE iata LIKE '%\\N%') literal FROM airport"
    ).iloc[0]
    assert (iata["nul"], iata["literal"]) == (1626, 0)


@pytest.mark.golden
def test_distinct_direct_country_pairs(wh):
    directed = wh.query(DIRECT_PAIRS)
    assert len(directed) == 4580
    unordered = {
        frozenset(p) for p in zip(directed["origin"], directed["destination"], strict=True)
    }
    assert len(unordered) == 2329
    assert frozenset({"ZAF", "ETH"}) in unordered and frozenset({"BRA", "ZAF"}) in unordered


def test_routes_kept_as_published_with_quirks(wh):
    flags = wh.query(
        "SELECT count(*) FILTER (WHERE codeshare) cs, count(*) FILTER (WHERE stops = 1) one, "
        "count(*) FILTER (WHERE airline_id IS NULL) no_airline FROM route"
    ).iloc[0]
    assert (flags["cs"], flags["one"], flags["no_airline"]) == (14597, 11, 479)
    # Line 8: 2B,410,DME,4029,TGK,\N,,0,CR2 — destination id missing, code kept.
    tgk = wh.query(
        "SELECT * FROM route WHERE airline = '2B' AND source_airport = 'DME' "
        "AND dest_airport = 'TGK'"
    ).iloc[0]
    assert tgk["source_airport_id"] == 4029 and tgk["dest_airport_id"] is pd.NA
    assert not tgk["codeshare"] and tgk["equipment"] == "CR2"
    # Line 313: 3H,\N,AKV,5506,YIK,5504,,0,DH8 — airline id missing.
    akv = wh.query(
        "SELECT * FROM route WHERE airline = '3H' AND source_airport = 'AKV' "
        "AND dest_airport = 'YIK'"
    ).iloc[0]
    assert akv["airline_id"] is pd.NA and akv["dest_airport_id"] == 5504


def test_airlines_active_flag_and_placeholders(wh):
    rows = wh.query(
        "SELECT airline_id, iata, icao, active, country_iso3 FROM airline "
        "WHERE airline_id IN (-1, 39, 439, 1, 4201)"
    ).set_index("airline_id")
    assert rows.loc[-1, "iata"] is None and rows.loc[-1, "icao"] is None  # "-" and "N/A"
    assert rows.loc[39, "active"] == False  # noqa: E712  published as lower-case "n"
    assert rows.loc[439, "country_iso3"] is None  # Alaska Airlines: callsign in country column
    assert rows.loc[4201, "country_iso3"] == "NLD"  # "Netherland"
    assert wh.query("SELECT count(*) n FROM airline WHERE active")["n"][0] == 1255


def test_gaps_are_reported(issues):
    assert issues["route-unknown-airport"]["rows"] == 476
    assert "RIG (2611)" in str(issues["route-unknown-airport"]["detail"])
    assert issues["route-missing-airport-id"]["rows"] == 423
    assert issues["route-missing-airline-id"]["rows"] == 479
    assert issues["successor-territory"]["rows"] == 5
    assert issues["shifted-fields"]["rows"] == 63
    assert "ATLANTIC NICARAGUA" in str(issues["shifted-fields"]["detail"])
    assert issues["unmapped-name"]["detail"] == (
        "airlines.dat countries:  Boonville Stage Line, Air S, Netherlands Antilles"
    )


def test_dataset_states_the_2014_vintage():
    dataset = get_dataset("openflights")
    assert "June 2014" in dataset.vintage
    assert any("June 2014" in caveat for caveat in dataset.caveats)
    assert dataset.licence.name == "ODbL 1.0"


def _parse_input(mirror: Path, files: dict[str, Path]) -> ParseInput:
    countries = get_dataset("countries")
    paths = {r.name: mirror / r.mirror_path for r in countries.resources}
    return ParseInput(OPENFLIGHTS, files, functools.cache(lambda: Crosswalk.from_files(paths)))


def _copies(mirror: Path, tmp_path: Path) -> dict[str, Path]:
    files = {}
    for resource in OPENFLIGHTS.resources:
        files[resource.name] = tmp_path / resource.name
        shutil.copy(mirror / resource.mirror_path, files[resource.name])
    return files


def test_broken_route_line_names_file_and_line(mirror, tmp_path):
    files = _copies(mirror, tmp_path)
    lines = files["routes.dat"].read_text(encoding="utf-8").splitlines(keepends=True)
    lines[99] = "2B,410,AER,2965,KZN,2990,,0,CR2,extra,fields\n"
    files["routes.dat"].write_text("".join(lines), encoding="utf-8")
    with pytest.raises(ParseError, match=r"routes\.dat, line 100") as info:
        OPENFLIGHTS.parse(_parse_input(mirror, files))
    assert info.value.line == 100


def test_long_first_line_is_not_taken_for_an_index(mirror, tmp_path):
    files = _copies(mirror, tmp_path)
    text = files["airlines.dat"].read_text(encoding="utf-8")
    files["airlines.dat"].write_text(text.replace('"Y"\n', '"Y",extra\n', 1), encoding="utf-8")
    with pytest.raises(ParseError, match=r"airlines\.dat, line 1: lines have 9 fields, expected 8"):
        OPENFLIGHTS.parse(_parse_input(mirror, files))


def test_truncated_route_line_names_file_and_line(mirror, tmp_path):
    files = _copies(mirror, tmp_path)
    lines = files["routes.dat"].read_text(encoding="utf-8").splitlines(keepends=True)
    lines[41] = "2B,410,AER,2965\n"
    files["routes.dat"].write_text("".join(lines), encoding="utf-8")
    with pytest.raises(ParseError, match=r"routes\.dat, line 42"):
        OPENFLIGHTS.parse(_parse_input(mirror, files))


def test_non_numeric_latitude_names_line(mirror, tmp_path):
    files = _copies(mirror, tmp_path)
    text = files["airports.dat"].read_text(encoding="utf-8")
    files["airports.dat"].write_text(
        text.replace("-26.1392,28.246", "south,28.246", 1), encoding="utf-8"
    )
    with pytest.raises(ParseError, match=r"airports\.dat, line 796.*'lat'"):
        OPENFLIGHTS.parse(_parse_input(mirror, files))
