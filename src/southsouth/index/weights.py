"""Indicator weights within pillars (equal, custom, PCA) and effective weights.

Weights within a pillar always sum to 1; pillar weights come from the spec (equal unless
given) and also sum to 1. The effective weight of an indicator is the product along its
path: w_eff = w_within · w_pillar.

PCA rule (per pillar, on the *normalised* scores): take the units with a score on every
indicator of the pillar; compute the Pearson correlation matrix of those indicators; take
the eigenvector v of its largest eigenvalue λ₁ (unit length). The loadings are a = v·√λ₁
and the weights are the squared loadings normalised to sum to 1, which equals v² exactly
(so the sign of v does not matter). The variance explained λ₁/K is reported. A pillar with
one indicator weighs it 1; a pillar with fewer complete units than indicators + 1, or with
an indicator that does not vary among them, falls back to equal weights with a note.
Loadings of mixed sign mean the first component contrasts the indicators (the handbook
warns against using such weights); this is noted, not corrected.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from southsouth.errors import InputError
from southsouth.index.options import WEIGHTINGS, check_choice
from southsouth.index.spec import IndexSpec


def within_pillar(spec: IndexSpec, raw: np.ndarray) -> np.ndarray:
    """``raw`` indicator weights rescaled to sum to 1 within each pillar."""
    membership = spec.membership
    totals = membership @ (membership.T @ raw)
    return raw / totals


def equal_weights(spec: IndexSpec) -> np.ndarray:
    """1/K_p for each of a pillar's K_p indicators."""
    return within_pillar(spec, np.ones(len(spec.indicators)))


def custom_weights(spec: IndexSpec) -> np.ndarray:
    """The spec's declared weights, rescaled within each pillar."""
    return within_pillar(spec, spec.indicator_weights)


@dataclass(frozen=True)
class PcaWeights:
    """PCA weights (spec order) and, per pillar, variance explained and notes."""

    weights: np.ndarray
    pillars: pd.DataFrame


def pca_weights(scores: pd.DataFrame, spec: IndexSpec) -> PcaWeights:
    """Weights from the first principal component of each pillar (see module docstring)."""
    weights = np.zeros(len(spec.indicators))
    rows = []
    for pillar in spec.pillars:
        idx = [k for k, i in enumerate(spec.indicators) if i.pillar == pillar]
        members = [spec.indicators[k].id for k in idx]
        complete = scores[members].dropna().to_numpy(float)
        note, explained = "", np.nan
        if len(idx) == 1:
            weights[idx] = 1.0
            note = "one indicator"
        elif complete.shape[0] < len(idx) + 1 or np.any(complete.std(axis=0) == 0):
            weights[idx] = 1.0 / len(idx)
            note = f"equal weights: {complete.shape[0]} complete units cannot support PCA"
        else:
            corr = np.corrcoef(complete, rowvar=False)
            values, vectors = np.linalg.eigh(corr)
            first = vectors[:, -1]
            weights[idx] = first**2 / np.sum(first**2)
            explained = float(values[-1] / len(idx))
            signs = np.sign(first[np.abs(first) > 1e-12])
            if signs.size and signs.min() != signs.max():
                note = "first component loadings have mixed signs"
        rows.append({"pillar": pillar, "variance_explained": explained, "note": note})
    return PcaWeights(weights=weights, pillars=pd.DataFrame(rows))


def indicator_weights(
    scheme: str, spec: IndexSpec, scores: pd.DataFrame | None = None
) -> np.ndarray:
    """Within-pillar weights for ``scheme`` (equal | custom | pca; pca needs ``scores``)."""
    check_choice("weighting", scheme, WEIGHTINGS)
    if scheme == "equal":
        return equal_weights(spec)
    if scheme == "custom":
        return custom_weights(spec)
    if scores is None:
        raise InputError("PCA weights need the normalised scores", hint="pass scores=")
    return pca_weights(scores, spec).weights


def effective_weights(spec: IndexSpec, within: np.ndarray) -> pd.DataFrame:
    """One row per indicator: pillar, within-pillar weight, pillar weight, effective weight."""
    pillar_w = spec.membership @ spec.pillar_weight_array
    return pd.DataFrame(
        {
            "indicator": spec.ids,
            "pillar": [i.pillar for i in spec.indicators],
            "weight": within,
            "pillar_weight": pillar_w,
            "effective_weight": within * pillar_w,
        }
    )
