"""COW Direct Contiguity v3.2."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from direct_parse import change_line, parse_edited
from southsouth.errors import ParseError
from southsouth.sources.contiguity import COW_CONTIGUITY


def test_india_borders_and_open_ended_relationships(loaded):
    wh = loaded("cow-contiguity")
    india = wh.query(
        "SELECT country_a, country_b, year_start, year_end, value, detail FROM relation "
        "WHERE source_id = 'cow-contiguity' AND 'IND' IN (country_a, country_b)"
    )
    partner = india.apply(
        lambda r: r["country_b"] if r["country_a"] == "IND" else r["country_a"], axis=1
    )
    by_partner = india.assign(partner=partner).set_index("partner")
    for land in ("PAK", "CHN", "NPL", "BTN", "MMR"):
        assert by_partner.loc[land, "value"] == 1, land
    assert by_partner.loc["PAK", "year_start"] == 1947
    assert pd.isna(by_partner.loc["PAK", "year_end"])
    assert json.loads(by_partner.loc["PAK", "detail"]) == {"start": "1947-08", "end": "2016-12"}
    assert by_partner.loc["LKA", "value"] == 2  # Palk Strait, ≤ 12 miles of water
    assert not india["country_a"].eq(india["country_b"]).any()


def test_pairs_are_loaded_once_and_filler_rows_are_not(loaded):
    wh = loaded("cow-contiguity")
    rel = wh.query("SELECT * FROM relation WHERE source_id = 'cow-contiguity'")
    assert set(rel["value"]) == {1.0, 2.0, 3.0, 4.0, 5.0}
    assert not rel["directed"].any()
    reversed_pairs = set(zip(rel["country_b"], rel["country_a"], rel["year_start"], strict=True))
    pairs = set(zip(rel["country_a"], rel["country_b"], rel["year_start"], strict=True))
    assert not pairs & reversed_pairs
    # (1,874 rows - 180 conttype-0 rows) / 2 directions - 99 with a historical state
    assert len(rel) == (1874 - 180) // 2 - 99


def test_malformed_date_names_file_and_line(mirror, tmp_path):
    edit = change_line(5, lambda line: line.replace("-01,", "-1x,", 1))
    with pytest.raises(ParseError) as err:
        parse_edited(COW_CONTIGUITY, mirror, tmp_path, "cow_contdir.csv", edit)
    assert err.value.path == str(tmp_path / "cow_contdir.csv") and err.value.line == 5
    assert "not a date" in str(err.value)
