"""Economic initiatives: air links, missing trade links, sourcing, the economic plan, debt.

The economic plan of a bloc with its own economic framework (the AfCFTA, the ASEAN Economic
Community, the MERCOSUR common market …) implements and extends that framework and names the
agenda goals it serves (``roadmap/agendas.py``); only a group without one gets a new plan.

Debt transparency follows the member-level need rule (``need.py``): it exists when the
group's debt service is red or orange, or when at least one in five members with data (and at
least three) are red; its participants are the members in red or orange. Air links (routes of
May 2026, scraped schedules without a stated licence) and trade corridors (intra-African flows
only) are provisional, and say why.
"""

from __future__ import annotations

import pandas as pd

from southsouth.language import content as words
from southsouth.provenance import STALE_AFTER_YEARS
from southsouth.roadmap.agendas import AgendaGoal, goals_for
from southsouth.roadmap.catalogue.base import Builder
from southsouth.roadmap.catalogue.sentences import (
    Sentence,
    country,
    group,
    part,
    provisional,
    said,
    say,
)
from southsouth.roadmap.evidence import FlowCoverage, GroupEvidence
from southsouth.roadmap.frameworks import frameworks_for
from southsouth.roadmap.kpis import make_kpi
from southsouth.roadmap.model import ECONOMIC_PLAN, EvidenceLink

AIR_LINKS = 10
TRADE_PAIRS = 10
PRODUCTS = 5


def air_choice(ev: GroupEvidence) -> tuple[pd.DataFrame, int]:
    """The missing links a non-sensitive programme opens: the :data:`AIR_LINKS` highest by
    expected demand whose two sides are not in high tension (flights between them belong with
    the security track's confidence-building); and how many pairs in high tension ranked above
    the last link chosen."""
    table = ev.air.table.reset_index(drop=True) if ev.air is not None else pd.DataFrame()
    if table.empty:
        return table, 0
    pairs = ev.tensions if len(ev.tensions) else pd.DataFrame(columns=["a", "b"])
    tense = {frozenset((str(a), str(b))) for a, b in zip(pairs["a"], pairs["b"], strict=True)}
    calm = pd.Series(
        [
            frozenset((str(f), str(t))) not in tense
            for f, t in zip(table["from_iso3"], table["to_iso3"], strict=True)
        ],
        index=table.index,
    )
    chosen = table[calm].head(AIR_LINKS)
    last = chosen.index[-1] if len(chosen) else -1
    return chosen, int((~calm & (table.index < last)).sum())


def air_links(b: Builder) -> None:
    """Direct flights for the missing links with the highest expected demand, pairs in high
    tension left out (:func:`air_choice`)."""
    ev, title = b.ev, "Direct air links between member capitals"
    if ev.air is None or ev.air.table.empty:
        b.skip("direct-air-links", "economy", title, ev.absent.get("air", "no missing links"))
        return
    top, tense = air_choice(ev)
    pairs = [
        part(
            "pair",
            a=country(ev, str(r.from_iso3), str(r.from_country)),
            b=country(ev, str(r.to_iso3), str(r.to_country)),
        )
        for r in top.itertuples()
    ]
    countries = sorted({*top["from_iso3"], *top["to_iso3"]})
    via_north = int(top["via_north"].fillna(False).astype(bool).sum())
    counts = ev.air.counts
    # each new link adds one Southern partner to both ends: the mean rises by 2N / n
    kpi = make_kpi(ev, "direct_air_links", countries=countries, scope=f"{len(countries)} endpoints")
    kpis = []
    if kpi is not None:
        target = kpi.baseline + 2 * len(top) / len(countries)
        kpi = make_kpi(
            ev,
            "direct_air_links",
            countries=countries,
            scope=f"{len(countries)} endpoints",
            target=target,
            basis=f"opening the {len(top)} routes adds one Southern partner to both ends of each "
            f"(+{2 * len(top)} links over {len(countries)} countries)",
        )
        kpis.append(kpi)
    dated = ev.air.source.caveat.rstrip(".")
    b.add(
        id="direct-air-links",
        pillar="economy",
        title=f"{title}: {len(top)} new routes",
        title_values={"routes": len(top)},
        wording=(
            say(
                "direct-air-links.1",
                missing=int(counts.get("missing", 0)),
                pairs=int(counts.get("pairs", 0)),
                group=group(ev),
                year=ev.air.source.year,
                ranked=words.listing(pairs, 5),
            ),
            say("direct-air-links.2", via_north=via_north, top=len(top)),
            *([say("direct-air-links.tense", n=tense)] if tense else []),
            say("direct-air-links.3"),
            provisional(dated),
        ),
        kind="plurilateral",
        sensitivity="non-sensitive",
        pathway="heads-of-state"
        if countries and set(countries) <= ev.blocs.get("AU", frozenset())
        else b.home_pathway,
        subject="aviation",
        participants=countries,
        kpis=kpis,
        duration_years=4,
        evidence=(
            EvidenceLink(
                f"{counts.get('missing', 0):,} missing direct links ({ev.air.source.year})",
                "economy",
                (f"{ev.air.source.citation}",),
            ),
        ),
        participants_note=f"the endpoints of {len(top)} routes",
        provisional=dated,
    )


