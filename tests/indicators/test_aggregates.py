"""Bloc and group aggregates: hand cases, coverage refusals, and real figures from the mirror."""

from __future__ import annotations

import csv
import math
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from southsouth.errors import InputError, UnknownIndicator
from southsouth.indicators.aggregates import (
    CoverageThresholds,
    aggregate,
    aggregate_indicator,
    kind_from_unit,
    latest_values,
    pick_population,
)

TODAY = date(2026, 11, 28)
BRICS_2023 = ["BRA", "CHN", "IND", "RUS", "ZAF"]
ECOWAS_2023 = [
    *("BEN", "BFA", "CIV", "CPV", "GHA", "GIN", "GMB", "GNB"),
    *("LBR", "MLI", "NER", "NGA", "SEN", "SLE", "TGO"),
]


# --- pure core: hand-computed cases ----------------------------------------------------


def test_stock_is_the_sum_of_members_only():
    values = pd.Series({"A": 10.0, "B": 20.0, "C": 30.0, "Z": 1000.0})
    agg = aggregate(values, None, "stock", ["A", "B", "C"])
    assert agg.value == 60.0
    assert (agg.n_members, agg.n_with_data, agg.coverage) == (3, 3, 1.0)
    assert agg.missing == ()
    assert agg.partial is False
    assert agg.population_coverage is None


def test_rate_is_the_population_weighted_mean():
    values = pd.Series({"A": 10.0, "B": 40.0})
    weights = pd.Series({"A": 3.0, "B": 1.0})
    agg = aggregate(values, weights, "rate", ["A", "B"])
    assert agg.value == pytest.approx((10 * 3 + 40 * 1) / 4)  # 17.5, not the plain mean 25
    assert agg.population_coverage == 1.0
    assert "population-weighted mean" in agg.note


def test_rate_with_a_missing_member_reports_population_coverage():
    values = pd.Series({"A": 10.0, "B": 40.0, "C": float("nan")})
    weights = pd.Series({"A": 6.0, "B": 2.0, "C": 2.0})
    agg = aggregate(values, weights, "rate", ["A", "B", "C"])
    assert agg.value == pytest.approx((10 * 6 + 40 * 2) / 8)  # 17.5
    assert agg.coverage == pytest.approx(2 / 3)
    assert agg.population_coverage == pytest.approx(0.8)
    assert agg.missing == ("C",)


def test_rate_below_population_threshold_is_refused_with_the_reason():
    values = pd.Series({"A": 10.0, "B": float("nan")})
    weights = pd.Series({"A": 69.0, "B": 31.0})
    agg = aggregate(values, weights, "rate", ["A", "B"])
    assert agg.value is None
    assert agg.population_coverage == pytest.approx(0.69)
    assert "no aggregate" in agg.note and "70.0 %" in agg.note
    # ... while 70 % exactly passes
    ok = aggregate(values, pd.Series({"A": 70.0, "B": 30.0}), "rate", ["A", "B"])
    assert ok.value == 10.0


def test_rate_threshold_is_by_population_not_by_member_count():
    # one member of four, but 80 % of the people: published
    values = pd.Series({"BIG": 50.0})
    weights = pd.Series({"BIG": 80.0, "S1": 10.0, "S2": 5.0, "S3": 5.0})
    agg = aggregate(values, weights, "rate", ["BIG", "S1", "S2", "S3"])
    assert agg.value == 50.0
    assert agg.coverage == 0.25
    assert agg.population_coverage == pytest.approx(0.8)


def test_stock_needs_ninety_percent_of_members():
    members = [f"M{i}" for i in range(10)]
    nine = pd.Series({m: 1.0 for m in members[:9]})
    agg = aggregate(nine, None, "stock", members)
    assert agg.value == 9.0
    assert agg.partial is True  # a sum that leaves out M9 is flagged as a lower bound
    assert agg.missing == ("M9",)
    assert "PARTIAL" in agg.note

    eight = pd.Series({m: 1.0 for m in members[:8]})
    refused = aggregate(eight, None, "stock", members)
    assert refused.value is None
    assert refused.coverage == 0.8
    assert "no aggregate" in refused.note and "90.0 %" in refused.note


def test_stock_partial_sum_only_when_asked_and_labelled():
    members = ["A", "B", "C", "D"]
    values = pd.Series({"A": 5.0, "B": 7.0})
    agg = aggregate(values, None, "stock", members, CoverageThresholds(partial_sums=True))
    assert agg.value == 12.0
    assert agg.partial is True
    assert agg.note.startswith("PARTIAL SUM over 2 of 4 members")
    assert agg.missing == ("C", "D")


