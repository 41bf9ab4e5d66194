"""Status quo against roadmap for the key group-level KPIs.

* **status quo** — the observed trend continues: the group aggregate's linear annual change
  from 2015 to its latest value (SDR endpoints method), extrapolated and kept within the
  indicator's goalposts; for health-worker density, the health-workforce model's own
  baseline projection (supply over population, each country on its own trend). A KPI whose
  data is one vintage only (e.g. GCI 2020, routes of 2014) has no status-quo projection and
  says so.
* **roadmap** — the KPI's linear path from its baseline to its target in its target year,
  held at the target after, and never worse than the status quo where the trend is ahead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from southsouth.errors import InputError
from southsouth.indicators.aggregates import aggregate_indicator
from southsouth.indicators.dashboard import direction_sign, trend
from southsouth.jsonable import records
from southsouth.roadmap.evidence import GroupEvidence
from southsouth.roadmap.kpis import spec_of
from southsouth.roadmap.model import Kpi, Plan
from southsouth.warehouse.store import Warehouse

TREND_START = 2015
HEALTH_KPI = "health_worker_density"


@dataclass(frozen=True)
class Scenarios:
    """Yearly values by KPI and scenario, and a summary at each KPI's target year."""

    rows: pd.DataFrame
    summary: pd.DataFrame
    notes: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "rows": records(self.rows),
            "summary": records(self.summary),
            "notes": list(self.notes),
        }


def _group_kpis(plan: Plan) -> dict[str, tuple[str, Kpi]]:
    """Group-level KPIs by indicator (the first initiative that sets one wins)."""
    chosen: dict[str, tuple[str, Kpi]] = {}
    for item in plan.scheduled:
        for kpi in item.initiative.kpis:
            if "(group aggregate)" in kpi.scope and kpi.indicator not in chosen:
                chosen[kpi.indicator] = (item.initiative.id, kpi)
    return chosen


def _group_series(wh: Warehouse, ev: GroupEvidence, indicator: str) -> pd.Series:
    spec = spec_of(ev, indicator)
    values = {}
    for year in range(TREND_START, ev.year + 1):
        try:
            result = aggregate_indicator(
                wh,
                spec.source,
                ev.group,
                year,
                kind=spec.kind,
                today=ev.as_of,  # type: ignore[arg-type]
            )
        except InputError:
            continue
        if result.value is not None:
            values[year] = result.value
    return pd.Series(values, dtype=float)


def _bounded(value: float, ev: GroupEvidence, indicator: str) -> float:
    spec = spec_of(ev, indicator)
    if spec.goalposts is None:
        return max(value, 0.0)
    low, high = sorted((spec.goalposts.worst, spec.goalposts.best))
    return min(max(value, low), high)


def _roadmap_path(kpi: Kpi, years: range) -> dict[int, float]:
    path = dict(kpi.path)
    return {y: path.get(y, kpi.target if y > kpi.target_year else kpi.baseline) for y in years}


def compare_scenarios(wh: Warehouse, ev: GroupEvidence, plan: Plan) -> Scenarios:
    """Status quo and roadmap paths for every group-level KPI the plan sets."""
    rows: list[dict[str, Any]] = []
    summary: list[dict[str, Any]] = []
    notes: list[str] = []
    for indicator, (initiative, kpi) in _group_kpis(plan).items():
        years = range(kpi.baseline_year, plan.horizon + 1)
        spec = spec_of(ev, indicator)
        status: dict[int, float] = {}
        method = ""
        if indicator == HEALTH_KPI and ev.health is not None:
            mine = ev.health_rows()
            status = {
                int(y): float(r["supply"] / r["population"] * 1000)
                for y, r in mine.iterrows()
                if r["population"] > 0
            }
            method = "health-workforce model, baseline projection (members with data)"
        else:
            series = _group_series(wh, ev, indicator)
            if len(series) >= 2 and spec.trend_target is not None:
                found = trend(series, spec.trend_target, spec.direction, start=TREND_START)
                if found.observed_gain is not None and found.last_year is not None:
                    slope = found.observed_gain * direction_sign(spec.direction)
                    last = float(series[found.last_year])
                    status = {
                        y: _bounded(last + slope * (y - found.last_year), ev, indicator)
                        for y in range(found.last_year, plan.horizon + 1)
                    }
                    method = (
                        f"linear trend of the group aggregate {found.first_year}–{found.last_year}"
                    )
            if not status:
                notes.append(
                    f"{spec.name}: no status-quo projection — fewer than two yearly group "
                    f"aggregates since {TREND_START} (one data vintage)"
                )
        road = _roadmap_path(kpi, years)
        better = max if kpi.direction > 0 else min
        ahead = [y for y in road if y in status and better(status[y], road[y]) != road[y]]
        if ahead:
            # The roadmap does not plan to do worse than the trend it starts from.
            road = {y: better(v, status.get(y, v)) for y, v in road.items()}
            notes.append(
                f"{spec.name}: the status-quo trend passes the roadmap path from {min(ahead)}; "
                "the roadmap line follows the trend there (the KPI target is a floor)"
            )
        for year, value in road.items():
            rows.append(_row(spec.id, spec.name, spec.unit, "roadmap", year, value))
        for year, value in sorted(status.items()):
            if year <= plan.horizon:
                rows.append(_row(spec.id, spec.name, spec.unit, "status quo", year, value))
        at = kpi.target_year
        summary.append(
            {
                "indicator": spec.id,
                "name": spec.name,
                "unit": spec.unit,
                "initiative": initiative,
                "baseline": kpi.baseline,
                "baseline_year": kpi.baseline_year,
                "target": kpi.target,
                "target_year": at,
                "status_quo_at_target_year": status.get(at),
                "roadmap_at_target_year": road.get(at),
                "status_quo_method": method or "not projectable",
            }
        )
    return Scenarios(pd.DataFrame(rows), pd.DataFrame(summary), tuple(notes))


def _row(
    indicator: str, name: str, unit: str, scenario: str, year: int, value: float
) -> dict[str, Any]:
    return {
        "indicator": indicator,
        "name": name,
        "unit": unit,
        "scenario": scenario,
        "year": int(year),
        "value": float(value),
    }