def _flows_caveat(provenance: dict[str, str], cover: FlowCoverage | None) -> dict[str, object]:
    """What the trade-link flows leave out: every partner in them is African."""
    vintage = provenance.get("vintage", "")
    head = part("flows.dated", vintage=vintage) if vintage else part("flows")
    if cover is None:
        return part("flows.unknown", head=head)
    return part("flows.partial", head=head, coverage=cover.describe())


def trade_links(b: Builder) -> None:
    """Trade promotion for pairs with complementary trade and little of it."""
    ev, title = b.ev, "Trade-promotion corridors for missing trade links"
    if ev.trade_links is None:
        b.skip("trade-corridors", "economy", title, ev.absent.get("trade-links", "no data"))
        return
    missing = ev.trade_links.missing_links().head(TRADE_PAIRS)
    if missing.empty:
        b.skip("trade-corridors", "economy", title, "no pair flagged as a missing trade link")
        return
    pairs = [
        part("flow", a=country(ev, str(r.exporter)), b=country(ev, str(r.importer)))
        for r in missing.itertuples()
    ]
    countries = sorted({*missing["exporter"], *missing["importer"]})
    flagged = ev.trade_links.missing_links()
    # a link is directed (A→B and B→A are two links); the pair count counts each pair once
    ends = zip(flagged["exporter"], flagged["importer"], strict=True)
    pair_count = len({frozenset(p) for p in ends})
    links = part("trade-corridors.links", links=len(flagged), pairs=pair_count)
    partial = _flows_caveat(ev.trade_links.provenance, ev.trade_coverage)
    kpis = (
        make_kpi(ev, "south_south_exports", countries=countries),
        make_kpi(ev, "export_diversity", countries=countries),
    )
    b.add(
        id="trade-corridors",
        pillar="economy",
        title=title,
        wording=(
            say("trade-corridors.1", links=links, strongest=words.listing(pairs, 5)),
            say("trade-corridors.2"),
            provisional(partial),
        ),
        kind="plurilateral",
        sensitivity="non-sensitive",
        pathway=b.home_pathway,
        subject="economy",
        participants=countries,
        kpis=kpis,
        duration_years=5,
        evidence=(
            EvidenceLink(
                f"{len(flagged)} missing trade links ({pair_count} country pairs)",
                "economy",
                tuple(ev.trade_links.provenance.values())[:1],
            ),
        ),
        provisional=said(partial),
    )


def sourcing(b: Builder) -> None:
    """Southern sourcing of the imports with the largest substitution potential."""
    ev, title = b.ev, "Southern sourcing of substitutable imports"
    result = ev.substitution
    if result is None:
        b.skip("southern-sourcing", "economy", title, ev.absent.get("substitution", "no data"))
        return
    top = result.by_product.sort_values("sp_star", ascending=False).head(PRODUCTS)
    if top.empty or not (top["sp_star"] > 0).any():
        b.skip("southern-sourcing", "economy", title, "no product with substitution potential")
        return
    suppliers = result.by_supplier.sort_values("supplied", ascending=False)
    chosen = [str(c) for c in suppliers["supplier"].head(8)]
    by_importer = result.by_importer.reset_index()
    importers = [
        str(c) for c in by_importer.sort_values("sp_star", ascending=False)["importer"].head(8)
    ]
    kpis = (make_kpi(ev, "south_south_exports", countries=importers),)
    products = [str(p) for p in top["product"]]
    age = ev.year - result.options.year
    dated = (
        part("southern-sourcing.dated", year=result.options.year, age=age, plan_year=ev.year)
        if age > STALE_AFTER_YEARS
        else None
    )
    wording: list[Sentence] = [
        say(
            "southern-sourcing.1",
            total=float(top["sp_star"].sum()) / 1e9,
            n=len(top),
            products=words.listing(products),
            year=result.options.year,
        ),
        say("southern-sourcing.2"),
    ]
    if dated:
        wording.append(provisional(dated))
    b.add(
        id="southern-sourcing",
        pillar="economy",
        title=title,
        wording=wording,
        kind="plurilateral",
        sensitivity="non-sensitive",
        pathway=b.home_pathway,
        subject="economy",
        participants=[*importers, *chosen],
        kpis=kpis,
        duration_years=4,
        evidence=(EvidenceLink("top substitutable products", "economy", (result.label,)),),
        provisional=said(dated) if dated else "",
    )


