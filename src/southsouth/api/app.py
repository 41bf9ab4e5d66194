"""The REST API: ``create_api(settings)`` builds it from one router per feature.

Reads of the warehouse (registry, evidence, gaps, trade, connectivity, relations) are the
declared reads of :mod:`southsouth.service`, answered by its runner over a snapshot of the
warehouse file, with strong ETags (``api.reads``); every error is problem+json
(``api.problems``). The served instance (API and dashboard) is put together by
:mod:`southsouth.server`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from southsouth.api.problems import (
    handle_http_error,
    handle_southsouth_error,
    handle_unexpected_error,
    handle_validation_error,
)
from southsouth.api.reads import READ_RESPONSES, Reads
from southsouth.api.request_limits import Allowances, RequestGuard, rate
from southsouth.api.routes import ROUTERS
from southsouth.errors import SouthsouthError
from southsouth.service.compute_gate import ComputeGate
from southsouth.service.runner import Runner
from southsouth.service.snapshot import WarehouseSnapshots
from southsouth.settings import Settings, load_settings
from southsouth.version import __version__
from southsouth.workspace import Workspace

#: Error responses of the warehouse reads (kept under its old name for other routers).
ERRORS: dict[int | str, dict[str, Any]] = READ_RESPONSES
#: Default bound of the cache of computed reads, per process.
CACHE_MB = 64
#: Default ``Cache-Control: max-age`` of reads, seconds (revalidate with the ETag after).
MAX_AGE_S = 60


def create_api(
    settings: Settings | None = None,
    *,
    snapshot: bool = True,
    cache_mb: int = CACHE_MB,
    max_age: int = MAX_AGE_S,
) -> FastAPI:
    """Build the app; settings come from the environment unless given.

    ``snapshot=False`` serves the warehouse file in place (syncs still run: they build the
    next file beside it); ``cache_mb`` bounds the cache of computed reads (0 turns it off).
    """
    settings = settings or load_settings()
    snapshots = WarehouseSnapshots(
        settings.warehouse_path, settings.home / "api-snapshots" if snapshot else None
    )
    allowances = Allowances(
        rate(settings.api_rate, name="SOUTHSOUTH_API_RATE"),
        rate(settings.api_compute_rate, name="SOUTHSOUTH_API_COMPUTE_RATE"),
    )
    gate = ComputeGate(
        workers=settings.api_compute_workers,
        queue=settings.api_compute_queue,
        budget=settings.api_time_budget,
    )
    runner = Runner(
        lambda warehouse: Workspace(settings, warehouse=warehouse),
        snapshots,
        cache_bytes=cache_mb * 2**20,
        gate=gate,
    )
    reads = Reads(runner, max_age=max_age)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            reads.close()

    app = FastAPI(
        title="southsouth",
        version=__version__,
        description="Evidence for South–South cooperation: registry, memberships, indicators, "
        "profiles, the pillar index, capacity gaps, trade and air-link opportunities, "
        "relations and coalitions. Every response cites its sources (publisher, licence, "
        "vintage); lists are paginated (`items`, `total`, `limit`, `offset`, `next`); reads "
        "carry strong ETags (send `If-None-Match` for a 304); errors are problem+json.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.runner = runner
    app.state.reads = reads
    app.state.allowances = allowances
    app.add_exception_handler(SouthsouthError, handle_southsouth_error)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    app.add_exception_handler(StarletteHTTPException, handle_http_error)
    app.add_exception_handler(Exception, handle_unexpected_error)
    for router in ROUTERS:
        app.include_router(router)
    # Inside the pages' security headers, so refusals carry them too.
    app.add_middleware(
        RequestGuard,
        allowances=allowances,
        max_body=settings.api_max_body,
        token_check=lambda secret: _token_id(app, secret),
    )
    return app


def _token_id(app: FastAPI, secret: str) -> str | None:
    """The id of the tracker token ``secret``, or None when it is unknown, revoked or the
    tracker cannot be opened (the caller then counts as anonymous)."""
    from southsouth.service.http import tracker_of

    try:
        return tracker_of(app.state).authenticate(secret).token_id
    except SouthsouthError:
        return None
