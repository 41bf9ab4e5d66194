"""Screening a country × product × year export table: bad rows reported, then excluded.

The long table has one row per (year, country, product) with an export ``value`` (current US$
or any non-negative unit). :func:`clean_flows` applies one documented rule, in this order,
and reports every exclusion with counts and examples (nothing is dropped silently):

1. ``missing-country`` / ``missing-product``: empty code → row excluded;
2. ``unknown-country`` / ``unknown-product``: code outside the given lists → row excluded;
3. ``bad-year``: year missing or not a whole number → row excluded;
4. ``no-value``: value empty, not a number or infinite → row excluded (the cell then counts
   as no recorded export in the rectangular matrix, as in every RCA computation);
5. ``negative-value``: value < 0 → row excluded;
6. ``duplicate-identical``: the same key repeated with the same value → one row kept;
   ``duplicate-conflicting``: the same key with different values → every row of that key
   excluded (no way to know which is right).

A (country, product) pair absent from the table is a cell with no recorded export (0).

Bilateral flows (year, exporter, importer, product, value) have a rule of their own, shared by
trade links (:mod:`southsouth.trade.bilateral_flows`) and the substitution potential
(:mod:`southsouth.trade.substitution_aggregates`): :data:`FLOW_RULES`, applied in the order
:func:`flow_rules` gives, first match wins, as an Ibis expression by :func:`flow_rule`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from southsouth.errors import InputError

if TYPE_CHECKING:
    import ibis.expr.types as ir

#: Examples kept per issue.
EXAMPLES = 5


@dataclass(frozen=True)
class Issue:
    """One kind of bad row: how many, what was done, a few examples."""

    kind: str
    action: str
    description: str
    rows: int
    examples: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "kind": self.kind,
            "action": self.action,
            "description": self.description,
            "rows": self.rows,
            "examples": list(self.examples),
        }


@dataclass(frozen=True)
class InputReport:
    """What screening did to a table: rows in, rows used, and every issue found.

    Chained reports (:meth:`then`) keep the first step's ``rows_in`` and the last step's
    ``rows_used``; after an aggregation step the rows counted are the aggregated ones.
    """

    rows_in: int
    rows_used: int
    issues: tuple[Issue, ...] = ()

    def count(self, kind: str) -> int:
        """Rows affected by issues of this kind (0 if none)."""
        return sum(i.rows for i in self.issues if i.kind == kind)

    def then(self, later: InputReport) -> InputReport:
        """This report followed by a later screening step of the rows it kept."""
        return InputReport(self.rows_in, later.rows_used, self.issues + later.issues)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "rows_in": self.rows_in,
            "rows_used": self.rows_used,
            "issues": [i.as_dict() for i in self.issues],
        }


#: Column roles of the long table and their default names.
ROLES: tuple[str, ...] = ("year", "country", "product", "value")


@dataclass(frozen=True)
class Flows:
    """A screened long table as integer codes (for the matrix builders)."""

    year: np.ndarray
    country: np.ndarray
    product: np.ndarray
    value: np.ndarray
    countries: pd.Index
    products: pd.Index
    report: InputReport

    def frame(self) -> pd.DataFrame:
        """The screened rows as a DataFrame (year, country, product, value)."""
        return pd.DataFrame(
            {
                "year": self.year,
                "country": self.countries.to_numpy()[self.country],
                "product": self.products.to_numpy()[self.product],
                "value": self.value,
            }
        )


def _labels(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Codes (−1 = empty) and stripped labels, checked on the distinct values only."""
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    text = pd.Index(uniques).astype(str).str.strip()
    empty = (text == "") | pd.isna(pd.Index(uniques))
    remap, labels = pd.factorize(text.where(~empty, None), use_na_sentinel=True)
    remap = np.append(remap, -1)  # code −1 (NaN in the input) stays −1
    return remap[codes], pd.Index(labels)


#: Key spaces up to this size are counted with a bincount (else pandas hashes the keys).
BINCOUNT_LIMIT = 50_000_000


def _repeated(key: np.ndarray, keep: np.ndarray, space: int) -> np.ndarray:
    """Mask of kept rows whose key (0 ≤ key < space) occurs more than once among kept rows."""
    if space <= BINCOUNT_LIMIT:
        counts = np.bincount(key[keep], minlength=space)
        return keep & (counts[np.where(keep, key, 0)] > 1)
    return (
        keep
        & pd.Series(np.where(keep, key, -1 - np.arange(key.size))).duplicated(keep=False).to_numpy()
    )


