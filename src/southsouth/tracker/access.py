"""Who may do what: API tokens, roles and scopes.

Tokens
    A token is ``sst_`` + 43 random URL-safe characters (256 bits), shown once when created;
    the database keeps only its sha256. A revoked token stops working at once.

Roles (each includes the one before)
    ``viewer``  reads every record, drafts included, and the compliance of drafts;
    ``editor``  creates and changes forums, commitments and assessments, publishes them,
                deletes drafts;
    ``admin``   also deletes published records and unpublishes them (published → draft),
                manages tokens, reads and verifies the log and records anchors.
    Without a token (the public) only published commitments and assessments (of published
    commitments), and every forum, can be read; compliance is computed from published records.

Scopes (editor tokens only; none = everything)
    A bloc scope ``AU`` (a registry bloc id):

    * a **forum** is in scope when its ``bloc_id`` is a scoped bloc;
    * a **commitment** is in scope when *every* one of its actors is within the scope on the
      forum's first day (``start_date``): a country that is a full member of a scoped bloc
      that day (registry memberships, read from the warehouse), or the actor ``bloc:<id>``
      of a scoped bloc. The forum being in scope is not enough: an AU editor may not record
      a commitment of USA and IDN at an AU forum. Without the warehouse (membership not
      known) a country actor is out of scope, so only ``bloc:<id>`` actors pass;
    * an **assessment** is in scope when its commitment is.

    A forum scope ``forum:<id>`` (given by an administrator for one existing forum) permits
    exactly: changing that forum (any field, its id excepted, and deleting it while it has
    no commitments), and creating, changing and assessing commitments made at that forum
    whatever their actors — its holder is trusted with that one meeting's record.

    A change must be in scope both before and after it; a token with several scopes may do
    what any one of them allows (for commitments: each actor within one of its blocs).
"""

from __future__ import annotations

import getpass
import hashlib
import re
import secrets
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from pydantic import BaseModel
from sqlalchemy import Connection, exists, insert, select, update

from southsouth.errors import (
    AuthenticationRequired,
    InvalidRecord,
    PermissionDenied,
    RecordConflict,
    UnknownRecord,
)
from southsouth.tracker.database import Database
from southsouth.tracker.rows import TABLE, fetch_state, states
from southsouth.tracker.transaction import Tx
from southsouth.tracker.vocabulary import (
    FORUM_PREFIX,
    ROLES,
    SCOPE_PATTERN,
    actor_bloc,
    bloc_ids,
    new_id,
)

SECRET_PREFIX = "sst_"


class Membership(Protocol):
    """Answers which countries were full members of a bloc on a day (None: unknown)."""

    def members(self, bloc_id: str, on: date) -> frozenset[str] | None:
        """ISO3 codes of the full members of ``bloc_id`` on ``on``, or None if not known."""
        ...


@dataclass(frozen=True)
class Principal:
    """Who is acting: a token's holder, the local command line, or the public."""

    label: str
    role: str | None
    scopes: tuple[str, ...] = ()
    token_id: str | None = None

    @property
    def authenticated(self) -> bool:
        """False for the public."""
        return self.role is not None

    def at_least(self, role: str) -> bool:
        """True when this principal's role includes ``role``."""
        return self.role is not None and ROLES.index(self.role) >= ROLES.index(role)

    @property
    def bloc_scopes(self) -> frozenset[str]:
        """Bloc ids this principal is limited to."""
        return frozenset(s for s in self.scopes if not s.startswith(FORUM_PREFIX))

    @property
    def forum_scopes(self) -> frozenset[str]:
        """Forum ids this principal is limited to."""
        return frozenset(
            s.removeprefix(FORUM_PREFIX) for s in self.scopes if s.startswith(FORUM_PREFIX)
        )


PUBLIC = Principal(label="public", role=None)

#: Opens one write transaction on behalf of a principal (whose label goes in the audit log).
Writing = Callable[[Principal], AbstractContextManager[Tx]]


def token_principal(row: Mapping[str, Any]) -> Principal:
    """The principal acting with the token whose stored row is ``row``."""
    return Principal(
        label=f"token:{row['id']}",
        role=row["role"],
        scopes=tuple(row["scopes"]),
        token_id=row["id"],
    )


