"""The status quo of a KPI's scope: its observed yearly values and where the trend leads.

* **observed** — the scope's aggregate in each year from :data:`TREND_START` to the
  planning year over today's members (one panel, so joining and leaving members do not
  move the trend), computed like every group aggregate: members' values of that year,
  weighted by that year's population (WDI, else UN WPP) for rates, nothing below the
  coverage rules;
* **projection** — the linear annual change between the first and the latest observed
  aggregate (the SDR endpoints method), extrapolated from the latest one and kept within
  the indicator's goalposts. Health-worker density follows the health-workforce model's
  baseline projection instead (supply over population, each country on its own trend),
  continued after the model's last year at its last five years' annual change.

A KPI whose data has one vintage only (GCI 2024, exports of 2017) has no
projection, and says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from southsouth.errors import InputError
from southsouth.gaps.health_workforce import SDG_CADRE
from southsouth.indicators.aggregates import POPULATION_INDICATORS, aggregate, pick_population
from southsouth.indicators.dashboard import direction_sign, trend
from southsouth.indicators.framework import FrameworkIndicator
from southsouth.roadmap.evidence import GroupEvidence
from southsouth.roadmap.kpis import spec_of
from southsouth.warehouse.store import Warehouse

TREND_START = 2015
HEALTH_KPI = "health_worker_density"
#: Years of the health model's end the projection continues from, after the model stops.
HEALTH_TAIL = 5


@dataclass(frozen=True)
class StatusQuo:
    """Observed aggregates and the projected path of one indicator over one scope."""

    observed: dict[int, float]
    projected: dict[int, float]
    method: str

    def at(self, year: int) -> float | None:
        """The projected value in ``year`` (the observed one for past years), or None."""
        if year in self.projected:
            return self.projected[year]
        return self.observed.get(year)

    @property
    def projectable(self) -> bool:
        """Whether the scope has a projection."""
        return bool(self.projected)


def bounded(value: float, spec: FrameworkIndicator) -> float:
    """``value`` kept within the indicator's goalposts (at least 0 without goalposts)."""
    if spec.goalposts is None:
        return max(value, 0.0)
    low, high = sorted((spec.goalposts.worst, spec.goalposts.best))
    return min(max(value, low), high)


