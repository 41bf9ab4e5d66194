"""The append-only, hash-chained audit log, and its verification.

Every write to the tracker appends one entry per changed record in the same transaction:
``seq`` (1, 2, 3, … without gaps), ``at`` (ISO UTC), ``actor`` (``token:<id>`` or
``cli:<user>``), ``action`` (create, update, delete, revoke), ``entity``, ``entity_id``, the
record's state ``before`` and ``after`` as canonical JSON text (keys sorted, no spaces, UTF-8),
``prev_hash`` (the previous entry's hash; 64 zeros for the first) and

    hash = sha256(canonical JSON of {seq, at, actor, action, entity, entity_id,
                                     before, after, prev_hash})

Appends are serialised on the one-row ``audit_head`` (seq and hash of the newest entry):
PostgreSQL writers lock it with ``SELECT … FOR UPDATE``; SQLite writers already hold the
database's write lock (``BEGIN IMMEDIATE``). So concurrent writers queue and the chain never
forks.

:func:`verify` recomputes every hash, checks the links and the head, then compares every
current record with the ``after`` state of its newest entry. Without anchors it detects:
a record changed, inserted or deleted directly in SQL; an entry edited; an entry deleted
from the middle; a broken link; a head that does not match the log's end. It does NOT
detect, by itself, the newest entries deleted together with their records and the head
rewound, nor a chain rewritten from some entry on with every later hash recomputed. Those
are caught against *anchors* (:class:`Anchor`: ``seq:hash`` of an earlier head, given or
kept in the anchors file of :mod:`.anchors`), up to the newest anchor: an anchor beyond the
log's end is "truncated after seq N", an anchor whose hash differs from the chain's entry
at that seq is "entry N rewritten".
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import Connection, func, insert, select, update

from southsouth.tracker.access import Principal, require
from southsouth.tracker.database import Database
from southsouth.tracker.records import Page
from southsouth.tracker.rows import all_states
from southsouth.tracker.tables import GENESIS_HASH, AuditEntryRow, AuditHeadRow
from southsouth.tracker.transaction import Change

LOG = AuditEntryRow.__table__
HEAD = AuditHeadRow.__table__
AUDITED = ("forum", "commitment", "assessment", "token")


def canonical(value: Any) -> str:
    """Canonical JSON: sorted keys, no spaces, UTF-8 characters kept, no NaN."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def entry_hash(entry: Mapping[str, Any]) -> str:
    """The sha256 of an entry's canonical serialisation (every field but ``hash``)."""
    fields = ("seq", "at", "actor", "action", "entity", "entity_id", "before", "after", "prev_hash")
    payload = canonical({name: entry[name] for name in fields})
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(conn: Connection, actor: str, changes: Sequence[Change], at: datetime) -> int:
    """Append ``changes`` to the chain inside the caller's transaction; returns the last seq."""
    if not changes:
        raise ValueError("nothing to append")
    head = conn.execute(select(HEAD.c.seq, HEAD.c.hash).where(HEAD.c.id == 1).with_for_update())
    found = head.first()
    if found is None:
        raise RuntimeError("the audit head row is missing; run `southsouth tracker verify`")
    seq, prev = int(found.seq), str(found.hash)
    first_seq = seq
    stamp = at.isoformat()
    entries = []
    for change in changes:
        seq += 1
        entry = {
            "seq": seq,
            "at": stamp,
            "actor": actor,
            "action": change.action,
            "entity": change.entity,
            "entity_id": change.entity_id,
            "before": None if change.before is None else canonical(change.before),
            "after": None if change.after is None else canonical(change.after),
            "prev_hash": prev,
        }
        entry["hash"] = prev = entry_hash(entry)
        entries.append(entry)
    conn.execute(insert(LOG), entries)
    moved = conn.execute(
        update(HEAD).where(HEAD.c.id == 1, HEAD.c.seq == first_seq).values(seq=seq, hash=prev)
    )
    if moved.rowcount != 1:
        raise RuntimeError("the audit head moved during an append")
    return seq


# --- reading --------------------------------------------------------------------------------


class AuditEntry(BaseModel):
    """One entry of the audit log as shown to administrators."""

    seq: int
    at: str
    actor: str
    action: str
    entity: str
    entity_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    prev_hash: str
    hash: str


def entries(
    conn: Connection,
    *,
    entity: str | None = None,
    entity_id: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[AuditEntry], int]:
    """A page of entries (newest first) and the total matching."""
    where = []
    if entity is not None:
        where.append(LOG.c.entity == entity)
    if entity_id is not None:
        where.append(LOG.c.entity_id == entity_id)
    total = conn.execute(select(func.count()).select_from(LOG).where(*where)).scalar_one()
    rows = conn.execute(
        select(LOG).where(*where).order_by(LOG.c.seq.desc()).limit(limit).offset(offset)
    ).mappings()
    out = [
        AuditEntry(
            **{
                **row,
                "before": None if row["before"] is None else json.loads(row["before"]),
                "after": None if row["after"] is None else json.loads(row["after"]),
            }
        )
        for row in rows
    ]
    return out, int(total)


