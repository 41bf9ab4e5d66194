"""Forums, commitments and assessments read, created, changed and deleted.

Reads show a principal the records it may see (:func:`.access.visible`). Each write is one
transaction (:class:`.transaction.Tx`) that checks the record's references, scope and
uniqueness (:func:`checked`), writes it and notes the change for the audit log. Changes
and deletes carry the version the caller last read; a newer one in the database is a
:class:`~southsouth.errors.StaleVersion`. Deleting or unpublishing (published → draft) a
published record is for admins; publishing is a change of ``status`` like any other.
Omitted ids are generated as :mod:`.vocabulary` describes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, delete, exists, func, insert, select, update

from southsouth.errors import (
    InputError,
    InvalidRecord,
    PreconditionRequired,
    RecordConflict,
    StaleVersion,
    UnknownRecord,
)
from southsouth.tracker.access import (
    Membership,
    Principal,
    ScopeCheck,
    Writing,
    require,
    require_scope,
    visibility,
    visible,
)
from southsouth.tracker.database import Database
from southsouth.tracker.records import (
    INPUT_MODELS,
    PATCH_MODELS,
    RECORD_MODELS,
    Page,
    smart_kept,
    validate,
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
from southsouth.tracker.transaction import Tx
from southsouth.tracker.vocabulary import new_id, numbered, slug

RECORDS = ("forum", "commitment", "assessment")
PUBLISHABLE = ("commitment", "assessment")
FILTERS: dict[str, tuple[str, ...]] = {
    "forum": ("kind", "bloc_id"),
    "commitment": ("forum_id", "pillar", "status", "actor"),
    "assessment": ("commitment_id", "actor", "period", "status"),
}
MAX_PAGE = 500


class _Unchanged(Exception):
    """Raised inside a write to roll back an update that changed nothing."""


# --- reading --------------------------------------------------------------------------------


def get_record(db: Database, who: Principal, entity: str, record_id: str) -> Any:
    """One forum, commitment or assessment (the public sees published ones only)."""
    known(entity)
    with db.reading() as conn:
        state = fetch_state(conn, entity, record_id)
        if state is None or not visible(conn, who, entity, state):
            raise UnknownRecord(entity, record_id)
    return RECORD_MODELS[entity].model_validate(state)


def list_records(
    db: Database,
    who: Principal,
    entity: str,
    /,
    *,
    limit: int = 50,
    offset: int = 0,
    **filters: str | None,
) -> Page[Any]:
    """A page of records in id order, filtered by the fields in :data:`FILTERS`."""
    known(entity)
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
    where = [*visibility(who, entity)]
    for name, value in filters.items():
        if value is None:
            continue
        if name == "actor" and entity == "commitment":
            where.append(
                exists().where(ACTORS.c.commitment_id == table.c.id, ACTORS.c.actor == value)
            )
        else:
            where.append(table.c[name] == value)
    with db.reading() as conn:
        total = conn.execute(select(func.count()).select_from(table).where(*where))
        count = int(total.scalar_one())
        query = select(table).where(*where).order_by(table.c.id).limit(limit).offset(offset)
        rows = conn.execute(query).mappings().all()
        found = states(conn, entity, rows)
    model = RECORD_MODELS[entity]
    return Page[Any](
        items=[model.model_validate(s) for s in found], total=count, limit=limit, offset=offset
    )


# --- writing --------------------------------------------------------------------------------


def create_record(
    writing: Writing, membership: Membership | None, who: Principal, entity: str, data: Any
) -> Any:
    """Create a forum, commitment or assessment from its ``…In`` fields."""
    known(entity)
    require(who, "editor", f"creating a {entity}")
    model = validate(INPUT_MODELS[entity], data, subject=entity)
    # a generated id may be taken by a concurrent writer (PostgreSQL): try the next one
    attempts = 1 if model.id else 3
    for attempt in range(1, attempts + 1):
        try:
            return _create(writing, membership, who, entity, model)
        except RecordConflict:
            if attempt == attempts:
                raise
    raise AssertionError("unreachable")


def _create(
    writing: Writing, membership: Membership | None, who: Principal, entity: str, model: Any
) -> Any:
    with writing(who) as tx:
        record_id = model.id or new_record_id(tx, entity, model)
        if fetch_state(tx.conn, entity, record_id) is not None:
            raise RecordConflict(
                f"a {entity} with id {record_id!r} already exists",
                hint="choose another id, or omit it to have one generated",
            )
        model = checked(tx, who, membership, entity, model, record_id)
        insert_records(tx, entity, [(record_id, model)])
        after = fetch_state(tx.conn, entity, record_id)
        tx.change("create", entity, record_id, None, after)
    return RECORD_MODELS[entity].model_validate(after)


def update_record(
    writing: Writing,
    membership: Membership | None,
    who: Principal,
    entity: str,
    record_id: str,
    patch: Any,
    *,
    expected_version: int | None,
) -> Any:
    """Change the fields given in ``patch`` if the record is still at ``expected_version``."""
    known(entity)
    require(who, "editor", f"changing a {entity}")
    changes = validate(PATCH_MODELS[entity], patch, subject=f"{entity} change")
    if expected_version is None:
        raise PreconditionRequired(
            f"changing {entity} {record_id} needs the version you read",
            hint="send If-Match with the record's ETag (or pass expected_version)",
        )
    try:
        with writing(who) as tx:
            before = locked(tx, who, membership, entity, record_id, expected_version)
            sent = changes.model_dump(mode="json", exclude_unset=True)
            merged = {**input_of(entity, before), **sent}
            if entity == "commitment" and "smart" not in sent:
                merged["smart"] = smart_kept(before, sent)
            if before.get("status") == "published" and merged.get("status") == "draft":
                require(who, "admin", f"unpublishing a published {entity}")
            model = validate(INPUT_MODELS[entity], merged, subject=entity)
            model = checked(tx, who, membership, entity, model, record_id, before=before)
            values = values_of(entity, model)
            values.update(version=before["version"] + 1, updated_at=tx.now)
            table = TABLE[entity]
            done = tx.conn.execute(
                update(table)
                .where(table.c.id == record_id, table.c.version == expected_version)
                .values(**values)
            )
            if done.rowcount != 1:
                raise stale(entity, record_id, expected_version, None)
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
    writing: Writing,
    membership: Membership | None,
    who: Principal,
    entity: str,
    record_id: str,
    *,
    expected_version: int | None,
) -> None:
    """Delete a record nothing depends on (published ones: admins only)."""
    known(entity)
    require(who, "editor", f"deleting a {entity}")
    if expected_version is None:
        raise PreconditionRequired(
            f"deleting {entity} {record_id} needs the version you read",
            hint="send If-Match with the record's ETag (or pass expected_version)",
        )
    with writing(who) as tx:
        before = locked(tx, who, membership, entity, record_id, expected_version)
        if before.get("status") == "published":
            require(who, "admin", f"deleting a published {entity}")
        no_dependants(tx.conn, entity, record_id)
        table = TABLE[entity]
        if entity == "commitment":
            write_actors(tx.conn, record_id, [])
        tx.conn.execute(delete(table).where(table.c.id == record_id))
        tx.change("delete", entity, record_id, before, None)


def publish(
    writing: Writing,
    membership: Membership | None,
    who: Principal,
    entity: str,
    record_id: str,
    *,
    expected_version: int | None,
) -> Any:
    """Publish a draft commitment or assessment: the same rules and audit as a change
    of ``status`` to ``published`` (a published one is returned unchanged)."""
    if entity not in PUBLISHABLE:
        raise InputError(
            f"{entity}s have no status to publish", hint="publish a commitment or assessment"
        )
    return update_record(
        writing,
        membership,
        who,
        entity,
        record_id,
        {"status": "published"},
        expected_version=expected_version,
    )


def new_record_id(
    tx: Tx, entity: str, model: Any, taken: Callable[[str], bool] = lambda _: False
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


def locked(
    tx: Tx,
    who: Principal,
    membership: Membership | None,
    entity: str,
    record_id: str,
    expected: int,
) -> dict[str, Any]:
    """The record's state, row-locked, if it is in scope and still at version ``expected``."""
    before = fetch_state(tx.conn, entity, record_id, lock=True)
    if before is None:
        raise UnknownRecord(entity, record_id)
    require_scope(tx, ScopeCheck(who, membership), entity, before)
    if before["version"] != expected:
        raise stale(entity, record_id, expected, before["version"])
    return before


