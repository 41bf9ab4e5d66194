"""`make bench`: timings of the main jobs on this machine, printed and returned as JSON.

1. Whole-mirror sync (cold, warm, forced reload). Issue 2 names no reference implementation.
2. The eight-pillar index on the real mirror data for all countries with 1,000 Monte Carlo
   replications (issue 3 target: under 30 s).
3. The index engine on a synthetic 200 × 35 matrix (timing only, see index_bench.py).
4. Economic complexity: a 25-year SYNTHETIC panel, southsouth vs py-ecomplexity (issue 4
   target: ≥ 20× faster, same numbers).
5. Substitution potential over one BACI-scale SYNTHETIC year (≥ 10 million flows) on DuckDB
   (target < 20 s, < 4 GB peak RSS), and DuckDB vs Spark on the same sample.
6. The coalition finder: k = 6 among the G77 on real data (issue 5 target: under 5 s).
7. The main job: the G77 roadmap with report.html and report.pdf (issue 6 target: < 60 s).
8. The read API under load: uvicorn + wrk on loopback over the synced mirror, and paced at
   200 requests/s (issue 7 target: p99 < 50 ms at 200 requests/s); see api_bench.py.
9. Command-line start-up: whole `southsouth` processes over the synced mirror, 5 runs each
   (issue 14 targets: `--help` and `--version` under 0.3 s, `members BRICS --year 2024`
   under 1 s; `profile NGA` measured); see startup_bench.py.
10. Dashboard pages: cold and warm loads of every page, and first loads once the server has
   warmed them after start and after a sync (issue 14 target: under 2 s); see pages_bench.py.
11. Two-page briefs: `southsouth brief NGA` and `southsouth brief --bloc AU`, whole processes,
   planning and with the plan stored (issue 16 target: under 10 s each); see brief_bench.py.

`python run.py NAME ...` runs only the named parts (sync, index, complexity, substitution,
coalition, roadmap, api, startup, pages, brief).
"""

from __future__ import annotations

import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import api_bench
import brief_bench
import coalition_bench
import complexity_bench
import index_bench
import pages_bench
import roadmap_bench
import startup_bench
import substitution_bench

from southsouth.indicators.pillar_index import pillar_index
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


def real_index(home: Path, mirror: str) -> dict[str, object]:
    """The eight-pillar index for every country with 1,000 Monte Carlo replications."""
    with open_workspace(home=home, mirror=mirror, read_only=True) as ws:
        started = time.perf_counter()
        built = pillar_index(ws.warehouse, group="all", replications=1000, seed=1)
        seconds = time.perf_counter() - started
    table = built.table()
    inside = (table["rank"] >= table["rank_q05"]) & (table["rank"] <= table["rank_q95"])
    return {
        "index_all_countries_1000_mc_s": round(seconds, 2),
        "countries_indexed": len(table),
        "nominal_rank_inside_band_share": round(float(inside.mean()), 3),
        "target_s": 30.0,
    }


def main() -> None:
    parts = set(sys.argv[1:]) or {
        "sync",
        "index",
        "complexity",
        "substitution",
        "coalition",
        "roadmap",
        "api",
        "startup",
        "pages",
        "brief",
    }
    mirror = os.environ.get("SOUTHSOUTH_MIRROR") or str(REPO.parent / "shared" / "data")
    report: dict[str, object] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
    }
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        if parts & {"sync", "index", "coalition", "roadmap", "api", "startup", "pages", "brief"}:
            cold = timed_sync(home, mirror)
            if "sync" in parts:
                warm = timed_sync(home, mirror)
                forced = timed_sync(home, mirror, force=True)
                report["sync"] = {
                    "cold_sync_s": round(cold[0], 2),
                    "warm_sync_s": round(warm[0], 2),
                    "forced_reload_s": round(forced[0], 2),
                    "datasets_loaded": cold[1],
                    "rows": cold[2],
                    "warehouse_mb": round((home / "warehouse.duckdb").stat().st_size / 1e6, 1),
                }
        if "index" in parts:
            report["index_real"] = real_index(home, mirror)
            report["index_synthetic"] = index_bench.run()
        if "coalition" in parts:
            report["coalition"] = coalition_bench.run(home=home, mirror=mirror)
        if "roadmap" in parts:
            report["roadmap"] = roadmap_bench.run(home=home, mirror=mirror)
        if "api" in parts:
            report["api"] = api_bench.run(home=home, mirror=mirror)
            api_bench.print_table(report["api"])
        if "startup" in parts:
            report["startup"] = startup_bench.run(home=home, mirror=mirror)
        if "pages" in parts:
            report["pages"] = pages_bench.run(home, mirror)
        if "brief" in parts:
            report["brief"] = brief_bench.run(home=home, mirror=mirror)
    if "complexity" in parts:
        report["complexity"] = complexity_bench.run()
    if "substitution" in parts:
        report["substitution"] = substitution_bench.run()
    for key, value in report.items():
        if isinstance(value, dict):
            print(f"{key}:")
            for inner, item in value.items():
                print(f"  {inner:>36}: {item}")
        else:
            print(f"{key:>38}: {value}")
    print(json.dumps(report, default=str), file=sys.stderr)


if __name__ == "__main__":
    main()
