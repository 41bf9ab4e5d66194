"""Tension network chart: lines only for the labels asked for, capitals as nodes, renders."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd

from southsouth.charts import save_chart
from southsouth.charts.relations import tension_network
from southsouth.charts.render import chart_spec
from southsouth.relations.readiness import RelationsMap


def _map() -> RelationsMap:
    nodes = pd.DataFrame(
        {
            "iso3": ["AAA", "BBB", "CCC", "DDD"],
            "name": ["A", "B", "C", "D"],
            "region": "R",
            "capital": ["a", "b", "c", "d"],
            "capital_lat": [10.0, 20.0, 15.0, None],
            "capital_lon": [0.0, 10.0, 30.0, None],
        }
    )
    pairs = pd.DataFrame(
        {
            "a": ["AAA", "AAA", "BBB", "AAA"],
            "b": ["BBB", "CCC", "CCC", "DDD"],
            "name_a": ["A", "A", "B", "A"],
            "name_b": ["B", "C", "C", "D"],
            "tension": [0.9, 0.4, 0.0, 0.95],
            "tension_label": ["high", "elevated", "low", "high"],
            "drivers": ["rivalry", "mid", "", "rivalry"],
            "readiness": [30.0, 55.0, 80.0, 20.0],
        }
    )
    return RelationsMap("test", date(2026, 1, 1), 0.6, nodes, pairs, ())


def _data_of(spec: dict, mark: str) -> list[dict]:
    for layer in spec["layer"]:
        kind = layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
        if kind == mark:
            return layer["data"]["values"]
    return []


def test_lines_for_elevated_and_high_pairs_with_placed_capitals():
    spec = chart_spec(tension_network(_map()))
    lines = _data_of(spec, "rule")
    # AAA–DDD is high but DDD has no capital coordinates; BBB–CCC is low
    assert sorted(row["pair"] for row in lines) == ["A – B", "A – C"]
    assert {row["label"] for row in lines} == {"high", "elevated"}
    assert len(_data_of(spec, "circle")) == 3
    assert "No capital coordinates: DDD" in spec["title"]["subtitle"]
    assert spec["layer"][0]["projection"]["fit"]["geometry"]["type"] == "MultiPoint"


def test_all_labels_and_the_world_map_render(tmp_path, mirror):
    topology = json.loads((mirror / "geo" / "countries-110m.json").read_text("utf-8"))
    chart = tension_network(_map(), topology=topology, show=("low", "elevated", "high"))
    spec = chart_spec(chart)
    assert len(_data_of(spec, "rule")) == 3
    assert spec["layer"][0]["mark"]["type"] == "geoshape"
    out = save_chart(chart, tmp_path / "tension.svg")
    assert out.read_text("utf-8").startswith("<svg")
