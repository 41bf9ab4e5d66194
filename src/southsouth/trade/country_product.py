"""Country × product × year export tables read from the warehouse (thin readers).

Screening rules: :mod:`southsouth.trade.screening`; aggregation to HS4/HS2/sections:
:mod:`southsouth.trade.classification`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from southsouth.errors import DegenerateMatrix, InputError, UnknownDataset, YearOutOfRange
from southsouth.jsonable import records
from southsouth.sources import get_dataset
from southsouth.trade.classification import (
    LEVEL_DIGITS,
    aggregate_products,
    hs_chapter_sections,
    source_level,
)
from southsouth.trade.complexity import ComplexityOptions, ComplexityResult, complexity
from southsouth.trade.country_set import (
    MIN_EXPORTS_USD,
    MIN_POPULATION,
    POPULATION_INDICATORS,
    CountrySet,
    atlas_country_set,
    every_country,
)
from southsouth.trade.screening import EXAMPLES, InputReport, Issue, screen_flows
from southsouth.warehouse.store import Warehouse

#: Product codes that name no product ("commodities not specified"), per code length.
UNSPECIFIED = {4: ("9999",), 6: ("999999",), 2: ("99",)}


@dataclass(frozen=True)
class CountryProductTable:
    """A country × product × year export table read from the warehouse, with its provenance."""

    table: pd.DataFrame
    source_id: str
    classification: str
    level: str
    report: InputReport
    provenance: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready mapping (rows included)."""
        return {
            "source_id": self.source_id,
            "classification": self.classification,
            "level": self.level,
            "rows": records(self.table),
            "report": self.report.as_dict(),
            "provenance": dict(self.provenance),
            "notes": list(self.notes),
        }


_EXPORT_SQL = """
SELECT year, country_iso3 AS country, classification, product, value_usd AS value
FROM trade_export WHERE source_id = ? {year}
"""
_FLOW_SQL = """
SELECT year, exporter_iso3 AS country, classification, product, sum(value_usd) AS value
FROM trade_flow WHERE source_id = ? {year}
GROUP BY ALL
"""


def _source_table(wh: Warehouse, source: str) -> str:
    for table in ("trade_export", "trade_flow"):
        hit = wh.query(f"SELECT count(*) AS n FROM {table} WHERE source_id = ?", [source])
        if int(hit["n"].iloc[0]):
            return table
    raise InputError(
        f"dataset {source!r} has no rows in trade_export or trade_flow",
        hint="use a trade dataset such as ots-hs4-exports-2017 or a BACI release",
    )


def _read(wh: Warehouse, table: str, source: str, years: Sequence[int] | None) -> pd.DataFrame:
    sql = _EXPORT_SQL if table == "trade_export" else _FLOW_SQL
    available = wh.query(
        f"SELECT DISTINCT year FROM {table} WHERE source_id = ? ORDER BY year", [source]
    )["year"].tolist()
    if years is None:
        return wh.query(sql.format(year=""), [source])
    absent = sorted(set(years) - set(available))
    if absent:
        raise YearOutOfRange(
            f"{source} has no rows for {', '.join(map(str, absent))}; "
            f"it covers {', '.join(map(str, available))}",
            hint="choose one of the years it covers",
        )
    return wh.query(sql.format(year="AND year IN (SELECT unnest(?))"), [source, list(years)])


