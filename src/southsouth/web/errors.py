"""Errors on pages: the API's problem (status, title, detail) shown as an HTML page.

API paths keep problem+json; a path under a language prefix, asked for by a browser
(``Accept: text/html``), gets the same status with a readable page in that language: the
status's title translated, the detail as southsouth wrote it (isolated, so an English
sentence keeps its order on an Arabic page).
Error responses get the security headers here too: a 500 is answered outside the app's
middleware stack.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.responses import Response

from southsouth.language.catalogue import LANGUAGES, Translator
from southsouth.web.render import context, render
from southsouth.web.security import add_security_headers

Handler = Callable[[Request, Exception], Awaitable[Response]]


def page_language(request: Request) -> str | None:
    """The language of a page request by a browser, else None (an API or asset request)."""
    first = request.url.path.strip("/").split("/", 1)[0]
    if first in LANGUAGES and "text/html" in request.headers.get("accept", ""):
        return first
    return None


def status_title(lang: str, status: int, default: str) -> str:
    """The status's title (``Not Found``) in ``lang``; ``default`` for a status no
    catalogue names."""
    return Translator(lang).get(f"error.status.{status}", default)


def _as_page(original: Handler) -> Handler:
    async def handle(request: Request, error: Exception) -> Response:
        response = await original(request, error)
        add_security_headers(response.headers, request.url.path)
        lang = page_language(request)
        if lang is None or not response.headers.get("content-type", "").startswith(
            "application/problem+json"
        ):
            return response
        problem = json.loads(bytes(response.body))
        values = context(
            request,
            lang,
            "error",
            status=response.status_code,
            title=status_title(lang, response.status_code, str(problem.get("title", ""))),
            detail=problem.get("detail", ""),
            errors=problem.get("errors", []),
        )
        page = render(request, "error.html.j2", values, status=response.status_code)
        add_security_headers(page.headers, request.url.path)
        return page

    return handle


def show_errors_as_pages(app: FastAPI) -> None:
    """Wrap each of the app's exception handlers so page requests get HTML."""
    for key, handler in list(app.exception_handlers.items()):
        app.add_exception_handler(key, _as_page(handler))
