"""Strategic rivalries: Thompson & Dreyer (2012) and Thompson, Sakuwa & Suhas (2021)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from direct_parse import change_line, parse, parse_edited
from southsouth.errors import ParseError
from southsouth.sources.rivalries import TD_RIVALRIES, TSS_RIVALRIES


def _pair(wh, source: str, a: str, b: str):
    return wh.query(
        "SELECT * FROM relation WHERE source_id = ? AND kind = 'rivalry' AND "
        "((country_a = ? AND country_b = ?) OR (country_a = ? AND country_b = ?))",
        [source, a, b, b, a],
    )


@pytest.mark.golden
@pytest.mark.parametrize(("source", "end"), [("td-rivalries", 2010), ("tss-rivalries", 2020)])
def test_south_asian_rivalries_are_ongoing_and_india_bangladesh_absent(loaded, source, end):
    wh = loaded(source)
    for a, b, start in (("IND", "PAK", 1947), ("CHN", "IND", 1948), ("AFG", "PAK", 1947)):
        rows = _pair(wh, source, a, b)
        assert len(rows) == 1, (a, b)
        row = rows.iloc[0]
        assert row["year_start"] == start
        assert pd.isna(row["year_end"])
        assert json.loads(row["detail"])["ongoing"] is True
        assert not row["directed"]
    assert _pair(wh, source, "IND", "BGD").empty
    latest = wh.query("SELECT max(year_end) AS m FROM relation WHERE source_id = ?", [source])[
        "m"
    ].iloc[0]
    assert latest < end  # rivalries reaching the data end are stored as open-ended


def test_types_and_principal_flags(loaded):
    wh = loaded("td-rivalries", "tss-rivalries")
    td = json.loads(_pair(wh, "td-rivalries", "IND", "PAK").iloc[0]["detail"])
    assert td["types"] == ["positional", "spatial"] and td["region"] == "South Asia"
    tss = json.loads(_pair(wh, "tss-rivalries", "IND", "PAK").iloc[0]["detail"])
    assert tss["types"] == ["positional", "spatial"]
    assert tss["principal"] and tss["asymmetric_principal"]
    china_india = json.loads(_pair(wh, "tss-rivalries", "CHN", "IND").iloc[0]["detail"])
    assert china_india["types"] == ["positional", "spatial", "interventionary"]
    assert _pair(wh, "tss-rivalries", "IND", "PAK").iloc[0]["ref"] == "107"


def test_historical_states_are_dropped_and_reported(loaded):
    wh = loaded("td-rivalries")
    assert len(wh.query("SELECT * FROM relation WHERE source_id = 'td-rivalries'")) == 197 - 17
    issues = json.loads(
        wh.query("SELECT issues FROM dataset_status WHERE dataset_id = 'td-rivalries'")[
            "issues"
        ].iloc[0]
    )
    dropped = [i for i in issues if i["kind"] == "dropped-relation"]
    assert dropped[0]["rows"] == 17
    unmapped = next(i for i in issues if i["kind"] == "unmapped-code")
    for code in ("265", "300", "315", "324", "680", "817"):
        assert code in unmapped["detail"]


def test_non_numeric_year_names_file_and_line(mirror, tmp_path):
    edit = change_line(3, lambda line: line.replace(",1494,1716,", ",1494,17x6,"))
    with pytest.raises(ParseError) as err:
        parse_edited(TSS_RIVALRIES, mirror, tmp_path, "tss_rivalries.csv", edit)
    assert err.value.path == str(tmp_path / "tss_rivalries.csv") and err.value.line == 3


def test_missing_column_is_a_parse_error(mirror, tmp_path):
    bad = tmp_path / "td.csv"
    bad.write_text("rivalryno,rivalryname,ccode1\n1,A-B,2\n")
    with pytest.raises(ParseError, match="missing columns"):
        parse(TD_RIVALRIES, mirror, **{"td_rivalries.csv": bad})


def test_tss_equatorial_guinea_gabon_coding_error_is_corrected(loaded):
    wh = loaded("tss-rivalries")
    rows = wh.query(
        "SELECT country_a, country_b FROM relation "
        "WHERE source_id = 'tss-rivalries' AND ref = '165'"
    )
    assert rows.values.tolist() == [["GNQ", "GAB"]]
    issues = wh.query("SELECT issues FROM dataset_status WHERE dataset_id = 'tss-rivalries'")
    assert "Eguatorial Guinea-Gabon" in issues["issues"].iloc[0]