def country_product_table(
    wh: Warehouse,
    *,
    source: str = "ots-hs4-exports-2017",
    year: int | Sequence[int] | None = None,
    level: str | None = None,
) -> CountryProductTable:
    """Exports by country × product × year from a trade dataset in the warehouse.

    ``trade_export`` datasets (e.g. ``ots-hs4-exports-2017``) are read as they are;
    ``trade_flow`` datasets (BACI) are summed over importers. Codes naming no product (9999,
    99, 999999) are dropped with a report. ``level`` (``hs6``, ``hs4``, ``hs2``, ``section``)
    aggregates to a coarser level (HS sections from the HS 2022 chapter table); ``None`` keeps
    the dataset's own level. Unknown country codes are reported and excluded.
    """
    wh.require(source)
    table_name = _source_table(wh, source)
    years = [year] if isinstance(year, int) else (list(year) if year is not None else None)
    raw = _read(wh, table_name, source, years)
    classifications = sorted(raw["classification"].unique())
    if len(classifications) != 1:
        raise InputError(
            f"{source} mixes classifications {classifications}",
            hint="read one classification at a time",
        )
    classification = classifications[0]
    own_level = source_level(classification, raw["product"])
    countries = wh.query("SELECT iso3 FROM country")["iso3"].tolist()
    flows = screen_flows(raw, known_countries=countries)
    report = flows.report
    frame = flows.frame()
    notes: list[str] = []
    digits = LEVEL_DIGITS.get(own_level, 0)
    unspecified = frame["product"].isin(UNSPECIFIED.get(digits, ()))
    if digits and unspecified.any():
        dropped = frame[unspecified]
        examples = tuple(
            f"{r.year} {r.country} {r.product} {r.value}"
            for r in dropped.head(EXAMPLES).itertuples()
        )
        issue = Issue(
            "unspecified-product",
            "excluded",
            "commodities not specified according to kind (no product)",
            int(unspecified.sum()),
            examples,
        )
        report = InputReport(report.rows_in, report.rows_used - issue.rows, (*report.issues, issue))
        frame = frame[~unspecified].reset_index(drop=True)
    provenance = dict(wh.provenance(source))
    target = level or own_level
    if target != own_level:
        sections = hs_chapter_sections(wh) if target == "section" else None
        frame, aggregation = aggregate_products(
            frame, target, from_level=own_level, sections=sections
        )
        report = report.then(aggregation)
        if target == "section":
            hs = wh.provenance("hs2022")
            provenance = {k: f"{provenance[k]}; {hs[k]}" for k in provenance}
            notes.append(
                "HS sections from the HS 2022 chapter table (chapters belong to the same "
                "sections in every HS revision)"
            )
    with contextlib.suppress(UnknownDataset):  # a BACI release named at sync time has none
        notes.extend(get_dataset(source).caveats)
    if table_name == "trade_flow":
        notes.append("exports = the dataset's bilateral flows summed over the importers it covers")
    return CountryProductTable(
        table=frame,
        source_id=source,
        classification=classification,
        level=target,
        report=report,
        provenance=provenance,
        notes=tuple(notes),
    )


