"""The relational part of the substitution potential: screening and aggregates on the engine.

The flows (an Ibis table on DuckDB or PySpark) are screened by the bilateral rule of
:mod:`southsouth.trade.screening` (NaN is missing, ±∞ is not checked; duplicates are looked
for last, among the rows every other rule lets pass), weighted over the years window and
reduced to what steps 1–3 need: supply (X_ik, shares, RCA), imports of Southern importers
(M_jk, M^N_jk, M^S_jk) and trade between Southern countries. With ``matrix_steps="engine"``
steps 3–7 run here too, as Ibis expressions over those aggregates.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir
import pandas as pd
import pyarrow as pa

from southsouth.errors import InputError, YearOutOfRange
from southsouth.trade.engine import register, to_pandas
from southsouth.trade.products import prefix_filter
from southsouth.trade.screening import (
    FLOW_COLUMNS,
    FLOW_KEY,
    InputReport,
    first_flows,
    flow_issue,
    flow_rule,
    flow_rules,
    refuse_bad_flows,
    repeated_keys,
)
from southsouth.trade.substitution_options import MatrixSteps, SubstitutionOptions

if TYPE_CHECKING:
    from ibis.backends import BaseBackend

LABEL_COLUMN = "data_label"
OUTSIDE = "outside-window"
#: The rule applied here, name → description, in order.
RULES: dict[str, str] = flow_rules(infinite_missing=True, duplicates_first=False)


@dataclass(frozen=True)
class Aggregates:
    """What the engine returns: aggregates over flows (and, if asked, steps 3–7)."""

    report: InputReport
    label: str
    supply: pd.DataFrame
    imports: pd.DataFrame
    actual: pd.DataFrame
    engine_jk: pd.DataFrame | None = None
    engine_edges: pa.Table | None = None
    engine_ease: pd.DataFrame | None = None


def country_flags(
    backend: BaseBackend, south: list[str], north: list[str] | None, countries: list[str] | None
) -> ir.Table:
    """A small table iso3, known, south, north; joined to the flows (faster than IN lists)."""
    codes = sorted(set(countries or []) | set(south) | set(north or []))
    known, south_set, north_set = set(countries or codes), set(south), set(north or [])
    return register(
        backend,
        pd.DataFrame(
            {
                "iso3": codes,
                "known": [c in known for c in codes],
                "south": [c in south_set for c in codes],
                "north": [
                    c in north_set if north is not None else c not in south_set for c in codes
                ],
            }
        ),
    )


def marked_rows(
    rows: ir.Table,
    flags: ir.Table,
    *,
    known_only: bool,
    north_listed: bool,
    product_codes: ir.Table | None,
    options: SubstitutionOptions,
) -> ir.Table:
    """Window rows with their rule (NULL = usable), weighted value and S/N flags."""
    e = flags.select(e_iso3="iso3", e_known="known", e_south="south", e_north="north")
    i = flags.select(i_iso3="iso3", i_known="known", i_south="south")
    t = rows.left_join(e, rows.exporter == e.e_iso3).left_join(i, rows.importer == i.i_iso3)
    rule = flow_rule(
        t,
        infinite_missing=True,
        duplicate=None,
        known_countries=(t.e_known.fill_null(False) & t.i_known.fill_null(False))
        if known_only
        else None,
        known_product=t["product"].isin(product_codes.code) if product_codes is not None else None,
    )
    if options.window == 1:
        weighted = t.value
    else:
        start = options.year - options.window
        total = (options.window + 1) / 2
        weighted = t.value * ((t.year - start).cast("float64") / (options.window * total))
    return t.select(
        *FLOW_COLUMNS,
        label=t[LABEL_COLUMN].cast("string") if LABEL_COLUMN in t.columns else ibis.null("string"),
        rule=ibis.cases((~t.year.between(options.years[0], options.year), OUTSIDE), else_=rule),
        xw=weighted,
        exp_s=t.e_south.fill_null(False),
        imp_s=t.i_south.fill_null(False),
        # Not listed: N is every exporter outside S, including codes absent from the flags.
        exp_n=t.e_north.fill_null(not north_listed),
    )


def _usable(marked: ir.Table) -> ir.Table:
    """The rows that pass the rules, narrowed to what the aggregates need."""
    t = marked.filter(marked.rule.isnull())
    return t.select(*FLOW_KEY, "xw", "exp_s", "imp_s", "exp_n")


def _report(
    backend: BaseBackend, marked: ir.Table, options: SubstitutionOptions
) -> tuple[InputReport, list[int], str]:
    """Rows per rule in the window, the years present in the data, its labels: one query."""
    counts = to_pandas(
        backend,
        marked.group_by(["rule", "year", "label"]).aggregate(
            rows=marked.count(), value=marked.value.sum()
        ),
    )
    years = sorted({int(y) for y in counts["year"].dropna()})
    labels = "+".join(sorted({str(v) for v in counts["label"].dropna()}))
    absent = [y for y in options.years if y not in years]
    if absent:
        span = f"{years[0]}–{years[-1]}" if years else "none"
        raise YearOutOfRange(
            f"the window {options.years[0]}–{options.year} needs flows for every year; "
            f"missing {', '.join(map(str, absent))} (years in the data: {span})",
            hint="choose another year, or a shorter window (window=1 for one year)",
        )
    counts = counts[counts["rule"] != OUTSIDE].groupby("rule", dropna=False)["rows"].sum()
    issues = []
    for name, description in RULES.items():
        if name not in counts.index:
            continue
        sample = to_pandas(backend, first_flows(marked.filter(marked.rule == name)))
        issues.append(flow_issue(name, description, int(counts[name]), sample))
    used = counts[counts.index.isna()]
    report = InputReport(int(counts.sum()), int(used.iloc[0]) if len(used) else 0, tuple(issues))
    return report, years, labels


def _without_duplicates(
    backend: BaseBackend, usable: ir.Table, marked: ir.Table, report: InputReport
) -> tuple[ir.Table, InputReport]:
    """Drop every row whose key repeats (:func:`~southsouth.trade.screening.repeated_keys`)."""
    dups = repeated_keys(usable)
    n_rows = to_pandas(backend, dups.aggregate(rows=dups.n.sum()))["rows"].iloc[0]
    if pd.isna(n_rows) or not int(n_rows):
        return usable, report
    ok = marked.filter(marked.rule.isnull())
    sample = to_pandas(backend, first_flows(ok.semi_join(dups, list(FLOW_KEY))))
    issue = flow_issue("duplicate-key", RULES["duplicate-key"], int(n_rows), sample)
    kept = usable.anti_join(dups, list(FLOW_KEY))
    report = InputReport(report.rows_in, report.rows_used - int(n_rows), (*report.issues, issue))
    return kept, report


def engine_aggregates(
    backend: BaseBackend,
    rows: ir.Table,
    south: list[str],
    north: list[str] | None,
    countries: list[str] | None,
    product_codes: Collection[str] | None,
    options: SubstitutionOptions,
    matrix_steps: MatrixSteps,
) -> Aggregates:
    """Screen ``rows`` and compute the aggregates (and steps 3–7 if ``matrix_steps="engine"``).

    Raises for years missing from the window, bad rows under ``on_bad="raise"`` and input
    with no usable row.
    """
    cached: list[ir.Table] = []

    def keep(table: ir.Table) -> ir.Table:
        table = table.cache()
        cached.append(table)
        return table

    def reused(table: ir.Table) -> ir.Table:
        # Aggregates read twice (by the engine's steps 3–7) are cached; else read once.
        return keep(table) if matrix_steps == "engine" else table

    codes = None
    if product_codes is not None:
        codes = register(backend, pd.DataFrame({"code": sorted({str(c) for c in product_codes})}))
    try:
        flags = country_flags(backend, south, north, countries)
        marked = marked_rows(
            rows,
            flags,
            known_only=countries is not None,
            north_listed=north is not None,
            product_codes=codes,
            options=options,
        )
        report, _, label = _report(backend, marked, options)
        usable = keep(_usable(marked))
        clean, report = _without_duplicates(backend, usable, marked, report)
        refuse_bad_flows(report.issues, options.on_bad)
        if report.rows_used == 0:
            raise InputError(
                f"no usable flows in {options.years[0]}–{options.year}",
                hint="see the input report: every row was excluded",
            )
        # Step 2: X_ik, X_i, X_k, supply shares and RCA over every exporter in the data.
        xik = clean.group_by(["exporter", "product"]).aggregate(xik=clean.xw.sum())
        xi = xik.group_by("exporter").aggregate(xi=xik.xik.sum())
        xk = xik.group_by("product").aggregate(xk=xik.xik.sum())
        xw = xi.xi.sum().as_scalar()
        sup = xik.join(xi, "exporter").join(xk, "product")
        sup = reused(
            sup.select(
                "exporter",
                "product",
                "xik",
                share=sup.xik / sup.xk,
                rca=(sup.xik / sup.xi) / (sup.xk / xw),
            )
        )
        # Step 1 and M^S: imports of Southern importers (domestic flows are excluded).
        xs = clean.filter(clean.imp_s)
        mjk = reused(
            xs.group_by(["importer", "product"]).aggregate(
                m=xs.xw.sum(),
                m_north=ibis.ifelse(xs.exp_n, xs.xw, 0.0).sum(),
                m_south=ibis.ifelse(xs.exp_s, xs.xw, 0.0).sum(),
            )
        )
        # Step 3, numerator: trade between Southern countries.
        pairs = clean.filter(clean.exp_s & clean.imp_s)
        actual = reused(pairs.group_by(["exporter", "importer"]).aggregate(actual=pairs.xw.sum()))
        out = Aggregates(
            report=report,
            label=label,
            supply=to_pandas(backend, sup),
            imports=to_pandas(backend, mjk),
            actual=to_pandas(backend, actual),
        )
        if matrix_steps == "engine":
            out = _engine_steps(backend, out, sup, mjk, actual, south, options, keep)
        return out
    finally:
        for table in cached:
            table.release()


def _ease_factor(ease: ir.FloatingValue, lam: float) -> ir.FloatingValue:
    if lam == 1.0:
        return ease
    if lam == 0.0:
        return ibis.greatest(ease, ibis.literal(1.0))
    return ibis.greatest(ease, ease.pow(lam))


def _engine_steps(
    backend: BaseBackend,
    out: Aggregates,
    sup: ir.Table,
    mjk: ir.Table,
    actual: ir.Table,
    south: list[str],
    options: SubstitutionOptions,
    keep: Any,
) -> Aggregates:
    """Steps 3–7 as Ibis expressions over the cached aggregates."""
    sup_s = sup.filter(sup.exporter.isin(south)).select("exporter", "product", "share")
    hyp = sup_s.join(mjk.select("importer", "product", "m"), "product")
    hyp = hyp.filter(hyp.exporter != hyp.importer)
    hyp = hyp.group_by(["exporter", "importer"]).aggregate(hypothetical=(hyp.share * hyp.m).sum())
    ease = hyp.left_join(actual, ["exporter", "importer"])
    ease = ease.select(
        exporter=hyp.exporter,
        importer=hyp.importer,
        actual=actual.actual.fill_null(0.0),
        hypothetical=hyp.hypothetical,
    )
    ease = keep(ease.mutate(ease=ease.actual / ease.hypothetical))

    capable = sup.filter(
        sup.exporter.isin(south)
        & (sup.rca >= options.rca_threshold)
        & prefix_filter(sup.product, options.products)
    ).select("exporter", "product", "share")
    mk = mjk.filter(prefix_filter(mjk.product, options.products))
    edges = capable.join(mk.select("importer", "product"), "product")
    edges = edges.filter(edges.exporter != edges.importer)
    edges = edges.join(ease.select("exporter", "importer", "ease"), ["exporter", "importer"])
    edges = keep(
        edges.select(
            "exporter",
            "importer",
            "product",
            w=edges.share * _ease_factor(edges.ease, options.lam),
        )
    )
    per_jk = edges.group_by(["importer", "product"]).aggregate(
        sw=edges.w.sum(), capable_suppliers=edges.count()
    )
    jk = mk.left_join(per_jk, ["importer", "product"])
    jk = jk.select(
        importer=mk.importer,
        product=mk.product,
        m=mk.m,
        m_north=mk.m_north,
        m_south=mk.m_south,
        sw=per_jk.sw.fill_null(0.0),
        capable_suppliers=per_jk.capable_suppliers.fill_null(0),
    )
    jk = jk.mutate(v_south=jk.m * jk.sw)
    jk = jk.mutate(u=ibis.greatest(jk.v_south - jk.m_south, ibis.literal(0.0)))
    jk = keep(jk.mutate(sp=ibis.least(jk.u, jk.m_north)))
    wanted = jk.filter(jk.sp > 0).select("importer", "product")
    live = edges.join(wanted, ["importer", "product"]).select(
        "exporter", "importer", "product", "w"
    )
    return replace(
        out,
        engine_jk=to_pandas(backend, jk.drop("sw")),
        engine_edges=backend.to_pyarrow(live),
        engine_ease=to_pandas(backend, ease),
    )
