"""Science and technology initiatives: research consortia, R&D investment, cyber, connectivity."""

from __future__ import annotations

from southsouth.relations import CoalitionResult
from southsouth.roadmap.catalogue.base import Builder, listing
from southsouth.roadmap.kpis import make_kpi
from southsouth.roadmap.model import EvidenceLink

#: GCI 2024 tier cut-off between tiers 3 and 4 (55 of 100): leaving the lowest tiers.
GCI_LOWEST_TIERS_EXIT = 55.0
GCI_STRONG = 85.0


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
    """A commitment to raise R&D spending where it is below the green threshold."""
    ev, title = b.ev, "R&D investment commitment"
    spend = ev.column("rd_expenditure").dropna()
    low = spend[spend < 1.5]
    if spend.empty or low.empty:
        b.skip(
            "rd-investment",
            "science",
            title,
            "no R&D expenditure data" if spend.empty else "every member with data spends ≥ 1.5 %",
        )
        return
    measured = len(spend)
    group = make_kpi(ev, "rd_expenditure")
    lagging = make_kpi(
        ev, "rd_expenditure", countries=list(low.index), scope=f"{len(low)} members below 1.5 %"
    )
    kpis = (group or lagging,)
    b.add(
        id="rd-investment",
        pillar="science",
        title=title,
        rationale=(
            f"{len(low)} of the {measured} members with data spend under 1.5 % of GDP on R&D "
            f"(the SDR green threshold); {_members(len(ev.iso3) - measured)} no recent figure at "
            "all, itself a gap. A staged commitment with national R&D surveys closes both."
        ),
        kind="multilateral",
        sensitivity="non-sensitive",
        pathway=b.home_pathway,
        subject="science",
        participants=list(low.index),
        kpis=kpis,
        duration_years=5,
    )


def cyber_capacity(b: Builder) -> None:
    """Cyber capacity building from members with strong GCI scores to the lowest tiers."""
    ev, title = b.ev, "Cyber capacity-building partnership"
    gci = ev.column("cybersecurity_commitment").dropna()
    low = gci[gci < GCI_LOWEST_TIERS_EXIT].sort_values()
    strong = gci[gci >= GCI_STRONG].sort_values(ascending=False)
    if low.empty:
        b.skip("cyber-capacity", "technology", title, "no member in the lowest GCI tiers")
        return
    names = ev.names()
    mentors = list(strong.index[:6])
    kpis = (
        make_kpi(
            ev,
            "cybersecurity_commitment",
            countries=list(low.index),
            scope=f"{len(low)} members in GCI tiers 4–5",
            target=GCI_LOWEST_TIERS_EXIT,
            basis="leave the lowest tiers: ITU GCI 2024 tier cut-off 55 of 100",
        ),
        make_kpi(ev, "cyber_cooperation", countries=list(low.index)),
    )
    b.add(
        id="cyber-capacity",
        pillar="technology",
        title=title,
        rationale=(
            f"{len(low)} of {len(gci)} members score under 55 on the ITU Global Cybersecurity "
            "Index 2020 (tiers 4–5)"
            + (
                f"; {listing([names[m] for m in mentors])} score 85 or more and can mentor "
                "national CERTs, cybercrime units and legislation."
                if mentors
                else "; no member scores 85 or more, so mentors come from other Southern partners."
            )
        ),
        kind="plurilateral",
        sensitivity="non-sensitive",
        pathway="conference",
        subject="cyber",
        participants=[*low.index, *mentors],
        kpis=kpis,
        duration_years=4,
        evidence=(
            EvidenceLink(
                f"{len(low)} members in the lowest GCI tiers",
                "technology",
                ev.source_list("itu-gci-2020"),
            ),
        ),
        participants_note=f"{len(low)} mentees and {len(mentors)} mentors",
    )


def connectivity(b: Builder) -> None:
    """Broadband and internet access where use is below the green threshold."""
    ev, title = b.ev, "Digital connectivity programme"
    row = ev.baseline_row("internet_users")
    if row is None or row["value"] is None or row["light"] not in ("red", "orange"):
        b.skip("digital-connectivity", "technology", title, "internet use is not a major gap")
        return
    users = ev.column("internet_users").dropna()
    behind = users[users < 50.0]
    kpis = (make_kpi(ev, "internet_users"), make_kpi(ev, "fixed_broadband"))
    b.add(
        id="digital-connectivity",
        pillar="technology",
        title=title,
        rationale=(
            f"{row['value']:.1f} % of people in {ev.name} use the internet ({row['light']}); "
            f"{len(behind)} members are under 50 %. Shared backbone, spectrum and "
            "affordability targets raise use and fixed broadband."
        ),
        kind="multilateral",
        sensitivity="non-sensitive",
        pathway=b.home_pathway,
        subject="technology",
        participants=ev.iso3,
        kpis=kpis,
        duration_years=5,
    )
