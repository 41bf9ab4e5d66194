"""Health-workforce gap: SDG threshold model, hand cases, levers, bounds and the AFRO figure."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from southsouth.errors import InputError, YearOutOfRange
from southsouth.gaps.health_workforce import (
    AFRO_2030,
    BASELINE,
    DOCTORS,
    NURSES_MIDWIVES,
    SDG_CADRE,
    Cadre,
    DensitySeries,
    Scenario,
    TrendRule,
    health_workforce_gap,
    parse_scenario,
    workforce_gap,
)

TODAY = date(2026, 6, 30)
DOC = DOCTORS.indicator
NUR = NURSES_MIDWIVES.indicator


def independent_afro(mirror: Path, year: int = 2030) -> dict[str, float]:
    """The same method from the raw mirror files in plain pandas (no southsouth import)."""
    health = mirror / "indicators" / "health"
    codes = pd.read_csv(health / "who_gho_codes_COUNTRY.csv", keep_default_na=False)
    # AFR codes minus Mayotte, Réunion and Saint Helena: areas, not WHO Member States.
    afro = set(codes.loc[codes["ParentCode"] == "AFR", "Code"]) - {"MYT", "REU", "SHN"}
    doc = pd.read_csv(health / "sg_SH.MED.PHYS.ZS_physicians_per1000.csv")
    doc = pd.DataFrame({"iso3": doc["geo"].str.upper(), "year": doc["time"], "d": doc.iloc[:, 2]})
    nm = pd.read_csv(health / "who_gho_nhwa_HWF_0006-0009_nursing_midwifery_2022download.csv")
    nm = nm[(nm["IndicatorCode"] == "HWF_0006") & (nm["Location type"] == "Country")]
    nm = pd.DataFrame(
        {"iso3": nm["SpatialDimValueCode"], "year": nm["Period"], "d": nm["FactValueNumeric"] / 10}
    )
    pop = pd.read_csv(mirror / "indicators/population/gapminder_pop_v8_wpp2024_1800_2100.csv")
    pop = pop[pop["time"] == year]
    pop = pop.set_index(pop["country"].str.upper())["pop"]
    density = pd.Series(0.0, index=sorted(afro))
    for series in (doc, nm):
        base, growth = {}, {}
        for iso3, g in series[series["iso3"].isin(afro) & (series["year"] <= 2025)].groupby("iso3"):
            last = g.loc[g["year"].idxmax()]
            if last["year"] < 2015:
                continue
            base[iso3] = (last["year"], last["d"])
            w = g[(g["year"] >= last["year"] - 15) & (g["d"] > 0)]
            if len(w) >= 3 and w["year"].max() - w["year"].min() >= 5:
                growth[iso3] = np.expm1(np.polyfit(w["year"], np.log(w["d"]), 1)[0])
        regional = np.median(list(growth.values()))
        for iso3 in density.index:
            y0, d0 = base.get(iso3, (year, np.nan))
            g = min(max(growth.get(iso3, regional), -0.05), 0.05)
            density[iso3] += d0 * (1 + g) ** (year - y0)
    people = pop.reindex(density.index)
    need, supply = 4.45 * people / 1000, density * people / 1000
    return {
        "population": people.sum(),
        "need": need.sum(),
        "supply": supply.sum(),
        "shortage": (need - supply).clip(lower=0).sum(),
        "countries": float(density.notna().sum()),
    }


@pytest.fixture(scope="module")
def afro(full_warehouse):
    return health_workforce_gap(full_warehouse, ["afro"], today=TODAY)


@pytest.mark.golden
def test_afro_2030_agrees_with_an_independent_recomputation_from_raw_files(afro, mirror):
    row = afro.group_row("WHO-AFRO", 2030)
    expected = independent_afro(mirror)
    assert row["countries"] == row["countries_with_data"] == expected["countries"] == 47
    for key in ("population", "need", "supply", "shortage"):
        assert row[key] == pytest.approx(expected[key], rel=1e-9), key
    # ~1.45 billion people in the 47 countries in 2030 (UN WPP 2024) → need ≈ 6.5 million
    assert 1.4e9 < row["population"] < 1.5e9
    assert row["need"] == pytest.approx(4.45 * row["population"] / 1000)
    assert round(row["population"]) == 1_454_913_583
    assert round(row["need"]) == 6_474_365
    assert round(row["supply"]) == 2_843_843
    assert round(row["shortage"]) == 3_902_268
    assert row["coverage"] == pytest.approx(0.43925, abs=5e-6)
    assert row["surplus"] > 0  # BWA, GHA, LSO, MUS, SYC, ZAF: not netted against shortages
    assert row["shortage"] > row["need"] - row["supply"]


@pytest.mark.golden
def test_published_figure_sits_beside_the_computed_one_with_reasons(afro):
    [comparison] = afro.comparisons
    assert comparison.published is AFRO_2030
    assert (AFRO_2030.shortage, AFRO_2030.need, AFRO_2030.coverage) == (6.1e6, 11.8e6, 0.49)
    row = afro.group_row("WHO-AFRO", 2030)
    assert comparison.shortage == row["shortage"]
    assert comparison.published_supply == pytest.approx(0.49 * 11.8e6)
    assert comparison.published_need_per_1000 == pytest.approx(11.8e9 / row["population"])
    assert 8.0 < comparison.published_need_per_1000 < 8.2
    # the mirror's doctors + nurses & midwives headcount ≈ WHO's 1.77 M for 2020 (Boniol 2022)
    assert comparison.mirror_stock == pytest.approx(1.77e6, rel=0.03)
    assert comparison.mirror_stock_years == (2018, 2023)
    text = " ".join(comparison.reasons)
    for needle in ("6.10 million", "3.90 million", "5.10 million", "2.60 million", "4.45", "8.11"):
        assert needle in text
    json.dumps(afro.as_dict())  # JSON-ready


def test_provenance_carries_datasets_and_latest_year_per_country(afro):
    assert set(afro.sources["dataset_id"]) >= {
        "gapminder-physicians",
        "who-nhwa-nursing-midwifery",
        "gapminder-population",
    }
    assert afro.sources["vintage"].str.len().min() > 0
    nga = afro.basis[afro.basis["country_iso3"] == "NGA"].set_index("indicator")
    assert nga.loc[DOC, "base_year"] == 2023
    assert nga.loc[NUR, "base_year"] == 2019
    assert nga.loc[NUR, "base_per_1000"] == pytest.approx(nga.loc[NUR, "base_value"] / 10)
    flags = afro.countries.set_index("year")["population_flag"]
    assert set(flags.loc[2030]) == {"projection"}


def test_countries_without_data_are_listed_and_their_need_shown(full_warehouse):
    result = health_workforce_gap(full_warehouse, ["g77"], years=[2030], today=TODAY)
    row = result.group_row("G77", 2030)
    listed = result.without_data.set_index("country_iso3")
    assert "SOM" in listed.index and "SOM" in row["without_data"]
    assert "outside the 10-year look-back" in listed.loc["SOM", "reason"]
    assert row["countries_without_data"] == len(row["without_data"]) == len(listed) > 0
    som = result.countries.set_index("country_iso3").loc["SOM"]
    assert not som["has_data"] and np.isnan(som["shortage"])
    assert som["need"] > 0
    assert row["need_without_data"] >= som["need"]
    assert row["need_total"] == pytest.approx(row["need"] + row["need_without_data"])


def test_levers_move_afro_supply_the_right_way(full_warehouse, afro):
    base = afro.group_row("WHO-AFRO", 2030)
    for scenario, sign in (
        (Scenario(training_growth=0.02), 1),
        (Scenario(attrition=0.02), -1),
        (Scenario(emigration=0.01), -1),
    ):
        row = health_workforce_gap(
            full_warehouse, ["afro"], years=[2030], scenario=scenario, today=TODAY
        ).group_row("WHO-AFRO", 2030)
        assert np.sign(row["supply"] - base["supply"]) == sign
        assert np.sign(base["shortage"] - row["shortage"]) == sign
        assert row["need"] == base["need"]


# -- hand-computed cases on fake countries ---------------------------------------------------


def frames(series: dict[tuple[str, str], dict[int, float]], pop: dict[str, float], year=2030):
    densities = pd.DataFrame(
        [(c, i, y, v) for (c, i), values in series.items() for y, v in values.items()],
        columns=["country_iso3", "indicator", "year", "value"],
    )
    population = pd.DataFrame(
        [(c, year, p, "projection") for c, p in pop.items()],
        columns=["country_iso3", "year", "value", "flag"],
    )
    return densities, population


def flat(value: float) -> dict[int, float]:
    return {2015: value, 2020: value, 2025: value}


def test_two_countries_surplus_never_offsets_a_shortage():
    densities, population = frames(
        {
            ("AAA", DOC): flat(1.0),
            ("AAA", NUR): flat(20.0),  # 2.0 per 1,000 → density 3.0
            ("BBB", DOC): flat(2.0),
            ("BBB", NUR): flat(40.0),  # 4.0 per 1,000 → density 6.0
        },
        {"AAA": 1_000_000, "BBB": 2_000_000},
    )
    result = workforce_gap(
        densities, population, {"pair": ["AAA", "BBB"]}, regions={}, years=[2030]
    )
    by = result.countries.set_index("country_iso3")
    assert by.loc["AAA", ["need", "supply", "shortage", "surplus"]].tolist() == pytest.approx(
        [4450, 3000, 1450, 0]
    )
    assert by.loc["BBB", ["need", "supply", "shortage", "surplus"]].tolist() == pytest.approx(
        [8900, 12000, 0, 3100]
    )
    assert by.loc["BBB", "coverage"] == pytest.approx(12000 / 8900)  # not capped at 1
    row = result.group_row("pair", 2030)
    assert row["need"] == pytest.approx(13350)
    assert row["supply"] == pytest.approx(15000)
    assert row["shortage"] == pytest.approx(1450)  # not max(0, 13350 − 15000) = 0
    assert row["surplus"] == pytest.approx(3100)
    assert row["coverage"] == pytest.approx(15000 / 13350)
    assert row["need_met_share"] == pytest.approx(1 - 1450 / 13350)
    assert result.comparisons == ()


def test_missing_series_is_listed_and_need_kept_apart():
    densities, population = frames(
        {
            ("AAA", DOC): flat(1.0),
            ("AAA", NUR): flat(20.0),
            ("CCC", DOC): flat(1.0),  # no nursing data
            ("DDD", DOC): {2008: 1.0, 2010: 1.0},  # too old for the 10-year look-back
            ("DDD", NUR): flat(10.0),
        },
        {"AAA": 1_000_000, "CCC": 500_000, "DDD": 100_000},
    )
    result = workforce_gap(
        densities, population, {"g": ["AAA", "CCC", "DDD", "EEE"]}, regions={}, years=[2030]
    )
    reasons = result.without_data.set_index("country_iso3")["reason"]
    assert reasons["CCC"] == "nurses & midwives: no observations"
    assert reasons["DDD"] == "doctors: latest value 2010 is outside the 10-year look-back to 2025"
    assert reasons["EEE"].startswith("no population data")
    row = result.group_row("g", 2030)
    assert row["countries_with_data"] == 1
    assert row["without_data"] == ("CCC", "DDD", "EEE")
    assert row["need"] == pytest.approx(4450)
    assert row["need_without_data"] == pytest.approx(4.45 * 600)  # EEE has no population
    assert row["shortage"] == pytest.approx(1450)

    nothing = workforce_gap(
        densities, population, {"g": ["CCC"]}, regions={}, years=[2030]
    ).group_row("g", 2030)
    assert np.isnan(nothing["need"]) and np.isnan(nothing["shortage"])  # missing, not zero
    assert np.isnan(nothing["coverage"])
    assert nothing["need_without_data"] == nothing["need_total"] == pytest.approx(4.45 * 500)


def test_trend_own_capped_and_borrowed():
    compound = {y: 1.03 ** (y - 2010) for y in (2010, 2015, 2020)}  # exactly +3 %/yr
    densities, population = frames(
        {
            **{(c, NUR): flat(10.0) for c in ("AAA", "BBB", "CCC", "DDD", "EEE")},
            ("AAA", DOC): compound,
            ("BBB", DOC): {y: 1.2 ** (y - 2010) for y in (2010, 2015, 2020)},  # +20 %/yr
            ("CCC", DOC): {y: 1.01 ** (y - 2010) for y in (2010, 2015, 2020)},
            ("DDD", DOC): {2022: 0.5},  # thin: borrows the regional median
            ("EEE", DOC): {2022: 0.5},  # region with no own trends: global median
        },
        dict.fromkeys(("AAA", "BBB", "CCC", "DDD", "EEE"), 1_000_000),
    )
    regions = {"AAA": "R", "BBB": "R", "CCC": "R", "DDD": "R", "EEE": "S"}
    result = workforce_gap(
        densities, population, {"all": list(regions)}, regions=regions, years=[2030]
    )
    basis = result.basis[result.basis["indicator"] == DOC].set_index("country_iso3")
    assert basis.loc["AAA", "growth"] == pytest.approx(0.03)
    assert basis.loc["BBB", "growth_uncapped"] == pytest.approx(0.2)
    assert basis.loc["BBB", "growth"] == 0.05 and basis.loc["BBB", "capped"]
    assert basis.loc["DDD", "trend_source"] == "median trend of R"
    assert basis.loc["DDD", "growth"] == pytest.approx(0.03)  # median of 1 %, 3 %, 20 %
    assert basis.loc["EEE", "trend_source"] == "median trend of all countries"
    docs = result.countries.set_index("country_iso3")[f"density_{DOC}"]
    assert docs["AAA"] == pytest.approx(1.03**20)
    assert docs["BBB"] == pytest.approx(1.2**10 * 1.05**10)
    assert docs["DDD"] == pytest.approx(0.5 * 1.03**8)


def test_scenario_factor_by_hand():
    densities, population = frames(
        {("AAA", DOC): flat(2.0), ("AAA", NUR): flat(20.0)}, {"AAA": 1e6}
    )
    scenario = Scenario(training_growth=0.02, attrition=0.01, emigration=0.005, start_year=2025)
    result = workforce_gap(
        densities, population, {"a": ["AAA"]}, regions={}, years=[2030], scenario=scenario
    )
    factor = (1.02 * 0.99 * 0.995) ** 5
    assert result.group_row("a", 2030)["supply"] == pytest.approx(4000 * factor)


def test_extra_cadre_is_computed_on_its_own():
    pharmacists = Cadre(
        "pharmacists", "Pharmacists", 0.5, (DensitySeries("user_pharm", "pharmacists"),)
    )
    densities, population = frames(
        {("AAA", DOC): flat(3.0), ("AAA", NUR): flat(20.0), ("AAA", "user_pharm"): flat(0.1)},
        {"AAA": 1_000_000},
    )
    result = workforce_gap(
        densities,
        population,
        {"a": ["AAA"]},
        regions={},
        years=[2030],
        cadres=(SDG_CADRE, pharmacists),
    )
    sdg = result.group_row("a", 2030)
    pharm = result.group_row("a", 2030, "pharmacists")
    assert sdg["surplus"] == pytest.approx(550) and sdg["shortage"] == 0
    assert pharm["need"] == pytest.approx(500) and pharm["shortage"] == pytest.approx(400)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(0.01, 10),
            st.floats(0.1, 200),
            st.floats(1e3, 1e8),
            st.floats(-0.2, 0.2),
        ),
        min_size=1,
        max_size=6,
    ),
    st.floats(-0.1, 0.1),
    st.floats(0, 0.1),
    st.floats(0, 0.1),
)
def test_bounds_and_lever_directions(countries, training, attrition, emigration):
    series, pop = {}, {}
    for k, (doc, nur, people, trend) in enumerate(countries):
        iso3 = f"X{k:02d}"
        series[(iso3, DOC)] = {y: doc * (1 + trend) ** (y - 2015) for y in (2015, 2020, 2025)}
        series[(iso3, NUR)] = flat(nur)
        pop[iso3] = people
    densities, population = frames(series, pop)

    def run(scenario: Scenario) -> pd.Series:
        return workforce_gap(
            densities, population, {"g": list(pop)}, regions={}, years=[2030], scenario=scenario
        ).group_row("g", 2030)

    base = run(BASELINE)
    assert 0 <= base["shortage"] <= base["need"]
    assert base["shortage"] >= base["need"] - base["supply"] - 1e-6 * base["need"]
    assert 0 <= base["need_met_share"] <= 1
    assert base["coverage"] >= 0
    more = run(Scenario(training_growth=abs(training)))
    fewer = run(Scenario(attrition=attrition, emigration=emigration))
    assert more["supply"] >= base["supply"] >= fewer["supply"]
    assert more["shortage"] <= base["shortage"] <= fewer["shortage"]


def test_parse_scenario_and_bad_input():
    assert parse_scenario("baseline") is BASELINE
    s = parse_scenario("training=2%,attrition=0.01,emigration=0.5%,start=2026")
    assert (s.training_growth, s.attrition, s.emigration, s.start_year) == (
        pytest.approx(0.02),
        0.01,
        pytest.approx(0.005),
        2026,
    )
    for text in ("training", "speed=1", "attrition=abc", "attrition=150%", "start=20x6"):
        with pytest.raises(InputError):
            parse_scenario(text)
    with pytest.raises(InputError):
        TrendRule(min_growth=0.1, max_growth=0.05)
    densities, population = frames({("AAA", DOC): flat(1.0)}, {"AAA": 1e6})
    with pytest.raises(YearOutOfRange):
        workforce_gap(densities, population, {"a": ["AAA"]}, regions={}, years=[2020])
