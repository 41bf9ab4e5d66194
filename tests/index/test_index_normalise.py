"""Normalisation: hand-computed values for every method and both directions."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from southsouth.errors import InputError
from southsouth.index.normalise import normalise, positive_scale
from southsouth.index.spec import IndexSpec, IndicatorSpec

X = [2.0, 4.0, 6.0, 10.0]


def one(direction: int, **kw) -> IndexSpec:
    return IndexSpec((IndicatorSpec("x", "p", direction=direction, **kw),))


def run(method: str, direction: int, values=X, **kw) -> list[float]:
    frame = pd.DataFrame({"x": values}, index=[f"u{k}" for k in range(len(values))])
    return normalise(frame, one(direction, **kw), method)["x"].tolist()


def test_minmax_both_directions():
    # (x − 2)/(10 − 2)·100
    assert run("minmax", 1) == pytest.approx([0.0, 25.0, 50.0, 100.0])
    assert run("minmax", -1) == pytest.approx([100.0, 75.0, 50.0, 0.0])


def test_zscore_both_directions():
    # mean 5.5; squared deviations 12.25 + 2.25 + 0.25 + 20.25 = 35; sd = √(35/3) = 3.415650
    sd = math.sqrt(35 / 3)
    expected = [-3.5 / sd, -1.5 / sd, 0.5 / sd, 4.5 / sd]
    assert expected == pytest.approx([-1.024695, -0.439155, 0.146385, 1.317465], abs=1e-6)
    assert run("zscore", 1) == pytest.approx(expected)
    assert run("zscore", -1) == pytest.approx([-e for e in expected])


def test_goalposts_clip_and_flip():
    # goalposts (0, 8): x/8·100, 10 is beyond the upper goalpost → 100
    assert run("goalposts", 1, goalposts=(0, 8)) == pytest.approx([25.0, 50.0, 75.0, 100.0])
    assert run("goalposts", -1, goalposts=(0, 8)) == pytest.approx([75.0, 50.0, 25.0, 0.0])
    # below the lower goalpost → 0 (or 100 when lower is better)
    assert run("goalposts", 1, values=[-5.0, 3.0], goalposts=(1, 5)) == pytest.approx([0.0, 50.0])
    assert run("goalposts", -1, values=[-5.0, 3.0], goalposts=(1, 5)) == pytest.approx([100, 50])


def test_distance_to_target():
    # x/5 capped at 1 → [40, 80, 100, 100]
    assert run("distance_to_target", 1, target=5) == pytest.approx([40.0, 80.0, 100.0, 100.0])
    # lower is better: 5/x capped at 1 → [100, 100, 83.33, 50]
    assert run("distance_to_target", -1, target=5) == pytest.approx([100, 100, 83.333333, 50])
    # negative values score 0 when higher is better, 100 when lower is better
    assert run("distance_to_target", 1, values=[-1.0, 1.0], target=4) == pytest.approx([0, 25])
    assert run("distance_to_target", -1, values=[-1.0, 8.0], target=4) == pytest.approx([100, 50])


def test_missing_stays_missing():
    out = run("minmax", 1, values=[1.0, np.nan, 3.0, 2.0])
    assert out[0] == 0.0 and math.isnan(out[1]) and out[2:] == pytest.approx([100.0, 50.0])


def test_goalposts_and_targets_are_required():
    with pytest.raises(InputError, match="goalposts"):
        run("goalposts", 1)
    with pytest.raises(InputError, match="target"):
        run("distance_to_target", 1)


def test_constant_indicator_cannot_be_normalised():
    with pytest.raises(InputError, match="does not vary"):
        run("minmax", 1, values=[3.0, 3.0])
    with pytest.raises(InputError, match="does not vary"):
        run("zscore", 1, values=[3.0, 3.0])


def test_positive_scale():
    bounded, floored = positive_scale(np.array([0.0, 50.0, 100.0]), "minmax")
    assert bounded.tolist() == pytest.approx([1.0, 50.5, 100.0]) and floored == 0
    z, floored = positive_scale(np.array([-6.0, -1.0, 0.0, 2.0]), "zscore")
    assert z.tolist() == pytest.approx([1.0, 8.0, 10.0, 14.0]) and floored == 1
