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
    Without a token (the public) only published commitments and assessments, and every
    forum, can be read; compliance is computed from published records.

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
