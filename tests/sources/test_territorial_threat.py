"""Miller's latent external territorial threat, 1816–2010."""

from __future__ import annotations

import json

import pytest

from southsouth.errors import ParseError
from southsouth.sources.dataset import ParseInput
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
    lines = (mirror / TERRITORIAL_THREAT.resources[0].mirror_path).read_text().splitlines()
    cells = lines[6].split(",")
    cells[2] = ""
    lines[6] = ",".join(cells)
    bad = tmp_path / "threat.csv"
    bad.write_text("\n".join(lines) + "\n")
    inp = ParseInput(TERRITORIAL_THREAT, {"terrthreat.csv": bad}, lambda: None)  # type: ignore[arg-type,return-value]
    with pytest.raises(ParseError) as err:
        TERRITORIAL_THREAT.parse(inp)
    assert err.value.line == 7 and "lterrthreat" in str(err.value)
