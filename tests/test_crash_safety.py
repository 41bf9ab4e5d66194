"""SIGKILL during `data sync` leaves cache and warehouse consistent; a rerun completes.

The sync writes a copy of the warehouse and swaps it in at the end, so a killed sync leaves
the warehouse as it was (here: none) or complete, never half-loaded.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from southsouth.provenance import SIDECAR_SUFFIX, verified_origin
from southsouth.warehouse.store import Warehouse

DATASETS = [
    "countries",
    "blocs",
    "openflights",
    "atop-alliances",
    "gapminder-population",
    "chaudhry-heiss-civic-space",
    "ots-hs4-exports-2017",
]


def sync(home: Path, mirror: Path) -> subprocess.Popen:
    env = {**os.environ, "SOUTHSOUTH_HOME": str(home), "SOUTHSOUTH_MIRROR": str(mirror)}
    return subprocess.Popen(
        [sys.executable, "-m", "southsouth", "data", "sync", *DATASETS],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def assert_consistent(home: Path) -> dict[str, int]:
    """Every loaded dataset has exactly the rows its status says; every cached file verifies."""
    for sidecar in (home / "cache").rglob(f"*{SIDECAR_SUFFIX}"):
        data = sidecar.with_name(sidecar.name.removesuffix(SIDECAR_SUFFIX))
        if data.exists():
            assert verified_origin(data) is not None, f"{data} does not match its sidecar"
    path = home / "warehouse.duckdb"
    if not path.exists():
        return {}
    with Warehouse(path, read_only=True) as wh:
        status = wh.query("SELECT dataset_id, tables, rows FROM dataset_status")
        counts = {}
        for row in status.itertuples(index=False):
            total = 0
            for table in row.tables.split(","):
                total += int(
                    wh.query(
                        f"SELECT count(*) AS n FROM {table} WHERE source_id = ?", [row.dataset_id]
                    )["n"].iloc[0]
                )
            assert total == row.rows, (
                f"{row.dataset_id}: {total} rows on disk, status says {row.rows}"
            )
            counts[row.dataset_id] = total
        return counts


@pytest.mark.slow
def test_sigkill_at_any_moment_then_rerun(tmp_path, mirror):
    reference_home = tmp_path / "reference"
    started = time.perf_counter()
    assert sync(reference_home, mirror).wait(timeout=300) == 0
    duration = time.perf_counter() - started
    reference = assert_consistent(reference_home)
    assert set(DATASETS) <= set(reference)
    assert {k for k in reference if not k.startswith("derived-")} == set(DATASETS)

    interrupted = 0
    for fraction in (0.15, 0.4, 0.65, 0.85):
        home = tmp_path / f"killed-{fraction}"
        process = sync(home, mirror)
        time.sleep(duration * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        partial = assert_consistent(home)
        assert partial in ({}, reference), "a killed sync left a half-loaded warehouse"
        interrupted += partial != reference
        assert sync(home, mirror).wait(timeout=300) == 0
        assert assert_consistent(home) == reference
        assert not list(home.glob("warehouse.duckdb.next-*")), "a side file outlived its sync"
    assert interrupted >= 2, "the kills all came too late to interrupt anything"
