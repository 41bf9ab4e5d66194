"""SIPRI Military Expenditure Database 2024 extracts: countries and regional totals."""

from __future__ import annotations

import pytest

from direct_parse import parse
from southsouth.errors import ParseError
from southsouth.sources.sipri import DATASETS, MILEX_COUNTRIES, MILEX_REGIONS

IDS = [d.id for d in DATASETS]


@pytest.mark.golden
def test_2023_world_total_and_country_sum(loaded):
    wh = loaded(*IDS)
    world = wh.query(
        "SELECT value FROM region_observation WHERE region = 'World' "
        "AND indicator = 'sipri_milex_current_usd_bn' AND year = 2023"
    )
    assert round(world["value"].iloc[0], 1) == 2443.4  # SIPRI's world total, US$ bn
    countries = wh.query(
        "SELECT sum(value) / 1000 AS bn FROM observation "
        "WHERE indicator = 'sipri_milex_current_usd_m' AND year = 2023"
    )["bn"].iloc[0]
    eu = wh.query(
        "SELECT value / 1000 AS bn FROM region_observation WHERE region = 'European Union' "
        "AND indicator = 'sipri_milex_current_usd_m' AND year = 2023"
    )["bn"].iloc[0]
    # SOURCES.md's 2,387.6 bn sums every row of the extract, which includes the EU's own
    # line (US$ 1.0 bn); the EU is not a country, so it sits in region_observation.
    assert round(countries, 1) == 2386.6
    assert round(countries + eu, 1) == 2387.6
    constant = wh.query(
        "SELECT value, note FROM region_observation WHERE region = 'Africa' "
        "AND indicator = 'sipri_milex_constant_2022_usd_bn' AND year = 2023"
    ).iloc[0]
    assert constant["value"] == pytest.approx(48.353139, abs=1e-6)
    assert constant["note"] == "countries SIPRI omits from this total: Djibouti, Eritrea, Somalia"


def test_country_values_flags_and_units(loaded):
    wh = loaded("sipri-milex-2024")
    rows = wh.query(
        "SELECT country_iso3, indicator, value, flag FROM observation WHERE year = 2023 "
        "AND country_iso3 IN ('USA', 'CHN', 'KOR', 'TUR', 'COD', 'CIV', 'DZA')"
    ).set_index(["country_iso3", "indicator"])
    assert rows.loc[("CHN", "sipri_milex_current_usd_m"), "flag"] == "estimate"
    assert rows.loc[("USA", "sipri_milex_current_usd_m"), "flag"] is None
    # extract: "Algeria,…,2023,milex_current_usd_millions,18263.96796826213"
    assert rows.loc[("DZA", "sipri_milex_current_usd_m"), "value"] == pytest.approx(18263.96797)
    assert {iso for iso, _ in rows.index} == {"USA", "CHN", "KOR", "TUR", "COD", "CIV", "DZA"}
    share = rows.xs("sipri_milex_share_of_gdp", level="indicator")["value"]
    assert share.between(0, 0.2).all()  # a fraction, not a percentage
    flags = wh.query("SELECT DISTINCT flag FROM observation WHERE flag IS NOT NULL")["flag"]
    assert set(flags) == {"estimate", "highly_uncertain"}
    units = wh.query("SELECT indicator, unit FROM indicator").set_index("indicator")["unit"]
    assert units["sipri_milex_share_of_gdp"].startswith("fraction of GDP")


def test_no_value_cells_and_non_countries_are_reported(mirror, crosswalk):
    tables, inp = parse(MILEX_COUNTRIES, mirror, crosswalk)
    kinds = {i.kind: i for i in inp.issues}
    assert set(kinds) == {"no-value"}  # every name with a value maps to a country
    assert sum(i.count for i in inp.issues) == 154 + 56
    assert len(tables["observation"]) + len(tables["region_observation"]) == 1530
    assert set(tables["region_observation"]["region"]) == {"European Union"}


def test_every_indicator_used_is_declared(loaded):
    wh = loaded(*IDS)
    declared = set(wh.query("SELECT indicator FROM indicator")["indicator"])
    used = set(wh.query("SELECT DISTINCT indicator FROM observation")["indicator"])
    used |= set(wh.query("SELECT DISTINCT indicator FROM region_observation")["indicator"])
    assert used == {s.id for d in DATASETS for s in d.indicators} and used <= declared
    assert "gapminder_milex_pct_gdp" not in used  # the percent series is another id


def test_unknown_measure_or_flag_is_refused(mirror, crosswalk, tmp_path):
    source = mirror / MILEX_COUNTRIES.resources[0].mirror_path
    text = source.read_text(encoding="utf-8")
    renamed = tmp_path / "measure.csv"
    renamed.write_text(text.replace("milex_share_of_gdp", "milex_pct_gdp", 1), encoding="utf-8")
    with pytest.raises(ParseError, match="milex_pct_gdp"):
        parse(MILEX_COUNTRIES, mirror, crosswalk, **{"countries.csv": renamed})
    coloured = tmp_path / "flag.csv"
    coloured.write_text(text.replace(",highly_uncertain", ",green", 1), encoding="utf-8")
    with pytest.raises(ParseError, match="sipri_flag") as err:
        parse(MILEX_COUNTRIES, mirror, crosswalk, **{"countries.csv": coloured})
    assert err.value.path == str(coloured)


def test_empty_regional_total_raises_parse_error_with_line(mirror, crosswalk, tmp_path):
    source = mirror / MILEX_REGIONS.resources[0].mirror_path
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    fields = lines[6].split(",")  # file line 7: World, 2023, current_2023_usd
    fields[3] = ""
    lines[6] = ",".join(fields)
    broken = tmp_path / "regions.csv"
    broken.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(ParseError) as err:
        parse(MILEX_REGIONS, mirror, crosswalk, **{"regions.csv": broken})
    assert err.value.line == 7 and str(broken) in str(err.value)
