"""Which countries a complexity ranking covers: the Atlas of Economic Complexity's rule.

The Atlas ranks a country in a year only if its population is at least
:data:`MIN_POPULATION` (1 million) and its goods exports at least :data:`MIN_EXPORTS_USD`
(US$1 billion), and it computes RCA, ECI and PCI on those countries alone: noisy data of very
small exporters would move every other country's numbers (Hausmann, Hidalgo et al., *The Atlas
of Economic Complexity*, 2011, Part I section 7 and figure 7.1, then 1.2 million people and
US$1 billion; the Growth Lab's current rankings use 1 million people and US$1 billion).
southsouth does the same by default: the export table is cut to the ranked countries of each
year *before* RCA, so ECI, PCI, density, COI and COG all come from that set, and the
countries left out get no ECI.

Population: WDI ``wdi_population`` of the year, else Gapminder ``gapminder_population`` (UN
WPP 2024). Exports: the country's total over the export table used (after codes naming no
product are dropped). Countries whose population is unknown are left out and listed, never
dropped silently.

The Atlas also leaves out countries with unreliable trade data (its ``in_rankings`` flag).
That screen is not applied: the mirror's flag (``atlas_locations.csv``) is a single
2018-vintage list of 133 countries for every year, while the Atlas ranks 145 in 2017 (e.g.
Afghanistan, Hong Kong, Benin and Sudan are ranked in 2017 but not flagged), so it would
drop countries the Atlas itself ranks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from southsouth.trade.screening import EXAMPLES, Issue

#: A country is ranked only with at least this many people in the year (Atlas rule).
MIN_POPULATION = 1_000_000
#: … and at least these goods exports in the year, US$ (Atlas rule).
MIN_EXPORTS_USD = 1_000_000_000
#: Population indicators, in order of preference (WDI, then Gapminder / UN WPP 2024).
POPULATION_INDICATORS = ("wdi_population", "gapminder_population")
#: Why a country is left out of a year's ranking.
REASONS = {
    "small-population": f"population below {MIN_POPULATION / 1e6:g} million",
    "small-exports": f"exports below US${MIN_EXPORTS_USD / 1e9:g} billion",
    "no-population": "population unknown (neither WDI nor Gapminder has the year)",
}
HOW_TO_INCLUDE = "use --all-countries (API and Python: all_countries=true) to include them"

Rule = Literal["atlas", "all"]


@dataclass(frozen=True)
class CountrySet:
    """The countries ranked in each year and those left out, by reason."""

    rule: Rule
    ranked: dict[int, tuple[str, ...]]
    left_out: dict[int, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    population_source: str = ""

    def notes(self) -> tuple[str, ...]:
        """One sentence per year stating which countries are ranked and which are not."""
        out = []
        for year, ranked in sorted(self.ranked.items()):
            if self.rule == "all":
                out.append(
                    f"ranked: all {len(ranked)} countries with exports in {year} (no Atlas "
                    f"inclusion rule: territories with under {MIN_POPULATION / 1e6:g} million "
                    f"people or under US${MIN_EXPORTS_USD / 1e9:g} billion of exports are "
                    "ranked too, and move every other country's ECI and PCI)"
                )
                continue
            gone = self.left_out.get(year, {})
            n_out = sum(len(v) for v in gone.values())
            parts = [
                f"{len(codes)} with {REASONS[reason]}" + _examples(codes)
                for reason, codes in gone.items()
                if codes
            ]
            out.append(
                f"ranked: {len(ranked)} countries with population ≥ "
                f"{MIN_POPULATION / 1e6:g} million and exports ≥ US${MIN_EXPORTS_USD / 1e9:g} "
                f"billion in {year} (Atlas rule; ECI and PCI are computed on these countries "
                f"only); {n_out} left out"
                + (f" ({'; '.join(parts)})" if parts else "")
                + f" — {HOW_TO_INCLUDE}"
            )
        return tuple(out)

    def issues(self, table: pd.DataFrame) -> tuple[Issue, ...]:
        """The rows of ``table`` (year, country, …) left out, one issue per reason."""
        gone = pd.DataFrame(
            [
                (year, code, reason)
                for year, reasons in self.left_out.items()
                for reason, codes in reasons.items()
                for code in codes
            ],
            columns=["year", "country", "reason"],
        )
        if gone.empty:
            return ()
        keys = table[["year", "country"]].astype({"year": int, "country": str})
        rows = keys.merge(gone, on=["year", "country"])["reason"].value_counts()
        found = []
        for reason, description in REASONS.items():
            mine = gone[gone["reason"] == reason].sort_values(["year", "country"])
            if mine.empty:
                continue
            examples = tuple(f"{r.year} {r.country}" for r in mine.head(EXAMPLES).itertuples())
            found.append(
                Issue(
                    f"atlas-rule-{reason}",
                    "left out of the ranking (Atlas rule)",
                    f"countries with {description}",
                    int(rows.get(reason, 0)),
                    examples,
                )
            )
        return tuple(found)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: the rule, its thresholds, and per year the ranked and left-out codes."""
        return {
            "rule": self.rule,
            "min_population": MIN_POPULATION if self.rule == "atlas" else None,
            "min_exports_usd": MIN_EXPORTS_USD if self.rule == "atlas" else None,
            "population_source": self.population_source or None,
            "years": [
                {
                    "year": year,
                    "ranked": len(ranked),
                    "left_out": {k: list(v) for k, v in self.left_out.get(year, {}).items()},
                }
                for year, ranked in sorted(self.ranked.items())
            ],
        }


