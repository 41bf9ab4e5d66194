"""The May 2026 route file (airline-route-data) parsed from the mirror, and damaged copies."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from direct_parse import parse
from southsouth.errors import ParseError
from southsouth.registry.crosswalk import Crosswalk
from southsouth.sources.airline_routes import AIRLINE_ROUTES


@pytest.fixture(scope="module")
def parsed(mirror: Path, crosswalk: Crosswalk):
    return parse(AIRLINE_ROUTES, mirror, crosswalk)


@pytest.mark.golden
def test_airports_and_routes_as_published(parsed, mirror: Path):
    tables, inp = parsed
    with gzip.open(mirror / AIRLINE_ROUTES.resources[0].mirror_path, "rt") as handle:
        raw = json.load(handle)
    airports, routes = tables["airport"], tables["route"]
    assert len(raw) == 3908 and len(airports) == 3907  # KUB has no coordinates
    issues = {i.kind: i for i in inp.issues}
    assert issues["airport-without-coordinates"].detail.endswith(": KUB")
    assert issues["route-without-carrier"].count == 524
    jnb = airports.set_index("iata").loc["JNB"]
    assert jnb["country_iso3"] == "ZAF" and jnb["icao"] == raw["JNB"]["icao"]
    assert jnb["lat"] == float(raw["JNB"]["latitude"])
    assert airports.set_index("iata").loc["WDH", "country_iso3"] == "NAM"  # "NA" is Namibia
    # one row per (origin, destination, carrier); carrier-less routes keep one empty row
    expected = sum(
        max(1, len({c["iata"] for c in r["carriers"] if c["iata"]}))
        for a in raw.values()
        for r in a["routes"]
    )
    assert len(routes) == expected == 89223
    jnb_gru = routes[(routes["source_airport"] == "JNB") & (routes["dest_airport"] == "GRU")]
    assert sorted(jnb_gru["airline"]) == sorted(
        {c["iata"] for r in raw["JNB"]["routes"] if r["iata"] == "GRU" for c in r["carriers"]}
    )
    assert (routes["stops"] == 0).all() and not routes["codeshare"].any()


def test_plain_json_reads_like_the_gzip(tmp_path: Path, mirror: Path, crosswalk: Crosswalk):
    """The publisher serves plain JSON; the mirror holds it gzipped: both parse the same."""
    with gzip.open(mirror / AIRLINE_ROUTES.resources[0].mirror_path, "rt") as handle:
        raw = json.load(handle)
    small = {code: raw[code] for code in ("JNB", "GRU", "CPT")}
    for a in small.values():
        a["routes"] = [r for r in a["routes"] if r["iata"] in small]
    plain = tmp_path / "airline_routes.json"
    plain.write_text(json.dumps(small))
    packed = tmp_path / "airline_routes.json.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    one, _ = parse(AIRLINE_ROUTES, mirror, crosswalk, **{"airline_routes.json": plain})
    two, _ = parse(AIRLINE_ROUTES, mirror, crosswalk, **{"airline_routes.json": packed})
    assert one["route"].equals(two["route"]) and one["airport"].equals(two["airport"])
    assert set(one["airport"]["iata"]) == {"CPT", "GRU", "JNB"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x1f\x8b\x08\x00broken", r"not readable as \(gzipped\) JSON"),
        (b'{"JNB": {"iata": "JNB"}}', "airport 'JNB' lacks name"),
        (b"[1, 2]", "expected a JSON object keyed by IATA airport code"),
    ],
)
def test_damaged_file_is_refused(tmp_path: Path, mirror: Path, content: bytes, message: str):
    bad = tmp_path / "airline_routes.json"
    bad.write_bytes(content)
    with pytest.raises(ParseError, match=message) as caught:
        parse(AIRLINE_ROUTES, mirror, **{"airline_routes.json": bad})
    assert str(bad) in str(caught.value)
