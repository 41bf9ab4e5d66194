"""KPI progress of tracker commitments, measured with the indicators package.

The tracker (:func:`southsouth.tracker.scoring.kpi_progress`) turns a KPI-linked commitment
and observation rows into each actor's progress with the measure it is given, and reads no
indicator data itself. This floor, above both packages, gives it the UNSD/ESCAP progress
measure and score statuses of :mod:`southsouth.indicators.dashboard` and what the pillar
framework knows of a KPI's indicator: the warehouse series behind a framework id (roadmap
KPIs name framework indicators) and which way is better.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from southsouth.indicators.dashboard import direction_sign, progress_measure, status_from_score
from southsouth.indicators.framework import load_framework
from southsouth.tracker.scoring import kpi_progress

if TYPE_CHECKING:
    import pandas as pd

    from southsouth.indicators.framework import Framework
    from southsouth.tracker import Commitment, KpiProgress


def framework_series(indicator: str, framework: Framework | None = None) -> str:
    """The warehouse series behind ``indicator``: a framework id (as the roadmap's KPIs use,
    e.g. ``health_worker_density``) maps to its source series; anything else is unchanged."""
    chosen = framework or load_framework()
    for item in (*chosen.indicators, *chosen.context):
        if item.id == indicator:
            return item.source
    return indicator


def framework_direction(indicator: str, framework: Framework | None = None) -> int | None:
    """The pillar framework's direction (+1 / −1) for ``indicator`` (framework id or series)."""
    chosen = framework or load_framework()
    for item in (*chosen.indicators, *chosen.context):
        if indicator in (item.source, item.id) and item.direction != 0:
            return item.direction
    return None


def unsd_kpi_progress(
    commitment: Commitment,
    observations: pd.DataFrame,
    *,
    direction: str | int | None = None,
    framework: Framework | None = None,
) -> KpiProgress:
    """UNSD/ESCAP progress of each country actor of ``commitment`` from ``observations``
    (country_iso3, year, value rows of its KPI's indicator). When the KPI states no
    direction, ``direction`` (``higher``/``lower`` or ±1) is used, else the framework's
    direction for the KPI's indicator, else the KPI's baseline → target."""
    kpi, way = commitment.kpi, None
    if kpi is not None and kpi.direction is None:
        if direction is None:
            direction = framework_direction(kpi.indicator, framework)
        if direction is not None:
            way = "higher" if direction_sign(direction) > 0 else "lower"
    return kpi_progress(
        commitment, observations, measure=progress_measure, rating=status_from_score, direction=way
    )
