"""Readers never block: a sync builds the next warehouse beside the current one and swaps it in.

Issue 14: a notebook holding ``southsouth.open()``, a ``data sync`` and other commands all
run at once; two syncs at once both succeed (the second waits); a failing sync changes
nothing and leaves no file behind.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest

import southsouth
from mirror_sync import load
from one_file_dataset import make_dataset, parse_values
from southsouth.errors import NotSynced, ParseError
from southsouth.provenance import sha256_file
from southsouth.sources.dataset import ParseInput
from southsouth.sync import SyncEvents, SyncResult
from southsouth.warehouse.store import Warehouse
from southsouth.warehouse.swap import exclusive, lock_path

#: Enough for `southsouth profile NGA` and quick to load.
PROFILE_DATASETS = ["countries", "blocs", "wdi-population"]

#: A notebook: opens the workspace, reads, says so, waits for a line, reads again.
HOLDER = textwrap.dedent(
    """
    import sys
    import southsouth

    ws = southsouth.open()
    def stamp():
        status = ws.datasets().set_index("dataset_id")
        return str(status.loc["wdi-population", "loaded_at"])
    print("ready", stamp(), flush=True)
    sys.stdin.readline()
    print("again", stamp(), flush=True)
    ws.close()
    """
)


def side_files(home: Path) -> list[str]:
    """Side files (next warehouses) in the home directory."""
    return sorted(p.name for p in home.glob("warehouse.duckdb.next-*"))


def environment(home: Path, mirror: Path) -> dict[str, str]:
    """The environment of a CLI process on ``home``, syncing from ``mirror``."""
    return {**os.environ, "SOUTHSOUTH_HOME": str(home), "SOUTHSOUTH_MIRROR": str(mirror)}


def cli(home: Path, mirror: Path, *args: str) -> subprocess.Popen[str]:
    """Start ``southsouth ARGS`` in a process of its own."""
    return subprocess.Popen(
        [sys.executable, "-m", "southsouth", *args],
        env=environment(home, mirror),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of a process once it ends."""
    out, err = process.communicate(timeout=300)
    return process.returncode, out, err


def loaded_at(home: Path, dataset_id: str) -> str:
    """When the dataset was last loaded into the warehouse of ``home``."""
    with Warehouse(home / "warehouse.duckdb", read_only=True) as wh:
        frame = wh.query("SELECT loaded_at FROM dataset_status WHERE dataset_id = ?", [dataset_id])
    return str(frame["loaded_at"].iloc[0])


def assert_complete(home: Path) -> set[str]:
    """Every loaded dataset has exactly the rows its status says; return the loaded ids."""
    with Warehouse(home / "warehouse.duckdb", read_only=True) as wh:
        status = wh.query("SELECT dataset_id, tables, rows FROM dataset_status")
        for row in status.itertuples(index=False):
            total = sum(
                int(
                    wh.query(
                        f"SELECT count(*) AS n FROM {table} WHERE source_id = ?", [row.dataset_id]
                    )["n"].iloc[0]
                )
                for table in row.tables.split(",")
            )
            assert total == row.rows, f"{row.dataset_id}: {total} rows, status says {row.rows}"
    return set(status["dataset_id"])


@pytest.fixture
def synced_home(tmp_path: Path, mirror: Path) -> Path:
    """A home holding the datasets a country profile needs."""
    home = tmp_path / "synced"
    warehouse, _ = load(home, mirror, *PROFILE_DATASETS)
    warehouse.close()
    return home


# -- the acceptance test of the issue, with real processes -------------------------------


@pytest.mark.slow
def test_open_workspace_sync_and_profile_at_once(synced_home, mirror):
    home = synced_home
    before = loaded_at(home, "wdi-population")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER],
        env=environment(home, mirror),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdin is not None
        ready = holder.stdout.readline().split(maxsplit=1)
        assert ready[0] == "ready", holder.stderr.read() if holder.stderr else ""
        sync = cli(home, mirror, "data", "sync", "--force", "--json", *PROFILE_DATASETS)
        profile = cli(home, mirror, "profile", "NGA", "--json")
        code, out, err = finished(sync)
        assert code == 0, err
        assert {r["outcome"] for r in json.loads(out)} == {"loaded"}
        code, out, err = finished(profile)
        assert code == 0, err
        assert json.loads(out)["iso3"] == "NGA"
        holder.stdin.write("go\n")
        holder.stdin.flush()
        code, out, err = finished(holder)
    finally:
        if holder.poll() is None:
            holder.kill()
    assert code == 0, err
    # The holder kept reading the file it opened; the next reader opens the new one.
    assert out.split() == ["again", *ready[1].split()]
    assert loaded_at(home, "wdi-population") != before
    assert assert_complete(home) >= set(PROFILE_DATASETS)
    assert side_files(home) == []


