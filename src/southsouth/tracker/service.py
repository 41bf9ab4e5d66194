"""The tracker's operations: every read and write goes through :class:`Tracker`.

Each write is one database transaction that changes the record(s) and appends their audit
entries (:mod:`.audit`); if anything fails, nothing is written. Updates and deletes carry
the version the caller last read; a newer version in the database is a
:class:`~southsouth.errors.StaleVersion`. Rights are checked as described in :mod:`.access`,
here and only here, so that the API, the command line, the web forms and bulk imports obey
the same rules: deleting or unpublishing (published → draft) a published record is for
admins; publishing is a change of ``status`` like any other.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import Connection, and_, delete, exists, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from southsouth.errors import (
    AuditBroken,
    AuthenticationRequired,
    ConfigError,
    ImportRejected,
    InputError,
    InvalidRecord,
    PermissionDenied,
    PreconditionRequired,
    RecordConflict,
    StaleVersion,
    UnknownRecord,
)
from southsouth.tracker import audit
from southsouth.tracker.access import (
    PUBLIC,
    Membership,
    Principal,
    ScopeCheck,
    new_secret,
    require,
    secret_hash,
    token_principal,
)
from southsouth.tracker.anchors import MAX_GIVEN, Anchor, AnchorBook
from southsouth.tracker.database import Database
from southsouth.tracker.records import (
    INPUT_MODELS,
    PATCH_MODELS,
    RECORD_MODELS,
    SMART_INPUTS,
    Page,
)
from southsouth.tracker.rows import (
    ACTORS,
    TABLE,
    fetch_state,
    input_of,
    states,
    values_of,
    write_actors,
)
from southsouth.tracker.scoring import (
    ComplianceReport,
    Dimension,
    Listed,
    PeriodChoice,
    Scored,
    compliance,
)
from southsouth.tracker.vocabulary import (
    FORUM_PREFIX,
    ROLES,
    SCOPE_PATTERN,
    bloc_ids,
    new_id,
    numbered,
    slug,
)

RECORDS = ("forum", "commitment", "assessment")
PUBLISHABLE = ("commitment", "assessment")
FILTERS: dict[str, tuple[str, ...]] = {
    "forum": ("kind", "bloc_id"),
    "commitment": ("forum_id", "pillar", "status", "actor"),
    "assessment": ("commitment_id", "actor", "period", "status"),
}
MAX_PAGE = 500


class TokenInfo(BaseModel):
    """An API token as listed (never its secret)."""

    id: str
    name: str
    role: str
    scopes: list[str]
    created_at: datetime
    revoked_at: datetime | None
    version: int


class RowProblem(BaseModel):
    """One problem of one row of a bulk import (rows count from 1, the header excluded)."""

    row: int
    field: str
    message: str


class ImportReport(BaseModel):
    """What a bulk import did."""

    entity: str
    total: int
    imported: int
    rejected: int
    ids: list[str]
    problems: list[RowProblem]


@dataclass
class SourceRow:
    """One record of an import file: its number, its values, problems found while reading."""

    number: int
    data: dict[str, Any]
    problems: list[tuple[str, str]] = field(default_factory=list)


def field_path(loc: Sequence[str | int]) -> str:
    """``("kpi", "target_year")`` → ``kpi.target_year``; a whole-record error → ``(record)``."""
    return ".".join(str(part) for part in loc) or "(record)"


def validation_problems(
    error: ValidationError, naming: Callable[[Sequence[str | int]], str] = field_path
) -> list[tuple[str, str]]:
    """(field, message) pairs of a pydantic error, messages without pydantic's prefixes."""
    out = []
    for item in error.errors():
        message = str(item["msg"]).removeprefix("Value error, ")
        out.append((naming(item["loc"]), message))
    return out


def validate(model: type[BaseModel], data: Any, *, subject: str) -> Any:
    """``data`` as ``model``, or InvalidRecord naming each bad field."""
    if isinstance(data, model):
        return data
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json", exclude_unset=True)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InvalidRecord(validation_problems(exc), subject=subject) from None


class _Unchanged(Exception):
    """Raised inside a write to roll back an update that changed nothing."""


