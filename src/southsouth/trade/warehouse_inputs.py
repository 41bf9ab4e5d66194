"""What the trade analyses read from the warehouse: bilateral flows, product codes, PCI, regions.

Thin readers (DuckDB SQL through :class:`~southsouth.warehouse.store.Warehouse`); the analyses
themselves take DataFrames or Ibis tables. Flows in the warehouse were screened when loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

import pandas as pd

from southsouth.errors import InputError, UnknownDataset
from southsouth.registry.membership import countries_table
from southsouth.trade.bilateral_flows import RULES, PreparedFlows, screened_report
from southsouth.trade.screening import flow_issue

if TYPE_CHECKING:
    from southsouth.warehouse.store import Warehouse

RegionLevel = Literal["region", "subregion", "intermediate_region"]
REGION_LEVELS: tuple[str, ...] = ("region", "subregion", "intermediate_region")
#: Product lists that check the codes of a flow classification (rows outside are excluded).
PRODUCT_LISTS: dict[str, tuple[str, str]] = {
    "HS92": ("ATLAS-HS92", "6digit"),
    "HS22": ("HS22", "6digit"),
}


def trade_flow_sources(warehouse: Warehouse) -> pd.DataFrame:
    """The bilateral flow datasets loaded: source_id, classification, years and countries."""
    return warehouse.query(
        """
        SELECT source_id, classification, min(year) AS first_year, max(year) AS last_year,
               count(DISTINCT exporter_iso3) AS exporters,
               count(DISTINCT importer_iso3) AS importers,
               count(DISTINCT product) AS products, count(*) AS rows
        FROM trade_flow GROUP BY ALL ORDER BY source_id, classification
        """
    )


def choose_classification(
    source_id: str, classes: Sequence[str], classification: str | None
) -> str:
    """``classification``, or the only one of ``classes`` (those ``source_id`` holds)."""
    if classification is None and len(classes) > 1:
        raise InputError(
            f"{source_id} holds several classifications ({', '.join(classes)})",
            hint="pass classification=…",
        )
    chosen = classification or (classes[0] if classes else None)
    if chosen is None or chosen not in classes:
        raise InputError(
            f"{source_id} has no flows in classification {chosen}",
            hint=f"use one of {', '.join(classes)}" if classes else "load bilateral flows first",
        )
    return chosen


def flow_classifications(warehouse: Warehouse, source_id: str) -> list[str]:
    """The classifications of a loaded flow dataset, sorted."""
    warehouse.require(source_id)
    return warehouse.query(
        "SELECT DISTINCT classification FROM trade_flow WHERE source_id = ? ORDER BY 1",
        [source_id],
    )["classification"].tolist()


def _dataset_caveats(source_id: str) -> tuple[str, ...]:
    from southsouth.sources import get_dataset

    try:
        return tuple(get_dataset(source_id).caveats)
    except UnknownDataset:
        return ()


def warehouse_flows(
    warehouse: Warehouse,
    source_id: str,
    *,
    year: int | None = None,
    classification: str | None = None,
) -> PreparedFlows:
    """Flows of one loaded dataset and year, aggregated in the warehouse (DuckDB SQL).

    ``year`` defaults to the latest year of the dataset (stated in the notes). Rows were
    screened when loaded; domestic flows and missing, negative or zero values are excluded
    and reported as by :func:`~southsouth.trade.bilateral_flows.prepare_flows`.
    """
    warehouse.require(source_id)
    found = warehouse.query(
        "SELECT classification, year, any_value(period_years) AS period_years, "
        "any_value(aggregation) AS aggregation FROM trade_flow WHERE source_id = ? "
        "GROUP BY ALL ORDER BY year",
        [source_id],
    )
    if found.empty:
        raise InputError(
            f"{source_id} holds no bilateral trade flows",
            hint="see trade_flow_sources() for the datasets that do",
        )
    chosen = choose_classification(source_id, sorted(set(found["classification"])), classification)
    found = found[found["classification"] == chosen]
    notes: list[str] = []
    years = [int(y) for y in found["year"]]
    if year is None:
        year = years[-1]
        if len(years) > 1:
            notes.append(f"year {year}: the latest of {source_id} ({years[0]}–{year})")
    elif year not in years:
        raise InputError(
            f"{source_id} has no flows for {year}",
            hint=f"its years are {years[0]}–{years[-1]}" if years else "",
        )
    row = found[found["year"] == year].iloc[0]
    if int(row["period_years"]) > 1:
        notes.append(
            f"values are the {row['aggregation']} over the {int(row['period_years'])} years "
            f"ending {year}, not one year's flows"
        )
    where = "source_id = ? AND classification = ? AND year = ?"
    params = [source_id, chosen, year]

    def total(by: str) -> pd.DataFrame:
        return warehouse.query(
            f"SELECT {by}, sum(value_usd) AS value FROM trade_flow WHERE {where} "
            "AND exporter_iso3 <> importer_iso3 AND isfinite(value_usd) AND value_usd > 0 "
            "GROUP BY ALL ORDER BY ALL",
            params,
        )

    counts = warehouse.query(
        f"""
        SELECT count(*) AS rows_in,
               count(*) FILTER (WHERE value_usd IS NULL OR NOT isfinite(value_usd))
                   AS "missing-value",
               count(*) FILTER (WHERE isfinite(value_usd) AND value_usd < 0) AS "negative-value",
               count(*) FILTER (WHERE isfinite(value_usd) AND value_usd >= 0
                                AND exporter_iso3 = importer_iso3) AS "domestic-flow",
               count(*) FILTER (WHERE value_usd = 0 AND exporter_iso3 <> importer_iso3)
                   AS "zero-value"
        FROM trade_flow WHERE {where}
        """,
        params,
    ).iloc[0]
    issues = [flow_issue(k, d, int(counts[k])) for k, d in RULES.items() if counts.get(k)]
    rows_used = int(counts["rows_in"]) - sum(i.rows for i in issues)
    return PreparedFlows(
        year=year,
        pairs=total("exporter_iso3 AS exporter, importer_iso3 AS importer"),
        exports=total("exporter_iso3 AS exporter, product"),
        imports=total("importer_iso3 AS importer, product"),
        report=screened_report(int(counts["rows_in"]), rows_used, issues, "exclude"),
        engine="duckdb (warehouse)",
        notes=(
            f"flows: {source_id}, classification {chosen}, {year}",
            *notes,
            *_dataset_caveats(source_id),
        ),
    )


def warehouse_flow_frame(
    warehouse: Warehouse, source_id: str, *, years: Sequence[int], classification: str | None = None
) -> pd.DataFrame:
    """(year, exporter, importer, product, value) of one loaded flow dataset and years."""
    warehouse.require(source_id)
    params: list[object] = [source_id, list(years)]
    where = "source_id = ? AND list_contains(?, year)"
    if classification is not None:
        where += " AND classification = ?"
        params.append(classification)
    return warehouse.query(
        "SELECT year, exporter_iso3 AS exporter, importer_iso3 AS importer, product, "
        f"value_usd AS value FROM trade_flow WHERE {where}",
        params,
    )


def classification_codes(warehouse: Warehouse, classification: str) -> list[str] | None:
    """The 6-digit codes of a flow classification (:data:`PRODUCT_LISTS`); None if unknown."""
    if classification not in PRODUCT_LISTS:
        return None
    listed = warehouse.query(
        "SELECT code FROM product WHERE classification = ? AND level = ?",
        list(PRODUCT_LISTS[classification]),
    )["code"]
    return listed.tolist() if len(listed) else None


def atlas_pci(warehouse: Warehouse, year: int) -> pd.Series:
    """Atlas PCI of HS92 headings for ``year`` (or the latest earlier year), by heading."""
    frame = warehouse.query(
        "SELECT product, year, value FROM product_metric WHERE metric = 'pci' "
        "AND classification = 'ATLAS-HS92' AND year <= ? AND value IS NOT NULL "
        "QUALIFY year = max(year) OVER ()",
        [year],
    )
    return pd.Series(frame["value"].to_numpy(), index=frame["product"].astype(str))


def country_regions(warehouse: Warehouse, level: RegionLevel = "region") -> dict[str, str]:
    """ISO3 → UN M49 region, sub-region or intermediate region (else the sub-region)."""
    if level not in REGION_LEVELS:
        raise InputError(f"unknown region level {level!r}", hint="use " + ", ".join(REGION_LEVELS))
    table = countries_table(warehouse)
    labels = table[level]
    if level == "intermediate_region":
        labels = labels.fillna(table["subregion"])
    return {str(k): str(v) for k, v in zip(table["iso3"], labels, strict=True) if pd.notna(v)}
