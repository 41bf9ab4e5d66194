"""`southsouth gaps ...` as the issue's acceptance list states it."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from southsouth.cli import app

runner = CliRunner()


@pytest.fixture
def home(full_warehouse, monkeypatch):
    monkeypatch.setenv("SOUTHSOUTH_HOME", str(full_warehouse.path.parent))


def run(*args: str) -> dict:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_gaps_military_2023_reproduces_sipri(home):
    body = run("gaps", "military", "--year", "2023")
    rows = {r["entity"]: r for r in body["items"]}
    assert round(rows["Africa"]["share_pct"], 1) == 2.1
    assert round(rows["South America"]["share_pct"], 1) == 2.1
    assert round(rows["South East Asia"]["share_pct"], 1) == 2.0
    assert round(rows["top-5"]["share_pct"]) == 61
    for entity in ("Africa", "South America", "South East Asia", "top-5"):
        assert "SIPRI Military Expenditure Database 2024" in rows[entity]["source"]
        assert rows[entity]["licence"] and rows[entity]["vintage"]


def test_gaps_health_workforce_afro_2030_with_published_figure(home, tmp_path):
    chart = tmp_path / "afro.svg"
    body = run(
        "gaps", "health-workforce", "--region", "afro", "--year", "2030", "--chart", str(chart)
    )
    (row,) = body["headline"]
    assert row["group"] == "WHO-AFRO" and row["countries"] == 47
    assert row["shortage"] == pytest.approx(row["need"] - row["supply"] + row["surplus"], rel=1e-9)
    assert 0 < row["coverage"] < 1
    (published,) = body["published"]
    assert published["published"]["shortage"] == 6_100_000
    assert any("Cadres" in reason for reason in published["reasons"])
    assert chart.read_text().startswith("<svg")


def test_gaps_cyber_and_civic_space(home):
    cyber = run("gaps", "cyber", "--group", "g77")
    assert cyber["rule"] and cyber["lowest"]
    civic = run("gaps", "civic-space", "--group", "g77")
    closed = {r["iso3"] for r in civic["lists"] if r["group"] == "g77" and r["label"] == "Closed"}
    assert {"CUB", "ERI"} <= closed


def test_bad_year_and_group_are_usage_errors(home):
    assert runner.invoke(app, ["gaps", "military", "--year", "1990"]).exit_code == 2
    bad = runner.invoke(app, ["gaps", "health-workforce", "--group", "NOPE"])
    assert bad.exit_code == 2 and "error[unknown-group]" in bad.stderr
