"""Monte Carlo rank bands and Sobol sensitivity over methodological choices."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from southsouth.errors import InputError
from southsouth.index import (
    Choices,
    IndexOptions,
    IndexSpec,
    IndicatorSpec,
    analyse_sensitivity,
    analyse_uncertainty,
    build_index,
)
from southsouth.index.pipeline import screened
from southsouth.index.uncertainty import Runs, evaluate, prepare_variants


def coherent(seed: int, units: int = 40, missing: float = 0.0) -> tuple[pd.DataFrame, IndexSpec]:
    """Nine indicators in three pillars driven by one latent factor (r ≈ 0.7), two of them
    'lower is better' — the shape of a statistically coherent index."""
    rng = np.random.default_rng(seed)
    latent = rng.normal(size=units)
    directions = [1 if k % 4 else -1 for k in range(9)]
    values = np.column_stack([d * latent + rng.normal(scale=0.6, size=units) for d in directions])
    values[rng.random(values.shape) < missing] = np.nan
    spec = IndexSpec(
        tuple(IndicatorSpec(f"i{k}", f"p{k % 3}", direction=directions[k]) for k in range(9))
    )
    return pd.DataFrame(values, index=[f"U{u:02d}" for u in range(units)], columns=spec.ids), spec


@pytest.mark.parametrize(("seed", "missing"), [(0, 0.0), (1, 0.0), (3, 0.1)])
def test_rank_bands_contain_the_nominal_ranks(seed, missing):
    data, spec = coherent(seed, missing=missing)
    out = analyse_uncertainty(data, spec, IndexOptions(), replications=500, seed=seed)
    ranks = out.ranks
    assert len(ranks) == 40 and (ranks["runs_ranked"] == 500).all()
    inside = (ranks["q05"] <= ranks["nominal_rank"]) & (ranks["nominal_rank"] <= ranks["q95"])
    assert inside.all(), ranks[~inside]
    assert (ranks["q05"] <= ranks["median_rank"]).all()
    assert (ranks["median_rank"] <= ranks["q95"]).all()
    # the bands are real: some unit's rank moves
    assert ranks["band_width"].max() > 0


def test_monte_carlo_is_seeded_and_explicit():
    data, spec = coherent(0, units=15)
    a = analyse_uncertainty(data, spec, replications=200, seed=7)
    b = analyse_uncertainty(data, spec, replications=200, seed=7)
    c = analyse_uncertainty(data, spec, replications=200, seed=8)
    pd.testing.assert_frame_equal(a.replication_ranks, b.replication_ranks)
    assert not a.replication_ranks.equals(c.replication_ranks)
    assert set(a.runs["imputation"]) == {"none", "mean", "median"}
    assert set(a.runs["aggregation"]) == {"arithmetic", "geometric"}
    multipliers = a.weight_multipliers.to_numpy()
    assert multipliers.min() >= 0.75 and multipliers.max() <= 1.25
    assert a.not_varied == ("treatment",)
    assert a.notes == ("held fixed (not varied): treatment",)


def test_a_run_with_the_nominal_choices_reproduces_build_index():
    data, spec = coherent(2, units=20, missing=0.1)
    for options in (
        IndexOptions(),
        IndexOptions(imputation="mean", normalisation="zscore", aggregation="geometric"),
        IndexOptions(imputation="median", weights="pca"),
    ):
        choices = Choices(
            imputation=(options.imputation,),
            normalisation=(options.normalisation,),
            aggregation=(options.aggregation,),
        )
        screening = screened(data, spec, options)
        variants = prepare_variants(screening.data, screening.spec, options, choices)
        runs = Runs(
            *(np.zeros(1, dtype=int) for _ in range(4)),
            indicator_multiplier=np.ones((1, 9)),
            pillar_multiplier=np.ones((1, 3)),
        )
        nominal = build_index(data, spec, options).overall["score"].to_numpy()
        np.testing.assert_allclose(evaluate(variants, runs)[:, 0], nominal, rtol=1e-12)


def test_absent_nominal_choice_is_noted():
    data, spec = coherent(0, units=10)
    out = analyse_uncertainty(
        data, spec, IndexOptions(), replications=20, choices=Choices(normalisation=("zscore",))
    )
    assert "the nominal normalisation is not among the alternatives sampled" in out.notes


def dominated_by_aggregation() -> tuple[pd.DataFrame, IndexSpec]:
    """Balanced units (every indicator 35–39) against unbalanced ones (100 on one indicator
    of each pillar, 4–7 on the other). The unbalanced units lead under arithmetic means
    (52–53 with equal weights, still ≥ (0.75·100 + 1.25·4)/2 = 40 > 39 with any ±25 %
    weights) and trail under geometric means on the 1–100 scale (22–27 with equal weights
    against ≥ 35.65), so the aggregation choice decides the ranking."""
    rows = {f"B{j}": [b] * 4 for j, b in enumerate([35.0, 36.0, 37.0, 38.0, 39.0])}
    for j, x in enumerate([4.0, 4.5, 5.0, 5.5, 6.0]):
        rows[f"N{j}"] = [100.0, x, 100.0, x + 1.0]
    data = pd.DataFrame(rows, index=["a1", "a2", "b1", "b2"]).T
    spec = IndexSpec(tuple(IndicatorSpec(i, i[0], goalposts=(0, 100)) for i in data.columns))
    return data, spec


def test_sobol_identifies_the_dominant_choice():
    data, spec = dominated_by_aggregation()
    options = IndexOptions(normalisation="goalposts", imputation="mean")
    choices = Choices(
        imputation=("mean", "median"),  # no missing data: imputation cannot matter
        normalisation=("goalposts",),
        aggregation=("arithmetic", "geometric"),
    )
    out = analyse_sensitivity(
        data,
        spec,
        options,
        base_samples=256,
        seed=1,
        choices=choices,
        targets=("mean_rank_shift", "N0"),
    )
    assert out.runs == 256 * (3 + 2)
    assert out.not_varied == ("treatment", "normalisation")
    assert out.dominant() == "aggregation" and out.dominant("N0") == "aggregation"
    table = out.indices.set_index(["target", "factor"])
    assert table.loc[("mean_rank_shift", "aggregation"), "S1"] > 0.8
    assert table.loc[("N0", "aggregation"), "ST"] > 0.8
    assert table.loc[("N0", "weights"), "ST"] < 0.3
    assert table.loc[("mean_rank_shift", "imputation"), "ST"] == 0.0


def test_sobol_indices_lie_in_the_unit_interval_within_tolerance():
    # tolerance: Monte Carlo estimates may stray outside [0, 1] by sampling error; with
    # N = 256 we accept [−0.1, 1.1] and S1 ≤ ST + 0.1
    data, spec = coherent(0, units=30, missing=0.1)
    out = analyse_sensitivity(
        data, spec, base_samples=256, seed=3, targets=("mean_rank_shift", "U05")
    )
    s1, st = out.indices["S1"], out.indices["ST"]
    assert s1.between(-0.1, 1.1).all() and st.between(-0.1, 1.1).all()
    assert (s1 <= st + 0.1).all()
    again = analyse_sensitivity(
        data, spec, base_samples=256, seed=3, targets=("mean_rank_shift", "U05")
    )
    pd.testing.assert_frame_equal(out.indices, again.indices)


def test_sensitivity_input_errors():
    data, spec = coherent(0, units=10)
    with pytest.raises(InputError, match="power of two"):
        analyse_sensitivity(data, spec, base_samples=100)
    with pytest.raises(InputError, match="neither"):
        analyse_sensitivity(data, spec, base_samples=64, targets=("ZZZ",))
    fixed = Choices(
        imputation=("none",),
        normalisation=("minmax",),
        aggregation=("arithmetic",),
        weight_noise=0.0,
    )
    with pytest.raises(InputError, match="nothing to attribute"):
        analyse_sensitivity(data, spec, base_samples=64, choices=fixed)
