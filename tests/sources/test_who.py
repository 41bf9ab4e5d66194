"""WHO GHO connectors: GHED health expenditure and NHWA nursing/midwifery workforce."""

from __future__ import annotations

import pytest

from direct_parse import parse
from southsouth.errors import ParseError
from southsouth.sources.who import CHE_PER_CAPITA, DATASETS, EXTERNAL_SHARE, NURSING_MIDWIFERY
from warehouse_rows import indicators_declared, indicators_used, observed_row

IDS = [d.id for d in DATASETS]


@pytest.mark.golden
def test_values_match_the_raw_gho_exports(loaded):
    wh = loaded(*IDS)
    # GHED_CHE_pc_US_SHA2011 line 1790: COUNTRY,IND,…,2022,…,79.52,79.5151 (NumericValue kept)
    assert observed_row(wh, "IND", "who_ghed_che_per_capita_usd", 2022)["value"] == 79.5151
    # line 4517: COUNTRY,ZAF,…,2022,…,569.84,569.84076
    assert observed_row(wh, "ZAF", "who_ghed_che_per_capita_usd", 2022)["value"] == 569.84076
    # GHED_GGHE-DCHE_SHA2011 line 4272: COUNTRY,IND,…,2022,…,39.11,39.10879
    assert observed_row(wh, "IND", "who_ghed_gghe_d_pct_che", 2022)["value"] == 39.10879
    # NHWA line 11: HWF_0006 India 2020 = 17.48 per 10,000 (not rescaled to per 1,000)
    assert observed_row(wh, "IND", "who_nhwa_nursing_midwifery_per_10k", 2020)["value"] == 17.48
    # NHWA: HWF_0007 South Africa 2018 = 287458 ("287 458" in the display column)
    assert observed_row(wh, "ZAF", "who_nhwa_nursing_midwifery_count", 2018)["value"] == 287_458
    units = wh.query("SELECT indicator, unit FROM indicator").set_index("indicator")["unit"]
    assert units["who_nhwa_nursing_midwifery_per_10k"] == "per 10,000 people"


def test_aggregates_are_region_rows_not_observations(loaded):
    wh = loaded("who-ghed-che-per-capita", "who-ghed-government-share-che")
    codes = set(wh.query("SELECT DISTINCT country_iso3 FROM observation")["country_iso3"])
    assert {"GLOBAL", "AFR", "WB_HI", "WB_LI"}.isdisjoint(codes)
    assert len(codes) == 194
    # line 371: GLOBAL,GLOBAL,…,2022,…,1317.32,1317.31568
    world = wh.query(
        "SELECT value FROM region_observation WHERE region = 'World (WHO global)' "
        "AND indicator = 'who_ghed_che_per_capita_usd' AND year = 2022"
    )
    assert world["value"].tolist() == [1317.31568]
    regions = wh.query(
        "SELECT DISTINCT region FROM region_observation WHERE indicator = 'who_ghed_gghe_d_pct_che'"
    )
    assert len(regions) == 11  # global, 6 WHO regions, 4 World Bank income groups


def test_every_indicator_used_is_declared(loaded):
    wh = loaded(*IDS)
    used = indicators_used(wh)
    assert used == {s.id for d in DATASETS for s in d.indicators}
    assert used <= indicators_declared(wh)


def test_blank_values_are_reported(mirror, crosswalk):
    tables, inp = parse(EXTERNAL_SHARE, mirror, crosswalk)
    [issue] = inp.issues
    assert issue.kind == "blank-value" and "AND ×23" in issue.detail
    assert len(tables["observation"]) + len(tables["region_observation"]) + issue.count == 4637


def test_a_file_of_another_indicator_is_refused(mirror, crosswalk):
    other = mirror / EXTERNAL_SHARE.resources[0].mirror_path
    with pytest.raises(ParseError, match="expected indicator GHED_CHE_pc_US_SHA2011") as err:
        parse(CHE_PER_CAPITA, mirror, crosswalk, **{"data.csv": other})
    assert err.value.path == str(other)


def test_a_code_missing_from_who_country_list_is_refused(mirror, crosswalk, tmp_path):
    codes = tmp_path / "COUNTRY.csv"
    lines = (mirror / CHE_PER_CAPITA.resources[1].mirror_path).read_text().splitlines()
    codes.write_text("\n".join(line for line in lines if ",IND," not in line) + "\n")
    with pytest.raises(ParseError, match=r"not in WHO's country list: \['IND'\]"):
        parse(CHE_PER_CAPITA, mirror, crosswalk, **{"who-country-codes.csv": codes})


def test_truncated_nhwa_export_raises_parse_error_naming_it(mirror, crosswalk, tmp_path):
    source = mirror / NURSING_MIDWIFERY.resources[0].mirror_path
    cut = tmp_path / "nhwa.csv"
    data = source.read_bytes()
    opening = data.index(b',"Nursing and midwifery', 5000) + 2  # cut inside a quoted field
    cut.write_bytes(data[:opening])
    with pytest.raises(ParseError) as err:
        parse(NURSING_MIDWIFERY, mirror, crosswalk, **{"data.csv": cut})
    assert str(cut) in str(err.value)
