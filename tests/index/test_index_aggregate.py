"""Aggregation and weights: hand-computed cases, partial data, PCA and effective weights."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from southsouth.errors import InputError
from southsouth.index.aggregate import (
    aggregate,
    rank_descending,
    weighted_arithmetic,
    weighted_geometric,
)
from southsouth.index.spec import IndexSpec, IndicatorSpec
from southsouth.index.weights import (
    custom_weights,
    effective_weights,
    equal_weights,
    pca_weights,
)


def test_weighted_means_by_hand():
    # (1·20 + 3·80)/4 = 65;  20^(1/4)·80^(3/4) = 80/√2 = 56.568542
    assert weighted_arithmetic(np.array([20.0, 80.0]), np.array([1.0, 3.0])) == 65.0
    assert weighted_geometric(np.array([20.0, 80.0]), np.array([1.0, 3.0])) == pytest.approx(
        56.568542, abs=1e-6
    )


def test_partial_data_renormalises_weights():
    # the missing middle value (weight 2) drops out: (1·20 + 3·80)/(1 + 3) = 65
    values = np.array([20.0, np.nan, 80.0])
    weights = np.array([1.0, 2.0, 3.0])
    assert weighted_arithmetic(values, weights) == 65.0
    assert weighted_geometric(values, weights) == pytest.approx(56.568542, abs=1e-6)
    assert math.isnan(weighted_arithmetic(np.array([np.nan]), np.array([1.0])))


def test_geometric_rejects_non_positive_values():
    with pytest.raises(InputError, match="strictly positive"):
        weighted_geometric(np.array([0.0, 5.0]), np.array([1.0, 1.0]))


SPEC = IndexSpec(
    (
        IndicatorSpec("a1", "A"),
        IndicatorSpec("a2", "A"),
        IndicatorSpec("b1", "B"),
    ),
    {"A": 1.0, "B": 3.0},
)


def test_two_levels_arithmetic_and_shares():
    scores = pd.DataFrame(
        {"a1": [20.0, 20.0], "a2": [80.0, np.nan], "b1": [60.0, 60.0]}, index=["u", "v"]
    )
    out = aggregate(scores, SPEC, equal_weights(SPEC), "arithmetic")
    # u: A = (20 + 80)/2 = 50, B = 60, overall = (1·50 + 3·60)/4 = 57.5
    # v: A = 20 (a2 missing), overall = (20 + 180)/4 = 50
    assert out.pillar.loc["u"].tolist() == [50.0, 60.0]
    assert out.overall.tolist() == [57.5, 50.0]
    # v's share: pillar A 0.5; overall = 0.25·0.5 + 0.75·1 = 0.875
    assert out.share.loc["v"].tolist() == [0.5, 1.0, 0.875]


def test_two_levels_geometric():
    scores = pd.DataFrame({"a1": [20.0], "a2": [80.0], "b1": [60.0]}, index=["u"])
    out = aggregate(scores, SPEC, equal_weights(SPEC), "geometric")
    # A = √(20·80) = 40;  overall = 40^(1/4)·60^(3/4) = 54.216
    assert out.pillar.loc["u", "A"] == pytest.approx(40.0)
    assert out.overall["u"] == pytest.approx(54.2161, abs=1e-4)


def test_min_share_blanks_thin_aggregates():
    scores = pd.DataFrame({"a1": [20.0], "a2": [np.nan], "b1": [np.nan]}, index=["u"])
    out = aggregate(scores, SPEC, equal_weights(SPEC), "arithmetic", min_share=0.6)
    assert math.isnan(out.pillar.loc["u", "A"]) and math.isnan(out.overall["u"])
    loose = aggregate(scores, SPEC, equal_weights(SPEC), "arithmetic", min_share=0.0)
    assert loose.overall["u"] == 20.0 and loose.share.loc["u", "overall"] == 0.125


def test_ranks_best_first_ties_share_the_best_rank():
    ranks = rank_descending(np.array([3.0, 9.0, 3.0, np.nan, 1.0]))
    assert ranks[[0, 1, 2, 4]].tolist() == [2.0, 1.0, 2.0, 4.0] and math.isnan(ranks[3])


def test_ranks_run_down_each_column_of_a_table_and_a_cube():
    table = np.array([[1.0, np.nan], [5.0, 2.0], [5.0, 2.0], [np.nan, 7.0]])
    ranks = rank_descending(table)
    assert np.array_equal(
        ranks, [[3.0, np.nan], [1.0, 2.0], [1.0, 2.0], [np.nan, 1.0]], equal_nan=True
    )
    cube = np.stack([table, -table], axis=2)
    both = rank_descending(cube)
    assert np.array_equal(both[:, :, 0], ranks, equal_nan=True)
    assert np.array_equal(
        both[:, :, 1], [[1.0, np.nan], [2.0, 1.0], [2.0, 1.0], [np.nan, 3.0]], equal_nan=True
    )
    assert rank_descending(np.array([])).size == 0


def test_custom_and_effective_weights():
    spec = IndexSpec(
        (
            IndicatorSpec("a1", "A", weight=1.0),
            IndicatorSpec("a2", "A", weight=3.0),
            IndicatorSpec("b1", "B", weight=5.0),
        ),
        {"A": 1.0, "B": 3.0},
    )
    within = custom_weights(spec)
    assert within.tolist() == [0.25, 0.75, 1.0]
    table = effective_weights(spec, within)
    assert table["effective_weight"].tolist() == [0.0625, 0.1875, 0.75]
    assert equal_weights(spec).tolist() == [0.5, 0.5, 1.0]


def test_pca_weights_by_hand():
    # x2 = 2·x1 and x3 is uncorrelated with both: R = [[1,1,0],[1,1,0],[0,0,1]],
    # λ1 = 2, v = (1, 1, 0)/√2 → weights v² = (0.5, 0.5, 0); variance explained 2/3
    scores = pd.DataFrame(
        {"x1": [1.0, 2.0, 3.0, 4.0], "x2": [2.0, 4.0, 6.0, 8.0], "x3": [1.0, -1.0, -1.0, 1.0]}
    )
    spec = IndexSpec(tuple(IndicatorSpec(i, "P") for i in ("x1", "x2", "x3")))
    pca = pca_weights(scores, spec)
    assert pca.weights == pytest.approx([0.5, 0.5, 0.0], abs=1e-12)
    assert pca.pillars["variance_explained"].iloc[0] == pytest.approx(2 / 3)


def test_pca_flags_mixed_signs_and_falls_back_when_thin():
    scores = pd.DataFrame({"x1": [1.0, 2.0, 3.0, 4.0], "x2": [4.0, 3.0, 2.0, 1.5]})
    spec = IndexSpec(tuple(IndicatorSpec(i, "P") for i in ("x1", "x2")))
    assert pca_weights(scores, spec).pillars["note"].iloc[0] == (
        "first component loadings have mixed signs"
    )
    thin = pca_weights(scores.iloc[:2], spec)
    assert thin.weights.tolist() == [0.5, 0.5]
    assert thin.pillars["note"].iloc[0].startswith("equal weights")
