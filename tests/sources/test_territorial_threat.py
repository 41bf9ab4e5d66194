"""Miller's latent external territorial threat, 1816–2010."""

from __future__ import annotations

import json

import pytest

from direct_parse import change_line, parse_edited
from southsouth.errors import ParseError
from southsouth.sources.territorial_threat import TERRITORIAL_THREAT


def test_estimates_and_bounds(loaded):
    wh = loaded("miller-territorial-threat")
    india = wh.query(
        "SELECT indicator, value FROM observation WHERE country_iso3 = 'IND' AND year = 1990"
    ).set_index("indicator")["value"]
    assert india["miller_latent_territorial_threat"] == pytest.approx(0.604359, abs=1e-6)
    assert india["miller_latent_territorial_threat_lwr90"] == pytest.approx(0.535118, abs=1e-6)
    assert india["miller_latent_territorial_threat_upr90"] == pytest.approx(0.665148, abs=1e-6)


def test_successor_codes_win_in_1990(loaded):
    wh = loaded("miller-territorial-threat")
    threat = wh.query(
        "SELECT country_iso3, value FROM observation WHERE year = 1990 AND indicator = "
        "'miller_latent_territorial_threat' AND country_iso3 IN ('DEU', 'YEM')"
    ).set_index("country_iso3")["value"]
    assert threat["DEU"] == pytest.approx(0.026143, abs=1e-6)  # COW 255, not West Germany 260
    assert threat["YEM"] == pytest.approx(0.326275, abs=1e-6)  # COW 679, not North Yemen 678
    issues = json.loads(
        wh.query(
            "SELECT issues FROM dataset_status WHERE dataset_id = 'miller-territorial-threat'"
        )["issues"].iloc[0]
    )
    duplicate = next(i for i in issues if i["kind"] == "duplicate-country-year")
    assert duplicate["rows"] == 2 and "260, 678" in duplicate["detail"]


def test_empty_estimate_names_file_and_line(mirror, tmp_path):

    def empty_third_cell(line: str) -> str:
        cells = line.split(",")
        cells[2] = ""
        return ",".join(cells)

    with pytest.raises(ParseError) as err:
        parse_edited(
            TERRITORIAL_THREAT, mirror, tmp_path, "terrthreat.csv", change_line(7, empty_third_cell)
        )
    assert err.value.line == 7 and "lterrthreat" in str(err.value)