def local_admin() -> Principal:
    """The person at the command line, who has the database file and so every right."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "local"
    return Principal(label=f"cli:{user}", role="admin")


def new_secret() -> str:
    """A fresh token secret."""
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def secret_hash(secret: str) -> str:
    """The sha256 (hex) under which a token secret is stored."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def require(principal: Principal, role: str, action: str) -> None:
    """Raise unless ``principal`` has ``role`` (401 for the public, 403 for a weaker token)."""
    if not principal.authenticated:
        raise AuthenticationRequired(
            f"{action} needs an API token with the {role} role",
            hint="send `Authorization: Bearer <token>`; an admin creates one with "
            "`southsouth tracker token create --role editor`",
        )
    if not principal.at_least(role):
        raise PermissionDenied(
            f"{action} needs the {role} role; this token ({principal.token_id}) is a "
            f"{principal.role}",
            hint=f"ask an administrator for a token with the {role} role",
        )


@dataclass
class ScopeCheck:
    """Decides whether records are inside a principal's scope (see the module docstring)."""

    principal: Principal
    membership: Membership | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def unlimited(self) -> bool:
        """True when the principal has no scope limits."""
        return not self.principal.scopes

    def forum(self, forum: Mapping[str, Any]) -> bool:
        """Is ``forum`` (a state) in scope?"""
        if self.unlimited:
            return True
        return forum["id"] in self.principal.forum_scopes or (
            forum["bloc_id"] is not None and forum["bloc_id"] in self.principal.bloc_scopes
        )

    def commitment(self, actors: Sequence[str], forum: Mapping[str, Any]) -> bool:
        """Is a commitment with ``actors``, made at ``forum`` (a state), in scope?"""
        if self.unlimited or forum["id"] in self.principal.forum_scopes:
            return True
        blocs = sorted(self.principal.bloc_scopes)
        if not blocs:
            return False
        day = forum["start_date"]
        on = day if isinstance(day, date) else date.fromisoformat(day)
        outside = [a for a in actors if not any(self._actor_in(a, b, on) for b in blocs)]
        if outside:
            self.notes.append(f"not within it on {on.isoformat()}: {', '.join(outside)}")
        return not outside

    def _actor_in(self, actor: str, bloc: str, day: date) -> bool:
        as_bloc = actor_bloc(actor)
        if as_bloc is not None:
            return as_bloc == bloc
        members = self.membership.members(bloc, day) if self.membership is not None else None
        if members is None:
            self.notes.append(f"{bloc} membership on {day.isoformat()} is not known here")
            return False
        return actor in members

    def deny(self, what: str) -> PermissionDenied:
        """The error for ``what`` being out of scope."""
        scopes = ", ".join(self.principal.scopes)
        why = f" ({'; '.join(dict.fromkeys(self.notes))})" if self.notes else ""
        return PermissionDenied(
            f"{what} is outside this token's scope ({scopes}){why}",
            hint="a bloc scope covers forums of that bloc and commitments whose actors are "
            "all its full members on the forum's first day; ask an administrator for a token "
            "with the right scope",
        )


def require_scope(tx: Tx, scope: ScopeCheck, entity: str, state: Mapping[str, Any]) -> None:
    """Raise unless the stored record ``state`` of ``entity`` is inside ``scope``."""
    if scope.unlimited:
        return
    if entity == "forum":
        inside = scope.forum(state)
    else:
        commitment = (
            state if entity == "commitment" else tx.state("commitment", state["commitment_id"])
        )
        assert commitment is not None
        forum = tx.state("forum", commitment["forum_id"])
        assert forum is not None
        inside = scope.commitment(commitment["actors"], forum)
    if not inside:
        raise scope.deny(f"{entity} {state['id']}")


# --- visibility -----------------------------------------------------------------------------


def visibility(who: Principal, entity: str) -> list[Any]:
    """Conditions on the ``entity`` table that keep the records ``who`` may read."""
    if who.authenticated or entity == "forum":
        return []
    table = TABLE[entity]
    if entity == "commitment":
        return [table.c.status == "published"]
    commitments = TABLE["commitment"]
    return [
        table.c.status == "published",
        exists().where(
            commitments.c.id == table.c.commitment_id, commitments.c.status == "published"
        ),
    ]


def visible(conn: Connection, who: Principal, entity: str, state: Mapping[str, Any]) -> bool:
    """Whether ``who`` may read the record ``state`` of ``entity``."""
    if who.authenticated or entity == "forum":
        return True
    if state["status"] != "published":
        return False
    if entity == "assessment":
        parent = fetch_state(conn, "commitment", state["commitment_id"])
        return parent is not None and parent["status"] == "published"
    return True