def stale(entity: str, record_id: str, sent: int, current: int | None) -> StaleVersion:
    """The error for a change made to version ``sent`` of a record now at ``current``."""
    now = f"is at version {current}" if current is not None else "has changed"
    return StaleVersion(
        f"{entity} {record_id} {now}; your change was made to version {sent}",
        hint="read the record again (GET, ETag) and reapply your change to it",
    )


def no_dependants(conn: Connection, entity: str, record_id: str) -> None:
    """Raise if commitments (of a forum) or assessments (of a commitment) still refer to it."""
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


def insert_records(tx: Tx, entity: str, items: Sequence[tuple[str, Any]]) -> None:
    """Insert checked records (id, model) at version 1, commitments with their actors."""
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


# --- rules ----------------------------------------------------------------------------------


def checked(
    tx: Tx,
    who: Principal,
    membership: Membership | None,
    entity: str,
    model: Any,
    record_id: str,
    *,
    before: Mapping[str, Any] | None = None,
) -> Any:
    """References, scope, uniqueness and defaults of a record about to be written."""
    scope = ScopeCheck(who, membership)
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
            _assessed_actors_kept(tx.conn, record_id, model.actors)
        return model
    commitment = tx.state("commitment", model.commitment_id)
    if commitment is None:
        raise InvalidRecord([("commitment_id", f"no commitment with id {model.commitment_id!r}")])
    if before is not None and model.commitment_id != before["commitment_id"]:
        raise InvalidRecord([("commitment_id", "an assessment cannot move to another commitment")])
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


def _assessed_actors_kept(conn: Connection, commitment_id: str, actors: Sequence[str]) -> None:
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


def known(entity: str) -> None:
    """Raise unless ``entity`` is a kind of record (forum, commitment, assessment)."""
    if entity not in RECORDS:
        raise InputError(
            f"unknown kind of record {entity!r}", hint=f"use one of {', '.join(RECORDS)}"
        )


def _same(before: Mapping[str, Any], after: Mapping[str, Any]) -> bool:
    skip = {"version", "updated_at"}
    return {k: v for k, v in before.items() if k not in skip} == {
        k: v for k, v in after.items() if k not in skip
    }
