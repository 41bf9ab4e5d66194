"""Science and technology initiatives: research consortia, R&D investment, cyber, connectivity.

R&D investment (R&D spending), cyber capacity (ITU GCI score) and digital connectivity
(internet use) follow the member-level need rule (``need.py``): each exists when the group
aggregate is red or orange, or when at least one in five members with data (and at least
three) are red; its participants are the members in red or orange (cyber adds the mentors).
Cyber capacity reads ITU GCI 2024 scores and is provisional: they are World Bank Data360's
values (which differ from the ITU report for some countries) and no 2024 tier is assigned.
"""

from __future__ import annotations

from southsouth.relations import CoalitionResult
from southsouth.roadmap.catalogue.base import Builder
from southsouth.roadmap.kpis import make_kpi
from southsouth.roadmap.model import EvidenceLink
from southsouth.roadmap.wording import listing, people

#: The framework's red threshold of the GCI 2024 score (55 of 100): leaving red.
GCI_RED_EXIT = 55.0
GCI_STRONG = 85.0
GCI_CAVEAT = (
    "the scores are ITU's GCI 2024 as published by World Bank Data360 (some differ from the "
    "ITU report); ITU's 2024 tiers are not in the data, so no member is placed in a tier"
)


def _members(n: int) -> str:
    return "1 member publishes" if n == 1 else f"{n} members publish"


def _coalition_line(result: CoalitionResult, names: dict[str, str]) -> tuple[list[str], str]:
    best = result.coalitions[0]
    givers = sorted(set(best.flows["provider"])) if len(best.flows) else []
    takers = sorted(set(best.flows["receiver"])) if len(best.flows) else []
    text = (
        f"the coalition finder's best group of {len(best.members)} "
        f"({listing([names.get(m, m) for m in best.members])}) has no high-tension pair "
        f"(highest tension {best.max_tension:.2f})"
    )
    if givers:
        text += (
            f"; {listing([names.get(g, g) for g in givers])} can share capacity with "
            f"{listing([names.get(t, t) for t in takers])}"
        )
    return list(best.members), text


def research_consortia(b: Builder) -> None:
    """Joint research programmes where research capacity is complementary."""
    ev, title = b.ev, "Southern research consortia"
    found = ev.coalitions.get("research")
    if found is None or found.coalitions[0].flows.empty:
        b.skip(
            "research-consortia",
            "science",
            title,
            ev.absent.get("coalition:research", "no complementary research capacity found"),
        )
        return
    members, line = _coalition_line(found, ev.names())
    kpis = (
        make_kpi(ev, "scientific_articles", countries=members),
        make_kpi(ev, "researchers", countries=members),
    )
    b.add(
        id="research-consortia",
        pillar="science",
        title=title,
        rationale=(
            f"Researchers per million and articles per 1,000 people differ widely within "
            f"{ev.name}: {line}. Consortia share laboratories, doctoral training and co-authored "
            "programmes on shared problems (health, agriculture, climate)."
        ),
        kind="plurilateral",
        sensitivity="non-sensitive",
        pathway="conference",
        subject="science",
        participants=members,
        kpis=kpis,
        duration_years=5,
        evidence=(EvidenceLink("complementary research capacity", "science", ()),),
    )


def rd_investment(b: Builder) -> None:
    """A commitment to raise R&D spending with the members in red or orange (need rule)."""
    ev, title = b.ev, "R&D investment commitment"
    found = b.needed("rd-investment", "science", title, "rd_expenditure")
    if found is None:
        return
    joining = list(found.participants)
    kpis = (
        make_kpi(
            ev,
            "rd_expenditure",
            countries=joining,
            scope=f"{len(joining)} members in red or orange",
        ),
        make_kpi(ev, "rd_expenditure"),
    )
    people_in = found.red_population + found.orange_population
    b.add(
        id="rd-investment",
        pillar="science",
        title=title,
        rationale=(
            f"R&D spending in {ev.name}: {found.summary()}; "
            f"{_members(len(ev.iso3) - found.measured)} no recent figure at all, itself a gap. "
            f"A staged commitment by the {len(joining)} members in red or orange "
            f"({found.bound('orange')} of GDP, {people(people_in)} people), with national "
            "R&D surveys, closes both."
        ),
        kind="multilateral",
        sensitivity="non-sensitive",
        pathway=b.home_pathway,
        subject="science",
        participants=joining,
        kpis=kpis,
        duration_years=5,
        participants_note=f"the {len(joining)} members in red or orange",
    )