def _examples(codes: tuple[str, ...]) -> str:
    shown = ", ".join(codes[:EXAMPLES])
    return f": {shown}{', …' if len(codes) > EXAMPLES else ''}"


def atlas_country_set(
    exports: pd.DataFrame, population: pd.DataFrame, *, population_source: str = ""
) -> CountrySet:
    """The Atlas rule on ``exports`` (year, country, value: totals or product rows, summed)
    and ``population`` (year, country, population).

    A country-year is ranked when population ≥ :data:`MIN_POPULATION` and exports ≥
    :data:`MIN_EXPORTS_USD`; the others are listed by reason (small population first, then
    small exports, then population unknown).
    """
    totals = exports.groupby(["year", "country"], observed=True)["value"].sum()
    people = population.set_index(["year", "country"])["population"]
    people = people[~people.index.duplicated()]
    ranked: dict[int, tuple[str, ...]] = {}
    left_out: dict[int, dict[str, tuple[str, ...]]] = {}
    for year, by_country in totals.groupby(level="year"):
        values = by_country.droplevel("year")
        pop = people.reindex(pd.MultiIndex.from_product([[year], values.index])).to_numpy()
        pop = pd.Series(pop, index=values.index, dtype=float)
        unknown = pop.isna()
        small_pop = ~unknown & (pop < MIN_POPULATION)
        small_exp = ~unknown & ~small_pop & (values < MIN_EXPORTS_USD)
        keep = ~(unknown | small_pop | small_exp)
        ranked[int(year)] = tuple(sorted(map(str, values.index[keep])))
        left_out[int(year)] = {
            "small-population": tuple(sorted(map(str, values.index[small_pop]))),
            "small-exports": tuple(sorted(map(str, values.index[small_exp]))),
            "no-population": tuple(sorted(map(str, values.index[unknown]))),
        }
    return CountrySet("atlas", ranked, left_out, population_source)


def every_country(exports: pd.DataFrame) -> CountrySet:
    """No inclusion rule: every country with exports in a year is ranked."""
    ranked = {
        int(year): tuple(sorted(map(str, group.loc[group["value"] > 0, "country"].unique())))
        for year, group in exports.groupby("year")
    }
    return CountrySet("all", ranked)
