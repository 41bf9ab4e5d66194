"""A live server over the full mirror and a Debian Chromium, for end-to-end tests of pages
(``page_visits.visit`` loads one, checks it and writes its screenshot)."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from page_visits import SCREENSHOTS, WEIGHTS

from southsouth.server import create_app
from southsouth.settings import load_settings
from southsouth.tracker import local_admin, open_tracker


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
