"""Substitution benchmark: one BACI-scale year of SYNTHETIC flows on DuckDB, then on Spark.

The flows are SYNTHETIC (``southsouth.trade.synthetic``): the real 2017 exporter × HS4 totals
of the mirror (``ots-hs4-exports-2017``), importer GDP (``wdi-gdp``) and capital distances
(``countries``) spread over importers and HS 2022 subheadings by a fixed-seed gravity draw —
at least 10 million rows, written to a ``.SYNTHETIC.parquet`` file. They serve timing and
engine agreement only and are never findings.

1. DuckDB: :func:`substitution_potential` on the Parquet file (Global South = G77 on
   31 Dec 2017, window 1, λ = 1, κ = 0.2, latent list on) in a fresh subprocess; wall time
   measured inside it; peak RSS of the process tree polled with psutil from outside (and the
   child's own ``ru_maxrss``). Targets (issue 4): < 20 s and < 4 GB.
2. DuckDB vs Spark (local[2]) on the same file, steps 3–7 in NumPy on both: both times and
   the largest relative difference of the importer × product figures (must be ≤ 1e-9, with
   1e-6 US$ absolute slack for differences of near-equal sums).
"""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROWS = 10_000_000
YEAR = 2017
TARGET_S = 20.0
TARGET_RSS_GB = 4.0
DATASETS = ("countries", "blocs", "ots-hs4-exports-2017", "wdi-gdp", "hs2022")
LABEL = "SYNTHETIC (real 2017 HS4 export totals, GDP, capitals; gravity draw; timing only)"
REPO = Path(__file__).resolve().parents[1]
NUMERIC = ["m", "m_north", "m_south", "v_south", "u", "sp", "sp_star"]


def _prepare(directory: Path, rows: int) -> tuple[Path, Path, dict[str, float]]:
    """Sync the calibration data, generate and write the flows; return paths and timings."""
    from southsouth.registry.groups import group_members
    from southsouth.trade.synthetic import calibration_from_warehouse, generate_flows, write_parquet
    from southsouth.workspace import open_workspace

    mirror = os.environ.get("SOUTHSOUTH_MIRROR") or str(REPO.parent / "shared" / "data")
    home = directory / "home"
    with open_workspace(home=home, mirror=mirror) as ws:
        failed = [r for r in ws.sync(DATASETS) if r.outcome == "failed"]
        if failed:
            raise SystemExit(f"sync failed: {[(r.dataset_id, str(r.error)) for r in failed]}")
        calibration = calibration_from_warehouse(ws.warehouse)
        south = group_members(ws.warehouse, "g77", year=YEAR).members
        countries = ws.warehouse.query("SELECT iso3 FROM country")["iso3"].tolist()
    started = time.perf_counter()
    flows = generate_flows(calibration, rows=rows, year=YEAR)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    path = write_parquet(flows, directory, "baci-scale-2017")
    written = time.perf_counter() - started
    n_rows = len(flows)
    del flows
    args = directory / "args.json"
    args.write_text(json.dumps({"south": list(south), "countries": countries}))
    return path, args, {"generate_s": generated, "write_s": written, "rows": n_rows}


