"""The read API: JSON with sources, problem+json errors, OpenAPI."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from southsouth.api import create_app
from southsouth.settings import load_settings


@pytest.fixture
def client(loaded, tmp_path):
    loaded("blocs", "wdi-population").close()
    settings = load_settings(home=tmp_path / "loaded")
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_members_by_year_with_sources(client):
    response = client.get("/blocs/BRICS/members", params={"year": 2024})
    assert response.status_code == 200
    body = response.json()
    assert body["date"] == "2024-12-31"
    assert sorted(m["iso3"] for m in body["members"]) == [
        "ARE",
        "BRA",
        "CHN",
        "EGY",
        "ETH",
        "IND",
        "IRN",
        "RUS",
        "ZAF",
    ]
    assert all(m["source"] and m["source_url"] for m in body["members"])


def test_countries_and_blocs(client):
    g77 = client.get("/countries", params={"group": "g77"}).json()
    assert len(g77) == 135
    blocs = {b["bloc_id"]: b for b in client.get("/blocs").json()}
    assert blocs["ECOWAS"]["members"] == 12


def test_observations_carry_licence_and_vintage(client):
    rows = client.get(
        "/indicators/wdi_population/observations", params={"country": "IND", "year": 2023}
    ).json()
    assert len(rows) == 1
    assert rows[0]["value"] == 1438069596
    assert rows[0]["licence"] and rows[0]["vintage"] and rows[0]["publisher"]


def test_unknown_names_are_problem_json_404(client):
    response = client.get("/blocs/ECOWA/members")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == "unknown-bloc" and "ECOWAS" in body["suggestions"]
    assert client.get("/indicators/nope/observations").json()["code"] == "unknown-indicator"


def test_bad_year_is_rejected(client):
    assert client.get("/blocs/AU/members", params={"year": 1800}).status_code == 422
    response = client.get("/blocs/HAGUE/members", params={"year": 2024})
    assert response.status_code == 400 and response.json()["code"] == "year-out-of-range"


def test_unsynced_home_is_503(tmp_path):
    with TestClient(create_app(load_settings(home=tmp_path / "empty"))) as empty:
        response = empty.get("/blocs")
    assert response.status_code == 503 and response.json()["code"] == "not-synced"


def test_openapi_lists_routes(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/countries", "/blocs", "/blocs/{bloc}/members", "/datasets"} <= set(paths)
