"""ITU Global Cybersecurity Index 2020."""

from __future__ import annotations

import pytest

from direct_parse import change_line, parse_edited
from southsouth.errors import ParseError
from southsouth.sources.itu_gci import ITU_GCI

PILLARS = (
    "itu_gci_legal",
    "itu_gci_technical",
    "itu_gci_organisational",
    "itu_gci_capacity_development",
    "itu_gci_cooperation",
)


@pytest.mark.golden
def test_overall_scores_match_the_itu_report(loaded):
    wh = loaded("itu-gci-2020")
    scores = wh.query(
        "SELECT country_iso3, value FROM observation WHERE indicator = 'itu_gci_score' "
        "AND year = 2020"
    ).set_index("country_iso3")["value"]
    assert len(scores) == 191
    expected = {"USA": 100, "SAU": 99.54, "IND": 97.49, "BRA": 96.6, "EGY": 95.48, "PAK": 64.88}
    for iso3, value in expected.items():
        assert scores[iso3] == pytest.approx(value), iso3


def test_pillars_add_up_to_the_overall_score(loaded):
    wh = loaded("itu-gci-2020")
    wide = wh.query(
        "SELECT country_iso3, indicator, value FROM observation WHERE source_id = 'itu-gci-2020'"
    ).pivot(index="country_iso3", columns="indicator", values="value")
    complete = wide.dropna()
    assert len(complete) == 191 - 3  # MOZ, SVK, SVN lack a pillar
    gap = (complete[list(PILLARS)].sum(axis=1) - complete["itu_gci_score"]).abs()
    assert gap.max() < 0.05
    assert wide.loc["ALB", "itu_gci_legal"] == pytest.approx(18.13)
    assert wide[["itu_gci_cooperation"]].isna().sum().iloc[0] == 3


def test_non_numeric_score_names_file_and_line(mirror, tmp_path):
    edit = change_line(4, lambda line: line.replace(",64.32,", ",sixty,"))  # ALB is on line 4

    class Walk:
        iso3 = frozenset({"AFG", "AGO", "ALB"})

    with pytest.raises(ParseError) as err:
        parse_edited(ITU_GCI, mirror, tmp_path, "gci_2020.csv", edit, Walk())  # type: ignore[arg-type]
    assert err.value.path == str(tmp_path / "gci_2020.csv") and err.value.line == 4
    assert "sixty" in str(err.value)
