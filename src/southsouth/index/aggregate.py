"""Aggregation indicator → pillar → overall, over the data available (COINr's partial data).

For unit u and pillar p with weights w_i (i in p) and the indicators available for u, A_up:

- arithmetic: Σ_{A_up} w_i·y_i / Σ_{A_up} w_i;
- geometric: exp(Σ_{A_up} w_i·ln y_i / Σ_{A_up} w_i), needing y > 0 (see
  ``normalise.positive_scale``).

i.e. the weights are renormalised over what is available. The same rule combines pillar
scores into the overall score with the pillar weights. ``share`` is the part of the weight
backed by data: Σ_{A_up} w_i / Σ_p w_i for a pillar, and Σ_p π_p·share_p over the pillars
that got a score for the overall (π = normalised pillar weights). An aggregate whose share
is below ``min_share`` (or zero) is NaN. Computed for many weight sets at once (one per
Monte Carlo run) with matrix products.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from southsouth.errors import InputError
from southsouth.index.options import AGGREGATIONS, check_choice
from southsouth.index.spec import IndexSpec

_EPS = 1e-12


@dataclass(frozen=True)
class Aggregated:
    """Scores for R weight sets: ``pillar`` (U, R, P), ``overall`` (U, R) and the shares of
    weight backed by data (same shapes); ``*_observed`` count observed (not imputed) data
    only and are None when no observed mask was given."""

    pillar: np.ndarray
    overall: np.ndarray
    pillar_share: np.ndarray
    overall_share: np.ndarray
    pillar_observed: np.ndarray | None
    overall_observed: np.ndarray | None


def _safe_divide(num: np.ndarray, den: np.ndarray, where: np.ndarray) -> np.ndarray:
    return np.divide(num, den, out=np.full(np.broadcast(num, den).shape, np.nan), where=where)


def aggregate_batch(
    values: np.ndarray,
    membership: np.ndarray,
    indicator_weights: np.ndarray,
    pillar_weights: np.ndarray,
    method: str,
    *,
    min_share: float = 0.0,
    observed: np.ndarray | None = None,
) -> Aggregated:
    """Aggregate ``values`` (U, K; NaN = missing) for R weight sets at once.

    ``membership`` is K × P (0/1), ``indicator_weights`` R × K and ``pillar_weights`` R × P
    (any positive scale; renormalised), ``observed`` an optional U × K boolean mask.
    """
    check_choice("aggregation", method, AGGREGATIONS)
    geometric = method == "geometric"
    available = ~np.isnan(values)
    if geometric and np.any(values[available] <= 0):
        raise InputError(
            "geometric aggregation needs strictly positive values",
            hint="map the scores with normalise.positive_scale or aggregate arithmetically",
        )
    n_units, n_ind = values.shape
    n_runs, n_pil = pillar_weights.shape
    safe = np.where(available, values, 1.0)
    filled = np.where(available, np.log(safe) if geometric else safe, 0.0)
    expanded = (indicator_weights[:, :, None] * membership[None, :, :]).transpose(1, 0, 2)
    flat = expanded.reshape(n_ind, n_runs * n_pil)
    num = (filled @ flat).reshape(n_units, n_runs, n_pil)
    den = (available.astype(float) @ flat).reshape(n_units, n_runs, n_pil)
    total = flat.sum(axis=0).reshape(1, n_runs, n_pil)
    share = _safe_divide(den, total, total > 0)
    ok = (den > 0) & (share >= min_share - _EPS)
    pillar = _safe_divide(num, den, ok)
    pillar_observed = None
    if observed is not None:
        mask = (observed & available).astype(float)
        pillar_observed = _safe_divide((mask @ flat).reshape(den.shape), total, total > 0)

    scored = ~np.isnan(pillar)
    pil_w = pillar_weights / pillar_weights.sum(axis=1, keepdims=True)
    onum = np.einsum("urp,rp->ur", np.where(scored, pillar, 0.0), pil_w)
    oden = np.einsum("urp,rp->ur", scored.astype(float), pil_w)
    overall_share = np.einsum("urp,rp->ur", np.where(scored, share, 0.0), pil_w)
    overall = _safe_divide(onum, oden, (oden > 0) & (overall_share >= min_share - _EPS))
    if geometric:
        pillar, overall = np.exp(pillar), np.exp(overall)
    overall_observed = None
    if pillar_observed is not None:
        overall_observed = np.einsum("urp,rp->ur", np.where(scored, pillar_observed, 0.0), pil_w)
    return Aggregated(pillar, overall, share, overall_share, pillar_observed, overall_observed)


def weighted_arithmetic(values: np.ndarray, weights: np.ndarray) -> float:
    """Σ w·y / Σ w over the non-NaN values (NaN if none)."""
    out = aggregate_batch(
        np.asarray(values, float)[None, :],
        np.ones((len(values), 1)),
        np.asarray(weights, float)[None, :],
        np.ones((1, 1)),
        "arithmetic",
    )
    return float(out.overall[0, 0])


def weighted_geometric(values: np.ndarray, weights: np.ndarray) -> float:
    """Π y^(w/Σw) over the non-NaN values (NaN if none); values must be > 0."""
    out = aggregate_batch(
        np.asarray(values, float)[None, :],
        np.ones((len(values), 1)),
        np.asarray(weights, float)[None, :],
        np.ones((1, 1)),
        "geometric",
    )
    return float(out.overall[0, 0])


@dataclass(frozen=True)
class Scores:
    """One aggregation as tables: pillar scores, overall score and data shares
    (``share``/``observed_share``: units × pillars + ``overall``)."""

    pillar: pd.DataFrame
    overall: pd.Series
    share: pd.DataFrame
    observed_share: pd.DataFrame


def aggregate(
    scores: pd.DataFrame,
    spec: IndexSpec,
    within: np.ndarray,
    method: str,
    *,
    min_share: float = 0.0,
    observed: pd.DataFrame | None = None,
) -> Scores:
    """Aggregate indicator scores (columns = spec ids) with within-pillar weights ``within``
    and the spec's pillar weights; ``observed`` marks data that was not imputed."""
    values = scores[spec.ids].to_numpy(float)
    mask = ~np.isnan(values) if observed is None else observed[spec.ids].to_numpy(bool)
    out = aggregate_batch(
        values,
        spec.membership,
        within[None, :],
        spec.pillar_weight_array[None, :],
        method,
        min_share=min_share,
        observed=mask,
    )
    pillar_observed = out.pillar_observed if out.pillar_observed is not None else out.pillar_share
    overall_observed = (
        out.overall_observed if out.overall_observed is not None else out.overall_share
    )
    units, pillars = scores.index, spec.pillars

    def table(pillar: np.ndarray, overall: np.ndarray) -> pd.DataFrame:
        frame = pd.DataFrame(pillar[:, 0, :], index=units, columns=pillars)
        frame["overall"] = overall[:, 0]
        return frame

    return Scores(
        pillar=pd.DataFrame(out.pillar[:, 0, :], index=units, columns=pillars),
        overall=pd.Series(out.overall[:, 0], index=units, name="overall"),
        share=table(out.pillar_share, out.overall_share),
        observed_share=table(pillar_observed, overall_observed),
    )


def rank_descending(scores: np.ndarray) -> np.ndarray:
    """Ranks along axis 0, 1 = highest score, ties share the best rank; NaN stays NaN."""
    scores = np.asarray(scores, dtype=float)
    if scores.size == 0:
        return scores.copy()
    flat = -scores.reshape(scores.shape[0], -1)
    order = np.argsort(flat, axis=0, kind="stable")
    ordered = np.take_along_axis(flat, order, axis=0)
    position = np.broadcast_to(np.arange(flat.shape[0])[:, None], flat.shape)
    starts = np.ones(flat.shape, dtype=bool)
    starts[1:] = ordered[1:] != ordered[:-1]
    first = np.maximum.accumulate(np.where(starts, position, 0), axis=0)
    ranked = np.where(np.isnan(ordered), np.nan, first + 1.0)
    out = np.empty(flat.shape)
    np.put_along_axis(out, order, ranked, axis=0)
    return out.reshape(scores.shape)