def _run_child(mode: str, path: Path, args: Path, out: Path) -> dict[str, object]:
    """Run this file as a child in ``mode``; poll the RSS of its process tree with psutil."""
    import psutil

    child = subprocess.Popen(
        [sys.executable, __file__, mode, str(path), str(args), str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    peak = 0
    done = threading.Event()

    def poll() -> None:
        nonlocal peak
        proc = psutil.Process(child.pid)
        while not done.is_set():
            try:
                tree = [proc, *proc.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.05)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    code = child.wait()
    done.set()
    watcher.join()
    if code != 0 or not out.exists():
        raise SystemExit(f"benchmark child {mode} failed with exit code {code}")
    result = json.loads(out.read_text())
    result["peak_rss_tree_gb"] = round(peak / 1e9, 2)
    return result


def run(rows: int = ROWS, *, spark: bool = True) -> dict[str, object]:
    """Generate the SYNTHETIC year, time DuckDB (and Spark) on it; figures to print."""
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        path, args, prepared = _prepare(directory, rows)
        duck = _run_child("--duckdb", path, args, directory / "duck.json")
        report: dict[str, object] = {
            "label": LABEL,
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}",
            "rows": prepared["rows"],
            "parquet_mb": round(path.stat().st_size / 1e6, 1),
            "generate_s": round(prepared["generate_s"], 2),
            "write_parquet_s": round(prepared["write_s"], 2),
            "duckdb_s": duck["seconds"],
            "duckdb_peak_rss_gb": duck["peak_rss_tree_gb"],
            "duckdb_ru_maxrss_gb": duck["ru_maxrss_gb"],
            "importer_product_rows": duck["importer_product_rows"],
            "allocation_edges": duck["allocation_edges"],
            "latent_rows": duck["latent_rows"],
            "target_s": TARGET_S,
            "target_rss_gb": TARGET_RSS_GB,
            "meets_targets": duck["seconds"] < TARGET_S
            and duck["peak_rss_tree_gb"] < TARGET_RSS_GB,
        }
        if spark:
            both = _run_child("--compare", path, args, directory / "compare.json")
            report.update(
                {
                    "compare_duckdb_s": both["duckdb_s"],
                    "compare_spark_s": both["spark_s"],
                    "spark_vs_duckdb_max_rel_diff": both["max_rel_diff"],
                    "spark_equals_duckdb": both["equal"],
                    "spark_peak_rss_tree_gb": both["peak_rss_tree_gb"],
                }
            )
    return report


# -- children ------------------------------------------------------------------------------


def _load_args(args: Path) -> tuple[list[str], list[str]]:
    raw = json.loads(args.read_text())
    return raw["south"], raw["countries"]


def _substitution(path: Path, args: Path, **kwargs: object) -> tuple[object, float]:
    from southsouth.trade.substitution import SubstitutionOptions, substitution_potential

    south, countries = _load_args(args)
    options = SubstitutionOptions(year=YEAR, window=1)
    started = time.perf_counter()
    result = substitution_potential(path, south, options, countries=countries, **kwargs)
    return result, time.perf_counter() - started


def _child_duckdb(path: Path, args: Path, out: Path) -> None:
    result, seconds = _substitution(path, args)
    out.write_text(
        json.dumps(
            {
                "seconds": round(seconds, 2),
                "ru_maxrss_gb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6, 2),
                "importer_product_rows": len(result.by_importer_product),  # type: ignore[attr-defined]
                "allocation_edges": len(result.allocation),  # type: ignore[attr-defined]
                "latent_rows": len(result.latent),  # type: ignore[attr-defined]
            }
        )
    )


def max_rel_diff(a: pd.DataFrame, b: pd.DataFrame, *, atol: float = 1e-6) -> float:
    """Largest |a − b| / max(|a|, |b|) over the numeric columns, ignoring gaps ≤ ``atol``."""
    x, y = a[NUMERIC].to_numpy(), b[NUMERIC].to_numpy()
    gap = np.abs(x - y)
    scale = np.maximum(np.abs(x), np.abs(y))
    rel = np.where(gap <= atol, 0.0, gap / np.where(scale > 0, scale, 1.0))
    return float(rel.max()) if rel.size else 0.0


def _child_compare(path: Path, args: Path, out: Path) -> None:
    from southsouth.trade.engine import local_spark_session

    duck, duck_s = _substitution(path, args)
    session = local_spark_session()
    on_spark, spark_s = _substitution(path, args, engine="spark", spark_session=session)
    session.stop()
    a = duck.by_importer_product  # type: ignore[attr-defined]
    b = on_spark.by_importer_product  # type: ignore[attr-defined]
    same_keys = a[["importer", "product"]].equals(b[["importer", "product"]])
    diff = max_rel_diff(a, b) if same_keys else float("inf")
    out.write_text(
        json.dumps(
            {
                "duckdb_s": round(duck_s, 2),
                "spark_s": round(spark_s, 2),
                "max_rel_diff": diff,
                "equal": bool(same_keys and diff <= 1e-9),
            }
        )
    )


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] in ("--duckdb", "--compare"):
        target = _child_duckdb if sys.argv[1] == "--duckdb" else _child_compare
        target(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))
    else:
        for key, value in run().items():
            print(f"{key:>32}: {value}")
