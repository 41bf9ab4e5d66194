"""Missing air links: the gravity score, its calibration, and the ranked output."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from raw_airline_routes import airport_pairs_by_country_pair
from raw_openflights import linked_country_pairs

from southsouth.connectivity.missing import (
    demand_context,
    fit_gravity,
    gravity_score,
    latest_values,
    missing_routes,
    missing_routes_overview,
)
from southsouth.errors import InputError, UnknownGroup

positive = st.floats(min_value=1.0, max_value=1e12, allow_nan=False)
exponent = st.floats(min_value=0.0, max_value=2.0, allow_nan=False)
factor = st.floats(min_value=1.01, max_value=100.0)


def test_gravity_hand_computed():
    # sqrt(4·9) · sqrt(1·1) / 10 = 0.6
    assert gravity_score(4, 9, 1, 1, 10)[()] == pytest.approx(0.6)
    assert gravity_score(4, 9, 1, 1, 10, intercept=math.log(2))[()] == pytest.approx(1.2)
    out = gravity_score([4, np.nan, 4, 4], [9, 9, 0, 9], [1, 1, 1, -1], [1, 1, 1, 1], 10)
    assert out[0] == pytest.approx(0.6) and np.isnan(out[1:]).all()  # missing stays missing


@given(positive, positive, positive, positive, positive, exponent, exponent, exponent, factor)
def test_gravity_is_monotone(p_i, p_j, g_i, g_j, d, a, b, c, k):
    kw = {"population": a, "gdp": b, "distance": c}
    base = gravity_score(p_i, p_j, g_i, g_j, d, **kw)[()]
    assert gravity_score(p_i * k, p_j, g_i, g_j, d, **kw)[()] >= base * (1 - 1e-12)
    assert gravity_score(p_i, p_j, g_i * k, g_j, d, **kw)[()] >= base * (1 - 1e-12)
    assert gravity_score(p_i, p_j, g_i, g_j, d * k, **kw)[()] <= base * (1 + 1e-12)
    if a > 0.01:
        assert gravity_score(p_i * k, p_j, g_i, g_j, d, **kw)[()] > base
    if b > 0.01:
        assert gravity_score(p_i, p_j, g_i, g_j * k, d, **kw)[()] > base
    assert gravity_score(p_j, p_i, g_j, g_i, d, **kw)[()] == pytest.approx(base)


def synthetic_pairs(n: int, population: float, gdp: float, distance: float, seed: int = 7):
    """Poisson route counts from a known gravity model (SYNTHETIC); intercept set so the
    median pair expects 0.3 routes. Returns the frame and the intercept."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "pop_a": np.exp(rng.uniform(13, 20, n)),
            "pop_b": np.exp(rng.uniform(13, 20, n)),
            "gdp_a": np.exp(rng.uniform(21, 28, n)),
            "gdp_b": np.exp(rng.uniform(21, 28, n)),
            "distance_km": np.exp(rng.uniform(5, 9.5, n)),
        }
    )
    kw = {"population": population, "gdp": gdp, "distance": distance}
    columns = [frame[c] for c in ("pop_a", "pop_b", "gdp_a", "gdp_b", "distance_km")]
    intercept = math.log(0.3) - float(np.median(np.log(gravity_score(*columns, **kw))))
    frame["routes"] = rng.poisson(gravity_score(*columns, **kw, intercept=intercept))
    return frame, intercept


def test_ppml_recovers_known_exponents():
    pairs, intercept = synthetic_pairs(4000, 0.3, 0.6, 1.2)
    model = fit_gravity(pairs)
    assert model.method == "ppml" and not model.constrained
    assert model.population == pytest.approx(0.3, abs=0.1)
    assert model.gdp == pytest.approx(0.6, abs=0.1)
    assert model.distance == pytest.approx(1.2, abs=0.15)
    assert model.intercept == pytest.approx(intercept, abs=3)
    assert set(model.std_errors) == {"intercept", "population", "gdp", "distance"}
    assert 0 < model.pseudo_r2 <= 1


def test_wrong_sign_is_fixed_at_zero():
    model = fit_gravity(synthetic_pairs(4000, -0.4, 0.8, 1.0)[0])
    assert model.population == 0.0
    assert model.constrained["population"] < 0
    assert "population" not in model.std_errors
    assert model.gdp > 0 and model.distance > 0
    assert "wrong sign" in model.note


