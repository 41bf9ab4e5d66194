"""Tension components and the noisy-OR score: hand-computed cases and India–Pakistan."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from relations_synthetic import make_data, relation

from southsouth.errors import InputError
from southsouth.relations.readiness import describe_pair
from southsouth.relations.tensions import (
    TensionOptions,
    TensionWeights,
    label,
    tension_table,
)

UCDP_CSV = "security/ucdp_armed_conflict_v25_1_conflict_year.csv"
GML_CSV = "security/gml_mid_v2_2_1_directed_dyad_year.csv"
TSS_CSV = "security/thompson_sakuwa_suthar_rivalries.csv"
INDIA, PAKISTAN = 750, 770


def _rows() -> list[dict]:
    name = json.dumps({"name": "A-B"})
    return [
        relation("rivalry", "AAA", "BBB", 1950, None, source_id="tss-rivalries", detail=name),
        relation("armed-conflict", "AAA", "BBB", 2019, 2019, value=1.0, source_id="ucdp-acd"),
        relation("armed-conflict", "AAA", "BBB", 2020, 2020, value=1.0, source_id="ucdp-acd"),
        relation("mid", "AAA", "BBB", 2008, 2008, value=3.0, ref="1", source_id="gml-mid"),
        relation("mid", "BBB", "AAA", 2009, 2009, value=4.0, ref="2", source_id="gml-mid"),
        relation("contiguity", "AAA", "BBB", 1960, None, value=1.0, source_id="cow-contiguity"),
        # TD rivalry only, no TSS record: counts (TD data end 2010)
        relation("rivalry", "AAA", "CCC", 1960, None, source_id="td-rivalries"),
        # TD says ongoing in 2010 but TSS ended it in 2015: TSS wins
        relation("rivalry", "AAA", "DDD", 1960, None, source_id="td-rivalries"),
        relation("rivalry", "AAA", "DDD", 1960, 2015, source_id="tss-rivalries"),
        # outside the windows (MIDs 2001–2010, UCDP 2015–2024)
        relation("mid", "BBB", "CCC", 1995, 1995, value=5.0, ref="3", source_id="gml-mid"),
        relation("armed-conflict", "BBB", "CCC", 2012, 2012, value=2.0, source_id="ucdp-acd"),
        relation("contiguity", "BBB", "CCC", 1960, None, value=2.0, source_id="cow-contiguity"),
    ]


FRICTION = {
    "country_a": "AAA",
    "country_b": "BBB",
    "level": 1,
    "since": pd.Timestamp("2025-06-01").date(),
    "until": None,
    "summary": "envoys recalled",
    "publisher": "P",
    "title": "T",
    "date": pd.Timestamp("2025-06-02").date(),
    "url": "https://example.org",
}


@pytest.fixture
def table():
    data = make_data(
        _rows(),
        territorial_pct={"AAA": 0.5, "BBB": 1.0},
        frictions=[FRICTION],
    )
    return tension_table(data, ["AAA", "BBB", "CCC", "DDD"]).set_index(["a", "b"])


def test_hand_computed_noisy_or(table):
    row = table.loc[("AAA", "BBB")]
    assert row["v_rivalry"] == 1.0
    assert row["v_armed_conflict"] == 0.75  # minor years only
    assert row["v_mid"] == pytest.approx(4 / 5)  # highest hostility either side
    assert row["mid_disputes"] == 2
    assert row["v_friction"] == pytest.approx(1 / 3)
    assert row["v_territorial"] == 0.5  # contiguous: the lower percentile
    expected = 1 - (1 - 0.7) * (1 - 0.9 * 0.75) * (1 - 0.3 * 0.8) * (1 - 0.7 / 3) * (1 - 0.075)
    assert row["tension"] == pytest.approx(expected)
    assert row["tension_label"] == "high"
    assert row["drivers"].split(", ")[0] == "rivalry"


def test_rivalry_sources_and_windows(table):
    assert table.loc[("AAA", "CCC"), "tension"] == pytest.approx(0.7)
    assert table.loc[("AAA", "CCC"), "rivalry_source"] == "td-rivalries"
    assert table.loc[("AAA", "DDD"), "tension"] == 0.0
    old = table.loc[("BBB", "CCC")]
    assert old["v_mid"] == 0.0 and old["v_armed_conflict"] == 0.0
    # contiguous but CCC has no territorial-threat estimate: missing, not zero
    assert pd.isna(old["v_territorial"])
    assert old["tension"] == 0.0


def test_weights_threshold_and_labels():
    assert label(0.6, 0.6) == "high"
    assert label(0.3, 0.6) == "elevated"
    assert label(0.2999, 0.6) == "low"
    data = make_data(_rows())
    options = TensionOptions(weights=TensionWeights(rivalry=0.4), threshold=0.5)
    lowered = tension_table(data, ["AAA", "CCC"], options).iloc[0]
    assert lowered["tension"] == pytest.approx(0.4) and lowered["tension_label"] == "elevated"
    with pytest.raises(InputError):
        TensionWeights(rivalry=1.5)
    with pytest.raises(InputError):
        TensionOptions(threshold=0.0)


def _raw(mirror: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(mirror / name, low_memory=False)


def test_india_pakistan_is_a_rivalry_with_high_tension(relation_data, mirror):
    pair = describe_pair(relation_data, "PAK", "IND")
    assert (pair.a, pair.b) == ("IND", "PAK")
    assert pair.rivalry
    assert pair.tension_label == "high" and not pair.ready
    assert pair.tension >= 0.95
    components = pair.components.set_index("component")
    # independent counts from the raw mirror files
    tss = _raw(mirror, TSS_CSV)
    rivalry = tss[(tss["ccode1"] == INDIA) & (tss["ccode2"] == PAKISTAN)]
    assert list(rivalry["end"]) == [2020]  # running at the end of the TSS data
    assert "India-Pakistan" in components.loc["rivalry", "evidence"]
    ucdp = _raw(mirror, UCDP_CSV)
    interstate = ucdp[(ucdp["type_of_conflict"] == "interstate") & ucdp["year"].between(2015, 2024)]
    sides = {INDIA, PAKISTAN}
    years = interstate[interstate["gwno_a"].isin(sides) & interstate["gwno_b"].isin(sides)]
    assert years["year"].nunique() == 6
    assert (
        f"in {years['year'].nunique()} of 2015–2024" in components.loc["armed_conflict", "evidence"]
    )
    assert components.loc["armed_conflict", "value"] == (
        1.0 if years["intensity_level"].max() == 2 else 0.75
    )
    gml = _raw(mirror, GML_CSV)
    dyads = gml[
        gml["year"].between(2001, 2010)
        & (
            ((gml["ccode1"] == INDIA) & (gml["ccode2"] == PAKISTAN))
            | ((gml["ccode1"] == PAKISTAN) & (gml["ccode2"] == INDIA))
        )
    ]
    assert components.loc["mid", "value"] == pytest.approx(dyads["hostlev1"].max() / 5)
    assert f"{dyads['dispnum'].nunique()} GML" in components.loc["mid", "evidence"]
    assert components.loc["friction", "value"] == 1.0  # 2025 clashes, curated level 3
    survive = (1 - components.loc[list(components.index[:5]), "contribution"]).prod()
    assert pair.tension == pytest.approx(1 - survive)


def test_data_limits_are_stated(relation_data):
    pair = describe_pair(relation_data, "BRA", "ZAF")
    assert pair.tension == 0.0 and pair.tension_label == "low" and pair.ready
    assert "BRICS" in pair.pathways
    text = " ".join(pair.notes)
    assert "militarised disputes 2010 (GML)" in text and "2024 (UCDP)" in text
    mid = pair.components.set_index("component").loc["mid", "evidence"]
    assert "GML data end in 2010" in mid
