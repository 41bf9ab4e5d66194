"""World Bank Indicators API v2 → WDI files the ``wdi`` parser reads, from recorded pages."""

from __future__ import annotations

import pandas as pd
import pytest

from publisher_checks import local, mirror_files, parse_files, publisher_fetcher, rows
from publisher_server import Reply, fixture, serve_publishers
from southsouth.errors import SourceUnavailable
from southsouth.provenance import read_sidecar, sha256_file
from southsouth.sources.fetch import FetchPolicy
from southsouth.sources.wdi import WDI_GDP_PER_CAPITA, WDI_POPULATION

VINTAGE = "World Bank Indicators API v2, NY.GDP.PCAP.CD last updated 2026-07-13; data 2019–2023"
PCAP = "/worldbank/country/all/indicator/NY.GDP.PCAP.CD?format=json&per_page=20000&page="
POP = "/worldbank/country/all/indicator/SP.POP.TOTL?format=json&per_page=20000&page=1"
PCAP_CODES = ["SSF", "WLD", "BRA", "IND", "NGA", "ZAF"]


def test_paged_series_after_server_errors_parses_like_the_bulk_file(tmp_path, mirror, crosswalk):
    dataset = local(WDI_GDP_PER_CAPITA)
    routes = {
        PCAP + "1": Reply(fixture("worldbank_NY.GDP.PCAP.CD_page1.json"), fail_first=1),
        PCAP + "2": Reply(
            fixture("worldbank_NY.GDP.PCAP.CD_page2.json"), fail_first=1, fail_status=500
        ),
    }
    with serve_publishers(routes) as server, publisher_fetcher(tmp_path, server.bases) as f:
        path = f.fetch(dataset)["data.csv"]
        assert server.hits[PCAP + "1"] == 2 and server.hits[PCAP + "2"] == 2
        assert f.sleeps == [0.5, 0.5]  # type: ignore[attr-defined]
    origin = read_sidecar(path)
    assert origin is not None
    assert origin.via == "world-bank-indicators-api-v2"
    assert origin.url == server.url + PCAP + "1"
    assert origin.sha256 == sha256_file(path)
    assert origin.vintage == VINTAGE
    assert any(server.url + PCAP + "2" in note for note in origin.notes)
    assert origin.licence.name.startswith("CC BY 4.0")

    got = parse_files(dataset, {"data.csv": path}, crosswalk)
    want = parse_files(dataset, mirror_files(dataset, mirror), crosswalk)
    years = range(2019, 2024)
    obs = want["observation"]
    obs = obs[obs["country_iso3"].isin(PCAP_CODES) & obs["year"].isin(years)]
    keys = ["country_iso3", "year"]
    pd.testing.assert_frame_equal(rows(got["observation"], keys), rows(obs, keys))
    region = want["region_observation"]
    region = region[region["note"].str[-3:].isin(PCAP_CODES) & region["year"].isin(years)]
    pd.testing.assert_frame_equal(
        rows(got["region_observation"], ["region", "year"]), rows(region, ["region", "year"])
    )
    # the bulk file's row "India","IND",…: 2023 = 2434.44826340989
    india = got["observation"].set_index(keys).loc[("IND", 2023), "value"]
    assert india == 2434.44826340989
    assert len(got["observation"]) == 20 and len(got["region_observation"]) == 10


def test_long_series_parses_like_the_datahub_file(tmp_path, mirror, crosswalk):
    dataset = local(WDI_POPULATION)
    routes = {POP: Reply(fixture("worldbank_SP.POP.TOTL_page1.json"))}
    with serve_publishers(routes) as server, publisher_fetcher(tmp_path, server.bases) as f:
        path = f.fetch(dataset)["data.csv"]
    assert path.read_text(encoding="utf-8").startswith("Country Name,Country Code,Year,Value\n")
    got = parse_files(dataset, {"data.csv": path}, crosswalk)
    want = parse_files(dataset, mirror_files(dataset, mirror), crosswalk)
    obs = want["observation"]
    obs = obs[obs["country_iso3"].isin(["BRA", "IND"]) & obs["year"].isin([2020, 2021, 2022])]
    keys = ["country_iso3", "year"]
    pd.testing.assert_frame_equal(rows(got["observation"], keys), rows(obs, keys))
    assert len(obs) == 6
    world = got["region_observation"]
    assert sorted(world["year"]) == [2020, 2021, 2022] and set(world["note"]) == {
        "World Bank aggregate WLD"
    }


def test_api_error_message_fails_at_once_naming_the_series(tmp_path):
    body = (
        b'[{"message":[{"id":"120","key":"Invalid value",'
        b'"value":"The provided parameter value is not valid"}]}]'
    )
    with serve_publishers({POP: Reply(body)}) as server:
        with publisher_fetcher(tmp_path, server.bases) as f, pytest.raises(SourceUnavailable) as e:
            f.fetch(local(WDI_POPULATION))
        assert server.hits[POP] == 1
    assert "wdi-population" in e.value.message and "Invalid value" in e.value.message
    assert e.value.url == server.url + POP
    assert "SP.POP.TOTL" in e.value.hint
    assert not (tmp_path / "cache" / "wdi-population" / "data.csv").exists()


def test_more_pages_than_allowed_is_refused(tmp_path):
    dataset = local(WDI_GDP_PER_CAPITA)
    routes = {PCAP + "1": Reply(fixture("worldbank_NY.GDP.PCAP.CD_page1.json"))}
    policy = FetchPolicy(timeout=10, retries=0, max_pages=1)
    with serve_publishers(routes) as server:
        with (
            publisher_fetcher(tmp_path, server.bases, policy=policy) as f,
            pytest.raises(SourceUnavailable) as caught,
        ):
            f.fetch(dataset)
        assert server.hits[PCAP + "2"] == 0
    assert "2 pages, more than the 1 allowed" in caught.value.message


def test_429_waits_as_long_as_retry_after_says(tmp_path, mirror, crosswalk):
    dataset = local(WDI_POPULATION)
    page = fixture("worldbank_SP.POP.TOTL_page1.json")
    routes = {POP: Reply(page, fail_first=2, fail_status=429, retry_after="7")}
    with serve_publishers(routes) as server, publisher_fetcher(tmp_path, server.bases) as f:
        path = f.fetch(dataset)["data.csv"]
        assert server.hits[POP] == 3
        assert f.sleeps == [7.0, 7.0]  # type: ignore[attr-defined]
    got = parse_files(dataset, {"data.csv": path}, crosswalk)["observation"]
    # DataHub population file: Brazil 2022 = 210306415
    assert got.set_index(["country_iso3", "year"]).loc[("BRA", 2022), "value"] == 210_306_415
