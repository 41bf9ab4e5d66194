"""Economic initiatives: air links, missing trade links, sourcing, the economic plan, debt.

Debt transparency follows the member-level need rule (``need.py``): it exists when the
group's debt service is red or orange, or when at least one in five members with data (and at
least three) are red; its participants are the members in red or orange. Air links (routes of
May 2026, scraped schedules without a stated licence) and trade corridors (intra-African flows
only) are provisional, and say why.
"""

from __future__ import annotations

from southsouth.provenance import STALE_AFTER_YEARS
from southsouth.roadmap.catalogue.base import Builder
from southsouth.roadmap.evidence import FlowCoverage
from southsouth.roadmap.kpis import make_kpi
from southsouth.roadmap.model import ECONOMIC_PLAN, EvidenceLink
from southsouth.roadmap.wording import listing, people

AIR_LINKS = 10
TRADE_PAIRS = 10
PRODUCTS = 5


def air_links(b: Builder) -> None:
    """Direct flights for the missing links with the highest expected demand."""
    ev, title = b.ev, "Direct air links between member capitals"
    if ev.air is None or ev.air.table.empty:
        b.skip("direct-air-links", "economy", title, ev.absent.get("air", "no missing links"))
        return
    top = ev.air.table.head(AIR_LINKS)
    pairs = [f"{r.from_country}–{r.to_country}" for r in top.itertuples()]
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
        rationale=(
            f"{counts.get('missing', 0):,} of {counts.get('pairs', 0):,} country pairs in "
            f"{ev.name} had no non-stop flight in {ev.air.source.year}; the gravity model ranks "
            f"{listing(pairs, 5)} highest by expected demand. {via_north} of the top "
            f"{len(top)} could only be travelled via a Northern hub. Air-service agreements "
            f"and fifth-freedom rights open them. Provisional: {dated}."
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


def _flows_caveat(provenance: dict[str, str], cover: FlowCoverage | None) -> str:
    """What the trade-link flows leave out: every partner in them is African."""
    vintage = provenance.get("vintage", "")
    head = "the links come from intra-African flows only" + (f" ({vintage})" if vintage else "")
    if cover is None:
        return f"{head}; their share of members' exports is not known (no export totals loaded)"
    return f"{head}: {cover.describe()}; trade with partners outside Africa is not in them"


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
    names = ev.names()
    pairs = [
        f"{names.get(r.exporter, r.exporter)}→{names.get(r.importer, r.importer)}"
        for r in missing.itertuples()
    ]
    countries = sorted({*missing["exporter"], *missing["importer"]})
    flagged = ev.trade_links.missing_links()
    # a link is directed (A→B and B→A are two links); the pair count counts each pair once
    ends = zip(flagged["exporter"], flagged["importer"], strict=True)
    pair_count = len({frozenset(p) for p in ends})
    links = f"{len(flagged)} exporter→importer links ({pair_count} country pairs)"
    partial = _flows_caveat(ev.trade_links.provenance, ev.trade_coverage)
    kpis = (
        make_kpi(ev, "south_south_exports", countries=countries),
        make_kpi(ev, "export_diversity", countries=countries),
    )
    b.add(
        id="trade-corridors",
        pillar="economy",
        title=title,
        rationale=(
            f"{links} carry far less trade than their complementarity predicts (high "
            f"complementarity, low intensity); the strongest are {listing(pairs, 5)}. Corridors "
            "pair trade facilitation, standards recognition and trade finance for them. "
            f"Provisional: {partial}."
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
        provisional=partial,
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
        f"the substitution potential rests on {result.options.year} flows, {age} years before "
        f"{ev.year}"
        if age > STALE_AFTER_YEARS
        else ""
    )
    b.add(
        id="southern-sourcing",
        pillar="economy",
        title=title,
        rationale=(
            f"Imports from the North that capable Southern suppliers could replace within their "
            f"capacity total US${top['sp_star'].sum() / 1e9:,.1f} bn in the top {len(top)} "
            f"products ({listing(products)}) in {result.options.year}. Joint tenders and "
            "offtake agreements move that demand to Southern suppliers."
            + (f" Provisional: {dated}." if dated else "")
        ),
        kind="plurilateral",
        sensitivity="non-sensitive",
        pathway=b.home_pathway,
        subject="economy",
        participants=[*importers, *chosen],
        kpis=kpis,
        duration_years=4,
        evidence=(EvidenceLink("top substitutable products", "economy", (result.label,)),),
        provisional=dated,
    )


def economic_plan(b: Builder) -> None:
    """The regional economic plan that security frameworks are tied to."""
    ev = b.ev
    kpis = (
        make_kpi(ev, "south_south_exports"),
        make_kpi(ev, "export_diversity"),
        make_kpi(ev, "direct_air_links"),
    )
    b.add(
        id="regional-economic-plan",
        pillar="economy",
        title="Regional economic integration plan",
        rationale=(
            f"A plan for {ev.name} that binds the trade, air-link and sourcing initiatives into "
            "regional value chains, with the infrastructure and trade-finance commitments they "
            "need. The roadmap ties every security framework to it, as the founding text asks."
        ),
        kind="multilateral",
        sensitivity="non-sensitive",
        pathway=b.summit_pathway,
        subject="economy",
        participants=ev.iso3,
        kpis=kpis,
        duration_years=5,
        tags=(ECONOMIC_PLAN,),
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
    extra = (
        f" Chinese development finance committed 2000–2021 equals {exposure['value']:.1f} % of "
        "members' 2021 GDP (AidData)."
        if exposure is not None and exposure["value"] is not None
        else ""
    )
    scope = f"{len(joining)} members in red or orange"
    kpis = (
        make_kpi(ev, "debt_service", countries=joining, scope=scope),
        make_kpi(ev, "external_debt", countries=joining, scope=scope),
    )
    row = ev.baseline_row("debt_service")
    people_in = found.red_population + found.orange_population
    b.add(
        id="debt-transparency",
        pillar="economy",
        title=title,
        rationale=(
            f"External debt service as a share of export earnings across {ev.name}: "
            f"{found.summary()}.{extra} The facility joins the {len(joining)} members in red or "
            f"orange ({found.bound('orange')} of exports, {people(people_in)} people): "
            "publishing loan terms, a shared debt-management unit and a Southern finance window "
            "reduce the leverage of outside creditors."
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
                () if row is None else tuple(str(row["sources"]).split("; ")),
            ),
        ),
        participants_note=f"the {len(joining)} members in red or orange",
    )
