"""UN peacekeeping contributions: January 2021 ranking and yearly averages."""

from __future__ import annotations

import pandas as pd
import pytest

from direct_parse import change_line, parse_edited
from southsouth.errors import ParseError
from southsouth.sources.peacekeeping import YEARLY


@pytest.mark.golden
def test_bangladesh_is_top_contributor_on_31_january_2021(loaded):
    wh = loaded("un-peacekeeping-ranking-2021")
    snap = wh.query(
        "SELECT country_iso3, indicator, value, year, flag FROM observation "
        "WHERE source_id = 'un-peacekeeping-ranking-2021'"
    )
    assert set(snap["year"]) == {2021} and set(snap["flag"]) == {"as of 2021-01-31"}
    wide = snap.pivot(index="country_iso3", columns="indicator", values="value")
    assert len(wide) == 122
    top = wide.sort_values("unpko_contributor_rank").head(6)
    assert top.index.tolist() == ["BGD", "RWA", "ETH", "NPL", "IND", "PAK"]
    assert wide.loc["BGD", "unpko_uniformed_personnel"] == 6711
    assert wide.loc["BGD", "unpko_uniformed_personnel_female"] == 317
    assert wide.loc["RWA", "unpko_uniformed_personnel"] == 6378


def test_yearly_averages_sum_missions_and_flag_incomplete_years(loaded):
    wh = loaded("un-peacekeeping-personnel")
    bgd = wh.query(
        "SELECT indicator, year, value, flag FROM observation WHERE country_iso3 = 'BGD'"
    )
    total = bgd[bgd["indicator"] == "unpko_personnel_yearly_avg"].set_index("year")
    female = bgd[bgd["indicator"] == "unpko_female_personnel_yearly_avg"].set_index("year")
    assert total.loc[2011, "value"] == 10547 and female.loc[2011, "value"] == 187
    assert total.loc[2020, "value"] == 6569
    assert pd.isna(total.loc[2011, "flag"])
    assert total.loc[2017, "flag"] == "incomplete: months missing"
    assert total.loc[2021, "flag"] == "incomplete: January only"
    contributors = wh.query(
        "SELECT count(DISTINCT country_iso3) AS n FROM observation "
        "WHERE source_id = 'un-peacekeeping-personnel'"
    )
    assert contributors["n"].iloc[0] == 140


def test_non_numeric_average_names_file_and_line(mirror, tmp_path):
    edit = change_line(12, lambda line: line.rsplit(",", 1)[0] + ",n/a")
    with pytest.raises(ParseError) as err:
        parse_edited(YEARLY, mirror, tmp_path, "CountryByYear.csv", edit)
    assert err.value.path == str(tmp_path / "CountryByYear.csv") and err.value.line == 12
