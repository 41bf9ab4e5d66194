"""A loopback HTTP server over the data mirror, with switchable faults, for download tests."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote


@dataclass
class Faults:
    """What the server does wrong, per request path (relative to the mirror root)."""

    fail_first: dict[str, int] = field(default_factory=dict)  # path → 503s before success
    missing: set[str] = field(default_factory=set)  # path → 404
    cut_short: dict[str, int] = field(default_factory=dict)  # path → bytes sent before closing
    ranges: bool = True  # honour Range requests


@dataclass
class MirrorServer:
    """A running server: its base URL, the faults it injects and the requests it saw."""

    url: str
    faults: Faults
    hits: Counter[str]
    ranged: Counter[str]


def _handler(root: Path, faults: Faults, hits: Counter[str], ranged: Counter[str]) -> type:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return

        def do_GET(self) -> None:
            rel = unquote(self.path.lstrip("/"))
            hits[rel] += 1
            if rel in faults.missing:
                self.send_error(404, "Not Found")
                return
            if faults.fail_first.get(rel, 0) >= hits[rel]:
                self.send_error(503, "Service Unavailable")
                return
            path = (root / rel).resolve()
            if root.resolve() not in path.parents or not path.is_file():
                self.send_error(404, "Not Found")
                return
            data = path.read_bytes()
            start = 0
            header = self.headers.get("Range", "")
            if faults.ranges and header.startswith("bytes=") and header.endswith("-"):
                start = int(header[len("bytes=") : -1])
                ranged[rel] += 1
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
            else:
                self.send_response(200)
            body = data[start:]
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Content-Type", "application/octet-stream")
            self.end_headers()
            if rel in faults.cut_short:
                self.wfile.write(body[: faults.cut_short[rel]])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(body)

    return Handler


@contextmanager
def serve_mirror(root: Path, faults: Faults | None = None) -> Iterator[MirrorServer]:
    """Serve ``root`` on 127.0.0.1 (a free port) until the block ends."""
    faults = faults or Faults()
    hits: Counter[str] = Counter()
    ranged: Counter[str] = Counter()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(root, faults, hits, ranged))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield MirrorServer(f"http://{host}:{port}", faults, hits, ranged)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
