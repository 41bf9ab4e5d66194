"""The tracker's REST routes: tokens, roles, scopes, ETags, problem+json errors, pagination."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tracker_bodies import assessment, commitment, forum

from southsouth.server import create_app
from southsouth.settings import load_settings
from southsouth.tracker import Tracker

PROBLEM = "application/problem+json"


@pytest.fixture
def client(tracker: Tracker, tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(load_settings(home=tmp_path / "home"))
    app.state.tracker = tracker
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def world(tracker: Tracker, admin) -> dict[str, str]:
    """Forums of AU, ASEAN and G77, commitments in and out of AU's scope, and tokens."""
    for fid, bloc in (("au-38", "AU"), ("asean-46", "ASEAN"), ("g77-summit", "G77")):
        tracker.create_record(admin, "forum", forum(fid, bloc))
    tracker.create_record(admin, "commitment", commitment("au-c", "au-38", ["KEN", "NGA"]))
    tracker.create_record(admin, "commitment", commitment("asean-c", "asean-46", ["IDN", "MYS"]))
    # at a G77 forum: all actors AU members → in AU's scope; one ASEAN actor → outside it
    tracker.create_record(admin, "commitment", commitment("g77-au", "g77-summit", ["KEN", "ZAF"]))
    tracker.create_record(admin, "commitment", commitment("g77-mix", "g77-summit", ["KEN", "IDN"]))
    tracker.create_record(
        admin, "commitment", commitment("au-draft", "au-38", ["KEN"], status="draft")
    )
    secrets = {}
    for name, role, scopes in (
        ("viewer", "viewer", []),
        ("editor_au", "editor", ["AU"]),
        ("editor", "editor", []),
        ("admin", "admin", []),
    ):
        _, secrets[name] = tracker.create_token(admin, role=role, scopes=scopes, name=name)
    return secrets


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def entries(tracker: Tracker, admin) -> int:
    return tracker.audit_entries(admin, limit=1).total


def _patch(client, secret, cid, text, version=1):
    return client.patch(
        f"/tracker/commitments/{cid}",
        json={"text": text},
        headers={**bearer(secret), "If-Match": f'"{version}"'},
    )


def test_writes_need_a_token_with_the_right_role(client, world, tracker, admin):
    before = entries(tracker, admin)
    body = commitment("new-c", "au-38", ["KEN"])
    anonymous = client.post("/tracker/commitments", json=body)
    assert anonymous.status_code == 401
    assert anonymous.headers["content-type"].startswith(PROBLEM)
    assert anonymous.headers["www-authenticate"].startswith("Bearer")
    assert anonymous.json()["code"] == "authentication-required"
    unknown = client.post("/tracker/commitments", json=body, headers=bearer("sst_not-a-token"))
    assert unknown.status_code == 401
    viewer = client.post("/tracker/commitments", json=body, headers=bearer(world["viewer"]))
    assert viewer.status_code == 403 and viewer.json()["code"] == "permission-denied"
    assert _patch(client, world["viewer"], "au-c", "changed").status_code == 403
    assert entries(tracker, admin) == before  # nothing written
    made = client.post("/tracker/commitments", json=body, headers=bearer(world["editor"]))
    assert made.status_code == 201
    assert made.headers["etag"] == '"1"'
    assert made.headers["location"].endswith("/tracker/commitments/new-c")
    assert entries(tracker, admin) == before + 1


def test_editor_scoped_to_au(client, world, tracker, admin):
    au = world["editor_au"]
    # an ASEAN commitment and a mixed one are outside AU's scope: 403, unchanged
    assert _patch(client, au, "asean-c", "edited by AU").status_code == 403
    denied = _patch(client, au, "g77-mix", "edited by AU")
    assert denied.status_code == 403 and "scope" in denied.json()["detail"]
    assert tracker.get_record(admin, "commitment", "asean-c").text == "Commitment asean-c"
    # a commitment of an AU forum, and one whose actors are all AU members, are inside it
    assert _patch(client, au, "au-c", "edited by AU").status_code == 200
    assert _patch(client, au, "g77-au", "edited by AU").status_code == 200
    # creating at an ASEAN forum is out of scope; moving a commitment there is too
    created = client.post(
        "/tracker/commitments",
        json=commitment("x", "asean-46", ["IDN"]),
        headers=bearer(au),
    )
    assert created.status_code == 403
    moved = client.patch(
        "/tracker/commitments/g77-au",
        json={"actors": ["KEN", "IDN"]},
        headers={**bearer(au), "If-Match": '"2"'},
    )
    assert moved.status_code == 403
    # assessments follow their commitment
    scored = client.post(
        "/tracker/assessments", json=assessment("asean-c", "IDN", 1), headers=bearer(au)
    )
    assert scored.status_code == 403
    ok = client.post("/tracker/assessments", json=assessment("au-c", "KEN", 1), headers=bearer(au))
    assert ok.status_code == 201
    # an admin may edit anything
    assert _patch(client, world["admin"], "asean-c", "edited by admin").status_code == 200
    assert tracker.verify(admin).ok


