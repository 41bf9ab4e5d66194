"""`southsouth trade ...` on the mirror's trade tables."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from southsouth.cli import app

runner = CliRunner()


@pytest.fixture
def home(full_warehouse, monkeypatch):
    monkeypatch.setenv("SOUTHSOUTH_HOME", str(full_warehouse.path.parent))


def test_complexity_json_and_csv(home, tmp_path):
    table = tmp_path / "eci.csv"
    result = runner.invoke(app, ["trade", "complexity", "--json", "--csv", str(table)])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    countries = {r["country"]: r for r in body["items"]}
    assert countries["JPN"]["eci_rank"] == 1 and "BVT" not in countries
    assert body["country_set"]["rule"] == "atlas"
    assert len(table.read_text().splitlines()) == 143  # header + 142 ranked (Atlas rule)
    every = tmp_path / "all.csv"
    wide = ["trade", "complexity", "--all-countries", "--json", "--csv", str(every)]
    result = runner.invoke(app, wide)
    assert result.exit_code == 0, result.output
    assert len(every.read_text().splitlines()) == 225  # header + 224 reporters


def test_complexity_footer_states_the_country_set(home):
    result = runner.invoke(app, ["trade", "complexity", "--top", "3"], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    assert "ranked: 142 countries with population ≥ 1 million and exports ≥ US$1 billion" in (
        result.stdout
    )
    assert "use --all-countries" in result.stdout
    products = runner.invoke(
        app, ["trade", "complexity", "--products", "--all-countries"], env={"COLUMNS": "400"}
    )
    assert products.exit_code == 0, products.output
    assert "ranked: all 224 countries with exports in 2017" in products.stdout


def test_substitution_on_the_extract_warns_it_is_not_a_finding(home):
    result = runner.invoke(app, ["trade", "substitution", "--importer", "NAM", "--top", "3"])
    assert result.exit_code == 0, result.output
    assert "exports of Afghanistan and South Africa only" in result.stdout
    assert "PROVISIONAL: the flows do not fully cover g77 and world" in result.stdout
    both = runner.invoke(app, ["trade", "substitution", "--importer", "NAM", "--bloc", "SADC"])
    assert both.exit_code == 2


def test_links_among_sadc_on_the_intra_african_table(home):
    result = runner.invoke(app, ["trade", "links", "--bloc", "SADC", "--json"])
    assert result.exit_code == 0, result.output
    pairs = json.loads(result.stdout)["items"]
    assert pairs and all(0 <= p["tc"] <= 100 for p in pairs)


def test_south_south_share_of_south_africa(home):
    result = runner.invoke(app, ["trade", "share", "--json"])
    assert result.exit_code == 0, result.output
    rows = {r["iso3"]: r for r in json.loads(result.stdout)["items"]}
    assert rows["ZAF"]["export_share_pct"] == pytest.approx(51.8407, abs=1e-4)
