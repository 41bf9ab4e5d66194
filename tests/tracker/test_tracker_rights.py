"""Who may unpublish, delete and publish, and a bloc scope's reach (actors, not the forum)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tracker_bodies import assessment, commitment, forum

from southsouth.errors import PermissionDenied
from southsouth.server import create_app
from southsouth.settings import load_settings
from southsouth.tracker import Principal, Tracker


@pytest.fixture
def client(tracker: Tracker, tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(load_settings(home=tmp_path / "home"))
    app.state.tracker = tracker
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def tokens(tracker: Tracker, admin: Principal) -> dict[str, str]:
    """An AU forum with a published commitment and assessment, and tokens."""
    tracker.create_record(admin, "forum", forum("au-38", "AU"))
    tracker.create_record(admin, "commitment", commitment("au-c", "au-38", ["KEN", "NGA"]))
    tracker.create_record(admin, "assessment", assessment("au-c", "KEN", 1, id="au-a"))
    secrets = {}
    for name, role, scopes in (
        ("editor", "editor", []),
        ("editor_au", "editor", ["AU"]),
        ("admin", "admin", []),
    ):
        _, secrets[name] = tracker.create_token(admin, role=role, scopes=scopes, name=name)
    return secrets


def auth(secret: str, version: int | None = None) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {secret}"}
    if version is not None:
        headers["If-Match"] = f'"{version}"'
    return headers


def entries(tracker: Tracker, admin: Principal) -> int:
    return tracker.audit_entries(admin, limit=1).total


@pytest.mark.parametrize("kind", ["commitments", "assessments"])
def test_an_editor_cannot_unpublish_then_delete(client, tokens, tracker, admin, kind):
    record_id = {"commitments": "au-c", "assessments": "au-a"}[kind]
    before = entries(tracker, admin)
    path = f"/tracker/{kind}/{record_id}"
    unpublish = client.patch(path, json={"status": "draft"}, headers=auth(tokens["editor"], 1))
    assert unpublish.status_code == 403
    assert unpublish.json()["code"] == "permission-denied"
    assert "unpublishing a published" in unpublish.json()["detail"]
    deleted = client.delete(path, headers=auth(tokens["editor"], 1))
    assert deleted.status_code == 403
    record = client.get(path).json()  # still public, unchanged
    assert (record["status"], record["version"]) == ("published", 1)
    assert entries(tracker, admin) == before
    # other changes to a published record stay open to editors
    if kind == "commitments":
        edited = client.patch(path, json={"text": "Reworded"}, headers=auth(tokens["editor"], 1))
        assert edited.status_code == 200 and edited.json()["status"] == "published"
    # an admin may unpublish
    version = client.get(path).json()["version"]
    done = client.patch(path, json={"status": "draft"}, headers=auth(tokens["admin"], version))
    assert done.status_code == 200 and done.json()["status"] == "draft"
    assert tracker.verify(admin).ok


def test_the_service_refuses_unpublishing_whoever_asks(tracker, tokens, admin):
    editor = tracker.authenticate(tokens["editor"])
    with pytest.raises(PermissionDenied, match="admin role"):
        tracker.update_record(editor, "commitment", "au-c", {"status": "draft"}, expected_version=1)
    assert tracker.get_record(admin, "commitment", "au-c").status == "published"


def test_publish_action(client, tokens, tracker, admin):
    tracker.create_record(admin, "commitment", commitment("au-d", "au-38", ["KEN"], status="draft"))
    path = "/tracker/commitments/au-d/publish"
    assert client.post(path).status_code == 401
    assert client.post(path, headers=auth(tokens["editor"])).status_code == 428
    assert client.post(path, headers=auth(tokens["editor"], 7)).status_code == 412
    done = client.post(path, headers=auth(tokens["editor_au"], 1))
    assert done.status_code == 200, done.json()
    assert (done.json()["status"], done.headers["etag"]) == ("published", '"2"')
    (logged,) = tracker.audit_entries(admin, entity_id="au-d", limit=1).items
    assert (logged.action, logged.actor) == (
        "update",
        f"token:{tracker.authenticate(tokens['editor_au']).token_id}",
    )
    assert (logged.before or {})["status"] == "draft" and (logged.after or {})[
        "status"
    ] == "published"
    # publishing again changes nothing; forums have no publish action
    again = client.post(path, headers=auth(tokens["editor"], 2))
    assert again.status_code == 200 and again.json()["version"] == 2
    forum_publish = client.post("/tracker/forums/au-38/publish", headers=auth(tokens["admin"], 1))
    assert (forum_publish.status_code, forum_publish.json()["code"]) == (404, "unknown-route")


def test_an_au_editor_cannot_commit_non_members_at_an_au_forum(client, tokens, tracker, admin):
    au = tokens["editor_au"]
    before = entries(tracker, admin)
    made = client.post("/tracker/forums", json=forum("au-x", "AU"), headers=auth(au))
    assert made.status_code == 201
    # USA and IDN are not AU members on the forum's first day: refused, nothing written
    mixed = client.post(
        "/tracker/commitments", json=commitment("au-x-c1", "au-x", ["USA", "IDN"]), headers=auth(au)
    )
    assert mixed.status_code == 403 and mixed.json()["code"] == "permission-denied"
    assert "not within it on 2025-02-15: USA, IDN" in mixed.json()["detail"]
    assert client.get("/tracker/commitments/au-x-c1", headers=auth(au)).status_code == 404
    assert entries(tracker, admin) == before + 1  # the forum only
    # so an assessment of IDN cannot be made on it …
    scored = client.post(
        "/tracker/assessments", json=assessment("au-x-c1", "IDN", 1), headers=auth(au)
    )
    assert scored.status_code == 422
    assert scored.json()["errors"] == [
        {"field": "commitment_id", "message": "no commitment with id 'au-x-c1'"}
    ]
    # … nor on one an admin records there, nor by adding IDN to an AU commitment
    tracker.create_record(admin, "commitment", commitment("au-x-c2", "au-x", ["KEN", "IDN"]))
    refused = client.post(
        "/tracker/assessments", json=assessment("au-x-c2", "IDN", 1), headers=auth(au)
    )
    assert refused.status_code == 403
    widened = client.patch(
        "/tracker/commitments/au-c", json={"actors": ["KEN", "NGA", "IDN"]}, headers=auth(au, 1)
    )
    assert widened.status_code == 403
    assert tracker.compliance(admin, by="actor").rows[0].key == "KEN"  # no IDN score
    # one of only AU members (and the bloc itself) is allowed
    ok = client.post(
        "/tracker/commitments",
        json=commitment("au-x-c3", "au-x", ["KEN", "ZAF", "bloc:AU"]),
        headers=auth(au),
    )
    assert ok.status_code == 201
    assert (
        client.post(
            "/tracker/assessments", json=assessment("au-x-c3", "ZAF", 0), headers=auth(au)
        ).status_code
        == 201
    )
    assert tracker.verify(admin).ok


def test_a_forum_scope_covers_its_forum_and_its_commitments(tracker, admin):
    tracker.create_record(admin, "forum", forum("g77-s", "G77"))
    tracker.create_record(admin, "forum", forum("other", "G77"))
    _, secret = tracker.create_token(admin, role="editor", scopes=["forum:g77-s"])
    holder = tracker.authenticate(secret)
    made = tracker.create_record(holder, "commitment", commitment("g1", "g77-s", ["USA", "IDN"]))
    assert made.actors == ["USA", "IDN"]
    tracker.update_record(holder, "forum", "g77-s", {"place": "Kampala"}, expected_version=1)
    with pytest.raises(PermissionDenied):
        tracker.create_record(holder, "commitment", commitment("g2", "other", ["KEN"]))
    with pytest.raises(PermissionDenied):
        tracker.update_record(holder, "forum", "other", {"place": "x"}, expected_version=1)


def test_without_membership_data_only_bloc_actors_pass(database_url, admin):
    with Tracker.open(database_url) as bare:  # no warehouse: memberships unknown
        bare.create_record(admin, "forum", forum("au-1", "AU"))
        _, secret = bare.create_token(admin, role="editor", scopes=["AU"])
        au = bare.authenticate(secret)
        with pytest.raises(PermissionDenied, match="AU membership on 2025-02-15 is not known"):
            bare.create_record(au, "commitment", commitment("k", "au-1", ["KEN"]))
        made = bare.create_record(au, "commitment", commitment("b", "au-1", ["bloc:AU"]))
        assert made.actors == ["bloc:AU"]
