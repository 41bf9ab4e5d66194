"""Health and pharmaceutical initiatives: the training compact, financing, manufacturing hubs.

The financing compact follows the member-level need rule (``need.py``): it exists when the
group's external share of health spending is red or orange, or when at least one in five
members with data (and at least three) are red; its participants are the members in red or
orange. The hubs rest on 2017 exports, so they are provisional.
"""

from __future__ import annotations

import pandas as pd

from southsouth.gaps.health_workforce import SDG_THRESHOLD_PER_1000
from southsouth.roadmap.catalogue.base import Builder
from southsouth.roadmap.catalogue.need import stale
from southsouth.roadmap.evidence import PHARMA_TABLE
from southsouth.roadmap.kpis import make_kpi
from southsouth.roadmap.model import EvidenceLink
from southsouth.roadmap.wording import listing, people
from southsouth.roadmap.workforce_facts import workforce_facts

COMPACT_YEAR = 2030
COMPACT_CYCLE = 8
THRESHOLD_BASIS = (
    "WHO SDG index threshold: 4.45 doctors, nurses and midwives per 1,000 people (WHO, Health "
    "workforce requirements for universal health coverage and the SDGs, 2016)"
)
MAX_TRAINERS = 8
HUBS = 3
#: An established pharmaceutical exporter: specialised (Balassa RCA) and at scale (US$).
HUB_RCA = 1.0
HUB_MIN_USD = 100e6
DEMAND = 5


def _health_sources(b: Builder) -> tuple[str, ...]:
    health = b.ev.health
    if health is None or health.sources.empty:
        return ()
    return b.ev.source_list(*health.sources["dataset_id"].astype(str))


def workforce_compact(b: Builder) -> None:
    """A training compact sized to the projected shortage, when there is one."""
    ev, title = b.ev, "Health-workforce training compact"
    if ev.health is None:
        b.skip("health-workforce-compact", "health", title, ev.absent.get("health", "no model"))
        return
    row = ev.health_row(COMPACT_YEAR)
    if not row["shortage"] > 0:
        b.skip(
            "health-workforce-compact",
            "health",
            title,
            f"no shortage: every member of {ev.name} with data is projected at or above "
            f"{SDG_THRESHOLD_PER_1000} per 1,000 in {COMPACT_YEAR}",
        )
        return
    year = ev.health.countries[ev.health.countries["year"] == COMPACT_YEAR]
    short = year[year["shortage"] > 0].sort_values("shortage", ascending=False)
    trainers = year[year["surplus"] > 0].sort_values("surplus", ascending=False).head(MAX_TRAINERS)
    names = ev.names()
    trainer_names = [names.get(t, t) for t in trainers["country_iso3"]]
    shortage, need, supply = float(row["shortage"]), float(row["need"]), float(row["supply"])
    per_year = shortage / COMPACT_CYCLE
    facts = workforce_facts(ev, COMPACT_YEAR)
    found = (
        f"{facts.shortage_text()}; {facts.coverage_text()}"
        if facts is not None
        else f"{people(shortage)} doctors, nurses and midwives short of the "
        f"{SDG_THRESHOLD_PER_1000} per 1,000 threshold in {COMPACT_YEAR}"
    )
    rationale = (
        f"{ev.name} is projected to be {found} (need {people(need)}, supply on current trends "
        f"{people(supply)}, over the members with data). Closing the gap over one "
        f"{COMPACT_CYCLE}-year cycle means about {people(per_year)} workers a year beyond the "
        "trend: joint training places, faculty exchange and retention agreements"
        + (
            f", with members above the threshold ({listing(trainer_names)}) training and mentoring."
            if len(trainers)
            else "; no member is above the threshold, so trainers come from other Southern "
            "partners."
        )
    )
    if facts is not None:
        rationale += "".join(f" {text}" for text in facts.published_texts())
    participants = [*short["country_iso3"], *trainers["country_iso3"]]
    kpis = (
        make_kpi(
            ev,
            "health_worker_density",
            countries=list(short["country_iso3"]),
            scope=f"{len(short)} members below the threshold",
            target=SDG_THRESHOLD_PER_1000,
            basis=THRESHOLD_BASIS,
        ),
        make_kpi(
            ev,
            "health_worker_density",
            target=SDG_THRESHOLD_PER_1000,
            basis=THRESHOLD_BASIS,
        ),
    )
    b.add(
        id="health-workforce-compact",
        pillar="health",
        title=f"{title}: close the {people(shortage)} shortfall",
        rationale=rationale,
        kind="multilateral" if b.ev.kind == "bloc" else "plurilateral",
        sensitivity="non-sensitive",
        pathway=b.home_pathway,
        subject="health",
        participants=participants,
        kpis=kpis,
        duration_years=COMPACT_CYCLE,
        evidence=(
            EvidenceLink(
                f"{people(shortage)} short of {SDG_THRESHOLD_PER_1000}/1,000 in {COMPACT_YEAR}",
                "health",
                _health_sources(b),
            ),
        ),
        participants_note=f"{len(short)} members below the threshold"
        + (f" and {len(trainers)} above it" if len(trainers) else ""),
    )


