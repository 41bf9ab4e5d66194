"""The country registry built from the mirror's code lists."""

from __future__ import annotations


def test_country_table_has_codes_regions_and_capitals(loaded):
    wh = loaded("countries")
    row = wh.query("SELECT * FROM country WHERE iso3 = 'ZAF'").iloc[0]
    assert row["iso2"] == "ZA" and row["m49"] == 710
    assert row["region"] == "Africa" and row["subregion"] == "Sub-Saharan Africa"
    assert row["intermediate_region"] == "Southern Africa"
    assert row["capital"] == "Pretoria"
    assert abs(row["capital_lat"] - (-25.7)) < 0.1
    assert row["m49_developing"] and row["independent"] and row["un_member"]
    assert row["income_group"] == "Upper middle income"


def test_namibia_is_not_lost_to_na_parsing(loaded):
    wh = loaded("countries")
    assert wh.query("SELECT iso2 FROM country WHERE iso3 = 'NAM'")["iso2"].tolist() == ["NA"]
    codes = wh.query("SELECT code FROM country_code WHERE iso3 = 'NAM' AND scheme = 'iso2'")
    assert codes["code"].tolist() == ["NA"]


def test_ldc_flags_match_un_list(loaded):
    wh = loaded("countries")
    flags = wh.query(
        "SELECT iso3, ldc, lldc, sids FROM country WHERE iso3 IN ('AFG','ETH','BOL','JAM','BGD')"
    ).set_index("iso3")
    assert flags.loc["AFG", "ldc"] and flags.loc["AFG", "lldc"]
    assert flags.loc["BOL", "lldc"] and not flags.loc["BOL", "ldc"]
    assert flags.loc["JAM", "sids"] and not flags.loc["JAM", "ldc"]
    assert flags.loc["BGD", "ldc"] and not flags.loc["BGD", "lldc"]


def test_borders_are_symmetric_land_borders(loaded):
    wh = loaded("countries")
    pairs = wh.query("SELECT iso3, neighbour_iso3 FROM border")
    as_set = set(zip(pairs["iso3"], pairs["neighbour_iso3"], strict=True))
    assert ("IND", "PAK") in as_set and ("BGD", "IND") in as_set
    asymmetric = [(a, b) for a, b in as_set if (b, a) not in as_set]
    assert asymmetric == []


def test_kosovo_uses_user_assigned_code(loaded):
    wh = loaded("countries")
    row = wh.query("SELECT name, un_member FROM country WHERE iso3 = 'XKX'").iloc[0]
    assert row["name"] == "Kosovo" and not row["un_member"]
