"""The command line: JSON output, errors with codes and fixes, exit codes."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from southsouth.cli import app
from southsouth.settings import load_settings
from southsouth.warehouse.store import Warehouse

runner = CliRunner()


@pytest.fixture
def synced(monkeypatch, mirror):
    monkeypatch.setenv("SOUTHSOUTH_MIRROR", str(mirror))
    result = runner.invoke(app, ["data", "sync", "countries", "blocs"])
    assert result.exit_code == 0, result.output
    return result


def run_json(*args: str) -> list[dict]:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def run_items(*args: str) -> list[dict]:
    """The rows of a declared read's document, as ``--json`` prints it."""
    document = run_json(*args)
    assert isinstance(document, dict) and document["sources"], document
    return document["items"]


def test_sync_summary_names_datasets_rows_and_licences(synced):
    assert "countries" in synced.stdout and "blocs" in synced.stdout
    assert "Mixed (see each file)" in synced.stdout
    again = runner.invoke(app, ["data", "sync", "countries", "--json"])
    assert again.exit_code == 0
    (row,) = [r for r in json.loads(again.stdout) if r["dataset_id"] == "countries"]
    assert row["outcome"] == "up-to-date" and row["rows"] > 3000


def test_members_json_by_year(synced):
    assert [r["iso3"] for r in run_items("members", "BRICS", "--year", "2023")] == [
        "BRA",
        "CHN",
        "IND",
        "RUS",
        "ZAF",
    ]
    rows = run_items("members", "BRICS", "--year", "2024")
    assert sorted(r["iso3"] for r in rows) == [
        "ARE",
        "BRA",
        "CHN",
        "EGY",
        "ETH",
        "IND",
        "IRN",
        "RUS",
        "ZAF",
    ]
    assert all(r["name"] and r["source"] for r in rows)
    assert "IDN" in {r["iso3"] for r in run_items("members", "BRICS", "--year", "2025")}
    ecowas_2025 = {r["iso3"] for r in run_items("members", "ECOWAS", "--year", "2025")}
    ecowas_2023 = {r["iso3"] for r in run_items("members", "ECOWAS", "--year", "2023")}
    assert {"MLI", "BFA", "NER"} <= ecowas_2023 and not {"MLI", "BFA", "NER"} & ecowas_2025


def test_countries_g77_json(synced):
    rows = run_items("countries", "--group", "g77")
    assert len(rows) == 135
    assert all({"iso3", "name"} <= set(r) for r in rows)
    assert "CHN" in {r["iso3"] for r in rows}


def test_blocs_table_lists_every_bloc(synced):
    rows = {r["bloc_id"]: r for r in run_items("blocs")}
    assert {"AU", "ECOWAS", "BRICS", "HAGUE", "G77", "WHO-AFRO", "CELAC"} <= set(rows)
    assert rows["HAGUE"]["members"] == 9


def test_unknown_bloc_is_a_usage_error_with_suggestions(synced):
    result = runner.invoke(app, ["members", "BRIC"])
    assert result.exit_code == 2
    assert "error[unknown-bloc]" in result.stderr and "BRICS" in result.stderr


def test_bad_date_and_year_are_usage_errors(synced):
    assert runner.invoke(app, ["members", "AU", "--date", "2025-13-01"]).exit_code == 2
    result = runner.invoke(app, ["members", "AU", "--year", "1900"])
    assert result.exit_code == 2 and "error[year-out-of-range]" in result.stderr


def test_unknown_dataset_exit_code_2(monkeypatch, mirror):
    monkeypatch.setenv("SOUTHSOUTH_MIRROR", str(mirror))
    result = runner.invoke(app, ["data", "sync", "nosuchdata"])
    assert result.exit_code == 2 and "error[unknown-dataset]" in result.stderr


def test_query_before_sync_says_how_to_fix():
    result = runner.invoke(app, ["members", "AU"])
    assert result.exit_code == 1
    assert "error[not-synced]" in result.stderr and "southsouth data sync" in result.stderr


