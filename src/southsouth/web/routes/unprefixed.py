"""Page paths without a language prefix: ``/country/NGA`` is sent to ``/<lang>/country/NGA``
in the browser's language (``Accept-Language``), query kept.

Only a path that is a page under a language prefix and is not answered by the app's other
routes (the REST API at the root, the docs) is redirected: an API path always wins. The
target is rebuilt from the decoded path and query (re-encoded, length-bounded) and always
starts with ``/<lang>/``, so it cannot leave the site.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import parse_qsl, quote, urlencode

from starlette.responses import RedirectResponse
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Receive, Scope, Send

from southsouth.language.catalogue import DEFAULT, LANGUAGES, negotiate

#: Longest path or query string redirected (longer ones get the app's own answer).
MAX_PATH = 512
MAX_QUERY = 2048


def _full(routes: Sequence[BaseRoute], path: str) -> bool:
    scope = {"type": "http", "path": path, "method": "GET", "root_path": ""}
    return any(route.matches(scope)[0] is Match.FULL for route in routes)


def target(
    path: str, query: str, lang: str, pages: Sequence[BaseRoute], others: Sequence[BaseRoute]
) -> str | None:
    """Where ``path`` (decoded) and ``query`` (raw) are sent in ``lang``, or None when the
    path is not an unprefixed page path (too long, prefixed, an API path, no such page)."""
    if len(path) > MAX_PATH or len(query) > MAX_QUERY or not path.startswith("/"):
        return None
    first = path[1:].split("/", 1)[0]
    if not first or first in LANGUAGES or first == "static" or "\\" in path:
        return None
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in path):
        return None
    if not _full(pages, f"/{DEFAULT}{path}") or _full(others, path):
        return None
    tail = urlencode(parse_qsl(query, keep_blank_values=True)) if query else ""
    return f"/{lang}{quote(path, safe='/.-_~')}" + (f"?{tail}" if tail else "")


class UnprefixedPages:
    """ASGI middleware redirecting unprefixed page paths (GET and HEAD) to the browser's
    language; ``pages`` are the page routes, ``others`` every other route of the app."""

    def __init__(
        self, app: ASGIApp, pages: Sequence[BaseRoute], others: Sequence[BaseRoute]
    ) -> None:
        self.app = app
        self.pages = tuple(pages)
        self.others = tuple(others)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            headers = dict(scope.get("headers") or ())
            query = scope.get("query_string", b"").decode("latin-1")
            lang = negotiate(headers.get(b"accept-language", b"").decode("latin-1")[:256])
            found = target(scope["path"], query, lang, self.pages, self.others)
            if found is not None:
                response = RedirectResponse(
                    found, status_code=302, headers={"Vary": "Accept-Language"}
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
