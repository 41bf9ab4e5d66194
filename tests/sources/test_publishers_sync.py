"""Where a sync reads (publishers or mirror), fall-backs, offline errors and the cache."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from publisher_checks import local, publisher_fetcher
from publisher_server import PREFIXES, Reply, closed_port_url, fixture, serve_publishers
from southsouth.cli import app
from southsouth.errors import ConfigError, SourceUnavailable
from southsouth.provenance import read_sidecar, sha256_file
from southsouth.sources import get_dataset
from southsouth.sources.fetch import Fetcher, FetchPolicy
from southsouth.sources.wdi import WDI_GDP_PER_CAPITA, WDI_RESEARCHERS
from southsouth.sync import sync_datasets
from southsouth.warehouse.store import Warehouse

VINTAGE = "World Bank Indicators API v2, NY.GDP.PCAP.CD last updated 2026-07-13; data 2019–2023"
PCAP = "/worldbank/country/all/indicator/NY.GDP.PCAP.CD?format=json&per_page=20000&page="
PINNED = "/files/pinned/gdp_per_capita.csv"


def pcap_routes() -> dict[str, Reply]:
    return {
        PCAP + str(page): Reply(fixture(f"worldbank_NY.GDP.PCAP.CD_page{page}.json"))
        for page in (1, 2)
    }


def test_auto_means_the_mirror_when_set_else_the_publishers(tmp_path, mirror):
    assert Fetcher(tmp_path, mirror=str(mirror)).from_mirror
    assert not Fetcher(tmp_path, mirror=None).from_mirror
    assert not Fetcher(tmp_path, mirror=str(mirror), source="publishers").from_mirror
    with pytest.raises(ConfigError) as caught:
        Fetcher(tmp_path, mirror=None, source="mirror")
    assert "SOUTHSOUTH_MIRROR" in caught.value.message
    assert "--from publishers" in caught.value.hint


def test_failing_service_falls_back_to_the_pinned_copy(tmp_path, mirror):
    res = WDI_GDP_PER_CAPITA.resources[0]
    routes = {PINNED: Reply((mirror / res.mirror_path).read_bytes(), content_type="text/csv")}
    with serve_publishers(routes) as server:
        dataset = local(WDI_GDP_PER_CAPITA, **{"data.csv": server.url + PINNED})
        with publisher_fetcher(tmp_path, server.bases) as f:
            path = f.fetch(dataset)["data.csv"]
        assert server.hits[PCAP + "1"] == 1  # a 404 is not retried
    origin = read_sidecar(path)
    assert origin is not None and origin.via == "pinned-copy"
    assert origin.sha256 == res.sha256 == sha256_file(path)
    assert origin.vintage == WDI_GDP_PER_CAPITA.vintage
    assert "world-bank-indicators-api-v2 failed" in origin.notes[-1]
    assert "HTTP 404" in origin.notes[-1]


def test_offline_without_mirror_names_dataset_url_and_remedy_and_changes_nothing(tmp_path, mirror):
    warehouse = Warehouse(tmp_path / "wh.duckdb")
    try:
        with Fetcher(tmp_path / "mirror-cache", mirror=str(mirror)) as f:
            first = sync_datasets([WDI_GDP_PER_CAPITA], fetcher=f, warehouse=warehouse)
        assert [r.outcome for r in first if r.dataset_id == "wdi-gdp-per-capita"] == ["loaded"]
        before = warehouse.query("SELECT * FROM dataset_status ORDER BY dataset_id")
        values = warehouse.query("SELECT count(*) AS n, sum(value) AS s FROM observation")

        down = closed_port_url()
        bases = {api: f"{down}/{prefix}" for api, prefix in PREFIXES.items()}
        datasets = [
            local(WDI_GDP_PER_CAPITA, **{"data.csv": down + PINNED}),
            local(WDI_RESEARCHERS),
        ]
        with publisher_fetcher(tmp_path, bases, source="auto") as f:
            results = sync_datasets(datasets, fetcher=f, warehouse=warehouse)
        failed = {r.dataset_id: r.error for r in results if r.outcome == "failed"}
        assert set(failed) == {"wdi-gdp-per-capita", "wdi-researchers"}
        error = failed["wdi-gdp-per-capita"]
        assert isinstance(error, SourceUnavailable)
        assert error.message.startswith("wdi-gdp-per-capita: data.csv could not be fetched")
        assert f"{down}/worldbank/country/all/indicator/NY.GDP.PCAP.CD" in error.message
        assert down + PINNED in error.message and error.url == down + PCAP + "1"
        assert "SOUTHSOUTH_MIRROR" in error.hint and "--from mirror" in error.hint
        # the host is not tried again for the next dataset of the same run
        assert "could not be reached earlier in this run" in failed["wdi-researchers"].message
        assert "SP.POP.SCIE.RD.P6" in failed["wdi-researchers"].message
        after = warehouse.query("SELECT * FROM dataset_status ORDER BY dataset_id")
        assert after.equals(before)
        assert warehouse.query("SELECT count(*) AS n, sum(value) AS s FROM observation").equals(
            values
        )
    finally:
        warehouse.close()


def test_service_file_is_reused_while_fresh_and_mirror_mode_replaces_it(tmp_path, mirror):
    dataset = local(WDI_GDP_PER_CAPITA)
    with serve_publishers(pcap_routes()) as server:
        with publisher_fetcher(tmp_path, server.bases) as f:
            path = f.fetch(dataset)["data.csv"]
            f.fetch(dataset)
            assert server.hits[PCAP + "1"] == 1
            assert f.cached(dataset) == {"data.csv": path}
        stale = FetchPolicy(timeout=10, retries=0, fresh_for=0)
        with publisher_fetcher(tmp_path, server.bases, policy=stale) as f:
            f.fetch(dataset)
            assert server.hits[PCAP + "1"] == 2
    with Fetcher(tmp_path / "cache", mirror=str(mirror)) as f:
        f.fetch(dataset)
    origin = read_sidecar(path)
    assert origin is not None and origin.via == "mirror-directory"
    assert origin.sha256 == WDI_GDP_PER_CAPITA.resources[0].sha256


def test_sync_from_the_publisher_records_its_vintage_and_via(tmp_path, mirror):
    with Fetcher(tmp_path / "cache", mirror=str(mirror)) as f:
        f.fetch(get_dataset("countries"))  # the crosswalk's files, cached from the mirror
    warehouse = Warehouse(tmp_path / "wh.duckdb")
    dataset = local(WDI_GDP_PER_CAPITA)
    try:
        with serve_publishers(pcap_routes()) as server:
            with publisher_fetcher(tmp_path, server.bases) as f:
                results = sync_datasets([dataset], fetcher=f, warehouse=warehouse)
                again = sync_datasets([dataset], fetcher=f, warehouse=warehouse)
            assert server.hits[PCAP + "1"] == 1
        outcome = {r.dataset_id: r.outcome for r in results}
        assert outcome["wdi-gdp-per-capita"] == "loaded", results
        assert {r.dataset_id: r.outcome for r in again}["wdi-gdp-per-capita"] == "up-to-date"
        status = warehouse.query(
            "SELECT vintage, via FROM dataset_status WHERE dataset_id = 'wdi-gdp-per-capita'"
        )
        assert status.values.tolist() == [
            [
                VINTAGE,
                "world-bank-indicators-api-v2",
            ]
        ]
        brazil = warehouse.query(
            "SELECT year, value FROM observation WHERE country_iso3 = 'BRA' "
            "AND indicator = 'wdi_gdp_per_capita_current_usd' ORDER BY year"
        )
        assert brazil["year"].tolist() == [2019, 2020, 2021, 2022, 2023]
    finally:
        warehouse.close()


def test_cli_from_mirror_without_a_mirror_is_a_clear_error():
    result = CliRunner().invoke(app, ["data", "sync", "wdi-gdp", "--from", "mirror"])
    assert result.exit_code == 1
    assert "error[config-invalid]" in result.output and "SOUTHSOUTH_MIRROR" in result.output
    assert "--from publishers" in result.output


def test_cli_from_publishers_names_dataset_url_and_remedy():
    # ucdp-acd has no pinned URL and no token is set: nothing is sent anywhere
    assert get_dataset("ucdp-acd").resources[0].url is None
    result = CliRunner().invoke(app, ["data", "sync", "ucdp-acd", "--from", "publishers"])
    assert result.exit_code == 1
    assert "ucdp-acd" in result.output
    assert "https://ucdpapi.pcr.uu.se/api/ucdpprioconflict/25.1" in result.output
    assert "SOUTHSOUTH_UCDP_TOKEN" in result.output
