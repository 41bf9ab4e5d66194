"""GML militarized interstate disputes 2.2.1 and COW inter-state wars 4.0."""

from __future__ import annotations

import json

import pytest

from direct_parse import change_line, parse_edited
from southsouth.errors import ParseError
from southsouth.sources.disputes import GML_MID


def test_india_pakistan_mids_are_directed_dyad_years(loaded):
    wh = loaded("gml-mid")
    ind_pak = wh.query(
        "SELECT * FROM relation WHERE source_id = 'gml-mid' AND country_a = 'IND' "
        "AND country_b = 'PAK' ORDER BY year_start, ref"
    )
    assert len(ind_pak) == 64 and ind_pak["ref"].nunique() == 39
    assert (ind_pak["year_start"] == ind_pak["year_end"]).all()
    assert ind_pak["directed"].all()
    first = ind_pak.iloc[0]
    assert (first["ref"], first["year_start"], first["value"]) == ("1077", 1947, 4.0)
    detail = json.loads(first["detail"])
    assert detail["side_a"] == 1 and detail["hiact"] == 14 and detail["fatality"] == 0
    assert detail["revtype2"] is None  # COW missing code -9
    assert detail["dispute"] == {
        "start_year": 1947,
        "start_month": 9,
        "outcome": 1,
        "settle": 2,
        "fatality": 0,
        "hiact": 14,
        "hostlev": 4,
        "mindur_days": 156,
        "maxdur_days": 156,
        "reciprocated": 0,
    }
    reverse = wh.query(
        "SELECT value FROM relation WHERE source_id = 'gml-mid' AND ref = '1077' "
        "AND country_a = 'PAK' AND year_start = 1947"
    )
    assert reverse["value"].tolist() == [1.0]


def test_gml_dyads_with_historical_states_are_dropped(loaded):
    wh = loaded("gml-mid")
    total = wh.query("SELECT count(*) AS n FROM relation WHERE source_id = 'gml-mid'")["n"]
    assert total.iloc[0] == 10276 - 538
    issues = json.loads(
        wh.query("SELECT issues FROM dataset_status WHERE dataset_id = 'gml-mid'")["issues"].iloc[0]
    )
    kinds = {i["kind"] for i in issues}
    assert "dropped-relation" in kinds
    assert "dispute-mismatch" not in kinds and "missing-dispute" not in kinds


@pytest.mark.golden
def test_india_pakistan_wars(loaded):
    wh = loaded("cow-interstate-war")
    wars = wh.query(
        "SELECT ref, year_start, detail FROM relation WHERE source_id = 'cow-interstate-war' "
        "AND country_a = 'IND' AND country_b = 'PAK' ORDER BY year_start"
    )
    assert sorted(set(wars["ref"])) == ["147", "166", "178", "223"]
    assert wars["year_start"].tolist() == [1947, 1948, 1949, 1965, 1971, 1999]
    war_1971 = json.loads(wars[wars["ref"] == "178"]["detail"].iloc[0])
    assert war_1971["battle_deaths"] == 3241 and war_1971["opponent_battle_deaths"] == 7982
    assert war_1971["outcome"] == 1


def test_dispute_file_with_a_broken_row_names_file_and_line(mirror, tmp_path):
    edit = change_line(8, lambda line: line + ",99,99")
    with pytest.raises(ParseError) as err:
        parse_edited(GML_MID, mirror, tmp_path, "gml_mid_disps.csv", edit)
    assert err.value.path == str(tmp_path / "gml_mid_disps.csv") and err.value.line == 8
