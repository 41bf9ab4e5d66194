"""ITU Global Cybersecurity Index 2020 and 2024."""

from __future__ import annotations

import pytest

from direct_parse import change_line, parse_edited
from southsouth.errors import ParseError
from southsouth.sources.itu_gci import ITU_GCI, ITU_GCI_2024

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


# -- GCI 2024 (World Bank Data360) -----------------------------------------------------------

PILLARS_2024 = tuple(p.replace("itu_gci_", "itu_gci_2024_") for p in PILLARS)


@pytest.mark.golden
def test_gci_2024_scores_match_the_raw_file(loaded):
    wh = loaded("itu-gci-2020", "itu-gci-2024")
    wide = wh.query(
        "SELECT country_iso3, indicator, value, year FROM observation "
        "WHERE source_id = 'itu-gci-2024'"
    )
    assert set(wide["year"]) == {2024}
    wide = wide.pivot(index="country_iso3", columns="indicator", values="value")
    assert len(wide) == 194 and not wide.isna().any().any()
    # line 25: Brazil,20.0,20.0,17.292600811654523,19.252142076734582,20.0,96.54474288838912,BRA
    assert wide.loc["BRA", "itu_gci_2024_score"] == pytest.approx(96.54474288838912)
    assert wide.loc["BRA", "itu_gci_2024_capacity_development"] == pytest.approx(19.252142076734582)
    # line 2: Afghanistan … 18.41864682399532; Egypt and Saudi Arabia score 100
    assert wide.loc["AFG", "itu_gci_2024_score"] == pytest.approx(18.41864682399532)
    assert wide.loc["AFG", "itu_gci_2024_cooperation"] == 0.0
    assert wide.loc["EGY", "itu_gci_2024_score"] == wide.loc["SAU", "itu_gci_2024_score"] == 100
    gap = (wide[list(PILLARS_2024)].sum(axis=1) - wide["itu_gci_2024_score"]).abs()
    assert gap.max() < 1e-6
    # GCI 2020 stays loaded beside it, under its own indicator ids
    years = wh.query(
        "SELECT DISTINCT source_id, year FROM observation WHERE indicator = 'itu_gci_score'"
    )
    assert years.values.tolist() == [["itu-gci-2020", 2020]]


def test_gci_2024_non_numeric_score_names_file_and_line(mirror, tmp_path, crosswalk):
    edit = change_line(25, lambda line: line.replace(",96.54474288838912,", ",n/a,"))

    with pytest.raises(ParseError) as err:
        parse_edited(ITU_GCI_2024, mirror, tmp_path, "gci_2024.csv", edit, crosswalk)
    assert err.value.path == str(tmp_path / "gci_2024.csv") and err.value.line == 25
    assert "'gci'" in str(err.value) and "n/a" in str(err.value)


def test_gci_2024_other_year_is_refused(mirror, tmp_path):
    edit = change_line(3, lambda line: line.replace(",ALB,2024", ",ALB,2023"))
    with pytest.raises(ParseError) as err:
        parse_edited(ITU_GCI_2024, mirror, tmp_path, "gci_2024.csv", edit)
    assert err.value.line == 3 and "2023" in str(err.value)