def _row_sources(row: dict[str, object] | None) -> tuple[str, ...]:
    """The sources of a baseline row, one per dataset."""
    return () if row is None else tuple(str(row["sources"]).split("; "))


def health_financing(b: Builder) -> None:
    """Domestic financing with the members where external sources pay a large share of health
    spending (member-level need rule)."""
    ev, title = b.ev, "Domestic health-financing compact"
    found = b.needed("health-financing-compact", "health", title, "external_health_financing")
    if found is None:
        return
    joining = list(found.participants)
    scope = f"{len(joining)} members in red or orange"
    kpis = (
        make_kpi(ev, "external_health_financing", countries=joining, scope=scope),
        make_kpi(ev, "domestic_health_financing", countries=joining, scope=scope),
    )
    people_in = found.red_population + found.orange_population
    b.add(
        id="health-financing-compact",
        pillar="health",
        title=title,
        rationale=(
            f"External sources pay part of current health spending across {ev.name}: "
            f"{found.summary()}. The compact joins the {len(joining)} members in red or orange "
            f"({found.bound('orange')} of health spending, {people(people_in)} people) on "
            "domestic revenue for health, pooled purchasing and transition plans from "
            "donor-funded programmes."
        ),
        kind="multilateral",
        sensitivity="non-sensitive",
        pathway=b.home_pathway,
        subject="health",
        participants=joining,
        kpis=kpis,
        duration_years=5,
        evidence=(
            EvidenceLink(
                f"external share of health spending: {found.summary()}",
                "health",
                _row_sources(ev.baseline_row("external_health_financing")),
            ),
        ),
        participants_note=f"the {len(joining)} members in red or orange",
    )


def _spread(candidates: pd.DataFrame, n: int) -> list[str]:
    """Up to ``n`` candidates, best first, preferring different subregions."""
    chosen: list[str] = []
    seen: set[str] = set()
    for row in candidates.itertuples():
        if len(chosen) < n and row.subregion not in seen:
            chosen.append(str(row.iso3))
            seen.add(str(row.subregion))
    for row in candidates.itertuples():
        if len(chosen) < n and str(row.iso3) not in chosen:
            chosen.append(str(row.iso3))
    return chosen


def _usd(value: float) -> str:
    """US$ in billions from 1 bn up, else in millions."""
    return f"US${value / 1e9:.1f} bn" if value >= 1e9 else f"US${value / 1e6:,.0f} million"


def _exporter(names: dict[str, str], row: pd.Series) -> str:
    """``Name (US$ value, RCA r)`` of one exporter row."""
    return f"{names[row['iso3']]} ({_usd(row['value'])}, RCA {row['rca']:.2f})"


