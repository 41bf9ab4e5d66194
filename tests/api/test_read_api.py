"""The read API over a small warehouse: envelope, sources, problem+json, ETags, reloads."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from southsouth.server import create_app
from southsouth.settings import load_settings
from southsouth.workspace import open_workspace

BRICS_2024 = ["ARE", "BRA", "CHN", "EGY", "ETH", "IND", "IRN", "RUS", "ZAF"]


@pytest.fixture
def home(loaded, tmp_path):
    loaded("blocs", "wdi-population").close()
    return tmp_path / "loaded"


@pytest.fixture
def client(home):
    with TestClient(create_app(load_settings(home=home))) as test_client:
        yield test_client


def test_members_by_year_with_sources(client):
    response = client.get("/blocs/BRICS/members", params={"year": 2024})
    assert response.status_code == 200
    body = response.json()
    assert body["date"] == "2024-12-31" and body["bloc_id"] == "BRICS"
    assert [m["iso3"] for m in body["items"]] == BRICS_2024  # ordered by ISO3
    assert body["total"] == 9 and body["next"] is None and body["prev"] is None
    assert all(m["source"] and m["source_url"] for m in body["items"])
    assert [s["source_id"] for s in body["sources"]] == ["blocs"]
    assert body["sources"][0]["licence"] and body["sources"][0]["vintage"]


def test_countries_and_blocs(client):
    g77 = client.get("/countries", params={"group": "g77", "limit": 1000}).json()
    assert g77["total"] == 135 and len(g77["items"]) == 135
    blocs = client.get("/blocs", params={"limit": 1000}).json()["items"]
    assert {b["bloc_id"]: b["members"] for b in blocs}["ECOWAS"] == 12


def test_pages_are_stable_and_linked(client):
    seen, url, pages = [], "/countries?group=g77&limit=50", 0
    while url:
        response = client.get(url)
        body = response.json()
        assert body["total"] == 135 and body["limit"] == 50
        seen += [c["iso3"] for c in body["items"]]
        url = body["next"]
        if url:
            assert f'<{url}>; rel="next"' in response.headers["link"]
        pages += 1
    assert pages == 3  # 50 + 50 + 35
    assert seen == sorted(set(seen)) and len(seen) == 135
    last = client.get("/countries", params={"group": "g77", "limit": 50, "offset": 100}).json()
    assert len(last["items"]) == 35 and last["next"] is None
    assert last["prev"].endswith("offset=50")
    beyond = client.get("/countries", params={"group": "g77", "offset": 500}).json()
    assert beyond["items"] == [] and beyond["total"] == 135


def test_observations_carry_licence_and_vintage(client):
    body = client.get(
        "/indicators/wdi_population/observations", params={"country": "IND", "year": 2023}
    ).json()
    assert body["total"] == 1
    row = body["items"][0]
    assert row["value"] == 1438069596
    assert row["licence"] == "CC BY 4.0" and row["vintage"] and row["publisher"]
    assert [s["source_id"] for s in body["sources"]] == ["wdi-population"]


def test_unknown_names_are_problem_json_404(client):
    response = client.get("/blocs/ECOWA/members")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == "unknown-bloc" and "ECOWAS" in body["suggestions"]
    assert body["instance"] == "/blocs/ECOWA/members"
    assert client.get("/indicators/nope/observations").json()["code"] == "unknown-indicator"


def test_unknown_route_and_method_are_problem_json(client):
    missing = client.get("/no/such/route")
    assert missing.status_code == 404 and missing.json()["code"] == "unknown-route"
    assert missing.headers["content-type"].startswith("application/problem+json")
    wrong = client.post("/countries")
    assert wrong.status_code == 405 and wrong.json()["code"] == "method-not-allowed"


def test_invalid_parameters_are_422_with_field_paths(client):
    response = client.get("/blocs/AU/members", params={"year": 1800, "limit": 0})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"query.year", "query.limit"}
    response = client.get("/blocs/HAGUE/members", params={"year": 2024})
    assert response.status_code == 422 and response.json()["code"] == "year-out-of-range"


def test_unsynced_home_is_503(tmp_path):
    with TestClient(create_app(load_settings(home=tmp_path / "empty"))) as empty:
        response = empty.get("/blocs")
    assert response.status_code == 503 and response.json()["code"] == "not-synced"
    assert not (tmp_path / "empty").exists()  # nothing written for a failed read


def test_etag_revalidation_and_cache(client):
    first = client.get("/blocs/BRICS/members", params={"year": 2024})
    etag = first.headers["etag"]
    assert etag.startswith('"') and first.headers["cache-control"].startswith("public")
    same = client.get("/blocs/BRICS/members?year=2024&all=false")  # defaults spelled out
    assert same.headers["etag"] == etag
    revalidated = client.get(
        "/blocs/BRICS/members", params={"year": 2024}, headers={"If-None-Match": etag}
    )
    assert revalidated.status_code == 304 and revalidated.content == b""
    assert revalidated.headers["etag"] == etag
    other_page = client.get("/blocs/BRICS/members", params={"year": 2024, "limit": 5})
    assert other_page.headers["etag"] != etag
    cache = client.app.state.reads.cache
    hits = cache.hits
    client.get("/blocs/BRICS/members", params={"year": 2024, "offset": 5})
    assert cache.hits == hits + 1  # every page of a read shares one computation


def test_reload_of_a_dataset_changes_only_its_reads(client, home, mirror):
    members = client.get("/blocs/BRICS/members", params={"year": 2024}).headers["etag"]
    url = "/indicators/wdi_population/observations?country=IND&year=2023"
    before = client.get(url).headers["etag"]
    # A `data sync` in another process: the server serves a snapshot, so the writer can
    # open the file; the next request sees the new load stamp.
    with open_workspace(home=home, mirror=str(mirror)) as ws:
        (result,) = ws.sync(["wdi-population"], force=True)
    assert result.outcome == "loaded"
    after = client.get(url)
    assert after.status_code == 200 and after.headers["etag"] != before
    assert after.json()["items"][0]["value"] == 1438069596
    assert client.get(url, headers={"If-None-Match": before}).status_code == 200
    assert client.get("/blocs/BRICS/members", params={"year": 2024}).headers["etag"] == members


def test_openapi_documents_envelope_and_problems(client):
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    assert {"/countries", "/blocs", "/blocs/{bloc}/members", "/datasets", "/index"} <= set(paths)
    members = paths["/blocs/{bloc}/members"]["get"]["responses"]
    assert set(members) >= {"200", "304", "404", "422", "503"}
    assert "application/problem+json" in members["422"]["content"]
    page = spec["components"]["schemas"]["MembersPage"]
    assert {"items", "total", "limit", "offset", "next", "sources"} <= set(page["required"])