def cyber_capacity(b: Builder) -> None:
    """Cyber capacity building from members with strong GCI scores to those in red or orange
    (need rule)."""
    ev, title = b.ev, "Cyber capacity-building partnership"
    found = b.needed("cyber-capacity", "technology", title, "cybersecurity_commitment")
    if found is None:
        return
    gci = ev.column("cybersecurity_commitment").dropna()
    strong = gci[gci >= GCI_STRONG].sort_values(ascending=False)
    names = ev.names()
    mentees = list(found.participants)
    mentors = [m for m in strong.index[:6] if m not in mentees]
    lowest = make_kpi(
        ev,
        "cybersecurity_commitment",
        countries=list(found.red),
        scope=f"{len(found.red)} members scoring under 55 (red)",
        target=GCI_RED_EXIT,
        basis="leave red: reach 55 of 100 on the GCI 2024 score (southsouth threshold)",
        caveat=GCI_CAVEAT,
    )
    kpis = (
        lowest
        or make_kpi(
            ev,
            "cybersecurity_commitment",
            countries=mentees,
            scope=f"{len(mentees)} members in red or orange",
            caveat=GCI_CAVEAT,
        ),
        make_kpi(
            ev,
            "cyber_cooperation",
            countries=mentees,
            scope=f"{len(mentees)} members in red or orange",
            caveat=GCI_CAVEAT,
        ),
    )
    b.add(
        id="cyber-capacity",
        pillar="technology",
        title=title,
        rationale=(
            f"ITU Global Cybersecurity Index 2024 across {ev.name} (red = under 55 of 100): "
            f"{found.summary()}"
            + (
                f"; {listing([names[m] for m in mentors])} score 85 or more and can mentor "
                "national CERTs, cybercrime units and legislation."
                if mentors
                else "; no member scores 85 or more, so mentors come from other Southern partners."
            )
            + f" Provisional: {GCI_CAVEAT}."
        ),
        kind="plurilateral",
        sensitivity="non-sensitive",
        pathway="conference",
        subject="cyber",
        participants=[*mentees, *mentors],
        kpis=kpis,
        duration_years=4,
        evidence=(
            EvidenceLink(
                f"GCI 2024: {found.members_text()}",
                "technology",
                ev.source_list("itu-gci-2024"),
            ),
        ),
        participants_note=f"{len(mentees)} mentees in red or orange and {len(mentors)} mentors",
        provisional=GCI_CAVEAT,
    )


def connectivity(b: Builder) -> None:
    """Broadband and internet access with the members in red or orange (need rule)."""
    ev, title = b.ev, "Digital connectivity programme"
    found = b.needed("digital-connectivity", "technology", title, "internet_users")
    if found is None:
        return
    joining = list(found.participants)
    scope = f"{len(joining)} members in red or orange"
    kpis = (
        make_kpi(ev, "internet_users", countries=joining, scope=scope),
        make_kpi(ev, "fixed_broadband", countries=joining, scope=scope),
    )
    people_in = found.red_population + found.orange_population
    b.add(
        id="digital-connectivity",
        pillar="technology",
        title=title,
        rationale=(
            f"Internet use in {ev.name}: {found.summary()}. Shared backbone, spectrum and "
            f"affordability targets for the {len(joining)} members in red or orange "
            f"({found.bound('orange')} of people online, {people(people_in)} people) raise "
            "use and fixed broadband."
        ),
        kind="multilateral",
        sensitivity="non-sensitive",
        pathway=b.home_pathway,
        subject="technology",
        participants=joining,
        kpis=kpis,
        duration_years=5,
        participants_note=f"the {len(joining)} members in red or orange",
    )
