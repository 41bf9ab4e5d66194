"""Bloc and group aggregates of country indicators, with coverage rules.

Two kinds of indicator aggregate differently:

- a **stock** (people, US$, articles, applications, conflicts …) is summed over the members;
- a **rate** (%, fraction, anything "per" something: per 1,000 people, per person, per year …)
  is averaged with the members' population of the aggregate year as weights.

Coverage is always reported, and a number is refused (``value=None`` with the reason in
``note``) when too little of the group is covered: a rate needs members holding at least
70 % of the group's population; a stock needs at least 90 % of the members, or else, only
when asked (``CoverageThresholds(partial_sums=True)``), it is returned as a partial sum
flagged ``partial=True``. Missing members are never imputed, so a stock sum over fewer than
all members is a lower bound and is always flagged ``partial``.

The kind comes from the caller or from the unit string (:func:`kind_from_unit`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any, Literal

import pandas as pd

from southsouth.errors import InputError, NotSynced, UnknownIndicator
from southsouth.indicators.observations import indicator_spans, observations
from southsouth.registry import group_countries
from southsouth.warehouse.store import Warehouse

Kind = Literal["stock", "rate"]
KINDS: tuple[Kind, ...] = ("stock", "rate")

#: Population indicators used as weights, in order of preference.
POPULATION_INDICATORS: tuple[str, ...] = ("wdi_population", "gapminder_population")

_RATE = re.compile(r"^\s*%|^\s*fraction\b|^\s*share\b|\bper\b", re.IGNORECASE)
_NON_ADDITIVE = re.compile(
    r"\b(index|score|rank|rating|level|category|latent)\b|\(\s*-?\d+(\.\d+)?\s*[–-]",
    re.IGNORECASE,
)
_STOCK = re.compile(
    r"\bpeople\b|\$|\bapplications\b|\barticles\b|\bconflicts\b|\bpersonnel\b|\bnumber\b"
    r"|\bcount\b|\btonnes\b|trend-indicator value",
    re.IGNORECASE,
)


def kind_from_unit(unit: str) -> Kind:
    """Stock or rate, read from an indicator's unit string.

    Rules, applied in order (case-insensitive):

    1. rate: the unit starts with ``%``, ``fraction`` or ``share``, or contains the word
       ``per`` (``per 1,000 people``, ``current US$ per person``, ``% per year``);
    2. neither: the unit names an index, score, rank, rating, level, category or latent
       value, or a bounded scale such as ``(0–10)``; these have no meaningful sum and a
       population-weighted mean of them is a modelling choice, so :class:`InputError` asks
       the caller to pass ``kind`` explicitly;
    3. stock: the unit counts something additive (people, a currency ``$``, applications,
       articles, conflicts, personnel, number, count, tonnes, SIPRI trend-indicator value);
    4. anything else: :class:`InputError` (pass ``kind``).
    """
    if _RATE.search(unit):
        return "rate"
    if _NON_ADDITIVE.search(unit) is None and _STOCK.search(unit):
        return "stock"
    raise InputError(
        f"cannot tell whether the unit {unit!r} is a stock (summed) or a rate (averaged)",
        hint="pass kind='stock' or kind='rate'; indices, scores and ranks have no sum",
    )


@dataclass(frozen=True)
class CoverageThresholds:
    """When an aggregate is published.

    ``rate_population``: minimum share of the group's population held by members with a
    value (rates). ``stock_members``: minimum share of members with a value (stocks).
    ``partial_sums``: below ``stock_members``, return the sum of the members that have data,
    flagged partial, instead of no value.
    """

    rate_population: float = 0.70
    stock_members: float = 0.90
    partial_sums: bool = False

    def __post_init__(self) -> None:
        for name in ("rate_population", "stock_members"):
            share = getattr(self, name)
            if not 0.0 <= share <= 1.0:
                raise InputError(
                    f"coverage threshold {name}={share} is not a share between 0 and 1",
                    hint="give e.g. 0.7 for 70 %",
                )


@dataclass(frozen=True)
class SourceRef:
    """The dataset behind a number: id, publisher, licence, vintage and citation."""

    dataset_id: str
    publisher: str
    licence: str
    vintage: str
    citation: str


@dataclass(frozen=True)
class Aggregate:
    """One indicator aggregated over one group of countries.

    ``value`` is None when coverage is below the thresholds (``note`` says why).
    ``coverage`` = members with a value / members; ``population_coverage`` = population of
    members with a value / population of members whose population is known (None without
    weights). ``missing`` lists members without a value; ``years_used`` pairs each member
    with a value with the year that value is from. ``partial`` is True when the value is a
    sum that leaves out members. ``weighting`` says which population series weighted a mean.
    """

    value: float | None
    kind: Kind
    n_members: int
    n_with_data: int
    coverage: float
    population_coverage: float | None
    missing: tuple[str, ...]
    years_used: tuple[tuple[str, int], ...]
    note: str
    partial: bool = False
    weighting: str = ""
    indicator: str = ""
    unit: str = ""
    group: str = ""
    year: int | None = None
    window: int = 0
    sources: tuple[SourceRef, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready mapping (``years_used`` as an ISO3 → year object)."""
        return {
            "indicator": self.indicator,
            "unit": self.unit,
            "group": self.group,
            "year": self.year,
            "window": self.window,
            "kind": self.kind,
            "value": self.value,
            "partial": self.partial,
            "n_members": self.n_members,
            "n_with_data": self.n_with_data,
            "coverage": self.coverage,
            "population_coverage": self.population_coverage,
            "missing": list(self.missing),
            "years_used": dict(self.years_used),
            "weighting": self.weighting,
            "note": self.note,
            "sources": [asdict(s) for s in self.sources],
        }


