"""Climate gap: exposure (ND-GAIN vulnerability) against readiness to adapt, by member and bloc.

Data: ND-GAIN Country Index, 2022 release (dataset ``ndgain-2022``), whose last data year is
2020; population of the same year from WDI (``wdi_population``), else UN WPP via Gapminder
(``gapminder_population``).

Quadrants: a country is *more exposed* when its vulnerability is above the median of every
country ND-GAIN scores for vulnerability in the year, and *more ready* when its readiness is
above the median of every country scored for readiness (182 and 192 countries in 2020). These
are southsouth's cut-offs, computed from the data, not lines ND-GAIN publishes. A country at
the median counts as less exposed / less ready. Members without both scores (small states lack
a vulnerability score) are ``not_scored``, counted apart, never guessed.

The more exposed, less ready members are the candidates for joint adaptation and early-warning
programmes; the most ready members (readiness above the median) are the partners.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from southsouth.errors import InputError
from southsouth.indicators.aggregates import POPULATION_INDICATORS, pick_population
from southsouth.jsonable import records
from southsouth.registry.groups import resolve_groups
from southsouth.registry.membership import membership_year
from southsouth.warehouse.store import Warehouse

DATASET = "ndgain-2022"
VULNERABILITY, READINESS = "ndgain_vulnerability", "ndgain_readiness"
POPULATION_DATASETS = {
    "wdi_population": "wdi-population",
    "gapminder_population": "gapminder-population",
}
#: Quadrant ids, their plain words, and what a plan does with them.
QUADRANTS: dict[str, str] = {
    "exposed_unready": "more exposed, less ready (adaptation and early-warning candidates)",
    "exposed_ready": "more exposed, more ready",
    "sheltered_unready": "less exposed, less ready",
    "sheltered_ready": "less exposed, more ready (partners)",
    "not_scored": "not scored by ND-GAIN (no vulnerability or readiness score)",
}
CUTOFF_RULE = (
    "median of every country ND-GAIN scores in the year, for each measure (a southsouth rule; "
    "ND-GAIN publishes no quadrant lines); at the median counts as less exposed / less ready"
)
MEMBER_COLUMNS = [
    "group",
    "iso3",
    "name",
    "vulnerability",
    "readiness",
    "gap",
    "quadrant",
    "population",
    "population_source",
]


@dataclass(frozen=True)
class Cutoffs:
    """The year's quadrant cut-offs and how many countries they are the medians of."""

    year: int
    vulnerability: float
    readiness: float
    vulnerability_scored: int
    readiness_scored: int

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "year": self.year,
            "vulnerability_median": self.vulnerability,
            "readiness_median": self.readiness,
            "vulnerability_scored": self.vulnerability_scored,
            "readiness_scored": self.readiness_scored,
            "rule": CUTOFF_RULE,
        }


def quadrant(vulnerability: float, readiness: float, cutoffs: Cutoffs) -> str:
    """The quadrant id of one country's scores (``not_scored`` when either is missing)."""
    if pd.isna(vulnerability) or pd.isna(readiness):
        return "not_scored"
    exposed = "exposed" if vulnerability > cutoffs.vulnerability else "sheltered"
    ready = "ready" if readiness > cutoffs.readiness else "unready"
    return f"{exposed}_{ready}"


def cutoffs_of(vulnerability: pd.Series, readiness: pd.Series, year: int) -> Cutoffs:
    """Medians of every country's scores (ISO3-indexed series of one year)."""
    v, r = vulnerability.dropna(), readiness.dropna()
    if v.empty or r.empty:
        raise InputError(
            f"ND-GAIN has no vulnerability or readiness scores for {year}",
            hint="the 2022 release covers 1995–2020",
        )
    return Cutoffs(year, float(v.median()), float(r.median()), len(v), len(r))


def group_totals(members: pd.DataFrame) -> pd.DataFrame:
    """Members and people per group and quadrant; ``pct_people`` is of the group's members
    with a population (every quadrant listed, empty ones with zeros)."""
    rows: list[dict[str, Any]] = []
    for group, part in members.groupby("group", sort=False):
        people = part["population"].sum(min_count=1)
        for quad, label in QUADRANTS.items():
            hit = part[part["quadrant"] == quad]
            in_quad = float(hit["population"].sum())
            rows.append(
                {
                    "group": group,
                    "quadrant": quad,
                    "label": label,
                    "members": len(hit),
                    "people": in_quad,
                    "pct_people": 100 * in_quad / people if people and people > 0 else np.nan,
                    "iso3s": ",".join(hit["iso3"]),
                    "without_population": ",".join(hit.loc[hit["population"].isna(), "iso3"]),
                }
            )
    return pd.DataFrame(rows)