def test_revoked_token_stops_working(client, world, tracker, admin):
    token_id = tracker.authenticate(world["editor"]).token_id
    assert token_id is not None
    tracker.revoke_token(admin, token_id)
    response = _patch(client, world["editor"], "au-c", "too late")
    assert response.status_code == 401 and "revoked" in response.json()["detail"]


def test_public_reads_published_records_only(client, world):
    public = client.get("/tracker/commitments").json()
    assert "au-draft" not in [c["id"] for c in public["items"]]
    assert public["total"] == 4
    assert client.get("/tracker/commitments/au-draft").status_code == 404
    seen = client.get("/tracker/commitments/au-draft", headers=bearer(world["viewer"]))
    assert seen.status_code == 200 and seen.json()["status"] == "draft"
    listed = client.get("/tracker/commitments", headers=bearer(world["viewer"])).json()
    assert listed["total"] == 5


def test_invalid_payloads_are_422_with_field_paths(client, world, tracker, admin):
    before = entries(tracker, admin)
    body = {
        **commitment("bad", "au-38", ["KEN"]),
        "pillar": "weather",
        "actors": ["KEN", "kenya"],
        "kpi": {"indicator": "x", "target": 5.0},
        "deadline": "2030-02-30",
    }
    response = client.post("/tracker/commitments", json=body, headers=bearer(world["admin"]))
    assert response.status_code == 422
    assert response.headers["content-type"].startswith(PROBLEM)
    problem = response.json()
    assert problem["code"] == "invalid-request"
    fields = {e["field"] for e in problem["errors"]}
    assert {"body.pillar", "body.actors[1]", "body.kpi", "body.deadline"} <= fields
    # rules beyond the schema are 422 too, naming the field
    missing_forum = client.post(
        "/tracker/commitments",
        json=commitment("c9", "no-such-forum", ["KEN"]),
        headers=bearer(world["admin"]),
    )
    assert missing_forum.status_code == 422
    assert missing_forum.json()["code"] == "invalid-record"
    assert missing_forum.json()["errors"] == [
        {"field": "forum_id", "message": "no forum with id 'no-such-forum'"}
    ]
    not_an_actor = client.post(
        "/tracker/assessments", json=assessment("au-c", "ZAF", 1), headers=bearer(world["admin"])
    )
    assert not_an_actor.status_code == 422
    assert not_an_actor.json()["errors"][0]["field"] == "actor"
    strict = client.post(
        "/tracker/assessments",
        json={**assessment("au-c", "KEN", 1), "score": "1"},
        headers=bearer(world["admin"]),
    )
    assert strict.status_code == 422
    assert entries(tracker, admin) == before


