"""Anchors catch what the chain alone cannot (a rewound tail, a re-chained log); private files."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text, update
from tracker_bodies import FixedMembership, commitment, forum
from typer.testing import CliRunner

from southsouth.cli import app
from southsouth.server import create_app
from southsouth.settings import load_settings
from southsouth.tracker import AnchorBook, Principal, Tracker, open_tracker
from southsouth.tracker.audit import HEAD, LOG, entry_hash

KEY = b"a test key of thirty-two bytes!!"


@pytest.fixture
def book(tmp_path: Path) -> AnchorBook:
    return AnchorBook(tmp_path / "anchors" / "tracker-anchors.jsonl")


@pytest.fixture
def anchored(database_url: str, book: AnchorBook, admin: Principal) -> Iterator[Tracker]:
    """Three audited writes (forum F1, commitments C1, C2) and an anchor at entry 3."""
    tracker = Tracker.open(database_url, membership=FixedMembership(), anchors=book)
    tracker.create_record(admin, "forum", forum("F1", "AU"))
    tracker.create_record(admin, "commitment", commitment("C1", "F1", ["KEN"]))
    tracker.create_record(admin, "commitment", commitment("C2", "F1", ["NGA"]))
    made = tracker.record_anchor(admin)
    assert made.seq == 3
    yield tracker
    tracker.close()


def sql(tracker: Tracker, statement: str) -> None:
    with tracker.db.engine.begin() as conn:
        conn.execute(text(statement))


def rechain(tracker: Tracker, first: int) -> None:
    """Recompute every hash from entry ``first`` on and move the head: a careful forger."""
    with tracker.db.engine.begin() as conn:
        rows = [dict(r) for r in conn.execute(select(LOG).order_by(LOG.c.seq)).mappings()]
        previous = rows[first - 2]["hash"] if first > 1 else "0" * 64
        for row in rows[first - 1 :]:
            row["prev_hash"] = previous
            row["hash"] = previous = entry_hash(row)
            conn.execute(
                update(LOG)
                .where(LOG.c.seq == row["seq"])
                .values(prev_hash=row["prev_hash"], hash=row["hash"])
            )
        conn.execute(update(HEAD).values(seq=rows[-1]["seq"], hash=previous))


def test_an_anchor_is_one_private_json_line(anchored, book):
    line = json.loads(book.path.read_text(encoding="utf-8"))
    head = anchored.verify(local := anchored_admin())
    assert (line["seq"], line["hash"]) == (3, head.head_hash)
    assert set(line) == {"seq", "hash", "at"}  # unsigned
    assert stat.S_IMODE(book.path.stat().st_mode) == 0o600
    assert head.ok and (head.anchors, head.anchored_to) == (1, 3)
    anchored.create_record(local, "forum", forum("F2", None))
    anchored.record_anchor(local)
    assert [json.loads(x)["seq"] for x in book.path.read_text().splitlines()] == [3, 4]


def anchored_admin() -> Principal:
    from southsouth.tracker import local_admin

    return local_admin()


def test_a_truncated_tail_with_a_rewound_head_is_caught_by_the_anchor(anchored, admin):
    # delete the newest record, its audit entry, and rewind the head to entry 2
    sql(anchored, "DELETE FROM commitment_actor WHERE commitment_id = 'C2'")
    sql(anchored, "DELETE FROM commitment WHERE id = 'C2'")
    sql(anchored, "DELETE FROM audit_log WHERE seq = 3")
    sql(
        anchored,
        "UPDATE audit_head SET seq = 2, hash = (SELECT hash FROM audit_log WHERE seq = 2)",
    )
    assert anchored.verify(admin, recorded=False).ok  # the chain alone cannot tell
    report = anchored.verify(admin)
    assert not report.ok
    assert [f.where for f in report.findings] == ["audit log"]
    assert report.findings[0].problem.startswith("truncated after seq 2: the anchor of ")
    assert "names entry 3" in report.findings[0].problem


def test_a_rewritten_and_rechained_entry_is_caught_by_the_anchor(anchored, admin):
    sql(anchored, "UPDATE commitment SET text = 'Quietly weakened' WHERE id = 'C1'")
    with anchored.db.engine.begin() as conn:
        after = conn.execute(select(LOG.c.after).where(LOG.c.seq == 2)).scalar_one()
        forged = json.dumps(
            {**json.loads(after), "text": "Quietly weakened"}, sort_keys=True, separators=(",", ":")
        )
        conn.execute(update(LOG).where(LOG.c.seq == 2).values(after=forged))
    rechain(anchored, 2)
    assert anchored.verify(admin, recorded=False).ok  # the chain alone cannot tell
    report = anchored.verify(admin)
    assert [f.where for f in report.findings] == ["audit entry 3"]
    assert report.findings[0].problem.startswith("entry 3 rewritten: it has hash ")


def test_given_anchors_still_work_and_are_bounded(anchored, admin):
    head = anchored.verify(admin)
    assert anchored.verify(admin, anchors={3: head.head_hash}, recorded=False).ok
    wrong = anchored.verify(admin, anchors={2: "f" * 64}, recorded=False)
    assert [f.where for f in wrong.findings] == ["audit entry 2"]
    beyond = anchored.verify(admin, anchors={9: "f" * 64}, recorded=False)
    assert beyond.findings[0].problem.startswith("truncated after seq 3: given anchor names")
    from southsouth.errors import InputError

    with pytest.raises(InputError, match="at most 20"):
        anchored.verify(admin, anchors={n: "f" * 64 for n in range(1, 22)})


def test_a_forged_anchor_line_is_named_when_signing_is_on(database_url, tmp_path, admin):
    book = AnchorBook(tmp_path / "signed.jsonl", key=KEY)
    with Tracker.open(database_url, anchors=book) as tracker:
        tracker.create_record(admin, "forum", forum("F1", None))
        good = tracker.record_anchor(admin)
        line = json.loads(book.path.read_text())
        assert len(line["hmac"]) == 64
        assert tracker.verify(admin).ok
        # a forger appends an anchor for their own chain, signed with another key, and one
        # without a signature
        forged = AnchorBook(book.path, key=b"not the key, but just as long!!!")
        forged.record(1, "e" * 64, "2030-01-01T00:00:00+00:00")
        with book.path.open("a") as handle:
            handle.write(json.dumps({"seq": 1, "hash": good.hash, "at": "x"}) + "\n")
            handle.write("{not json\n")
        report = tracker.verify(admin)
        assert {f.where: f.problem for f in report.findings} == {
            "anchors file line 2": "signature does not match: the line was forged or edited",
            "anchors file line 3": "not signed although signing is on: forged",
            "anchors file line 4": "not an anchor: edited or damaged",
        }
        # without the key the forged anchor is checked like any other, and fails
        with Tracker.open(database_url, anchors=AnchorBook(book.path)) as unkeyed:
            wheres = [f.where for f in unkeyed.verify(admin).findings]
        assert wheres == ["anchors file line 4", "audit entry 1"]


def test_cli_anchor_then_verify(tmp_path, monkeypatch):
    monkeypatch.setenv("SOUTHSOUTH_TRACKER_ANCHOR_KEY", KEY.decode())
    runner = CliRunner()
    home = Path(os.environ["SOUTHSOUTH_HOME"])

    def run(*args: str, code: int = 0) -> str:
        result = runner.invoke(app, ["tracker", *args])
        assert result.exit_code == code, result.output
        return " ".join(result.output.split())  # as one line, whatever Rich wrapped

    run("forum", "add", "--kind", "cop", "--name", "COP 30", "--start", "2025-11-10")
    assert "no anchors" in run("verify")
    out = run("anchor")
    path = home / "tracker-anchors.jsonl"
    assert f"recorded (signed) in {path}" in out
    seq_hash = out.split()[-1]
    assert seq_hash.startswith("1:") and len(seq_hash) == 66
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "matches 1 anchor(s), up to entry 1" in run("verify")
    assert "ok:" in run("verify", "--anchor", seq_hash, "--no-recorded")
    other = tmp_path / "elsewhere.jsonl"
    run("anchor", "--anchors-file", str(other))
    assert json.loads(other.read_text())["seq"] == 1
    bad = run("verify", "--anchor", "1:xyz", code=2)
    assert "is not an anchor SEQ:HASH" in bad


def test_api_verify_takes_anchors(tracker, admin, tmp_path):
    tracker.create_record(admin, "forum", forum("F1", None))
    _, secret = tracker.create_token(admin, role="admin")
    head = tracker.verify(admin)
    api = create_app(load_settings(home=tmp_path / "home"))
    api.state.tracker = tracker
    auth = {"Authorization": f"Bearer {secret}"}
    with TestClient(api) as client:
        ok = client.get(
            "/tracker/audit/verify", params={"anchor": f"2:{head.head_hash}"}, headers=auth
        )
        assert ok.status_code == 200 and ok.json()["ok"] is True
        assert (ok.json()["anchors"], ok.json()["anchored_to"]) == (1, 2)
        both = client.get(
            "/tracker/audit/verify",
            params=[("anchor", f"2:{head.head_hash}"), ("anchor", f"5:{'a' * 64}")],
            headers=auth,
        ).json()
        assert both["ok"] is False
        assert both["findings"][0]["problem"].startswith("truncated after seq 2")
        bad = client.get("/tracker/audit/verify", params={"anchor": "2:zz"}, headers=auth)
        assert bad.status_code == 400 and bad.json()["code"] == "invalid-input"
        many = [("anchor", f"{n}:{'a' * 64}") for n in range(1, 22)]
        assert client.get("/tracker/audit/verify", params=many, headers=auth).status_code == 422
        assert (
            client.get("/tracker/audit/verify", params={"anchor": "1:" + "a" * 64}).status_code
            == 401
        )


def test_the_sqlite_database_and_its_wal_are_private(tmp_path):
    previous = os.umask(0o022)
    try:
        home = tmp_path / "private-home"
        tracker = open_tracker(load_settings(home=home))
        try:
            tracker.create_record(anchored_admin(), "forum", forum("F1", None))
            modes = {
                name: stat.S_IMODE((home / name).stat().st_mode)
                for name in ("tracker.sqlite", "tracker.sqlite-wal", "tracker.sqlite-shm")
            }
            tracker.record_anchor(anchored_admin())
            anchors = stat.S_IMODE((home / "tracker-anchors.jsonl").stat().st_mode)
        finally:
            tracker.close()
    finally:
        os.umask(previous)
    assert modes == {
        "tracker.sqlite": 0o600,
        "tracker.sqlite-wal": 0o600,
        "tracker.sqlite-shm": 0o600,
    }
    assert anchors == 0o600
