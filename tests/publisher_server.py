"""A loopback HTTP server that answers like the publishers' APIs, from recorded responses.

Routes are request targets (path and query, exactly as the connector sends them) under one
prefix per service (``/worldbank``, ``/gho``, ``/ucdp``, ``/files``); ``{base}`` in a body
becomes the server's own URL, so next-page links lead back to it. A route can fail a number
of times first (503 by default) and records every request's headers.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "publishers"


@dataclass
class Reply:
    """What a route answers: ``fail_first`` × ``fail_status``, then ``status`` with ``body``."""

    body: bytes
    status: int = 200
    fail_first: int = 0
    fail_status: int = 503
    content_type: str = "application/json; charset=utf-8"
    #: Sent as Retry-After with each failure.
    retry_after: str | None = None


@dataclass
class PublisherServer:
    """A running server: its URL, its routes, the hits and request headers it saw."""

    url: str
    routes: dict[str, Reply]
    hits: Counter[str] = field(default_factory=Counter)
    headers: dict[str, list[dict[str, str]]] = field(default_factory=lambda: defaultdict(list))

    @property
    def bases(self) -> dict[str, str]:
        """Base URLs for ``Fetcher(bases=…)``: every service on this server."""
        return {api: f"{self.url}/{prefix}" for api, prefix in PREFIXES.items()}


PREFIXES: Mapping[str, str] = {
    "worldbank": "worldbank",
    "gho": "gho",
    "ucdp": "ucdp",
    "owid": "files/owid",
    "github": "files/github",
}


def fixture(name: str) -> bytes:
    """A recorded response body from tests/fixtures/publishers."""
    return (FIXTURES / name).read_bytes()


def _handler(server: PublisherServer) -> type:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return

        def do_GET(self) -> None:
            target = self.path
            server.hits[target] += 1
            server.headers[target].append({k.lower(): v for k, v in self.headers.items()})
            reply = server.routes.get(target)
            if reply is None:
                self.send_error(404, "Not Found")
                return
            if server.hits[target] <= reply.fail_first:
                self.send_response(reply.fail_status)
                if reply.retry_after is not None:
                    self.send_header("Retry-After", reply.retry_after)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = reply.body.replace(b"{base}", server.url.encode())
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


@contextmanager
def serve_publishers(routes: dict[str, Reply]) -> Iterator[PublisherServer]:
    """Serve ``routes`` on 127.0.0.1 (a free port) until the block ends."""
    state = PublisherServer("", routes)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    host, port = httpd.server_address[:2]
    state.url = f"http://{host}:{port}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def closed_port_url() -> str:
    """A loopback URL nothing listens on (connections are refused at once)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
