"""References of KPI targets: the frontier rate by hand, and the references read from the mirror."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from southsouth.indicators.framework import load_framework
from southsouth.roadmap.references import (
    MIN_COUNTRIES,
    Frontier,
    References,
    frontier_rate,
)
from southsouth.warehouse.store import Warehouse


def _panel(changes: list[float], *, first: int = 2010, span: int = 10) -> pd.DataFrame:
    rows = []
    for n, change in enumerate(changes):
        code = f"C{n:02d}"
        rows += [(code, first, 10.0), (code, first + span, 10.0 + change * span)]
    return pd.DataFrame(rows, columns=["country_iso3", "year", "value"])


def test_frontier_rate_is_the_90th_percentile_of_ten_year_changes() -> None:
    changes = [float(x) for x in range(MIN_COUNTRIES + 1)]  # 0, 1, …, 20 a year
    found = frontier_rate(_panel(changes), sign=1)
    assert found is not None
    assert found.span == 10 and found.countries == len(changes)
    assert found.rate == pytest.approx(np.quantile(changes, 0.9))  # 18.0
    # for an indicator where lower is better, improvement is the fall
    falling = frontier_rate(_panel([-c for c in changes]), sign=-1)
    assert falling is not None and falling.rate == pytest.approx(18.0)


def test_frontier_rate_needs_enough_countries_and_years() -> None:
    assert frontier_rate(_panel([1.0] * (MIN_COUNTRIES - 1)), sign=1) is None
    assert frontier_rate(_panel([1.0] * MIN_COUNTRIES, span=4), sign=1) is None  # < 5 years
    shorter = frontier_rate(_panel([1.0] * MIN_COUNTRIES, span=7), sign=1)
    assert shorter is not None and shorter.span == 7 and shorter.rate == pytest.approx(1.0)


def test_frontier_limits() -> None:
    assert Frontier(0.5, 10, 30).limit(2.0, 6, 1) == pytest.approx(5.0)
    assert Frontier(0.5, 10, 30).limit(9.0, 6, -1) == pytest.approx(6.0)
    # rivalries: half of the stock ends every ten years
    assert Frontier(0.5, 10, 30, relative=True).limit(40.0, 20, -1) == pytest.approx(10.0)


def test_references_from_the_mirror(full_warehouse: Warehouse) -> None:
    refs = References(full_warehouse)
    framework = load_framework()
    spec = {i.id: i for i in (*framework.indicators, *framework.context)}
    peace = refs.of(spec["peacekeeping_contribution"])
    assert peace.pool is not None and peace.pool.year == 2020
    # UN DPO monthly averages summed over contributors: 82,481 in 2020 (the mirror's file)
    assert peace.pool.total == pytest.approx(82_481, rel=0.01)
    assert peace.pool.largest_country == "BGD"
    pharma = refs.of(spec["pharma_exports"])
    assert pharma.frontier is None  # one vintage (2017)
    assert pharma.pool is not None and pharma.pool.largest_country == "DEU"
    health = refs.of(spec["health_worker_density"])
    assert health.best_country == "FIN" and health.frontier is not None
    assert 0.1 < health.frontier.rate < 1.0  # per 1,000 people a year
    rivalry = refs.of(spec["strategic_rivalries"])
    assert rivalry.frontier is not None and rivalry.frontier.relative
    assert rivalry.frontier.since is not None and rivalry.frontier.since >= 1946
