"""`southsouth routes ...` on the mirror's route data (May 2026, with June 2014 as history)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from southsouth.cli import app

runner = CliRunner()


@pytest.fixture
def home(full_warehouse, monkeypatch):
    monkeypatch.setenv("SOUTHSOUTH_HOME", str(full_warehouse.path.parent))


def test_links_between_kenya_and_brazil_need_a_northern_hub(home, tmp_path):
    chart = tmp_path / "links.svg"
    result = runner.invoke(app, ["routes", "links", "KEN", "BRA", "--json", "--chart", str(chart)])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["direct"] is False
    assert "2026-05-03" in json.dumps(body["sources"])
    assert chart.read_text().startswith("<svg")


def test_links_south_africa_brazil_say_2026_and_the_change(home):
    """Acceptance: `routes links ZAF BRA` uses the 2026 network and says so."""
    result = runner.invoke(app, ["routes", "links", "ZAF", "BRA"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "South Africa – Brazil: direct flights (2026 routes)" in result.output
    assert "CPT" in result.output and "JNB" in result.output
    assert "since 2014: 1 → 2 airport pairs (kept; gained CPT–GRU)" in result.output
    assert "Data: Scheduled non-stop airline routes" in result.output


def test_change_per_area_and_pairs(home):
    areas = runner.invoke(app, ["routes", "change", "--json"])
    assert areas.exit_code == 0, areas.output
    rows = {r["area"]: r for r in json.loads(areas.stdout)["items"]}
    assert (rows["g77"]["linked_2014"], rows["g77"]["linked_2026"]) == (719, 829)
    text = runner.invoke(app, ["routes", "change", "--pairs"], env={"COLUMNS": "200"})
    assert "2014 → 2026 (pairs that changed)" in text.output
    assert text.output.count("│ gained ") == 205 and text.output.count("│ lost ") == 95
    assert "STALE" in text.output  # the 2014 routes are 12 years old


def test_missing_links_name_endpoints_and_score(home, tmp_path):
    table = tmp_path / "missing.csv"
    result = runner.invoke(
        app,
        [
            "routes",
            "missing",
            "--from",
            "africa",
            "--to",
            "south-america",
            "--top",
            "3",
            "--json",
            "--csv",
            str(table),
        ],
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    rows = body["items"]
    assert len(rows) == 3
    first = rows[0]
    assert first["from_airport"] and first["to_airport"] and first["demand_score"] > 0
    assert first["from_city"] and first["distance_km"] > 0 and first["gdp_usd_from"] > 0
    assert table.read_text().splitlines()[0].startswith("rank")


def test_hubs_and_unknown_area(home):
    hubs = runner.invoke(app, ["routes", "hubs", "--top", "5", "--json"])
    assert hubs.exit_code == 0 and len(json.loads(hubs.stdout)["items"]) == 5
    bad = runner.invoke(app, ["routes", "missing", "--from", "atlantis", "--to", "africa"])
    assert bad.exit_code == 2
