"""Latest values of the framework's indicators per country, with the year and source of each.

A value counts for reference year Y when it was observed in Y or in the indicator's window of
years before it; the newest such value is used. Missing stays missing (NaN), never zero.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from southsouth.indicators.framework import Framework, FrameworkIndicator
from southsouth.warehouse.store import Warehouse

LATEST_COLUMNS = [
    "country_iso3",
    "indicator",
    "pillar",
    "source",
    "value",
    "year",
    "flag",
    "source_id",
    "publisher",
    "licence",
    "vintage",
]


def latest_values(
    wh: Warehouse,
    framework: Framework,
    countries: Sequence[str],
    year: int,
    *,
    include_context: bool = True,
) -> pd.DataFrame:
    """One row per country × framework indicator: the newest value within the window.

    Rows exist for every pair asked for; ``value`` is NaN where nothing was observed.
    """
    specs = [*framework.indicators, *(framework.context if include_context else ())]
    earliest: dict[str, int] = {}
    for spec in specs:
        earliest[spec.source] = min(earliest.get(spec.source, year), year - spec.window)
    observed = wh.query(
        """
        WITH w AS (SELECT unnest(?) AS source, unnest(?) AS earliest)
        SELECT o.country_iso3, o.indicator AS source, o.year, o.value, o.flag, o.source_id,
               s.publisher, s.licence, s.vintage
        FROM observation o JOIN dataset_status s ON s.dataset_id = o.source_id
        JOIN w ON w.source = o.indicator AND o.year >= w.earliest
        WHERE o.country_iso3 IN (SELECT unnest(?)) AND o.year <= ? AND o.value IS NOT NULL
        """,
        [list(earliest), list(earliest.values()), list(countries), year],
    )
    by_source = {str(k): v for k, v in observed.groupby("source", sort=False)}
    frames = []
    for spec in specs:
        rows = by_source.get(spec.source, observed.iloc[:0])
        rows = rows[rows["year"] >= year - spec.window]
        newest = rows.sort_values("year").groupby("country_iso3").tail(1)
        grid = pd.DataFrame({"country_iso3": list(countries)}).merge(
            newest, on="country_iso3", how="left"
        )
        grid["indicator"] = spec.id
        grid["pillar"] = spec.pillar
        grid["source"] = spec.source
        frames.append(grid)
    if not frames:
        return pd.DataFrame(columns=LATEST_COLUMNS)
    out = pd.concat(frames, ignore_index=True)[LATEST_COLUMNS]
    out["year"] = out["year"].astype("Int64")
    return out


def wide(latest: pd.DataFrame, indicators: Sequence[FrameworkIndicator]) -> pd.DataFrame:
    """Country × indicator matrix (columns in framework order) from :func:`latest_values`."""
    table = latest.pivot(index="country_iso3", columns="indicator", values="value")
    return table.reindex(columns=[i.id for i in indicators]).astype(float)


def history(wh: Warehouse, source: str, country: str, *, since: int, until: int) -> pd.DataFrame:
    """Observed (year, value) of one series for one country between two years."""
    return wh.query(
        """
        SELECT year, value FROM observation
        WHERE indicator = ? AND country_iso3 = ? AND year BETWEEN ? AND ? AND value IS NOT NULL
        ORDER BY year
        """,
        [source, country, since, until],
    )