def pharma_hubs(b: Builder) -> None:
    """Regional manufacturing hubs where capacity (HS 30 exports) and demand meet.

    Hubs are established exporters — specialised (RCA ≥ 1) and at scale (at least
    ``HUB_MIN_USD`` of HS 30 exports) — ranked by export value, US$ per person only breaking
    ties, one per subregion first. Demand comes from the most populous members below that
    scale; members exporting at scale without specialisation are neither.
    """
    ev, title = b.ev, "Regional pharmaceutical manufacturing hubs"
    frame = ev.members[["iso3", "name", "subregion"]].copy()
    frame["rca"] = frame["iso3"].map(ev.column("pharma_specialisation"))
    frame["per_person"] = frame["iso3"].map(ev.column("pharma_exports"))
    frame["value"] = frame["iso3"].map(ev.pharma_exports_usd).fillna(0.0)
    frame["population"] = frame["iso3"].map(ev.population)
    frame["subregion"] = frame["subregion"].fillna("")
    measured = frame.dropna(subset=["rca", "per_person"]).sort_values(
        ["value", "per_person", "iso3"], ascending=[False, False, True]
    )
    if len(measured) < 2:
        b.skip("pharma-hubs", "pharma", title, "fewer than two members with HS 30 export data")
        return
    at_scale = measured["value"] >= HUB_MIN_USD
    established = measured[at_scale & (measured["rca"] >= HUB_RCA)]
    unspecialised = measured[at_scale & (measured["rca"] < HUB_RCA)]
    pool = established if len(established) else measured
    hubs = _spread(pool, HUBS)
    lacking = measured[~at_scale].dropna(subset=["population"])
    lacking = lacking.sort_values(["population", "iso3"], ascending=[False, True])
    demand = [c for c in lacking["iso3"] if c not in hubs][:DEMAND]
    names = ev.names()
    rule = (
        f"RCA ≥ {HUB_RCA:g} and at least {_usd(HUB_MIN_USD)} of HS 30 exports, ranked by "
        "export value, one per subregion first; US$ per person only breaks ties"
    )
    state = (
        f"{len(established)} of {len(measured)} members with data are established exporters "
        f"({rule})"
        if len(established)
        else f"no member is yet an established exporter ({rule}), so the hubs build on the "
        "largest existing exports with Southern technology partners"
    )
    by_iso = measured.set_index("iso3", drop=False)
    hub_text = listing([_exporter(names, by_iso.loc[h]) for h in hubs])
    others = unspecialised[~unspecialised["iso3"].isin(hubs)]
    scale_text = (
        f" {len(others)} other "
        + ("member exports" if len(others) == 1 else "members export")
        + " at that scale without specialisation "
        + f"({listing([_exporter(names, r) for _, r in others.head(3).iterrows()])}), so "
        "they are not counted as demand."
        if len(others)
        else ""
    )
    demand_people = float(frame.set_index("iso3").loc[demand, "population"].sum())
    rationale = (
        f"In pharmaceutical exports (HS 30, 2017) {state}. Hubs: {hub_text}.{scale_text} "
        f"Demand: the most populous members below {_usd(HUB_MIN_USD)} of exports "
        f"({listing([names[d] for d in demand])}, {people(demand_people)} people) "
        "source from the hubs under a regional offtake and regulatory-reliance agreement."
    )
    kpis = (
        make_kpi(ev, "pharma_specialisation", countries=hubs, scope=f"the {len(hubs)} hubs"),
        make_kpi(ev, "pharma_exports"),
    )
    dated = stale(ev, "pharma_exports", f"hubs and demand ({PHARMA_TABLE})")
    if dated:
        rationale += f" Provisional: {dated}."
    b.add(
        id="pharma-hubs",
        pillar="pharma",
        title=title,
        rationale=rationale,
        kind="plurilateral",
        sensitivity="non-sensitive",
        pathway=b.home_pathway,
        subject="pharma",
        participants=[*hubs, *demand],
        kpis=kpis,
        duration_years=6,
        evidence=(
            EvidenceLink(
                f"{len(established)} established pharmaceutical exporters among {len(measured)}",
                "pharma",
                tuple(
                    str(s)
                    for s in ev.baseline[ev.baseline["indicator"] == "pharma_exports"]["sources"]
                ),
            ),
        ),
        participants_note=f"{len(hubs)} hubs and {len(demand)} demand countries",
        provisional=dated,
    )
