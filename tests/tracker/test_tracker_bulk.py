"""Bulk import/export: CSV and JSON, a row-level report, all-or-nothing, even under SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url
from tracker_bodies import commitment, forum
from tracker_postgres import plain

from southsouth.errors import ImportRejected, InputError
from southsouth.tracker import Tracker
from southsouth.tracker.bulk import namer, read_file, render

GOOD_CSV = """\
id,forum_id,text,pillar,actors,status,deadline,smart_specific,smart_time_bound,catalysts,\
kpi_indicator,kpi_baseline,kpi_baseline_year,kpi_target,kpi_target_year
c1,F1,"Train 2 million community health workers, by 2030",health,KEN;NGA,published,\
2030-12-31,yes,TRUE,timeline numerical_target,who_doctors,0.8,2020,1.2,2030
c2,F1,Open a regional vaccine plant,pharma,"bloc:AU, ZAF",draft,,,,,,,,,
"""


def count(tracker: Tracker, admin, kind: str) -> int:
    return tracker.list_records(admin, kind, limit=1).total


def entries(tracker: Tracker, admin) -> int:
    return tracker.audit_entries(admin, limit=1).total


@pytest.fixture
def with_forum(tracker: Tracker, admin) -> Tracker:
    tracker.create_record(admin, "forum", forum("F1", "AU"))
    return tracker


def test_csv_import_export_round_trip(with_forum, admin, tmp_path):
    path = tmp_path / "commitments.csv"
    path.write_text(GOOD_CSV, encoding="utf-8")
    report = with_forum.import_records(admin, "commitment", read_file(path, "commitment"))
    assert (report.total, report.imported, report.rejected, report.ids) == (2, 2, 0, ["c1", "c2"])
    c1 = with_forum.get_record(admin, "commitment", "c1")
    assert c1.actors == ["KEN", "NGA"]
    # specific and time_bound as given; measurable derived from the KPI's target
    assert (c1.smart.specific, c1.smart.time_bound, c1.smart.measurable) == (True, True, True)
    assert c1.catalysts == ["timeline", "numerical_target"]
    assert c1.kpi is not None and (c1.kpi.baseline, c1.kpi.target_year) == (0.8, 2030)
    assert c1.trackable and c1.smartness == pytest.approx(0.6)  # 3 of 5 criteria
    assert with_forum.get_record(admin, "commitment", "c2").actors == ["bloc:AU", "ZAF"]
    exported = with_forum.export_records(admin, "commitment")
    # CSV and JSON exports read back to the same records
    for fmt in ("csv", "json"):
        out = tmp_path / f"export.{fmt}"
        out.write_text(render(exported, "commitment", fmt), encoding="utf-8")
        back = read_file(out, "commitment")
        assert [r.problems for r in back] == [[], []]
        assert [r.data["id"] for r in back] == ["c1", "c2"]
        assert back[0].data["kpi"]["baseline"] == 0.8 and back[1].data["actors"] == [
            "bloc:AU",
            "ZAF",
        ]
    assert entries(with_forum, admin) == 3
    assert with_forum.verify(admin).ok


def test_an_invalid_row_rejects_the_whole_file(with_forum, admin, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "id,forum_id,text,pillar,actors,kpi_indicator,kpi_target,kpi_target_year\n"
        "ok1,F1,Fine,health,KEN,,,\n"
        "bad2,F1,Wrong pillar,weather,KEN,,,\n"
        "bad3,F1,Bad cells,health,KEN;Kenya,who_doctors,1.5,20x0\n"
        "bad4,nope,Unknown forum,health,KEN,,,\n"
        "ok1,F1,Same id again,health,KEN,,,\n",
        encoding="utf-8",
    )
    rows = read_file(path, "commitment")
    with pytest.raises(ImportRejected) as caught:
        with_forum.import_records(admin, "commitment", rows, naming=namer("csv"))
    problems = caught.value.problems
    assert [(row, column) for row, column, _ in problems] == [
        (2, "pillar"),
        (3, "kpi_target_year"),
        (3, "actors (item 2)"),
        (4, "forum_id"),
        (5, "id"),
    ]
    messages = {(row, column): message for row, column, message in problems}
    assert messages[(3, "kpi_target_year")] == "'20x0' is not a whole number"
    assert messages[(4, "forum_id")] == "no forum with id 'nope'"
    assert messages[(5, "id")] == "also row 1"
    assert count(with_forum, admin, "commitment") == 0
    assert entries(with_forum, admin) == 1  # the forum only
    # --partial writes the valid row and reports the others
    report = with_forum.import_records(admin, "commitment", rows, partial=True, naming=namer("csv"))
    assert (report.imported, report.rejected, report.ids) == (1, 4, ["ok1"])
    assert count(with_forum, admin, "commitment") == 1
    assert with_forum.verify(admin).ok


def test_json_assessments_report_field_paths(with_forum, admin, tmp_path):
    with_forum.create_record(admin, "commitment", commitment("c1", "F1", ["KEN", "NGA"]))
    base = {"commitment_id": "c1", "period": "final", "grade": "A", "assessor": "X"}
    rows = [
        {**base, "actor": "KEN", "score": 1},
        {**base, "actor": "NGA", "score": 2, "evidence": ["ftp://x"]},
        {**base, "actor": "ZAF", "score": 0},
        {**base, "actor": "KEN", "score": -1},
        "not an object",
    ]
    path = tmp_path / "assessments.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    with pytest.raises(ImportRejected) as caught:
        with_forum.import_records(admin, "assessment", read_file(path, "assessment"))
    assert [(r, f) for r, f, _ in caught.value.problems] == [
        (2, "score"),
        (2, "evidence.0"),
        (3, "actor"),
        (4, "period"),
        (5, "(record)"),
    ]
    assert count(with_forum, admin, "assessment") == 0


def test_unreadable_files_are_input_errors(tmp_path):
    bad_header = tmp_path / "x.csv"
    bad_header.write_text("id,forum,text\n1,2,3\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"unknown columns: forum; missing columns: forum_id"):
        read_file(bad_header, "commitment")
    not_a_list = tmp_path / "x.json"
    not_a_list.write_text('{"id": 1}', encoding="utf-8")
    with pytest.raises(InputError, match="not an array"):
        read_file(not_a_list, "commitment")
    with pytest.raises(InputError, match="format"):
        read_file(tmp_path / "x.xlsx", "commitment")


ROWS = 4000


def _mid_import(backend: str, url: str, wal: Path | None, wal_start: int) -> bool:
    """True while the importer holds its write transaction and has started inserting."""
    if backend == "sqlite":
        assert wal is not None
        probe = sqlite3.connect(str(make_url(url).database), timeout=0)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.rollback()
            return False
        except sqlite3.OperationalError:  # the importer holds the write lock …
            return wal.exists() and wal.stat().st_size > wal_start + 1_000_000  # … and writes
        finally:
            probe.close()
    with psycopg.connect(plain(url), autocommit=True) as conn:
        found = conn.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE c.relname = 'commitment' AND l.mode = 'RowExclusiveLock' "
            "AND l.pid <> pg_backend_pid()"
        ).fetchone()
    return bool(found and found[0])


@pytest.mark.slow
def test_sigkill_during_import_leaves_none_of_it(
    with_forum, admin, backend, database_url, tmp_path
):
    body = [
        commitment(f"k{n:05d}", "F1", ["KEN", "NGA"], text=f"Commitment {n}: " + "x" * 1500)
        for n in range(ROWS)
    ]
    path = tmp_path / "big.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    wal = Path(f"{make_url(database_url).database}-wal") if backend == "sqlite" else None
    wal_start = wal.stat().st_size if wal is not None and wal.exists() else 0
    env = {**os.environ, "SOUTHSOUTH_TRACKER_URL": database_url}
    env["SOUTHSOUTH_HOME"] = str(tmp_path / "home")
    command = [sys.executable, "-m", "southsouth", "tracker", "import", str(path)]
    process = subprocess.Popen(
        [*command, "--kind", "commitment"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    try:
        while not _mid_import(backend, database_url, wal, wal_start):
            if process.poll() is not None:
                pytest.fail(f"the import ended before it could be killed: {process.stderr}")
            if time.monotonic() > deadline:
                pytest.fail("the import did not start writing within 60 s")
            time.sleep(0.005)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=30)
        if process.stderr is not None:
            process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    assert count(with_forum, admin, "commitment") == 0
    assert entries(with_forum, admin) == 1
    assert with_forum.verify(admin).ok
