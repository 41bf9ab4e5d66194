"""`southsouth relations` and `southsouth coalition` on the mirror data."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from southsouth.cli import app

runner = CliRunner()


@pytest.fixture
def home(full_warehouse, monkeypatch):
    monkeypatch.setenv("SOUTHSOUTH_HOME", str(full_warehouse.path.parent))


def test_india_pakistan_is_a_high_tension_rivalry(home):
    result = runner.invoke(app, ["relations", "IND", "PAK", "--json"])
    assert result.exit_code == 0, result.output
    body = json.dumps(json.loads(result.stdout))
    assert '"tension_label": "high"' in body and "rivalry" in body


def test_relations_map_and_chart(home, tmp_path):
    chart = tmp_path / "saarc.svg"
    result = runner.invoke(
        app, ["relations", "map", "--bloc", "SAARC", "--json", "--chart", str(chart)]
    )
    assert result.exit_code == 0, result.output
    assert chart.read_text().startswith("<svg")
    assert runner.invoke(app, ["relations", "map"]).exit_code == 2


def test_coalition_respects_threshold_and_pathway(home):
    result = runner.invoke(
        app,
        [
            "coalition",
            "--objective",
            "health-workforce",
            "--group",
            "AU",
            "--size",
            "4",
            "--top",
            "2",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    coalitions = body["items"]
    assert len(coalitions) == 2
    for found in coalitions:
        assert len(found["members"]) == 4
        assert found["max_tension"] < body["tension_threshold"]
        assert found["pathways"]
    bad = runner.invoke(app, ["coalition", "--objective", "pharmacy"])
    assert bad.exit_code == 2 and "pharma" in bad.stderr
