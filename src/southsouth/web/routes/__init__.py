"""The dashboard's page routers; ``mount_web`` adds them, the static files, the root redirect
and the security headers (:mod:`southsouth.web.security`).

A page module owns its paths (under ``/{lang}/``; the ``Lang`` dependency answers 404 for an
unsupported code), its templates and its locale area. Page routers are included after the
API's, so an API path always wins.
To add one: write ``routes/<area>.py`` with a ``router`` and add it to ``PAGE_ROUTERS``.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from southsouth.web.errors import show_errors_as_pages
from southsouth.web.routes import (
    brief,
    coalitions,
    compare,
    core,
    country,
    gaps,
    methods,
    opportunities,
    roadmap,
    tracker,
)
from southsouth.web.routes.unprefixed import UnprefixedPages
from southsouth.web.security import SecurityHeaders

#: The pages a served instance computes in the background after start and after each sync
#: (in English: the computed documents behind a page are shared by every language).
WARM_PATHS: tuple[str, ...] = (
    "/en/",
    "/en/country",
    "/en/country/NGA",
    "/en/compare",
    "/en/gaps",
    "/en/opportunities",
    "/en/coalitions",
    "/en/roadmap",
    "/en/data",
    "/en/tracker",
)

PAGE_ROUTERS: tuple[APIRouter, ...] = (
    core.router,
    opportunities.router,
    coalitions.router,
    roadmap.router,
    tracker.router,
    country.router,
    compare.router,
    gaps.router,
    methods.router,
    brief.router,
)


def mount_web(app: FastAPI) -> None:
    """Add the pages, ``/static`` and the ``/`` redirect to ``app``; errors on pages become
    HTML pages (call after the API's exception handlers are registered); a page path without
    a language prefix is redirected (an API path is never shadowed: call after the API's
    routes are included); every response gets the security headers."""
    app.add_middleware(
        UnprefixedPages,
        pages=[route for router in PAGE_ROUTERS for route in router.routes],
        others=list(app.router.routes),
    )
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(packages=[("southsouth.web", "static")]), name="static")
    app.include_router(core.root)
    for router in PAGE_ROUTERS:
        app.include_router(router)
    show_errors_as_pages(app)
