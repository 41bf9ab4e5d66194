"""Concurrent writers: no lost or duplicated writes, and the audit chain never forks."""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy import func, select
from tracker_bodies import forum

from southsouth.errors import StaleVersion
from southsouth.tracker import Tracker
from southsouth.tracker.tables import AuditEntryRow, ForumRow

WRITERS = 20
WRITES = 500


def run_threads(count: int, work: Callable[[int], None]) -> None:
    errors: list[BaseException] = []

    def guarded(i: int) -> None:
        try:
            work(i)
        except BaseException as exc:  # reported after the join
            errors.append(exc)

    threads = [threading.Thread(target=guarded, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors[:3]


def test_20_writers_x_500_writes(tracker: Tracker, admin):
    def work(i: int) -> None:
        for j in range(WRITES):  # each create is its own transaction
            tracker.create_record(admin, "forum", forum(f"w{i:02d}-{j:03d}", None))

    run_threads(WRITERS, work)
    expected = {f"w{i:02d}-{j:03d}" for i in range(WRITERS) for j in range(WRITES)}
    log = AuditEntryRow.__table__
    with tracker.db.reading() as conn:
        ids = conn.execute(select(ForumRow.__table__.c.id)).scalars().all()
        seqs = conn.execute(select(log.c.seq).order_by(log.c.seq)).scalars().all()
        logged = conn.execute(select(func.count(func.distinct(log.c.entity_id)))).scalar_one()
    assert len(ids) == WRITERS * WRITES and set(ids) == expected  # none lost, none doubled
    assert seqs == list(range(1, WRITERS * WRITES + 1))  # one chain, no gaps, no forks
    assert logged == WRITERS * WRITES
    report = tracker.verify(admin)
    assert report.ok, report.findings[:3]
    assert (report.entries, report.records) == (10_000, 10_000)


def test_optimistic_versions_lose_no_update(tracker: Tracker, admin):
    """20 writers each apply 5 read-modify-write increments to one record, retrying when
    their version is stale: all 100 land (version 101, counter 100)."""
    tracker.create_record(admin, "forum", forum("shared", None, place="0"))
    stale = [0] * WRITERS

    def work(i: int) -> None:
        done = 0
        while done < 5:
            current = tracker.get_record(admin, "forum", "shared")
            try:
                tracker.update_record(
                    admin,
                    "forum",
                    "shared",
                    {"place": str(int(current.place) + 1)},
                    expected_version=current.version,
                )
                done += 1
            except StaleVersion:
                stale[i] += 1

    run_threads(WRITERS, work)
    final = tracker.get_record(admin, "forum", "shared")
    assert (final.place, final.version) == ("100", 101)
    assert tracker.audit_entries(admin, limit=1).total == 101
    assert tracker.verify(admin).ok