def _compact(codes: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The labels still used (in label order) and the codes renumbered 0…k−1 over them."""
    used = np.zeros(n, dtype=bool)
    used[codes] = True
    renumber = np.cumsum(used) - 1
    return np.flatnonzero(used), renumber[codes]


def _examples(frame: pd.DataFrame, mask: np.ndarray, roles: Mapping[str, str]) -> tuple[str, ...]:
    rows = frame.loc[mask, [roles[r] for r in ROLES]].head(EXAMPLES)
    return tuple(" ".join(str(v) for v in row) for row in rows.itertuples(index=False))


def screen_flows(
    table: pd.DataFrame,
    *,
    columns: Mapping[str, str] | None = None,
    known_countries: Collection[str] | None = None,
    known_products: Collection[str] | None = None,
) -> Flows:
    """Apply the module's rule to a long table; the kept rows as codes plus the report.

    ``columns`` maps roles (year, country, product, value) to the table's column names.
    """
    roles = {role: role for role in ROLES} | dict(columns or {})
    missing = [roles[r] for r in ROLES if roles[r] not in table.columns]
    if missing:
        raise InputError(
            f"the table lacks column(s) {', '.join(missing)}",
            hint="name them year, country, product, value or pass columns={role: name}",
        )
    n = len(table)
    keep = np.ones(n, dtype=bool)
    issues: list[Issue] = []

    def exclude(mask: np.ndarray, kind: str, description: str, action: str = "excluded") -> None:
        hit = mask & keep
        if hit.any():
            examples = _examples(table, hit, roles)
            issues.append(Issue(kind, action, description, int(hit.sum()), examples))
            keep[hit] = False

    country, countries = _labels(table[roles["country"]])
    product, products = _labels(table[roles["product"]])
    exclude(country < 0, "missing-country", "no country code")
    exclude(product < 0, "missing-product", "no product code")
    if known_countries is not None:
        unknown = ~countries.isin(list(known_countries))
        exclude(
            np.append(unknown, False)[country], "unknown-country", "country code not in the list"
        )
    if known_products is not None:
        unknown = ~products.isin(list(known_products))
        exclude(
            np.append(unknown, False)[product],
            "unknown-product",
            "product code outside the classification",
        )
    year = pd.to_numeric(table[roles["year"]], errors="coerce").to_numpy(dtype=float)
    exclude(~np.isfinite(year) | (year % 1 != 0), "bad-year", "year missing or not whole")
    value = pd.to_numeric(table[roles["value"]], errors="coerce").to_numpy(dtype=float)
    exclude(~np.isfinite(value), "no-value", "value empty, not a number or infinite")
    exclude(value < 0, "negative-value", "negative export value")

    year_codes, years = pd.factorize(year[keep])
    span = (len(years), max(len(countries), 1), max(len(products), 1))
    key = np.full(n, -1, dtype=np.int64)
    key[keep] = (year_codes.astype(np.int64) * span[1] + country[keep]) * span[2] + product[keep]
    repeated = _repeated(key, keep, span[0] * span[1] * span[2])
    if repeated.any():
        spread = pd.Series(value[repeated]).groupby(key[repeated]).nunique()
        conflicting = np.isin(key, spread.index[spread > 1].to_numpy()) & repeated
        exclude(
            conflicting,
            "duplicate-conflicting",
            "same year, country and product with different values",
        )
        later_copy = pd.Series(np.where(keep, key, -1 - np.arange(n))).duplicated().to_numpy()
        exclude(
            later_copy & repeated,
            "duplicate-identical",
            "same year, country and product repeated with the same value",
            action="one row kept",
        )
    used_countries, country_codes = _compact(country[keep], len(countries))
    used_products, product_codes = _compact(product[keep], len(products))
    return Flows(
        year=year[keep].astype(int),
        country=country_codes,
        product=product_codes,
        value=value[keep],
        countries=countries[used_countries],
        products=products[used_products],
        report=InputReport(n, int(keep.sum()), tuple(issues)),
    )


def clean_flows(
    table: pd.DataFrame,
    *,
    columns: Mapping[str, str] | None = None,
    known_countries: Collection[str] | None = None,
    known_products: Collection[str] | None = None,
) -> tuple[pd.DataFrame, InputReport]:
    """The kept rows (year, country, product, value) and the report of what was excluded."""
    flows = screen_flows(
        table, columns=columns, known_countries=known_countries, known_products=known_products
    )
    return flows.frame(), flows.report


# -- bilateral flows -------------------------------------------------------------------------

FLOW_KEY: tuple[str, ...] = ("year", "exporter", "importer", "product")
FLOW_COLUMNS: tuple[str, ...] = (*FLOW_KEY, "value")
OnBad = Literal["exclude", "raise"]
ON_BAD: tuple[str, ...] = ("exclude", "raise")
#: Bad-row rules of bilateral flows, name → description (the order: :func:`flow_rules`).
FLOW_RULES: dict[str, str] = {
    "missing-value": "a key column or the value is empty, NaN or infinite",
    "duplicate-key": "several rows share (year, exporter, importer, product); all are excluded",
    "negative-value": "value below zero",
    "domestic-flow": "exporter = importer",
    "unknown-country": "exporter or importer outside the known countries",
    "unknown-product": "product outside the classification",
    "zero-value": "value is zero (no trade; dropped, not an error)",
}


def flow_rules(*, infinite_missing: bool, duplicates_first: bool) -> dict[str, str]:
    """The rules in the order they apply (first match wins), name → description.

    ``infinite_missing``: ±∞ values are ``missing-value`` (else they pass that rule).
    ``duplicates_first``: ``duplicate-key`` comes right after ``missing-value``, among the rows
    with a complete key (trade links); else last, among the rows every other rule lets pass
    (substitution potential).
    """
    rules = dict(FLOW_RULES)
    if not infinite_missing:
        rules["missing-value"] = "a key column or the value is empty or NaN"
    if not duplicates_first:
        rules["duplicate-key"] = rules.pop("duplicate-key")
    return rules


def flow_missing(t: ir.Table, *, infinite: bool) -> ir.BooleanValue:
    """Rows whose key or value is NULL or empty, or whose value is NaN (or ±∞ if ``infinite``)."""
    missing = (
        t.year.isnull()
        | t.exporter.isnull()
        | t.importer.isnull()
        | t["product"].isnull()
        | t.value.isnull()
        | t.value.isnan().fill_null(True)
    )
    if infinite:
        missing = missing | t.value.isinf().fill_null(True)
    return (
        missing
        | (t.exporter.length() == 0)
        | (t.importer.length() == 0)
        | (t["product"].length() == 0)
    )


def flow_rule(
    t: ir.Table,
    *,
    infinite_missing: bool,
    duplicate: ir.BooleanValue | None,
    known_countries: ir.BooleanValue | None = None,
    known_product: ir.BooleanValue | None = None,
) -> ir.StringValue:
    """The first rule each row of bilateral flows breaks; NULL for a usable row.

    ``t`` holds :data:`FLOW_COLUMNS` (codes as text, value as float64). ``duplicate``: rows
    whose key repeats among the rows with a complete key (checked second); ``None`` leaves
    duplicates to the caller, after every other rule (:func:`repeated_keys`).
    ``known_countries``: both codes known; ``known_product``: product known (``None``: every
    code is accepted).
    """
    import ibis  # the engines' expression layer, loaded on use (not by pandas-only callers)

    conditions: dict[str, ir.BooleanValue | None] = {
        "missing-value": flow_missing(t, infinite=infinite_missing),
        "duplicate-key": duplicate,
        "negative-value": t.value < 0,
        "domestic-flow": t.exporter == t.importer,
        "unknown-country": None if known_countries is None else ~known_countries,
        "unknown-product": None if known_product is None else ~known_product,
        "zero-value": t.value == 0,
    }
    order = flow_rules(infinite_missing=infinite_missing, duplicates_first=duplicate is not None)
    branches = [(conditions[name], name) for name in order if conditions[name] is not None]
    return ibis.cases(*branches, else_=ibis.null("string"))


def repeated_keys(rows: ir.Table) -> ir.Table:
    """The keys (with their count ``n``) that stand on more than one row of ``rows``.

    Rows are grouped by a hash of the key first (one integer column); only the rows whose hash
    repeats are grouped by the key itself.
    """
    import ibis

    key = ibis.struct({c: rows[c] for c in FLOW_KEY})
    hashed = rows.mutate(key_hash=key.hash())
    clash = hashed.group_by("key_hash").aggregate(n=hashed.count()).filter(lambda c: c.n > 1)
    candidates = hashed.semi_join(clash, "key_hash").drop("key_hash")
    counted = candidates.group_by(list(FLOW_KEY)).aggregate(n=candidates.count())
    return counted.filter(counted.n > 1)


def first_flows(rows: ir.Table) -> ir.Table:
    """The :data:`EXAMPLES` first rows by key: the examples of an issue."""
    return rows.select(*FLOW_COLUMNS).order_by(list(FLOW_KEY)).limit(EXAMPLES)


def flow_issue(kind: str, description: str, rows: int, sample: pd.DataFrame | None = None) -> Issue:
    """An issue of bilateral flows: zero values are dropped, other bad rows excluded.

    ``sample``: example rows (:data:`FLOW_COLUMNS`), shown as ``year exporter→importer product
    = value``.
    """
    examples: Sequence[str] = ()
    if sample is not None:
        examples = [
            f"{year} {exporter}→{importer} {product} = {value}"
            for year, exporter, importer, product, value in sample[list(FLOW_COLUMNS)].itertuples(
                index=False
            )
        ]
    action = "dropped" if kind == "zero-value" else "excluded"
    return Issue(kind, action, description, rows, tuple(examples))


def refuse_bad_flows(issues: Sequence[Issue], on_bad: str) -> None:
    """With ``on_bad="raise"``, InputError when any rule but ``zero-value`` excluded rows."""
    errors = [i for i in issues if i.kind != "zero-value"]
    if errors and on_bad == "raise":
        first = errors[0]
        raise InputError(
            f"{sum(i.rows for i in errors)} bad flow rows, e.g. {first.kind}: "
            f"{first.examples[0] if first.examples else ''}",
            hint="fix the input, or pass on_bad='exclude' to drop them with a report",
        )
