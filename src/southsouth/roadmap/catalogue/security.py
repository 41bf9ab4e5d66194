"""Security initiatives, in the order the founding text sets.

Non-sensitive cooperation first (peacekeeping and disaster relief, transnational crime);
then the protocols (intelligence sharing with safeguards, rules on jurisdiction, a mechanism
for overlapping territorial claims); then an integrated framework tied to the regional
economic plan. The planner enforces the order; this module only proposes.

These initiatives answer the founding text's sequence, not a measured gap, so the
member-level need rule (``need.py``) does not decide them; a KPI on stale data (rivalries
ongoing at the end of the TSS data in 2020) carries its caveat and makes its initiative
provisional. The cyber KPIs read the ITU GCI 2024 pillars.
"""

from __future__ import annotations

from southsouth.language import content as words
from southsouth.roadmap.catalogue.base import Builder
from southsouth.roadmap.catalogue.sentences import (
    Sentence,
    countries,
    country,
    group,
    part,
    said,
    say,
)
from southsouth.roadmap.kpis import make_kpi
from southsouth.roadmap.model import PROTOCOL, SECURITY_FRAMEWORK, EvidenceLink


def standby_capacity(b: Builder) -> None:
    """Joint peacekeeping and disaster-relief standby capacity (non-sensitive)."""
    ev = b.ev
    per_million = ev.column("peacekeeping_contribution").dropna().sort_values(ascending=False)
    row = ev.baseline_row("peacekeeping_contribution")
    level = (
        part("standby-capacity.level", value=float(row["value"]))
        if row is not None and row["value"] is not None
        else part("standby-capacity.no_level")
    )
    none = per_million[per_million <= 0]
    kpis = (make_kpi(ev, "peacekeeping_contribution"), make_kpi(ev, "women_peacekeepers"))
    b.add(
        id="standby-capacity",
        pillar="security_pragmatic",
        title="Joint peacekeeping and disaster-relief standby capacity",
        wording=(
            say(
                "standby-capacity.1",
                group=group(ev),
                level=level,
                top=countries(ev, list(per_million.index[:4])),
                none=len(none),
            ),
            say("standby-capacity.2"),
            say("standby-capacity.no_deployment_data"),
        ),
        kind="multilateral",
        sensitivity="non-sensitive",
        pathway=b.home_pathway if b.home_pathway == "bloc" else "conference",
        subject="peacekeeping",
        participants=ev.iso3,
        kpis=kpis,
        duration_years=4,
        evidence=(
            EvidenceLink(said(level), "security", ev.source_list("un-peacekeeping-personnel")),
        ),
    )


def transnational_crime(b: Builder) -> None:
    """Cooperation against transnational crime and cybercrime (non-sensitive)."""
    ev = b.ev
    kpis = (make_kpi(ev, "cyber_legal"), make_kpi(ev, "cyber_cooperation"))
    legal = ev.baseline_row("cyber_legal")
    b.add(
        id="transnational-crime",
        pillar="security_pragmatic",
        title="Transnational and cyber-crime cooperation network",
        wording=(
            say("transnational-crime.1"),
            say("transnational-crime.legal", score=float(legal["value"]))
            if legal is not None and legal["value"] is not None
            else say("text", text=""),
        ),
        kind="multilateral",
        sensitivity="non-sensitive",
        pathway="conference",
        subject="crime",
        participants=ev.iso3,
        kpis=kpis,
        duration_years=4,
    )


def protocols(b: Builder) -> list[str]:
    """The protocols deep integration waits for; returns the ids proposed."""
    ev = b.ev
    proposed = []
    sharing = (make_kpi(ev, "cyber_cooperation"),)
    b.add(
        id="intelligence-sharing-protocol",
        pillar="security_integrated",
        title="Intelligence-sharing protocol with safeguards",
        wording=(say("intelligence-sharing-protocol.1"),),
        kind="multilateral",
        sensitivity="sensitive",
        pathway=b.summit_pathway,
        subject="security",
        participants=ev.iso3,
        kpis=sharing,
        duration_years=3,
        tags=(PROTOCOL,),
    )
    proposed.append("intelligence-sharing-protocol")
    legal = (make_kpi(ev, "cyber_legal"),)
    b.add(
        id="jurisdiction-rules",
        pillar="security_integrated",
        title="Rules on jurisdiction for joint operations",
        wording=(say("jurisdiction-rules.1"),),
        kind="multilateral",
        sensitivity="sensitive",
        pathway=b.summit_pathway,
        subject="security",
        participants=ev.iso3,
        kpis=legal,
        duration_years=3,
        tags=(PROTOCOL,),
    )
    proposed.append("jurisdiction-rules")
    territorial = (
        ev.tensions[ev.tensions["drivers"].astype(str).str.contains("territorial")]
        if len(ev.tensions)
        else ev.tensions
    )
    title = "Mechanism for overlapping territorial claims"
    if territorial.empty:
        b.skip(
            "territorial-claims-mechanism",
            "security_integrated",
            title,
            ev.absent.get("tensions", "no high-tension pair with a territorial dispute"),
        )
        return proposed
    pairs = [
        part("pair", a=country(ev, str(r.a)), b=country(ev, str(r.b)))
        for r in territorial.itertuples()
    ]
    parties = sorted({*territorial["a"], *territorial["b"]})
    rivalries = (make_kpi(ev, "strategic_rivalries", countries=parties),)
    b.add(
        id="territorial-claims-mechanism",
        pillar="security_integrated",
        title=title,
        wording=(
            say(
                "territorial-claims-mechanism.1",
                n=len(territorial),
                pairs=words.listing(pairs, 5),
            ),
            say("territorial-claims-mechanism.2"),
        ),
        kind="plurilateral",
        sensitivity="sensitive",
        pathway=b.summit_pathway,
        subject="security",
        participants=parties,
        kpis=rivalries,
        duration_years=4,
        tags=(PROTOCOL,),
        evidence=(
            EvidenceLink(
                f"{len(territorial)} high-tension pairs with territorial claims", "bottlenecks", ()
            ),
        ),
        participants_note=f"the {len(parties)} parties to those disputes",
    )
    proposed.append("territorial-claims-mechanism")
    return proposed


def integrated_framework(b: Builder) -> None:
    """An integrated security framework, tied to the regional economic plan."""
    ev = b.ev
    wording: list[Sentence] = [say("integrated-security-framework.1")]
    if ev.military is not None:
        rows = ev.military.rows[ev.military.rows["entity"] == ev.group]
        if len(rows) and rows["share_pct"].notna().any():
            wording.append(
                say(
                    "integrated-security-framework.military",
                    share=float(rows["share_pct"].iloc[0]),
                    year=int(rows["year"].iloc[0]),
                )
            )
    kpis = (make_kpi(ev, "strategic_rivalries"), make_kpi(ev, "cyber_cooperation"))
    b.add(
        id="integrated-security-framework",
        pillar="security_integrated",
        title="Integrated regional security framework",
        wording=wording,
        kind="plurilateral",
        sensitivity="deep-integration",
        pathway=b.summit_pathway,
        subject="security",
        participants=ev.iso3,
        kpis=kpis,
        duration_years=5,
        tags=(SECURITY_FRAMEWORK,),
    )
