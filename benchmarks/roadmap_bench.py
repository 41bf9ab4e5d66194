"""The main job: the full G77 roadmap with report.html and report.pdf (issue 6 target: < 60 s).

Measured twice on a synced home: in-process by stage (evidence … write), and end to end as
the command `southsouth roadmap --group g77` in a fresh process (imports included).
No reference implementation is named; the target is absolute.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path

from startup_bench import console_script

from southsouth.charts.world_map import world_map_inputs
from southsouth.report.outputs import write_roadmap
from southsouth.roadmap.build import build_roadmap
from southsouth.workspace import open_workspace

TARGET_S = 60.0


def run(*, home: Path, mirror: str) -> dict[str, object]:
    """Stage timings in-process and the end-to-end command time for the G77."""
    stages: dict[str, float] = {}
    last = [time.perf_counter(), ""]

    def step(name: str) -> None:
        now = time.perf_counter()
        if last[1]:
            stages[str(last[1])] = round(now - float(last[0]), 2)
        last[0], last[1] = now, name

    with (
        tempfile.TemporaryDirectory() as out,
        open_workspace(home=home, mirror=mirror, read_only=True) as ws,
    ):
        started = time.perf_counter()
        built = build_roadmap(ws.warehouse, "g77", step=step)
        with ws.fetcher() as fetcher:
            topology, shapes = world_map_inputs(fetcher, ws.warehouse)
        files = write_roadmap(built, Path(out), topology=topology, shapes=shapes, step=step)
        step("")
        in_process = time.perf_counter() - started
        sizes = {
            p.name: round(p.stat().st_size / 1e6, 2)
            for p in (files.json, files.html, files.pdf)
            if p
        }
    with tempfile.TemporaryDirectory() as out:
        env = {**os.environ, "SOUTHSOUTH_HOME": str(home), "SOUTHSOUTH_MIRROR": mirror}
        started = time.perf_counter()
        subprocess.run(
            [
                console_script(),
                "roadmap",
                "--group",
                "g77",
                "--out",
                out,
            ],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        command = time.perf_counter() - started
    return {
        "g77_roadmap_report_pdf_in_process_s": round(in_process, 2),
        "g77_roadmap_command_s": round(command, 2),
        "stages_s": stages,
        "initiatives_scheduled": len(built.plan.scheduled),
        "output_mb": sizes,
        "target_s": TARGET_S,
    }
