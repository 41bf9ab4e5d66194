"""The framework-driven index and bloc comparison on the real mirror data."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from southsouth.cli import app
from southsouth.errors import UnknownGroup
from southsouth.index import IndexOptions
from southsouth.indicators.comparison import compare_groups
from southsouth.indicators.framework import load_framework
from southsouth.indicators.pillar_index import index_spec, pillar_index

runner = CliRunner()


def test_spec_follows_the_framework():
    framework = load_framework()
    spec = index_spec(framework)
    ids = [i.id for i in spec.indicators]
    assert ids == [i.id for i in framework.scored]
    debt = next(i for i in spec.indicators if i.id == "external_debt")
    assert debt.direction == -1 and debt.goalposts == (0.0, 150.0)


def test_g77_index_scores_match_goalpost_arithmetic(full_warehouse):
    built = pillar_index(full_warehouse, group="g77", year=2026)
    result = built.result
    table = built.table()
    assert len(table) == 135 - len(result.dropped[result.dropped["kind"] == "unit"])
    assert table["score"].between(0, 100).all()
    assert table["rank"].min() == 1 and table["rank"].is_monotonic_increasing
    # Recompute one country by hand: goalpost scores, mean per pillar, mean of pillars.
    framework = load_framework()
    iso3 = "KEN"
    pillars = []
    for pillar in result.pillar_scores.columns:
        scores = []
        for spec in framework.of_pillar(pillar):
            if not spec.scored or spec.id not in result.indicator_scores.columns:
                continue
            value = built.data.loc[iso3, spec.id]
            if value == value:
                worst, best = spec.goalposts.worst, spec.goalposts.best
                scores.append(min(max((value - worst) / (best - worst), 0), 1) * 100)
        if scores:
            pillars.append(sum(scores) / len(scores))
    assert result.overall.loc[iso3, "score"] == pytest.approx(sum(pillars) / len(pillars))


def test_uncertainty_bands_and_sources(full_warehouse):
    built = pillar_index(full_warehouse, group="ECOWAS", year=2026, replications=200, seed=3)
    table = built.table()
    assert {"median_rank", "rank_q05", "rank_q95"} <= set(table.columns)
    assert (table["rank_q05"] <= table["rank_q95"]).all()
    sources = built.sources()
    assert {"gapminder-internet-users", "itu-gci-2024", "pew-religious-restrictions"} <= set(
        sources["source_id"]
    )
    assert sources["licence"].notna().all()


def test_other_choices_and_bad_group(full_warehouse):
    built = pillar_index(
        full_warehouse,
        group="AU",
        options=IndexOptions(normalisation="minmax", aggregation="geometric"),
    )
    assert built.result.options.aggregation == "geometric"
    with pytest.raises(UnknownGroup):
        pillar_index(full_warehouse, group="NOSUCH")


def test_compare_blocs(full_warehouse):
    result = compare_groups(full_warehouse, ["AU", "ASEAN"], year=2026)
    rows = result.rows.set_index(["indicator", "group"])
    internet_au = rows.loc[("internet_users", "AU")]
    assert 0 < internet_au["value"] < 100 and internet_au["coverage"] > 0.8
    assert internet_au["light"] in {"red", "orange", "yellow", "green"}
    assert "gapminder-internet-users" in internet_au["sources"]


def test_index_and_compare_cli(full_warehouse, monkeypatch, tmp_path):
    monkeypatch.setenv("SOUTHSOUTH_HOME", str(full_warehouse.path.parent))
    chart = tmp_path / "map.svg"
    result = runner.invoke(app, ["index", "--group", "BRICS", "--json", "--chart", str(chart)])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert len(body["items"]) == 10 and body["sources"]
    assert chart.read_text().startswith("<svg")
    pillar = runner.invoke(app, ["index", "--pillar", "health", "--group", "BRICS", "--json"])
    assert json.loads(pillar.stdout)["pillar"] == "health"
    assert runner.invoke(app, ["index", "--pillar", "nope"]).exit_code == 2
    compared = runner.invoke(app, ["compare", "AU", "ASEAN", "--json"])
    assert compared.exit_code == 0 and json.loads(compared.stdout)["items"]
    listed = runner.invoke(app, ["indicators", "list", "--json"])
    assert {r["pillar"] for r in json.loads(listed.stdout)} >= {"science", "context"}
