"""AidData GCDF 3.0: country totals, country-years and world flows."""

from __future__ import annotations

import json

import pytest

from direct_parse import change_line, parse_edited
from southsouth.errors import ParseError
from southsouth.sources.aiddata import COUNTRY_YEAR

FLOWS = ("gcdf3_oof_commitments", "gcdf3_oda_commitments", "gcdf3_vof_commitments")


@pytest.mark.golden
def test_top_recipients_2000_2021(loaded):
    wh = loaded("aiddata-gcdf3-country-totals")
    totals = wh.query(
        "SELECT country_iso3, value, year, flag FROM observation "
        "WHERE indicator = 'gcdf3_commitments_2000_2021' ORDER BY value DESC"
    )
    assert set(totals["year"]) == {2021} and set(totals["flag"]) == {"total 2000–2021"}
    assert len(totals) == 145
    top = totals.head(6)
    assert top["country_iso3"].tolist() == ["RUS", "ARG", "VEN", "PAK", "AGO", "KAZ"]
    assert [round(v, 1) for v in top["value"]] == [169.6, 138.8, 112.9, 102.9, 65.1, 64.1]
    rates = wh.query(
        "SELECT count(*) AS n FROM observation WHERE indicator = "
        "'gcdf3_weighted_interest_rate_2000_2021'"
    )
    assert rates["n"].iloc[0] == 145 - 22


@pytest.mark.golden
def test_country_years_sum_to_the_country_totals(loaded):
    wh = loaded("aiddata-gcdf3-country-year", "aiddata-gcdf3-country-totals")
    sums = wh.query(
        "SELECT country_iso3, sum(value) / 1e9 AS bn FROM observation "
        f"WHERE indicator IN {FLOWS} GROUP BY country_iso3"
    ).set_index("country_iso3")["bn"]
    assert round(sums["RUS"], 1) == 169.6
    totals = wh.query(
        "SELECT country_iso3, value FROM observation "
        "WHERE indicator = 'gcdf3_commitments_2000_2021'"
    ).set_index("country_iso3")["value"]
    common = sums.index.intersection(totals.index)
    # 138 COW-coded recipients; Micronesia (FSM) is absent from the Teal Insights totals.
    assert len(common) == 137 and set(sums.index) - set(totals.index) == {"FSM"}
    assert (sums[common] - totals[common]).abs().max() < 1e-6
    years = wh.query(
        "SELECT min(year) AS lo, max(year) AS hi FROM observation "
        "WHERE source_id = 'aiddata-gcdf3-country-year'"
    ).iloc[0]
    assert (years["lo"], years["hi"]) == (2000, 2021)


def test_world_flows_by_class(loaded):
    wh = loaded("aiddata-gcdf3-world-flows")
    world = wh.query(
        "SELECT region, indicator, year, value FROM region_observation "
        "WHERE source_id = 'aiddata-gcdf3-world-flows'"
    )
    assert set(world["region"]) == {"World"} and len(world) == 66
    oof_2000 = world[(world["year"] == 2000) & (world["indicator"].str.endswith("oof_like"))]
    assert oof_2000["value"].iloc[0] == pytest.approx(3.9918550, abs=1e-6)
    assert world["value"].sum() == pytest.approx(1505.44, abs=0.01)
    status = wh.query(
        "SELECT issues FROM dataset_status WHERE dataset_id = 'aiddata-gcdf3-world-flows'"
    )
    assert json.loads(status["issues"].iloc[0]) == []


def test_truncated_row_names_file_and_line(mirror, tmp_path):
    edit = change_line(41, lambda line: line + ",0,0")
    with pytest.raises(ParseError) as err:
        parse_edited(COUNTRY_YEAR, mirror, tmp_path, "cow_gcdf.csv", edit)
    assert err.value.path == str(tmp_path / "cow_gcdf.csv") and err.value.line == 41
