"""SDSN-style traffic lights and trends, and the UNSD/ESCAP progress measure.

**Traffic lights** (SDSN Sustainable Development Report dashboards). Each indicator has a
green threshold (the value at which the goal counts as achieved) and a red threshold; the
midpoint of the two splits the band between them into yellow and orange. For a
higher-is-better indicator with green threshold G, red threshold R < G and M = (G + R) / 2::

    green   x ≥ G          achieved
    yellow  M ≤ x < G      challenges remain
    orange  R ≤ x < M      significant challenges remain
    red     x < R          major challenges remain

A value on a boundary takes the better colour. For a lower-is-better indicator (R > G) every
inequality is mirrored (green x ≤ G, …, red x > R). Missing values are ``grey``
("information unavailable" in the SDR).

**Trends** (SDR trend dashboards, as in methods §3). Over the period from ``start`` (default
2015) to the latest observation, the observed gain is the linear annual change
(x_last − x_first) / (t_last − t_first) — or, with ``method="ols"``, the least-squares
slope through every point — and the required gain is the linear annual change that would
take the first value of the period to the green threshold by ``target_year`` (default
2030): (G − x_first) / (target_year − t_first). Both are signed so that a positive gain is
an improvement (multiplied by −1 for lower-is-better indicators). With ρ = observed /
required:

    on track              ρ ≥ 1, or the latest value is green and the gain is ≥ 0
                          ("maintaining SDG achievement")
    moderately improving  0.5 ≤ ρ < 1
    stagnating            0 ≤ ρ < 0.5
    decreasing            ρ < 0 (any loss, including a green value that is falling)

The SDR computes trends on 0–100 scores that are a linear rescaling of the raw values; the
ratio ρ is unchanged by such a rescaling (unless a score is clipped at 0 or 100), so it is
computed on raw values here. Fewer than two observations in the period give
``insufficient data``.

**Progress measure** (UNSD/ESCAP, as implemented by Open SDG's sdg-build; methods §3): see
:func:`progress_measure`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import pandas as pd

from southsouth.errors import InputError

GREEN, YELLOW, ORANGE, RED, GREY = "green", "yellow", "orange", "red", "grey"
#: What each colour means in the SDSN dashboards.
COLOUR_MEANING: dict[str, str] = {
    GREEN: "achieved",
    YELLOW: "challenges remain",
    ORANGE: "significant challenges remain",
    RED: "major challenges remain",
    GREY: "information unavailable",
}
#: Colours from best to worst (grey, no data, is not ranked).
COLOUR_ORDER: tuple[str, ...] = (GREEN, YELLOW, ORANGE, RED)

ON_TRACK = "on track"
MODERATELY_IMPROVING = "moderately improving"
STAGNATING = "stagnating"
DECREASING = "decreasing"
INSUFFICIENT_DATA = "insufficient data"
#: Trend labels from best to worst.
TREND_ORDER: tuple[str, ...] = (ON_TRACK, MODERATELY_IMPROVING, STAGNATING, DECREASING)

_DIRECTIONS: dict[object, int] = {
    "higher": 1,
    "lower": -1,
    "positive": 1,
    "negative": -1,
    "+": 1,
    "-": -1,
    1: 1,
    -1: -1,
}


def direction_sign(direction: str | int) -> int:
    """+1 for a higher-is-better indicator, −1 for lower-is-better.

    Accepts ``"higher"``/``"lower"``, ``"positive"``/``"negative"``, ``"+"``/``"-"`` or ±1.
    """
    key = direction.strip().lower() if isinstance(direction, str) else direction
    if key not in _DIRECTIONS:
        raise InputError(
            f"unknown direction {direction!r}",
            hint="use 'higher' (higher is better) or 'lower' (lower is better)",
        )
    return _DIRECTIONS[key]


def _missing(value: float | None) -> bool:
    return value is None or bool(pd.isna(value))


@dataclass(frozen=True)
class LightThresholds:
    """Green (achieved) and red thresholds of an indicator, in its unit.

    ``middle`` splits yellow from orange; by default the midpoint of green and red.
    """

    green: float
    red: float
    middle: float | None = None

    @property
    def midpoint(self) -> float:
        """The yellow/orange boundary."""
        return (self.green + self.red) / 2 if self.middle is None else self.middle


def traffic_light(value: float | None, thresholds: LightThresholds, direction: str | int) -> str:
    """SDSN colour of ``value``: green, yellow, orange or red (grey when missing)."""
    sign = direction_sign(direction)
    green, red, mid = thresholds.green, thresholds.red, thresholds.midpoint
    if not sign * green > sign * mid > sign * red:
        better = "above" if sign > 0 else "below"
        raise InputError(
            f"thresholds green={green}, yellow/orange={mid}, red={red} are not in order for a "
            f"{'higher' if sign > 0 else 'lower'}-is-better indicator",
            hint=f"for this direction green must lie {better} the yellow/orange boundary, and "
            f"that boundary {better} red",
        )
    if _missing(value):
        return GREY
    x = sign * float(value)  # type: ignore[arg-type]
    if x >= sign * green:
        return GREEN
    if x >= sign * mid:
        return YELLOW
    if x >= sign * red:
        return ORANGE
    return RED


@dataclass(frozen=True)
class Trend:
    """An SDR trend: label and the numbers behind it.

    Gains are in the indicator's unit per year, positive meaning improvement.
    ``ratio`` = observed / required (None when no gain is required or data is short).
    """

    label: str
    observed_gain: float | None
    required_gain: float | None
    ratio: float | None
    first_year: int | None
    last_year: int | None
    n_points: int
    achieved: bool
    method: str
    target_year: int
    note: str = ""


def _points(series: pd.Series) -> pd.Series:
    if series.index.has_duplicates:
        raise InputError("more than one value for a year", hint="give one value per year")
    clean = pd.to_numeric(series, errors="coerce").astype(float).dropna()
    clean.index = clean.index.astype(int)
    return clean.sort_index()


def trend(
    series: pd.Series,
    green: float,
    direction: str | int,
    *,
    start: int = 2015,
    end: int | None = None,
    target_year: int = 2030,
    method: Literal["endpoints", "ols"] = "endpoints",
) -> Trend:
    """SDR trend of ``series`` (year → value) against the green threshold ``green``.

    Uses the observations from ``start`` to ``end`` (default: the latest). See the module
    docstring for the rule.
    """
    if method not in ("endpoints", "ols"):
        raise InputError(f"unknown trend method {method!r}", hint="use 'endpoints' or 'ols'")
    sign = direction_sign(direction)
    pts = _points(series)
    pts = pts[pts.index >= start]
    if end is not None:
        pts = pts[pts.index <= end]
    n = len(pts)
    if n < 2:
        return Trend(
            INSUFFICIENT_DATA,
            None,
            None,
            None,
            int(pts.index[0]) if n else None,
            int(pts.index[-1]) if n else None,
            n,
            bool(n and sign * (pts.iloc[-1] - green) >= 0),
            method,
            target_year,
            note=f"{n} observation{'s' if n != 1 else ''} from {start}; a trend needs 2",
        )
    t0, t1 = int(pts.index[0]), int(pts.index[-1])
    x0, x1 = float(pts.iloc[0]), float(pts.iloc[-1])
    if t0 >= target_year:
        raise InputError(
            f"the trend period starts in {t0}, not before the target year {target_year}",
            hint="use an earlier start or a later target_year",
        )
    if method == "endpoints":
        slope = (x1 - x0) / (t1 - t0)
    else:
        slope = float(np.polyfit(pts.index.to_numpy(float), pts.to_numpy(float), 1)[0])
    gain = sign * slope
    required = sign * (green - x0) / (target_year - t0)
    achieved = sign * (x1 - green) >= 0
    ratio = gain / required if required > 0 else None
    if achieved and gain >= 0:
        label, note = ON_TRACK, "green and not falling: maintaining achievement"
    elif gain < 0:
        label, note = DECREASING, "losing ground"
    elif ratio is None:
        label, note = STAGNATING, "started at or past the threshold and no longer there"
    elif ratio >= 1:
        label, note = ON_TRACK, "gaining at least as fast as needed"
    elif ratio >= 0.5:
        label, note = MODERATELY_IMPROVING, "gaining at 50–100 % of the pace needed"
    else:
        label, note = STAGNATING, "gaining at under 50 % of the pace needed"
    return Trend(label, gain, required, ratio, t0, t1, n, bool(achieved), method, target_year, note)


# --- UNSD/ESCAP progress measure (methods §3) -------------------------------------------

NO_TARGET_THRESHOLDS = {"high": 0.015, "med": 0.005, "low": 0.0}
TARGET_THRESHOLDS = {"high": 0.95, "med": 0.6, "low": 0.0}
LIMIT_EXPONENT = 4.44

TARGET_ACHIEVED = "target_achieved"
SUBSTANTIAL = "substantial_progress"
MODERATE = "moderate_progress"
LIMITED = "limited_progress"
DETERIORATION = "deterioration"
NOT_AVAILABLE = "not_available"


@dataclass(frozen=True)
class Progress:
    """UNSD/ESCAP progress of one series.

    ``value`` is the progress value P (a growth rate without a target, a ratio of growth
    rates with one); ``score`` lies in [−5, 5]; ``coefficient`` is the near-limit reduction
    applied to the no-target thresholds (1 when no limit).
    """

    status: str
    score: float | None
    value: float | None
    base_year: int | None
    base_value: float | None
    current_year: int | None
    current_value: float | None
    target: float | None
    target_year: int
    direction: int
    thresholds: tuple[float, float, float]
    coefficient: float
    note: str = ""


def cagr(current: float, base: float, current_year: int, base_year: int) -> float:
    """Compound annual growth rate from ``base`` to ``current``."""
    return (current / base) ** (1.0 / (current_year - base_year)) - 1.0


def limit_coefficient(base: float, limit: float) -> float:
    """Reduction of the no-target thresholds for a base value near a natural limit."""
    b, lim = abs(base), abs(limit)
    if b >= 2 * lim:
        return 1.0
    if b <= lim:
        return 1.0 - (b / lim) ** LIMIT_EXPONENT
    return 1.0 - ((2 * lim - b) / lim) ** LIMIT_EXPONENT


def progress_status(value: float, high: float, med: float, low: float) -> str:
    """Status of a progress value against (already reduced) thresholds."""
    if value >= high:
        return SUBSTANTIAL
    if value >= med:
        return MODERATE
    if value >= low:
        return LIMITED
    return DETERIORATION


def status_from_score(score: float | None, target_achieved: bool = False) -> str:
    """Status of a score (e.g. the mean over an indicator's series) in [−5, 5]."""
    if target_achieved:
        return TARGET_ACHIEVED
    if score is None or math.isnan(score):
        return NOT_AVAILABLE
    if score >= 2.5:
        return SUBSTANTIAL
    if score >= 0:
        return MODERATE
    if score >= -2.5:
        return LIMITED
    return DETERIORATION


def _score(value: float, has_target: bool, coefficient: float, low: float) -> float:
    if has_target:
        if value >= TARGET_THRESHOLDS["med"]:
            return min(7.1429 * value - 4.2857, 5.0)
        return max(4.1667 * value - 2.5, -5.0)
    if value < low:
        return max(125 * value - 2.5, -5.0)
    if coefficient == 0:
        return 5.0
    p = value / coefficient
    if p >= NO_TARGET_THRESHOLDS["high"]:
        return min(500 * p - 5, 5.0)
    if p >= NO_TARGET_THRESHOLDS["med"]:
        return 250 * p - 1.25
    return 500 * p - 2.5


def progress_measure(
    series: pd.Series,
    direction: str | int,
    *,
    target: float | None = None,
    base_year: int = 2015,
    target_year: int = 2030,
    limit: float | None = None,
) -> Progress:
    """UNSD/ESCAP progress measure of ``series`` (year → value).

    Base = the value of ``base_year`` or, if absent, of the next year with data; current =
    the latest value. A zero base (or target) is replaced by 0.001. Without a target,
    P = sign(x₀)·dir·CAGR_observed, thresholds 0.015 / 0.005 / 0 (times the near-limit
    coefficient when ``limit`` is given); with a target x*,
    P = sign(x₀)·dir·CAGR_observed / |CAGR_required| (CAGR_required from x₀ to x* over
    base_year → target_year), thresholds 0.95 / 0.6 / 0. A current value at or beyond the
    target is ``target_achieved`` with score 5; a base value exactly on the target that the
    series has since left is ``deterioration`` with score −5 (P would be infinite). Scores
    are the piecewise-linear maps of sdg-build (with target: 7.1429·P − 4.2857 for P ≥ 0.6,
    else 4.1667·P − 2.5; clipped to [−5, 5]).
    """
    sign_dir = direction_sign(direction)
    pts = _points(series)
    goal = None if target is None else (0.001 if target == 0 else float(target))
    defaults = TARGET_THRESHOLDS if goal is not None else NO_TARGET_THRESHOLDS
    out = Progress(
        status=NOT_AVAILABLE,
        score=None,
        value=None,
        base_year=None,
        base_value=None,
        current_year=None,
        current_value=None,
        target=goal,
        target_year=target_year,
        direction=sign_dir,
        thresholds=(defaults["high"], defaults["med"], defaults["low"]),
        coefficient=1.0,
        note="no data",
    )
    if pts.empty:
        return out
    out = replace(out, current_year=int(pts.index[-1]), current_value=float(pts.iloc[-1]))
    current = float(pts.iloc[-1])
    later = pts[pts.index >= base_year]
    if later.empty:
        return replace(out, note=f"no data from {base_year} on")
    by, base = int(later.index[0]), float(later.iloc[0])
    out = replace(out, base_year=by, base_value=base, note="")
    if goal is not None and sign_dir * (current - goal) >= 0:
        return replace(out, status=TARGET_ACHIEVED, score=5.0, note="current value meets target")
    if int(pts.index[-1]) - by < 1:
        return replace(out, note="needs values in at least two years from the base year")
    if base == 0:
        base = 0.001
        out = replace(out, base_value=base, note="zero base value replaced by 0.001")
    if (base > 0 > current) or (base < 0 < current):
        return replace(out, note="base and current values must have the same sign")
    sign = -1 if base < 0 else 1
    observed = cagr(current, base, int(pts.index[-1]), by)
    coefficient = 1.0
    if goal is None:
        value = sign * sign_dir * observed
        if limit is not None:
            coefficient = limit_coefficient(base, limit)
    else:
        if (goal > 0) != (base > 0):
            return replace(out, note="target and base value must have the same sign")
        required = cagr(goal, base, target_year, by)
        if required == 0:  # the base met the target exactly and the series has since fallen
            return replace(
                out,
                status=DETERIORATION,
                score=-5.0,
                note="the base value equalled the target and the series has moved away from it",
            )
        value = sign * sign_dir * observed / abs(required)
    high, med, low = (defaults[k] * coefficient for k in ("high", "med", "low"))
    return replace(
        out,
        status=progress_status(value, high, med, low),
        score=_score(value, goal is not None, coefficient, low),
        value=value,
        thresholds=(high, med, low),
        coefficient=coefficient,
    )
