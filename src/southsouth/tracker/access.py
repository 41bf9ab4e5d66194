"""Who may do what: API tokens, roles and scopes.

Tokens
    A token is ``sst_`` + 43 random URL-safe characters (256 bits), shown once when created;
    the database keeps only its sha256. A revoked token stops working at once.

Roles (each includes the one before)
    ``viewer``  reads every record, drafts included, and the compliance of drafts;
    ``editor``  creates and changes forums, commitments and assessments, deletes drafts;
    ``admin``   also deletes published records, manages tokens, reads and verifies the log.
    Without a token (the public) only published commitments and assessments, and every
    forum, can be read; compliance is computed from published records.

Scopes (editor tokens only; none = everything)
    ``AU`` (a registry bloc id) or ``forum:<id>``. A **forum** is in scope when its id is a
    ``forum:`` scope or its ``bloc_id`` is a bloc scope. A **commitment** is in scope when its
    forum is, or — for a bloc scope B — when every one of its actors belongs to B on the
    forum's first day: a country actor that is a full member of B that day (registry
    memberships, read from the warehouse when it is loaded), or the actor ``bloc:B`` itself.
    Without the warehouse only the forum rule applies. An **assessment** is in scope when its
    commitment is. A change must be in scope both before and after it.
"""

from __future__ import annotations

import getpass
import hashlib
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from southsouth.errors import AuthenticationRequired, PermissionDenied
from southsouth.tracker.vocabulary import FORUM_PREFIX, ROLES, actor_bloc

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
        if self.forum(forum):
            return True
        day = date.fromisoformat(forum["start_date"])
        return any(
            all(self._actor_in(actor, bloc, day) for actor in actors)
            for bloc in sorted(self.principal.bloc_scopes)
        )

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
            hint="a bloc scope covers forums of that bloc and commitments whose actors are all "
            "its members; ask an administrator for a token with the right scope",
        )
