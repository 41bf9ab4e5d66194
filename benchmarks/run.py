"""`make bench`: time the whole-mirror sync (cold, warm, forced reload).

Issue 2 names no reference implementation, so these are absolute timings on this machine;
later benchmarks (trade engine, complexity) report ratios against their references.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from southsouth.workspace import open_workspace

REPO = Path(__file__).resolve().parents[1]


def timed_sync(home: Path, mirror: str, *, force: bool = False) -> tuple[float, int, int]:
    """Seconds, datasets loaded, rows written for one sync of everything."""
    with open_workspace(home=home, mirror=mirror) as ws:
        started = time.perf_counter()
        results = ws.sync(force=force)
        seconds = time.perf_counter() - started
    failed = [r for r in results if r.outcome == "failed"]
    if failed:
        raise SystemExit(f"sync failed: {[(r.dataset_id, str(r.error)) for r in failed]}")
    return seconds, sum(r.outcome == "loaded" for r in results), sum(r.rows for r in results)


def main() -> None:
    mirror = os.environ.get("SOUTHSOUTH_MIRROR") or str(REPO.parent / "shared" / "data")
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        cold = timed_sync(home, mirror)
        warm = timed_sync(home, mirror)
        forced = timed_sync(home, mirror, force=True)
        size = (home / "warehouse.duckdb").stat().st_size
    report = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "cold_sync_s": round(cold[0], 2),
        "warm_sync_s": round(warm[0], 2),
        "forced_reload_s": round(forced[0], 2),
        "datasets": cold[1],
        "rows": cold[2],
        "warehouse_mb": round(size / 1e6, 1),
    }
    print("whole-mirror sync")
    for key, value in report.items():
        print(f"  {key:>16}: {value}")
    print(json.dumps(report), file=sys.stderr)


if __name__ == "__main__":
    main()
