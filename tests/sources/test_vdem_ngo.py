"""Chaudhry & Heiss civic-space panel: anti-NGO laws and V-Dem v10 indicators."""

from __future__ import annotations

import pytest

from direct_parse import parse_edited
from southsouth.errors import ParseError
from southsouth.sources.vdem_ngo import CHAUDHRY_HEISS


def _year(wh, year: int):
    return wh.query(
        "SELECT country_iso3, indicator, value FROM observation "
        "WHERE source_id = 'chaudhry-heiss-civic-space' AND year = ?",
        [year],
    ).pivot(index="country_iso3", columns="indicator", values="value")


def test_ngo_barriers_and_vdem_values_2013(loaded):
    wide = _year(loaded("chaudhry-heiss-civic-space"), 2013)
    india = wide.loc["IND"]
    assert india["ngo_legal_barriers_total"] == 7
    assert (india["ngo_legal_barriers_entry"], india["ngo_legal_barriers_funding"]) == (2, 3)
    assert india["ngo_legal_barriers_advocacy"] == 2
    assert india["vdem10_cso_repression"] == pytest.approx(1.113)
    assert india["vdem10_religious_org_repression"] == pytest.approx(0.695)
    assert india["vdem10_electoral_democracy"] == pytest.approx(0.710)
    assert india["pts_political_terror"] == 4
    egypt = wide.loc["EGY"]
    assert egypt["vdem10_regime_type"] == 0
    assert egypt["vdem10_core_civil_society_index"] == pytest.approx(0.278)
    # Kosovo is spelled XKK in the panel's ISO3 column; its G-W code 347 maps to XKX.
    assert wide.loc["XKX", "vdem10_cso_repression"] == pytest.approx(0.712)
    assert len(wide) == 162


def test_missing_values_written_as_na_are_skipped(loaded):
    wh = loaded("chaudhry-heiss-civic-space")
    counts = wh.query(
        "SELECT indicator, count(*) AS n FROM observation "
        "WHERE source_id = 'chaudhry-heiss-civic-space' GROUP BY indicator"
    ).set_index("indicator")["n"]
    assert counts["vdem10_cso_repression"] == 3794
    assert counts["pts_political_terror"] == 3794 - 35
    assert counts["ngo_legal_barriers_total"] == 3794 - 18


def test_text_in_a_numeric_column_names_file_and_line(mirror, tmp_path):
    def with_high_repression(text: str) -> str:
        lines = text.splitlines()
        header = lines[0].split(",")
        cells = lines[5].split(",")
        cells[header.index("v2csreprss")] = "high"
        lines[5] = ",".join(cells)
        return "\n".join(lines) + "\n"

    class Walk:
        def from_code(self, scheme: str, code: object) -> str | None:
            return "USA" if int(code) == 2 else "CAN"  # type: ignore[call-overload]

    with pytest.raises(ParseError) as err:
        parse_edited(
            CHAUDHRY_HEISS,
            mirror,
            tmp_path,
            "panel.csv",
            with_high_repression,
            Walk(),  # type: ignore[arg-type]
        )
    assert err.value.path == str(tmp_path / "panel.csv") and err.value.line == 6
    assert "v2csreprss" in str(err.value)
