"""Tracker fixtures: a fresh database per test on SQLite and on a throwaway PostgreSQL.

Both backends start from a template migrated once per session (a copied SQLite file; a
PostgreSQL ``CREATE DATABASE … TEMPLATE``). ``SOUTHSOUTH_TEST_DATABASE_URL`` names an existing
PostgreSQL server to use instead of starting one; without it and without the PostgreSQL
binaries the PostgreSQL tests FAIL (``make system`` installs them).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from tracker_bodies import FixedMembership
from tracker_postgres import (
    INSTALL_HINT,
    ThrowawayPostgres,
    create_database,
    drop_database,
    postgres_bin,
)

from southsouth.tracker import Database, Principal, Tracker, local_admin

BACKENDS = ("sqlite", "postgresql")
TEMPLATE = "southsouth_tracker_template"


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    """A PostgreSQL server the tests may create databases on (started here unless given)."""
    given = os.environ.get("SOUTHSOUTH_TEST_DATABASE_URL")
    if given:
        yield given
        return
    bin_dir = postgres_bin()
    if bin_dir is None:
        pytest.fail(INSTALL_HINT, pytrace=False)
    server = ThrowawayPostgres(bin_dir)
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres_template(postgres_admin_url: str) -> Iterator[str]:
    """A migrated PostgreSQL database to copy."""
    database = Database(create_database(postgres_admin_url, TEMPLATE))
    database.migrate()
    database.close()
    yield TEMPLATE
    drop_database(postgres_admin_url, TEMPLATE)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file to copy."""
    path = tmp_path_factory.mktemp("template") / "tracker.sqlite"
    database = Database(f"sqlite:///{path}")
    database.migrate()
    database.close()
    return path


def fresh_url(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> str:
    """The URL of a new, migrated, empty tracker database on ``backend``."""
    if backend == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        path = tmp_path / f"tracker-{uuid.uuid4().hex[:8]}.sqlite"
        shutil.copyfile(template, path)
        return f"sqlite:///{path}"
    admin = request.getfixturevalue("postgres_admin_url")
    template = request.getfixturevalue("postgres_template")
    name = f"t_{uuid.uuid4().hex[:16]}"
    url = create_database(admin, name, template=template)
    request.addfinalizer(lambda: drop_database(admin, name))
    return url


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """sqlite or postgresql."""
    return str(request.param)


@pytest.fixture
def database_url(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> str:
    """A fresh, migrated tracker database on each backend."""
    return fresh_url(request, backend, tmp_path)


@pytest.fixture
def tracker(database_url: str) -> Iterator[Tracker]:
    """The tracker on the fresh database, with the fixed bloc membership."""
    opened = Tracker.open(database_url, membership=FixedMembership())
    yield opened
    opened.close()


@pytest.fixture
def admin() -> Principal:
    """The local administrator (the command line)."""
    return local_admin()
