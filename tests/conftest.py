"""Shared fixtures: the data mirror, an isolated home, and warehouses loaded from the mirror."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import shared_builds
from mirror_sync import load
from shared_builds import AS_OF, built_once
from southsouth.registry.crosswalk import Crosswalk
from southsouth.roadmap.build import Roadmap, build_roadmap
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


#: A warehouse already synced from the mirror by this code (a developer's fast lane:
#: ``SOUTHSOUTH_TEST_WAREHOUSE=path/warehouse.duckdb``), read in place of a fresh sync.
PRESYNCED = os.environ.get("SOUTHSOUTH_TEST_WAREHOUSE")


def pytest_configure(config: pytest.Config) -> None:
    """Limits for apps built by session fixtures too (before any test's monkeypatch)."""
    os.environ.update(TEST_LIMITS)


#: Test files that drive a browser, in two groups of one worker each: the dashboard's pages
#: (one Chromium, one served dashboard, one page-weight file) and the reports' (one Chromium).
BROWSER_GROUPS = {
    "tests/web/": "browser-web",
    "tests/roadmap/test_report.py": "browser-report",
    "tests/roadmap/test_report_languages.py": "browser-report",
}
#: Tests that start PySpark: kept on one worker, so one JVM serves them all.
SPARK_TESTS = (
    "tests/trade/test_engine_spark.py::",
    "tests/trade/test_links.py::test_spark_gives_the_pandas_numbers_and_report",
)


def worker_group(nodeid: str) -> str:
    """The worker group of a test: its browser group, ``spark``, or its file."""
    path = nodeid.split("::", 1)[0]
    for prefix, name in BROWSER_GROUPS.items():
        if path.startswith(prefix):
            return name
    return "spark" if nodeid.startswith(SPARK_TESTS) else path


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """With ``pytest -n 2 --dist loadgroup`` (`make test`), whole groups go to one worker
    (:func:`worker_group`): each browser group, the Spark tests (one JVM) and every other file
    (its module fixtures built once). The groups are read from the test ids here, in the
    scheduler: xdist's ``xdist_group`` marks do not reach the ids under pytest 9."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ByGroup(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return worker_group(nodeid)

    return ByGroup(config, log)


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
    if PRESYNCED:
        path = Path(PRESYNCED)
    elif shared_builds.SHARED:
        path = shared_builds.synced_once(mirror)
    else:
        home = tmp_path_factory.mktemp("full")
        warehouse, _ = load(home, mirror)
        warehouse.close()
        path = home / "warehouse.duckdb"
    reader = Warehouse(path, read_only=True)
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


# Roadmaps built once per session from the whole mirror, at a fixed planning date (AS_OF).


@pytest.fixture(scope="session")
def g77_roadmap(full_warehouse: Warehouse) -> Roadmap:
    """The Group of 77 and China's roadmap."""
    return built_once("roadmap-g77", lambda: build_roadmap(full_warehouse, "g77", as_of=AS_OF))


@pytest.fixture(scope="session")
def au_roadmap(full_warehouse: Warehouse) -> Roadmap:
    """The African Union's roadmap."""
    return built_once("roadmap-au", lambda: build_roadmap(full_warehouse, "AU", as_of=AS_OF))


@pytest.fixture(scope="session")
def asean_roadmap(full_warehouse: Warehouse) -> Roadmap:
    """ASEAN's roadmap."""
    return built_once("roadmap-asean", lambda: build_roadmap(full_warehouse, "ASEAN", as_of=AS_OF))


@pytest.fixture(scope="session")
def mercosur_roadmap(full_warehouse: Warehouse) -> Roadmap:
    """MERCOSUR's roadmap (no projected health-workforce shortage)."""
    return built_once(
        "roadmap-mercosur", lambda: build_roadmap(full_warehouse, "MERCOSUR", as_of=AS_OF)
    )


@pytest.fixture(scope="session")
def world_map(full_warehouse: Warehouse, mirror: Path) -> tuple[dict[str, Any], pd.DataFrame]:
    """The world-atlas topology (read from the mirror) and the feature → ISO3 table."""
    (resource,) = [
        r for r in get_dataset("world-atlas").resources if r.name == "countries-110m.json"
    ]
    topology = json.loads((mirror / resource.mirror_path).read_text(encoding="utf-8"))
    shapes = full_warehouse.query(
        "SELECT feature_id, country_iso3 FROM geo_shape WHERE resolution = '110m'"
    )
    return topology, shapes
