"""Shared fixtures: the data mirror, an isolated home, and warehouses loaded from the mirror."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mirror_sync import load
from southsouth.registry.crosswalk import Crosswalk
from southsouth.sources import get_dataset
from southsouth.warehouse.store import Warehouse

REPO = Path(__file__).resolve().parents[1]
#: Debian Chromium (`make system` installs it); Playwright drives it, never a downloaded browser.
CHROMIUM = "/usr/bin/chromium"


def mirror_path() -> Path:
    """The offline data mirror (shared/data beside the repository, or SOUTHSOUTH_TEST_MIRROR)."""
    configured = os.environ.get("SOUTHSOUTH_TEST_MIRROR")
    path = Path(configured) if configured else REPO.parent / "shared" / "data"
    if not (path / "README.md").is_file():
        pytest.fail(
            f"the data mirror is missing at {path}; set SOUTHSOUTH_TEST_MIRROR", pytrace=False
        )
    return path


@pytest.fixture(scope="session")
def mirror() -> Path:
    """Path of the offline data mirror."""
    return mirror_path()


@pytest.fixture(scope="session")
def crosswalk(mirror: Path) -> Crosswalk:
    """The country crosswalk, built from the mirror's ``countries`` files."""
    countries = get_dataset("countries")
    return Crosswalk.from_files({r.name: mirror / r.mirror_path for r in countries.resources})


#: Served-instance limits for tests that are not about them: no per-address rates (a test
#: client sends hundreds of requests a minute from one address) and a time budget a cold
#: roadmap on a busy CI machine cannot exceed. Tests of the limits pass their own settings.
#: Pages are not warmed in the background (tests of the warming turn it on).
TEST_LIMITS = {
    "SOUTHSOUTH_API_RATE": "0",
    "SOUTHSOUTH_API_COMPUTE_RATE": "0",
    "SOUTHSOUTH_API_TIME_BUDGET": "900",
    "SOUTHSOUTH_WARM_PAGES": "0",
}


def pytest_configure(config: pytest.Config) -> None:
    """Limits for apps built by session fixtures too (before any test's monkeypatch)."""
    os.environ.update(TEST_LIMITS)


#: Test files that drive the one Chromium of a worker: kept on one worker together.
BROWSER_GROUP = ("tests/web/", "tests/roadmap/test_report.py")
#: Tests that start PySpark: kept on one worker, so one JVM serves them all.
SPARK_TESTS = (
    "tests/trade/test_engine_spark.py::",
    "tests/trade/test_links.py::test_spark_gives_the_pandas_numbers_and_report",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Groups for ``pytest -n 2 --dist loadgroup`` (`make test`): the browser tests share a
    worker (one Chromium, one dashboard server, one page-weight file), and so do the Spark
    tests (one JVM); every other file's tests stay on one worker (its module fixtures are
    built once)."""
    for item in items:
        path = Path(str(item.path)).relative_to(REPO).as_posix()
        node = f"{path}::{item.name}"
        if path.startswith(BROWSER_GROUP):
            group = "browser"
        elif node.startswith(SPARK_TESTS):
            group = "spark"
        else:
            group = path
        item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees the developer's SOUTHSOUTH_* settings or home directory."""
    for key in list(os.environ):
        if key.startswith("SOUTHSOUTH_") and key != "SOUTHSOUTH_TEST_MIRROR":
            monkeypatch.delenv(key)
    for key, value in TEST_LIMITS.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("SOUTHSOUTH_HOME", str(tmp_path / "home"))


@pytest.fixture
def loaded(tmp_path: Path, mirror: Path) -> Iterator[Callable[..., Warehouse]]:
    """Call with dataset ids or domains; returns a warehouse holding just those (plus countries)."""
    opened: list[Warehouse] = []

    def _load(*selectors: str) -> Warehouse:
        warehouse, _ = load(tmp_path / "loaded", mirror, "countries", *selectors)
        opened.append(warehouse)
        return warehouse

    yield _load
    for warehouse in opened:
        warehouse.close()


@pytest.fixture(scope="session")
def full_warehouse(tmp_path_factory: pytest.TempPathFactory, mirror: Path) -> Iterator[Warehouse]:
    """The whole mirror synced once per test session (read it, never write it)."""
    home = tmp_path_factory.mktemp("full")
    warehouse, _ = load(home, mirror)
    warehouse.close()
    reader = Warehouse(home / "warehouse.duckdb", read_only=True)
    yield reader
    reader.close()


@pytest.fixture(scope="session")
def browser():
    """Debian Chromium driven by Playwright, one per session (shared by every browser test)."""
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