def test_too_few_links_falls_back_to_fixed_exponents():
    pairs = synthetic_pairs(200, 0.3, 0.6, 1.2)[0].assign(routes=0)
    pairs.loc[:4, "routes"] = 1
    model = fit_gravity(pairs)
    assert model.method == "fixed"
    assert (model.population, model.gdp, model.distance) == (0.5, 0.5, 1.0)
    assert "only 5 linked pairs" in model.note


def test_latest_values_prefers_the_year_then_earlier_then_later():
    obs = pd.DataFrame(
        {
            "country_iso3": ["A", "A", "A", "B", "B", "C", "C"],
            "indicator": ["x"] * 7,
            "year": [2012, 2014, 2016, 2010, 2013, 2015, 2017],
            "value": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0],
        }
    )
    out = latest_values(obs, 2014).set_index("country_iso3")
    assert out["year"].to_dict() == {"A": 2014, "B": 2013, "C": 2015}
    assert out["value"].to_dict() == {"A": 2.0, "B": 5.0, "C": 6.0}


# ---------------------------------------------------------------- real data


@pytest.fixture(scope="module")
def context(full_warehouse):
    return demand_context(full_warehouse)


FIELDS = [
    "from_iso3",
    "from_airport",
    "from_airport_name",
    "from_city",
    "to_iso3",
    "to_airport",
    "to_airport_name",
    "to_city",
    "demand_score",
    "population_from",
    "population_to",
    "gdp_usd_from",
    "gdp_usd_to",
    "input_years",
    "distance_km",
    "trade_usd",
]


def test_real_model_is_calibrated_and_sane(context):
    m = context.model
    assert m.method == "ppml"
    assert m.population >= 0 and m.gdp > 0 and m.distance > 0
    assert m.linked_pairs > 500


def test_africa_south_america_missing_links(full_warehouse, context, mirror: Path):
    result = missing_routes(full_warehouse, "africa", "south-america", top=5, context=context)
    table = result.table
    assert len(table) == 5
    assert table[FIELDS].drop(columns="trade_usd").notna().all().all()
    assert table["from_iso3"].isin(result.from_area.members).all()
    assert table["to_iso3"].isin(result.to_area.members).all()
    assert table["demand_score"].is_monotonic_decreasing
    raw = airport_pairs_by_country_pair(mirror)
    assert all(
        frozenset(p) not in raw for p in zip(table["from_iso3"], table["to_iso3"], strict=True)
    )
    assert result.counts["linked"] == 5  # AGO–BRA, BRA–CPV, BRA–ETH, BRA–MAR, BRA–ZAF
    assert result.counts["pairs"] == result.counts["linked"] + result.counts["missing"]
    assert table["trade_usd"].isna().all()  # no trade table outside Africa
    then = linked_country_pairs(mirror)
    assert table["linked_2014"].tolist() == [
        frozenset(p) in then for p in zip(table["from_iso3"], table["to_iso3"], strict=True)
    ]
    data = result.as_dict()
    json.dumps(data)
    assert "2026-05-03" in data["source"]["caveat"] and data["source"]["year"] == 2026
    assert data["model"]["formula"].startswith("expected non-stop routes")
    assert {s["source_id"] for s in data["inputs_source"]} >= {"wdi-population", "wdi-gdp"}
    row = data["links"][0]
    assert all(field in row for field in FIELDS)


def test_scores_follow_the_formula(full_warehouse, context):
    result = missing_routes(full_warehouse, "AU", "AU", top=3, context=context)
    m = result.model
    for row in result.table.itertuples(index=False):
        expected = (
            math.exp(m.intercept)
            * (row.population_from * row.population_to) ** (m.population)
            * (row.gdp_usd_from * row.gdp_usd_to) ** m.gdp
            / row.distance_km**m.distance
        )
        assert row.demand_score == pytest.approx(expected, rel=1e-3)  # distance is rounded
    assert result.table["trade_usd"].notna().any()  # intra-African trade shown where known


def test_overview_and_bad_input(full_warehouse, context):
    overview = missing_routes_overview(
        full_warehouse,
        region_pairs=[("mena", "latin-america")],
        blocs=["ASEAN"],
        top=2,
        context=context,
    )
    assert overview.table["areas"].tolist() == ["mena–latin-america"] * 2 + ["ASEAN"] * 2
    assert not overview.segments().empty
    json.dumps(overview.as_dict())
    with pytest.raises(UnknownGroup):
        missing_routes(full_warehouse, "atlantis", "africa", context=context)
    with pytest.raises(InputError):
        missing_routes(full_warehouse, "africa", "africa", top=0, context=context)