def test_data_list_shows_licence_and_status_before_and_after_sync(monkeypatch, mirror):
    before = run_json("data", "list")
    assert {r["status"] for r in before} == {"not loaded"}
    assert all(r["licence"] and r["citation"] and r["vintage"] for r in before)
    monkeypatch.setenv("SOUTHSOUTH_MIRROR", str(mirror))
    assert runner.invoke(app, ["data", "sync", "countries"]).exit_code == 0
    after = {r["dataset_id"]: r for r in run_json("data", "list")}
    assert after["countries"]["status"] == "loaded" and after["countries"]["rows"] > 3000


def test_offline_without_mirror_fails_cleanly_and_changes_nothing(monkeypatch, mirror):
    monkeypatch.setenv("SOUTHSOUTH_MIRROR", str(mirror))
    assert runner.invoke(app, ["data", "sync", "countries"]).exit_code == 0
    settings = load_settings()
    with Warehouse(settings.warehouse_path, read_only=True) as wh:
        before = wh.query("SELECT dataset_id, build_key, loaded_at FROM dataset_status")
    # No mirror, and every connection refused (a proxy on a closed loopback port): offline.
    monkeypatch.delenv("SOUTHSOUTH_MIRROR")
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("SOUTHSOUTH_HTTP_RETRIES", "1")
    monkeypatch.setenv("SOUTHSOUTH_HTTP_BACKOFF", "0")
    (settings.cache_dir / "countries" / "country-codes.csv").unlink()
    result = runner.invoke(app, ["data", "sync", "countries", "--force"])
    assert result.exit_code == 1
    assert "error[source-unavailable]: countries: could not download" in result.stderr
    assert "https://raw.githubusercontent.com/datasets/country-codes/" in result.stderr
    assert "SOUTHSOUTH_MIRROR" in result.stderr
    with Warehouse(settings.warehouse_path, read_only=True) as wh:
        after = wh.query("SELECT dataset_id, build_key, loaded_at FROM dataset_status")
        assert wh.query("SELECT count(*) AS n FROM country")["n"].iloc[0] == 250
    assert before.equals(after)
    derived = runner.invoke(app, ["data", "sync", "blocs"])
    assert derived.exit_code == 1
    assert "distributed only with the southsouth data mirror" in derived.stderr


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("southsouth 0.")


def test_baci_release_from_a_mirror(monkeypatch, mirror, tmp_path):
    """A release-shaped zip of real BACI rows (see sources/test_baci.build_release)."""
    from sources.test_baci import build_release

    root = tmp_path / "mirror"
    root.mkdir()
    build_release(root, mirror)
    monkeypatch.setenv("SOUTHSOUTH_MIRROR", str(root))
    result = runner.invoke(
        app, ["data", "sync", "baci", "--release", "HS92:V202301", "--years", "2021", "--json"]
    )
    assert result.exit_code == 0, result.output
    (row,) = [r for r in json.loads(result.stdout) if r["dataset_id"] == "baci-hs92-v202301"]
    assert row["outcome"] == "loaded" and row["rows"] > 70_000
    assert "years 2021" in row["vintage"]
    listed = {r["dataset_id"]: r for r in run_json("data", "list")}
    assert listed["baci-hs92-v202301"]["status"] == "loaded"
    usage = runner.invoke(app, ["data", "sync", "baci"])
    assert usage.exit_code == 2 and "--release" in usage.output
    bad = runner.invoke(app, ["data", "sync", "baci", "--release", "HS1999", "--years", "2021"])
    assert bad.exit_code == 2 and "error[invalid-input]" in bad.stderr


def test_resolve_reports_names_that_do_not_map(synced):
    result = runner.invoke(app, ["resolve", "Korea, South", "Narnia", "--json"])
    assert result.exit_code == 1
    rows = json.loads(result.stdout)
    assert rows[0]["iso3"] == "KOR" and rows[1]["iso3"] is None
    ok = runner.invoke(app, ["resolve", "Viet Nam", "BR"])
    assert ok.exit_code == 0 and "VNM" in ok.stdout and "BRA" in ok.stdout


def test_baci_by_classification_names_the_release_it_needs(monkeypatch, mirror):
    monkeypatch.setenv("SOUTHSOUTH_MIRROR", str(mirror))
    result = runner.invoke(
        app, ["data", "sync", "baci", "--classification", "HS92", "--years", "2019-2023"]
    )
    assert result.exit_code == 1
    assert "error[source-unavailable]" in result.stderr
    assert "trade/baci/BACI_HS92_V202501.zip" in result.stderr
