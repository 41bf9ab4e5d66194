"""Reading indicator values back out of the warehouse, each with its source and licence."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from southsouth.errors import UnknownIndicator, YearOutOfRange
from southsouth.warehouse.store import Warehouse


def indicator_catalogue(warehouse: Warehouse) -> pd.DataFrame:
    """Every loaded indicator with unit, source dataset, licence, vintage and coverage."""
    return warehouse.query(
        """
        SELECT i.indicator, i.name, i.unit, i.description, i.source_id,
               s.publisher, s.licence, s.vintage,
               min(o.year) AS first_year, max(o.year) AS last_year,
               count(DISTINCT o.country_iso3) AS countries
        FROM indicator i
        JOIN dataset_status s ON s.dataset_id = i.source_id
        LEFT JOIN observation o ON o.indicator = i.indicator
        GROUP BY ALL
        ORDER BY i.indicator
        """
    )


def indicator_spans(warehouse: Warehouse) -> pd.DataFrame:
    """Per indicator with country values (the index): first and last year (``lo``, ``hi``)
    and the number of values (``n``)."""
    return warehouse.reference_query(
        "SELECT indicator, min(year) AS lo, max(year) AS hi, count(*) AS n "
        "FROM observation GROUP BY indicator"
    ).set_index("indicator")


def observations(
    warehouse: Warehouse,
    indicator: str,
    *,
    countries: Sequence[str] | None = None,
    years: Iterable[int] | None = None,
) -> pd.DataFrame:
    """Values of ``indicator`` for ``countries`` (ISO3) and ``years``, with provenance columns."""
    known = warehouse.reference_query("SELECT indicator FROM indicator")["indicator"].tolist()
    if indicator not in known:
        raise UnknownIndicator(
            indicator, known, hint="`southsouth indicators` lists the loaded indicators"
        )
    sql = """
        SELECT o.country_iso3, c.name AS country, o.indicator, o.year, o.value, i.unit, o.flag,
               o.source_id, s.publisher, s.citation, s.licence, s.vintage
        FROM observation o
        JOIN indicator i USING (indicator)
        JOIN dataset_status s ON s.dataset_id = o.source_id
        LEFT JOIN country c ON c.iso3 = o.country_iso3
        WHERE o.indicator = ?
    """
    params: list[object] = [indicator]
    if countries is not None:
        sql += " AND o.country_iso3 IN (SELECT unnest(?))"
        params.append(list(countries))
    wanted = sorted(set(years)) if years is not None else None
    if wanted:
        spans = indicator_spans(warehouse)
        if indicator not in spans.index:
            raise YearOutOfRange(
                f"{indicator} has no country values (it is published for regions or the world)",
                hint="see the region_observation table",
            )
        lo, hi = int(spans.at[indicator, "lo"]), int(spans.at[indicator, "hi"])
        if all(y < lo or y > hi for y in wanted):
            raise YearOutOfRange(
                f"{indicator} covers {lo}–{hi}; no data for {wanted[0]}"
                + (f"–{wanted[-1]}" if len(wanted) > 1 else ""),
                hint=f"ask for years between {lo} and {hi}",
            )
        sql += " AND o.year IN (SELECT unnest(?))"
        params.append(wanted)
    sql += " ORDER BY o.country_iso3, o.year"
    return warehouse.query(sql, params)
