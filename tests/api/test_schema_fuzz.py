"""schemathesis over every warehouse read on the full mirror: no 5xx, responses match the schema.

Deterministic (derandomised Hypothesis, seeded) and bounded. Light reads get the coverage
phase (boundary and invalid values of every parameter) and fuzzing; the heavy analyses
(seconds per distinct query) get fuzzing only, with fewer examples. The schema is the app's
own OpenAPI document (generating it touches no warehouse); the calls go to an app over the
synced mirror.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from southsouth.server import create_app
from southsouth.settings import load_settings

#: schemathesis collects one case per operation only without pytest-xdist.
pytestmark = pytest.mark.serial

HEAVY = r"^/(index|coalitions|roadmaps/.*|connectivity/.*|trade/(substitution|links|complexity.*))$"
CHECKS = [not_a_server_error, response_schema_conformance]


def _schema() -> schemathesis.schemas.BaseSchema:
    spec = create_app(load_settings(home=Path("/nonexistent-southsouth-home"))).openapi()
    loaded = schemathesis.openapi.from_dict(spec)
    loaded.config.seed = 20260101
    return loaded.exclude(path_regex="^/tracker")  # the tracker's CRUD: tests/tracker


light = _schema().exclude(path_regex=HEAVY)
heavy = _schema().include(path_regex=HEAVY)
heavy.config.phases.update(phases=["examples", "fuzzing"])


@pytest.fixture(scope="module")
def app(full_warehouse):
    built = create_app(load_settings(home=full_warehouse.path.parent), snapshot=False)
    yield built
    built.state.reads.close()


BOUNDED = settings(
    derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)


@light.parametrize()
@settings(BOUNDED, max_examples=10)
def test_light_reads_conform(case, app):
    case.call_and_validate(app=app, checks=CHECKS)


@heavy.parametrize()
@settings(BOUNDED, max_examples=4)
def test_heavy_reads_conform(case, app):
    case.call_and_validate(app=app, checks=CHECKS)
