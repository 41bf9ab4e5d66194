"""Dashboard sessions: they act for their token, expire, are revoked by signing out and by
revoking the token, and keep only the sha256 of their secret (SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select

from southsouth.errors import AuthenticationRequired
from southsouth.tracker import Principal, Tracker
from southsouth.tracker.sessions import (
    LIFETIME,
    SESSION,
    create_session,
    principal_for_session,
    revoke_session,
)
from southsouth.tracker.tables import Base

T0 = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def editor(tracker: Tracker, admin: Principal) -> tuple[str, str]:
    """(token id, secret) of an ASEAN-scoped editor token."""
    info, secret = tracker.create_token(admin, role="editor", scopes=("ASEAN",), name="web")
    return info.id, secret


def _rows(tracker: Tracker) -> list[dict]:
    with tracker.db.reading() as conn:
        return [dict(r) for r in conn.execute(select(SESSION)).mappings()]


def test_a_session_acts_for_its_token_until_it_expires(tracker, editor):
    token_id, token_secret = editor
    session = create_session(tracker, token_secret, now=T0)
    assert session.expires_at == datetime(2026, 5, 1, 21, 0, tzinfo=UTC)
    assert session.token_id == token_id
    expected = Principal(
        label=f"token:{token_id}", role="editor", scopes=("ASEAN",), token_id=token_id
    )
    assert tracker.authenticate(token_secret) == expected
    assert principal_for_session(tracker, session.secret, now=T0) == expected
    last = T0 + LIFETIME - timedelta(seconds=1)
    assert principal_for_session(tracker, session.secret, now=last) == expected
    with pytest.raises(AuthenticationRequired, match="has expired"):
        principal_for_session(tracker, session.secret, now=T0 + LIFETIME)


def test_the_secret_is_not_the_token_and_only_its_hash_is_stored(tracker, editor):
    token_id, token_secret = editor
    session = create_session(tracker, token_secret, now=T0)
    assert session.secret.startswith("ssw_") and len(session.secret) == 68
    assert token_secret not in session.secret and "sst_" not in session.secret
    (row,) = _rows(tracker)
    assert row == {
        "id": session.id,
        "secret_sha256": hashlib.sha256(session.secret.encode()).hexdigest(),
        "token_id": token_id,
        "created_at": T0,
        "expires_at": T0 + LIFETIME,
        "revoked_at": None,
    }
    # The token's own secret is no session secret.
    with pytest.raises(AuthenticationRequired, match="is not known"):
        principal_for_session(tracker, token_secret, now=T0)
    with pytest.raises(AuthenticationRequired, match="is not known"):
        principal_for_session(tracker, "ssw_" + "0" * 64, now=T0)


def test_signing_out_revokes_only_that_session(tracker, editor):
    _, token_secret = editor
    mine = create_session(tracker, token_secret, now=T0)
    other = create_session(tracker, token_secret, now=T0)
    assert mine.secret != other.secret
    assert revoke_session(tracker, mine.secret, now=T0 + timedelta(minutes=5)) is True
    with pytest.raises(AuthenticationRequired, match="was signed out"):
        principal_for_session(tracker, mine.secret, now=T0 + timedelta(minutes=6))
    assert revoke_session(tracker, mine.secret, now=T0 + timedelta(minutes=7)) is False
    assert revoke_session(tracker, "sst_not-a-session") is False
    revoked = {r["id"]: r["revoked_at"] for r in _rows(tracker)}
    assert revoked == {mine.id: T0 + timedelta(minutes=5), other.id: None}
    assert principal_for_session(tracker, other.secret, now=T0).role == "editor"


def test_revoking_the_token_ends_its_sessions(tracker, admin, editor):
    token_id, token_secret = editor
    _, viewer_secret = tracker.create_token(admin, role="viewer")
    session = create_session(tracker, token_secret)
    bystander = create_session(tracker, viewer_secret)
    tracker.revoke_token(admin, token_id)
    with pytest.raises(AuthenticationRequired, match="revoked API token"):
        principal_for_session(tracker, session.secret)
    assert principal_for_session(tracker, bystander.secret).role == "viewer"
    with pytest.raises(AuthenticationRequired, match="revoked"):
        create_session(tracker, token_secret)


def test_unknown_tokens_open_no_session(tracker):
    with pytest.raises(AuthenticationRequired, match="not known"):
        create_session(tracker, "sst_" + "x" * 43, now=T0)
    assert _rows(tracker) == []


def test_expired_sessions_are_deleted_when_one_opens(tracker, editor):
    _, token_secret = editor
    old = create_session(tracker, token_secret, now=T0)
    kept = create_session(tracker, token_secret, now=T0 + timedelta(hours=6))
    new = create_session(tracker, token_secret, now=T0 + LIFETIME)
    assert {r["id"] for r in _rows(tracker)} == {kept.id, new.id}
    assert old.id not in {kept.id, new.id}
    with pytest.raises(AuthenticationRequired, match="is not known"):
        principal_for_session(tracker, old.secret, now=T0 + LIFETIME)


def test_the_migration_creates_the_table_as_declared(tracker):
    with tracker.db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
        count = conn.execute(select(func.count()).select_from(SESSION)).scalar_one()
    assert [d for d in differences if "web_session" in repr(d)] == []
    assert "web_session" in tracker.db.table_names()
    assert count == 0
