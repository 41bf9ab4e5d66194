"""`southsouth data status` and the data-age footers of commands, over real mirror data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mirror_sync import load
from southsouth.cli import app

runner = CliRunner()
AS_OF = "2026-12-07"


@pytest.fixture(scope="module")
def synced(tmp_path_factory: pytest.TempPathFactory, mirror: Path) -> Path:
    """A home holding SIPRI (2019–2023), CIVICUS (2020), OpenFlights (2014) and HS4 exports
    (2017) from the mirror."""
    home = tmp_path_factory.mktemp("status")
    warehouse, _ = load(
        home,
        mirror,
        "countries",
        "blocs",
        "sipri-milex-2024",
        "sipri-milex-2024-regions",
        "civicus-monitor-2021",
        "openflights",
        "ots-hs4-exports-2017",
    )
    warehouse.close()
    return home


@pytest.fixture
def home(synced: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOUTHSOUTH_HOME", str(synced))
    return synced


def status(*args: str) -> dict:
    result = runner.invoke(app, ["data", "status", "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_status_lists_every_dataset_with_its_data_years(home: Path) -> None:
    body = status("--as-of", AS_OF)
    assert body["as_of"] == AS_OF and body["stale_after_years"] == 5
    rows = {r["dataset_id"]: r for r in body["items"]}
    sipri = rows["sipri-milex-2024"]
    assert (sipri["first_data_year"], sipri["data_year"], sipri["data_years"]) == (
        2019,
        2023,
        "2019–2023",
    )
    assert sipri["age_years"] == 3 and sipri["stale"] is False and sipri["status"] == "loaded"
    assert sipri["retrieved"] and sipri["loaded_at"]
    routes = rows["openflights"]
    assert routes["data_year"] == 2014 and routes["age_years"] == 12 and routes["stale"] is True
    assert rows["ots-hs4-exports-2017"]["age_years"] == 9 and rows["ots-hs4-exports-2017"]["stale"]
    civicus = rows["civicus-monitor-2021"]
    assert civicus["data_year"] == 2020 and civicus["stale"] is True
    # Not loaded: listed, age unknown, not flagged.
    gdp = rows["wdi-gdp"]
    assert gdp["status"] == "not loaded" and gdp["data_year"] is None and gdp["stale"] is False


def test_as_of_moves_the_age(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    later = {r["dataset_id"]: r for r in status("--as-of", "2030-01-01")["items"]}
    assert later["sipri-milex-2024"]["age_years"] == 7 and later["sipri-milex-2024"]["stale"]
    monkeypatch.setenv("SOUTHSOUTH_AS_OF", "2028-06-30")
    body = status()
    assert body["as_of"] == "2028-06-30"
    rows = {r["dataset_id"]: r for r in body["items"]}
    assert rows["sipri-milex-2024"]["age_years"] == 5 and not rows["sipri-milex-2024"]["stale"]


def test_status_table_flags_stale_rows(home: Path) -> None:
    result = runner.invoke(app, ["data", "status", "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    (routes,) = [line for line in lines if "│ openflights " in line]
    assert "2014" in routes and "12" in routes and "STALE" in routes
    (sipri,) = [line for line in lines if "│ sipri-milex-2024 " in line]
    assert "2019–2023" in sipri and "STALE" not in sipri
    assert f"on {AS_OF}: " in result.stdout


def test_bad_as_of_is_a_usage_error(home: Path) -> None:
    result = runner.invoke(app, ["data", "status", "--as-of", "2026-13-01"])
    assert result.exit_code == 2
    assert "not a date like" in result.output


def test_status_without_a_warehouse_lists_the_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOUTHSOUTH_HOME", str(tmp_path / "empty"))
    rows = status("--as-of", AS_OF)["items"]
    assert rows and {r["status"] for r in rows} == {"not loaded"}
    routes = next(r for r in rows if r["dataset_id"] == "openflights")
    assert routes["data_year"] == 2014 and routes["stale"] is True


def test_command_footers_show_data_years_and_flag_stale_ones(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOUTHSOUTH_AS_OF", AS_OF)
    civic = runner.invoke(app, ["gaps", "civic-space"])
    assert civic.exit_code == 0, civic.output
    (footer,) = [line for line in civic.stdout.splitlines() if line.startswith("Data: ")]
    assert footer.endswith(f"data year 2020, 6 years before {AS_OF} — STALE (older than 5 years)")
    military = runner.invoke(app, ["gaps", "military", "--year", "2023"])
    assert military.exit_code == 0, military.output
    footers = [line for line in military.stdout.splitlines() if line.startswith("Data: ")]
    assert len(footers) == 2
    for line in footers:
        assert line.endswith(f"data years 2019–2023, 3 years before {AS_OF}")
    # --json prints the same sources block, with the note for the stale one.
    body = json.loads(runner.invoke(app, ["gaps", "civic-space", "--json"]).stdout)
    assert body["sources"][0]["stale"] is True
    assert body["notes"][-1].endswith(f"6 years before {AS_OF} (older than 5 years)")
