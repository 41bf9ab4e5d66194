"""Readiness: hand-computed enablers and points, and the pair and map answers on real data."""

from __future__ import annotations

import json
from datetime import date

import pytest
from relations_synthetic import make_data, relation

from southsouth.errors import InputError, UnknownCountry, UnknownGroup
from southsouth.relations.readiness import (
    ReadinessWeights,
    describe_pair,
    pair_relations,
    pair_scores,
    relations_map,
)


def _data():
    return make_data(
        [
            relation("alliance", "AAA", "DDD", 2000, None, value=1.0, source_id="atop-alliances",
                     detail=json.dumps({"pledges": ["defense"]})),
            relation("alliance", "AAA", "BBB", 2000, None, value=0.0, source_id="atop-alliances",
                     detail=json.dumps({"pledges": ["consultation"]})),
            relation("alliance", "BBB", "CCC", 2000, 2010, value=1.0, source_id="atop-alliances",
                     detail=json.dumps({"pledges": ["defense"]})),
            relation("contiguity", "AAA", "BBB", 1960, None, value=3.0, source_id="cow-contiguity"),
        ],
        civicus={"AAA": 4, "BBB": 5, "DDD": 2},
        finance={"AAA": 10.0, "BBB": 80.0},
        memberships=[("X", "AAA"), ("X", "DDD"), ("G77", "AAA"), ("G77", "DDD"),
                     ("Y", "AAA"), ("Y", "BBB"), ("G77", "BBB")],
    )  # fmt: skip


def test_hand_computed_readiness():
    table = pair_scores(_data(), ["AAA", "BBB", "CCC", "DDD"]).set_index(["a", "b"])
    ad = table.loc[("AAA", "DDD")]
    assert ad["pathways"] == ("X",)  # G77 shared but left out
    assert ad["shared_blocs"] == ("G77", "X")
    assert ad["e_pathways"] == pytest.approx(1 / 3)
    assert ad["e_alliance"] == 1.0
    assert ad["e_civic_space"] == pytest.approx(0.25)  # the more closed: rating 2
    assert ad["e_finance"] == pytest.approx(0.8)  # DDD has no value: AAA's 10 % alone
    assert ad["e_proximity"] == 0.0
    expected = 100 * (0.5 + 0.2 / 3 + 0.1 + 0.1 * 0.25 + 0.05 * 0.8 + 0)
    assert ad["readiness"] == pytest.approx(expected)
    points = [ad[f"p_{n}"] for n in ("peace", "pathways", "alliance", "civic_space")]
    assert sum(points) + ad["p_finance"] + ad["p_proximity"] == pytest.approx(ad["readiness"])
    ab = table.loc[("AAA", "BBB")]
    assert ab["e_alliance"] == 0.5  # consultation only
    assert ab["e_proximity"] == 0.5  # water contiguity (type 3)
    assert ab["e_finance"] == 0.0  # 80 % of GDP, above the 50 % cap
    bc = table.loc[("BBB", "CCC")]
    assert bc["e_alliance"] == 0.0  # the 2000–2010 alliance is no longer in force
    # CCC has no CIVICUS rating: the enabler drops out and the weights are renormalised
    assert bc["missing"] == "civic_space"
    assert bc["e_finance"] == 0.0  # BBB's 80 % alone (CCC has no AidData value)
    expected_bc = 100 * (0.5 * 1) / (1 - 0.1)
    assert bc["readiness"] == pytest.approx(expected_bc)


def test_weights_must_be_usable():
    with pytest.raises(InputError):
        ReadinessWeights(peace=-1)
    with pytest.raises(InputError):
        ReadinessWeights(*(0.0,) * 6)
    with pytest.raises(InputError):
        describe_pair(_data(), "AAA", "AAA")


def test_pair_answer_is_json_ready(relation_data):
    pair = describe_pair(relation_data, "IND", "BGD")
    payload = json.loads(json.dumps(pair.as_dict()))
    assert payload["pair"] == ["BGD", "IND"]
    assert {c["component"] for c in payload["components"]} >= {"rivalry", "friction", "peace"}
    assert len(payload["frictions"]) == 3
    assert all(f["url"].startswith("https://") and f["publisher"] for f in payload["frictions"])
    assert all(f["in_effect"] for f in payload["frictions"])
    readiness = [c for c in payload["components"] if c["role"] == "readiness"]
    assert sum(c["contribution"] for c in readiness) == pytest.approx(pair.readiness)
    assert {s["source_id"] for s in payload["sources"]} >= {"tss-rivalries", "ucdp-acd"}


def test_pair_relations_resolves_names_and_rejects_unknowns(full_warehouse):
    pair = pair_relations(full_warehouse, "India", "Pakistan", as_of=date(2026, 11, 28))
    assert pair.rivalry and pair.tension_label == "high"
    assert not pair.history["rivalries"].empty and not pair.history["wars"].empty
    with pytest.raises(UnknownCountry):
        pair_relations(full_warehouse, "IND", "Atlantis")


def test_relations_map_of_a_bloc(full_warehouse):
    saarc = relations_map(full_warehouse, "SAARC", as_of=date(2026, 11, 28))
    assert len(saarc.nodes) == 8 and len(saarc.pairs) == 28
    high = set(zip(saarc.high["a"], saarc.high["b"], strict=True))
    assert {("IND", "PAK"), ("AFG", "PAK")} <= high
    payload = json.loads(json.dumps(saarc.as_dict()))
    assert payload["counts"]["high"] == len(high)
    with pytest.raises(UnknownGroup):
        relations_map(full_warehouse, "NOT-A-BLOC")