def test_missing_is_never_zero():
    values = pd.Series({"A": 4.0, "B": float("nan"), "C": None})
    agg = aggregate(values, pd.Series({"A": 1.0, "B": 1.0, "C": 1.0}), "rate", ["A", "B", "C"])
    assert agg.value is None  # 1/3 of the population, not a mean of (4, 0, 0)
    assert agg.n_with_data == 1


def test_unweighted_rate_says_so_and_counts_members():
    values = pd.Series({"A": 1.0, "B": 2.0, "C": 6.0})
    agg = aggregate(values, None, "rate", ["A", "B", "C", "D"])
    assert agg.value == 3.0
    assert "UNWEIGHTED" in agg.note
    refused = aggregate(pd.Series({"A": 1.0, "B": 2.0}), None, "rate", ["A", "B", "C"])
    assert refused.value is None  # 2/3 of members < 70 %


def test_member_without_population_is_named():
    values = pd.Series({"A": 10.0, "B": 20.0})
    agg = aggregate(values, pd.Series({"A": 5.0}), "rate", ["A", "B"])
    assert agg.value == 10.0
    assert "B have a value but no population" in agg.note
    assert "no population for B" in agg.note


def test_empty_group_gives_no_value():
    agg = aggregate(pd.Series(dtype=float), None, "stock", [])
    assert agg.value is None and agg.n_members == 0 and agg.note == "the group has no members"


def test_years_used_are_recorded():
    agg = aggregate(
        pd.Series({"A": 1.0, "B": 2.0}),
        None,
        "stock",
        ["A", "B"],
        years=pd.Series({"A": 2023, "B": 2021}),
    )
    assert dict(agg.years_used) == {"A": 2023, "B": 2021}


def test_bad_inputs_are_input_errors():
    with pytest.raises(InputError):
        aggregate(pd.Series([1.0, 2.0], index=["A", "A"]), None, "stock", ["A"])
    with pytest.raises(InputError):
        aggregate(pd.Series({"A": 1.0}), pd.Series({"A": -1.0}), "rate", ["A"])
    with pytest.raises(InputError):
        aggregate(pd.Series({"A": 1.0}), None, "mean", ["A"])  # type: ignore[arg-type]
    with pytest.raises(InputError):
        CoverageThresholds(rate_population=70)


def test_latest_values_within_a_window():
    frame = pd.DataFrame(
        {
            "country_iso3": ["A", "A", "A", "B", "B", "C"],
            "year": [2019, 2021, 2024, 2020, 2022, 2017],
            "value": [1.0, 2.0, 9.0, 3.0, float("nan"), 5.0],
        }
    )
    values, years = latest_values(frame, 2023, window=3)
    assert values.to_dict() == {"A": 2.0, "B": 3.0}  # 2024 is after the year; C is too old
    assert years.to_dict() == {"A": 2021, "B": 2020}
    exact, _ = latest_values(frame, 2021, window=0)
    assert exact.to_dict() == {"A": 2.0}


def test_pick_population_prefers_the_first_source():
    pop, source = pick_population(
        pd.Series({"A": 10.0, "B": float("nan")}),
        pd.Series({"A": 11.0, "B": 20.0, "C": 30.0}),
        ("wdi", "gapminder"),
    )
    assert pop.to_dict() == {"A": 10.0, "B": 20.0, "C": 30.0}
    assert source.to_dict() == {"A": "wdi", "B": "gapminder", "C": "gapminder"}


@pytest.mark.parametrize(
    ("unit", "kind"),
    [
        ("people", "stock"),
        ("current US$", "stock"),
        ("constant 2021 US$ bn", "stock"),
        ("articles (fractional count)", "stock"),
        ("applications", "stock"),
        ("% of population", "rate"),
        ("% of GDP", "rate"),
        ("per 1,000 people", "rate"),
        ("current US$ per person", "rate"),
        ("fraction of GDP (0.0817 = 8.17 %)", "rate"),
    ],
)
def test_kind_from_unit(unit, kind):
    assert kind_from_unit(unit) == kind


@pytest.mark.parametrize(
    "unit", ["score (0–100)", "index (0–10)", "rank (1 = largest)", "count of barriers (0–10)"]
)
def test_kind_from_unit_refuses_scores_and_ranks(unit):
    with pytest.raises(InputError, match=r"stock .* or a rate"):
        kind_from_unit(unit)


