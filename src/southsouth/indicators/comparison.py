"""Blocs side by side: each framework indicator aggregated over each bloc, with its light."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from southsouth.indicators.aggregates import aggregate_indicator
from southsouth.indicators.dashboard import LightThresholds, traffic_light
from southsouth.indicators.framework import Framework, load_framework
from southsouth.jsonable import records
from southsouth.registry.groups import resolve_groups
from southsouth.registry.membership import membership_year
from southsouth.warehouse.store import Warehouse


@dataclass(frozen=True)
class Comparison:
    """One row per bloc × indicator: aggregate value, coverage, light and note."""

    year: int
    framework: str
    rows: pd.DataFrame
    #: The datasets behind the values, sorted.
    dataset_ids: tuple[str, ...] = ()

    def wide(self) -> pd.DataFrame:
        """Indicators down, blocs across (values)."""
        return self.rows.pivot_table(
            index=["pillar", "indicator"], columns="group", values="value", sort=False
        )

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready rows."""
        return {"year": self.year, "framework": self.framework, "rows": records(self.rows)}


def compare_groups(
    wh: Warehouse,
    groups: list[str],
    *,
    year: int | None = None,
    framework: Framework | None = None,
) -> Comparison:
    """Aggregate every framework indicator over each group (latest values in its window)."""
    framework = framework or load_framework()
    year = year or date.today().year
    resolved = resolve_groups(wh, groups, year=membership_year(year))
    rows = []
    cited: set[str] = set()
    for spec in (*framework.indicators, *framework.context):
        for group in resolved:
            result = aggregate_indicator(
                wh, spec.source, group.entity, year, window=spec.window, kind=spec.kind
            )
            light = None
            if (
                result.value is not None
                and spec.green is not None
                and spec.red is not None
                and spec.direction
            ):
                light = traffic_light(
                    result.value, LightThresholds(spec.green, spec.red), spec.direction
                )
            cited.update(s.dataset_id for s in result.sources)
            rows.append(
                {
                    "pillar": spec.pillar or "context",
                    "indicator": spec.id,
                    "name": spec.name,
                    "group": group.entity,
                    "value": result.value,
                    "unit": spec.unit,
                    "kind": result.kind,
                    "light": light,
                    "coverage": result.coverage,
                    "population_coverage": result.population_coverage,
                    "n_with_data": result.n_with_data,
                    "n_members": result.n_members,
                    "note": result.note,
                    "sources": "; ".join(f"{s.dataset_id} ({s.licence})" for s in result.sources),
                }
            )
    return Comparison(
        year, f"{framework.id} {framework.version}", pd.DataFrame(rows), tuple(sorted(cited))
    )
