"""U.S. foreign assistance by country (ForeignAssistance.gov), US fiscal years."""

from __future__ import annotations

import pytest

from direct_parse import change_line, parse, parse_edited
from southsouth.errors import ParseError
from southsouth.sources.us_foreign_aid import FISCAL_YEAR_FLAG, US_FOREIGN_AID
from warehouse_rows import observed_row

NAME = "us_foreign_aid_country.csv"


@pytest.mark.golden
def test_amounts_match_the_raw_file(loaded):
    wh = loaded("us-foreign-aid")
    # line 20469: UKR,Ukraine,…,3,Disbursements,2023,16444693992,15684922470
    ukraine = observed_row(wh, "UKR", "us_aid_disbursements_usd", 2023)
    assert ukraine["value"] == 16_444_693_992 and ukraine["flag"] == FISCAL_YEAR_FLAG
    assert observed_row(wh, "UKR", "us_aid_disbursements_constant_2022_usd", 2023)["value"] == (
        15_684_922_470
    )
    # line 20445: UKR …,2,Obligations,2023,16704062225,…
    assert observed_row(wh, "UKR", "us_aid_obligations_usd", 2023)["value"] == 16_704_062_225
    # line 9689 (Jordan) and line 6380 (Ethiopia), disbursements FY2023
    assert observed_row(wh, "JOR", "us_aid_disbursements_usd", 2023)["value"] == 1_653_932_483
    assert observed_row(wh, "ETH", "us_aid_disbursements_usd", 2023)["value"] == 1_956_502_186
    # CS-KM is Kosovo
    assert observed_row(wh, "XKX", "us_aid_obligations_usd", 2023)["value"] > 0
    spans = wh.query(
        "SELECT indicator, min(year) AS first, max(year) AS last, count(DISTINCT country_iso3) "
        "AS countries FROM observation WHERE source_id = 'us-foreign-aid' GROUP BY indicator"
    ).set_index("indicator")
    assert spans.loc["us_aid_obligations_usd"].tolist() == [1946, 2024, 207]
    assert spans.loc["us_aid_disbursements_usd"].tolist() == [2001, 2024, 208]
    flags = wh.query("SELECT DISTINCT flag FROM observation WHERE source_id = 'us-foreign-aid'")
    assert flags["flag"].tolist() == [FISCAL_YEAR_FLAG]


def test_regions_and_defunct_entities_are_kept_apart(loaded):
    wh = loaded("us-foreign-aid")
    codes = set(wh.query("SELECT DISTINCT country_iso3 FROM observation")["country_iso3"])
    assert {"WLD", "AFR", "SSN", "NULL", "CS-KM"}.isdisjoint(codes)
    world = observed_row(wh, "World", "us_aid_obligations_usd", 2023, "region_observation")
    assert "WLD" in world["note"] and "fiscal year" in world["note"]
    soviet = wh.query(
        "SELECT year FROM region_observation WHERE region = 'Soviet Union (former)' "
        "AND indicator = 'us_aid_obligations_usd' ORDER BY year"
    )["year"].tolist()
    assert soviet == [1946, 1947, 1990]


def test_parser_reports_what_it_did_not_load(mirror, crosswalk):
    tables, inp = parse(US_FOREIGN_AID, mirror, crosswalk)
    issues = {i.detail.split(":")[0]: i for i in inp.issues}
    planning = issues["transaction types not loaded"]
    assert planning.count == 2742 + 2574  # appropriated and planned, budget requests
    quarter = next(i for i in inp.issues if "1976tq" in i.detail)
    assert quarter.count == 98
    assert (tables["observation"]["year"] == 1976).any()  # FY1976 itself is loaded
    assert sum(len(t) for t in tables.values()) == 2 * (11545 + 5081 - 98)


def test_non_numeric_amount_names_file_and_line(mirror, tmp_path, crosswalk):
    edit = change_line(20469, lambda line: line.replace(",16444693992,", ",16.4bn,"))
    with pytest.raises(ParseError) as err:
        parse_edited(US_FOREIGN_AID, mirror, tmp_path, NAME, edit, crosswalk)
    assert err.value.path == str(tmp_path / NAME) and err.value.line == 20469
    assert "current_amount" in str(err.value) and "16.4bn" in str(err.value)


def test_bad_fiscal_year_names_its_line(mirror, tmp_path, crosswalk):
    edit = change_line(2, lambda line: line.replace(",1999,", ",FY99,"))
    with pytest.raises(ParseError) as err:
        parse_edited(US_FOREIGN_AID, mirror, tmp_path, NAME, edit, crosswalk)
    assert err.value.line == 2 and "Fiscal Year" in str(err.value)
