"""Traffic lights, SDR trends and the UNSD/ESCAP progress measure: hand cases and properties."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from southsouth.errors import InputError
from southsouth.indicators.dashboard import (
    COLOUR_ORDER,
    DECREASING,
    INSUFFICIENT_DATA,
    MODERATELY_IMPROVING,
    ON_TRACK,
    STAGNATING,
    TREND_ORDER,
    LightThresholds,
    direction_sign,
    limit_coefficient,
    progress_measure,
    status_from_score,
    traffic_light,
    trend,
)

# --- traffic lights ----------------------------------------------------------------------

HIGHER = LightThresholds(green=80, red=40)  # yellow/orange boundary 60
LOWER = LightThresholds(green=2, red=13)  # SDR poverty headcount thresholds; boundary 7.5


@pytest.mark.parametrize(
    ("value", "colour"),
    [
        (95, "green"),
        (80, "green"),  # on the green threshold: achieved
        (79.99, "yellow"),
        (60, "yellow"),  # on the midpoint: the better colour
        (59.99, "orange"),
        (40, "orange"),  # on the red threshold: still orange
        (39.99, "red"),
        (-5, "red"),
    ],
)
def test_higher_is_better_bands(value, colour):
    assert traffic_light(value, HIGHER, "higher") == colour


@pytest.mark.parametrize(
    ("value", "colour"),
    [
        (0.5, "green"),
        (2, "green"),
        (2.01, "yellow"),
        (7.5, "yellow"),
        (7.51, "orange"),
        (13, "orange"),
        (13.01, "red"),
        (60, "red"),
    ],
)
def test_lower_is_better_bands(value, colour):
    assert traffic_light(value, LOWER, "lower") == colour


def test_midpoint_and_explicit_boundary():
    assert HIGHER.midpoint == 60 and LOWER.midpoint == 7.5
    custom = LightThresholds(green=80, red=40, middle=70)
    assert traffic_light(65, custom, "higher") == "orange"
    assert traffic_light(65, HIGHER, "higher") == "yellow"


def test_missing_value_is_grey_not_red():
    assert traffic_light(None, HIGHER, "higher") == "grey"
    assert traffic_light(float("nan"), HIGHER, "higher") == "grey"
    assert traffic_light(pd.NA, LOWER, "lower") == "grey"  # type: ignore[arg-type]


def test_thresholds_must_fit_the_direction():
    with pytest.raises(InputError, match="not in order"):
        traffic_light(50, HIGHER, "lower")
    with pytest.raises(InputError):
        traffic_light(50, LightThresholds(green=40, red=40), "higher")
    with pytest.raises(InputError):
        traffic_light(50, LightThresholds(green=80, red=40, middle=90), "higher")
    with pytest.raises(InputError, match="unknown direction"):
        traffic_light(50, HIGHER, "up")


def test_direction_spellings():
    assert [direction_sign(d) for d in ("higher", "positive", "+", 1)] == [1] * 4
    assert [direction_sign(d) for d in ("lower", "Negative", "-", -1)] == [-1] * 4


def _rank(colour: str) -> int:
    return COLOUR_ORDER.index(colour)


bounds = st.tuples(
    st.floats(-1e6, 1e6, allow_nan=False), st.floats(1e-3, 1e6, allow_nan=False)
).map(lambda t: (t[0], t[0] + t[1]))


@settings(max_examples=200, deadline=None)
@given(bounds, st.floats(-2e6, 2e6, allow_nan=False), st.floats(0, 1e6, allow_nan=False))
def test_raising_a_higher_is_better_value_never_worsens_its_colour(rg, value, rise):
    red, green = rg
    assume(green > (green + red) / 2 > red)
    thresholds = LightThresholds(green=green, red=red)
    before = traffic_light(value, thresholds, "higher")
    after = traffic_light(value + rise, thresholds, "higher")
    assert _rank(after) <= _rank(before)


@settings(max_examples=200, deadline=None)
@given(bounds, st.floats(-2e6, 2e6, allow_nan=False), st.floats(0, 1e6, allow_nan=False))
def test_lowering_a_lower_is_better_value_never_worsens_its_colour(gr, value, fall):
    green, red = gr
    assume(green < (green + red) / 2 < red)
    thresholds = LightThresholds(green=green, red=red)
    before = traffic_light(value, thresholds, "lower")
    after = traffic_light(value - fall, thresholds, "lower")
    assert _rank(after) <= _rank(before)


# --- SDR trends --------------------------------------------------------------------------


def series(points: dict[int, float]) -> pd.Series:
    return pd.Series(points, dtype=float)


# green threshold 100, higher is better; from 40 in 2015 the required gain is 60/15 = 4 a year
@pytest.mark.parametrize(
    ("latest_2022", "label", "ratio"),
    [
        (68, ON_TRACK, 1.0),  # +28 in 7 years = 4/yr
        (75, ON_TRACK, 1.25),
        (61, MODERATELY_IMPROVING, 0.75),  # 3/yr
        (54, MODERATELY_IMPROVING, 0.5),  # 2/yr: exactly half the pace is still "moderately"
        (47, STAGNATING, 0.25),  # 1/yr
        (40, STAGNATING, 0.0),  # no change
        (33, DECREASING, -0.25),  # −1/yr
    ],
)
def test_trend_labels_higher_is_better(latest_2022, label, ratio):
    t = trend(series({2015: 40, 2022: latest_2022}), green=100, direction="higher")
    assert t.label == label
    assert t.ratio == pytest.approx(ratio)
    assert t.required_gain == pytest.approx(4.0)
    assert t.observed_gain == pytest.approx((latest_2022 - 40) / 7)
    assert (t.first_year, t.last_year, t.n_points) == (2015, 2022, 2)


# poverty (lower is better), green 2 %: from 17 % in 2015 the required fall is 15/15 = 1 pt a year
@pytest.mark.parametrize(
    ("latest_2020", "label", "gain"),
    [
        (12.0, ON_TRACK, 1.0),
        (14.5, MODERATELY_IMPROVING, 0.5),
        (16.0, STAGNATING, 0.2),
        (17.0, STAGNATING, 0.0),
        (18.0, DECREASING, -0.2),
    ],
)
def test_trend_labels_lower_is_better(latest_2020, label, gain):
    t = trend(series({2015: 17.0, 2020: latest_2020}), green=2.0, direction="lower")
    assert t.label == label
    assert t.observed_gain == pytest.approx(gain)  # positive = improvement (a fall)
    assert t.required_gain == pytest.approx(1.0)
    assert t.ratio == pytest.approx(gain)


def test_the_same_numbers_read_the_other_way():
    falling = series({2015: 17.0, 2020: 12.0})
    assert trend(falling, green=2.0, direction="lower").label == ON_TRACK
    assert trend(falling, green=30.0, direction="higher").label == DECREASING


def test_already_green_and_not_falling_is_on_track():
    t = trend(series({2015: 100, 2023: 104}), green=100, direction="higher")
    assert (t.label, t.achieved, t.ratio) == (ON_TRACK, True, None)
    flat = trend(series({2015: 1.0, 2023: 1.0}), green=2.0, direction="lower")
    assert (flat.label, flat.achieved) == (ON_TRACK, True)


def test_green_but_falling_is_decreasing():
    t = trend(series({2015: 110, 2023: 102}), green=100, direction="higher")
    assert (t.label, t.achieved) == (DECREASING, True)
    assert t.observed_gain == pytest.approx(-1.0)


def test_reaching_green_from_below_is_on_track():
    t = trend(series({2015: 90, 2018: 101}), green=100, direction="higher")
    assert t.label == ON_TRACK and t.achieved


def test_insufficient_data():
    one = trend(series({2010: 5, 2012: 6, 2019: 7}), green=10, direction="higher")
    assert (one.label, one.n_points, one.observed_gain) == (INSUFFICIENT_DATA, 1, None)
    assert one.first_year == one.last_year == 2019
    none = trend(series({}), green=10, direction="higher")
    assert (none.label, none.n_points, none.first_year) == (INSUFFICIENT_DATA, 0, None)
    nan = trend(series({2016: float("nan"), 2019: 7}), green=10, direction="higher")
    assert nan.label == INSUFFICIENT_DATA  # missing is not a data point


def test_period_bounds_and_earlier_start():
    s = series({2010: 10, 2015: 40, 2018: 52, 2022: 20})
    assert trend(s, green=100, direction="higher", end=2018).label == ON_TRACK  # 4/yr
    assert trend(s, green=100, direction="higher").label == DECREASING
    early = trend(s, green=100, direction="higher", start=2010, end=2018)
    assert early.first_year == 2010
    assert early.required_gain == pytest.approx(90 / 20)
    assert early.observed_gain == pytest.approx(42 / 8)


def test_ols_slope_uses_every_point():
    s = series({2015: 40, 2016: 40, 2017: 50, 2018: 46})
    assert trend(s, green=100, direction="higher").observed_gain == pytest.approx(2.0)
    ols = trend(s, green=100, direction="higher", method="ols")
    assert ols.observed_gain == pytest.approx(14 / 5)  # Σ(t−t̄)x / Σ(t−t̄)² = 14 / 5
    assert ols.n_points == 4


def test_trend_input_errors():
    with pytest.raises(InputError):
        trend(series({2031: 1, 2032: 2}), green=5, direction="higher", start=2031)
    with pytest.raises(InputError):
        trend(series({2015: 1, 2020: 2}), green=5, direction="higher", method="cagr")  # type: ignore[arg-type]
    with pytest.raises(InputError):
        trend(pd.Series([1.0, 2.0], index=[2015, 2015]), green=5, direction="higher")


@settings(max_examples=300, deadline=None)
@given(
    st.floats(-1e4, 1e4, allow_nan=False),
    st.floats(-1e4, 1e4, allow_nan=False),
    st.floats(0, 1e4, allow_nan=False),
    st.floats(-1e4, 1e4, allow_nan=False),
    st.integers(2015, 2028),
    st.integers(1, 12),
)
def test_raising_the_latest_value_never_worsens_the_trend(x0, x1, rise, green, t0, dt):
    def label(latest: float) -> str:
        return trend(series({t0: x0, t0 + dt: latest}), green=green, direction="higher").label

    assert TREND_ORDER.index(label(x1 + rise)) <= TREND_ORDER.index(label(x1))


# --- UNSD/ESCAP progress measure ---------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "direction", "status", "score"),
    [
        # P = (x_t/x_0)^(1/5) − 1 from 100 in 2015 to x_t in 2020
        (110, "positive", "substantial_progress", 500 * (1.1**0.2 - 1) - 5),  # P = 0.0192
        (103, "positive", "moderate_progress", 250 * (1.03**0.2 - 1) - 1.25),  # P = 0.0059
        (101, "positive", "limited_progress", 500 * (1.01**0.2 - 1) - 2.5),  # P = 0.0020
        (95, "positive", "deterioration", 125 * (0.95**0.2 - 1) - 2.5),  # P = −0.0102
        (95, "negative", "moderate_progress", 250 * -(0.95**0.2 - 1) - 1.25),  # falling is good
        (200, "positive", "substantial_progress", 5.0),  # P = 0.1487, score capped at 5
    ],
)
def test_progress_without_target(current, direction, status, score):
    p = progress_measure(series({2015: 100, 2018: 150, 2020: current}), direction)
    assert p.status == status
    assert p.score == pytest.approx(score)
    assert p.value == pytest.approx(
        (1 if direction == "positive" else -1) * ((current / 100) ** 0.2 - 1)
    )
    assert (p.base_year, p.current_year, p.thresholds) == (2015, 2020, (0.015, 0.005, 0.0))


def test_progress_with_target():
    # 50 in 2015, target 80 by 2030, 60 in 2020
    p = progress_measure(series({2015: 50, 2020: 60}), "positive", target=80)
    ratio = (1.2**0.2 - 1) / (1.6 ** (1 / 15) - 1)
    assert p.value == pytest.approx(ratio)
    assert round(p.value, 4) == 1.1668
    assert p.status == "substantial_progress"
    assert p.score == pytest.approx(7.1429 * ratio - 4.2857)
    slow = progress_measure(series({2015: 50, 2020: 52}), "positive", target=80)
    slow_ratio = (1.04**0.2 - 1) / (1.6 ** (1 / 15) - 1)  # 0.2476
    assert slow.status == "limited_progress"
    assert slow.score == pytest.approx(4.1667 * slow_ratio - 2.5)
    worse = progress_measure(series({2015: 50, 2020: 45}), "positive", target=80)
    assert worse.status == "deterioration" and worse.score is not None and worse.score < -2.5


def test_progress_lower_is_better_with_target():
    # maternal-mortality-like: 300 → 240 in 5 years, target 70 by 2030
    p = progress_measure(series({2015: 300, 2020: 240}), "negative", target=70)
    ratio = -(0.8**0.2 - 1) / abs((70 / 300) ** (1 / 15) - 1)
    assert p.value == pytest.approx(ratio)
    assert round(p.value, 3) == 0.472
    assert p.status == "limited_progress"


def test_falling_away_from_a_target_met_in_the_base_year():
    p = progress_measure(series({2015: 80, 2020: 70}), "positive", target=80)
    assert (p.status, p.score, p.value) == ("deterioration", -5.0, None)


def test_target_achieved_scores_five():
    p = progress_measure(series({2015: 50, 2020: 85}), "positive", target=80)
    assert (p.status, p.score) == ("target_achieved", 5.0)
    low = progress_measure(series({2015: 9, 2016: 3}), "negative", target=3)
    assert low.status == "target_achieved"


def test_base_year_moves_to_the_next_available_year():
    p = progress_measure(series({2012: 1, 2017: 100, 2022: 110}), "positive")
    assert (p.base_year, p.base_value) == (2017, 100)
    assert p.value == pytest.approx(1.1**0.2 - 1)


def test_zero_base_is_replaced():
    p = progress_measure(series({2015: 0, 2020: 0.002}), "positive")
    assert p.base_value == 0.001
    assert p.value == pytest.approx(2**0.2 - 1)


def test_near_limit_coefficient_shrinks_the_thresholds():
    coeff = 1 - 0.9**4.44
    assert limit_coefficient(0.9, 1.0) == pytest.approx(coeff)  # 0.3736
    assert limit_coefficient(1.5, 1.0) == pytest.approx(1 - 0.5**4.44)
    assert limit_coefficient(2.5, 1.0) == 1.0
    p = progress_measure(series({2015: 0.9, 2020: 0.92}), "positive", limit=1.0)
    value = (0.92 / 0.9) ** 0.2 - 1  # 0.0044: moderate only because the thresholds shrank
    assert p.coefficient == pytest.approx(coeff)
    assert p.thresholds == pytest.approx((0.015 * coeff, 0.005 * coeff, 0.0))
    assert p.status == "moderate_progress"
    assert p.score == pytest.approx(250 * value / coeff - 1.25)
    assert progress_measure(series({2015: 0.9, 2020: 0.92}), "positive").status == (
        "limited_progress"
    )


def test_progress_not_available():
    assert progress_measure(series({}), "positive").status == "not_available"
    one = progress_measure(series({2019: 4}), "positive")
    assert (one.status, one.score) == ("not_available", None)
    before = progress_measure(series({2010: 4, 2012: 5}), "positive")
    assert before.status == "not_available" and "2015" in before.note
    flip = progress_measure(series({2015: -4, 2020: 5}), "positive")
    assert flip.status == "not_available" and "sign" in flip.note


@pytest.mark.parametrize(
    ("score", "status"),
    [
        (5, "substantial_progress"),
        (2.5, "substantial_progress"),
        (2.49, "moderate_progress"),
        (0, "moderate_progress"),
        (-0.01, "limited_progress"),
        (-2.5, "limited_progress"),
        (-2.51, "deterioration"),
        (None, "not_available"),
        (math.nan, "not_available"),
    ],
)
def test_status_from_score(score, status):
    assert status_from_score(score) == status
    assert status_from_score(score, target_achieved=True) == "target_achieved"


@settings(max_examples=200, deadline=None)
@given(
    st.floats(1, 1e4, allow_nan=False),
    st.floats(0.1, 10, allow_nan=False),
    st.sampled_from(["positive", "negative"]),
    st.one_of(st.none(), st.floats(1, 1e4, allow_nan=False)),
)
def test_progress_score_stays_within_bounds(base, factor, direction, target):
    p = progress_measure(series({2015: base, 2021: base * factor}), direction, target=target)
    assert p.score is not None and -5 <= p.score <= 5
