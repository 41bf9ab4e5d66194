"""GET /roadmaps/{group}: the planner's JSON, paged, cached by ETag, with clear errors."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from southsouth.server import create_app
from southsouth.settings import load_settings


@pytest.fixture(scope="module")
def client(full_warehouse):
    app = create_app(load_settings(home=full_warehouse.path.parent), snapshot=False)
    with TestClient(app) as test_client:
        yield test_client


def test_roadmap_of_a_bloc_pages_its_initiatives_with_sources(client):
    first = client.get("/roadmaps/MERCOSUR", params={"limit": 5})
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["group"]["id"] == "MERCOSUR" and len(body["group"]["members"]) == 6
    # 16 = 14 before the climate pillar + the COP position and climate-technology cooperation.
    assert body["total"] == 16 and len(body["items"]) == 5 and body["next"]
    rest = client.get("/roadmaps/MERCOSUR", params={"limit": 5, "offset": 5}).json()
    rest2 = client.get("/roadmaps/MERCOSUR", params={"limit": 5, "offset": 10}).json()
    rest3 = client.get("/roadmaps/MERCOSUR", params={"limit": 5, "offset": 15}).json()
    assert not rest3["next"]
    ids = [i["id"] for i in body["items"] + rest["items"] + rest2["items"] + rest3["items"]]
    assert len(ids) == len(set(ids)) == 16
    assert {"cop-negotiating-position", "climate-technology-cooperation"} <= set(ids)
    goals = {g["key"]: g for g in body["alignment"]["goals"]}
    # The common-market plan extends the Treaty of Asunción; MERCOSUR adopted it.
    assert goals["asuncion:common-market"]["initiatives"] == ["regional-economic-plan"]
    assert goals["asuncion:common-market"]["adopted_by_group"]
    # One member is red or orange on vulnerability: no early-warning programme, said as unserved.
    assert body["alignment"]["unserved"] == ["sendai:early-warning"]
    assert "integrated-security-framework" in ids
    # No projected shortage, so no health-workforce compact (the evidence differs from AU's).
    skipped = {s["id"]: s["reason"] for s in body["not_proposed"]}
    assert "no shortage" in skipped["health-workforce-compact"]
    assert all(i["kpis"] for i in body["items"])
    assert {s["source_id"] for s in body["sources"]} >= {"who-nhwa-nursing-midwifery"}
    again = client.get(
        "/roadmaps/MERCOSUR",
        params={"limit": 5},
        headers={"If-None-Match": first.headers["ETag"]},
    )
    assert again.status_code == 304 and again.content == b""


def test_roadmap_errors_are_problems(client):
    unknown = client.get("/roadmaps/NOT-A-BLOC")
    assert unknown.status_code in (404, 422)
    assert unknown.headers["content-type"].startswith("application/problem+json")
    assert unknown.json()["code"] == "unknown-group"
    horizon = client.get("/roadmaps/MERCOSUR", params={"horizon": 2070})
    assert horizon.status_code == 422
    assert "horizon" in horizon.text
