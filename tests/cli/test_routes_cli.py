"""`southsouth routes ...` on the mirror's OpenFlights data."""

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
    assert "June 2014" in json.dumps(body["sources"])
    assert chart.read_text().startswith("<svg")


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