@pytest.mark.slow
def test_two_syncs_at_once_both_succeed_and_neither_loses_the_other(tmp_path, mirror):
    home = tmp_path / "fresh"
    first = cli(home, mirror, "data", "sync", "--json", "countries", "blocs")
    second = cli(home, mirror, "data", "sync", "--json", "countries", "wdi-population")
    for process in (first, second):
        code, _, err = finished(process)
        assert code == 0, err
    assert assert_complete(home) >= {"countries", "blocs", "wdi-population"}
    assert side_files(home) == []
    profile = cli(home, mirror, "profile", "NGA", "--json")
    code, out, err = finished(profile)
    assert code == 0 and json.loads(out)["iso3"] == "NGA", err


@pytest.mark.slow
def test_two_workspaces_in_one_process(synced_home, mirror):
    first = southsouth.open(home=synced_home, mirror=str(mirror))
    second = southsouth.open(home=synced_home, mirror=str(mirror))
    compatible = southsouth.open(home=synced_home, mirror=str(mirror), read_only=False)
    try:
        stamp = first.datasets().set_index("dataset_id").loc["wdi-population", "loaded_at"]
        assert len(second.countries(group="g77")) == len(compatible.countries(group="g77"))
        results = first.sync(["wdi-population"], force=True)
        assert [r.outcome for r in results if r.dataset_id == "wdi-population"] == ["loaded"]
        # The syncing workspace reads the new file although `second` holds the old one open.
        now = first.datasets().set_index("dataset_id").loc["wdi-population", "loaded_at"]
        assert now > stamp
        cursor = first.warehouse.con.cursor()  # what a server hands each request
        assert cursor.execute("SELECT max(loaded_at) FROM dataset_status").fetchall() == [(now,)]
        cursor.close()
        held = second.datasets().set_index("dataset_id").loc["wdi-population", "loaded_at"]
        assert held == stamp
        second.close()
        reopened = second.datasets().set_index("dataset_id").loc["wdi-population", "loaded_at"]
        assert reopened == now
        assert len(compatible.observations("wdi_population", countries=["NGA"], years=2020)) == 1
    finally:
        for ws in (first, second, compatible):
            ws.close()
    assert side_files(synced_home) == []


# -- swap semantics, on a one-file test mirror ---------------------------------------------


def explode(inp: ParseInput) -> dict[str, pd.DataFrame]:
    """A parser with a bug (not a SouthsouthError, so the whole sync raises)."""
    raise RuntimeError("a bug in a parser")


def reject(inp: ParseInput) -> dict[str, pd.DataFrame]:
    """A parser that reports bad input (the dataset fails, the others load)."""
    raise ParseError("values.csv", "not what was expected", line=2)


@pytest.fixture
def small(tmp_path):
    """A workspace on a fresh home and a one-file mirror, and the good dataset."""
    mirror = tmp_path / "mirror"
    (mirror / "test").mkdir(parents=True)
    (mirror / "test" / "values.csv").write_text("iso3,year,value\nBRA,2020,1.5\nIND,2020,2.5\n")
    ws = southsouth.open(home=tmp_path / "home", mirror=str(mirror))
    yield ws, mirror, make_dataset(mirror, parse_values)
    ws.close()


def values(ws) -> list[tuple]:
    frame = ws.warehouse.query("SELECT country_iso3, value FROM observation ORDER BY 1")
    return list(frame.itertuples(index=False, name=None))


def test_read_only_open_of_a_fresh_home_says_to_sync(tmp_path):
    for read_only in (True, False):
        ws = southsouth.open(home=tmp_path / "empty", read_only=read_only)
        with pytest.raises(NotSynced, match="no warehouse at") as caught:
            ws.datasets()
        assert "southsouth data sync" in caught.value.hint
        ws.close()
    assert not (tmp_path / "empty" / "warehouse.duckdb").exists()


def test_sync_swaps_a_new_file_in_and_a_no_op_swaps_nothing(small):
    ws, _, good = small
    path = ws.settings.warehouse_path
    assert [r.outcome for r in ws.sync(extra=[good])] == ["loaded"]
    assert values(ws) == [("BRA", 1.5), ("IND", 2.5)]
    first = path.stat()
    assert [r.outcome for r in ws.sync(extra=[good])] == ["up-to-date"]
    unchanged = path.stat()
    assert (unchanged.st_ino, unchanged.st_mtime_ns) == (first.st_ino, first.st_mtime_ns)
    assert [r.outcome for r in ws.sync(extra=[good], force=True)] == ["loaded"]
    assert path.stat().st_ino != first.st_ino
    assert values(ws) == [("BRA", 1.5), ("IND", 2.5)]
    assert side_files(path.parent) == [] and lock_path(path).exists()


