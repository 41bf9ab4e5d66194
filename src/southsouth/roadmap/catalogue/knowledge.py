"""Science and technology initiatives: research consortia, R&D investment, cyber, connectivity.

R&D investment (R&D spending), cyber capacity (ITU GCI score) and digital connectivity
(internet use) follow the member-level need rule (``need.py``): each exists when the group
aggregate is red or orange, or when at least one in five members with data (and at least
three) are red; its participants are the members in red or orange (cyber adds the mentors).
Cyber capacity reads ITU GCI 2024 scores and is provisional: they are World Bank Data360's
values (which differ from the ITU report for some countries) and no 2024 tier is assigned.
"""

from __future__ import annotations

from southsouth.language import content as words
from southsouth.relations import CoalitionResult
from southsouth.roadmap.catalogue.base import Builder
from southsouth.roadmap.catalogue.sentences import countries, group, part, provisional, say
from southsouth.roadmap.evidence import GroupEvidence
from southsouth.roadmap.kpis import make_kpi
from southsouth.roadmap.model import EvidenceLink

#: The framework's red threshold of the GCI 2024 score (55 of 100): leaving red.
GCI_RED_EXIT = 55.0
GCI_STRONG = 85.0
GCI_CAVEAT = (
    "the scores are ITU's GCI 2024 as published by World Bank Data360 (some differ from the "
    "ITU report); ITU's 2024 tiers are not in the data, so no member is placed in a tier"
)


def _members(n: int) -> dict[str, object]:
    return part("members_publish.one") if n == 1 else part("members_publish", n=n)


def _coalition_line(
    result: CoalitionResult, ev: GroupEvidence
) -> tuple[list[str], dict[str, object]]:
    best = result.coalitions[0]
    givers = sorted(set(best.flows["provider"])) if len(best.flows) else []
    takers = sorted(set(best.flows["receiver"])) if len(best.flows) else []
    found = {
        "size": len(best.members),
        "members": countries(ev, list(best.members)),
        "tension": float(best.max_tension),
    }
    if givers:
        return list(best.members), part(
            "coalition.sharing",
            **found,
            givers=countries(ev, givers),
            takers=countries(ev, takers),
        )
    return list(best.members), part("coalition", **found)


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
    members, line = _coalition_line(found, ev)
    kpis = (
        make_kpi(ev, "scientific_articles", countries=members),
        make_kpi(ev, "researchers", countries=members),
    )
    b.add(
        id="research-consortia",
        pillar="science",
        title=title,
        wording=(
            say("research-consortia.1", group=group(ev), line=line),
            say("research-consortia.2"),
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
        wording=(
            say(
                "rd-investment.1",
                group=group(ev),
                summary=found.summary_words(),
                unreported=_members(len(ev.iso3) - found.measured),
            ),
            say(
                "rd-investment.2",
                n=len(joining),
                bound=found.bound("orange"),
                people=words.head_count(people_in),
            ),
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
        wording=(
            say(
                "cyber-capacity.1",
                group=group(ev),
                summary=found.summary_words(),
                mentors=countries(ev, mentors),
            )
            if mentors
            else say("cyber-capacity.1.alone", group=group(ev), summary=found.summary_words()),
            provisional(part("caveat.gci")),
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
        wording=(
            say("digital-connectivity.1", group=group(ev), summary=found.summary_words()),
            say(
                "digital-connectivity.2",
                n=len(joining),
                bound=found.bound("orange"),
                people=words.head_count(people_in),
            ),
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
