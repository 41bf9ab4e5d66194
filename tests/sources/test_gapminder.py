"""Gapminder DDF connectors: systema_globalis WDI/WIPO series and fasttrack population/GDP."""

from __future__ import annotations

import pytest

from direct_parse import parse
from southsouth.errors import ParseError
from southsouth.sources.gapminder import DATASETS, PATENTS, PHYSICIANS, POPULATION
from warehouse_rows import observed_row

IDS = [d.id for d in DATASETS]


@pytest.mark.golden
def test_china_2023_population_is_the_wpp_2024_figure(loaded):
    wh = loaded("gapminder-population", "gapminder-gdp-per-capita-ppp")
    row = observed_row(wh, "CHN", "gapminder_population", 2023)
    assert row["value"] == 1_422_584_933 and row["flag"] is None
    # projections to 2100, flagged: the 2030 health-workforce projections need them
    projected = observed_row(wh, "IND", "gapminder_population", 2030)  # raw: "ind,2030,1525138844"
    assert projected["value"] == 1_525_138_844 and projected["flag"] == "projection"
    assert observed_row(wh, "NGA", "gapminder_population", 2100)["flag"] == "projection"
    # the Holy See's Gapminder id is "hos"; the geo table maps it to VAT ("hos,1800,905")
    assert observed_row(wh, "VAT", "gapminder_population", 1800)["value"] == 905
    assert observed_row(wh, "CHN", "gapminder_gdp_per_capita_ppp_2021", 2030)["value"] > 0


def test_systema_globalis_values_and_special_geo_ids(loaded):
    wh = loaded(
        "gapminder-internet-users",
        "gapminder-military-expenditure",
        "gapminder-arms-imports",
        "gapminder-external-debt",
    )
    # sg_MS.MIL.XPND.GD.ZS: "afg,1970,1.62961" — percent, not a fraction
    assert observed_row(wh, "AFG", "gapminder_milex_pct_gdp", 1970)["value"] == 1.62961
    # sg_MS.MIL.MPRT.KD: "afg,1960,39000000"
    assert observed_row(wh, "AFG", "gapminder_arms_imports_tiv", 1960)["value"] == 39_000_000
    # sg_DT.DOD.DECT.CD: "afg,2006,979344507.8"
    assert observed_row(wh, "AFG", "gapminder_external_debt_usd", 2006)["value"] == 979_344_507.8
    codes = set(wh.query("SELECT DISTINCT country_iso3 FROM observation")["country_iso3"])
    assert {"XKX", "CUW"} <= codes  # Gapminder ids "kos" and "nld_curacao"
    assert all(len(c) == 3 and c.isupper() for c in codes)


def test_historical_geo_ids_are_reported_not_loaded(mirror, crosswalk):
    tables, inp = parse(PATENTS, mirror, crosswalk)
    [issue] = inp.issues
    assert issue.kind == "unmapped-code"
    assert "cheslo" in issue.detail and "ussr" in issue.detail and "yug" in issue.detail
    assert issue.count == 48
    raw_rows = 4775
    assert len(tables["observation"]) == raw_rows - 48
    _, inp = parse(PHYSICIANS, mirror, crosswalk)
    assert [i.detail.rsplit(": ", 1)[1] for i in inp.issues] == ["chanisl"]


def test_every_indicator_used_is_declared_with_a_unit(loaded):
    wh = loaded(*IDS)
    declared = wh.query("SELECT indicator, unit FROM indicator").set_index("indicator")["unit"]
    used = set(wh.query("SELECT DISTINCT indicator FROM observation")["indicator"])
    assert used == {s.id for d in DATASETS for s in d.indicators}
    assert used <= set(declared.index)
    assert declared["gapminder_milex_pct_gdp"] == "% of GDP"
    assert declared["gapminder_physicians_per_1000"] == "per 1,000 people"


def test_a_non_numeric_value_raises_parse_error_naming_the_file(mirror, crosswalk, tmp_path):
    broken = tmp_path / "pop.csv"
    source = mirror / POPULATION.resources[0].mirror_path
    broken.write_text(
        source.read_text().replace("chn,2023,1422584933", "chn,2023,1.4bn"), encoding="utf-8"
    )
    with pytest.raises(ParseError) as err:
        parse(POPULATION, mirror, crosswalk, **{"data.csv": broken})
    assert str(broken) in str(err.value) and err.value.line is not None


def test_a_file_with_another_layout_is_refused(mirror, crosswalk, tmp_path):
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("geo,year,pop\nafg,2000,1\n", encoding="utf-8")
    with pytest.raises(ParseError, match="missing columns"):
        parse(POPULATION, mirror, crosswalk, **{"data.csv": wrong})
