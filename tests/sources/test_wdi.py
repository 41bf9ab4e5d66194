"""World Bank WDI connectors: DataHub long files and World Bank bulk CSVs."""

from __future__ import annotations

import shutil

import pytest

from direct_parse import parse
from southsouth.errors import ParseError
from southsouth.sources.wdi import (
    DATASETS,
    WDI_GDP_PER_CAPITA,
    WDI_ODA_PCT_GNI,
    WDI_POPULATION,
    read_bulk,
)
from warehouse_rows import indicators_declared, indicators_used, observed_row

IDS = [d.id for d in DATASETS]
GDP_PCAP = "indicators/economy/wdi_API_NY.GDP.PCAP.CD_gdp_per_capita_current_usd.csv"


def value(wh, table, key, indicator, year):
    return observed_row(wh, key, indicator, year, table)["value"]


@pytest.mark.golden
def test_values_match_the_raw_files(loaded):
    wh = loaded(*IDS)
    # population.csv line 7150: "India,IND,2023,1438069596"
    assert value(wh, "observation", "IND", "wdi_population", 2023) == 1_438_069_596
    # gdp.csv: "Brazil,BRA,2023,2173665655937.2737"
    assert value(wh, "observation", "BRA", "wdi_gdp_current_usd", 2023) == pytest.approx(
        2_173_665_655_937.27
    )
    # API_NY.GDP.PCAP.CD line 35, column 2023: "10377.5892792557"
    assert value(wh, "observation", "BRA", "wdi_gdp_per_capita_current_usd", 2023) == (
        pytest.approx(10_377.5892792557)
    )
    # API_GB.XPD.RSDV.GD.ZS line 131 (Korea, Rep.), column 2023: "4.94352"
    assert value(wh, "observation", "KOR", "wdi_rd_expenditure_pct_gdp", 2023) == 4.94352
    # API_SP.POP.SCIE.RD.P6 line 131, column 2022: "9434.7613"
    assert value(wh, "observation", "KOR", "wdi_researchers_per_million", 2022) == 9434.7613
    # blank cells are absent, not zero: Brazil has no researcher count for 2023
    assert wh.query(
        "SELECT * FROM observation WHERE country_iso3 = 'BRA' "
        "AND indicator = 'wdi_researchers_per_million' AND year = 2023"
    ).empty


def test_aggregates_are_region_rows_not_observations(loaded):
    wh = loaded(*IDS)
    codes = set(wh.query("SELECT DISTINCT country_iso3 FROM observation")["country_iso3"])
    assert {"WLD", "SSF", "LMY", "HIC", "EUU", "ARB", "CHI"}.isdisjoint(codes)
    assert {"IND", "NAM", "XKX", "ZAF"} <= codes
    # population.csv line 16805: "World,WLD,2023,8064057930"
    assert value(wh, "region_observation", "World", "wdi_population", 2023) == 8_064_057_930
    assert value(
        wh, "region_observation", "Sub-Saharan Africa", "wdi_gdp_per_capita_current_usd", 2023
    ) == pytest.approx(1682.2261488119)
    per_year = wh.query(
        "SELECT count(*) AS n FROM observation WHERE indicator = 'wdi_population' AND year = 2023"
    )["n"].iloc[0]
    assert 210 <= per_year <= 217  # 265 entities minus 49 aggregates and the Channel Islands


def test_every_indicator_used_is_declared(loaded):
    wh = loaded(*IDS)
    used = indicators_used(wh)
    assert used == {s.id for d in DATASETS for s in d.indicators}
    assert used <= indicators_declared(wh)
    units = wh.query("SELECT indicator, unit FROM indicator").set_index("indicator")["unit"]
    assert units["wdi_rd_expenditure_pct_gdp"] == "% of GDP"


def test_parser_reports_the_aggregates_it_set_apart(mirror, crosswalk):
    tables, inp = parse(WDI_POPULATION, mirror, crosswalk)
    [issue] = inp.issues
    assert issue.kind == "not-a-country" and "WLD (World)" in issue.detail
    assert issue.count == len(tables["region_observation"])


def test_bulk_file_with_a_broken_line_raises_parse_error_naming_it(mirror, tmp_path):
    broken = tmp_path / "API_NY.GDP.PCAP.CD.csv"
    lines = (mirror / GDP_PCAP).read_text(encoding="utf-8-sig").splitlines(keepends=True)
    lines[40] = lines[40].rstrip("\n") + ',"1","2","3"\n'  # a row with too many fields
    broken.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(ParseError) as err:
        read_bulk(broken, "NY.GDP.PCAP.CD")
    assert str(broken) in str(err.value) and err.value.line == 41


def test_bulk_file_with_a_non_number_raises_parse_error_with_its_line(mirror, tmp_path):
    broken = tmp_path / "API_NY.GDP.PCAP.CD.csv"
    text = (mirror / GDP_PCAP).read_text(encoding="utf-8-sig")
    broken.write_text(text.replace('"10377.5892792557"', '"10377.58x"'), encoding="utf-8")
    with pytest.raises(ParseError) as err:
        read_bulk(broken, "NY.GDP.PCAP.CD")
    assert str(broken) in str(err.value) and err.value.line == 35  # Brazil's row


def test_truncated_or_foreign_bulk_files_are_refused(mirror, tmp_path):
    headless = tmp_path / "headless.csv"
    lines = (mirror / GDP_PCAP).read_text(encoding="utf-8-sig").splitlines(keepends=True)
    headless.write_text("".join(lines[4:]), encoding="utf-8")
    with pytest.raises(ParseError, match="World Bank preamble") as err:
        read_bulk(headless, "NY.GDP.PCAP.CD")
    assert err.value.path == str(headless)
    other = tmp_path / "other.csv"
    shutil.copy(mirror / GDP_PCAP, other)
    with pytest.raises(ParseError, match=r"expected indicator SP\.POP\.TOTL"):
        read_bulk(other, "SP.POP.TOTL")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(ParseError):
        read_bulk(empty, "NY.GDP.PCAP.CD")


def test_datasets_pin_the_mirror_files(mirror):
    from southsouth.provenance import sha256_file

    for dataset in DATASETS:
        for res in dataset.resources:
            assert sha256_file(mirror / res.mirror_path) == res.sha256, res.mirror_path
            assert res.url and res.url.startswith("https://raw.githubusercontent.com/")
    assert WDI_GDP_PER_CAPITA.domain == "indicators"


@pytest.mark.golden
def test_oda_received_pct_gni_matches_the_raw_file(loaded):
    wh = loaded("wdi-oda-pct-gni")
    # API_DT.ODA.ODAT.GN.ZS line 8 (Afghanistan), column 2019: "22.4335080011397"
    assert value(wh, "observation", "AFG", "wdi_oda_received_pct_gni", 2019) == 22.4335080011397
    # line 174 (Malawi) and line 78 (Ethiopia), column 2019
    assert value(wh, "observation", "MWI", "wdi_oda_received_pct_gni", 2019) == 11.2245545837045
    assert value(wh, "observation", "ETH", "wdi_oda_received_pct_gni", 2019) == 5.04597025556775
    per_year = wh.query(
        "SELECT year, count(*) AS n FROM observation "
        "WHERE indicator = 'wdi_oda_received_pct_gni' GROUP BY year"
    ).set_index("year")["n"]
    assert per_year.index.max() == 2019  # the 2020 column is empty
    assert per_year[2019] == 131  # 175 entities have a 2019 value; 44 are WB aggregates
    assert WDI_ODA_PCT_GNI.domain == "finance"
