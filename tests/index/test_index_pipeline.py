"""build_index end to end on hand-computed cases; coherence; strengths and weaknesses."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from southsouth.errors import InputError
from southsouth.index import IndexOptions, IndexSpec, IndicatorSpec, build_index, cronbach_alpha
from southsouth.index.strengths import strengths_weaknesses

NAN = np.nan
# x1 (P, +1): 0, 5, 10 → min–max 0, 50, 100
# x2 (P, −1): 1, 3, – → min–max flipped 100, 0, missing
# x3 (Q, +1): 10, 30, 20 → 0, 100, 50
DATA = pd.DataFrame(
    {"x1": [0.0, 5.0, 10.0], "x2": [1.0, 3.0, NAN], "x3": [10.0, 30.0, 20.0]},
    index=["AAA", "BBB", "CCC"],
)
SPEC = IndexSpec(
    (
        IndicatorSpec("x1", "P"),
        IndicatorSpec("x2", "P", direction=-1),
        IndicatorSpec("x3", "Q"),
    )
)


def test_minmax_arithmetic_by_hand():
    out = build_index(DATA, SPEC, IndexOptions())
    assert out.indicator_scores["x2"].tolist()[:2] == [100.0, 0.0]
    # P: AAA (0 + 100)/2 = 50, BBB (50 + 0)/2 = 25, CCC 100 (x2 missing); Q: 0, 100, 50
    assert out.pillar_scores["P"].tolist() == [50.0, 25.0, 100.0]
    assert out.pillar_scores["Q"].tolist() == [0.0, 100.0, 50.0]
    # overall (P + Q)/2: 25, 62.5, 75
    assert out.overall["score"].tolist() == [25.0, 62.5, 75.0]
    assert out.overall["rank"].tolist() == [3.0, 2.0, 1.0]
    assert out.overall["share"].tolist() == [1.0, 1.0, 0.75]
    assert out.ranks.loc["CCC"].tolist() == [1.0, 2.0, 1.0]
    assert out.weights["effective_weight"].tolist() == [0.25, 0.25, 0.5]
    assert "3 missing" not in " ".join(out.notes) and "1 missing value(s)" in out.notes[0]


def test_minmax_geometric_by_hand():
    out = build_index(DATA, SPEC, IndexOptions(aggregation="geometric"))
    # positive scale 1 + 0.99·y: x1 1, 50.5, 100; x2 100, 1, –; x3 1, 100, 50.5
    # P: √(1·100) = 10, √(50.5·1) = 7.106335, 100;  Q: 1, 100, 50.5
    assert out.pillar_scores["P"].tolist() == pytest.approx([10.0, 7.106335, 100.0], abs=1e-6)
    # overall: √(10·1) = 3.162278, √(7.106335·100) = 26.657710, √(100·50.5) = 71.063352
    assert out.overall["score"].tolist() == pytest.approx(
        [3.162278, 26.657710, 71.063352], abs=1e-6
    )
    assert out.overall["rank"].tolist() == [3.0, 2.0, 1.0]


def test_mean_imputation_flags_travel_to_outputs():
    out = build_index(DATA, SPEC, IndexOptions(imputation="mean"))
    # CCC's x2 imputed as (1 + 3)/2 = 2 → min–max 50 → P = 75, overall (75 + 50)/2 = 62.5
    assert bool(out.imputed.loc["CCC", "x2"]) and int(out.imputed.to_numpy().sum()) == 1
    assert out.overall.loc["CCC", "score"] == 62.5
    assert out.overall["rank"].tolist() == [3.0, 1.0, 1.0]  # BBB and CCC tie
    assert out.overall.loc["CCC", "share"] == 1.0
    assert out.overall.loc["CCC", "observed_share"] == 0.75
    assert out.observed_share.loc["CCC", "P"] == 0.5


def test_zscore_goalposts_and_targets_end_to_end():
    z = build_index(DATA, SPEC, IndexOptions(normalisation="zscore"))
    # x3: mean 20, sd 10 → −1, 1, 0; x1: mean 5, sd 5 → −1, 0, 1; x2: mean 2, sd √2, flipped
    assert z.indicator_scores["x3"].tolist() == pytest.approx([-1.0, 1.0, 0.0])
    assert z.indicator_scores["x2"].tolist()[:2] == pytest.approx(
        [1 / math.sqrt(2), -1 / math.sqrt(2)]
    )
    # AAA: P = (−1 + 0.707107)/2 = −0.146447; overall = (−0.146447 − 1)/2 = −0.573223
    assert z.overall.loc["AAA", "score"] == pytest.approx(-0.573223, abs=1e-6)
    posts = IndexSpec(
        (
            IndicatorSpec("x1", "P", goalposts=(0, 20)),
            IndicatorSpec("x2", "P", direction=-1, goalposts=(0, 4)),
            IndicatorSpec("x3", "Q", goalposts=(0, 40)),
        )
    )
    g = build_index(DATA, posts, IndexOptions(normalisation="goalposts"))
    # x1 0, 25, 50; x2 75, 25, –; x3 25, 75, 50 → overall AAA (37.5 + 25)/2 = 31.25
    assert g.overall["score"].tolist() == [31.25, 50.0, 50.0]
    assert set(g.treatment["action"]) == {"skipped"}
    targets = IndexSpec(
        (
            IndicatorSpec("x1", "P", target=5),
            IndicatorSpec("x2", "P", direction=-1, target=2),
            IndicatorSpec("x3", "Q", target=25),
        )
    )
    t = build_index(DATA, targets, IndexOptions(normalisation="distance_to_target"))
    # x1 0, 100, 100; x2 100 (1 ≤ 2), 66.67; x3 40, 100, 80
    assert t.overall["score"].tolist() == pytest.approx([45.0, 91.666667, 90.0], abs=1e-6)


def test_screened_units_and_indicators_are_reported():
    data = DATA.copy()
    data["x4"] = [NAN, NAN, 1.0]
    data.loc["DDD"] = [NAN, 2.0, NAN, NAN]  # x1–x3 keep 3/4; x4 has 1/4
    spec = IndexSpec((*SPEC.indicators, IndicatorSpec("x4", "Q")))
    out = build_index(data, spec, IndexOptions())
    assert set(out.dropped["id"]) == {"x4", "DDD"}
    assert list(out.overall.index) == ["AAA", "BBB", "CCC"]
    assert out.spec.ids == ["x1", "x2", "x3"]


def test_bad_options_are_input_errors():
    with pytest.raises(InputError, match="unknown normalisation"):
        IndexOptions(normalisation="rank")
    with pytest.raises(InputError, match="direction"):
        IndicatorSpec("x", "P", direction=0)
    with pytest.raises(InputError, match="pillar weight"):
        IndexSpec((IndicatorSpec("x", "P"),), {"Z": 1.0})


def test_cronbach_alpha_known_matrix():
    # item variances 5/3, 4/3, 8/3 (sum 17/3); totals 4, 7, 10, 13 have variance 15
    # α = 3/2 · (1 − (17/3)/15) = 42/45 = 0.933333
    items = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 4, 4], "c": [1, 3, 3, 5]}, dtype=float)
    assert cronbach_alpha(items) == pytest.approx(42 / 45)
    assert math.isnan(cronbach_alpha(items[["a"]]))


def test_coherence_tables():
    rng = np.random.default_rng(5)
    latent = rng.normal(size=30)
    data = pd.DataFrame(
        {f"i{k}": latent + rng.normal(scale=0.3, size=30) for k in range(4)},
        index=[f"U{k:02d}" for k in range(30)],
    )
    data["i3"] = -data["i3"]  # a negatively correlated indicator inside pillar B
    spec = IndexSpec(
        (
            IndicatorSpec("i0", "A"),
            IndicatorSpec("i1", "A"),
            IndicatorSpec("i2", "B"),
            IndicatorSpec("i3", "B"),
        )
    )
    out = build_index(data, spec, IndexOptions(treat_outliers=False)).coherence
    assert out.indicator_pillar.shape == (4, 2) and out.pillar_index.shape == (3, 3)
    assert out.indicator_pillar.loc["i0", "A"] > 0.9
    flags = out.flags.set_index(["a", "b"])["flag"]
    assert flags[("i2", "i3")] == "negative" and flags[("i0", "i1")] == "|r| > 0.9"
    alpha = out.pillars.set_index("pillar")["cronbach_alpha"]
    assert alpha["A"] > 0.9 and alpha["B"] < 0


def test_strengths_and_weaknesses_relative_to_median():
    scores = pd.DataFrame(
        {"a": [10.0, 50.0, 90.0], "b": [80.0, 50.0, 20.0], "c": [50.0, 60.0, 70.0]},
        index=["U", "V", "W"],
    )
    imputed = scores.astype(bool) & False
    imputed.loc["U", "b"] = True  # imputed values are not evidence
    table = strengths_weaknesses(scores, imputed, n=1)
    u = table[table["unit"] == "U"].set_index("kind")
    # U's gaps: a 10 − 50 = −40, c 50 − 60 = −10 (b imputed, left out)
    assert u.loc["strength", "indicator"] == "c" and u.loc["strength", "difference"] == -10.0
    assert u.loc["weakness", "indicator"] == "a" and u.loc["weakness", "difference"] == -40.0
    w = table[table["unit"] == "W"].set_index("kind")
    assert w.loc["strength", "indicator"] == "a" and w.loc["weakness", "indicator"] == "b"


def test_spec_from_a_framework_table():
    table = pd.DataFrame(
        {
            "indicator": ["x1", "x2", "x3"],
            "pillar": ["P", "P", "Q"],
            "direction": [1, -1, None],
            "weight": [2.0, None, 1.0],
            "lower": [0.0, None, 0.0],
            "upper": [10.0, None, 5.0],
            "target": [None, 3.0, None],
        }
    )
    spec = IndexSpec.from_frame(table, {"Q": 2.0})
    assert spec.ids == ["x1", "x2", "x3"] and spec.pillars == ["P", "Q"]
    assert spec.directions.tolist() == [1.0, -1.0, 1.0]
    assert spec.indicator_weights.tolist() == [2.0, 1.0, 1.0]
    assert spec.indicators[0].goalposts == (0.0, 10.0) and spec.indicators[1].goalposts is None
    assert spec.indicators[1].target == 3.0
    assert spec.pillar_weight_array.tolist() == pytest.approx([1 / 3, 2 / 3])
