"""UCDP/PRIO Armed Conflict Dataset v25.1."""

from __future__ import annotations

import json

import pytest

from direct_parse import change_line, parse_edited
from southsouth.errors import ParseError
from southsouth.sources.ucdp import UCDP_ACD


@pytest.mark.golden
def test_india_pakistan_conflict_years(loaded):
    wh = loaded("ucdp-acd")
    rows = wh.query(
        "SELECT year_start, year_end, value, ref, detail, directed FROM relation "
        "WHERE source_id = 'ucdp-acd' AND country_a = 'IND' AND country_b = 'PAK' "
        "ORDER BY year_start"
    )
    years = rows["year_start"].tolist()
    assert {1948, 1965, 1971, 2020} <= set(years) and len(years) == 27
    assert (rows["year_start"] == rows["year_end"]).all() and not rows["directed"].any()
    assert set(rows["ref"]) == {"218"}
    wars = rows[rows["value"] == 2]["year_start"].tolist()
    assert wars == [1948, 1965, 1971]
    assert json.loads(rows["detail"].iloc[0])["incompatibility"] == "territory"


def test_supporting_states_and_russia_ukraine(loaded):
    wh = loaded("ucdp-acd")
    rows = wh.query(
        "SELECT year_start, value, detail FROM relation WHERE source_id = 'ucdp-acd' "
        "AND country_a = 'RUS' AND country_b = 'UKR' ORDER BY year_start"
    )
    assert rows["year_start"].tolist() == [2022, 2023, 2024]
    assert rows["value"].tolist() == [2.0, 2.0, 2.0]
    assert json.loads(rows["detail"].iloc[2])["side_a_2nd"] == ["PRK"]
    interstate = wh.query("SELECT count(*) AS n FROM relation WHERE source_id = 'ucdp-acd'")
    assert interstate["n"].iloc[0] == 161 - 14  # pairs with Hyderabad/South Yemen/Vietnam


def test_intrastate_conflict_by_country_year(loaded):
    wh = loaded("ucdp-acd")
    india = wh.query(
        "SELECT indicator, year, value FROM observation WHERE country_iso3 = 'IND' "
        "AND source_id = 'ucdp-acd'"
    )
    count = india[india["indicator"] == "ucdp_intrastate_conflict_count"].set_index("year")
    intensity = india[india["indicator"] == "ucdp_intrastate_conflict_intensity"].set_index("year")
    assert count.loc[1994, "value"] == 6 and count["value"].max() == 6
    assert (count.loc[2008, "value"], intensity.loc[2008, "value"]) == (5, 1)
    assert (count.loc[1990, "value"], intensity.loc[1990, "value"]) == (4, 2)
    assert set(intensity["value"]) <= {1.0, 2.0}
    assert set(count.index) == set(intensity.index)
    afg = wh.query(
        "SELECT value FROM observation WHERE country_iso3 = 'AFG' AND year = 1980 "
        "AND indicator = 'ucdp_intrastate_conflict_intensity'"
    )
    assert afg["value"].tolist() == [2.0]


def test_unknown_intensity_text_names_file_and_line(mirror, tmp_path):
    edit = change_line(3, lambda line: line.replace(",territory,1,", ",territory,minor,", 1))
    with pytest.raises(ParseError) as err:
        parse_edited(UCDP_ACD, mirror, tmp_path, "ucdp_acd.csv", edit)
    assert err.value.line == 3 and "intensity_level" in str(err.value)
