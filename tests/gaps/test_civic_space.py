"""Civic space: CIVICUS ratings (Dec 2020, captured 2021-03-19), lists and distribution."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from southsouth.errors import InputError, UnknownGroup
from southsouth.gaps.civic_space import civic_space, rated_lists, rating_distribution

CIVICUS_CSV = "governance/civicus_monitor_ratings_2021-03-19.csv"


@pytest.fixture(scope="module")
def space(full_warehouse):
    return civic_space(full_warehouse, groups=["g77", "ASEAN", "HAGUE"])


def test_g77_closed_list_and_the_founding_text(space):
    closed = space.listed("g77", "Closed")
    assert {"CUB", "ERI"} <= set(closed)
    assert "AFG" not in closed
    assert "AFG" in space.listed("g77", "Repressed")
    named = space.named.set_index("iso3")
    assert named.loc["CUB", "snapshot_label"] == "Closed" and named.loc["CUB", "agrees"]
    assert named.loc["ERI", "snapshot_label"] == "Closed" and named.loc["ERI", "agrees"]
    assert named.loc["AFG", "snapshot_label"] == "Repressed" and not named.loc["AFG", "agrees"]
    assert "March 2023" in named.loc["AFG", "note"]


def test_outputs_state_the_snapshot(space):
    assert "2021-03-19" in space.snapshot and "December 2020" in space.snapshot
    assert any("every year" in n for n in space.notes)
    payload = space.as_dict()
    assert "2021-03-19" in payload["snapshot"]
    assert payload["source"]["source_id"] == "civicus-monitor-2021"
    assert "2021-03-19" in payload["source"]["vintage"]


def test_ratings_match_the_mirror_csv(space, mirror: Path):
    raw = pd.read_csv(mirror / CIVICUS_CSV).dropna(subset=["rating_code"])
    raw = raw[raw["iso3"].isin(set(space.ratings["iso3"]))]
    ours = space.ratings.set_index("iso3")["label"]
    assert len(ours) == 196
    assert (ours.reindex(raw["iso3"]).to_numpy() == raw["rating"].to_numpy()).all()
    assert (ours == "Closed").sum() == (raw["rating"] == "Closed").sum() == 23


def test_distribution_adds_up(space):
    for group, rows in space.distribution.groupby("group"):
        assert rows["countries"].sum() == rows["rated"].iloc[0], group
        assert rows["pct_of_rated"].sum() == pytest.approx(100.0)
    asean = space.distribution[space.distribution["group"] == "ASEAN"].set_index("label")
    assert asean.loc["Closed", "countries"] == 2  # Laos, Viet Nam
    assert asean.loc["Open", "countries"] == 0


def test_lists_keep_group_order_and_hague_note(space):
    assert list(dict.fromkeys(space.lists["group"])) == ["g77", "ASEAN", "HAGUE"]
    assert space.listed("HAGUE", "Closed") == ["CUB"]
    assert any("HAGUE was founded on 2025-01-31" in n for n in space.notes)


def test_pure_functions_on_a_small_case():
    ratings = pd.Series({"A": 1, "B": 2, "C": 5, "D": 1})
    groups = {"x": ["A", "B", "C", "Z"]}
    lists = rated_lists(ratings, {"A": "Aland"}, groups)
    assert lists[["iso3", "name", "label"]].values.tolist() == [
        ["A", "Aland", "Closed"],
        ["B", "B", "Repressed"],
    ]
    dist = rating_distribution(ratings, groups).set_index("label")
    assert dist.loc["Closed", "countries"] == 1
    assert dist.loc["Closed", "rated"] == 3 and dist.loc["Closed", "not_rated"] == 1
    assert dist.loc["Closed", "pct_of_rated"] == pytest.approx(100 / 3)


def test_bad_inputs(full_warehouse, space):
    with pytest.raises(UnknownGroup):
        civic_space(full_warehouse, groups=["ATLANTIS"])
    with pytest.raises(InputError):
        civic_space(full_warehouse, levels=(0,))
    with pytest.raises(InputError):
        space.listed("g77", "Shut")
