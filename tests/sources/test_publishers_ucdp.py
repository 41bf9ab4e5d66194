"""UCDP API → peacesciencer's conflict-year CSV that the ``ucdp`` parser reads."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from publisher_checks import local, parse_files, publisher_fetcher, rows
from publisher_server import Reply, fixture, serve_publishers
from southsouth.errors import SourceUnavailable
from southsouth.provenance import read_sidecar
from southsouth.sources.publishers.ucdp import conflict_year_rows
from southsouth.sources.ucdp import UCDP_ACD

FIRST = "/ucdp/ucdpprioconflict/25.1?pagesize=1000"
SECOND = "/ucdp/ucdpprioconflict/25.1?pagesize=1000&page=1"
PICKED = {
    ("228", "1948"),
    ("252", "1956"),
    ("16099", "2024"),
    ("218", "2019"),
    ("218", "2020"),
    ("227", "2019"),
    ("364", "2020"),
    ("333", "2019"),
}


def routes(fail_first: int = 0) -> dict[str, Reply]:
    return {
        FIRST: Reply(fixture("ucdp_ucdpprioconflict_25.1_page0.json"), fail_first=fail_first),
        SECOND: Reply(fixture("ucdp_ucdpprioconflict_25.1_page1.json")),
    }


def mirror_subset(mirror, tmp_path):
    """The mirror's conflict-year rows of the recorded conflict-years, as their own file."""
    source = mirror / UCDP_ACD.resources[0].mirror_path
    with source.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        kept = [r for r in reader if (r["conflict_id"], r["year"]) in PICKED]
        fields = reader.fieldnames
    path = tmp_path / "mirror_subset.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=fields or [])
        writer.writeheader()
        writer.writerows(kept)
    return path, len(kept)


def test_paged_api_with_token_after_503_parses_like_peacesciencer(tmp_path, mirror, crosswalk):
    dataset = local(UCDP_ACD)
    with (
        serve_publishers(routes(fail_first=1)) as server,
        publisher_fetcher(tmp_path, server.bases, secrets={"ucdp": "t0ken"}) as f,
    ):
        path = f.fetch(dataset)["ucdp_acd.csv"]
        assert server.hits[FIRST] == 2 and server.hits[SECOND] == 1
        assert {h["x-ucdp-access-token"] for hs in server.headers.values() for h in hs} == {"t0ken"}
    origin = read_sidecar(path)
    assert origin is not None and origin.via == "ucdp-api"
    assert origin.vintage == "UCDP API ucdpprioconflict 25.1 (8 conflict-years as published)"
    assert "t0ken" not in path.with_name(path.name + ".origin.json").read_text()

    subset, count = mirror_subset(mirror, tmp_path)
    written = pd.read_csv(path, dtype=str, keep_default_na=False)
    expected = pd.read_csv(subset, dtype=str, keep_default_na=False)
    keys = ["conflict_id", "year", "gwno_a", "gwno_a_2nd", "gwno_b", "gwno_b_2nd"]
    assert len(written) == count
    pd.testing.assert_frame_equal(rows(written, keys), rows(expected, keys))

    got = parse_files(dataset, {"ucdp_acd.csv": path}, crosswalk)
    want = parse_files(dataset, {"ucdp_acd.csv": subset}, crosswalk)
    for table, order in (
        ("relation", ["ref", "year_start", "country_a", "country_b"]),
        ("observation", ["indicator", "country_iso3", "year"]),
    ):
        pd.testing.assert_frame_equal(rows(got[table], order), rows(want[table], order))
    # conflict 228, 1948: side A "651, 645, 663, 660, 652" against Israel (666), a war
    war = got["relation"][got["relation"]["ref"].astype(str) == "228"]
    assert set(war["country_a"]) == {"EGY", "IRQ", "JOR", "LBN", "SYR"}
    assert set(war["country_b"]) == {"ISR"}
    assert set(war["value"]) == {2}


def test_split_of_several_states_is_a_product_like_peacesciencer():
    record = {"conflict_id": 1, "year": 2000, "gwno_a": "2, 200", "gwno_b": "645",
              "gwno_b_2nd": "651, 652", "incompatibility": "3", "type_of_conflict": "4",
              "start_date": "1990-01-01T00:00:00"}  # fmt: skip
    split = conflict_year_rows(record)
    assert [(r["gwno_a"], r["gwno_b_2nd"]) for r in split] == [
        ("2", "651"),
        ("2", "652"),
        ("200", "651"),
        ("200", "652"),
    ]
    assert {r["incompatibility"] for r in split} == {"both"}
    assert {r["type_of_conflict"] for r in split} == {"II"}
    assert {r["start_date"] for r in split} == {"1990-01-01"}
    assert {r["gwno_a_2nd"] for r in split} == {""}


def test_without_a_token_nothing_is_sent_and_the_error_says_how(tmp_path):
    with serve_publishers(routes()) as server:
        with (
            publisher_fetcher(tmp_path, server.bases) as f,
            pytest.raises(SourceUnavailable) as caught,
        ):
            f.fetch(local(UCDP_ACD))
        assert not server.hits
    assert "ucdp-acd" in caught.value.message and "access token" in caught.value.message
    assert caught.value.url == server.url + FIRST
    assert "SOUTHSOUTH_UCDP_TOKEN" in caught.value.hint and "--from mirror" in caught.value.hint


def test_without_a_token_the_mirror_serves_its_extract(tmp_path, mirror):
    with serve_publishers(routes()) as server:
        with publisher_fetcher(tmp_path, server.bases, mirror=str(mirror)) as f:
            path = f.fetch(local(UCDP_ACD))["ucdp_acd.csv"]
        assert not server.hits
    origin = read_sidecar(path)
    assert origin is not None and origin.via == "mirror-directory"
    assert origin.sha256 == UCDP_ACD.resources[0].sha256
    assert "ucdp-api failed" in origin.notes[-1] and "access token" in origin.notes[-1]


def test_refused_token_names_the_setting(tmp_path):
    body = b'{"message": "API token required. Add header: x-ucdp-access-token"}'
    with serve_publishers({FIRST: Reply(body, status=401)}) as server:
        with (
            publisher_fetcher(tmp_path, server.bases, secrets={"ucdp": "expired"}) as f,
            pytest.raises(SourceUnavailable) as caught,
        ):
            f.fetch(local(UCDP_ACD))
        assert server.hits[FIRST] == 1
    assert "HTTP 401" in caught.value.message and "SOUTHSOUTH_UCDP_TOKEN" in caught.value.hint
