"""Properties of the substitution potential: capacity never exceeded, SP* ≤ SP ≤ M^N, and
removing frictions never lowers V^S, U or SP (hypothesis)."""

from __future__ import annotations

import ibis
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from southsouth.trade.engine import quiet
from southsouth.trade.substitution import (
    SubstitutionOptions,
    allocate_capacity,
    substitution_potential,
)

COUNTRIES = ["AAA", "BBB", "CCC", "DDD", "EEE"]
PRODUCTS = ["010101", "020202", "030303", "040404"]
TOL = 1e-9


@pytest.fixture(scope="module")
def backend():
    with quiet():
        return ibis.duckdb.connect()


@st.composite
def cases(draw: st.DrawFn) -> tuple[pd.DataFrame, list[str], float]:
    n = draw(st.integers(3, len(COUNTRIES)))
    p = draw(st.integers(2, len(PRODUCTS)))
    countries, products = COUNTRIES[:n], PRODUCTS[:p]
    keys = [(i, j, k) for i in countries for j in countries if i != j for k in products]
    values = draw(
        st.lists(
            st.one_of(st.just(0.0), st.floats(1.0, 1e6, allow_nan=False)),
            min_size=len(keys),
            max_size=len(keys),
        )
    )
    rows = [(2021, i, j, k, v) for (i, j, k), v in zip(keys, values, strict=True) if v > 0]
    south = draw(st.lists(st.sampled_from(countries), min_size=1, max_size=n, unique=True))
    kappa = draw(st.sampled_from([0.0, 0.05, 0.2, 1.0]))
    flows = pd.DataFrame(rows, columns=["year", "exporter", "importer", "product", "value"])
    return flows, sorted(south), kappa


def run(backend, flows: pd.DataFrame, south: list[str], kappa: float, lam: float):
    options = SubstitutionOptions(year=2021, window=1, kappa=kappa, lam=lam, latent=False)
    return substitution_potential(flows, south, options, backend=backend)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_capacity_never_exceeded_and_sp_ordering(backend, case):
    flows, south, kappa = case
    assume(len(flows) > 0)
    for lam in (1.0, 0.0):
        result = run(backend, flows, south, kappa, lam)
        jk = result.by_importer_product
        assert (jk["sp_star"] <= jk["sp"] * (1 + TOL) + TOL).all()
        assert (jk["sp"] <= jk["m_north"]).all()
        assert (jk["sp_star"] >= 0).all()
        exports = flows.groupby(["exporter", "product"])["value"].sum()
        used = result.allocation.groupby(["supplier", "product"], observed=True)["allocated"].sum()
        for (supplier, product), amount in used.items():
            assert amount <= kappa * exports[(supplier, product)] * (1 + TOL) + TOL
        spi = jk["spi"].dropna()
        assert ((spi >= 0) & (spi <= 1 + TOL)).all()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_frictions_removed_never_below_status_quo(backend, case):
    flows, south, kappa = case
    assume(len(flows) > 0)
    quo = run(backend, flows, south, kappa, 1.0).by_importer_product.set_index(
        ["importer", "product"]
    )
    free = run(backend, flows, south, kappa, 0.0).by_importer_product.set_index(
        ["importer", "product"]
    )
    half = run(backend, flows, south, kappa, 0.5).by_importer_product.set_index(
        ["importer", "product"]
    )
    for column in ("v_south", "u", "sp"):
        assert (free[column] >= quo[column] * (1 - TOL) - TOL).all(), column
        assert (half[column] >= quo[column] * (1 - TOL) - TOL).all(), column
        assert (free[column] >= half[column] * (1 - TOL) - TOL).all(), column


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 6),
    st.integers(1, 6),
    st.data(),
)
def test_allocation_respects_caps_and_stops_only_when_nothing_can_move(n_d, n_s, data):
    amounts = st.one_of(st.just(0.0), st.floats(1e-3, 100))  # US$; no subnormal amounts
    demand = np.array(data.draw(st.lists(amounts, min_size=n_d, max_size=n_d)))
    capacity = np.array(data.draw(st.lists(amounts, min_size=n_s, max_size=n_s)))
    pairs = data.draw(
        st.lists(
            st.tuples(st.integers(0, n_d - 1), st.integers(0, n_s - 1)),
            min_size=1,
            max_size=n_d * n_s,
            unique=True,
        )
    )
    weight = np.array(
        data.draw(st.lists(st.floats(0.01, 10), min_size=len(pairs), max_size=len(pairs)))
    )
    edge_d = np.array([d for d, _ in pairs])
    edge_s = np.array([s for _, s in pairs])
    out = allocate_capacity(demand, capacity, edge_d, edge_s, weight)
    got_d = np.bincount(edge_d, weights=out.allocated, minlength=n_d)
    got_s = np.bincount(edge_s, weights=out.allocated, minlength=n_s)
    assert (out.allocated >= 0).all()
    assert (got_d <= demand * (1 + 1e-12) + 1e-12).all()
    assert (got_s <= capacity * (1 + 1e-12) + 1e-12).all()
    assert out.converged
    # Maximal: on every edge either the demand is met or the supplier is full.
    met = got_d >= demand * (1 - 1e-9)
    full = got_s >= capacity * (1 - 1e-9)
    assert (met[edge_d] | full[edge_s]).all()


def test_sp_star_of_one_importer_can_fall_when_frictions_go():
    """Documented: suppliers are shared, so SP*_jk is not monotone in λ (SP and Σ SP* are)."""
    # B is the only capable supplier of medicines for A and for D. B already sells A more
    # than its share predicts (B_BA > 1, unchanged by λ) but D much less (B_BD < 1): at
    # λ = 0 D's potential rises and takes a larger part of B's capacity.
    rows = [
        ("BBB", "AAA", "300490", 30.0),
        ("BBB", "AAA", "100190", 10.0),
        ("BBB", "DDD", "300490", 1.0),
        ("CCC", "AAA", "300490", 200.0),
        ("CCC", "DDD", "300490", 200.0),
        ("CCC", "AAA", "100190", 100.0),
        ("CCC", "DDD", "100190", 100.0),
        ("CCC", "BBB", "100190", 300.0),
        ("AAA", "CCC", "100190", 50.0),
        ("DDD", "CCC", "100190", 50.0),
    ]
    flows = pd.DataFrame(rows, columns=["exporter", "importer", "product", "value"])
    flows.insert(0, "year", 2021)
    south = ["AAA", "BBB", "DDD"]

    def table(lam: float) -> pd.DataFrame:
        options = SubstitutionOptions(year=2021, window=1, lam=lam, kappa=0.2, latent=False)
        result = substitution_potential(flows, south, options)
        return result.by_importer_product.set_index(["importer", "product"])

    quo, free = table(1.0), table(0.0)
    a, d = ("AAA", "300490"), ("DDD", "300490")
    assert free.loc[a, "sp"] == pytest.approx(quo.loc[a, "sp"])
    assert free.loc[d, "sp"] > quo.loc[d, "sp"]
    assert free.loc[a, "sp_star"] < quo.loc[a, "sp_star"]
    assert free["sp_star"].sum() >= quo["sp_star"].sum()
