"""schemathesis over the tracker routes, with an admin token so that writes are exercised:
no 5xx, every response matches the OpenAPI schema. Deterministic and bounded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from tracker_bodies import assessment, commitment, forum

from southsouth.server import create_app
from southsouth.settings import load_settings
from southsouth.tracker import Tracker, local_admin

#: schemathesis collects one case per operation only without pytest-xdist.
pytestmark = pytest.mark.serial

EXAMPLES = 3

schema = schemathesis.openapi.from_dict(
    create_app(load_settings(home=Path("/nonexistent-southsouth-home"))).openapi()
).include(path_regex="^/tracker")


@pytest.fixture(scope="module")
def app_and_token(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FastAPI, str]]:
    home = tmp_path_factory.mktemp("fuzz")
    tracker = Tracker.open(f"sqlite:///{home / 'tracker.sqlite'}", create=True)
    admin = local_admin()
    tracker.create_record(admin, "forum", forum("au-38", "AU"))
    tracker.create_record(admin, "commitment", commitment("c1", "au-38", ["KEN", "NGA"]))
    tracker.create_record(admin, "assessment", assessment("c1", "KEN", 1, id="a1"))
    _, secret = tracker.create_token(admin, role="admin")
    app = create_app(load_settings(home=home), snapshot=False)
    app.state.tracker = tracker
    yield app, secret
    report = tracker.verify(admin)
    assert report.ok  # whatever the fuzzing wrote went through the audit log …
    assert report.entries > 4  # … and it did write (4 entries are the fixture's)
    tracker.close()


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    phases=[Phase.explicit],  # schemathesis examples + coverage (boundary and negative) cases
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_tracker_api_conforms_to_its_schema(case, app_and_token):
    app, secret = app_and_token
    case.call_and_validate(
        app=app,
        headers={"Authorization": f"Bearer {secret}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