def _goals(goals: list[AgendaGoal]) -> dict[str, object]:
    """Agenda goals listed: ``transformed economies … (Agenda 2063), …``."""
    return words.listing(
        [
            part(
                "agenda.goal",
                goal=words.named("agenda", f"{g.agenda_id}.{g.goal_id}", g.goal),
                agenda=words.named("agenda", g.agenda_id, g.agenda),
            )
            for g in goals
        ],
        len(goals),
    )


def economic_plan(b: Builder) -> None:
    """The regional economic plan that security frameworks are tied to. A bloc with an economic
    framework of its own (``frameworks.csv``: the AU's AfCFTA, the ASEAN Economic Community …)
    implements and extends it, naming the adopted agenda goals it serves; only a group with none
    gets a new plan."""
    ev = b.ev
    kpis = (
        make_kpi(ev, "south_south_exports"),
        make_kpi(ev, "export_diversity"),
        make_kpi(ev, "direct_air_links"),
    )
    existing = frameworks_for([ev.group], "economy") if ev.kind == "bloc" else ()
    title = "Regional economic integration plan"
    title_values: dict[str, object] = {}
    wording: list[Sentence] = [say("regional-economic-plan.1", group=group(ev))]
    if existing:
        framework = words.named("framework", f"economy.{ev.group}", existing[0])
        title = f"{existing[0]} implementation: trade, diversification and direct links"
        title_values = {"framework": framework}
        wording = [say("regional-economic-plan.framework.1", group=group(ev), framework=framework)]
        goals = [g for g in goals_for(ev, "economy", ev.iso3) if g.bloc_id == ev.group]
        if goals:
            wording.append(say("regional-economic-plan.framework.goals", goals=_goals(goals)))
    b.add(
        id="regional-economic-plan",
        pillar="economy",
        title=title,
        title_values=title_values,
        wording=(*wording, say("regional-economic-plan.2")),
        kind="multilateral",
        sensitivity="non-sensitive",
        pathway=b.summit_pathway,
        subject="economy",
        participants=ev.iso3,
        kpis=kpis,
        duration_years=5,
        tags=(ECONOMIC_PLAN,),
        frameworks=existing,
    )


def debt(b: Builder) -> None:
    """Debt transparency and Southern finance with the members whose debt service weighs on
    exports (member-level need rule)."""
    ev, title = b.ev, "Debt transparency and South–South finance facility"
    found = b.needed("debt-transparency", "economy", title, "debt_service")
    if found is None:
        return
    joining = list(found.participants)
    exposure = ev.baseline_row("chinese_finance_exposure")
    wording: list[Sentence] = [
        say("debt-transparency.1", group=group(ev), summary=found.summary_words())
    ]
    if exposure is not None and exposure["value"] is not None:
        wording.append(say("debt-transparency.chinese", share=float(exposure["value"])))
    scope = f"{len(joining)} members in red or orange"
    kpis = (
        make_kpi(ev, "debt_service", countries=joining, scope=scope),
        make_kpi(ev, "external_debt", countries=joining, scope=scope),
    )
    people_in = found.red_population + found.orange_population
    b.add(
        id="debt-transparency",
        pillar="economy",
        title=title,
        wording=(
            *wording,
            say(
                "debt-transparency.2",
                n=len(joining),
                bound=found.bound("orange"),
                people=words.head_count(people_in),
            ),
        ),
        kind="multilateral",
        sensitivity="non-sensitive",
        pathway="conference",
        subject="finance",
        participants=joining,
        kpis=kpis,
        duration_years=5,
        evidence=(
            EvidenceLink(
                f"debt service: {found.summary()}",
                "bottlenecks",
                ev.baseline_sources("debt_service"),
            ),
        ),
        participants_note=f"the {len(joining)} members in red or orange",
    )