def _percent(share: float) -> str:
    return f"{100 * share:.1f} %"


def _clean_series(series: pd.Series, what: str) -> pd.Series:
    if series.index.has_duplicates:
        dupes = sorted({str(i) for i in series.index[series.index.duplicated()]})
        raise InputError(
            f"{what} has more than one entry for {', '.join(dupes)}",
            hint="give one value per ISO3 code",
        )
    return pd.to_numeric(series, errors="coerce").astype(float)


def aggregate(
    values: pd.Series,
    weights: pd.Series | None,
    kind: Kind,
    members: Sequence[str],
    thresholds: CoverageThresholds | None = None,
    *,
    years: pd.Series | None = None,
) -> Aggregate:
    """Aggregate ``values`` (ISO3 → value) over ``members``.

    ``weights`` (ISO3 → population) weight a rate's mean and measure population coverage;
    without them a rate is an unweighted mean and its threshold applies to the share of
    members instead (said in the note). ``years`` (ISO3 → year) records the year of each
    value. Entries for countries outside ``members`` are ignored; NaN means missing.
    """
    if kind not in KINDS:
        raise InputError(f"unknown aggregate kind {kind!r}", hint="use 'stock' or 'rate'")
    rules = thresholds or CoverageThresholds()
    codes = list(dict.fromkeys(members))
    n = len(codes)
    vals = _clean_series(values, "values").reindex(codes)
    have = vals.notna().to_numpy()
    with_data = [c for c, present in zip(codes, have, strict=True) if present]
    missing = tuple(c for c, present in zip(codes, have, strict=True) if not present)
    used: tuple[tuple[str, int], ...] = ()
    if years is not None:
        yrs = _clean_series(years, "years").reindex(with_data)
        used = tuple((c, int(y)) for c, y in yrs.items() if pd.notna(y))
    coverage = len(with_data) / n if n else 0.0

    pop_cov: float | None = None
    no_weight: list[str] = []
    w = None
    if weights is not None:
        w = _clean_series(weights, "weights").reindex(codes)
        if (w < 0).any():
            raise InputError("population weights must not be negative", hint="check weights")
        no_weight = [c for c, absent in zip(codes, w.isna().to_numpy(), strict=True) if absent]
        known = w.dropna()
        total = float(known.sum())
        pop_cov = float(known[known.index.isin(with_data)].sum()) / total if total > 0 else 0.0

    base = Aggregate(
        value=None,
        kind=kind,
        n_members=n,
        n_with_data=len(with_data),
        coverage=coverage,
        population_coverage=pop_cov,
        missing=missing,
        years_used=used,
        note="the group has no members",
    )
    if n == 0:
        return base
    cov_text = f"{len(with_data)} of {n} members ({_percent(coverage)})" + (
        f", {_percent(pop_cov)} of their population" if pop_cov is not None else ""
    )
    gaps = (
        f"; no population for {', '.join(no_weight)} (left out of population coverage)"
        if no_weight
        else ""
    )

    if kind == "stock":
        total_value = float(vals[with_data].sum()) if with_data else None
        partial = bool(missing) and bool(with_data)
        if coverage >= rules.stock_members and with_data:
            note = f"sum over {cov_text}{gaps}"
            if missing:
                note += f"; PARTIAL: leaves out {', '.join(missing)} (not imputed; a lower bound)"
            return replace(base, value=total_value, partial=partial, note=note)
        if rules.partial_sums and with_data:
            note = (
                f"PARTIAL SUM over {cov_text}, below the {_percent(rules.stock_members)} of "
                f"members required for a group total; leaves out {', '.join(missing)}{gaps}"
            )
            return replace(base, value=total_value, partial=True, note=note)
        note = (
            f"no aggregate: {cov_text} have data, below the {_percent(rules.stock_members)} "
            f"of members required for a sum{gaps}"
        )
        return replace(base, note=note)

    # rate
    if w is None:
        if coverage < rules.rate_population or not with_data:
            note = (
                f"no aggregate: {cov_text} have data, below the "
                f"{_percent(rules.rate_population)} required (no population weights given, "
                "so the threshold applies to the share of members)"
            )
            return replace(base, note=note)
        mean = float(vals[with_data].mean())
        note = f"UNWEIGHTED mean over {cov_text} (no population weights given)"
        return replace(base, value=mean, note=note)
    positive = set(w.index[(w > 0).to_numpy()])
    weighted = [c for c in with_data if c in positive]
    unweighted = [c for c in with_data if c not in positive]
    if pop_cov is None or pop_cov < rules.rate_population or not weighted:
        note = (
            f"no aggregate: {cov_text} have data, below the {_percent(rules.rate_population)} "
            f"of population required for a weighted mean{gaps}"
        )
        return replace(base, note=note)
    ww = w[weighted]
    mean = float((vals[weighted] * ww).sum() / ww.sum())
    note = f"population-weighted mean over {cov_text}{gaps}"
    if unweighted:
        note += f"; {', '.join(unweighted)} have a value but no population and are left out"
    return replace(base, value=mean, note=note)


