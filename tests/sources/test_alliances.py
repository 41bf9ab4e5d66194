"""ATOP 5.1 alliance obligations collapsed into directed spells."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from direct_parse import parse
from southsouth.errors import ParseError
from southsouth.sources.alliances import ATOP
from southsouth.sources.peacescience import spells


def _spells(wh, a: str, b: str) -> pd.DataFrame:
    return wh.query(
        "SELECT year_start, year_end, value, detail FROM relation WHERE source_id = "
        "'atop-alliances' AND country_a = ? AND country_b = ? ORDER BY year_start",
        [a, b],
    )


def test_nato_and_wartime_alliances_of_the_united_states(loaded):
    wh = loaded("atop-alliances")
    usa_gbr = _spells(wh, "USA", "GBR")
    assert usa_gbr["year_start"].tolist() == [1921, 1942, 1949]
    assert usa_gbr["year_end"].iloc[:2].tolist() == [1931, 1945]
    assert pd.isna(usa_gbr["year_end"].iloc[2])  # in force at the 2018 data end
    assert usa_gbr["value"].tolist() == [0.0, 1.0, 1.0]
    pledges = [json.loads(d)["pledges"] for d in usa_gbr["detail"]]
    assert pledges == [
        ["consultation"],
        ["defense", "offense"],
        ["defense", "non-aggression", "consultation"],
    ]


def test_one_sided_pledges_stay_directed(loaded):
    wh = loaded("atop-alliances")
    usa_por = _spells(wh, "USA", "PRT")
    por_usa = _spells(wh, "PRT", "USA")
    assert json.loads(usa_por["detail"].iloc[0])["pledges"] == ["defense", "offense"]
    assert json.loads(por_usa["detail"].iloc[0])["pledges"] == ["offense"]
    assert usa_por["value"].iloc[0] == 1.0 and por_usa["value"].iloc[0] == 0.0


def test_spells_cover_every_mapped_dyad_year(loaded, mirror):
    wh = loaded("atop-alliances")
    years = wh.query(
        "SELECT sum(coalesce(year_end, 2018) - year_start + 1) AS n, count(*) AS rows "
        "FROM relation WHERE source_id = 'atop-alliances'"
    ).iloc[0]
    # 273,296 dyad-years less 10,012 with a historical state and 100 merged where two COW
    # codes of one country (Germany 255/260, Yemen 678/679) meet the same partner in 1990.
    assert years["n"] == 273_296 - 10_012 - 100
    assert years["rows"] == 14_583


def test_spells_split_on_gaps_and_changes():
    frame = pd.DataFrame(
        {
            "a": ["X"] * 6,
            "flag": [1, 1, 0, 0, 1, 1],
            "year": [2000, 2001, 2002, 2003, 2005, 2006],
        }
    )
    runs = spells(frame, ["a", "flag"]).sort_values("year_start")
    assert runs[["flag", "year_start", "year_end"]].values.tolist() == [
        [1, 2000, 2001],
        [0, 2002, 2003],
        [1, 2005, 2006],
    ]


def test_pledge_flag_that_is_not_a_number_names_file_and_line(mirror, tmp_path):
    with (mirror / ATOP.resources[0].mirror_path).open() as handle:
        lines = [next(handle) for _ in range(30)]
    lines[20] = lines[20].rstrip("\n").rsplit(",", 1)[0] + ",yes\n"
    bad = tmp_path / "atop.csv"
    bad.write_text("".join(lines))
    with pytest.raises(ParseError) as err:
        parse(ATOP, mirror, **{"atop_alliance.csv": bad})
    assert err.value.path == str(bad) and err.value.line == 21
