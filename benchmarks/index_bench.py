"""Composite-index benchmark: the full index with 1,000 Monte Carlo replications.

The data are SYNTHETIC (a fixed-seed random matrix shaped like the real use: 200 units ×
35 indicators in 8 pillars, one latent factor, 10 % of values missing at random, a few
heavy-tailed indicators, 6 groups for group imputation). They serve timing only and are
never findings. Target (issue 3): under 30 s on this machine.
"""

from __future__ import annotations

import os
import platform
import time

import numpy as np
import pandas as pd

from southsouth.index import (
    Choices,
    IndexOptions,
    IndexSpec,
    IndicatorSpec,
    analyse_sensitivity,
    analyse_uncertainty,
    build_index,
)

UNITS, INDICATORS, PILLARS, REPLICATIONS, SEED = 200, 35, 8, 1000, 20260101
TARGET_S = 30.0


def synthetic(seed: int = SEED) -> tuple[pd.DataFrame, IndexSpec, pd.Series]:
    """Fixed-seed synthetic units × indicators table, its spec and a grouping (timing only)."""
    rng = np.random.default_rng(seed)
    latent = rng.normal(size=UNITS)
    directions = [1 if k % 5 else -1 for k in range(INDICATORS)]
    values = np.column_stack(
        [d * latent + rng.normal(size=UNITS) for d in directions]
    )  # indicator–indicator correlation ≈ ±0.5
    for k in range(0, INDICATORS, 7):
        values[:, k] = np.exp(1.5 * values[:, k])  # heavy right tail → outlier treatment
    values[rng.random(values.shape) < 0.10] = np.nan
    units = [f"S{u:03d}" for u in range(UNITS)]
    spec = IndexSpec(
        tuple(
            IndicatorSpec(f"x{k:02d}", f"pillar{k % PILLARS}", direction=directions[k])
            for k in range(INDICATORS)
        )
    )
    groups = pd.Series(rng.integers(0, 6, size=UNITS), index=units).map(lambda g: f"g{g}")
    return pd.DataFrame(values, index=units, columns=spec.ids), spec, groups


def run() -> dict[str, object]:
    """Time the nominal build, the Monte Carlo and a Sobol analysis; return the figures."""
    data, spec, groups = synthetic()
    options = IndexOptions()
    choices = Choices(
        imputation=("none", "mean", "median", "group_mean"),
        treatment=(True, False),
        normalisation=("minmax", "zscore"),
        aggregation=("arithmetic", "geometric"),
    )
    started = time.perf_counter()
    nominal = build_index(data, spec, options, groups=groups)
    build_s = time.perf_counter() - started

    started = time.perf_counter()
    mc = analyse_uncertainty(
        data, spec, options, REPLICATIONS, SEED, choices=choices, groups=groups
    )
    mc_s = time.perf_counter() - started

    started = time.perf_counter()
    sobol = analyse_sensitivity(
        data, spec, options, base_samples=512, seed=SEED, choices=choices, groups=groups
    )
    sobol_s = time.perf_counter() - started

    ranks = mc.ranks
    inside = (ranks["q05"] <= ranks["nominal_rank"]) & (ranks["nominal_rank"] <= ranks["q95"])
    return {
        "benchmark": "composite index (synthetic data, timing only)",
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "shape": f"{UNITS} units × {INDICATORS} indicators × {PILLARS} pillars",
        "units_indexed": int(nominal.overall["score"].notna().sum()),
        "build_index_s": round(build_s, 3),
        "replications": REPLICATIONS,
        "variants_prepared": len(choices.imputation)
        * len(choices.treatment)
        * len(choices.normalisation),
        "monte_carlo_s": round(mc_s, 3),
        "full_index_with_monte_carlo_s": round(build_s + mc_s, 3),
        "target_s": TARGET_S,
        "within_target": build_s + mc_s < TARGET_S,
        "nominal_inside_5_95_band": round(float(inside.mean()), 3),
        "median_band_width": float(ranks["band_width"].median()),
        "sobol_runs": sobol.runs,
        "sobol_s": round(sobol_s, 3),
        "sobol_dominant_factor": sobol.dominant(),
    }


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key:>30}: {value}")
