"""One router per feature; ``create_app`` includes each of them.

A router module owns its paths, its query parameters (parsed and bounded), its response
models and a ``router`` (``fastapi.APIRouter``). Each endpoint parses, then hands
``Reads.serve`` a name, the parsed parameters, the tables it reads and a function of a
``Workspace`` that returns the response document (``items`` plus context and ``sources``);
``serve`` does the ETag, the cache and the page. Rules stay in the feature packages, reached
through ``Workspace`` methods that the CLI calls too.

To add a feature: write ``routes/<feature>.py`` on this pattern and add it to ``ROUTERS``.
"""

from __future__ import annotations

from fastapi import APIRouter

from southsouth.api import tracker
from southsouth.api.routes import (
    briefs,
    connectivity,
    evidence,
    gaps,
    registry,
    relations,
    roadmaps,
    trade,
)

#: The read routers, in the order their paths appear in the OpenAPI document.
ROUTERS: tuple[APIRouter, ...] = (
    registry.router,
    evidence.router,
    gaps.router,
    trade.router,
    connectivity.router,
    relations.router,
    roadmaps.router,
    briefs.router,
    tracker.router,
)
