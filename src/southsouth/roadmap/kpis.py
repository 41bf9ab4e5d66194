"""KPIs bound to indicators: baselines from the evidence, targets from stated rules.

A KPI's scope is the whole group (its aggregate as compared across blocs) or the
initiative's participants (aggregated here with the same coverage rules: population-
weighted means for rates, sums for stocks, nothing below the coverage thresholds).
Ongoing strategic rivalries are pairs: over any scope they are the distinct pairs with at
least one country in it, each counted once, never the sum of the countries' counts.

Target rules, each stated in the KPI's ``basis``:

* ``green`` — reach the framework's green threshold (SDSN SDR 2025 where available);
  a scope already there is asked to close a quarter of its remaining distance to the
  best goalpost instead (improve, not merely hold);
* an explicit target (e.g. 4.45 health workers per 1,000, the WHO SDG index threshold, or
  a count derived from the evidence), with its reason.

Target years are left open (``TARGET_AT_END``) when the catalogue builds a KPI; the
planner sets them to the end of the initiative's first cycle, and the calibration
(:mod:`southsouth.roadmap.calibration`) draws the path from the planning year.

A KPI names partial or stale inputs where it is used (``caveat``): its baseline is stale when
its newest value is more than :data:`~southsouth.provenance.STALE_AFTER_YEARS` years
before the planning year, and the catalogue adds what else is partial about it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pandas as pd

from southsouth.indicators.aggregates import aggregate
from southsouth.indicators.framework import FrameworkIndicator
from southsouth.provenance import STALE_AFTER_YEARS
from southsouth.roadmap.evidence import RIVALRIES, GroupEvidence
from southsouth.roadmap.model import Kpi
from southsouth.sources.rivalries import TSS_END

TARGET_AT_END = 0
#: The basis of a target the user set in the initiatives file (the plan checks keep it).
USER_BASIS = "set in the initiatives file"
#: Share of the remaining distance to the best goalpost a scope already green is asked for.
BEYOND_GREEN = 0.25


def spec_of(ev: GroupEvidence, indicator: str) -> FrameworkIndicator:
    """The framework entry of ``indicator`` (pillar indicator or context)."""
    return ev.framework.indicator(indicator)


def _sources(
    ev: GroupEvidence, spec: FrameworkIndicator, countries: Sequence[str]
) -> tuple[str, ...]:
    rows = ev.latest[
        (ev.latest["indicator"] == spec.id) & ev.latest["country_iso3"].isin(list(countries))
    ].dropna(subset=["value"])
    ids = sorted(set(rows["source_id"].dropna().astype(str)))
    return ev.source_list(*ids) or tuple(ids)


def scope_baseline(
    ev: GroupEvidence, spec: FrameworkIndicator, countries: Sequence[str] | None
) -> tuple[float, int, str] | None:
    """(value, year, note) of ``spec`` over ``countries`` (None = the group), or None."""
    if countries is None:
        row = ev.baseline_row(spec.id)
        if row is None or row["value"] is None or pd.isna(row["value"]):
            return None
        years = ev.latest[(ev.latest["indicator"] == spec.id) & ev.latest["value"].notna()][
            "year"
        ].dropna()
        year = int(years.max()) if len(years) else ev.year
        return float(row["value"]), year, str(row["note"])
    members = list(dict.fromkeys(countries))
    if spec.id == RIVALRIES and "rivalries" not in ev.absent:
        touching, both = ev.rivalry_pairs(members)
        return (
            float(touching),
            TSS_END,
            (
                f"{touching} distinct ongoing rivalries (TSS, {TSS_END}) with at least one of the "
                f"{len(members)}, {both} of them between two of them; each pair counted once"
            ),
        )
    rows = ev.latest[(ev.latest["indicator"] == spec.id) & ev.latest["country_iso3"].isin(members)]
    values = rows.set_index("country_iso3")["value"].astype(float)
    years = rows.set_index("country_iso3")["year"]
    weights = ev.population.reindex(members) if spec.kind == "rate" else None
    result = aggregate(values, weights, spec.kind, members, years=years.dropna().astype(int))
    if result.value is None:
        return None
    used = [y for _, y in result.years_used]
    return result.value, (max(used) if used else ev.year), result.note


def green_target(spec: FrameworkIndicator, baseline: float) -> tuple[float, str]:
    """Target and basis under the ``green`` rule."""
    green = spec.trend_target
    sign = 1 if spec.direction >= 0 else -1
    if green is None:
        raise ValueError(f"{spec.id} has no green threshold; give an explicit target")
    if sign * (baseline - green) < 0:
        return green, f"reach the green threshold {green:g} {spec.unit} ({spec.basis})"
    best = spec.goalposts.best if spec.goalposts else green
    target = baseline + BEYOND_GREEN * (best - baseline)
    return target, (
        f"already at or beyond the green threshold {green:g}: close {BEYOND_GREEN:.0%} of the "
        f"remaining distance to the best goalpost {best:g} ({spec.basis})"
    )


def make_kpi(
    ev: GroupEvidence,
    indicator: str,
    *,
    countries: Sequence[str] | None = None,
    scope: str = "",
    target: float | None = None,
    basis: str = "",
    target_year: int = TARGET_AT_END,
    caveat: str = "",
) -> Kpi | None:
    """A KPI over the group (``countries=None``) or over ``countries``; None without a baseline.

    Without ``target`` the ``green`` rule applies. ``caveat`` names partial inputs; a stale
    baseline is named whatever is given (:func:`stale_caveat`).
    """
    spec = spec_of(ev, indicator)
    found = scope_baseline(ev, spec, countries)
    if found is None:
        return None
    value, year, note = found
    if target is None:
        target, basis = green_target(spec, value)
    who = scope or (
        f"{ev.name} (group aggregate)" if countries is None else f"{len(countries)} participants"
    )
    chosen = countries if countries is not None else ev.iso3
    return Kpi(
        indicator=spec.id,
        name=spec.name,
        unit=spec.unit,
        direction=spec.direction,
        scope=f"{who}; {note}",
        baseline=value,
        baseline_year=year,
        target=float(target),
        target_year=target_year,
        basis=basis,
        sources=_sources(ev, spec, chosen),
        members=() if countries is None else tuple(sorted(set(countries))),
        caveat="; ".join(t for t in (stale_caveat(ev, year), caveat) if t),
    )


def stale_caveat(ev: GroupEvidence, year: int) -> str:
    """Why a baseline from ``year`` is stale for a plan made in ``ev.year`` (empty if not)."""
    age = ev.staleness(year)
    if age is None:
        return ""
    return (
        f"stale: the newest data are from {year}, {age} years before {ev.year} (more than "
        f"{STALE_AFTER_YEARS})"
    )


def first_kpi(ev: GroupEvidence, candidates: Sequence[tuple[str, dict[str, object]]]) -> list[Kpi]:
    """KPIs for the candidates that have a baseline (each ``(indicator, make_kpi kwargs)``)."""
    out = []
    for indicator, kwargs in candidates:
        kpi = make_kpi(ev, indicator, **kwargs)  # type: ignore[arg-type]
        if kpi is not None:
            out.append(kpi)
    return out


def with_target_year(kpi: Kpi, year: int) -> Kpi:
    """``kpi`` with its target year set to ``year`` when it is still open."""
    return replace(kpi, target_year=kpi.target_year or year)