@dataclass
class StatusQuoBook:
    """Status-quo projections for one roadmap, computed once per (indicator, scope)."""

    wh: Warehouse
    ev: GroupEvidence
    horizon: int
    _cache: dict[tuple[str, tuple[str, ...] | None], StatusQuo] = field(default_factory=dict)
    _population: dict[int, pd.Series] | None = None

    def of(self, spec: FrameworkIndicator, countries: Sequence[str] | None = None) -> StatusQuo:
        """The status quo of ``spec`` over ``countries`` (None: the whole group)."""
        scope = None if countries is None else tuple(sorted(set(countries)))
        if scope is not None and set(scope) == set(self.ev.iso3):
            scope = None
        key = (spec.id, scope)
        if key not in self._cache:
            self._cache[key] = self._project(spec, scope)
        return self._cache[key]

    def _project(self, spec: FrameworkIndicator, scope: tuple[str, ...] | None) -> StatusQuo:
        if spec.id == HEALTH_KPI and self.ev.health is not None:
            return self._health(scope)
        observed = self._observed(spec, scope)
        if len(observed) < 2 or spec.trend_target is None:
            return StatusQuo(
                observed,
                {},
                f"not projectable: fewer than two yearly aggregates since {TREND_START} "
                "(one data vintage)",
            )
        series = pd.Series(observed, dtype=float)
        found = trend(series, spec.trend_target, spec.direction, start=TREND_START)
        if found.observed_gain is None or found.last_year is None:
            return StatusQuo(observed, {}, "not projectable: no trend")
        slope = found.observed_gain * direction_sign(spec.direction)
        last = float(series[found.last_year])
        projected = {
            y: bounded(last + slope * (y - found.last_year), spec)
            for y in range(found.last_year, self.horizon + 1)
        }
        return StatusQuo(
            observed,
            projected,
            f"linear trend of the aggregate {found.first_year}–{found.last_year} "
            f"({slope:+.3g} {spec.unit} a year), within the goalposts",
        )

    def _observed(
        self, spec: FrameworkIndicator, scope: tuple[str, ...] | None
    ) -> dict[int, float]:
        """The scope's aggregate in each year, today's members throughout (one panel)."""
        members = list(scope) if scope is not None else self.ev.iso3
        years = list(range(TREND_START, self.ev.year + 1))
        data = self.wh.query(
            "SELECT country_iso3, year, value FROM observation WHERE indicator = ? "
            "AND year BETWEEN ? AND ? AND country_iso3 IN (SELECT unnest(?)) "
            "AND value IS NOT NULL",
            [spec.source, years[0], years[-1], members],
        )
        if data.empty:
            return {}
        by_year = self._weights(members)
        values: dict[int, float] = {}
        for year in years:
            rows = data[data["year"] == year]
            if rows.empty:
                continue
            weights = by_year.get(year, pd.Series(dtype=float))
            try:
                result = aggregate(
                    rows.set_index("country_iso3")["value"].astype(float),
                    weights if spec.kind == "rate" else None,
                    spec.kind,  # type: ignore[arg-type]
                    members,
                )
            except InputError:
                continue
            if result.value is not None:
                values[year] = float(result.value)
        return values

    def _weights(self, members: list[str]) -> dict[int, pd.Series]:
        """Population weights by year (WDI, else UN WPP) of the group's members, read once;
        a scope reaching beyond the group is read on its own."""
        if self._population is not None and set(members) <= set(self.ev.iso3):
            return self._population
        years = (TREND_START, self.ev.year)
        outside = not set(members) <= set(self.ev.iso3)
        asked = sorted(set(members) | set(self.ev.iso3))
        rows = self.wh.query(
            "SELECT indicator, country_iso3, year, value FROM observation "
            "WHERE indicator IN (SELECT unnest(?)) AND year BETWEEN ? AND ? "
            "AND country_iso3 IN (SELECT unnest(?)) AND value IS NOT NULL",
            [list(POPULATION_INDICATORS), *years, asked],
        )
        weights = {}
        for year, here in rows.groupby("year"):
            weights[int(year)], _ = pick_population(
                *(
                    here[here["indicator"] == name].set_index("country_iso3")["value"]
                    for name in POPULATION_INDICATORS
                ),
                POPULATION_INDICATORS,  # type: ignore[arg-type]
            )
        if not outside:
            self._population = weights
        return weights

    def _health(self, scope: tuple[str, ...] | None) -> StatusQuo:
        assert self.ev.health is not None
        if scope is None:
            rows = self.ev.health_rows()
            series = {
                int(y): float(r["supply"] / r["population"] * 1000)
                for y, r in rows.iterrows()
                if r["population"] > 0
            }
            who = "members with data"
        else:
            countries = self.ev.health.countries
            mine = countries[
                countries["country_iso3"].isin(scope) & (countries["cadre"] == SDG_CADRE.id)
            ]
            sums = mine.groupby("year")[["supply", "population"]].sum(min_count=1)
            series = {
                int(y): float(r["supply"] / r["population"] * 1000)
                for y, r in sums.iterrows()
                if r["population"] > 0
            }
            who = f"{len(scope)} members"
        cut = self.ev.as_of.year
        method = (
            f"health-workforce model, baseline projection ({who}; each country on its own trend)"
        )
        if series:
            last = max(series)
            first = max(min(series), last - HEALTH_TAIL)
            if last > first and last < self.horizon:
                slope = (series[last] - series[first]) / (last - first)
                spec = spec_of(self.ev, HEALTH_KPI)
                for year in range(last + 1, self.horizon + 1):
                    series[year] = bounded(series[last] + slope * (year - last), spec)
                method += f", continued after {last} at its {first}–{last} annual change"
        return StatusQuo(
            {y: v for y, v in series.items() if y < cut},
            {y: v for y, v in series.items() if cut <= y <= self.horizon},
            method,
        )