def population_table(
    wh: Warehouse, years: Sequence[int], *, indicator: str = "wdi_population"
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Population (year, country, population) for RPOP, and the provenance of the indicator."""
    source = wh.query("SELECT source_id FROM indicator WHERE indicator = ?", [indicator])
    if source.empty:
        raise InputError(
            f"indicator {indicator!r} is not loaded", hint="run `southsouth data sync`"
        )
    frame = wh.query(
        "SELECT year, country_iso3 AS country, value AS population FROM observation "
        "WHERE indicator = ? AND year IN (SELECT unnest(?)) AND value > 0",
        [indicator, list(years)],
    )
    return frame, wh.provenance(str(source["source_id"].iloc[0]))


def ranking_population(wh: Warehouse, years: Sequence[int]) -> pd.DataFrame:
    """Population (year, country, population, source_id) for the Atlas rule: WDI, else
    Gapminder, per country and year."""
    frame = wh.query(
        "SELECT o.indicator, o.year, o.country_iso3 AS country, o.value AS population, "
        "i.source_id FROM observation o JOIN indicator i USING (indicator) "
        "WHERE o.indicator IN (SELECT unnest(?)) AND o.year IN (SELECT unnest(?)) "
        "AND o.value > 0",
        [list(POPULATION_INDICATORS), list(years)],
    )
    rank = {name: n for n, name in enumerate(POPULATION_INDICATORS)}
    frame = frame.assign(order=frame["indicator"].map(rank)).sort_values(
        ["year", "country", "order"]
    )
    chosen = frame.drop_duplicates(["year", "country"])
    return chosen[["year", "country", "population", "source_id"]].reset_index(drop=True)


def country_set_for(
    wh: Warehouse, table: pd.DataFrame, *, all_countries: bool = False
) -> tuple[CountrySet, list[str]]:
    """The countries of ``table`` (year, country, product, value) a ranking covers (the Atlas
    rule unless ``all_countries``), and the population datasets whose values it used."""
    if all_countries:
        return every_country(table), []
    years = sorted(set(table["year"].astype(int)))
    population = ranking_population(wh, years)
    if population.empty:
        raise InputError(
            "the Atlas inclusion rule needs population, and none is loaded for "
            + ", ".join(map(str, years)),
            hint="run `southsouth data sync wdi-population gapminder-population`, or pass "
            "all_countries (--all-countries) to rank every country",
        )
    population = population[population["country"].isin(set(table["country"].astype(str)))]
    used = sorted({str(s) for s in population["source_id"] if s})
    chosen = atlas_country_set(table, population, population_source=" + ".join(used))
    return chosen, used


def _ranked_rows(
    table: pd.DataFrame, report: InputReport, chosen: CountrySet
) -> tuple[pd.DataFrame, InputReport]:
    """The rows of the countries ``chosen`` ranks, and the report with those left out."""
    for when, codes in sorted(chosen.ranked.items()):
        if len(codes) < 2:
            out = sum(len(v) for v in chosen.left_out.get(when, {}).values())
            raise DegenerateMatrix(
                f"in {when}, {len(codes)} of the {len(codes) + out} countries with exports "
                f"({', '.join(codes) or 'none'}) meet the Atlas rule (population ≥ "
                f"{MIN_POPULATION / 1e6:g} million, exports ≥ US${MIN_EXPORTS_USD / 1e9:g} "
                "billion); a ranking needs at least 2",
                hint="use all_countries (--all-countries) to rank every country, or a "
                "table with more exporters",
            )
    ranked = pd.MultiIndex.from_tuples(
        [(y, c) for y, codes in chosen.ranked.items() for c in codes], names=["year", "c"]
    )
    keep = pd.MultiIndex.from_arrays(
        [table["year"].astype(int), table["country"].astype(str)]
    ).isin(ranked)
    issues = chosen.issues(table)
    kept = table[keep].reset_index(drop=True)
    return kept, InputReport(report.rows_in, len(kept), (*report.issues, *issues))


def warehouse_complexity(
    wh: Warehouse,
    *,
    source: str = "ots-hs4-exports-2017",
    year: int | Sequence[int] | None = None,
    level: str | None = None,
    options: ComplexityOptions | None = None,
    population_indicator: str = "wdi_population",
    all_countries: bool = False,
) -> ComplexityResult:
    """Complexity of a warehouse trade dataset (see :func:`country_product_table`).

    By default only the countries the Atlas of Economic Complexity would rank enter the
    computation (:mod:`southsouth.trade.country_set`); ``all_countries`` keeps every one.
    Either way the result's ``country_set`` and notes say which countries were used.
    Population (for the ``rpop`` and ``both`` presence rules) comes from
    ``population_indicator``; the result's provenance names every dataset used.
    """
    options = options or ComplexityOptions()
    cpt = country_product_table(wh, source=source, year=year, level=level)
    provenance = dict(cpt.provenance)
    chosen, used = country_set_for(wh, cpt.table, all_countries=all_countries)
    table, report = cpt.table, cpt.report
    if chosen.rule == "atlas":
        table, report = _ranked_rows(table, report, chosen)
    population = None
    origins = [wh.provenance(s) for s in used]
    if options.presence != "rca":
        years = sorted(set(table["year"].astype(int)))
        population, pop_origin = population_table(wh, years, indicator=population_indicator)
        origins.append(pop_origin)
    for origin in origins:
        if origin["source_id"] not in provenance["source_id"].split("; "):
            provenance = {k: f"{provenance[k]}; {origin[k]}" for k in provenance}
    notes = (*chosen.notes(), f"{cpt.classification} at level {cpt.level}", *cpt.notes)
    result = complexity(
        table,
        options,
        population=population,
        provenance=provenance,
        upstream=report,
        notes=notes,
    )
    return replace(result, country_set=chosen.as_dict())
