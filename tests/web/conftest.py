"""A live server over the full mirror and a Debian Chromium, for end-to-end tests of the pages.

``visit(browser, url, name)`` loads a page in a fresh browser context (an empty cache, as a
first visit), checks status 200, no console errors and the page-weight budget, and writes a
screenshot to ``out/screenshots/<name>.png`` for reviewers.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from southsouth.api import create_app
from southsouth.settings import load_settings
from southsouth.tracker import local_admin, open_tracker

CHROMIUM = "/usr/bin/chromium"
#: Transferred bytes allowed for a page's first load (HTML, CSS, script, no downloads).
PAGE_BUDGET = 300 * 1024
SCREENSHOTS = Path(__file__).resolve().parents[2] / "out" / "screenshots"
#: Transferred bytes of every page visited in this session, by screenshot name.
WEIGHTS: dict[str, dict[str, Any]] = {}


@pytest.fixture(scope="session", autouse=True)
def _page_weights() -> Iterator[None]:
    """Write the measured page weights beside the screenshots at the end of the session."""
    yield
    if WEIGHTS:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / "page-weights.json").write_text(
            json.dumps(dict(sorted(WEIGHTS.items())), indent=2) + "\n", encoding="utf-8"
        )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def web_settings(full_warehouse, tmp_path_factory):
    """Settings over the synced mirror, with the tracker in a temporary SQLite file."""
    tracker_file = tmp_path_factory.mktemp("web-tracker") / "tracker.sqlite"
    return load_settings(home=full_warehouse.path.parent, tracker_url=f"sqlite:///{tracker_file}")


@pytest.fixture(scope="session")
def web_server_tokens(web_settings) -> dict[str, str]:
    """Secrets of an admin, an editor, a viewer and an ASEAN-scoped editor."""
    tracker = open_tracker(web_settings)
    try:
        admin = local_admin()
        return {
            name: tracker.create_token(admin, role=role, scopes=scopes, name=name)[1]
            for name, role, scopes in (
                ("admin", "admin", ()),
                ("editor", "editor", ()),
                ("viewer", "viewer", ()),
                ("editor_asean", "editor", ("ASEAN",)),
            )
        }
    finally:
        tracker.close()


@pytest.fixture(scope="session")
def web_server(web_settings, web_server_tokens) -> Iterator[str]:
    """Base URL of the app (API and pages) served by uvicorn on 127.0.0.1."""
    app = create_app(web_settings, snapshot=False)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start", pytrace=False)
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    """Debian Chromium driven by Playwright (never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is missing: `make system` installs it", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield launched
        launched.close()


@dataclass
class Visit:
    """A loaded page and what loading it cost."""

    page: Any
    status: int
    weight_bytes: int
    console_errors: list[str] = field(default_factory=list)

    def close(self) -> None:
        """Close the page's browser context."""
        self.page.context.close()


def visit(
    browser: Any,
    url: str,
    name: str,
    *,
    cookies: list[dict[str, Any]] | None = None,
    viewport: dict[str, int] | None = None,
    budget: int = PAGE_BUDGET,
) -> Visit:
    """Load ``url`` as a first visit; check 200, no console errors, weight; screenshot it."""
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
    if cookies:
        context.add_cookies(cookies)
    page = context.new_page()
    errors: list[str] = []
    sizes: list[int] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def finished(request: Any) -> None:
        measured = request.sizes()
        sizes.append(measured["responseBodySize"] + measured["responseHeadersSize"])

    page.on("requestfinished", finished)
    response = page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    result = Visit(page, response.status if response else 0, sum(sizes), errors)
    WEIGHTS[name] = {"url": url, "bytes": result.weight_bytes, "requests": len(sizes)}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    assert result.status == 200, f"{url}: status {result.status}"
    assert errors == [], f"{url}: console errors {errors}"
    assert result.weight_bytes < budget, f"{url}: {result.weight_bytes} bytes transferred"
    return result
