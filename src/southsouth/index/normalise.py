"""Direction-aware normalisation: after it, higher is always better.

With ``d`` the direction (+1/−1), per indicator over the units with a value:

- ``minmax``: 100·(x − min)/(max − min) if d = +1, 100·(max − x)/(max − min) if d = −1;
- ``zscore``: d·(x − mean)/sd (sample sd, n − 1);
- ``goalposts`` (L, U): 100·clip((x − L)/(U − L), 0, 1) if d = +1,
  100·clip((U − x)/(U − L), 0, 1) if d = −1;
- ``distance_to_target`` (T > 0): 100·clip(x/T, 0, 1) if d = +1 (negative values score 0);
  if d = −1, 100·min(T/x, 1) for x > 0 and 100 for x ≤ 0 (at or below the target).

Geometric aggregation needs positive values; ``positive_scale`` maps scores to one:
0–100 scales to 1–100 by y' = 1 + 0.99·y; z-scores to y' = max(10 + 2z, 1) (floored values
are counted).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from southsouth.errors import InputError
from southsouth.index.options import NORMALISATIONS, check_choice
from southsouth.index.spec import IndexSpec

BOUNDED = ("minmax", "goalposts", "distance_to_target")
Z_FLOOR = 1.0


def _present(x: np.ndarray) -> np.ndarray:
    present = ~np.isnan(x)
    if not present.any(axis=0).all():
        raise InputError(
            "an indicator has no values to normalise", hint="screen the data for coverage first"
        )
    return present


def minmax(x: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """Min–max to 0–100, columnwise, flipped where direction is −1."""
    _present(x)
    lo, hi = np.nanmin(x, axis=0), np.nanmax(x, axis=0)
    if np.any(hi == lo):
        raise InputError(
            "min–max normalisation of an indicator that does not vary",
            hint="screening drops indicators with fewer than two distinct values",
        )
    up = 100.0 * ((x - lo) / (hi - lo))
    return np.where(direction > 0, up, 100.0 - up)


def zscore(x: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """Z-scores (sample sd), columnwise, sign flipped where direction is −1."""
    present = _present(x)
    n = present.sum(axis=0)
    if np.any(n < 2):
        raise InputError("a z-score needs at least two values", hint="screen the data first")
    mean = np.nanmean(x, axis=0)
    sd = np.sqrt(np.nansum((x - mean) ** 2, axis=0) / (n - 1))
    if np.any(sd == 0):
        raise InputError(
            "z-score of an indicator that does not vary",
            hint="screening drops indicators with fewer than two distinct values",
        )
    return direction * (x - mean) / sd


def goalposts(
    x: np.ndarray, direction: np.ndarray, lower: np.ndarray, upper: np.ndarray
) -> np.ndarray:
    """Clip to the goalposts and scale to 0–100, columnwise, flipped where direction is −1."""
    if np.isnan(lower).any() or np.isnan(upper).any():
        raise InputError(
            "goalpost normalisation needs goalposts for every indicator",
            hint="set goalposts=(lower, upper) on each IndicatorSpec",
        )
    up = 100.0 * np.clip((x - lower) / (upper - lower), 0.0, 1.0)
    return np.where(direction > 0, up, 100.0 - up)


def distance_to_target(x: np.ndarray, direction: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Value over target (or target over value when lower is better), capped at 100."""
    if np.isnan(target).any():
        raise InputError(
            "distance-to-target normalisation needs a target for every indicator",
            hint="set target= on each IndicatorSpec",
        )
    higher = 100.0 * np.clip(x / target, 0.0, 1.0)
    positive = x > 0
    ratio = np.divide(target, x, out=np.ones_like(x), where=positive)
    lower = np.where(np.isnan(x), np.nan, 100.0 * np.minimum(ratio, 1.0))
    return np.where(direction > 0, higher, lower)


def normalise_array(x: np.ndarray, spec: IndexSpec, method: str) -> np.ndarray:
    """``method`` applied to a units × indicators array in spec order."""
    check_choice("normalisation", method, NORMALISATIONS)
    direction = spec.directions
    if method == "minmax":
        return minmax(x, direction)
    if method == "zscore":
        return zscore(x, direction)
    if method == "goalposts":
        return goalposts(x, direction, spec.lower, spec.upper)
    return distance_to_target(x, direction, spec.targets)


def normalise(data: pd.DataFrame, spec: IndexSpec, method: str) -> pd.DataFrame:
    """``method`` applied to ``data`` (columns = the spec's indicators); NaN stays NaN."""
    values = normalise_array(data[spec.ids].to_numpy(float), spec, method)
    return pd.DataFrame(values, index=data.index, columns=spec.ids)


def positive_scale(scores: np.ndarray, method: str) -> tuple[np.ndarray, int]:
    """Scores mapped to a strictly positive scale for geometric aggregation, and the number
    of z-scores floored at 1."""
    if method in BOUNDED:
        return 1.0 + 0.99 * scores, 0
    shifted = 10.0 + 2.0 * scores
    floored = int(np.sum(shifted < Z_FLOOR))
    return np.maximum(shifted, Z_FLOOR), floored
