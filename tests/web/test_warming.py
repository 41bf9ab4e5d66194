"""A served instance computes its dashboard pages in the background, so visitors find them
cached: after the warming pass, loading every warmed page computes nothing new."""

from __future__ import annotations

import time

import pytest
from starlette.testclient import TestClient

from southsouth.server import create_app
from southsouth.web.routes import WARM_PATHS

pytestmark = pytest.mark.slow


def test_pages_are_warm_after_start(web_settings) -> None:
    app = create_app(web_settings.model_copy(update={"warm_pages": True}))
    client = TestClient(app)
    try:
        deadline = time.monotonic() + 900
        while app.state.warming["state"] != "warm":
            assert time.monotonic() < deadline, app.state.warming
            time.sleep(0.5)
        health = client.get("/health").json()
        pages = health["pages"]["pages"]
        assert set(pages) == set(WARM_PATHS)
        failed = {path: took for path, took in pages.items() if not isinstance(took, float)}
        assert not failed
        cache = app.state.runner.cache
        misses = cache.misses
        for path in WARM_PATHS:
            assert client.get(path).status_code == 200, path
        assert cache.misses == misses, "a warmed page computed something on its first visit"
    finally:
        app.state.runner.close()
