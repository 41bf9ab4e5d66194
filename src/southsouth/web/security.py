"""Security headers: every response tells the browser how it may be used.

Dashboard responses (pages, fragments, downloads, static files and error pages: the paths
under a language prefix, ``/static`` and ``/``) get a Content-Security-Policy allowing only
this site's own scripts, styles, images and forms, no inline script, no plugins, and never
being framed. Other responses (the JSON API and its OpenAPI pages, whose interactive docs
load their script from a CDN) get only ``frame-ancestors 'none'``. Every response gets
``X-Frame-Options: DENY`` (for browsers without CSP), ``X-Content-Type-Options: nosniff`` and
``Referrer-Policy: same-origin``. A header a route set itself is kept.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from southsouth.language.catalogue import LANGUAGES

#: The dashboard's Content-Security-Policy. Pages inline no script, no ``<style>`` and no
#: ``style`` attribute (charts are vl-convert SVG with presentation attributes only), so
#: styles come from /static/web.css alone; ``data:`` images are the empty favicon.
DASHBOARD_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
#: The policy of every other response: never framed, nothing else restricted.
OTHER_POLICY = "frame-ancestors 'none'"
#: Headers every response gets.
COMMON = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def dashboard_path(path: str) -> bool:
    """True for the dashboard's paths: ``/``, ``/static/…`` and ``/<lang>/…``."""
    first = path.strip("/").split("/", 1)[0]
    return first == "" or first == "static" or first in LANGUAGES


def add_security_headers(headers: MutableHeaders, path: str) -> None:
    """Add the security headers for a response to ``path`` (keeping any already set)."""
    policy = DASHBOARD_POLICY if dashboard_path(path) else OTHER_POLICY
    headers.setdefault("Content-Security-Policy", policy)
    for name, value in COMMON.items():
        headers.setdefault(name, value)


class SecurityHeaders:
    """ASGI middleware adding :func:`add_security_headers` to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                add_security_headers(MutableHeaders(scope=message), path)
            await send(message)

        await self.app(scope, receive, send_secured)
