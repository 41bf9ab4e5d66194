"""Monte Carlo over methodological choices: median rank and 5–95 % rank band per unit.

The choices are explicit (``Choices``): each run draws, independently and uniformly, one
imputation method, one outlier-treatment setting, one normalisation and one aggregation
from the listed alternatives, and multiplies every indicator weight and every pillar weight
by its own factor drawn uniformly from [1 − noise, 1 + noise] (noise = 0.25 by default,
i.e. ±25 %). Draws come from ``numpy.random.default_rng(seed)``.

Speed: every distinct (imputation, treatment, normalisation) combination is prepared once
(``prepare_variants``); runs that share a combination and an aggregation are then scored
together with matrix products (``aggregate.aggregate_batch``), so no Python loop runs per
replication.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from southsouth.errors import InputError
from southsouth.index.aggregate import aggregate_batch, rank_descending
from southsouth.index.normalise import positive_scale
from southsouth.index.options import (
    AGGREGATIONS,
    IMPUTATIONS,
    NORMALISATIONS,
    IndexOptions,
    check_choice,
)
from southsouth.index.prepare import prepare
from southsouth.index.spec import IndexSpec
from southsouth.index.weights import indicator_weights

DISCRETE = ("imputation", "treatment", "normalisation", "aggregation")


@dataclass(frozen=True)
class Choices:
    """The alternatives a Monte Carlo run (or a Sobol factor) can take. A factor with one
    alternative, or ``weight_noise`` = 0, is not varied, and results say so."""

    imputation: tuple[str, ...] = ("none", "mean", "median")
    treatment: tuple[bool, ...] = (True,)
    normalisation: tuple[str, ...] = ("minmax", "zscore")
    aggregation: tuple[str, ...] = ("arithmetic", "geometric")
    weight_noise: float = 0.25
    perturb_indicator_weights: bool = True
    perturb_pillar_weights: bool = True

    def __post_init__(self) -> None:
        allowed = {
            "imputation": IMPUTATIONS,
            "normalisation": NORMALISATIONS,
            "aggregation": AGGREGATIONS,
        }
        for name in DISCRETE:
            values = tuple(getattr(self, name))
            object.__setattr__(self, name, values)
            if not values or len(set(values)) != len(values):
                raise InputError(
                    f"choices for {name} must be listed once each and not be empty",
                    hint=f"e.g. {name}={values[:1] or '(…,)'}",
                )
            for value in values:
                if name in allowed:
                    check_choice(name, value, allowed[name])
                elif not isinstance(value, bool):
                    raise InputError("treatment choices are True/False", hint="e.g. (True, False)")
        if not (math.isfinite(self.weight_noise) and 0.0 <= self.weight_noise < 1.0):
            raise InputError(
                f"weight_noise must be in [0, 1), not {self.weight_noise!r}",
                hint="0.25 perturbs each weight by up to ±25 %",
            )

    @property
    def perturbs_weights(self) -> bool:
        """Whether any weight is perturbed."""
        return self.weight_noise > 0 and (
            self.perturb_indicator_weights or self.perturb_pillar_weights
        )

    def varied(self) -> tuple[str, ...]:
        """Factors with more than one alternative (``weights`` if any weight is perturbed)."""
        names = tuple(n for n in DISCRETE if len(getattr(self, n)) > 1)
        return (*names, "weights") if self.perturbs_weights else names

    def not_varied(self) -> tuple[str, ...]:
        """Factors held fixed."""
        return tuple(n for n in (*DISCRETE, "weights") if n not in self.varied())

    def absent_nominal(self, options: IndexOptions) -> list[str]:
        """Factors whose nominal option (in ``options``) is not among the alternatives."""
        nominal = {
            "imputation": options.imputation,
            "treatment": options.treat_outliers,
            "normalisation": options.normalisation,
            "aggregation": options.aggregation,
        }
        return [n for n, v in nominal.items() if v not in getattr(self, n)]


@dataclass(frozen=True)
class Runs:
    """A design: per run the index of each discrete alternative and the weight factors
    (R × K for indicators, R × P for pillars)."""

    imputation: np.ndarray
    treatment: np.ndarray
    normalisation: np.ndarray
    aggregation: np.ndarray
    indicator_multiplier: np.ndarray
    pillar_multiplier: np.ndarray

    @property
    def size(self) -> int:
        """Number of runs."""
        return int(self.imputation.shape[0])


def sample_runs(
    choices: Choices, n_indicators: int, n_pillars: int, replications: int, seed: int
) -> Runs:
    """``replications`` independent uniform draws of every choice (module docstring)."""
    if replications < 1:
        raise InputError("replications must be ≥ 1", hint="e.g. 1000")
    rng = np.random.default_rng(seed)
    picks = {n: rng.integers(0, len(getattr(choices, n)), size=replications) for n in DISCRETE}
    noise = choices.weight_noise
    ind = np.ones((replications, n_indicators))
    pil = np.ones((replications, n_pillars))
    if choices.perturbs_weights and choices.perturb_indicator_weights:
        ind = rng.uniform(1 - noise, 1 + noise, size=ind.shape)
    if choices.perturbs_weights and choices.perturb_pillar_weights:
        pil = rng.uniform(1 - noise, 1 + noise, size=pil.shape)
    return Runs(**picks, indicator_multiplier=ind, pillar_multiplier=pil)


@dataclass(frozen=True)
class Variants:
    """Normalised scores prepared once per (imputation, treatment, normalisation) index
    triple: ``scores`` and their ``positive`` scale (C, U, K), within-pillar base weights
    (C, K), pillar weights (P)."""

    choices: Choices
    spec: IndexSpec
    units: list[str]
    keys: dict[tuple[int, int, int], int]
    scores: np.ndarray
    positive: np.ndarray
    base_weights: np.ndarray
    pillar_weights: np.ndarray
    min_share: float
    floored: dict[tuple[int, int, int], int] = field(default_factory=dict)


def prepare_variants(
    data: pd.DataFrame,
    spec: IndexSpec,
    options: IndexOptions,
    choices: Choices,
    groups: pd.Series | None = None,
) -> Variants:
    """Prepare every combination of the discrete choices on screened ``data``."""
    keys: dict[tuple[int, int, int], int] = {}
    scores, positive, weights, floored = [], [], [], {}
    grid = itertools.product(
        range(len(choices.imputation)),
        range(len(choices.treatment)),
        range(len(choices.normalisation)),
    )
    for key in grid:
        imp, treat, norm = key
        method = choices.normalisation[norm]
        prepared = prepare(
            data,
            spec,
            imputation=choices.imputation[imp],
            treat_outliers=choices.treatment[treat],
            rule=options.outlier_rule,
            normalisation=method,
            groups=groups,
        )
        values = prepared.scores.to_numpy(float)
        pos, floored[key] = positive_scale(values, method)
        keys[key] = len(scores)
        scores.append(values)
        positive.append(pos)
        weights.append(indicator_weights(options.weights, spec, prepared.scores))
    return Variants(
        choices=choices,
        spec=spec,
        units=[str(u) for u in data.index],
        keys=keys,
        scores=np.stack(scores),
        positive=np.stack(positive),
        base_weights=np.stack(weights),
        pillar_weights=spec.pillar_weight_array,
        min_share=options.min_share,
        floored=floored,
    )


def evaluate(variants: Variants, runs: Runs) -> np.ndarray:
    """Overall scores, units × runs, for every run of the design."""
    combo = np.array(
        [
            variants.keys[(int(i), int(t), int(n))]
            for i, t, n in zip(runs.imputation, runs.treatment, runs.normalisation, strict=True)
        ]
    )
    overall = np.full((len(variants.units), runs.size), np.nan)
    membership = variants.spec.membership
    for c, a in sorted(set(zip(combo.tolist(), runs.aggregation.tolist(), strict=True))):
        sel = np.flatnonzero((combo == c) & (runs.aggregation == a))
        method = variants.choices.aggregation[a]
        values = variants.positive[c] if method == "geometric" else variants.scores[c]
        out = aggregate_batch(
            values,
            membership,
            variants.base_weights[c][None, :] * runs.indicator_multiplier[sel],
            variants.pillar_weights[None, :] * runs.pillar_multiplier[sel],
            method,
            min_share=variants.min_share,
        )
        overall[:, sel] = out.overall
    return overall


def mean_rank_shift(ranks: np.ndarray, nominal: np.ndarray) -> np.ndarray:
    """Per run, the mean |rank − nominal rank| over units ranked in both (NaN if none)."""
    both = ~np.isnan(ranks) & ~np.isnan(nominal)[:, None]
    shift = np.where(both, np.abs(ranks - nominal[:, None]), 0.0).sum(axis=0)
    count = both.sum(axis=0)
    return np.divide(shift, count, out=np.full(shift.shape, np.nan), where=count > 0)


def rank_summary(ranks: np.ndarray, nominal: np.ndarray, units: list[str]) -> pd.DataFrame:
    """Per unit: nominal rank, median rank, 5th and 95th percentile ranks (linear
    interpolation, as R's default quantile), mean rank, runs ranked."""
    n_units = ranks.shape[0]
    summary = {k: np.full(n_units, np.nan) for k in ("median_rank", "q05", "q95", "mean_rank")}
    ranked = ~np.isnan(ranks)
    rows = ranked.any(axis=1)
    if rows.any():
        sub = ranks[rows]
        summary["median_rank"][rows] = np.nanmedian(sub, axis=1)
        summary["q05"][rows] = np.nanpercentile(sub, 5, axis=1)
        summary["q95"][rows] = np.nanpercentile(sub, 95, axis=1)
        summary["mean_rank"][rows] = np.nanmean(sub, axis=1)
    frame = pd.DataFrame({"nominal_rank": nominal, **summary}, index=pd.Index(units, name="unit"))
    frame["band_width"] = frame["q95"] - frame["q05"]
    frame["runs_ranked"] = ranked.sum(axis=1)
    return frame


@dataclass(frozen=True)
class UncertaintyResult:
    """Rank uncertainty: ``ranks`` (per unit nominal, median, q05, q95, mean rank, band
    width), ``replication_ranks`` (units × runs), ``runs`` (per run the alternatives drawn
    and its mean absolute rank shift), ``weight_multipliers`` (runs × indicators and
    pillars), the choices, seed, factors held fixed and notes."""

    ranks: pd.DataFrame
    replication_ranks: pd.DataFrame
    runs: pd.DataFrame
    weight_multipliers: pd.DataFrame
    choices: Choices
    seed: int
    replications: int
    not_varied: tuple[str, ...]
    notes: tuple[str, ...]


def monte_carlo(
    variants: Variants, nominal_ranks: np.ndarray, replications: int, seed: int
) -> UncertaintyResult:
    """Sample, evaluate and summarise ``replications`` runs."""
    spec, choices = variants.spec, variants.choices
    runs = sample_runs(choices, len(spec.ids), len(spec.pillars), replications, seed)
    ranks = rank_descending(evaluate(variants, runs))
    labels = [f"run{r}" for r in range(replications)]
    table = pd.DataFrame(
        {name: np.array(getattr(choices, name))[getattr(runs, name)] for name in DISCRETE},
        index=pd.Index(labels, name="run"),
    )
    table["mean_abs_rank_shift"] = mean_rank_shift(ranks, nominal_ranks)
    multipliers = pd.DataFrame(
        np.hstack([runs.indicator_multiplier, runs.pillar_multiplier]),
        index=table.index,
        columns=[*spec.ids, *(f"pillar:{p}" for p in spec.pillars)],
    )
    notes = []
    if choices.not_varied():
        notes.append(f"held fixed (not varied): {', '.join(choices.not_varied())}")
    return UncertaintyResult(
        ranks=rank_summary(ranks, nominal_ranks, variants.units),
        replication_ranks=pd.DataFrame(ranks, index=variants.units, columns=labels),
        runs=table,
        weight_multipliers=multipliers,
        choices=choices,
        seed=seed,
        replications=replications,
        not_varied=choices.not_varied(),
        notes=tuple(notes),
    )
