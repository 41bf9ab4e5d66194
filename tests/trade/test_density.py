"""Density ω: one implementation, with φ given whole or built block by block (METHODS §3)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from southsouth.trade.proximity import density, proximity

# Countries A, B, C; products p0, p1, p2. A exports p0, B p1, C p1 and p2.
# Ubiquity k = (1, 2, 1); co-exports: only p1 with p2 (C), so φ_12 = φ_21 = 1 / max(2, 1) = 0.5,
# every other φ 0 (zero diagonal). Σ_p′ φ_p′p = (0, 0.5, 0.5): p0 has no density (NaN);
# ω_c1 = M_c2 · 0.5 / 0.5 = M_c2 and ω_c2 = M_c1.
HAND_M = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 1.0, 1.0]])
HAND_OMEGA = np.array([[np.nan, 0.0, 0.0], [np.nan, 0.0, 1.0], [np.nan, 1.0, 1.0]])


@pytest.mark.parametrize("block", [1, 2, 1024])
def test_hand_case_with_built_and_given_proximity(block: int) -> None:
    np.testing.assert_array_equal(density(HAND_M, block=block), HAND_OMEGA)
    np.testing.assert_array_equal(density(HAND_M, proximity(HAND_M)), HAND_OMEGA)
    got = density(HAND_M, columns=[2, 0], block=block)
    np.testing.assert_array_equal(got, HAND_OMEGA[:, [2, 0]])


def _naive(mcp: np.ndarray, phi: np.ndarray) -> np.ndarray:
    """ω = M φ / Σ φ straight from the formula (NaN where Σ φ = 0)."""
    total = phi.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, (mcp @ phi) / total, np.nan)


@settings(max_examples=40, deadline=None)
@given(
    mcp=arrays(
        np.float64,
        st.tuples(st.integers(1, 12), st.integers(2, 15)),
        elements=st.sampled_from([0.0, 1.0]),
    ),
    block=st.integers(1, 6),
    data=st.data(),
)
def test_block_wise_density_equals_the_formula(mcp: np.ndarray, block: int, data) -> None:
    phi = proximity(mcp)
    expected = _naive(mcp, phi)
    np.testing.assert_allclose(density(mcp, phi), expected, rtol=1e-12, equal_nan=True)
    np.testing.assert_allclose(density(mcp, block=block), expected, rtol=1e-12, equal_nan=True)
    columns = data.draw(st.lists(st.integers(0, mcp.shape[1] - 1), min_size=1, max_size=8))
    np.testing.assert_allclose(
        density(mcp, columns=columns, block=block), expected[:, columns], rtol=1e-12, equal_nan=True
    )


def test_given_proximity_is_used_whole_and_knn_builds_it_when_missing() -> None:
    rng = np.random.default_rng(11)
    mcp = (rng.random((25, 40)) < 0.2).astype(float)
    mcp[:, 3] = 0.0  # nobody exports product 3: no density
    phi = proximity(mcp)
    whole = density(mcp, phi)
    # a given φ ignores ``block``: the same numbers to the last bit
    np.testing.assert_array_equal(density(mcp, phi, block=1), whole)
    assert np.isnan(whole[:, 3]).all()
    np.testing.assert_array_equal(density(mcp, knn=5), density(mcp, phi, knn=5))
    sqrt = proximity(mcp, method="sqrt")
    np.testing.assert_allclose(density(mcp, sqrt), _naive(mcp, sqrt), rtol=1e-12, equal_nan=True)
