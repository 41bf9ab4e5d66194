"""Screening: which indicators and units have enough data to enter the index, and why not."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from southsouth.errors import InputError
from southsouth.index.spec import IndexSpec

DROPPED_COLUMNS = ["kind", "id", "pillar", "coverage", "threshold", "reason"]


@dataclass(frozen=True)
class Screening:
    """What survived screening (``data``, ``spec``), what was dropped and why (``dropped``:
    one row per indicator or unit), and every unit's coverage (``coverage``: share of the kept
    indicators with data, overall and per pillar, plus ``kept``)."""

    data: pd.DataFrame
    spec: IndexSpec
    dropped: pd.DataFrame
    coverage: pd.DataFrame


def _varies(column: pd.Series) -> bool:
    return column.dropna().nunique() >= 2


def _row(
    kind: str, id_: str, pillar: str | None, coverage: float, threshold: float, reason: str
) -> dict[str, object]:
    return dict(zip(DROPPED_COLUMNS, (kind, id_, pillar, coverage, threshold, reason), strict=True))


def screen(
    data: pd.DataFrame,
    spec: IndexSpec,
    *,
    indicator_min: float = 0.65,
    unit_min: float = 0.65,
    unit_min_pillar: float | None = None,
    force_include: Sequence[str] = (),
    force_exclude: Sequence[str] = (),
) -> Screening:
    """Drop, in this order: units in ``force_exclude``; indicators observed for fewer than
    ``indicator_min`` of the units or with fewer than two distinct values; units observed on
    fewer than ``unit_min`` of the remaining indicators (or, if ``unit_min_pillar`` is set,
    of any pillar's indicators) unless in ``force_include``; finally indicators left with
    fewer than two distinct values among the kept units. ``data`` holds the spec's columns."""
    units = [str(u) for u in data.index]
    unknown = [u for u in (*force_include, *force_exclude) if u not in units]
    if unknown:
        raise InputError(
            f"forced units not in the data: {', '.join(unknown)}",
            hint="force_include/force_exclude name rows of the data (e.g. ISO3 codes)",
        )
    frame = data.set_axis(units, axis=0)
    rows: list[dict[str, object]] = []
    for unit in force_exclude:
        rows.append(_row("unit", unit, None, np.nan, np.nan, "excluded by request"))
    frame = frame.drop(index=list(force_exclude))

    observed = frame.notna()
    for indicator in spec.ids:
        share = float(observed[indicator].mean())
        reason = None
        if share < indicator_min:
            reason = f"data for {share:.0%} of units, below {indicator_min:.0%}"
        elif not _varies(frame[indicator]):
            reason = "fewer than two distinct values"
        if reason:
            pillar = spec.pillar_of(indicator)
            rows.append(_row("indicator", indicator, pillar, share, indicator_min, reason))
    thin = {r["id"] for r in rows if r["kind"] == "indicator"}
    kept_indicators = [i for i in spec.ids if i not in thin]
    if not kept_indicators:
        raise InputError(
            "no indicator passes the coverage screen",
            hint=f"lower indicator_min (now {indicator_min:.0%}) or add data",
        )
    kept_spec = spec.subset(kept_indicators)
    observed = observed[kept_indicators]
    coverage = pd.DataFrame({"overall": observed.mean(axis=1)})
    for pillar in kept_spec.pillars:
        members = [i.id for i in kept_spec.indicators if i.pillar == pillar]
        coverage[pillar] = observed[members].mean(axis=1)

    keep_unit = pd.Series(True, index=coverage.index)
    for unit, row in coverage.iterrows():
        reason, share, threshold, pillar = None, float(row["overall"]), unit_min, None
        if share < unit_min:
            reason = f"data for {share:.0%} of indicators, below {unit_min:.0%}"
        elif unit_min_pillar is not None:
            for p in kept_spec.pillars:
                if float(row[p]) < unit_min_pillar:
                    share, threshold, pillar = float(row[p]), unit_min_pillar, p
                    reason = f"data for {share:.0%} of {p} indicators, below {threshold:.0%}"
                    break
        if reason is None:
            continue
        if unit in force_include:
            reason = f"kept by request despite {reason}"
        else:
            keep_unit[unit] = False
        rows.append(_row("unit", str(unit), pillar, share, threshold, reason))

    frame = frame.loc[keep_unit[keep_unit].index, kept_indicators]
    if frame.shape[0] < 2:
        raise InputError(
            f"only {frame.shape[0]} unit(s) pass the coverage screen; an index needs two",
            hint=f"lower unit_min (now {unit_min:.0%}) or add data",
        )
    late = [i for i in kept_indicators if not _varies(frame[i])]
    for indicator in late:
        rows.append(
            _row(
                "indicator",
                indicator,
                kept_spec.pillar_of(indicator),
                float(frame[indicator].notna().mean()),
                indicator_min,
                "fewer than two distinct values among the units kept",
            )
        )
    if late:
        kept_indicators = [i for i in kept_indicators if i not in late]
        if not kept_indicators:
            raise InputError("no indicator varies across the units kept", hint="add data or units")
        kept_spec = kept_spec.subset(kept_indicators)
        frame = frame[kept_indicators]
    coverage["kept"] = keep_unit
    dropped = pd.DataFrame(rows, columns=DROPPED_COLUMNS)
    return Screening(data=frame, spec=kept_spec, dropped=dropped, coverage=coverage)
