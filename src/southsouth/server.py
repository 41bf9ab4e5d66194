"""A served instance: the REST API with the dashboard's pages mounted beside it.

The API and the dashboard share the app's runner of declared reads (``app.state.runner``),
so a page and an endpoint asked the same question give the same numbers from one cache.

When ``warm_pages`` is set (the default; ``SOUTHSOUTH_WARM_PAGES``), the dashboard's pages
(:data:`southsouth.web.routes.WARM_PATHS`) are computed in the background when the server
starts and whenever a data sync has produced a new warehouse, so the first visitor after a
sync finds them cached. Warming requests are marked in their ASGI scope (which no HTTP
request can set) so they spend no visitor's allowance; ``/health`` says how far it has got.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence

    from fastapi import FastAPI

    from southsouth.settings import Settings

log = logging.getLogger(__name__)


def create_app(
    settings: Settings | None = None,
    *,
    snapshot: bool = True,
    cache_mb: int | None = None,
    max_age: int | None = None,
) -> FastAPI:
    """The API (see :func:`southsouth.api.app.create_api`) with the dashboard mounted."""
    from southsouth.api.app import CACHE_MB, MAX_AGE_S, create_api
    from southsouth.settings import load_settings
    from southsouth.web.routes import WARM_PATHS, mount_web

    settings = settings or load_settings()
    app = create_api(
        settings,
        snapshot=snapshot,
        cache_mb=CACHE_MB if cache_mb is None else cache_mb,
        max_age=MAX_AGE_S if max_age is None else max_age,
    )
    mount_web(app)
    if settings.warm_pages:
        warmer = PageWarmer(app, WARM_PATHS)
        app.state.runner.on_generation = warmer.request
        warmer.request(None)
        warmer.watch()
    return app


#: Seconds between two looks at the warehouse file for a new generation (a finished sync).
WATCH_S = 5.0


class PageWarmer:
    """Loads pages in a background thread, once per request for warming (coalesced)."""

    def __init__(self, app: FastAPI, paths: Sequence[str]) -> None:
        self.app = app
        self.paths = tuple(paths)
        self._lock = threading.Lock()
        self._running = False
        self._again = False
        #: The warehouse generation the pass under way warms.
        self._covered: int | None = None
        self._passes = 0
        app.state.warming = {"state": "waiting", "passes": 0, "pages": {}}

    def watch(self, every: float = WATCH_S) -> None:
        """Look at the warehouse every ``every`` seconds, so a finished sync is warmed
        before a visitor asks (a lease notices a new file and calls ``request``)."""

        closed = self.app.state.runner.closed

        def look() -> None:
            while not closed.wait(every):
                try:
                    with self.app.state.runner.lease():
                        pass
                except Exception as error:  # not synced, closed: look again later
                    log.debug("warehouse not leased: %s", error)

        threading.Thread(target=look, name="southsouth-watch", daemon=True).start()

    def request(self, generation: int | None) -> None:
        """Warm the pages now, or once more after the pass under way (unless that pass
        already warms ``generation``)."""
        with self._lock:
            if self._running:
                covered = self._covered
                if generation is None or covered is None or generation > covered:
                    self._again = True
                return
            self._running = True
        threading.Thread(target=self._run, name="southsouth-warm", daemon=True).start()

    def _run(self) -> None:
        import anyio

        while True:
            self.app.state.warming = {"state": "warming", "passes": self._passes, "pages": {}}
            pages: dict[str, float | str] = {}
            try:
                with self.app.state.runner.snapshots.lease() as generation:
                    self._covered = generation.number
            except Exception as error:  # not synced yet: nothing to warm
                log.info("not warming pages: %s", error)
                pages["warehouse"] = f"failed: {type(error).__name__}"
            else:
                pages = anyio.run(self._pass)
            self._passes += 1
            self.app.state.warming = {"state": "warm", "passes": self._passes, "pages": pages}
            with self._lock:
                if not self._again:
                    self._running = False
                    return
                self._again = False

    async def _pass(self) -> dict[str, float | str]:
        """Load every page once through the app itself (no socket, no lifespan)."""
        import httpx

        from southsouth.api.request_limits import INTERNAL

        async def internal(scope: dict[str, Any], receive: Any, send: Any) -> None:
            scope[INTERNAL] = True
            await self.app(scope, receive, send)

        transport = httpx.ASGITransport(app=internal)
        async with httpx.AsyncClient(transport=transport, base_url="http://warming") as client:
            return {path: await self._load(client, path) for path in self.paths}

    @staticmethod
    async def _load(client: Any, path: str) -> float | str:
        """Seconds to load ``path``, or why it failed (a failing page is not fatal)."""
        started = time.perf_counter()
        try:
            status = (await client.get(path)).status_code
        except Exception as error:
            log.warning("warming %s failed: %s", path, error)
            return f"failed: {type(error).__name__}"
        return round(time.perf_counter() - started, 3) if status < 400 else f"status {status}"
