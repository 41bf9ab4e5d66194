"""ND-GAIN Country Index, 2022 release (1995–2020)."""

from __future__ import annotations

import pytest

from direct_parse import change_line, parse_edited
from southsouth.errors import ParseError
from southsouth.sources.ndgain import NDGAIN
from warehouse_rows import observed_row


@pytest.mark.golden
def test_values_and_ranking_match_the_raw_files(loaded):
    wh = loaded("ndgain-2022")
    # gain line 130: "NOR","Norway",…,75.4104340493396 (2020); line 35 Chad 26.6869805824106
    assert observed_row(wh, "NOR", "ndgain_index", 2020)["value"] == 75.4104340493396
    assert observed_row(wh, "TCD", "ndgain_index", 2020)["value"] == 26.6869805824106
    # readiness and vulnerability, Brazil 2020 (line 25 of each file)
    assert observed_row(wh, "BRA", "ndgain_readiness", 2020)["value"] == 0.35771468951001
    assert observed_row(wh, "BRA", "ndgain_vulnerability", 2020)["value"] == 0.395471620559677
    latest = wh.query(
        "SELECT country_iso3, value FROM observation WHERE indicator = 'ndgain_index' "
        "AND year = 2020 ORDER BY value DESC"
    )
    assert len(latest) == 182
    assert latest["country_iso3"].iloc[0] == "NOR" and latest["country_iso3"].iloc[-1] == "TCD"
    counts = wh.query(
        "SELECT indicator, count(DISTINCT country_iso3) AS n, min(year) AS first, "
        "max(year) AS last FROM observation WHERE source_id = 'ndgain-2022' GROUP BY indicator"
    ).set_index("indicator")
    assert counts.loc["ndgain_readiness"].tolist() == [192, 1995, 2020]
    # GAIN = (readiness − vulnerability + 1) × 50
    wide = wh.query(
        "SELECT indicator, value FROM observation WHERE country_iso3 = 'BRA' AND year = 2020 "
        "AND source_id = 'ndgain-2022'"
    ).set_index("indicator")["value"]
    expected = (wide["ndgain_readiness"] - wide["ndgain_vulnerability"] + 1) * 50
    assert wide["ndgain_index"] == pytest.approx(expected, abs=1e-9)


def test_non_numeric_cell_names_file_and_line(mirror, tmp_path, crosswalk):
    edit = change_line(130, lambda line: line.replace(",75.4104340493396", ",high"))
    with pytest.raises(ParseError) as err:
        parse_edited(NDGAIN, mirror, tmp_path, "gain.csv", edit, crosswalk)
    assert err.value.path == str(tmp_path / "gain.csv") and err.value.line == 130
    assert "'2020'" in str(err.value) and "high" in str(err.value)


def test_country_listed_twice_is_refused(mirror, tmp_path, crosswalk):
    edit = change_line(35, lambda line: line.replace('"TCD","Chad"', '"NOR","Chad"'))
    with pytest.raises(ParseError, match=r"listed twice: \['NOR'\]") as err:
        parse_edited(NDGAIN, mirror, tmp_path, "readiness.csv", edit, crosswalk)
    assert err.value.path == str(tmp_path / "readiness.csv") and err.value.line == 130
