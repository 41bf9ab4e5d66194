"""Cyber: GCI 2024 scores and score gap; GCI 2020 tiers (modelled rule) kept as history."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from southsouth.errors import InputError, UnknownGroup
from southsouth.gaps.cyber import (
    NO_2024_TIERS,
    RULE,
    TIERS,
    assign_tiers,
    cyber_gaps,
    gci_tier,
    lowest_tier_gap,
    score_gap,
    tier_distribution,
)
from southsouth.registry import bloc_members

GCI_CSV = "governance/itu_gci_2020_scores.csv"
GCI_2024_CSV = "governance/itu_gci_2024_scores_data360.csv"
PILLARS = ["legal", "technical", "organisational", "capacity_development", "cooperation"]


@pytest.fixture(scope="module")
def gaps(full_warehouse):
    return cyber_gaps(full_warehouse, groups=["g77", "AU", "BRICS"])


@pytest.mark.parametrize(
    ("score", "tier"),
    [
        (100, 1),
        (95, 1),
        (94.99, 2),
        (85, 2),
        (84.99, 3),
        (55, 3),
        (54.99, 4),
        (20, 4),
        (19.99, 5),
        (0, 5),
        (None, None),
        (float("nan"), None),
    ],
)
def test_tier_cut_offs(score, tier):
    assert gci_tier(score) == tier


def test_scores_outside_range_are_rejected():
    with pytest.raises(InputError):
        gci_tier(100.5)
    with pytest.raises(InputError):
        gci_tier(-1)


@given(st.floats(0, 100), st.floats(0, 100))
def test_higher_score_never_lower_tier(a, b):
    low, high = sorted((a, b))
    assert gci_tier(high) <= gci_tier(low)


def test_known_countries(gaps):
    scores = gaps.scores.set_index("iso3")
    # GCI 2024 (Data360 file): line 25 Brazil …,96.54474288838912; line 134 Pakistan
    assert scores.loc["BRA", "score"] == pytest.approx(96.54474288838912)
    assert scores.loc["BRA", "capacity_development"] == pytest.approx(19.252142076734582)
    assert scores.loc["PAK", "score"] == pytest.approx(96.69637686725184)
    assert scores.loc["USA", "score"] == pytest.approx(99.85645619146725)
    assert scores.loc["AFG", "score"] == pytest.approx(18.41864682399532)
    assert scores.loc["PAK", PILLARS].sum() == pytest.approx(scores.loc["PAK", "score"])
    assert scores["score"].notna().sum() == 194
    # no 2024 tier anywhere; GCI 2020 tiers are labelled as such
    assert not {"tier", "tier_name"} & set(scores.columns)
    assert scores.loc["USA", "gci_2020_score"] == 100.0
    assert (scores.loc["USA", "gci_2020_tier"], scores.loc["USA", "gci_2020_tier_name"]) == (
        1,
        "role-modelling",
    )
    assert scores.loc["PAK", "gci_2020_score"] == pytest.approx(64.88)
    assert scores.loc["PAK", "gci_2020_tier"] == 3
    assert scores.loc["IDN", "gci_2020_tier"] == 2  # 94.88
    assert scores.loc["LAO", "gci_2020_tier"] == 4  # 20.34
    assert scores.loc["KHM", "gci_2020_tier"] == 5  # 19.12
    assert scores["gci_2020_score"].notna().sum() == 191
    # scored in 2024 only: Micronesia, Yemen, Vatican City
    assert set(scores.index[scores["gci_2020_score"].isna()]) == {"FSM", "YEM", "VAT"}


def test_score_gap_recomputed_from_raw_file(full_warehouse, mirror: Path, gaps):
    raw = pd.read_csv(mirror / GCI_2024_CSV)
    registry = set(full_warehouse.query("SELECT iso3 FROM country")["iso3"])
    raw = raw[raw["iso3"].isin(registry)]
    members = set(bloc_members(full_warehouse, "G77", year=2024)["iso3"])
    inside = raw["iso3"].isin(members)
    rows = gaps.gap.set_index(["comparison", "group"])
    g77, rest = rows.loc[("g77", "g77")], rows.loc[("g77", "rest of world")]
    assert (g77["scored"], rest["scored"]) == (inside.sum(), (~inside).sum())
    assert g77["mean_score"] == pytest.approx(raw.loc[inside, "gci"].mean())
    assert rest["median_score"] == pytest.approx(raw.loc[~inside, "gci"].median())
    assert g77["mean_technical"] == pytest.approx(raw.loc[inside, "technical"].mean())
    assert g77["gap_to_rest"] == pytest.approx(
        raw.loc[inside, "gci"].mean() - raw.loc[~inside, "gci"].mean()
    )
    assert g77["gap_to_rest"] < -20  # G77 members score far below the rest
    assert g77["weakest_pillar"] == "technical"


def test_gci_2020_lowest_tier_share_recomputed_from_raw_file(full_warehouse, mirror: Path, gaps):
    raw = pd.read_csv(mirror / GCI_CSV)
    registry = set(full_warehouse.query("SELECT iso3 FROM country")["iso3"])
    raw = raw[raw["iso3"].isin(registry)]
    members = set(bloc_members(full_warehouse, "G77", year=2020)["iso3"])
    low = raw["gci_overall"] < 55  # tiers 4 and 5: below the "establishing" cut-off
    inside = raw["iso3"].isin(members)
    expected_group = 100 * (low & inside).sum() / inside.sum()
    expected_rest = 100 * (low & ~inside).sum() / (~inside).sum()
    expected_share = 100 * (low & inside).sum() / low.sum()

    rows = gaps.lowest.set_index(["comparison", "group"])
    g77 = rows.loc[("g77", "g77")]
    rest = rows.loc[("g77", "rest of world")]
    assert g77["pct_in_lowest_tiers"] == pytest.approx(expected_group)
    assert rest["pct_in_lowest_tiers"] == pytest.approx(expected_rest)
    assert g77["share_of_all_lowest_tier_pct"] == pytest.approx(expected_share)
    assert g77["in_lowest_tiers"] + rest["in_lowest_tiers"] == low.sum()
    assert g77["pct_in_lowest_tiers"] > rest["pct_in_lowest_tiers"]


def test_distribution_counts_add_up(gaps):
    dist = gaps.distribution
    for group, rows in dist.groupby("group"):
        assert rows["countries"].sum() == rows["scored"].iloc[0], group
        assert rows["pct_of_scored"].sum() == pytest.approx(100.0)
    brics = dist[dist["group"] == "BRICS"].set_index("tier")
    assert brics.loc[1, "iso3"] == "BRA, IND, RUS"
    assert brics.loc[2, "iso3"] == "CHN"
    assert brics.loc[3, "iso3"] == "ZAF"


def test_pure_functions_on_a_small_case():
    tiers = assign_tiers(pd.Series({"A": 99.0, "B": 60.0, "C": 10.0, "D": 30.0, "E": None}))
    assert tiers.isna().tolist() == [False, False, False, False, True]
    dist = tier_distribution(tiers, {"x": ["A", "C", "E"]}).set_index("tier")
    assert dist.loc[1, "countries"] == 1 and dist.loc[5, "countries"] == 1
    assert dist.loc[1, "scored"] == 2 and dist.loc[1, "not_scored"] == 1
    gap = lowest_tier_gap(tiers, "x", ["A", "C", "E"]).set_index("group")
    assert gap.loc["x", "pct_in_lowest_tiers"] == pytest.approx(50.0)  # C of A, C
    assert gap.loc["rest of world", "pct_in_lowest_tiers"] == pytest.approx(50.0)  # D of B, D
    assert gap.loc["x", "share_of_all_lowest_tier_pct"] == pytest.approx(50.0)
    scores = pd.DataFrame(
        {"iso3": ["A", "B", "C"], "score": [90.0, 30.0, None]}
        | {p: [18.0, 6.0, None] for p in PILLARS}
    )
    scores.loc[1, "legal"] = 2.0
    by = score_gap(scores, "x", ["B", "C"]).set_index("group")
    assert by.loc["x", "scored"] == 1 and by.loc["x", "mean_score"] == 30.0
    assert by.loc["x", "gap_to_rest"] == -60.0 and by.loc["x", "weakest_pillar"] == "legal"
    assert pd.isna(by.loc["rest of world", "gap_to_rest"])


def test_rule_is_stated_and_sourced(gaps):
    assert RULE.startswith("GCI 2020 tier:")
    assert "modelled on" in RULE and "not ITU's own classification of 2020" in RULE
    assert RULE in gaps.notes and NO_2024_TIERS in gaps.notes
    assert [t.min_score for t in TIERS] == [95, 85, 55, 20, 0]
    assert gaps.source["source_id"] == "itu-gci-2024"
    assert "Global Cybersecurity Index 2024" in gaps.source["source"]
    assert gaps.history_source and gaps.history_source["source_id"] == "itu-gci-2020"
    assert [s["source_id"] for s in gaps.sources()] == ["itu-gci-2024", "itu-gci-2020"]
    whole = gaps.as_dict()
    assert (whole["edition"], whole["tier_edition"]) == ("GCI 2024", "GCI 2020")
    assert whole["tier_source"]["source_id"] == "itu-gci-2020"
    assert whole["tiers"][0] == {"tier": 1, "name": "role-modelling", "min_score": 95}


def test_bad_inputs(full_warehouse):
    with pytest.raises(UnknownGroup):
        cyber_gaps(full_warehouse, groups=["ATLANTIS"])
    with pytest.raises(InputError):
        cyber_gaps(full_warehouse, lowest=(6,))
    with pytest.raises(InputError):
        cyber_gaps(full_warehouse, lowest=())


def test_without_gci_2020_no_tiers_are_shown(loaded):
    wh = loaded("blocs", "itu-gci-2024")
    gaps = cyber_gaps(wh, groups=["AU"])
    assert gaps.distribution.empty and gaps.lowest.empty and gaps.history_source is None
    assert not any(c.startswith("gci_2020") for c in gaps.scores.columns)
    assert "GCI 2020 (itu-gci-2020) is not loaded: no GCI 2020 tiers shown." in gaps.notes
    au = gaps.gap.set_index("group").loc["AU"]
    assert au["scored"] == 54 and au["gap_to_rest"] < 0
