"""Bilateral flows of one year, screened and aggregated: what links and South–South shares need.

:func:`prepare_flows` takes (year, exporter, importer, product, value) rows — or the warehouse
names exporter_iso3, importer_iso3, value_usd — as a pandas DataFrame (screened and aggregated
with pandas) or an Ibis table (by its own backend, DuckDB or PySpark: only the aggregates come
back). Codes are stripped of spaces, an empty code is missing. Bad rows follow the bilateral
rule of :mod:`southsouth.trade.screening` with infinite values missing and duplicates checked
second (:data:`RULES`): ``missing-value``, ``duplicate-key`` (every row of a repeated key),
``negative-value``, ``domestic-flow``, ``unknown-country``, ``unknown-product``, then
``zero-value`` (dropped, not an error). Missing columns, no rows, or several years without
``year`` raise InputError.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from southsouth.errors import InputError
from southsouth.trade.screening import (
    EXAMPLES,
    FLOW_COLUMNS,
    FLOW_KEY,
    ON_BAD,
    InputReport,
    Issue,
    OnBad,
    first_flows,
    flow_issue,
    flow_missing,
    flow_rule,
    flow_rules,
    refuse_bad_flows,
    repeated_keys,
)

#: Warehouse column names accepted for the generic ones.
ALIASES = {"exporter_iso3": "exporter", "importer_iso3": "importer", "value_usd": "value"}
#: The rule applied here, name → description, in order.
RULES: dict[str, str] = flow_rules(infinite_missing=True, duplicates_first=True)
#: Share of countries that must appear both as exporter and importer (see :attr:`closure`).
MIN_CLOSURE = 0.9


@dataclass(frozen=True, eq=False)
class PreparedFlows:
    """Screened flows of one year, aggregated: what links and South–South shares need.

    ``pairs``: exporter, importer, value (X_ij, i ≠ j); ``exports``: exporter, product,
    value (X_ik); ``imports``: importer, product, value (M_jk); ``report``: rows in, rows
    used and the rows excluded, by rule; ``engine``: where the aggregation ran.
    """

    year: int | None
    pairs: pd.DataFrame
    exports: pd.DataFrame
    imports: pd.DataFrame
    report: InputReport
    engine: str
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def exporters(self) -> set[str]:
        """Countries with positive exports."""
        totals = self.pairs.groupby("exporter")["value"].sum()
        return set(totals.index[totals > 0])

    @property
    def importers(self) -> set[str]:
        """Countries with positive imports."""
        totals = self.pairs.groupby("importer")["value"].sum()
        return set(totals.index[totals > 0])

    @property
    def closure(self) -> float:
        """Share of the countries in the flows that appear both as exporter and importer."""
        exporters, importers = self.exporters, self.importers
        both = exporters | importers
        return len(exporters & importers) / len(both) if both else 0.0


def screened_report(rows_in: int, rows_used: int, issues: list[Issue], on_bad: str) -> InputReport:
    """The screening report; raises InputError for bad rows when ``on_bad="raise"``."""
    refuse_bad_flows(issues, on_bad)
    return InputReport(rows_in, rows_used, tuple(issues))


def _is_ibis(flows: object) -> bool:
    return type(flows).__module__.startswith("ibis.")


def _renames(columns: Collection[str]) -> dict[str, str]:
    present = set(columns)
    renames = {a: c for a, c in ALIASES.items() if a in present and c not in present}
    missing = [c for c in FLOW_COLUMNS if c not in present and c not in renames.values()]
    if missing:
        raise InputError(
            f"trade flows lack the column(s) {', '.join(missing)}; got {sorted(present)}",
            hint="give year, exporter, importer, product, value (or the warehouse names "
            "exporter_iso3, importer_iso3, value_usd)",
        )
    return renames


def _check_on_bad(on_bad: str) -> None:
    if on_bad not in ON_BAD:
        raise InputError(f"unknown on_bad {on_bad!r}", hint="use " + " or ".join(ON_BAD))


def _no_rows(year: int | None) -> InputError:
    return InputError(
        "no trade flows" + (f" for {year}" if year is not None else ""),
        hint="check the year and that the table holds flows",
    )


def _several_years(years: list[int]) -> InputError:
    return InputError(
        f"the flows cover several years ({', '.join(map(str, years[:10]))}); pick one",
        hint="pass year=…",
    )


def _prepare_pandas(
    flows: pd.DataFrame,
    year: int | None,
    countries: Collection[str] | None,
    products: Collection[str] | None,
    on_bad: str,
) -> PreparedFlows:
    frame = flows.rename(columns=_renames(flows.columns))[list(FLOW_COLUMNS)].copy()
    if year is not None:
        frame = frame[frame["year"] == year]
    years = sorted({int(y) for y in frame["year"].dropna()})
    if frame.empty:
        raise _no_rows(year)
    if len(years) > 1:
        raise _several_years(years)
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype(float)
    for column in ("exporter", "importer", "product"):
        text = frame[column].astype("string").str.strip()
        frame[column] = text.mask(text == "")
    frame = frame.sort_values(list(FLOW_KEY), kind="stable", na_position="last")
    missing = frame[list(FLOW_KEY)].isna().any(axis=1) | ~np.isfinite(frame["value"].fillna(np.nan))
    keyed = ~missing.to_numpy(dtype=bool)
    duplicate = np.zeros(len(frame), dtype=bool)
    duplicate[keyed] = frame[keyed].duplicated(list(FLOW_KEY), keep=False).to_numpy(dtype=bool)
    conditions: dict[str, pd.Series] = {
        "missing-value": missing,
        "duplicate-key": pd.Series(duplicate, index=frame.index),
        "negative-value": frame["value"] < 0,
        "domestic-flow": frame["exporter"] == frame["importer"],
        "zero-value": frame["value"] == 0,
    }
    if countries is not None:
        known = set(countries)
        inside = frame["exporter"].isin(known) & frame["importer"].isin(known)
        conditions["unknown-country"] = ~inside
    if products is not None:
        conditions["unknown-product"] = ~frame["product"].isin(set(products))
    keep = pd.Series(True, index=frame.index)
    issues: list[Issue] = []
    for kind, description in RULES.items():
        if kind not in conditions:
            continue
        hit = conditions[kind].fillna(False).astype(bool) & keep
        if hit.any():
            issues.append(flow_issue(kind, description, int(hit.sum()), frame[hit].head(EXAMPLES)))
        keep &= ~hit
    report = screened_report(len(frame), int(keep.sum()), issues, on_bad)
    used = frame[keep]
    if used.empty:
        raise _no_rows(year)
    return PreparedFlows(
        year=years[0],
        pairs=used.groupby(["exporter", "importer"], as_index=False)["value"].sum(),
        exports=used.groupby(["exporter", "product"], as_index=False)["value"].sum(),
        imports=used.groupby(["importer", "product"], as_index=False)["value"].sum(),
        report=report,
        engine="pandas",
    )


def _prepare_ibis(
    flows: Any,
    year: int | None,
    countries: Collection[str] | None,
    products: Collection[str] | None,
    on_bad: str,
) -> PreparedFlows:
    import ibis  # only Ibis tables come here: the library is loaded already

    table = flows.rename({new: old for old, new in _renames(flows.columns).items()})
    table = table.select(*FLOW_COLUMNS)
    if year is not None:
        table = table.filter(table["year"] == year)
    years = sorted({int(y) for y in table.select("year").distinct().to_pandas()["year"].dropna()})
    if not years:
        raise _no_rows(year)
    if len(years) > 1:
        raise _several_years(years)
    value = table["value"]
    numeric = value.type().is_numeric()
    table = table.mutate(value=value.cast("float64") if numeric else value.try_cast("float64"))
    text = {c: table[c].cast("string").strip() for c in ("exporter", "importer", "product")}
    t = table.mutate(**{c: (s == "").ifelse(ibis.null("string"), s) for c, s in text.items()})
    dups = repeated_keys(t.filter(~flow_missing(t, infinite=True)))
    t = t.left_join(dups.select(*FLOW_KEY, dup=ibis.literal(True)), list(FLOW_KEY)).select(
        *FLOW_COLUMNS, dup=lambda r: r.dup.fill_null(False)
    )
    known_countries = known_product = None
    if countries is not None:
        known = sorted(set(countries))
        known_countries = t["exporter"].isin(known) & t["importer"].isin(known)
    if products is not None:
        known_product = t["product"].isin(sorted(set(products)))
    marked = t.mutate(
        rule=flow_rule(
            t,
            infinite_missing=True,
            duplicate=t["dup"],
            known_countries=known_countries,
            known_product=known_product,
        )
    )
    counts = marked.group_by("rule").aggregate(rows=marked.count()).to_pandas()
    issues: list[Issue] = []
    for kind, description in RULES.items():
        hit = counts.loc[counts["rule"] == kind, "rows"]
        if not hit.empty:
            sample = first_flows(marked.filter(marked["rule"] == kind)).to_pandas()
            issues.append(flow_issue(kind, description, int(hit.iloc[0]), sample))
    used_rows = counts.loc[counts["rule"].isna(), "rows"]
    rows_used = int(used_rows.iloc[0]) if len(used_rows) else 0
    report = screened_report(int(counts["rows"].sum()), rows_used, issues, on_bad)
    if not rows_used:
        raise _no_rows(year)
    kept = marked.filter(marked["rule"].isnull())

    def total(by: list[str]) -> pd.DataFrame:
        out = kept.group_by(by).aggregate(value=kept["value"].sum()).to_pandas()
        for column in by:
            out[column] = out[column].astype("string")
        return out.sort_values(by, ignore_index=True)

    return PreparedFlows(
        year=years[0],
        pairs=total(["exporter", "importer"]),
        exports=total(["exporter", "product"]),
        imports=total(["importer", "product"]),
        report=report,
        engine=f"ibis ({flows.get_backend().name})",
    )


def prepare_flows(
    flows: pd.DataFrame | PreparedFlows | Any,
    *,
    year: int | None = None,
    countries: Collection[str] | None = None,
    products: Collection[str] | None = None,
    on_bad: OnBad = "exclude",
) -> PreparedFlows:
    """Screen and aggregate bilateral product flows (a DataFrame or an Ibis table) of one year.

    Columns: year, exporter, importer, product, value (or exporter_iso3, importer_iso3,
    value_usd). ``countries``/``products``: the codes allowed; None accepts every code.
    ``on_bad="raise"`` rejects input with bad rows instead of excluding them. See the module
    docstring for the rule. :class:`PreparedFlows` is returned as it is.
    """
    _check_on_bad(on_bad)
    if isinstance(flows, PreparedFlows):
        return flows
    if _is_ibis(flows):
        return _prepare_ibis(flows, year, countries, products, on_bad)
    if not isinstance(flows, pd.DataFrame):
        raise InputError(
            f"trade flows must be a pandas DataFrame or an Ibis table, not {type(flows).__name__}",
            hint="pass the flows table",
        )
    return _prepare_pandas(flows, year, countries, products, on_bad)
