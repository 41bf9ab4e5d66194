"""Read-API load benchmark: uvicorn on loopback over a warehouse synced from the mirror, wrk.

Per endpoint: p50 and p99 latency and throughput with few connections (``wrk -t2 -c4``),
after one warm-up request (whose time, the cold cost of the computation, is reported too).
wrk has no rate limit: it sends as fast as the server answers, so when the achieved rate is
well above the 200 requests/s of the target the p99 measured is an upper bound of the p99 at
200/s (the server is saturated, and wrk shares the machine's cores with it). So each endpoint
is also driven at exactly 200 requests/s by a paced client (latency counted from each
request's due time), which measures the target directly. Also measured:
opening a DuckDB connection per request against a cursor on a shared connection (what the
API does). Target (issue 7): p99 < 50 ms at 200 requests/s.

``python api_bench.py [HOME]`` syncs the mirror into a temporary home unless HOME holds a
warehouse; wrk must be installed (``make bench`` installs it).
"""

from __future__ import annotations

import http.client
import itertools
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import duckdb

from southsouth.workspace import open_workspace

REPO = Path(__file__).resolve().parents[1]
TARGET_P99_MS, TARGET_RATE = 50.0, 200.0
ENDPOINTS = (
    ("members", "/blocs/BRICS/members?year=2024", False),
    ("observations", "/indicators/wdi_population/observations?country=IND&country=CHN", False),
    ("profile", "/countries/IND/profile", False),
    ("index", "/index?group=g77&draws=100", False),
    ("index 1000 draws, revalidated (304)", "/index?group=g77&draws=1000", True),
)
UNITS_MS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def free_port() -> int:
    """A TCP port free on loopback now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(number) * UNITS_MS[unit]


def parse_wrk(output: str) -> dict[str, float]:
    """p50/p99 (ms), requests/s and error counts from ``wrk --latency`` output."""
    p50 = re.search(r"^\s*50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s*99%\s+(\S+)", output, re.M)
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    total = re.search(r"^\s*(\d+) requests in", output, re.M)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors: (.*)$", output, re.M)
    if not (p50 and p99 and rate and total):
        raise RuntimeError(f"cannot read wrk output:\n{output}")
    return {
        "p50_ms": round(_ms(p50.group(1)), 2),
        "p99_ms": round(_ms(p99.group(1)), 2),
        "requests_per_s": round(float(rate.group(1)), 1),
        "requests": int(total.group(1)),
        "non_2xx_3xx": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(1) if errors else "",
    }


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], float]:
    request = urllib.request.Request(url, headers=headers or {})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
            status, found = response.status, dict(response.headers)
    except urllib.error.HTTPError as error:  # 304 arrives as an HTTPError
        status, found = error.code, dict(error.headers)
    return status, found, (time.perf_counter() - started) * 1e3


def paced(
    host: str, port: int, path: str, headers: dict[str, str], *, rate: float, seconds: float
) -> dict[str, float]:
    """Latency at a fixed arrival rate (what wrk cannot do): request i is due at i / rate;
    its latency runs from when it was due (so a slow answer delays the next ones and counts
    against them: no coordinated omission). Four client threads, keep-alive connections."""
    total = int(rate * seconds)
    latencies: list[float] = []
    counter = itertools.count()
    lock = threading.Lock()
    start = time.perf_counter() + 0.05

    def client() -> None:
        connection = http.client.HTTPConnection(host, port, timeout=60)
        while (i := next(counter)) < total:
            due = start + i / rate
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            connection.request("GET", path, headers=headers)
            connection.getresponse().read()
            with lock:
                latencies.append((time.perf_counter() - due) * 1e3)
        connection.close()

    workers = [threading.Thread(target=client) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - start
    ordered = sorted(latencies)
    return {
        "paced_rate_per_s": round(len(ordered) / elapsed, 1),
        "paced_p50_ms": round(ordered[len(ordered) // 2], 2),
        "paced_p99_ms": round(ordered[int(len(ordered) * 0.99) - 1], 2),
    }


def connection_costs(warehouse: Path, repeats: int = 200) -> dict[str, float]:
    """Milliseconds per small query: a new read-only connection each time vs a cursor."""
    sql = "SELECT count(*) FROM membership WHERE bloc_id = 'BRICS'"
    started = time.perf_counter()
    for _ in range(repeats):
        con = duckdb.connect(str(warehouse), read_only=True)
        con.execute(sql).fetchall()
        con.close()
    per_connection = (time.perf_counter() - started) / repeats * 1e3
    shared = duckdb.connect(str(warehouse), read_only=True)
    started = time.perf_counter()
    for _ in range(repeats):
        cursor = shared.cursor()
        cursor.execute(sql).fetchall()
        cursor.close()
    per_cursor = (time.perf_counter() - started) / repeats * 1e3
    shared.close()
    return {
        "connect_per_request_ms": round(per_connection, 3),
        "cursor_per_request_ms": round(per_cursor, 3),
    }


def run(
    home: Path | None = None,
    mirror: str | None = None,
    *,
    seconds: int = 10,
    connections: int = 4,
    threads: int = 2,
) -> dict[str, object]:
    """Serve ``home``'s warehouse (synced from ``mirror`` if empty) and load each endpoint."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is not installed (make bench installs it: apt-get install wrk)")
    mirror = mirror or os.environ.get("SOUTHSOUTH_MIRROR") or str(REPO.parent / "shared" / "data")
    with tempfile.TemporaryDirectory() as tmp:
        home = home or Path(tmp)
        if not (home / "warehouse.duckdb").exists():
            with open_workspace(home=home, mirror=mirror) as ws:
                ws.sync()
        port = free_port()
        env = {
            **os.environ,
            "SOUTHSOUTH_HOME": str(home),
            "SOUTHSOUTH_MIRROR": mirror,
            "SOUTHSOUTH_WARM_PAGES": "0",
        }
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "southsouth.server:create_app",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--log-level",
                "warning",
                "--no-access-log",
            ],
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    if _get(base + "/health")[0] == 200:
                        break
                except OSError:
                    time.sleep(0.1)
            else:
                raise SystemExit("the API server did not start")
            rows: dict[str, dict[str, object]] = {}
            for name, path, revalidate in ENDPOINTS:
                status, headers, first_ms = _get(base + path)
                if status != 200:
                    raise SystemExit(f"{path} answered {status}")
                command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
                if revalidate:
                    command += ["-H", f"If-None-Match: {headers['etag']}"]
                    assert _get(base + path, {"If-None-Match": headers["etag"]})[0] == 304
                done = subprocess.run(
                    [*command, base + path], capture_output=True, text=True, check=True
                )
                figures: dict[str, object] = dict(parse_wrk(done.stdout))
                figures["p99_is_upper_bound"] = figures["requests_per_s"] > 2 * TARGET_RATE
                figures["first_request_ms"] = round(first_ms, 1)
                sent = {"If-None-Match": headers["etag"]} if revalidate else {}
                figures.update(
                    paced("127.0.0.1", port, path, sent, rate=TARGET_RATE, seconds=seconds)
                )
                figures["paced_p99_under_target"] = figures["paced_p99_ms"] < TARGET_P99_MS
                rows[name] = {"path": path, **figures}
        finally:
            server.terminate()
            server.wait(timeout=30)
        costs = connection_costs(home / "warehouse.duckdb")
    return {
        "endpoints": rows,
        "wrk": f"-t{threads} -c{connections} -d{seconds}s on 127.0.0.1; one uvicorn worker",
        "target": f"p99 < {TARGET_P99_MS:.0f} ms at {TARGET_RATE:.0f} requests/s",
        **costs,
    }


def print_table(report: dict[str, object]) -> None:
    """The per-endpoint figures as a text table."""
    rows = report["endpoints"]
    assert isinstance(rows, dict)
    print(
        f"{'endpoint':<38} {'wrk p50':>8} {'wrk p99':>8} {'wrk r/s':>8} "
        f"{'@200 p50':>9} {'@200 p99':>9} {'first ms':>9}"
    )
    for name, row in rows.items():
        print(
            f"{name:<38} {row['p50_ms']:>8} {row['p99_ms']:>8} {row['requests_per_s']:>8} "
            f"{row['paced_p50_ms']:>9} {row['paced_p99_ms']:>9} {row['first_request_ms']:>9}"
        )
    print(
        f"{report['wrk']} (saturating: its p99 is an upper bound); @200: paced at 200 "
        f"requests/s from 4 client threads; target {report['target']}"
    )
    print(
        f"DuckDB: new connection per request {report['connect_per_request_ms']} ms, "
        f"cursor on a shared connection {report['cursor_per_request_ms']} ms"
    )


def main() -> None:
    home = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    report = run(home)
    print_table(report)
    print(json.dumps(report), file=sys.stderr)


if __name__ == "__main__":
    main()
