"""Our World in Data CO2 and greenhouse-gas emissions, December 2020 edition."""

from __future__ import annotations

import pytest

from direct_parse import change_line, parse, parse_edited, replace_first
from southsouth.errors import ParseError
from southsouth.sources.owid_co2 import OWID_CO2
from warehouse_rows import observed_row

DATA = "owid-co2-data.csv"


@pytest.mark.golden
def test_values_match_the_raw_file(loaded):
    wh = loaded("owid-co2-2020")

    def value(iso3: str, indicator: str, year: int) -> float:
        return observed_row(wh, iso3, indicator, year)["value"]

    # line 4642: CHN,China,2018,10064.686,…,7.05,,27.52,210201.18,13.073,…
    assert value("CHN", "owid_co2_mt", 2018) == 10064.686
    assert value("CHN", "owid_co2_per_capita_t", 2018) == 7.05
    assert value("CHN", "owid_co2_share_global_pct", 2018) == 27.52
    assert value("CHN", "owid_co2_cumulative_mt", 2018) == 210201.18
    assert value("CHN", "owid_co2_cumulative_share_global_pct", 2018) == 13.073
    # line 22894: USA,United States,2018,5416.278,…
    assert value("USA", "owid_co2_mt", 2018) == 5416.278
    # line 10589: IND,India,2016,2371.752,…,2176.918 (consumption), …, 3235.66 (GHG), 2.443
    assert value("IND", "owid_consumption_co2_mt", 2016) == 2176.918
    assert value("IND", "owid_total_ghg_mt", 2016) == 3235.66
    assert value("IND", "owid_ghg_per_capita_t", 2016) == 2.443
    # OWID_KOS is Kosovo (line 12154: 8.887 Mt in 2018)
    assert value("XKX", "owid_co2_mt", 2018) == 8.887
    counts = wh.query(
        "SELECT indicator, count(DISTINCT country_iso3) AS n, min(year) AS first, "
        "max(year) AS last FROM observation WHERE source_id = 'owid-co2-2020' GROUP BY indicator"
    ).set_index("indicator")
    assert counts.loc["owid_co2_mt"].tolist() == [221, 1751, 2018]
    assert counts.loc["owid_total_ghg_mt"].tolist() == [190, 1990, 2016]
    codes = set(wh.query("SELECT DISTINCT country_iso3 FROM observation")["country_iso3"])
    assert not any(c.startswith("OWID") for c in codes) and "" not in codes


def test_aggregates_are_dropped_and_reported(mirror, crosswalk):
    tables, inp = parse(OWID_CO2, mirror, crosswalk)
    [issue] = inp.issues
    assert issue.kind == "not-a-country"
    for name in ("World (OWID_WRL)", "Africa", "EU-27", "International transport", "Non-OECD"):
        assert name in issue.detail
    assert "Kosovo" not in issue.detail
    # 4,599 rows without a code, 268 of OWID_WRL (World) and 26 of ANT (Netherlands Antilles)
    assert issue.count == 4599 + 268 + 26 and len(tables["observation"]) > 0


def test_damaged_files_raise_parse_error(mirror, tmp_path, crosswalk):
    edit = change_line(4642, lambda line: line.replace(",10064.686,", ",ten,"))
    with pytest.raises(ParseError) as err:
        parse_edited(OWID_CO2, mirror, tmp_path, DATA, edit, crosswalk)
    assert err.value.path == str(tmp_path / DATA) and err.value.line == 4642
    assert "'co2'" in str(err.value)
    wrong_book = replace_first("\ntotal_ghg,", "\ntotal_ghg_incl_land_use,")
    with pytest.raises(ParseError, match=r"codebook does not define \['total_ghg'\]"):
        parse_edited(OWID_CO2, mirror, tmp_path, "owid-co2-codebook.csv", wrong_book, crosswalk)
