"""The group's health-workforce figures, each with the countries it covers.

The shortage is the sum over members below the threshold; coverage is supply over need
across the whole group, where members above the threshold offset the others; published
estimates (WHO AFRO) are set beside the model's figure for the same countries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from southsouth.gaps.health_workforce import (
    SDG_CADRE,
    PublishedComparison,
    PublishedEstimate,
    aggregate,
    published_comparisons,
)
from southsouth.gaps.health_workforce_published import PUBLISHED
from southsouth.language.numbers import people
from southsouth.roadmap.evidence import GroupEvidence

#: The year the health-workforce figures are read (the year of WHO AFRO's published estimate).
HEALTH_YEAR = 2030


#: ``Surname Initials et al. Title. Journal YEAR…``: the surname and the first year after the
#: title that is not part of a range (``2022-2030``) or an identifier.
CITATION = re.compile(r"(\w+) [A-Z]+ et al\. .+?[.?] .*?(?<![-–\d])((?:19|20)\d\d)(?![-–\d])")


def short_citation(citation: str) -> str:
    """``Surname et al. YEAR`` of a Vancouver-style citation; the citation itself otherwise."""
    found = CITATION.match(citation)
    return f"{found[1]} et al. {found[2]}" if found else citation


def n_members(n: int) -> str:
    """``1 member``, ``7 members``."""
    return f"{n} member" + ("" if n == 1 else "s")


@dataclass(frozen=True)
class RegionalEstimate:
    """A published estimate for a region only partly inside the group."""

    estimate: PublishedEstimate
    members_inside: int
    region_size: int


@dataclass(frozen=True)
class WorkforceFacts:
    """The group's health-workforce figures in one year, each with the countries it covers."""

    name: str
    year: int
    threshold: float
    shortage: float
    below: int
    above: int
    surplus: float
    coverage: float
    with_data: int
    members: int
    comparisons: tuple[PublishedComparison, ...]
    regional: tuple[RegionalEstimate, ...]

    def shortage_text(self) -> str:
        """The shortage, and that it is the sum over the members below the threshold."""
        if not self.below:
            return (
                f"no member with data is projected below {self.threshold:g} doctors, nurses and "
                f"midwives per 1,000 in {self.year}"
            )
        return (
            f"{people(self.shortage)} doctors, nurses and midwives short of "
            f"{self.threshold:g} per 1,000 in {self.year} in the {n_members(self.below)} below the "
            "threshold (the sum of their shortages)"
        )

    def coverage_text(self) -> str:
        """Coverage over the whole group, and how members above the threshold enter it."""
        text = (
            f"across the whole group ({self.with_data} of {n_members(self.members)} with data) "
            f"supply covers {100 * self.coverage:.0f} % of need"
        )
        if self.above and self.below:
            text += (
                f", because that ratio counts the surplus of the {n_members(self.above)} above the "
                f"threshold ({people(self.surplus)} workers) against the shortages of the others"
            )
        return text

    def published_texts(self) -> tuple[str, ...]:
        """Each published estimate beside the model's figure for the same countries."""
        out = [
            f"The published {region_label(c.published.group)} estimate is a shortfall of "
            f"{people(c.published.shortage)} health workers of all cadres in the "
            f"{c.countries_with_data + c.countries_without_data} countries of the "
            f"{region_label(c.published.group)} region in {c.published.year} "
            f"({short_citation(c.published.citation)}); for the same countries the "
            f"threshold model gives {people(c.shortage)} doctors, nurses and midwives short of "
            f"{c.threshold_per_1000:g} per 1,000. The published figure counts every cadre "
            f"against needs derived from the disease burden ({people(c.published.need)} "
            f"needed); the model counts doctors, nurses and midwives against one density "
            f"({people(c.need)} needed)."
            for c in self.comparisons
        ]
        out += [
            f"The published {region_label(r.estimate.group)} shortfall of "
            f"{people(r.estimate.shortage)} health workers of all cadres in "
            f"{r.estimate.year} ({short_citation(r.estimate.citation)}) covers the "
            f"{r.region_size} countries of the {region_label(r.estimate.group)} region, "
            f"{r.members_inside} of them members of {self.name}; it is not on this group's "
            "scope, so it is not set against the figure above."
            for r in self.regional
        ]
        return tuple(out)

    def lines(self) -> tuple[str, ...]:
        """The health-workforce finding, then each published estimate beside it."""
        first = f"Health workforce: {self.shortage_text()}; {self.coverage_text()}."
        return (first, *self.published_texts())

    def citations(self) -> tuple[str, ...]:
        """Full citations of the published estimates shown."""
        shown = [c.published for c in self.comparisons] + [r.estimate for r in self.regional]
        return tuple(dict.fromkeys(e.citation for e in shown))


def region_label(group: str) -> str:
    """``WHO AFRO`` for ``WHO-AFRO``."""
    return group.replace("-", " ")


def published_beside(
    ev: GroupEvidence, year: int
) -> tuple[tuple[PublishedComparison, ...], tuple[RegionalEstimate, ...]]:
    """Published estimates for ``year`` whose region has members in the group.

    A region wholly inside the group is compared with the model's figure for the same
    countries (the model's own comparison, or the group's country rows summed over the
    region); a region partly inside is returned with how many members it holds.
    """
    health = ev.health
    if health is None:
        return (), ()
    found = [c for c in health.comparisons if c.published.year == year]
    compared = {c.published.group for c in found}
    members = set(health.countries["country_iso3"])
    partial = []
    for estimate in PUBLISHED:
        region = ev.blocs.get(estimate.group, frozenset())
        if estimate.year != year or estimate.group in compared or not region & members:
            continue
        if region <= members:
            groups = {estimate.group: sorted(region)}
            rows = aggregate(health.countries, groups)
            found.extend(
                published_comparisons(rows, health.countries, health.basis, groups, health.cadres)
            )
        else:
            partial.append(RegionalEstimate(estimate, len(region & members), len(region)))
    return tuple(found), tuple(partial)


def workforce_facts(ev: GroupEvidence, year: int = HEALTH_YEAR) -> WorkforceFacts | None:
    """The group's health-workforce figures in ``year`` (None without the model's row)."""
    rows = ev.health_rows()
    if ev.health is None or year not in rows.index:
        return None
    row = rows.loc[year]
    countries = ev.health.countries
    mine = countries[
        (countries["year"] == year) & (countries["cadre"] == SDG_CADRE.id) & countries["has_data"]
    ]
    comparisons, regional = published_beside(ev, year)
    return WorkforceFacts(
        name=ev.name,
        year=year,
        threshold=SDG_CADRE.threshold_per_1000,
        shortage=float(row["shortage"]),
        below=int((mine["shortage"] > 0).sum()),
        above=int((mine["surplus"] > 0).sum()),
        surplus=float(row["surplus"]),
        coverage=float(row["coverage"]),
        with_data=int(row["countries_with_data"]),
        members=int(row["countries"]),
        comparisons=comparisons,
        regional=regional,
    )
