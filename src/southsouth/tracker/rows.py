"""Records in and out of the tables: validated inputs → column values, rows → canonical states.

A record's *state* is the JSON-ready dict the API shows and the audit log stores in its
``after`` field: every stored field (dates as ISO strings, timestamps as ISO UTC) and nothing
computed. ``tracker verify`` compares each record's current state with its last audited one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Connection, Table, delete, insert, select

from southsouth.tracker.records import AssessmentIn, CommitmentIn, ForumIn
from southsouth.tracker.tables import (
    AssessmentRow,
    CommitmentActorRow,
    CommitmentRow,
    ForumRow,
    TokenRow,
)

TABLE: dict[str, Table] = {
    "forum": ForumRow.__table__,  # type: ignore[dict-item]
    "commitment": CommitmentRow.__table__,  # type: ignore[dict-item]
    "assessment": AssessmentRow.__table__,  # type: ignore[dict-item]
    "token": TokenRow.__table__,  # type: ignore[dict-item]
}
ACTORS: Table = CommitmentActorRow.__table__  # type: ignore[assignment]
SMART_FIELDS = ("specific", "measurable", "achievable", "relevant", "time_bound")
KPI_FIELDS = ("indicator", "baseline", "baseline_year", "target", "target_year", "direction")
STAMPS = ("id", "version", "created_at", "updated_at")


def _iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


# --- rows → states --------------------------------------------------------------------------


def forum_state(row: Mapping[str, Any]) -> dict[str, Any]:
    """The canonical state of a forum row."""
    return {
        "id": row["id"],
        "kind": row["kind"],
        "name": row["name"],
        "bloc_id": row["bloc_id"],
        "start_date": _iso(row["start_date"]),
        "end_date": _iso(row["end_date"]),
        "place": row["place"],
        "url": row["url"],
        "version": row["version"],
        "created_at": _iso(row["created_at"]),
        "updated_at": _iso(row["updated_at"]),
    }


def commitment_state(row: Mapping[str, Any], actors: Sequence[str]) -> dict[str, Any]:
    """The canonical state of a commitment row with its actors (in their stored order)."""
    kpi = None
    if row["kpi_indicator"] is not None:
        kpi = {name: row[f"kpi_{name}"] for name in KPI_FIELDS}
    return {
        "id": row["id"],
        "forum_id": row["forum_id"],
        "text": row["text"],
        "pillar": row["pillar"],
        "actors": list(actors),
        "status": row["status"],
        "deadline": _iso(row["deadline"]),
        "initiative_id": row["initiative_id"],
        "smart": {name: bool(row[f"smart_{name}"]) for name in SMART_FIELDS},
        "catalysts": list(row["catalysts"]),
        "kpi": kpi,
        "version": row["version"],
        "created_at": _iso(row["created_at"]),
        "updated_at": _iso(row["updated_at"]),
    }


def assessment_state(row: Mapping[str, Any]) -> dict[str, Any]:
    """The canonical state of an assessment row."""
    return {
        "id": row["id"],
        "commitment_id": row["commitment_id"],
        "actor": row["actor"],
        "period": row["period"],
        "score": row["score"],
        "grade": row["grade"],
        "evidence": list(row["evidence"]),
        "assessor": row["assessor"],
        "assessed_on": _iso(row["assessed_on"]),
        "rationale": row["rationale"],
        "reply_text": row["reply_text"],
        "reply_date": _iso(row["reply_date"]),
        "status": row["status"],
        "version": row["version"],
        "created_at": _iso(row["created_at"]),
        "updated_at": _iso(row["updated_at"]),
    }


def token_state(row: Mapping[str, Any]) -> dict[str, Any]:
    """The canonical state of an API token (its secret's sha256 included, never the secret)."""
    return {
        "id": row["id"],
        "name": row["name"],
        "role": row["role"],
        "scopes": list(row["scopes"]),
        "secret_sha256": row["secret_sha256"],
        "created_at": _iso(row["created_at"]),
        "revoked_at": _iso(row["revoked_at"]),
        "version": row["version"],
        "updated_at": _iso(row["updated_at"]),
    }


def actors_of(conn: Connection, ids: Iterable[str]) -> dict[str, list[str]]:
    """Actors of each commitment in ``ids``, in their stored order."""
    wanted = list(ids)
    out: dict[str, list[str]] = {i: [] for i in wanted}
    for chunk in _chunks(wanted, 500):
        query = (
            select(ACTORS.c.commitment_id, ACTORS.c.actor)
            .where(ACTORS.c.commitment_id.in_(chunk))
            .order_by(ACTORS.c.commitment_id, ACTORS.c.position)
        )
        for commitment_id, actor in conn.execute(query):
            out[commitment_id].append(actor)
    return out


def states(
    conn: Connection, entity: str, rows: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Canonical states of ``rows`` of ``entity``."""
    if entity == "commitment":
        actors = actors_of(conn, [r["id"] for r in rows])
        return [commitment_state(r, actors[r["id"]]) for r in rows]
    convert = {"forum": forum_state, "assessment": assessment_state, "token": token_state}[entity]
    return [convert(r) for r in rows]


def fetch_state(
    conn: Connection, entity: str, record_id: str, *, lock: bool = False
) -> dict[str, Any] | None:
    """The current state of one record, or None; ``lock`` takes a row lock (PostgreSQL)."""
    table = TABLE[entity]
    query = select(table).where(table.c.id == record_id)
    if lock:
        query = query.with_for_update()
    row = conn.execute(query).mappings().first()
    return None if row is None else states(conn, entity, [row])[0]


def all_states(conn: Connection, entity: str, batch: int = 1000) -> Iterator[dict[str, Any]]:
    """Every record of ``entity`` as its canonical state, in id order."""
    table = TABLE[entity]
    last: str | None = None
    while True:
        query = select(table).order_by(table.c.id).limit(batch)
        if last is not None:
            query = query.where(table.c.id > last)
        rows = conn.execute(query).mappings().all()
        if not rows:
            return
        yield from states(conn, entity, rows)
        last = rows[-1]["id"]


# --- inputs → column values -----------------------------------------------------------------


def input_of(entity: str, state: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of a stored state that an ``…In`` model accepts (stamps dropped)."""
    drop = {"version", "created_at", "updated_at"}
    return {k: v for k, v in state.items() if k not in drop}


def forum_values(model: ForumIn) -> dict[str, Any]:
    """Column values of a forum (without id, version and stamps)."""
    return model.model_dump(exclude={"id"})


def commitment_values(model: CommitmentIn) -> dict[str, Any]:
    """Column values of a commitment (without id, actors, version and stamps)."""
    data = model.model_dump(exclude={"id", "actors", "smart", "kpi"})
    smart = model.resolved_smart()
    for name in SMART_FIELDS:
        data[f"smart_{name}"] = getattr(smart, name)
    kpi = model.kpi.model_dump() if model.kpi is not None else dict.fromkeys(KPI_FIELDS)
    for name in KPI_FIELDS:
        data[f"kpi_{name}"] = kpi[name]
    return data


def assessment_values(model: AssessmentIn) -> dict[str, Any]:
    """Column values of an assessment (without id, version and stamps)."""
    return model.model_dump(exclude={"id"})


VALUES = {"forum": forum_values, "commitment": commitment_values, "assessment": assessment_values}


def values_of(entity: str, model: BaseModel) -> dict[str, Any]:
    """Column values of a validated input of ``entity``."""
    return VALUES[entity](model)  # type: ignore[operator]


def write_actors(conn: Connection, commitment_id: str, actors: Sequence[str]) -> None:
    """Replace a commitment's actors."""
    conn.execute(delete(ACTORS).where(ACTORS.c.commitment_id == commitment_id))
    if actors:
        conn.execute(
            insert(ACTORS),
            [
                {"commitment_id": commitment_id, "actor": actor, "position": n}
                for n, actor in enumerate(actors)
            ],
        )


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
