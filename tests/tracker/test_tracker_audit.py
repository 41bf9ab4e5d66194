"""The hash-chained audit log: every write is logged; verify names what was tampered with."""

from __future__ import annotations

import hashlib
import itertools
import json

import pytest
from sqlalchemy import text
from tracker_bodies import assessment, commitment, forum
from typer.testing import CliRunner

from southsouth.cli import app
from southsouth.tracker import Tracker
from southsouth.tracker.audit import canonical
from southsouth.tracker.tables import GENESIS_HASH


@pytest.fixture
def logged(tracker: Tracker, admin) -> Tracker:
    """Five audited writes: forum, two commitments, an assessment, an update."""
    tracker.create_record(admin, "forum", forum("F1", "AU"))
    tracker.create_record(admin, "commitment", commitment("C1", "F1", ["KEN", "NGA"]))
    tracker.create_record(admin, "commitment", commitment("C2", "F1", ["KEN"]))
    tracker.create_record(admin, "assessment", assessment("C1", "KEN", 1, id="A1"))
    tracker.update_record(admin, "commitment", "C2", {"text": "Reworded"}, expected_version=1)
    return tracker


def sql(tracker: Tracker, statement: str) -> None:
    with tracker.db.engine.begin() as conn:
        conn.execute(text(statement))


def test_every_write_is_chained(logged, admin):
    page = logged.audit_entries(admin, limit=10)
    entries = list(reversed(page.items))
    assert [(e.seq, e.action, e.entity, e.entity_id) for e in entries] == [
        (1, "create", "forum", "F1"),
        (2, "create", "commitment", "C1"),
        (3, "create", "commitment", "C2"),
        (4, "create", "assessment", "A1"),
        (5, "update", "commitment", "C2"),
    ]
    assert entries[0].prev_hash == GENESIS_HASH
    for before, after in itertools.pairwise(entries):
        assert after.prev_hash == before.hash
    # the hash is sha256 over the canonical JSON of the other fields (before/after as text)
    last = entries[-1]
    payload = {
        "seq": last.seq,
        "at": last.at,
        "actor": last.actor,
        "action": last.action,
        "entity": last.entity,
        "entity_id": last.entity_id,
        "before": canonical(last.before),
        "after": canonical(last.after),
        "prev_hash": last.prev_hash,
    }
    assert hashlib.sha256(canonical(payload).encode()).hexdigest() == last.hash
    assert last.before is not None and last.after is not None
    assert (last.before["text"], last.after["text"]) == ("Commitment C2", "Reworded")
    assert (last.before["version"], last.after["version"]) == (1, 2)
    assert last.actor.startswith("cli:")
    report = logged.verify(admin)
    assert report.ok and report.entries == 5 and report.records == 4
    assert (report.head_seq, report.head_hash) == (5, last.hash)


def test_a_failed_write_logs_nothing(logged, admin):
    from southsouth.errors import StaleVersion

    with pytest.raises(StaleVersion):
        logged.update_record(admin, "commitment", "C2", {"text": "x"}, expected_version=1)
    # an update that changes nothing is not logged either
    same = logged.update_record(admin, "commitment", "C2", {"text": "Reworded"}, expected_version=2)
    assert same.version == 2
    assert logged.audit_entries(admin, limit=1).total == 5


def test_direct_update_of_a_record_is_named(logged, admin):
    sql(logged, "UPDATE commitment SET text = 'Quietly weakened' WHERE id = 'C1'")
    report = logged.verify(admin)
    assert not report.ok
    assert [(f.where, f.problem) for f in report.findings] == [
        (
            "commitment C1",
            "differs from its last audited state (entry 2) in text: changed outside the tracker",
        )
    ]


def test_direct_change_of_actors_is_named(logged, admin):
    sql(logged, "DELETE FROM commitment_actor WHERE commitment_id = 'C1' AND actor = 'NGA'")
    findings = logged.verify(admin).findings
    assert [f.where for f in findings] == ["commitment C1"]
    assert "in actors" in findings[0].problem


def test_deleted_audit_entry_is_named(logged, admin):
    sql(logged, "DELETE FROM audit_log WHERE seq = 3")
    report = logged.verify(admin)
    wheres = [f.where for f in report.findings]
    assert "audit entry 3" in wheres
    assert report.findings[wheres.index("audit entry 3")].problem == (
        "missing: deleted from the log"
    )
    # and C2's last remaining state (entry 5) still matches, so only the gap is reported
    assert wheres == ["audit entry 3"]


def test_deleted_tail_entry_is_caught_by_the_head(logged, admin):
    sql(logged, "DELETE FROM audit_log WHERE seq = 5")
    wheres = [f.where for f in logged.verify(admin).findings]
    assert wheres == ["audit head", "commitment C2"]


def test_edited_audit_entry_is_named(logged, admin):
    forged = json.dumps({"forged": True})
    sql(logged, f"UPDATE audit_log SET after = '{forged}' WHERE seq = 4")
    findings = logged.verify(admin).findings
    assert findings[0].where == "audit entry 4"
    assert findings[0].problem.startswith("altered: its hash does not match its content")
    assert "assessment A1" in [f.where for f in findings]


def test_rows_deleted_or_inserted_in_sql_are_named(logged, admin):
    sql(logged, "DELETE FROM assessment WHERE id = 'A1'")
    sql(
        logged,
        "INSERT INTO forum (id, kind, name, start_date, end_date, version, created_at, "
        "updated_at) VALUES ('F9', 'summit', 'Ghost', '2025-01-01', '2025-01-01', 1, "
        "'2025-01-01 00:00:00', '2025-01-01 00:00:00')",
    )
    findings = {f.where: f.problem for f in logged.verify(admin).findings}
    assert findings == {
        "forum F9": "has no audit entry: written outside the tracker",
        "assessment A1": "deleted outside the tracker (last audited state: entry 4)",
    }


def test_anchor_catches_a_rewritten_chain(logged, admin):
    good = logged.verify(admin)
    report = logged.verify(admin, anchors={5: good.head_hash})
    assert report.ok
    wrong = logged.verify(admin, anchors={5: "f" * 64})
    assert [f.where for f in wrong.findings] == ["audit entry 5"]


def test_cli_verify_passes_then_fails_naming_the_record(logged, database_url, monkeypatch):
    monkeypatch.setenv("SOUTHSOUTH_TRACKER_URL", database_url)
    runner = CliRunner()
    ok = runner.invoke(app, ["tracker", "verify"])
    assert ok.exit_code == 0, ok.output
    assert "ok: 5 audit entries" in ok.output
    sql(logged, "UPDATE assessment SET score = -1 WHERE id = 'A1'")
    bad = runner.invoke(app, ["tracker", "verify"])
    assert bad.exit_code == 1
    assert "error[audit-broken]" in bad.output
    assert "assessment A1" in bad.output and "score" in bad.output