@dataclass
class _Tx:
    conn: Connection
    now: datetime
    changes: list[audit.Change] = field(default_factory=list)
    cache: dict[tuple[str, str], dict[str, Any] | None] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)

    def change(self, action: str, entity: str, record_id: str, before: Any, after: Any) -> None:
        self.changes.append(audit.Change(action, entity, record_id, before, after))

    def state(self, entity: str, record_id: str) -> dict[str, Any] | None:
        """A record's state, remembered for the rest of the transaction (imports)."""
        key = (entity, record_id)
        if key not in self.cache:
            self.cache[key] = fetch_state(self.conn, entity, record_id)
        return self.cache[key]


def _now() -> datetime:
    return datetime.now(UTC)


class Tracker:
    """Commitments, their forums and assessments, tokens and the audit log in one database."""

    def __init__(
        self,
        database: Database,
        *,
        membership: Membership | None = None,
        anchors: AnchorBook | None = None,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self.db = database
        self.membership = membership
        self.anchors = anchors
        self._clock = clock

    @classmethod
    def open(
        cls,
        url: str,
        *,
        membership: Membership | None = None,
        anchors: AnchorBook | None = None,
        check: bool = True,
        create: bool = False,
        busy_timeout: float = 30.0,
    ) -> Tracker:
        """The tracker at ``url``; unless ``check`` is off, its schema must be current.
        ``create`` makes a SQLite database whose file does not exist yet; ``anchors`` is
        the anchors file :meth:`verify` checks and :meth:`record_anchor` appends to."""
        database = Database(url, busy_timeout=busy_timeout)
        if check or create:
            try:
                if create:
                    database.create_if_missing()
                if check:
                    database.require_current()
            except BaseException:
                database.close()
                raise
        return cls(database, membership=membership, anchors=anchors)

    def close(self) -> None:
        """Release the database connections."""
        self.db.close()

    def __enter__(self) -> Tracker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ----------------------------------------------------------------------

    @contextmanager
    def _writing(self, who: Principal) -> Iterator[_Tx]:
        try:
            with self.db.writing() as conn:
                tx = _Tx(conn, self._clock())
                yield tx
                if tx.changes:
                    audit.append(conn, who.label, tx.changes, self._clock())
        except IntegrityError as exc:
            raise RecordConflict(
                f"the write clashes with another record: {exc.orig}",
                hint="re-read the records and retry",
            ) from exc

    # -- reading ---------------------------------------------------------------------------

    def get_record(self, who: Principal, entity: str, record_id: str) -> Any:
        """One forum, commitment or assessment (the public sees published ones only)."""
        _known(entity)
        with self.db.reading() as conn:
            state = fetch_state(conn, entity, record_id)
            if state is None or not self._visible(conn, who, entity, state):
                raise UnknownRecord(entity, record_id)
        return RECORD_MODELS[entity].model_validate(state)

    def list_records(
        self,
        who: Principal,
        entity: str,
        *,
        limit: int = 50,
        offset: int = 0,
        **filters: str | None,
    ) -> Page[Any]:
        """A page of records in id order, filtered by the fields in :data:`FILTERS`."""
        _known(entity)
        unknown = sorted(set(filters) - set(FILTERS[entity]))
        if unknown:
            raise InputError(
                f"cannot filter {entity}s by {', '.join(unknown)}",
                hint=f"filter by {', '.join(FILTERS[entity])}",
            )
        if not 1 <= limit <= MAX_PAGE or offset < 0:
            raise InputError(
                f"limit must be 1–{MAX_PAGE} and offset ≥ 0", hint="e.g. limit=50 offset=0"
            )
        table = TABLE[entity]
        where = [*self._visibility(who, entity)]
        for name, value in filters.items():
            if value is None:
                continue
            if name == "actor" and entity == "commitment":
                where.append(
                    exists().where(ACTORS.c.commitment_id == table.c.id, ACTORS.c.actor == value)
                )
            else:
                where.append(table.c[name] == value)
        with self.db.reading() as conn:
            total = conn.execute(select(func.count()).select_from(table).where(*where))
            count = int(total.scalar_one())
            query = select(table).where(*where).order_by(table.c.id).limit(limit).offset(offset)
            rows = conn.execute(query).mappings().all()
            found = states(conn, entity, rows)
        model = RECORD_MODELS[entity]
        return Page[Any](
            items=[model.model_validate(s) for s in found], total=count, limit=limit, offset=offset
        )

    def _visibility(self, who: Principal, entity: str) -> list[Any]:
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

    def _visible(
        self, conn: Connection, who: Principal, entity: str, state: Mapping[str, Any]
    ) -> bool:
        if who.authenticated or entity == "forum":
            return True
        if state["status"] != "published":
            return False
        if entity == "assessment":
            parent = fetch_state(conn, "commitment", state["commitment_id"])
            return parent is not None and parent["status"] == "published"
        return True

    # -- writing ---------------------------------------------------------------------------

    def create_record(self, who: Principal, entity: str, data: Any) -> Any:
        """Create a forum, commitment or assessment from its ``…In`` fields."""
        _known(entity)
        require(who, "editor", f"creating a {entity}")
        model = validate(INPUT_MODELS[entity], data, subject=entity)
        # a generated id may be taken by a concurrent writer (PostgreSQL): try the next one
        attempts = 1 if model.id else 3
        for attempt in range(1, attempts + 1):
            try:
                return self._create(who, entity, model)
            except RecordConflict:
                if attempt == attempts:
                    raise
        raise AssertionError("unreachable")

    def _create(self, who: Principal, entity: str, model: Any) -> Any:
        with self._writing(who) as tx:
            record_id = model.id or self._new_id(tx, entity, model)
            if fetch_state(tx.conn, entity, record_id) is not None:
                raise RecordConflict(
                    f"a {entity} with id {record_id!r} already exists",
                    hint="choose another id, or omit it to have one generated",
                )
            model = self._checked(tx, who, entity, model, record_id)
            self._insert(tx, entity, [(record_id, model)])
            after = fetch_state(tx.conn, entity, record_id)
            tx.change("create", entity, record_id, None, after)
        return RECORD_MODELS[entity].model_validate(after)

    def update_record(
        self,
        who: Principal,
        entity: str,
        record_id: str,
        patch: Any,
        *,
        expected_version: int | None,
    ) -> Any:
        """Change the fields given in ``patch`` if the record is still at ``expected_version``."""
        _known(entity)
        require(who, "editor", f"changing a {entity}")
        changes = validate(PATCH_MODELS[entity], patch, subject=f"{entity} change")
        if expected_version is None:
            raise PreconditionRequired(
                f"changing {entity} {record_id} needs the version you read",
                hint="send If-Match with the record's ETag (or pass expected_version)",
            )
        try:
            with self._writing(who) as tx:
                before = self._locked(tx, who, entity, record_id, expected_version)
                sent = changes.model_dump(mode="json", exclude_unset=True)
                merged = {**input_of(entity, before), **sent}
                if entity == "commitment" and "smart" not in sent:
                    merged["smart"] = _smart_kept(before, sent)
                if before.get("status") == "published" and merged.get("status") == "draft":
                    require(who, "admin", f"unpublishing a published {entity}")
                model = validate(INPUT_MODELS[entity], merged, subject=entity)
                model = self._checked(tx, who, entity, model, record_id, before=before)
                values = values_of(entity, model)
                values.update(version=before["version"] + 1, updated_at=tx.now)
                table = TABLE[entity]
                done = tx.conn.execute(
                    update(table)
                    .where(table.c.id == record_id, table.c.version == expected_version)
                    .values(**values)
                )
                if done.rowcount != 1:
                    raise self._stale(entity, record_id, expected_version, None)
                if entity == "commitment" and model.actors != before["actors"]:
                    write_actors(tx.conn, record_id, model.actors)
                after = fetch_state(tx.conn, entity, record_id)
                assert after is not None
                if _same(before, after):
                    raise _Unchanged
                tx.change("update", entity, record_id, before, after)
        except _Unchanged:
            return RECORD_MODELS[entity].model_validate(before)
        return RECORD_MODELS[entity].model_validate(after)

    def delete_record(
        self, who: Principal, entity: str, record_id: str, *, expected_version: int | None
    ) -> None:
        """Delete a record nothing depends on (published ones: admins only)."""
        _known(entity)
        require(who, "editor", f"deleting a {entity}")
        if expected_version is None:
            raise PreconditionRequired(
                f"deleting {entity} {record_id} needs the version you read",
                hint="send If-Match with the record's ETag (or pass expected_version)",
            )
        with self._writing(who) as tx:
            before = self._locked(tx, who, entity, record_id, expected_version)
            if before.get("status") == "published":
                require(who, "admin", f"deleting a published {entity}")
            self._no_dependants(tx.conn, entity, record_id)
            table = TABLE[entity]
            if entity == "commitment":
                write_actors(tx.conn, record_id, [])
            tx.conn.execute(delete(table).where(table.c.id == record_id))
            tx.change("delete", entity, record_id, before, None)

    def publish(
        self, who: Principal, entity: str, record_id: str, *, expected_version: int | None
    ) -> Any:
        """Publish a draft commitment or assessment: the same rules and audit as a change
        of ``status`` to ``published`` (a published one is returned unchanged)."""
        if entity not in PUBLISHABLE:
            raise InputError(
                f"{entity}s have no status to publish", hint="publish a commitment or assessment"
            )
        return self.update_record(
            who, entity, record_id, {"status": "published"}, expected_version=expected_version
        )

    def _new_id(
        self,
        tx: _Tx,
        entity: str,
        model: Any,
        taken: Callable[[str], bool] = lambda _: False,
    ) -> str:
        """A readable id not yet used (see :mod:`.vocabulary`)."""
        if entity == "commitment":
            table = TABLE["commitment"]
            base = f"{model.forum_id}-c"
            if base not in tx.numbers:
                count = tx.conn.execute(
                    select(func.count()).where(table.c.forum_id == model.forum_id)
                ).scalar_one()
                tx.numbers[base] = int(count) + 1
            candidates = numbered(base, tx.numbers[base], always=True)
        elif entity == "assessment":
            actor = model.actor.lower().replace(":", "-")
            candidates = numbered(f"{model.commitment_id}-{actor}-{model.period}")
        elif entity == "forum":
            candidates = numbered(slug(model.name) or f"forum-{model.start_date.isoformat()}")
        else:
            return new_id(entity)
        for candidate in candidates:
            if not taken(candidate) and tx.state(entity, candidate) is None:
                if entity == "commitment":
                    tx.numbers[f"{model.forum_id}-c"] = int(candidate.rsplit("-c", 1)[1]) + 1
                return candidate
        raise AssertionError("unreachable: the candidates never end")

    def _locked(
        self, tx: _Tx, who: Principal, entity: str, record_id: str, expected: int
    ) -> dict[str, Any]:
        before = fetch_state(tx.conn, entity, record_id, lock=True)
        if before is None:
            raise UnknownRecord(entity, record_id)
        self._require_scope(tx, who, entity, before)
        if before["version"] != expected:
            raise self._stale(entity, record_id, expected, before["version"])
        return before

    @staticmethod
    def _stale(entity: str, record_id: str, sent: int, current: int | None) -> StaleVersion:
        now = f"is at version {current}" if current is not None else "has changed"
        return StaleVersion(
            f"{entity} {record_id} {now}; your change was made to version {sent}",
            hint="read the record again (GET, ETag) and reapply your change to it",
        )

    def _no_dependants(self, conn: Connection, entity: str, record_id: str) -> None:
        child = {"forum": ("commitment", "forum_id"), "commitment": ("assessment", "commitment_id")}
        if entity not in child:
            return
        kind, column = child[entity]
        table = TABLE[kind]
        ids = conn.execute(select(table.c.id).where(table.c[column] == record_id).limit(6))
        found = [r[0] for r in ids]
        if found:
            raise RecordConflict(
                f"{entity} {record_id} still has {kind}s: {', '.join(found[:5])}"
                + (" …" if len(found) > 5 else ""),
                hint=f"delete or move its {kind}s first",
            )

    def _insert(self, tx: _Tx, entity: str, items: Sequence[tuple[str, Any]]) -> None:
        stamps = {"version": 1, "created_at": tx.now, "updated_at": tx.now}
        rows = [{**values_of(entity, m), **stamps, "id": i} for i, m in items]
        if not rows:
            return
        tx.conn.execute(insert(TABLE[entity]), rows)
        if entity == "commitment":
            actor_rows = [
                {"commitment_id": i, "actor": a, "position": n}
                for i, m in items
                for n, a in enumerate(m.actors)
            ]
            tx.conn.execute(insert(ACTORS), actor_rows)

    # -- rules -----------------------------------------------------------------------------

    def _scope(self, who: Principal) -> ScopeCheck:
        return ScopeCheck(who, self.membership)

    def _require_scope(
        self, tx: _Tx, who: Principal, entity: str, state: Mapping[str, Any]
    ) -> None:
        scope = self._scope(who)
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

    def _checked(
        self,
        tx: _Tx,
        who: Principal,
        entity: str,
        model: Any,
        record_id: str,
        *,
        before: Mapping[str, Any] | None = None,
    ) -> Any:
        """References, scope, uniqueness and defaults of a record about to be written."""
        scope = self._scope(who)
        if entity == "forum":
            if not scope.forum({"id": record_id, "bloc_id": model.bloc_id}):
                raise scope.deny(f"forum {record_id}")
            return model
        if entity == "commitment":
            forum = tx.state("forum", model.forum_id)
            if forum is None:
                raise InvalidRecord([("forum_id", f"no forum with id {model.forum_id!r}")])
            if not scope.commitment(model.actors, forum):
                raise scope.deny(f"commitment {record_id}")
            if before is not None:
                self._assessed_actors_kept(tx.conn, record_id, model.actors)
            return model
        commitment = tx.state("commitment", model.commitment_id)
        if commitment is None:
            raise InvalidRecord(
                [("commitment_id", f"no commitment with id {model.commitment_id!r}")]
            )
        if before is not None and model.commitment_id != before["commitment_id"]:
            raise InvalidRecord(
                [("commitment_id", "an assessment cannot move to another commitment")]
            )
        if model.actor not in commitment["actors"]:
            raise InvalidRecord(
                [
                    (
                        "actor",
                        f"{model.actor} is not an actor of commitment {model.commitment_id} "
                        f"(its actors: {', '.join(commitment['actors'])})",
                    )
                ]
            )
        forum = tx.state("forum", commitment["forum_id"])
        assert forum is not None
        if not scope.commitment(commitment["actors"], forum):
            raise scope.deny(f"assessment {record_id} of commitment {model.commitment_id}")
        table = TABLE["assessment"]
        clash = tx.conn.execute(
            select(table.c.id).where(
                table.c.commitment_id == model.commitment_id,
                table.c.actor == model.actor,
                table.c.period == model.period,
                table.c.id != record_id,
            )
        ).first()
        if clash is not None:
            raise RecordConflict(
                f"{model.actor} already has a {model.period} assessment of "
                f"{model.commitment_id}: {clash[0]}",
                hint="change that assessment instead (PATCH with its ETag)",
            )
        today = tx.now.date()
        defaults: dict[str, Any] = {}
        if model.assessed_on is None:
            defaults["assessed_on"] = today
        if model.reply_text is not None and model.reply_date is None:
            defaults["reply_date"] = today
        return model.model_copy(update=defaults) if defaults else model

    def _assessed_actors_kept(
        self, conn: Connection, commitment_id: str, actors: Sequence[str]
    ) -> None:
        table = TABLE["assessment"]
        assessed = conn.execute(
            select(table.c.actor).where(table.c.commitment_id == commitment_id).distinct()
        )
        dropped = sorted({r[0] for r in assessed} - set(actors))
        if dropped:
            raise RecordConflict(
                f"commitment {commitment_id} has assessments of {', '.join(dropped)}, "
                "which the change removes from its actors",
                hint="delete those assessments first, or keep the actors",
            )

    # -- compliance ------------------------------------------------------------------------

    def compliance(
        self,
        who: Principal,
        *,
        by: Dimension = "actor",
        period: PeriodChoice = "latest",
        forum_id: str | None = None,
        pillar: str | None = None,
        include_drafts: bool = False,
    ) -> ComplianceReport:
        """Compliance % by actor, commitment, forum or pillar (see :mod:`.scoring`)."""
        if include_drafts:
            require(who, "viewer", "compliance including drafts")
        commitments, assessments = TABLE["commitment"], TABLE["assessment"]
        where = []
        if not include_drafts:
            where.append(commitments.c.status == "published")
        if forum_id is not None:
            where.append(commitments.c.forum_id == forum_id)
        if pillar is not None:
            where.append(commitments.c.pillar == pillar)
        with self.db.reading() as conn:
            listed_rows = conn.execute(
                select(commitments.c.id, commitments.c.forum_id, commitments.c.pillar).where(*where)
            ).all()
            actors = _actor_lists(conn, where)
            scored_where = [*where]
            if not include_drafts:
                scored_where.append(assessments.c.status == "published")
            scored = conn.execute(
                select(
                    assessments.c.commitment_id,
                    assessments.c.actor,
                    assessments.c.period,
                    assessments.c.score,
                )
                .join(commitments, commitments.c.id == assessments.c.commitment_id)
                .where(*scored_where)
            ).all()
        listed = [
            Listed(r.id, r.forum_id, r.pillar, tuple(actors.get(r.id, ()))) for r in listed_rows
        ]
        return compliance(
            (Scored(r.commitment_id, r.actor, r.period, r.score) for r in scored),
            listed,
            by=by,
            period=period,
        )

    # -- tokens ----------------------------------------------------------------------------

    def authenticate(self, secret: str | None) -> Principal:
        """The principal holding ``secret`` (the public when None)."""
        if secret is None:
            return PUBLIC
        table = TABLE["token"]
        with self.db.reading() as conn:
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
        self, who: Principal, *, role: str, scopes: Sequence[str] = (), name: str = ""
    ) -> tuple[TokenInfo, str]:
        """A new token and its secret (shown once; only its sha256 is stored)."""
        require(who, "admin", "creating a token")
        problems = _token_problems(role, scopes, name)
        if problems:
            raise InvalidRecord(problems, subject="token")
        secret = new_secret()
        token_id = new_id("token")
        with self._writing(who) as tx:
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

    def list_tokens(self, who: Principal) -> list[TokenInfo]:
        """Every token, newest first (never the secrets)."""
        require(who, "admin", "listing tokens")
        table = TABLE["token"]
        with self.db.reading() as conn:
            rows = (
                conn.execute(select(table).order_by(table.c.created_at.desc(), table.c.id))
                .mappings()
                .all()
            )
            found = states(conn, "token", rows)
        return [TokenInfo.model_validate(s) for s in found]

    def revoke_token(self, who: Principal, token_id: str) -> TokenInfo:
        """Revoke a token (it stops working at once)."""
        require(who, "admin", "revoking a token")
        table = TABLE["token"]
        with self._writing(who) as tx:
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

    # -- audit -----------------------------------------------------------------------------

    def audit_entries(
        self,
        who: Principal,
        *,
        entity: str | None = None,
        entity_id: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Page[audit.AuditEntry]:
        """A page of the audit log, newest first (admins only)."""
        require(who, "admin", "reading the audit log")
        with self.db.reading() as conn:
            found, total = audit.entries(
                conn, entity=entity, entity_id=entity_id, limit=limit, offset=offset
            )
        return Page[audit.AuditEntry](items=found, total=total, limit=limit, offset=offset)

    def verify(
        self,
        who: Principal,
        *,
        anchors: Mapping[int, str] | Sequence[Anchor] | None = None,
        recorded: bool = True,
    ) -> audit.VerifyReport:
        """Recompute the chain and compare every record with the log (admins only), against
        the ``anchors`` given (at most :data:`MAX_GIVEN`) and, unless ``recorded`` is off,
        every anchor in the anchors file (a bad line of it is a finding too)."""
        require(who, "admin", "verifying the audit log")
        given = _anchors(anchors)
        if len(given) > MAX_GIVEN:
            raise InputError(
                f"{len(given)} anchors given; at most {MAX_GIVEN} are checked per verify",
                hint="give the newest anchors; older ones are implied by them",
            )
        found: list[audit.Finding] = []
        if recorded and self.anchors is not None:
            kept, found = self.anchors.read()
            given += kept
        with self.db.reading(snapshot=True) as conn:
            report = audit.verify(conn, given)
        if found:
            findings = [*found, *report.findings]
            return report.model_copy(update={"findings": findings, "ok": False})
        return report

    def record_anchor(self, who: Principal) -> Anchor:
        """Verify the log, then append its head to the anchors file (admins only)."""
        require(who, "admin", "recording an anchor")
        if self.anchors is None:
            raise ConfigError(
                "this tracker has no anchors file",
                hint="set SOUTHSOUTH_TRACKER_ANCHORS to the file to keep anchors in",
            )
        report = self.verify(who)
        if not report.ok:
            first = report.findings[0]
            raise AuditBroken(
                f"not anchoring a log that fails verification ({len(report.findings)} "
                f"finding(s); first: {first.where}: {first.problem})",
                hint="run `southsouth tracker verify` and restore from a backup first",
            )
        if report.head_seq < 1:
            raise InputError(
                "the audit log is empty: nothing to anchor", hint="anchor after the first write"
            )
        at = self._clock().isoformat(timespec="seconds")
        return self.anchors.record(report.head_seq, report.head_hash, at)

    # -- bulk ------------------------------------------------------------------------------

    def import_records(
        self,
        who: Principal,
        entity: str,
        rows: Sequence[SourceRow],
        *,
        partial: bool = False,
        naming: Callable[[Sequence[str | int]], str] = field_path,
    ) -> ImportReport:
        """Create many commitments or assessments in ONE transaction.

        Every row is validated first (fields, references, scope, duplicates within the file
        and against the database). With any problem nothing is written
        (:class:`~southsouth.errors.ImportRejected`) unless ``partial``, which writes the
        valid rows and reports the others.
        """
        if entity not in ("commitment", "assessment"):
            raise InputError(f"cannot import {entity}s", hint="import commitments or assessments")
        require(who, "editor", f"importing {entity}s")
        problems: list[RowProblem] = []
        with self._writing(who) as tx:
            accepted = self._validate_rows(tx, who, entity, rows, problems, naming)
            if problems and not partial:
                raise ImportRejected(
                    [(p.row, p.field, p.message) for p in problems], total=len(rows)
                )
            for start in range(0, len(accepted), 1000):
                self._insert(tx, entity, accepted[start : start + 1000])
            ids = [record_id for record_id, _ in accepted]
            table = TABLE[entity]
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                found = tx.conn.execute(select(table).where(table.c.id.in_(chunk))).mappings()
                by_id = {s["id"]: s for s in states(tx.conn, entity, found.all())}
                for record_id in chunk:
                    tx.change("create", entity, record_id, None, by_id[record_id])
        return ImportReport(
            entity=entity,
            total=len(rows),
            imported=len(ids),
            rejected=len({p.row for p in problems}),
            ids=ids,
            problems=problems,
        )

    def _validate_rows(
        self,
        tx: _Tx,
        who: Principal,
        entity: str,
        rows: Sequence[SourceRow],
        problems: list[RowProblem],
        naming: Callable[[Sequence[str | int]], str],
    ) -> list[tuple[str, Any]]:
        accepted: list[tuple[str, Any]] = []
        seen_ids: dict[str, int] = {}
        seen_keys: dict[tuple[str, str, str], int] = {}
        for row in rows:
            found = [RowProblem(row=row.number, field=f, message=m) for f, m in row.problems]
            model = None
            unreadable = {f for f, _ in row.problems}
            if "(record)" not in unreadable:  # else nothing of the row could be read
                try:
                    model = INPUT_MODELS[entity].model_validate(row.data)
                except ValidationError as exc:
                    # a cell that could not be read is reported once, not again as missing
                    found += [
                        RowProblem(row=row.number, field=f, message=m)
                        for f, m in validation_problems(exc, naming)
                        if not _follows_from(f, unreadable)
                    ]
            if found:
                model = None
            if model is not None:
                record_id = model.id or self._new_id(
                    tx, entity, model, taken=lambda i: i in seen_ids
                )
                if record_id in seen_ids:
                    found.append(
                        RowProblem(
                            row=row.number, field="id", message=f"also row {seen_ids[record_id]}"
                        )
                    )
                elif tx.state(entity, record_id) is not None:
                    found.append(RowProblem(row=row.number, field="id", message="already exists"))
                if entity == "assessment":
                    key = (model.commitment_id, model.actor, model.period)
                    if key in seen_keys:
                        found.append(
                            RowProblem(
                                row=row.number,
                                field="period",
                                message=f"{model.actor} {model.period} assessment of "
                                f"{model.commitment_id} is also in row {seen_keys[key]}",
                            )
                        )
                    seen_keys.setdefault(key, row.number)
                seen_ids.setdefault(record_id, row.number)
                if not found:
                    try:
                        model = self._checked(tx, who, entity, model, record_id)
                    except InvalidRecord as exc:
                        found += [
                            RowProblem(row=row.number, field=naming(f.split(".")), message=m)
                            for f, m in exc.problems
                        ]
                    except (PermissionDenied, RecordConflict) as exc:
                        found.append(
                            RowProblem(row=row.number, field="(record)", message=exc.message)
                        )
                if not found:
                    accepted.append((record_id, model))
            problems.extend(found)
        return accepted

    def export_records(self, who: Principal, entity: str) -> list[dict[str, Any]]:
        """Every record of ``entity`` the caller may see, in the shape imports accept."""
        _known(entity)
        out: list[dict[str, Any]] = []
        offset = 0
        while True:
            page = self.list_records(who, entity, limit=MAX_PAGE, offset=offset)
            out += [input_of(entity, item.model_dump(mode="json")) for item in page.items]
            offset += MAX_PAGE
            if offset >= page.total:
                return [
                    {k: v for k, v in record.items() if k not in ("smartness", "trackable")}
                    for record in out
                ]


def _follows_from(field: str, unreadable: set[str]) -> bool:
    """Whether a validation problem of ``field`` is a consequence of an unreadable cell
    (the cell itself, or the object it belongs to: ``kpi`` for ``kpi_target_year``)."""
    return any(u == field or u.startswith((f"{field}_", f"{field}.")) for u in unreadable)


def _anchors(anchors: Mapping[int, str] | Sequence[Anchor] | None) -> list[Anchor]:
    if anchors is None:
        return []
    if isinstance(anchors, Mapping):
        return [Anchor(seq=seq, hash=value) for seq, value in anchors.items()]
    return list(anchors)


def _smart_kept(before: Mapping[str, Any], sent: Mapping[str, Any]) -> dict[str, Any]:
    """A commitment's stored SMART flags, those derived from a field the change alters
    left out (null) so they are derived anew."""
    kept = dict(before["smart"])
    for flag, inputs in SMART_INPUTS.items():
        if any(name in sent and sent[name] != before.get(name) for name in inputs):
            kept[flag] = None
    return kept


def _known(entity: str) -> None:
    if entity not in RECORDS:
        raise InputError(
            f"unknown kind of record {entity!r}", hint=f"use one of {', '.join(RECORDS)}"
        )


def _same(before: Mapping[str, Any], after: Mapping[str, Any]) -> bool:
    skip = {"version", "updated_at"}
    return {k: v for k, v in before.items() if k not in skip} == {
        k: v for k, v in after.items() if k not in skip
    }


def _actor_lists(conn: Connection, where: Sequence[Any]) -> dict[str, list[str]]:
    commitments = TABLE["commitment"]
    query = (
        select(ACTORS.c.commitment_id, ACTORS.c.actor)
        .join(commitments, and_(commitments.c.id == ACTORS.c.commitment_id))
        .where(*where)
        .order_by(ACTORS.c.commitment_id, ACTORS.c.position)
    )
    out: dict[str, list[str]] = {}
    for commitment_id, actor in conn.execute(query):
        out.setdefault(commitment_id, []).append(actor)
    return out


def _token_problems(role: str, scopes: Sequence[str], name: str) -> list[tuple[str, str]]:
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
