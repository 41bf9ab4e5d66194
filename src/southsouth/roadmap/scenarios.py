"""Observed, status quo and roadmap for the key group-level KPIs.

* **observed** — the group aggregate in each year up to the planning year (never planned);
* **status quo** — the trend of :mod:`southsouth.roadmap.status_quo` (the same projection the
  plan checks read); a KPI whose data is one vintage only has none and says so;
* **roadmap** — from the planning year, the KPI's calibrated path to its target, then held
  at the target — never below the status quo, and never dropping: where the status quo
  ends (the health model stops in 2040) the roadmap keeps its last value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from southsouth.jsonable import records
from southsouth.roadmap.evidence import GroupEvidence
from southsouth.roadmap.kpis import spec_of
from southsouth.roadmap.model import Kpi, Plan
from southsouth.roadmap.status_quo import StatusQuo, StatusQuoBook


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
            if not kpi.members and kpi.indicator not in chosen:
                chosen[kpi.indicator] = (item.initiative.id, kpi)
    return chosen


def roadmap_path(kpi: Kpi, status: StatusQuo, start: int, horizon: int) -> dict[int, float]:
    """The roadmap line from ``start`` to ``horizon``: the KPI's path, then held; never behind
    the status quo and never dropping once the status quo ends."""
    path = dict(kpi.path)
    better = max if kpi.direction > 0 else min
    line: dict[int, float] = {}
    last: float | None = None
    for year in range(start, horizon + 1):
        if year in path:
            value = path[year]
        elif year > kpi.target_year:
            value = kpi.target if last is None else better(last, kpi.target)
        else:
            continue
        trend = status.at(year)
        if trend is not None:
            value = better(value, trend)
        elif last is not None:
            value = better(value, last)
        line[year] = value
        last = value
    return line


def compare_scenarios(ev: GroupEvidence, plan: Plan, book: StatusQuoBook) -> Scenarios:
    """Observed, status quo and roadmap for every group-level KPI the plan sets."""
    rows: list[dict[str, Any]] = []
    summary: list[dict[str, Any]] = []
    notes: list[str] = []
    start = plan.as_of.year
    for indicator, (initiative, kpi) in _group_kpis(plan).items():
        spec = spec_of(ev, indicator)
        status = book.of(spec)
        if not status.projectable:
            notes.append(f"{spec.name}: no status-quo projection — {status.method}")
        road = roadmap_path(kpi, status, start, plan.horizon)
        for year, value in sorted(status.observed.items()):
            if year <= start:
                rows.append(_row(spec.id, spec.name, spec.unit, "observed", year, value))
        for year, value in sorted(status.projected.items()):
            if start <= year <= plan.horizon:
                rows.append(_row(spec.id, spec.name, spec.unit, "status quo", year, value))
        for year, value in road.items():
            rows.append(_row(spec.id, spec.name, spec.unit, "roadmap", year, value))
        at = kpi.target_year
        summary.append(
            {
                "indicator": spec.id,
                "name": spec.name,
                "unit": spec.unit,
                "initiative": initiative,
                "scope": kpi.scope,
                "baseline": kpi.baseline,
                "baseline_year": kpi.baseline_year,
                "target": kpi.target,
                "target_year": at,
                "status": kpi.status,
                "caveat": kpi.caveat,
                "status_quo_at_target_year": status.at(at),
                "roadmap_at_target_year": road.get(at),
                "status_quo_method": status.method,
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