def latest_values(frame: pd.DataFrame, year: int, window: int = 0) -> tuple[pd.Series, pd.Series]:
    """Per country, the latest non-missing value in ``year − window`` … ``year``.

    ``frame`` has columns ``country_iso3``, ``year``, ``value``. Returns (values, years),
    both indexed by ISO3.
    """
    if window < 0:
        raise InputError(f"window must be 0 or more years, not {window}", hint="e.g. window=4")
    rows = frame[frame["year"].between(year - window, year) & frame["value"].notna()].sort_values(
        ["country_iso3", "year"]
    )
    last = rows.groupby("country_iso3", sort=True).tail(1).set_index("country_iso3")
    return last["value"].astype(float), last["year"].astype(int)


def pick_population(
    preferred: pd.Series, fallback: pd.Series, names: tuple[str, str]
) -> tuple[pd.Series, pd.Series]:
    """Population per ISO3 from ``preferred``, else ``fallback``; and the source name used."""
    first = preferred.dropna()
    rest = fallback.dropna()
    rest = rest[~rest.index.isin(first.index)]
    pop = pd.concat([first, rest]).astype(float)
    source = pd.Series([names[0]] * len(first) + [names[1]] * len(rest), index=pop.index)
    return pop, source


def _describe_weights(source: pd.Series, year: int) -> str:
    if source.empty:
        return f"no population data for {year}"
    parts = []
    for name, codes in source.groupby(source, sort=False):
        listed = f" ({', '.join(sorted(codes.index))})" if len(codes) <= 5 else ""
        parts.append(f"{name} for {len(codes)} members{listed}")
    return f"population in {year}: " + "; ".join(parts)


def _source_refs(warehouse: Warehouse, dataset_ids: Sequence[str]) -> tuple[SourceRef, ...]:
    if not dataset_ids:
        return ()
    rows = warehouse.reference_query(
        "SELECT dataset_id, publisher, licence, vintage, citation FROM dataset_status"
    ).set_index("dataset_id")
    return tuple(
        SourceRef(d, *(str(rows.at[d, c]) for c in ("publisher", "licence", "vintage", "citation")))
        for d in dict.fromkeys(dataset_ids)
        if d in rows.index
    )