def entry_page(
    db: Database,
    who: Principal,
    *,
    entity: str | None = None,
    entity_id: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page[AuditEntry]:
    """A page of the audit log, newest first (admins only)."""
    require(who, "admin", "reading the audit log")
    with db.reading() as conn:
        found, total = entries(conn, entity=entity, entity_id=entity_id, limit=limit, offset=offset)
    return Page[AuditEntry](items=found, total=total, limit=limit, offset=offset)


# --- verification ---------------------------------------------------------------------------


class Anchor(BaseModel):
    """The chain's head (``seq``, ``hash``) as noted at ``at``; ``source`` says where from."""

    seq: int = Field(ge=1)
    hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    at: str | None = None
    source: str = "given anchor"

    def payload(self) -> dict[str, object]:
        """The signed fields."""
        return {"at": self.at, "hash": self.hash, "seq": self.seq}


class Finding(BaseModel):
    """One thing verify found wrong: where (an audit entry or a record) and what."""

    where: str
    problem: str


class VerifyReport(BaseModel):
    """The outcome of ``tracker verify``."""

    ok: bool
    entries: int
    head_seq: int
    head_hash: str
    records: int
    anchors: int = 0
    anchored_to: int | None = None
    findings: list[Finding]


def verify(conn: Connection, anchors: Sequence[Anchor] = ()) -> VerifyReport:
    """Recompute the chain, check the head and ``anchors``, and compare records with the log."""
    findings: list[Finding] = []
    latest: dict[tuple[str, str], tuple[int, str | None]] = {}
    hashes: dict[int, str] = {}
    expected_seq, running, count = 1, GENESIS_HASH, 0
    last_seq = 0
    for row in conn.execute(select(LOG).order_by(LOG.c.seq)).mappings():
        count += 1
        seq = int(row["seq"])
        if seq != expected_seq:
            gone = f"{expected_seq}" if seq == expected_seq + 1 else f"{expected_seq}–{seq - 1}"
            findings.append(
                Finding(where=f"audit entry {gone}", problem="missing: deleted from the log")
            )
        elif row["prev_hash"] != running:
            findings.append(
                Finding(
                    where=f"audit entry {seq}",
                    problem="prev_hash does not match the entry before it",
                )
            )
        if entry_hash(row) != row["hash"]:
            findings.append(
                Finding(
                    where=f"audit entry {seq}",
                    problem=f"altered: its hash does not match its content "
                    f"({row['entity']} {row['entity_id']}, {row['action']})",
                )
            )
        hashes[seq] = row["hash"]
        latest[(row["entity"], row["entity_id"])] = (seq, row["after"])
        running, expected_seq, last_seq = row["hash"], seq + 1, seq
    head = conn.execute(select(HEAD.c.seq, HEAD.c.hash).where(HEAD.c.id == 1)).first()
    head_seq, head_hash = (int(head.seq), str(head.hash)) if head else (-1, "")
    if head is None:
        findings.append(Finding(where="audit head", problem="missing"))
    elif (head_seq, head_hash) != (last_seq, running):
        findings.append(
            Finding(
                where="audit head",
                problem=f"says entry {head_seq} ({head_hash[:12]}…) is the newest but the log "
                f"ends at entry {last_seq} ({running[:12]}…): entries removed from the end or "
                "the head was edited",
            )
        )
    findings.extend(_against_anchors(anchors, hashes, last_seq))
    records = 0
    for entity in AUDITED:
        seen: set[str] = set()
        for state in all_states(conn, entity):
            records += 1
            seen.add(state["id"])
            findings.extend(_compare(entity, state, latest.get((entity, state["id"]))))
        for (kind, record_id), (seq, after) in latest.items():
            if kind == entity and after is not None and record_id not in seen:
                findings.append(
                    Finding(
                        where=f"{entity} {record_id}",
                        problem=f"deleted outside the tracker (last audited state: entry {seq})",
                    )
                )
    return VerifyReport(
        ok=not findings,
        entries=count,
        head_seq=head_seq,
        head_hash=head_hash,
        records=records,
        anchors=len({(a.seq, a.hash) for a in anchors}),
        anchored_to=max((a.seq for a in anchors), default=None),
        findings=findings,
    )


def _against_anchors(
    anchors: Sequence[Anchor], hashes: Mapping[int, str], last_seq: int
) -> list[Finding]:
    """Anchors beyond the log's end (truncation) and anchors the chain no longer matches."""
    findings: list[Finding] = []
    seen: set[tuple[int, str]] = set()
    beyond = [a for a in anchors if a.seq > last_seq]
    if beyond:
        newest = max(beyond, key=lambda a: a.seq)
        findings.append(
            Finding(
                where="audit log",
                problem=f"truncated after seq {last_seq}: {newest.source} names entry "
                f"{newest.seq} ({newest.hash[:12]}…), which the log no longer has",
            )
        )
    for anchor in sorted(anchors, key=lambda a: a.seq):
        if anchor.seq > last_seq or (anchor.seq, anchor.hash) in seen:
            continue
        seen.add((anchor.seq, anchor.hash))
        found = hashes.get(anchor.seq)
        if found == anchor.hash:
            continue
        now = "is missing" if found is None else f"has hash {found[:12]}…"
        findings.append(
            Finding(
                where=f"audit entry {anchor.seq}",
                problem=f"entry {anchor.seq} rewritten: it {now} but {anchor.source} says "
                f"{anchor.hash[:12]}… (the chain was rewritten from here or before)",
            )
        )
    return findings


def _compare(
    entity: str, state: Mapping[str, Any], audited: tuple[int, str | None] | None
) -> Iterable[Finding]:
    where = f"{entity} {state['id']}"
    if audited is None:
        yield Finding(where=where, problem="has no audit entry: written outside the tracker")
        return
    seq, after = audited
    if after is None:
        yield Finding(where=where, problem=f"was deleted at entry {seq} but exists again")
        return
    if canonical(state) == after:
        return
    logged = json.loads(after)
    changed = sorted(k for k in set(state) | set(logged) if state.get(k) != logged.get(k))
    yield Finding(
        where=where,
        problem=f"differs from its last audited state (entry {seq}) in {', '.join(changed)}: "
        "changed outside the tracker",
    )