@dataclass(frozen=True, eq=False)
class ClimateGap:
    """Vulnerability against readiness for each member of each group, the quadrant cut-offs,
    people per quadrant by group, sources and notes."""

    cutoffs: Cutoffs
    members: pd.DataFrame
    groups: pd.DataFrame
    sources: tuple[dict[str, str], ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    def _of(self, group: str | None) -> pd.DataFrame:
        if group is None:
            return self.members.drop_duplicates("iso3")
        known = list(dict.fromkeys(self.members["group"]))
        if group not in known:
            raise InputError(f"{group!r} is not one of {', '.join(known)}", hint="pick a group")
        return self.members[self.members["group"] == group]

    def most_exposed(self, n: int = 5, group: str | None = None) -> pd.DataFrame:
        """Up to ``n`` more exposed, less ready members, largest vulnerability − readiness
        first (ND-GAIN's own gap: its score is (readiness − vulnerability + 1) × 50)."""
        rows = self._of(group)
        rows = rows[rows["quadrant"] == "exposed_unready"]
        return rows.sort_values(["gap", "iso3"], ascending=[False, True]).head(n)

    def most_ready(self, n: int = 5, group: str | None = None) -> pd.DataFrame:
        """Up to ``n`` members with readiness above the median, most ready first (partners;
        a member without a vulnerability score still counts here by its readiness)."""
        rows = self._of(group)
        rows = rows[rows["readiness"] > self.cutoffs.readiness]
        return rows.sort_values(["readiness", "iso3"], ascending=[False, True]).head(n)

    def people(self, group: str, quadrant_id: str = "exposed_unready") -> float:
        """People (in the data year) in members of ``group`` in one quadrant."""
        if quadrant_id not in QUADRANTS:
            raise InputError(f"unknown quadrant {quadrant_id!r}", hint=", ".join(QUADRANTS))
        hit = self.groups[
            (self.groups["group"] == group) & (self.groups["quadrant"] == quadrant_id)
        ]
        if hit.empty:
            raise InputError(f"{group!r} is not a group of this climate gap")
        return float(hit["people"].iloc[0])

    def as_dict(self, top: int = 5) -> dict[str, Any]:
        """Everything as JSON-ready data; ``top`` members listed per group and list."""
        names = list(dict.fromkeys(self.members["group"]))
        columns = [c for c in MEMBER_COLUMNS if c != "population_source"]
        return {
            "year": self.cutoffs.year,
            "cutoffs": self.cutoffs.as_dict(),
            "quadrants": dict(QUADRANTS),
            "members": records(self.members),
            "groups": records(self.groups),
            "most_exposed": records(
                pd.concat([self.most_exposed(top, g)[columns] for g in names], ignore_index=True)
            ),
            "most_ready": records(
                pd.concat([self.most_ready(top, g)[columns] for g in names], ignore_index=True)
            ),
            "sources": list(self.sources),
            "notes": list(self.notes),
        }


def _scores(warehouse: Warehouse, year: int | None) -> tuple[int, pd.Series, pd.Series]:
    warehouse.require(DATASET)
    if year is None:
        last = warehouse.query(
            "SELECT max(year) AS year FROM observation WHERE indicator = ?", [VULNERABILITY]
        )["year"].iloc[0]
        if pd.isna(last):
            raise InputError("ND-GAIN vulnerability has no values", hint="re-sync ndgain-2022")
        year = int(last)
    frame = warehouse.query(
        "SELECT indicator, country_iso3, value FROM observation "
        "WHERE indicator IN (?, ?) AND year = ? AND value IS NOT NULL",
        [VULNERABILITY, READINESS, year],
    )
    by = {
        ind: frame[frame["indicator"] == ind].set_index("country_iso3")["value"].astype(float)
        for ind in (VULNERABILITY, READINESS)
    }
    return year, by[VULNERABILITY], by[READINESS]


def _population(warehouse: Warehouse, iso3s: list[str], year: int) -> tuple[pd.Series, pd.Series]:
    pop = warehouse.query(
        "SELECT indicator, country_iso3, value FROM observation "
        "WHERE indicator IN (SELECT unnest(?)) AND year = ? "
        "AND country_iso3 IN (SELECT unnest(?)) AND value IS NOT NULL",
        [list(POPULATION_INDICATORS), year, iso3s],
    )
    first, second = POPULATION_INDICATORS
    return pick_population(
        pop[pop["indicator"] == first].set_index("country_iso3")["value"],
        pop[pop["indicator"] == second].set_index("country_iso3")["value"],
        (first, second),
    )


def climate_gap_of(
    warehouse: Warehouse, groups: Mapping[str, Collection[str]], *, year: int | None = None
) -> ClimateGap:
    """The climate gap of named member lists (``groups``: name → ISO3 codes) in ``year``
    (default: ND-GAIN's last data year, 2020 in the 2022 release)."""
    if not groups or not all(groups.values()):
        raise InputError("a climate gap needs at least one group with members")
    year, vulnerability, readiness = _scores(warehouse, year)
    cut = cutoffs_of(vulnerability, readiness, year)
    everyone = sorted({c for members in groups.values() for c in members})
    population, pop_source = _population(warehouse, everyone, year)
    names = warehouse.query(
        "SELECT iso3, name FROM country WHERE iso3 IN (SELECT unnest(?))", [everyone]
    ).set_index("iso3")["name"]
    rows: list[dict[str, Any]] = []
    for group, members in groups.items():
        for iso3 in sorted(set(members)):
            v, r = vulnerability.get(iso3, np.nan), readiness.get(iso3, np.nan)
            rows.append(
                {
                    "group": group,
                    "iso3": iso3,
                    "name": str(names.get(iso3, iso3)),
                    "vulnerability": v,
                    "readiness": r,
                    "gap": v - r,
                    "quadrant": quadrant(v, r, cut),
                    "population": population.get(iso3, np.nan),
                    "population_source": pop_source.get(iso3),
                }
            )
    members_frame = pd.DataFrame(rows, columns=MEMBER_COLUMNS)
    used = [DATASET] + [
        POPULATION_DATASETS[s] for s in dict.fromkeys(pop_source) if s in POPULATION_DATASETS
    ]
    sources = tuple(warehouse.provenance(d) for d in used if warehouse.loaded(d))
    unscored = members_frame.loc[members_frame["quadrant"] == "not_scored", "iso3"].unique()
    notes = [
        f"ND-GAIN Country Index, 2022 release: vulnerability and readiness of {year} (the "
        "release's last data year; later releases revise the whole series, so values are not "
        "comparable across editions).",
        f"Cut-offs for {year}: vulnerability {cut.vulnerability:.3f} (median of "
        f"{cut.vulnerability_scored} countries), readiness {cut.readiness:.3f} (median of "
        f"{cut.readiness_scored}); {CUTOFF_RULE}.",
        f"People: population in {year} (wdi_population, else gapminder_population, UN WPP).",
    ]
    if len(unscored):
        notes.append(
            "Not scored (no ND-GAIN vulnerability or readiness score): " + ", ".join(unscored)
        )
    return ClimateGap(cut, members_frame, group_totals(members_frame), sources, tuple(notes))


def climate_gap(
    warehouse: Warehouse,
    iso3s: Collection[str],
    *,
    year: int | None = None,
    name: str = "members",
) -> ClimateGap:
    """The climate gap of one list of countries (e.g. a roadmap's members), named ``name``."""
    return climate_gap_of(warehouse, {name: tuple(iso3s)}, year=year)


def climate_gaps(
    warehouse: Warehouse, groups: Sequence[str], *, year: int | None = None
) -> ClimateGap:
    """The climate gap of Global South definitions, bloc ids or custom lists: today's
    members (the plan's), each scored with ND-GAIN's ``year`` (default its last)."""
    if not groups:
        raise InputError("name at least one group", hint="e.g. --group g77 or --group AU")
    resolved = resolve_groups(warehouse, groups, year=membership_year(None))
    gap = climate_gap_of(warehouse, {g.entity: g.members for g in resolved}, year=year)
    as_of = sorted({g.as_of.isoformat() for g in resolved})
    extra = [
        f"Members: today's memberships (on record for {', '.join(as_of)}), each scored with "
        f"its ND-GAIN {gap.cutoffs.year} values."
    ]
    extra += [g.note for g in resolved if g.note]
    return ClimateGap(gap.cutoffs, gap.members, gap.groups, gap.sources, (*gap.notes, *extra))
