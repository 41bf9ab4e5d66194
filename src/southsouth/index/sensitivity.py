"""Sobol sensitivity of ranks to the methodological choices (SALib).

Factors are the varied entries of ``Choices``: each discrete choice is one input u ∈ [0, 1)
decoded to alternative ⌊u·n⌋; the weight factors (one per perturbed indicator and pillar
weight, each in [1 − noise, 1 + noise]) form one SALib *group* named ``weights``, so the
weights count as a single factor. Design: ``SALib.sample.sobol.sample`` (scrambled Sobol'
sequence, Saltelli scheme, N·(D + 2) runs for D factors, no second order); estimators:
``SALib.analyze.sobol.analyze`` (Saltelli 2010 first order, Jansen total order) with
bootstrap confidence intervals. ``seed`` seeds the design; the bootstrap uses ``seed + 1``
(SALib ignores a seed of 0).

The estimates are Monte Carlo estimates: they can fall slightly outside [0, 1] and S1 can
exceed ST by sampling error; the half-width of the 95 % interval is in ``S1_conf`` and
``ST_conf``. A target whose value never changes gets zeros and a note.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from southsouth.errors import InputError
from southsouth.index.spec import IndexSpec
from southsouth.index.uncertainty import DISCRETE, Choices, Runs

INDEX_COLUMNS = ["target", "factor", "S1", "S1_conf", "ST", "ST_conf"]


def sobol_problem(choices: Choices, spec: IndexSpec) -> dict[str, object]:
    """The SALib problem: one variable per varied discrete factor, one per perturbed weight
    (grouped as ``weights``)."""
    names: list[str] = []
    bounds: list[list[float]] = []
    groups: list[str] = []
    for name in DISCRETE:
        if len(getattr(choices, name)) > 1:
            names.append(name)
            bounds.append([0.0, 1.0])
            groups.append(name)
    if choices.perturbs_weights:
        lo, hi = 1.0 - choices.weight_noise, 1.0 + choices.weight_noise
        weighted = []
        if choices.perturb_indicator_weights:
            weighted += [f"w:{i}" for i in spec.ids]
        if choices.perturb_pillar_weights:
            weighted += [f"pw:{p}" for p in spec.pillars]
        names += weighted
        bounds += [[lo, hi]] * len(weighted)
        groups += ["weights"] * len(weighted)
    if not names:
        raise InputError(
            "no methodological choice varies, so there is nothing to attribute",
            hint="give at least one factor two alternatives or a weight noise > 0",
        )
    return {"num_vars": len(names), "names": names, "bounds": bounds, "groups": groups}


def factors(problem: dict[str, object]) -> list[str]:
    """Factor (group) names in SALib's order."""
    return list(dict.fromkeys(problem["groups"]))  # type: ignore[arg-type]


def sobol_design(
    problem: dict[str, object], choices: Choices, spec: IndexSpec, base_samples: int, seed: int
) -> Runs:
    """The Saltelli design decoded into runs (N·(D + 2) of them)."""
    if base_samples < 2 or base_samples & (base_samples - 1):
        raise InputError(
            f"base_samples must be a power of two ≥ 2, not {base_samples}",
            hint="Sobol' sequences balance only at powers of two, e.g. 256 or 512",
        )
    from SALib.sample import sobol as sobol_sample  # SALib loads scipy.stats: on use

    design = sobol_sample.sample(problem, base_samples, calc_second_order=False, seed=seed)
    names: list[str] = problem["names"]  # type: ignore[assignment]
    n_runs = design.shape[0]
    column = {n: design[:, k] for k, n in enumerate(names)}
    picks = {}
    for name in DISCRETE:
        n = len(getattr(choices, name))
        u = column.get(name, np.zeros(n_runs))
        picks[name] = np.minimum(np.floor(u * n).astype(int), n - 1)
    ind = np.ones((n_runs, len(spec.ids)))
    pil = np.ones((n_runs, len(spec.pillars)))
    for k, i in enumerate(spec.ids):
        if f"w:{i}" in column:
            ind[:, k] = column[f"w:{i}"]
    for k, p in enumerate(spec.pillars):
        if f"pw:{p}" in column:
            pil[:, k] = column[f"pw:{p}"]
    return Runs(**picks, indicator_multiplier=ind, pillar_multiplier=pil)


def sobol_indices(
    problem: dict[str, object],
    outputs: np.ndarray,
    targets: Sequence[str],
    seed: int,
    num_resamples: int = 100,
) -> tuple[pd.DataFrame, list[str]]:
    """First-order and total indices per target (``outputs``: runs × targets) and notes."""
    rows = []
    notes = []
    names = factors(problem)
    from SALib.analyze import sobol as sobol_analyze  # loads scipy.stats: on use

    for t, target in enumerate(targets):
        y = outputs[:, t]
        if np.isnan(y).any():
            raise InputError(
                f"sensitivity target {target!r} is missing in some runs",
                hint="choose a unit that is ranked under every choice (check min_share)",
            )
        if np.ptp(y) == 0:
            notes.append(f"{target}: the output never changes; all indices set to 0")
            rows += [
                {"target": target, "factor": f, "S1": 0.0, "S1_conf": 0.0}
                | {"ST": 0.0, "ST_conf": 0.0}
                for f in names
            ]
            continue
        result = sobol_analyze.analyze(
            problem,
            y,
            calc_second_order=False,
            num_resamples=num_resamples,
            seed=seed + 1,
        )
        for k, factor in enumerate(names):
            rows.append(
                {
                    "target": target,
                    "factor": factor,
                    "S1": float(result["S1"][k]),
                    "S1_conf": float(result["S1_conf"][k]),
                    "ST": float(result["ST"][k]),
                    "ST_conf": float(result["ST_conf"][k]),
                }
            )
    return pd.DataFrame(rows, columns=INDEX_COLUMNS), notes


@dataclass(frozen=True)
class SobolResult:
    """Sobol indices (one row per target × factor: S1, S1_conf, ST, ST_conf), the design
    size, the seed, the factors held fixed and notes."""

    indices: pd.DataFrame
    base_samples: int
    runs: int
    seed: int
    not_varied: tuple[str, ...]
    notes: tuple[str, ...]

    def dominant(self, target: str = "mean_rank_shift") -> str:
        """The factor with the largest total index for ``target``."""
        rows = self.indices[self.indices["target"] == target]
        return str(rows.loc[rows["ST"].idxmax(), "factor"])