# --- properties --------------------------------------------------------------------------

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
positive = st.floats(min_value=1e-3, max_value=1e6, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(finite, positive), min_size=1, max_size=12), positive)
def test_weighted_mean_lies_between_min_and_max_and_ignores_weight_scale(rows, scale):
    codes = [f"C{i}" for i in range(len(rows))]
    values = pd.Series([v for v, _ in rows], index=codes)
    weights = pd.Series([w for _, w in rows], index=codes)
    agg = aggregate(values, weights, "rate", codes)
    assert agg.value is not None
    assert min(values) - 1e-6 <= agg.value <= max(values) + 1e-6
    scaled = aggregate(values, weights * scale, "rate", codes)
    assert scaled.value == pytest.approx(agg.value, rel=1e-9, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(st.lists(finite, min_size=2, max_size=12), st.integers(min_value=1, max_value=11))
def test_stock_sum_is_additive_over_a_split(vals, cut):
    codes = [f"C{i}" for i in range(len(vals))]
    cut = min(cut, len(vals) - 1)
    values = pd.Series(vals, index=codes)
    whole = aggregate(values, None, "stock", codes).value
    left = aggregate(values, None, "stock", codes[:cut]).value
    right = aggregate(values, None, "stock", codes[cut:]).value
    assert whole is not None and left is not None and right is not None
    assert whole == pytest.approx(left + right, abs=1e-6)


# --- real data, recomputed from the raw mirror files ------------------------------------


def _wdi_long(path: Path, year: int) -> dict[str, float]:
    with path.open(encoding="utf-8") as handle:
        return {
            row["Country Code"]: float(row["Value"])
            for row in csv.DictReader(handle)
            if row["Year"] == str(year) and row["Value"]
        }


def _gapminder(path: Path, column: str, year: int) -> dict[str, float]:
    with path.open(encoding="utf-8") as handle:
        return {
            row[next(iter(row))].upper(): float(row[column])
            for row in csv.DictReader(handle)
            if row["time"] == str(year) and row[column]
        }


@pytest.mark.golden
def test_brics_2023_population_is_the_sum_of_the_wdi_file(full_warehouse, mirror):
    raw = _wdi_long(mirror / "indicators/population/wdi_SP.POP.TOTL_population_1960_2024.csv", 2023)
    expected = sum(raw[c] for c in BRICS_2023)
    agg = aggregate_indicator(full_warehouse, "wdi_population", "BRICS", 2023, today=TODAY)
    assert agg.kind == "stock"
    assert agg.value == expected
    assert round(expected / 1e9, 3) == 3.267  # 3.27 billion people
    assert (agg.n_members, agg.coverage, agg.partial) == (5, 1.0, False)
    assert [s.dataset_id for s in agg.sources] == ["wdi-population"]
    assert agg.sources[0].licence == "CC BY 4.0"
    assert agg.sources[0].vintage


@pytest.mark.golden
def test_ecowas_2023_internet_users_population_weighted(full_warehouse, mirror):
    pop = _wdi_long(mirror / "indicators/population/wdi_SP.POP.TOTL_population_1960_2024.csv", 2023)
    net = _gapminder(
        mirror / "indicators/ict/sg_IT.NET.USER.ZS_internet_users_pct.csv", "internet_users", 2023
    )
    expected = sum(net[c] * pop[c] for c in ECOWAS_2023) / sum(pop[c] for c in ECOWAS_2023)
    plain = sum(net[c] for c in ECOWAS_2023) / len(ECOWAS_2023)
    agg = aggregate_indicator(
        full_warehouse, "gapminder_internet_users_pct", "ECOWAS", 2023, today=TODAY
    )
    assert agg.kind == "rate"
    assert agg.value == pytest.approx(expected, rel=1e-12)
    assert round(agg.value, 2) == 39.03
    assert round(plain, 2) == 38.50  # the unweighted mean would differ: Nigeria is half of ECOWAS
    assert agg.n_members == 15 and agg.population_coverage == 1.0
    assert agg.weighting == "population in 2023: wdi_population for 15 members"
    assert {s.dataset_id for s in agg.sources} == {"gapminder-internet-users", "wdi-population"}


@pytest.mark.golden
def test_window_uses_each_members_latest_value(full_warehouse, mirror):
    # the mirror has no 2024 internet figure for any ECOWAS member
    none = aggregate_indicator(
        full_warehouse, "gapminder_internet_users_pct", "ECOWAS", 2024, today=TODAY
    )
    assert none.value is None and none.n_with_data == 0 and "no aggregate" in none.note
    agg = aggregate_indicator(
        full_warehouse, "gapminder_internet_users_pct", "ECOWAS", 2024, window=4, today=TODAY
    )
    assert dict(agg.years_used) == dict.fromkeys(ECOWAS_2023, 2023)
    pop = _wdi_long(mirror / "indicators/population/wdi_SP.POP.TOTL_population_1960_2024.csv", 2024)
    net = _gapminder(
        mirror / "indicators/ict/sg_IT.NET.USER.ZS_internet_users_pct.csv", "internet_users", 2023
    )
    expected = sum(net[c] * pop[c] for c in ECOWAS_2023) / sum(pop[c] for c in ECOWAS_2023)
    assert agg.value == pytest.approx(expected, rel=1e-12)
    assert "latest value in 2020–2024" in agg.note and "2023: 15" in agg.note


@pytest.mark.golden
def test_population_falls_back_to_gapminder_after_the_wdi_years(full_warehouse, mirror):
    # WDI population ends in 2024; BRICS 2025 GDP per capita is weighted by UN WPP 2024
    members = ["ARE", "BRA", "CHN", "EGY", "ETH", "IDN", "IND", "IRN", "RUS", "ZAF"]
    pop = _gapminder(
        mirror / "indicators/population/gapminder_pop_v8_wpp2024_1800_2100.csv", "pop", 2025
    )
    path = mirror / "indicators/economy/wdi_API_NY.GDP.PCAP.CD_gdp_per_capita_current_usd.csv"
    with path.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))[4:]
    header = rows[0]
    gdp = {r[1]: float(r[header.index("2025")]) for r in rows[1:] if r[header.index("2025")]}
    have = [c for c in members if c in gdp]
    expected = sum(gdp[c] * pop[c] for c in have) / sum(pop[c] for c in have)
    agg = aggregate_indicator(
        full_warehouse, "wdi_gdp_per_capita_current_usd", "BRICS", 2025, today=TODAY
    )
    assert agg.n_members == 10
    assert agg.missing == tuple(c for c in members if c not in gdp) == ("ARE",)
    assert agg.value == pytest.approx(expected, rel=1e-12)
    assert agg.population_coverage == pytest.approx(
        sum(pop[c] for c in have) / sum(pop[c] for c in members)
    )
    assert agg.weighting == "population in 2025: gapminder_population for 10 members"
    assert "gapminder-population" in {s.dataset_id for s in agg.sources}