def aggregate_indicator(
    warehouse: Warehouse,
    indicator: str,
    group: str,
    year: int,
    *,
    window: int = 0,
    kind: Kind | None = None,
    thresholds: CoverageThresholds | None = None,
    today: date | None = None,
) -> Aggregate:
    """Aggregate a loaded indicator over a bloc or Global South definition in ``year``.

    Members are the group's on 31 December of ``year`` (for a year after today, today's
    members, said in the note). Each member contributes its value for ``year`` or, with
    ``window`` > 0, its latest value in ``year − window`` … ``year`` (``window=4`` is the
    last five years). Weights are the members' population in ``year`` from
    ``wdi_population``, falling back to ``gapminder_population`` (UN WPP 2024 estimates and
    projections) per member. The kind comes from ``kind`` or the unit (:func:`kind_from_unit`).
    """
    catalogue = warehouse.reference_query("SELECT indicator, unit, source_id FROM indicator")
    meta = catalogue[catalogue["indicator"] == indicator].reset_index(drop=True)
    if meta.empty:
        known = catalogue["indicator"].tolist()
        raise UnknownIndicator(
            indicator, known, hint="`southsouth indicators list` lists the loaded indicators"
        )
    unit, source_id = str(meta.at[0, "unit"]), str(meta.at[0, "source_id"])
    chosen: Kind = kind if kind is not None else kind_from_unit(unit)
    if chosen not in KINDS:
        raise InputError(f"unknown aggregate kind {chosen!r}", hint="use 'stock' or 'rate'")

    if indicator not in indicator_spans(warehouse).index:
        raise InputError(
            f"{indicator} has no country values to aggregate (its data is regional or empty)",
            hint="`southsouth indicators list` shows each indicator's country coverage",
        )
    today = today or date.today()
    notes: list[str] = []
    if year > today.year:
        rows = group_countries(warehouse, group, today=today)
        notes.append(
            f"membership as of {today.isoformat()} (memberships are records, not forecasts)"
        )
    else:
        rows = group_countries(warehouse, group, year=year, today=today)
    members = rows["iso3"].tolist()

    data = observations(
        warehouse, indicator, countries=members, years=range(year - window, year + 1)
    )
    vals, yrs = latest_values(data, year, window)

    pop = warehouse.reference_query(
        "SELECT indicator, country_iso3, value FROM observation "
        "WHERE indicator IN (SELECT unnest(?)) AND year = ? "
        "AND country_iso3 IN (SELECT unnest(?)) AND value IS NOT NULL",
        [list(POPULATION_INDICATORS), year, members],
    )
    by_ind = {
        name: pop[pop["indicator"] == name].set_index("country_iso3")["value"]
        for name in POPULATION_INDICATORS
    }
    weights, wsource = pick_population(
        by_ind[POPULATION_INDICATORS[0]],
        by_ind[POPULATION_INDICATORS[1]],
        (POPULATION_INDICATORS[0], POPULATION_INDICATORS[1]),
    )
    if weights.empty and chosen == "rate":
        loaded = [d for d in ("wdi-population", "gapminder-population") if warehouse.loaded(d)]
        if not loaded:
            raise NotSynced(
                "a population-weighted mean needs population data, and none is loaded",
                hint="run `southsouth data sync wdi-population gapminder-population`",
            )

    result = aggregate(
        vals,
        None if weights.empty and chosen == "stock" else weights,
        chosen,
        members,
        thresholds,
        years=yrs,
    )
    if window:
        counts = yrs.value_counts().sort_index(ascending=False)
        spread = ", ".join(f"{y}: {k}" for y, k in counts.items())
        notes.append(
            f"latest value in {year - window}–{year} per member (members per year: "
            f"{spread or 'none'}); population weights of {year}"
        )
    datasets = [source_id]
    if not wsource.empty:
        ids = warehouse.query(
            "SELECT indicator, source_id FROM indicator WHERE indicator IN (SELECT unnest(?))",
            [sorted(set(wsource))],
        )
        datasets += ids["source_id"].tolist()
    return replace(
        result,
        note="; ".join([result.note, *notes]),
        weighting=_describe_weights(wsource, year) if chosen == "rate" else "",
        indicator=indicator,
        unit=unit,
        group=group,
        year=year,
        window=window,
        sources=_source_refs(warehouse, datasets),
    )