# --- tokens ---------------------------------------------------------------------------------


class TokenInfo(BaseModel):
    """An API token as listed (never its secret)."""

    id: str
    name: str
    role: str
    scopes: list[str]
    created_at: datetime
    revoked_at: datetime | None
    version: int


def authenticate(db: Database, secret: str | None) -> Principal:
    """The principal holding ``secret`` (the public when None)."""
    if secret is None:
        return PUBLIC
    table = TABLE["token"]
    with db.reading() as conn:
        row = (
            conn.execute(select(table).where(table.c.secret_sha256 == secret_hash(secret)))
            .mappings()
            .first()
        )
    if row is None or row["revoked_at"] is not None:
        raise AuthenticationRequired(
            "the API token is " + ("revoked" if row is not None else "not known"),
            hint="ask an administrator for a token (`southsouth tracker token create`)",
        )
    return token_principal(row)


def create_token(
    writing: Writing, who: Principal, *, role: str, scopes: Sequence[str] = (), name: str = ""
) -> tuple[TokenInfo, str]:
    """A new token and its secret (shown once; only its sha256 is stored)."""
    require(who, "admin", "creating a token")
    problems = token_problems(role, scopes, name)
    if problems:
        raise InvalidRecord(problems, subject="token")
    secret = new_secret()
    token_id = new_id("token")
    with writing(who) as tx:
        for scope in scopes:
            if scope.startswith(FORUM_PREFIX):
                forum_id = scope.removeprefix(FORUM_PREFIX)
                if tx.state("forum", forum_id) is None:
                    raise InvalidRecord([("scope", f"no forum with id {forum_id!r}")])
        tx.conn.execute(
            insert(TABLE["token"]).values(
                id=token_id,
                name=name or f"{role} token",
                role=role,
                scopes=list(dict.fromkeys(scopes)),
                secret_sha256=secret_hash(secret),
                created_at=tx.now,
                revoked_at=None,
                version=1,
                updated_at=tx.now,
            )
        )
        after = fetch_state(tx.conn, "token", token_id)
        tx.change("create", "token", token_id, None, after)
    assert after is not None
    return TokenInfo.model_validate(after), secret


def list_tokens(db: Database, who: Principal) -> list[TokenInfo]:
    """Every token, newest first (never the secrets)."""
    require(who, "admin", "listing tokens")
    table = TABLE["token"]
    with db.reading() as conn:
        rows = (
            conn.execute(select(table).order_by(table.c.created_at.desc(), table.c.id))
            .mappings()
            .all()
        )
        found = states(conn, "token", rows)
    return [TokenInfo.model_validate(s) for s in found]


def revoke_token(writing: Writing, who: Principal, token_id: str) -> TokenInfo:
    """Revoke a token (it stops working at once)."""
    require(who, "admin", "revoking a token")
    table = TABLE["token"]
    with writing(who) as tx:
        before = fetch_state(tx.conn, "token", token_id, lock=True)
        if before is None:
            raise UnknownRecord("token", token_id, hint="`southsouth tracker token list`")
        if before["revoked_at"] is not None:
            raise RecordConflict(f"token {token_id} is already revoked")
        tx.conn.execute(
            update(table)
            .where(table.c.id == token_id)
            .values(revoked_at=tx.now, updated_at=tx.now, version=table.c.version + 1)
        )
        after = fetch_state(tx.conn, "token", token_id)
        tx.change("revoke", "token", token_id, before, after)
    return TokenInfo.model_validate(after)


def token_problems(role: str, scopes: Sequence[str], name: str) -> list[tuple[str, str]]:
    """(field, message) pairs of what is wrong with a token request."""
    problems = []
    if role not in ROLES:
        problems.append(("role", f"{role!r} is not one of {', '.join(ROLES)}"))
    if scopes and role != "editor":
        problems.append(("scope", "only editor tokens can be scoped"))
    for scope in scopes:
        if not re.fullmatch(SCOPE_PATTERN, scope):
            problems.append(("scope", f"{scope!r} is neither a bloc id (AU) nor forum:<id>"))
        elif not scope.startswith(FORUM_PREFIX) and scope not in bloc_ids():
            problems.append(("scope", f"{scope!r} is not a registry bloc"))
    if len(name) > 300:
        problems.append(("name", "at most 300 characters"))
    return problems
