"""What a KPI target is measured against: absolute terms and three references.

* **absolute terms** — a per-person indicator times the scope's population (UN WPP via
  Gapminder, the target year's projection) in people, US$, personnel …
  (:data:`ABSOLUTE`); shares, scores and counts stay in their unit;
* **world pool** — for indicators that measure a share of one world total (the UN's
  uniformed force; world HS 30 exports), that total in the latest year with data: a
  scope cannot be planned beyond it, nor to add within one cycle more than the largest
  national level ever recorded (:data:`POOLS`);
* **best level** — the best value any country of at least a million people has reached;
* **frontier rate** — the fastest improvement historically observed: the 90th percentile
  of countries' annualised change over the last ten years of each country's data (the
  longest span available, at least :data:`MIN_SPAN` years, when the data is shorter),
  among at least :data:`MIN_COUNTRIES` countries. One data vintage has no frontier rate.
  Ongoing strategic rivalries, a count of pairs, use the largest share of ongoing
  rivalries that ended within any ten years of the TSS data since 1946 instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from southsouth.indicators.dashboard import direction_sign
from southsouth.indicators.framework import FrameworkIndicator
from southsouth.roadmap.evidence import RIVALRIES, RIVALRY_DATASET
from southsouth.warehouse.store import Warehouse

POPULATION = "gapminder_population"
FRONTIER_QUANTILE = 0.9
SPAN = 10
MIN_SPAN = 5
MIN_COUNTRIES = 20
#: The best level counts countries of at least this many people (not micro-states).
MIN_PEOPLE = 1e6
#: Rivalry endings are counted from the UN era on (wars of conquest ended many before).
RIVALRY_ERA = 1946

#: Per-person indicators: people per unit of the indicator, and what the absolute counts.
ABSOLUTE: dict[str, tuple[float, str]] = {
    "peacekeeping_contribution": (1e6, "uniformed peacekeepers"),
    "researchers": (1e6, "researchers"),
    "patents": (1e6, "patent applications a year"),
    "scientific_articles": (1e3, "scientific articles a year"),
    "health_worker_density": (1e3, "doctors, nurses and midwives"),
    "internet_users": (1e2, "internet users"),
    "fixed_broadband": (1e2, "fixed broadband subscriptions"),
    "pharma_exports": (1.0, "US$ of HS 30 exports a year"),
}
#: Indicators that measure a share of one world total, and what that total is.
POOLS: dict[str, str] = {
    "peacekeeping_contribution": "the UN's uniformed peacekeeping force (all contributors)",
    "pharma_exports": "world pharmaceutical exports (HS 30, all exporters)",
}


@dataclass(frozen=True)
class Pool:
    """A world total and the largest national level recorded."""

    what: str
    total: float
    year: int
    largest: float
    largest_country: str
    largest_year: int


@dataclass(frozen=True)
class Frontier:
    """The fastest improvement historically observed.

    ``rate`` is in the indicator's unit a year, or — when ``relative`` — the share of the
    stock removed within ``span`` years (observed from ``since``).
    """

    rate: float
    span: int
    countries: int
    relative: bool = False
    since: int | None = None

    def limit(self, baseline: float, years: float, sign: int) -> float:
        """The best value reachable from ``baseline`` in ``years`` at this pace."""
        if self.relative:
            return baseline * (1 - self.rate) ** (max(years, 0) / self.span)
        return baseline + sign * self.rate * max(years, 0)

    def describe(self, unit: str) -> str:
        """One line for captions and checks."""
        if self.relative:
            return (
                f"the fastest pace on record: {self.rate:.0%} of ongoing rivalries ended within "
                f"{self.span} years ({self.since}–{(self.since or 0) + self.span - 1})"
            )
        return (
            f"the fastest improvement observed: {self.rate:.3g} {unit} a year (90th percentile "
            f"of {self.countries} countries' change over {self.span} years)"
        )


@dataclass(frozen=True)
class Reference:
    """Everything a target of one indicator is checked against."""

    indicator: str
    per: float | None
    absolute_unit: str
    best: float | None
    best_country: str
    best_year: int | None
    frontier: Frontier | None
    pool: Pool | None


@dataclass
class References:
    """References by indicator, read from the warehouse once each."""

    wh: Warehouse
    _by_id: dict[str, Reference] = field(default_factory=dict)
    _population: pd.DataFrame | None = None

    def population(self) -> pd.DataFrame:
        """Population by country and year (estimates and projections)."""
        if self._population is None:
            self._population = self.wh.query(
                "SELECT country_iso3, year, value FROM observation WHERE indicator = ? "
                "AND value IS NOT NULL",
                [POPULATION],
            )
        return self._population

    def people(self, countries: list[str], year: int) -> float:
        """Total population of ``countries`` in ``year``."""
        pop = self.population()
        rows = pop[(pop["year"] == year) & pop["country_iso3"].isin(countries)]
        return float(rows["value"].sum())

    def of(self, spec: FrameworkIndicator) -> Reference:
        """The references of ``spec``."""
        if spec.id not in self._by_id:
            self._by_id[spec.id] = self._build(spec)
        return self._by_id[spec.id]

    def _build(self, spec: FrameworkIndicator) -> Reference:
        panel = self.wh.query(
            "SELECT country_iso3, year, value FROM observation WHERE indicator = ? "
            "AND value IS NOT NULL AND country_iso3 IS NOT NULL",
            [spec.source],
        )
        sign = direction_sign(spec.direction) if spec.direction else 0
        per, unit = ABSOLUTE.get(spec.id, (None, spec.unit))
        best = best_country = best_year = None
        sized = self._populous(panel)
        if sign and len(sized):
            row = sized.loc[(sized["value"] * sign).idxmax()]
            best, best_country, best_year = (
                float(row["value"]),
                str(row["country_iso3"]),
                int(row["year"]),
            )
        pool = None
        if spec.id in POOLS and per is not None and len(panel):
            pool = self._pool(panel, per, POOLS[spec.id])
        return Reference(
            indicator=spec.id,
            per=per,
            absolute_unit=unit,
            best=best,
            best_country=best_country or "",
            best_year=best_year,
            frontier=None
            if not sign
            else self._rivalry_pace()
            if spec.id == RIVALRIES
            else frontier_rate(panel, sign),
            pool=pool,
        )

    def _populous(self, panel: pd.DataFrame) -> pd.DataFrame:
        """Rows of countries with at least :data:`MIN_PEOPLE` people in that year."""
        pop = self.population().rename(columns={"value": "pop"})
        joined = panel.merge(pop, on=["country_iso3", "year"], how="inner")
        return joined[joined["pop"] >= MIN_PEOPLE]

    def _rivalry_pace(self) -> Frontier | None:
        """The largest share of ongoing rivalries that ended within ten years (TSS)."""
        spans = self.wh.query(
            "SELECT year_start AS s, year_end AS e FROM relation WHERE source_id = ? "
            "AND kind = 'rivalry'",
            [RIVALRY_DATASET],
        )
        if spans.empty:
            return None
        best: tuple[float, int, int] | None = None
        last = int(spans["e"].max()) if spans["e"].notna().any() else 0
        for start in range(RIVALRY_ERA, last - SPAN + 2):
            ongoing = spans[(spans["s"] <= start) & (spans["e"].isna() | (spans["e"] >= start))]
            ended = ongoing[ongoing["e"].notna() & (ongoing["e"] < start + SPAN)]
            if len(ongoing) >= MIN_COUNTRIES:
                share = len(ended) / len(ongoing)
                if best is None or share > best[0]:
                    best = (share, start, len(ongoing))
        if best is None:
            return None
        return Frontier(best[0], SPAN, best[2], relative=True, since=best[1])

    def _pool(self, panel: pd.DataFrame, per: float, what: str) -> Pool:
        joined = panel.merge(
            self.population().rename(columns={"value": "pop"}),
            on=["country_iso3", "year"],
            how="inner",
        )
        joined["absolute"] = joined["value"] * joined["pop"] / per
        latest = int(joined["year"].max())
        total = float(joined.loc[joined["year"] == latest, "absolute"].sum())
        top = joined.loc[joined["absolute"].idxmax()]
        return Pool(
            what, total, latest, float(top["absolute"]), str(top["country_iso3"]), int(top["year"])
        )


def frontier_rate(panel: pd.DataFrame, sign: int) -> Frontier | None:
    """The 90th percentile of countries' annualised improvement (None below the minimums)."""
    if panel.empty:
        return None
    years = sorted(panel["year"].unique())
    span = min(SPAN, int(years[-1] - years[0]))
    if span < MIN_SPAN:
        return None
    values = (
        panel.dropna(subset=["value"])
        .drop_duplicates(["country_iso3", "year"], keep="last")
        .set_index(["country_iso3", "year"])["value"]
        .astype(float)
    )
    last = values.reset_index().groupby("country_iso3")["year"].max()
    ends = values.reindex(pd.MultiIndex.from_arrays([last.index, last.to_numpy()]))
    starts = values.reindex(pd.MultiIndex.from_arrays([last.index, last.to_numpy() - span]))
    both = starts.notna().to_numpy()
    changes = sign * (ends.to_numpy()[both] - starts.to_numpy()[both]) / span
    if len(changes) < MIN_COUNTRIES:
        return None
    return Frontier(float(np.quantile(changes, FRONTIER_QUANTILE)), span, len(changes))
