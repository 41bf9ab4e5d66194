"""A country's profile: every pillar's indicators with value, year, source, light and trend."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from southsouth.indicators.dashboard import LightThresholds, traffic_light, trend
from southsouth.indicators.framework import Framework, FrameworkIndicator, load_framework
from southsouth.indicators.matrix import history, latest_values
from southsouth.jsonable import records
from southsouth.registry import resolve_country
from southsouth.warehouse.store import Warehouse

TREND_START = 2015


@dataclass(frozen=True)
class Profile:
    """One country's evidence across the pillars and the bottleneck context."""

    iso3: str
    name: str
    year: int
    framework: str
    entries: pd.DataFrame
    not_measured: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def pillar(self, pillar_id: str) -> pd.DataFrame:
        """The entries of one pillar."""
        return self.entries[self.entries["pillar"] == pillar_id]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: entries grouped by pillar, then context."""
        return {
            "iso3": self.iso3,
            "name": self.name,
            "year": self.year,
            "framework": self.framework,
            "pillars": [
                {
                    "pillar": pillar,
                    "not_measured": list(self.not_measured.get(pillar, ())),
                    "indicators": records(self.pillar(pillar).drop(columns=["pillar"])),
                }
                for pillar in self.not_measured
            ],
            "context": records(
                self.entries[self.entries["pillar"].isna()].drop(columns=["pillar"])
            ),
        }


def goalpost_score(spec: FrameworkIndicator, value: float) -> float | None:
    """Value rescaled 0–100 between the indicator's worst and best goalposts (clipped)."""
    if spec.goalposts is None or spec.direction == 0:
        return None
    worst, best = spec.goalposts.worst, spec.goalposts.best
    return float(min(max((value - worst) / (best - worst), 0.0), 1.0) * 100)


def _light(spec: FrameworkIndicator, value: float) -> str | None:
    if spec.green is None or spec.red is None or spec.direction == 0:
        return None
    return traffic_light(value, LightThresholds(spec.green, spec.red), spec.direction)


def _trend(wh: Warehouse, spec: FrameworkIndicator, iso3: str, year: int, target_year: int) -> dict:
    target = spec.trend_target
    if target is None or spec.direction == 0:
        return {"trend": None, "trend_ratio": None, "trend_years": None}
    series = history(wh, spec.source, iso3, since=TREND_START, until=year)
    result = trend(
        series.set_index("year")["value"], target, spec.direction, target_year=target_year
    )
    years = f"{result.first_year}–{result.last_year}" if result.first_year is not None else None
    return {"trend": result.label, "trend_ratio": result.ratio, "trend_years": years}


def country_profile(
    wh: Warehouse,
    country: str,
    *,
    year: int | None = None,
    framework: Framework | None = None,
) -> Profile:
    """Latest value (within each indicator's window) of every framework indicator for a country.

    Missing values are reported as missing (``status = 'missing'``), never as zero.
    """
    framework = framework or load_framework()
    iso3 = resolve_country(wh, country)
    year = year or date.today().year
    name = wh.query("SELECT name FROM country WHERE iso3 = ?", [iso3])["name"].iloc[0]
    latest = latest_values(wh, framework, [iso3], year).set_index("indicator")
    rows = []
    for spec in (*framework.indicators, *framework.context):
        row = latest.loc[spec.id]
        value = row["value"]
        present = pd.notna(value)
        rows.append(
            {
                "pillar": spec.pillar,
                "indicator": spec.id,
                "name": spec.name,
                "value": float(value) if present else None,
                "unit": spec.unit,
                "year": int(row["year"]) if present else None,
                "status": "observed" if present else "missing",
                "score": goalpost_score(spec, float(value)) if present else None,
                "light": _light(spec, float(value)) if present else None,
                **(
                    _trend(wh, spec, iso3, year, framework.target_year)
                    if present
                    else {"trend": None, "trend_ratio": None, "trend_years": None}
                ),
                "scored": spec.scored,
                "flag": row["flag"] if present and pd.notna(row["flag"]) else None,
                "source": spec.source,
                "dataset": row["source_id"] if present else None,
                "publisher": row["publisher"] if present else None,
                "licence": row["licence"] if present else None,
                "vintage": row["vintage"] if present else None,
                "note": None if present else f"no value between {year - spec.window} and {year}",
                "basis": spec.basis,
            }
        )
    return Profile(
        iso3=iso3,
        name=str(name),
        year=year,
        framework=f"{framework.id} {framework.version}",
        entries=pd.DataFrame(rows),
        not_measured={p.id: p.not_measured for p in framework.pillars},
    )
