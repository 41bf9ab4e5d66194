"""Reading single rows back from a warehouse that tests have synced."""

from __future__ import annotations

import pandas as pd

from southsouth.warehouse.store import Warehouse


def observed_row(
    wh: Warehouse, key: str, indicator: str, year: int, table: str = "observation"
) -> pd.Series:
    """The one row of ``indicator`` in ``year`` for ``key`` (an ISO3 code, or a region name
    when ``table`` is ``region_observation``); fails unless there is exactly one."""
    column = "country_iso3" if table == "observation" else "region"
    rows = wh.query(
        f"SELECT * FROM {table} WHERE {column} = ? AND indicator = ? AND year = ?",
        [key, indicator, year],
    )
    assert len(rows) == 1, (table, key, indicator, year)
    return rows.iloc[0]


def indicators_used(wh: Warehouse) -> set[str]:
    """Published indicators with a row in ``observation`` or ``region_observation``.

    Series southsouth derives after a sync (source ids ``derived-…``) are left out.
    """
    used = set(
        wh.query("SELECT DISTINCT indicator FROM observation WHERE source_id NOT LIKE 'derived-%'")[
            "indicator"
        ]
    )
    return used | set(wh.query("SELECT DISTINCT indicator FROM region_observation")["indicator"])


def indicators_declared(wh: Warehouse) -> set[str]:
    """The indicators of the ``indicator`` table."""
    return set(wh.query("SELECT indicator FROM indicator")["indicator"])
