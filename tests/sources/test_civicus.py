"""CIVICUS Monitor ratings (December 2020, captured 2021-03-19)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from direct_parse import parse
from southsouth.errors import ParseError
from southsouth.sources.civicus import CIVICUS

LABELS = {1: "Closed", 2: "Repressed", 3: "Obstructed", 4: "Narrowed", 5: "Open"}


def _ratings(wh) -> pd.Series:
    frame = wh.query(
        "SELECT country_iso3, value, year FROM observation "
        "WHERE indicator = 'civicus_civic_space_rating'"
    )
    assert set(frame["year"]) == {2020}
    return frame.set_index("country_iso3")["value"]


@pytest.mark.golden
def test_distribution_matches_the_published_counts(loaded):
    ratings = _ratings(loaded("civicus-monitor-2021"))
    counts = ratings.map(LABELS).value_counts().to_dict()
    assert counts == {"Open": 42, "Narrowed": 40, "Obstructed": 47, "Repressed": 44, "Closed": 23}
    assert len(ratings) == 196


@pytest.mark.golden
def test_roadmap_examples_and_special_keys(loaded):
    ratings = _ratings(loaded("civicus-monitor-2021"))
    # The snapshot rates Afghanistan Repressed (before August 2021); Cuba and Eritrea Closed.
    assert LABELS[int(ratings["AFG"])] == "Repressed"
    assert LABELS[int(ratings["CUB"])] == "Closed"
    assert LABELS[int(ratings["ERI"])] == "Closed"
    assert ratings["XKX"] == 4 and ratings["VCT"] == 5  # widget keys "kosovo" and "SVT"
    assert "GRL" not in ratings.index  # on the map, not rated


def test_json_agrees_with_the_mirrors_derived_csv(loaded, mirror):
    ratings = _ratings(loaded("civicus-monitor-2021"))
    csv = pd.read_csv(mirror / "governance" / "civicus_monitor_ratings_2021-03-19.csv")
    csv = csv.dropna(subset=["rating_code"]).set_index("iso3")
    assert sorted(csv.index) == sorted(ratings.index)
    assert (csv["rating_code"] == ratings[csv.index]).all()
    assert (csv["rating"] == ratings[csv.index].map(LABELS)).all()


def test_unrated_greenland_is_reported(loaded):
    wh = loaded("civicus-monitor-2021")
    raw = wh.query("SELECT issues FROM dataset_status WHERE dataset_id = 'civicus-monitor-2021'")
    issues = json.loads(raw["issues"].iloc[0])
    assert {"kind": "not-rated", "detail": "no CIVICUS rating: GRL", "rows": 1} in issues


def test_truncated_json_names_file_and_line(mirror, tmp_path):
    text = (mirror / CIVICUS.resources[0].mirror_path).read_text(encoding="utf-8")
    broken = tmp_path / "civicus.json"
    broken.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(ParseError) as err:
        parse(CIVICUS, mirror, **{"civicus.json": broken})
    assert err.value.path == str(broken) and err.value.line is not None


def test_rating_outside_one_to_five_is_rejected(mirror, tmp_path):
    bad = tmp_path / "civicus.json"
    bad.write_text(json.dumps({"AFG": {"fillKey": "7", "slug": "x"}}), encoding="utf-8")
    with pytest.raises(ParseError, match="fillKey '7'"):
        parse(CIVICUS, mirror, **{"civicus.json": bad})