def test_etags_if_match_404_409(client, world, tracker, admin):
    admin_auth = bearer(world["admin"])
    got = client.get("/tracker/commitments/au-c")
    assert got.status_code == 200 and got.headers["etag"] == '"1"'
    assert client.get("/tracker/commitments/nope").status_code == 404
    assert client.get("/tracker/forums/nope").json()["code"] == "unknown-record"
    assert (
        client.patch(
            "/tracker/commitments/nope",
            json={"text": "x"},
            headers={**admin_auth, "If-Match": '"1"'},
        ).status_code
        == 404
    )
    # no If-Match: 428; the current one: 200 and a new ETag; the old one again: 412
    no_version = client.patch("/tracker/commitments/au-c", json={"text": "a"}, headers=admin_auth)
    assert no_version.status_code == 428
    first = _patch(client, world["admin"], "au-c", "first edit", version=1)
    assert first.status_code == 200 and first.headers["etag"] == '"2"'
    assert first.json()["version"] == 2
    stale = _patch(client, world["admin"], "au-c", "lost edit", version=1)
    assert stale.status_code == 412 and stale.json()["code"] == "stale-version"
    assert tracker.get_record(admin, "commitment", "au-c").text == "first edit"
    garbage = client.patch(
        "/tracker/commitments/au-c", json={"text": "b"}, headers={**admin_auth, "If-Match": "x"}
    )
    assert garbage.status_code == 412
    # duplicate id: 409; delete with a stale version: 412, with the current one: 204
    dup = client.post("/tracker/forums", json=forum("au-38", "AU"), headers=bearer(world["editor"]))
    assert dup.status_code == 409 and dup.json()["code"] == "record-conflict"
    path = "/tracker/commitments/au-draft"
    assert client.delete(path, headers={**admin_auth, "If-Match": '"7"'}).status_code == 412
    assert client.delete(path, headers={**admin_auth, "If-Match": '"1"'}).status_code == 204
    assert client.get(path, headers=admin_auth).status_code == 404
    # a forum with commitments cannot be deleted
    in_use = client.delete("/tracker/forums/au-38", headers={**admin_auth, "If-Match": '"1"'})
    assert in_use.status_code == 409
    assert tracker.verify(admin).ok


def test_pagination_and_filters(client, world):
    page = client.get("/tracker/commitments", params={"limit": 2, "offset": 1}).json()
    assert (page["total"], page["limit"], page["offset"]) == (4, 2, 1)
    assert [c["id"] for c in page["items"]] == ["au-c", "g77-au"]  # id order: asean-c, au-c, …
    ken = client.get("/tracker/commitments", params={"actor": "IDN"}).json()
    assert sorted(c["id"] for c in ken["items"]) == ["asean-c", "g77-mix"]
    forums = client.get("/tracker/forums", params={"bloc_id": "AU"}).json()
    assert [f["id"] for f in forums["items"]] == ["au-38"]
    too_big = client.get("/tracker/forums", params={"limit": 501})
    assert too_big.status_code == 422
    assert too_big.json()["errors"][0]["field"] == "query.limit"


def test_audit_routes_are_for_admins(client, world):
    assert client.get("/tracker/audit").status_code == 401
    assert client.get("/tracker/audit", headers=bearer(world["editor"])).status_code == 403
    log = client.get("/tracker/audit", params={"limit": 2}, headers=bearer(world["admin"])).json()
    # 3 forums + 5 commitments + 4 tokens = 12 entries, newest first
    assert log["total"] == 12
    assert [e["seq"] for e in log["items"]] == [12, 11]
    assert log["items"][0]["entity"] == "token"
    report = client.get("/tracker/audit/verify", headers=bearer(world["admin"])).json()
    assert report["ok"] is True and report["entries"] == 12 and report["records"] == 12


def test_compliance_route(client, world, tracker, admin):
    tracker.create_record(admin, "assessment", assessment("au-c", "KEN", 1))
    tracker.create_record(admin, "assessment", assessment("au-c", "NGA", 0))
    body = client.get("/tracker/compliance", params={"by": "commitment"}).json()
    # au-c: (1 + 0)/2 = 0.5 → 75 %, 2 of its 2 actors assessed
    row = next(r for r in body["rows"] if r["key"] == "au-c")
    assert (row["compliance_pct"], row["n"], row["expected"]) == (75.0, 2, 2)
    assert client.get("/tracker/compliance", params={"include_drafts": True}).status_code == 401


def test_embedded_database_is_created_on_first_use(tmp_path):
    with TestClient(create_app(load_settings(home=tmp_path / "home"))) as client:
        response = client.get("/tracker/forums")
    assert response.status_code == 200 and response.json()["total"] == 0
    assert (tmp_path / "home" / "tracker.sqlite").is_file()


def test_not_initialised_database_is_503(tmp_path):
    (tmp_path / "empty.db").touch()  # exists, but no schema
    settings = load_settings(home=tmp_path / "home", tracker_url=f"sqlite:///{tmp_path}/empty.db")
    with TestClient(create_app(settings)) as client:
        response = client.get("/tracker/forums")
    assert response.status_code == 503
    assert response.json()["code"] == "tracker-not-ready"
    assert "tracker init" in response.json()["hint"]
