"""Screening, imputation and outlier treatment: hand-computed cases."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from southsouth.errors import InputError, UnknownIndicator
from southsouth.index.coverage import screen
from southsouth.index.impute import impute
from southsouth.index.options import OutlierRule
from southsouth.index.outliers import kurtosis, log_transform, skewness, treat, treat_indicator
from southsouth.index.spec import IndexSpec, IndicatorSpec, validate_data

NAN = np.nan


def spec_of(*pairs: tuple[str, str]) -> IndexSpec:
    return IndexSpec(tuple(IndicatorSpec(i, p) for i, p in pairs))


def test_screening_drops_thin_indicators_then_thin_units():
    data = pd.DataFrame(
        {
            "a": [1, 2, 3, 4, 5, 6],
            "b": [1, NAN, NAN, NAN, 5, 6],  # 3/6 = 50 % < 65 %
            "c": [1, 2, NAN, NAN, 5, 6],  # 4/6 = 67 %
            "d": [7, 7, 7, 7, 7, 7],  # no variation
            "e": [1, 2, 3, NAN, 4, NAN],
        },
        index=["A", "B", "C", "D", "E", "F"],
        dtype=float,
    )
    spec = spec_of(("a", "P"), ("b", "P"), ("c", "Q"), ("d", "Q"), ("e", "Q"))
    out = screen(data, spec)
    dropped = out.dropped.set_index("id")
    assert dropped.loc["b", "reason"] == "data for 50% of units, below 65%"
    assert dropped.loc["d", "reason"] == "fewer than two distinct values"
    # D has a, but not c or e: 1/3 of the kept indicators
    assert dropped.loc["D", "kind"] == "unit" and dropped.loc["D", "coverage"] == pytest.approx(
        1 / 3
    )
    assert list(out.data.columns) == ["a", "c", "e"] and "D" not in out.data.index
    assert out.spec.ids == ["a", "c", "e"]
    assert out.coverage.loc["C", "overall"] == pytest.approx(2 / 3)
    assert out.coverage.loc["C", "Q"] == pytest.approx(0.5)


def test_screening_per_pillar_and_forced_units():
    data = pd.DataFrame(
        {"a": [1, 2, 3, 4], "b": [1, 2, 3, 5], "c": [NAN, 2, 3, 4]},
        index=["A", "B", "C", "D"],
        dtype=float,
    )
    spec = spec_of(("a", "P"), ("b", "P"), ("c", "Q"))
    strict = screen(data, spec, unit_min_pillar=0.5)
    row = strict.dropped.set_index("id").loc["A"]
    assert row["pillar"] == "Q" and row["reason"] == "data for 0% of Q indicators, below 50%"
    kept = screen(data, spec, unit_min_pillar=0.5, force_include=["A"], force_exclude=["D"])
    assert list(kept.data.index) == ["A", "B", "C"]
    reasons = kept.dropped.set_index("id")["reason"]
    assert reasons["A"].startswith("kept by request despite")
    assert reasons["D"] == "excluded by request"


def test_screening_refuses_to_leave_nothing():
    data = pd.DataFrame({"a": [1.0, NAN, NAN]}, index=["A", "B", "C"])
    with pytest.raises(InputError, match="no indicator passes"):
        screen(data, spec_of(("a", "P")))
    with pytest.raises(InputError, match="not in the data"):
        screen(data, spec_of(("a", "P")), force_exclude=["ZZZ"])


def test_validate_data():
    spec = spec_of(("a", "P"))
    with pytest.raises(UnknownIndicator):
        validate_data(pd.DataFrame({"b": [1.0]}), spec)
    with pytest.raises(InputError, match="infinite"):
        validate_data(pd.DataFrame({"a": [1.0, np.inf]}), spec)
    with pytest.raises(InputError, match="twice"):
        validate_data(pd.DataFrame({"a": [1.0, 2.0]}, index=["X", "X"]), spec)


IMP = pd.DataFrame(
    {"x": [1.0, 2.0, 9.0, NAN, NAN], "y": [NAN, 4.0, 6.0, 8.0, NAN]},
    index=["A", "B", "C", "D", "E"],
)
GROUPS = pd.Series({"A": "g1", "B": "g1", "C": "g2", "D": "g2"})  # E has no group


def test_mean_and_median_imputation_with_flags():
    mean = impute(IMP, "mean")
    assert mean.data["x"].tolist() == [1.0, 2.0, 9.0, 4.0, 4.0]
    assert mean.data["y"].tolist() == [6.0, 4.0, 6.0, 8.0, 6.0]
    assert mean.imputed["x"].tolist() == [False, False, False, True, True]
    median = impute(IMP, "median")
    assert median.data["x"].tolist() == [1.0, 2.0, 9.0, 2.0, 2.0]
    none = impute(IMP, "none")
    assert none.data.isna().sum().sum() == 4 and not none.imputed.any().any()


def test_group_mean_imputation_falls_back_to_overall():
    out = impute(IMP, "group_mean", GROUPS)
    # D (g2) gets C's 9; E has no group → overall mean 4
    assert out.data["x"].tolist() == [1.0, 2.0, 9.0, 9.0, 4.0]
    # A (g1) gets B's 4; E → overall 6
    assert out.data["y"].tolist() == [4.0, 4.0, 6.0, 8.0, 6.0]
    assert int(out.imputed.to_numpy().sum()) == 4
    with pytest.raises(InputError, match="grouping"):
        impute(IMP, "group_mean")


def test_skew_and_kurtosis_match_the_sample_adjusted_estimators():
    x = np.r_[np.arange(1, 11), 30, 100].astype(float)  # COINr's treatment vignette example
    assert skewness(x) == pytest.approx(stats.skew(x, bias=False))
    assert kurtosis(x) == pytest.approx(stats.kurtosis(x, bias=False))
    assert skewness(x) == pytest.approx(3.063241, abs=1e-6)
    assert kurtosis(x) == pytest.approx(9.741391, abs=1e-6)


def test_winsorisation_of_the_top_point():
    x = np.r_[np.arange(1, 11), 30, 100].astype(float)
    treated, log = treat_indicator(x, OutlierRule())
    # one step: 100 → 30, then skew 1.712 < 2 passes
    assert treated.tolist() == [*range(1, 11), 30.0, 30.0]
    assert log["action"] == "winsorised" and log["winsorised_high"] == 1
    assert log["skew_after"] == pytest.approx(1.712038, abs=1e-6) and log["passes_after"]


def test_winsorisation_from_below_counts_tied_points():
    x = -np.r_[np.arange(1, 21), 100, 100].astype(float)  # skew −2.817, kurtosis 7.134
    treated, log = treat_indicator(x, OutlierRule(winsor_max=2))
    # both −100s move to the next lowest value, −20, in one step
    assert log["action"] == "winsorised" and (log["winsorised_low"], log["winsorised_high"]) == (
        2,
        0,
    )
    assert sorted(treated)[:3] == [-20.0, -20.0, -20.0]
    assert log["skew_after"] == pytest.approx(0.094496, abs=1e-6)


def test_log_when_winsorising_is_not_enough():
    x = np.r_[np.arange(1, 31), 200, 200, 300, 300, 400].astype(float)  # skew 2.48, kurt 5.23
    treated, log = treat_indicator(x, OutlierRule(winsor_max=2))
    # 400 → 300 is one point; the next step would move three tied 300s, beyond 2 points
    assert log["action"] == "log" and log["passes_after"]
    # log(x − min + 0.01·(max − min)): min 1, range 399 → shift 3.99
    assert treated[0] == pytest.approx(math.log(3.99))
    assert treated[-1] == pytest.approx(math.log(399 + 3.99))
    # negative skew mirrors: −log(max + a − x), with max = −1 for −x
    mirrored = log_transform(-x)
    assert mirrored[0] == pytest.approx(-math.log(-1 + 3.99 + 1))
    assert (stats.rankdata(mirrored) == stats.rankdata(-x)).all()  # order kept


def test_treat_logs_every_indicator_and_keeps_missing():
    data = pd.DataFrame({"ok": [1.0, 2.0, 3.0, NAN, 5.0], "flat": [1.0, 1.0, 1.0, 1.0, 1.0]})
    out = treat(data)
    assert out.log["action"].tolist() == ["none", "none"]
    assert math.isnan(out.data.loc[3, "ok"])
