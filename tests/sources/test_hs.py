"""Harmonized System 2022: chapters, headings, subheadings and the 21 sections."""

from __future__ import annotations

from pathlib import Path

import pytest

from direct_parse import parse_edited, replace_first
from southsouth.errors import ParseError
from southsouth.sources.hs import HS2022, roman


def _parse(mirror: Path, tmp_path: Path, name: str, edit):
    return parse_edited(HS2022, mirror, tmp_path, name, edit, encoding="utf-8-sig")


@pytest.mark.golden
def test_hs2022_levels_match_sources_md(loaded):
    wh = loaded("hs2022")
    counts = wh.query(
        "SELECT classification || ':' || level AS k, count(*) AS n FROM product "
        "WHERE source_id = 'hs2022' GROUP BY 1"
    ).set_index("k")["n"]
    # SOURCES.md: 97 chapters, 1,229 headings, 5,613 subheadings; 21 sections.
    assert counts.to_dict() == {
        "HS22:2digit": 97,
        "HS22:4digit": 1_229,
        "HS22:6digit": 5_613,
        "HS-section:section": 21,
    }
    issues = wh.query("SELECT issues FROM dataset_status WHERE dataset_id = 'hs2022'")
    assert "row TOTAL" in issues["issues"].iloc[0]


def test_hs2022_hierarchy_is_zero_padded_and_nested(loaded):
    wh = loaded("hs2022")
    rows = wh.query(
        "SELECT classification, code, parent, name FROM product WHERE source_id = 'hs2022' "
        "AND code IN ('01', '0101', '010121', '27', '2709', '97', '99', '9999', '05')"
    )
    parent = {(r.classification, r.code): r.parent for r in rows.itertuples()}
    assert parent[("HS22", "01")] == "01"  # chapter 1 is in section I
    assert parent[("HS22", "0101")] == "01" and parent[("HS22", "010121")] == "0101"
    assert parent[("HS22", "27")] == "05" and parent[("HS22", "2709")] == "27"
    assert parent[("HS22", "97")] == "21"
    assert parent[("HS22", "99")] is None and parent[("HS22", "9999")] == "99"
    names = {(r.classification, r.code): r.name for r in rows.itertuples()}
    assert names[("HS-section", "05")] == "Mineral products"
    assert names[("HS22", "2709")].startswith("Petroleum oils and oils obtained from bituminous")


def test_roman_numerals_cover_the_sections():
    assert [roman(n) for n in (1, 4, 9, 14, 19, 21)] == ["I", "IV", "IX", "XIV", "XIX", "XXI"]


def test_unknown_section_is_a_parse_error(tmp_path, mirror):
    with pytest.raises(ParseError, match=r"'XXII' is not an HS section") as err:
        _parse(mirror, tmp_path, "sections.csv", lambda t: t.rstrip() + "\nXXII,Imaginary goods\n")
    assert err.value.path.endswith("sections.csv") and err.value.line == 23


def test_code_that_does_not_fit_its_level_is_a_parse_error(tmp_path, mirror):
    with pytest.raises(ParseError, match=r"code '01012' does not fit level '6'") as err:
        _parse(
            mirror,
            tmp_path,
            "harmonized-system.csv",
            replace_first("I,010121,", "I,01012,"),
        )
    assert err.value.line == 4