@pytest.mark.golden
def test_thin_data_is_refused_on_real_data(full_warehouse):
    agg = aggregate_indicator(
        full_warehouse, "wdi_rd_expenditure_pct_gdp", "ECOWAS", 2022, today=TODAY
    )
    assert agg.value is None
    assert agg.population_coverage is not None and agg.population_coverage < 0.7
    assert "no aggregate" in agg.note


@pytest.mark.golden
def test_g77_gdp_sum_is_flagged_partial(full_warehouse):
    agg = aggregate_indicator(full_warehouse, "wdi_gdp_current_usd", "g77", 2023, today=TODAY)
    assert agg.kind == "stock"
    assert agg.n_members == 135
    assert agg.coverage >= 0.9 and agg.partial is True
    assert {"AFG", "VEN", "CUB"} <= set(agg.missing)
    assert "PARTIAL" in agg.note
    assert agg.as_dict()["missing"] == list(agg.missing)


def test_future_year_uses_todays_membership_and_says_so(full_warehouse):
    agg = aggregate_indicator(full_warehouse, "gapminder_population", "BRICS", 2030, today=TODAY)
    assert agg.n_members == 10 and agg.value is not None and not math.isnan(agg.value)
    assert "membership as of 2026-11-28" in agg.note


def test_reader_errors(full_warehouse):
    with pytest.raises(UnknownIndicator):
        aggregate_indicator(full_warehouse, "no_such_indicator", "BRICS", 2023, today=TODAY)
    with pytest.raises(InputError, match=r"stock .* or a rate"):
        aggregate_indicator(full_warehouse, "itu_gci_score", "BRICS", 2020, today=TODAY)
    explicit = aggregate_indicator(
        full_warehouse, "itu_gci_score", "BRICS", 2020, kind="rate", today=TODAY
    )
    assert explicit.value is not None and 0 < explicit.value < 100
