"""Dashboard page benchmark: first and second loads of every page a server warms (issue 14).

A uvicorn server (one worker) serves a synced home on loopback. Three runs, each a whole
server process:

1. ``cold``: warming off; each page loaded twice — its first load computes everything
   behind it (the cold time), the second comes from the cache (the warm time).
2. ``started``: warming on; once ``/health`` says the first pass is done, each page's first
   visitor load.
3. ``after sync``: in the same server, a forced sync of one dataset swaps in a new
   warehouse; the server notices it, warms again, and each page's first visitor load after
   that pass is timed. Target (issue 14): under 2 s for every page.

``python pages_bench.py HOME`` runs against an existing synced home.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from api_bench import free_port
from startup_bench import console_script

from southsouth.web.routes import WARM_PATHS

REPO = Path(__file__).resolve().parents[1]
TARGET_S = 2.0
#: The dataset a forced sync reloads in the "after sync" run (small, and read by profiles).
RELOADED = "wdi-population"


def _load(url: str) -> float:
    """Seconds to load ``url`` as a browser asks for it (gzip accepted)."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as response:
        response.read()
        if response.status != 200:
            raise SystemExit(f"{url} answered {response.status}")
    return round(time.perf_counter() - started, 3)


def _health(base: str) -> dict:
    with urllib.request.urlopen(base + "/health", timeout=30) as response:
        return json.loads(response.read())


class Server:
    """One uvicorn process over ``home``."""

    def __init__(self, home: Path, mirror: str, *, warm: bool) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "SOUTHSOUTH_HOME": str(home),
            "SOUTHSOUTH_MIRROR": mirror,
            "SOUTHSOUTH_WARM_PAGES": "1" if warm else "0",
            "SOUTHSOUTH_API_RATE": "0",
            "SOUTHSOUTH_API_COMPUTE_RATE": "0",
            "SOUTHSOUTH_API_TIME_BUDGET": "600",
        }
        command = [sys.executable, "-m", "uvicorn", "southsouth.server:create_app", "--factory"]
        command += ["--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning"]
        self.process = subprocess.Popen(command, env=env)
        for _ in range(600):
            try:
                _health(self.base)
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise SystemExit("the server did not start")

    def warmed(self, passes: int, timeout: float = 900) -> float:
        """Seconds until the warming has finished ``passes`` passes."""
        started = time.perf_counter()
        while True:
            state = _health(self.base).get("pages") or {}
            if state.get("state") == "warm" and state.get("passes", 0) >= passes:
                return round(time.perf_counter() - started, 1)
            if time.perf_counter() - started > timeout:
                raise SystemExit(f"warming did not finish: {state}")
            time.sleep(0.5)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


def run(home: Path, mirror: str) -> dict[str, object]:
    """Cold and warm load seconds of every warmed page, and first loads after warming."""
    pages: dict[str, dict[str, object]] = {path: {} for path in WARM_PATHS}
    server = Server(home, mirror, warm=False)
    try:
        for path in WARM_PATHS:
            pages[path]["cold_s"] = _load(server.base + path)
            pages[path]["warm_s"] = _load(server.base + path)
    finally:
        server.stop()
    server = Server(home, mirror, warm=True)
    try:
        warming_s = server.warmed(1)
        for path in WARM_PATHS:
            pages[path]["first_after_start_s"] = _load(server.base + path)
        env = {**os.environ, "SOUTHSOUTH_HOME": str(home), "SOUTHSOUTH_MIRROR": mirror}
        subprocess.run(
            [console_script(), "data", "sync", RELOADED, "--force"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        rewarming_s = server.warmed(2)
        for path in WARM_PATHS:
            pages[path]["first_after_sync_s"] = _load(server.base + path)
    finally:
        server.stop()
    worst = max(float(p["first_after_sync_s"]) for p in pages.values())  # type: ignore[arg-type]
    return {
        "pages": pages,
        "warming_pass_after_start_s": warming_s,
        "warming_pass_after_sync_s": rewarming_s,
        "slowest_first_load_after_sync_s": worst,
        "target_s": TARGET_S,
        "within_target": worst < TARGET_S,
    }


def main() -> None:
    home = Path(sys.argv[1])
    mirror = os.environ.get("SOUTHSOUTH_MIRROR") or str(REPO.parent / "shared" / "data")
    print(json.dumps(run(home, mirror), indent=2))


if __name__ == "__main__":
    main()
