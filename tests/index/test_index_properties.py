"""Properties (hypothesis): bounds, direction-aware monotonicity, invariance to units."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from southsouth.index import IndexOptions, IndexSpec, IndicatorSpec, build_index
from southsouth.index.normalise import distance_to_target, goalposts, minmax, zscore

FAST = settings(max_examples=60, deadline=None)
LOOSE = IndexOptions(indicator_min_coverage=0.0, unit_min_coverage=0.0, treat_outliers=False)


def column(
    min_size: int = 2, max_size: int = 12, missing: bool = True
) -> st.SearchStrategy[list[float]]:
    values = st.integers(-1000, 1000).map(lambda v: v / 10)
    if missing:
        values = st.one_of(values, st.just(math.nan))
    return st.lists(values, min_size=min_size, max_size=max_size).filter(
        lambda xs: len({x for x in xs if not math.isnan(x)}) >= 2
    )


@FAST
@given(column(), st.sampled_from([1.0, -1.0]))
def test_normalised_values_stay_within_bounds(xs, direction):
    x = np.array(xs)[:, None]
    d = np.array([direction])
    present = ~np.isnan(x)
    n = int(present.sum())
    for scores in (
        minmax(x, d),
        goalposts(x, d, np.array([-20.0]), np.array([30.0])),
        distance_to_target(x, d, np.array([25.0])),
    ):
        assert np.all((scores[present] >= 0) & (scores[present] <= 100))
        assert np.isnan(scores[~present]).all()
    # Samuelson: |z| ≤ (n − 1)/√n with the sample sd
    z = zscore(x, d)[present]
    assert np.all(np.abs(z) <= (n - 1) / math.sqrt(n) + 1e-9)


@st.composite
def frames(draw: st.DrawFn, with_missing: bool = True) -> tuple[pd.DataFrame, IndexSpec]:
    n_units = draw(st.integers(3, 8))
    n_ind = draw(st.integers(2, 5))
    cols = {}
    indicators = []
    for k in range(n_ind):
        cols[f"i{k}"] = draw(column(n_units, n_units, missing=with_missing))
        indicators.append(
            IndicatorSpec(
                f"i{k}",
                f"p{k % 2}",
                direction=draw(st.sampled_from([1, -1])),
                weight=draw(st.sampled_from([1.0, 2.0, 0.5])),
                goalposts=(-50.0, 60.0),
                target=40.0,
            )
        )
    frame = pd.DataFrame(cols, index=[f"u{u}" for u in range(n_units)])
    return frame, IndexSpec(tuple(indicators), {"p0": draw(st.sampled_from([1.0, 3.0]))})


@FAST
@given(
    frames(),
    st.data(),
    st.sampled_from(["minmax", "zscore", "goalposts", "distance_to_target"]),
    st.sampled_from(["arithmetic", "geometric"]),
    st.sampled_from(["none", "mean", "median"]),
)
def test_improving_an_indicator_never_lowers_the_overall_score(
    case, data, normalisation, aggregation, imputation
):
    frame, spec = case
    unit = data.draw(st.sampled_from(list(frame.index)))
    k = data.draw(st.integers(0, len(spec.ids) - 1))
    indicator = spec.indicators[k]
    assume(not math.isnan(frame.loc[unit, indicator.id]))
    step = data.draw(st.integers(1, 500)) / 10
    better = frame.copy()
    better.loc[unit, indicator.id] += indicator.direction * step
    options = IndexOptions(
        indicator_min_coverage=0.0,
        unit_min_coverage=0.0,
        treat_outliers=False,
        imputation=imputation,
        normalisation=normalisation,
        aggregation=aggregation,
    )
    before = build_index(frame, spec, options).overall.loc[unit, "score"]
    after = build_index(better, spec, options).overall.loc[unit, "score"]
    assert after >= before - 1e-9 * (1 + abs(before))


@FAST
@given(
    frames(with_missing=False),
    st.data(),
    st.sampled_from(["minmax", "zscore"]),
    st.sampled_from(["arithmetic", "geometric"]),
    st.sampled_from(["custom", "pca"]),
)
def test_rescaling_an_indicator_changes_nothing(case, data, normalisation, aggregation, weights):
    frame, spec = case
    k = data.draw(st.integers(0, len(spec.ids) - 1))
    factor = data.draw(st.sampled_from([1e-3, 0.37, 2.5, 1e3]))
    scaled = frame.copy()
    scaled[spec.ids[k]] *= factor
    options = IndexOptions(
        indicator_min_coverage=0.0,
        unit_min_coverage=0.0,
        normalisation=normalisation,
        aggregation=aggregation,
        weights=weights,
    )  # outlier treatment on: skew, kurtosis, winsorising and the log are scale-free too
    a = build_index(frame, spec, options).overall
    b = build_index(scaled, spec, options).overall
    np.testing.assert_allclose(b["score"], a["score"], rtol=1e-9, atol=1e-9)
    gaps = np.diff(np.sort(a["score"].to_numpy()))
    if gaps.size == 0 or gaps.min() > 1e-6:
        assert b["rank"].tolist() == a["rank"].tolist()
