"""Two-page briefs: `southsouth brief NGA` and `southsouth brief --bloc AU` (issue 16 target:
under 10 s each, whole process).

Each command is run twice in a fresh process on a synced home: first with no stored plan
(the brief plans the roadmap it draws its initiatives from: the G77's for a country, the
bloc's own for a bloc, and stores it under the home's cache), then with the plan stored, as
every later brief of the day on the same data runs. The target is absolute; no reference
implementation is named.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader
from startup_bench import console_script

TARGET_S = 10.0
BRIEFS = {"NGA": ("NGA",), "AU": ("--bloc", "AU")}


def _timed(args: tuple[str, ...], env: dict[str, str], out: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [console_script(), "brief", *args, "--out", str(out)],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def run(*, home: Path, mirror: str) -> dict[str, object]:
    """Whole-process times of each brief, without and with its plan stored."""
    env = {**os.environ, "SOUTHSOUTH_HOME": str(home), "SOUTHSOUTH_MIRROR": mirror}
    report: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for label, args in BRIEFS.items():
            shutil.rmtree(home / "cache" / "plans", ignore_errors=True)
            first = _timed(args, env, out)
            stored = _timed(args, env, out)
            pages = len(PdfReader(out / f"brief-{label}-en.pdf").pages)
            report[f"brief_{label}_planning_s"] = round(first, 2)
            report[f"brief_{label}_plan_stored_s"] = round(stored, 2)
            report[f"brief_{label}_pdf_pages"] = pages
    report["target_s"] = TARGET_S
    return report
