"""Analysis reads on the full mirror: values equal the feature results and published figures."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from southsouth.indicators.framework import PILLARS
from southsouth.server import create_app
from southsouth.settings import load_settings


@pytest.fixture(scope="module")
def client(full_warehouse):
    app = create_app(load_settings(home=full_warehouse.path.parent), snapshot=False)
    with TestClient(app) as test_client:
        yield test_client


def test_military_shares_reproduce_sipri_2023(client):
    body = client.get("/gaps/military", params={"year": 2023, "limit": 1000}).json()
    shares = {row["entity"]: row["share_pct"] for row in body["items"]}
    # SIPRI 2023 (founding text): Africa 2.1 %, South America 2.1 %, South-East Asia 2.0 %.
    assert round(shares["Africa"], 1) == 2.1
    assert round(shares["South America"], 1) == 2.1
    assert round(shares["South East Asia"], 1) == 2.0
    # Africa: 51.577 bn of a 2,443.399 bn world = 2.111 %.
    africa = next(row for row in body["items"] if row["entity"] == "Africa")
    assert africa["share_pct"] == pytest.approx(100 * 51.5771126 / 2443.3988032, rel=1e-6)
    assert body["top"][0]["iso3"] == "USA"
    assert {s["source_id"] for s in body["sources"]} >= {"sipri-milex-2024-regions"}
    assert all(s["licence"] and s["vintage"] for s in body["sources"])


def test_profile_value_equals_the_observation(client):
    profile = client.get("/countries/IND/profile").json()
    assert profile["iso3"] == "IND" and [p["pillar"] for p in profile["pillars"]] == list(PILLARS)
    entry = next(
        e for p in profile["pillars"] for e in p["indicators"] if e["indicator"] == "rd_expenditure"
    )
    observed = client.get(
        "/indicators/wdi_rd_expenditure_pct_gdp/observations",
        params={"country": "IND", "year": int(entry["year"])},
    ).json()["items"]
    assert len(observed) == 1 and observed[0]["value"] == entry["value"]
    assert entry["dataset"] == observed[0]["source_id"] == "wdi-rd-expenditure"
    assert "wdi-rd-expenditure" in {s["source_id"] for s in profile["sources"]}


def test_index_ranks_bands_and_pillars(client):
    body = client.get("/index", params={"group": "BRICS", "limit": 4}).json()
    assert body["total"] == 10 and len(body["items"]) == 4 and body["draws"] == 100
    assert body["next"].endswith("offset=4")
    rest = (
        client.get(body["next"]).json()["items"]
        + client.get("/index", params={"group": "BRICS", "offset": 8}).json()["items"]
    )
    rows = body["items"] + rest
    assert [r["rank"] for r in rows] == list(range(1, 11))
    for row in rows:
        assert set(row["pillars"]) == set(PILLARS)
        assert row["rank_q05"] <= row["median_rank"] <= row["rank_q95"]
    # Equal pillar weights (1/9) and arithmetic means: the score is the mean of the nine
    # pillars for a country with every pillar scored (China: (62.26 + 87.36 + …) / 9).
    china = next(r for r in rows if r["iso3"] == "CHN")
    assert china["score"] == pytest.approx(sum(china["pillars"].values()) / 9, rel=1e-9)
    assert all(w["pillar_weight"] == pytest.approx(1 / 9) for w in body["weight_table"])
    assert body["sources"] and all(s["licence"] for s in body["sources"])


def test_index_draws_are_bounded_and_seeded(client):
    assert client.get("/index", params={"draws": 1001}).status_code == 422
    first = client.get("/index", params={"group": "BRICS", "draws": 50, "seed": 7}).json()
    again = client.get("/index", params={"group": "BRICS", "draws": 50, "seed": 7}).json()
    assert first["items"] == again["items"]
    none = client.get("/index", params={"group": "BRICS", "draws": 0}).json()["items"]
    assert all(r.get("rank_q05") is None for r in none)


def test_cyber_and_civic_space(client):
    cyber = client.get("/gaps/cyber", params={"limit": 1}).json()
    assert (cyber["edition"], cyber["tier_edition"]) == ("GCI 2024", "GCI 2020")
    assert [s["source_id"] for s in cyber["sources"]] == ["itu-gci-2020", "itu-gci-2024"]
    top = cyber["items"][0]  # highest GCI 2024 score first; no 2024 tier in the rows
    assert top["score"] == 100.0 and "tier" not in top and "gci_2020_tier" in top
    gap = next(r for r in cyber["gap"] if r["group"] == "g77")
    assert gap["scored"] == 135 and gap["gap_to_rest"] < -20  # GCI 2024, members of 2024
    g77 = next(r for r in cyber["lowest"] if r["group"] == "g77")
    # GCI 2020 tiers: 89 of the 133 scored G77 countries are in tiers 4–5: 66.9 %.
    assert (g77["in_lowest_tiers"], g77["scored"]) == (89, 133)
    assert g77["pct_in_lowest_tiers"] == pytest.approx(100 * 89 / 133)
    civic = client.get("/gaps/civic-space", params={"limit": 1000}).json()
    closed = {r["iso3"] for r in civic["items"] if r["label"] == "Closed"}
    assert {"CUB", "ERI"} <= closed  # named in the founding text
    assert [s["source_id"] for s in civic["sources"]] == ["civicus-monitor-2021"]


def test_relations_and_coalitions(client):
    pair = client.get("/relations/IND/PAK").json()
    assert pair["rivalry"] is True and pair["tension_label"] == "high"
    assert pair["pair"] == ["IND", "PAK"]
    body = client.get("/coalitions", params={"objective": "pharma", "size": 4, "top": 2}).json()
    assert body["total"] == 2
    for coalition in body["items"]:
        assert len(coalition["members"]) == 4
        assert coalition["max_tension"] < body["tension_threshold"]
    assert client.get("/coalitions", params={"objective": "pharma", "size": 11}).status_code == 422


def test_trade_and_connectivity(client):
    links = client.get("/trade/links", params={"bloc": "ECOWAS", "limit": 1000}).json()
    flags = [p["missing_link"] for p in links["items"]]
    assert flags == sorted(flags, reverse=True)  # missing links first
    assert links["options"]["n_missing_links"] == sum(flags)
    complexity = client.get("/trade/complexity", params={"limit": 3}).json()
    assert [c["eci_rank"] for c in complexity["items"]] == [1, 2, 3]
    assert complexity["sources"][0]["source_id"] == "ots-hs4-exports-2017"
    unknown = client.get("/trade/complexity", params={"source": "no-such-table"})
    assert unknown.status_code == 404 and unknown.json()["code"] == "unknown-dataset"
    hubs = client.get("/connectivity/hubs", params={"top": 5}).json()
    assert [h["rank"] for h in hubs["items"]] == [1, 2, 3, 4, 5]
    missing = client.get(
        "/connectivity/missing-links", params={"from": "africa", "to": "south-america"}
    ).json()
    assert missing["total"] == 10 and all(r["stops"] != 0 for r in missing["items"])
    assert "airline-routes-2026" in {s["source_id"] for s in missing["sources"]}
