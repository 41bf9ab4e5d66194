"""Start-up benchmark: whole ``southsouth`` processes, from exec to exit (issue 14).

Each command runs as the venv's ``southsouth`` console script in a new process, with
SOUTHSOUTH_HOME set to a synced home and SOUTHSOUTH_MIRROR to the mirror, output discarded.
One untimed run first (it writes the bytecode caches), then RUNS timed runs; reported:
median, min and max wall seconds. Targets (issue 14): ``--help`` and ``--version`` under
0.3 s, ``members BRICS --year 2024`` under 1 s; ``profile NGA`` is measured without one.

``python startup_bench.py HOME`` times against an existing synced home.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 5
REPO = Path(__file__).resolve().parents[1]
#: Name in the report → (arguments, target seconds or None).
COMMANDS: dict[str, tuple[tuple[str, ...], float | None]] = {
    "--help": (("--help",), 0.3),
    "--version": (("--version",), 0.3),
    "members BRICS --year 2024": (("members", "BRICS", "--year", "2024"), 1.0),
    "profile NGA": (("profile", "NGA"), None),
}


def console_script() -> str:
    """The ``southsouth`` script beside this interpreter (the venv's), else the one on PATH."""
    beside = Path(sys.executable).parent / "southsouth"
    if beside.is_file():
        return str(beside)
    found = shutil.which("southsouth")
    if found is None:
        raise SystemExit("no `southsouth` console script: install the project (`uv sync`)")
    return found


def _once(argv: list[str], env: dict[str, str]) -> float:
    """Wall seconds of one process; exits with its error if it fails."""
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited {done.returncode}: {done.stderr.decode()}")
    return seconds


def run(home: Path, mirror: str, runs: int = RUNS) -> dict[str, dict[str, float | int | None]]:
    """Median, min and max seconds of each command over ``runs`` processes, with its target."""
    script = console_script()
    env = {**os.environ, "SOUTHSOUTH_HOME": str(home), "SOUTHSOUTH_MIRROR": mirror}
    report: dict[str, dict[str, float | int | None]] = {}
    for name, (args, target) in COMMANDS.items():
        argv = [script, *args]
        _once(argv, env)
        seconds = [_once(argv, env) for _ in range(runs)]
        report[name] = {
            "median_s": round(statistics.median(seconds), 3),
            "min_s": round(min(seconds), 3),
            "max_s": round(max(seconds), 3),
            "runs": runs,
            "target_s": target,
        }
    return report


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python startup_bench.py SYNCED_HOME")
    source = os.environ.get("SOUTHSOUTH_MIRROR") or str(REPO.parent / "shared" / "data")
    for command, figures in run(Path(sys.argv[1]), source).items():
        print(f"{command:>28}: {figures}")