def test_a_sync_that_raises_leaves_the_warehouse_untouched_and_no_side_file(small):
    ws, mirror, good = small
    ws.sync(extra=[good])
    path = ws.settings.warehouse_path
    digest, inode = sha256_file(path), path.stat().st_ino
    stamp = ws.datasets().set_index("dataset_id").loc["test-values", "loaded_at"]
    broken = make_dataset(mirror, explode, dataset_id="test-broken")
    with pytest.raises(RuntimeError, match="a bug in a parser"):
        ws.sync(extra=[good, broken], force=True)  # `good` reloads first, then the bug
    assert sha256_file(path) == digest and path.stat().st_ino == inode
    assert side_files(path.parent) == []
    assert ws.datasets().set_index("dataset_id").loc["test-values", "loaded_at"] == stamp
    assert values(ws) == [("BRA", 1.5), ("IND", 2.5)]


def test_a_failed_dataset_is_reported_and_the_others_are_swapped_in(small):
    ws, mirror, good = small
    rejected = make_dataset(mirror, reject, dataset_id="test-rejected")
    results = {r.dataset_id: r for r in ws.sync(extra=[rejected, good])}
    assert results["test-rejected"].outcome == "failed"
    assert isinstance(results["test-rejected"].error, ParseError)
    assert results["test-values"].outcome == "loaded"
    assert set(ws.datasets()["dataset_id"]) == {"test-values"}
    assert side_files(ws.settings.warehouse_path.parent) == []


def test_side_files_of_dead_syncs_are_removed(small):
    ws, _, good = small
    home = ws.settings.warehouse_path.parent
    home.mkdir(parents=True)
    for name in ("warehouse.duckdb.next-999999999", "warehouse.duckdb.next-999999999.wal"):
        (home / name).write_bytes(b"left by a killed sync")
    dead_reader = home / "warehouse.duckdb.read-999999999-1"
    live_reader = home / f"warehouse.duckdb.read-{os.getpid()}-999999"
    for path in (dead_reader, live_reader):
        path.write_bytes(b"a reader's link")
    ws.sync(extra=[good])
    assert side_files(home) == []
    assert not dead_reader.exists() and live_reader.exists()
    assert values(ws) == [("BRA", 1.5), ("IND", 2.5)]


def test_a_reader_opened_after_a_swap_reads_the_new_file(small):
    ws, _, good = small
    ws.sync(extra=[good])
    path = ws.settings.warehouse_path
    old = Warehouse(path, read_only=True)
    try:
        before = old.query("SELECT loaded_at FROM dataset_status")["loaded_at"].iloc[0]
        ws.sync(extra=[good], force=True)  # `old` keeps the replaced file open
        with Warehouse(path, read_only=True) as new:
            cursor = new.con.cursor()
            (after,) = cursor.execute("SELECT loaded_at FROM dataset_status").fetchone()
            cursor.close()
        assert after > before
        assert old.query("SELECT loaded_at FROM dataset_status")["loaded_at"].iloc[0] == before
    finally:
        old.close()
    assert sorted(p.name for p in path.parent.iterdir()) == [
        "cache",
        "warehouse.duckdb",
        "warehouse.lock",
    ]


def test_a_warehouse_file_without_tables_is_filled(small):
    ws, _, good = small
    path = ws.settings.warehouse_path
    path.parent.mkdir(parents=True)
    duckdb.connect(str(path)).close()  # e.g. created by a southsouth that died at once
    assert [r.outcome for r in ws.sync(extra=[good])] == ["loaded"]
    assert values(ws) == [("BRA", 1.5), ("IND", 2.5)]


class Recorder(SyncEvents):
    """Remembers what a sync reported."""

    def __init__(self) -> None:
        self.waits: list[str] = []
        self.steps: list[tuple[str, str]] = []

    def dataset_started(self, dataset_id: str, step: str) -> None:
        self.steps.append((dataset_id, step))

    def waiting(self, message: str) -> None:
        self.waits.append(message)
        super().waiting(message)


def test_a_second_sync_waits_for_the_first_and_says_so(small):
    ws, _, good = small
    path = ws.settings.warehouse_path
    events = Recorder()
    results: list[list[SyncResult]] = []
    with exclusive(path):  # another sync holds the warehouse
        waiter = threading.Thread(
            target=lambda: results.append(ws.sync(extra=[good], events=events))
        )
        waiter.start()
        for _ in range(1200):
            if events.waits:
                break
            time.sleep(0.05)
        assert events.waits and waiter.is_alive() and not results
    waiter.join(timeout=120)
    assert [r.outcome for r in results[0]] == ["loaded"]
    assert f"process {os.getpid()}" in events.waits[0] and "waiting" in events.waits[0]
    assert events.steps[0] == ("warehouse", "wait")
    assert values(ws) == [("BRA", 1.5), ("IND", 2.5)]
