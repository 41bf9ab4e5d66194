"""Dashboard sessions: signing in with an API token opens a session that acts for the token.

The browser's cookie holds only the session's own random secret (``ssw_`` + 64 hex digits,
256 bits), never the token. The database keeps the secret's sha256, the token the session
acts for, when it was created, when it expires (:data:`LIFETIME` later) and when it was
revoked. A session works while it is neither expired nor revoked and its token is not
revoked; signing out revokes it, so a copied cookie stops working at once. Expired sessions
are deleted when a new one is opened.

Sessions are not records: opening and revoking one is not written to the audit log (the
edits made through a session are, under the token's ``token:<id>`` label).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Table, delete, insert, select, update

from southsouth.errors import AuthenticationRequired
from southsouth.tracker.access import Principal, secret_hash, token_principal
from southsouth.tracker.service import Tracker
from southsouth.tracker.tables import TokenRow, WebSessionRow

#: How long a session works after signing in.
LIFETIME = timedelta(hours=12)
#: Start of every session secret (a token secret starts with ``sst_``).
SESSION_PREFIX = "ssw_"
#: Length of a session secret.
SECRET_LENGTH = len(SESSION_PREFIX) + 64

SESSION: Table = WebSessionRow.__table__  # type: ignore[assignment]
TOKEN: Table = TokenRow.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class Session:
    """An opened session; ``secret`` goes in the cookie and is not stored."""

    id: str
    secret: str
    token_id: str
    expires_at: datetime


def _now() -> datetime:
    return datetime.now(UTC)


def _ended(reason: str) -> AuthenticationRequired:
    return AuthenticationRequired(
        f"the dashboard session {reason}", hint="sign in again with your API token"
    )


def create_session(
    tracker: Tracker,
    token_secret: str,
    *,
    now: datetime | None = None,
    lifetime: timedelta = LIFETIME,
) -> Session:
    """Open a session for the holder of ``token_secret`` (AuthenticationRequired unless the
    token works); deletes the sessions that have expired."""
    who = tracker.authenticate(token_secret)
    assert who.token_id is not None
    at = now or _now()
    session = Session(
        id=f"ses_{secrets.token_hex(8)}",
        secret=SESSION_PREFIX + secrets.token_hex(32),
        token_id=who.token_id,
        expires_at=at + lifetime,
    )
    with tracker.db.writing() as conn:
        conn.execute(delete(SESSION).where(SESSION.c.expires_at <= at))
        conn.execute(
            insert(SESSION).values(
                id=session.id,
                secret_sha256=secret_hash(session.secret),
                token_id=session.token_id,
                created_at=at,
                expires_at=session.expires_at,
                revoked_at=None,
            )
        )
    return session


def principal_for_session(
    tracker: Tracker, secret: str, *, now: datetime | None = None
) -> Principal:
    """Who the session with ``secret`` acts for; AuthenticationRequired when the session is
    unknown, revoked or expired, or its token has been revoked."""
    if not secret.startswith(SESSION_PREFIX) or len(secret) != SECRET_LENGTH:
        raise _ended("is not known")
    query = (
        select(
            SESSION.c.expires_at,
            SESSION.c.revoked_at,
            TOKEN.c.id,
            TOKEN.c.role,
            TOKEN.c.scopes,
            TOKEN.c.revoked_at.label("token_revoked_at"),
        )
        .join(TOKEN, TOKEN.c.id == SESSION.c.token_id)
        .where(SESSION.c.secret_sha256 == secret_hash(secret))
    )
    with tracker.db.reading() as conn:
        row = conn.execute(query).mappings().first()
    if row is None:
        raise _ended("is not known")
    if row["revoked_at"] is not None:
        raise _ended("was signed out")
    if row["expires_at"] <= (now or _now()):
        raise _ended("has expired")
    if row["token_revoked_at"] is not None:
        raise _ended("acts for a revoked API token")
    return token_principal(row)


def revoke_session(tracker: Tracker, secret: str, *, now: datetime | None = None) -> bool:
    """Revoke the session with ``secret``; False when no unrevoked session has it."""
    if not secret.startswith(SESSION_PREFIX) or len(secret) != SECRET_LENGTH:
        return False
    with tracker.db.writing() as conn:
        done = conn.execute(
            update(SESSION)
            .where(SESSION.c.secret_sha256 == secret_hash(secret), SESSION.c.revoked_at.is_(None))
            .values(revoked_at=now or _now())
        )
    return bool(done.rowcount)
