"""Pew Global Restrictions on Religion 2007–2014."""

from __future__ import annotations

import pytest

from direct_parse import change_line, parse_edited
from southsouth.errors import ParseError
from southsouth.sources.pew import PEW_RELIGION


def test_indices_and_items_for_afghanistan(loaded):
    wh = loaded("pew-religious-restrictions")
    afg = wh.query(
        "SELECT indicator, value FROM observation WHERE country_iso3 = 'AFG' AND year = 2007"
    ).set_index("indicator")["value"]
    assert afg["pew_gri"] == pytest.approx(5.3)
    assert afg["pew_shi"] == pytest.approx(8.5)
    assert afg["pew_gri_q01"] == pytest.approx(0.5)
    assert afg["pew_gri_q04"] == pytest.approx(0.67)
    assert afg["pew_gri_q10"] == 0
    assert len(afg) == 12


def test_every_country_maps_and_coverage_is_as_published(loaded):
    wh = loaded("pew-religious-restrictions")
    per_year = wh.query(
        "SELECT year, count(DISTINCT country_iso3) AS n FROM observation "
        "WHERE indicator = 'pew_gri' GROUP BY year ORDER BY year"
    ).set_index("year")["n"]
    assert per_year[2007] == 197 and per_year[2010] == 197
    assert per_year[2011] == 198 and per_year[2014] == 198
    territories = wh.query(
        "SELECT DISTINCT country_iso3 FROM observation WHERE source_id = "
        "'pew-religious-restrictions' AND country_iso3 IN ('HKG','MAC','TWN','ESH','PSE','XKX')"
    )
    assert len(territories) == 6
    issues = wh.query(
        "SELECT issues FROM dataset_status WHERE dataset_id = 'pew-religious-restrictions'"
    )["issues"].iloc[0]
    assert issues == "[]"


def test_saudi_arabia_and_netherlands_2014(loaded):
    wh = loaded("pew-religious-restrictions")
    gri = wh.query(
        "SELECT country_iso3, value FROM observation WHERE indicator = 'pew_gri' AND year = 2014"
    ).set_index("country_iso3")["value"]
    assert gri["SAU"] == pytest.approx(7.6)
    assert gri["NLD"] == pytest.approx(1.4)


def test_row_with_an_extra_field_names_file_and_line(mirror, tmp_path):
    edit = change_line(10, lambda line: line + ",1")
    with pytest.raises(ParseError) as err:
        parse_edited(PEW_RELIGION, mirror, tmp_path, "pew_restrictions.csv", edit)
    assert err.value.path == str(tmp_path / "pew_restrictions.csv") and err.value.line == 10
