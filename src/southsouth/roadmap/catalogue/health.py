"""Health and pharmaceutical initiatives: the training compact, financing, manufacturing hubs.

The financing compact follows the member-level need rule (``need.py``): it exists when the
group's external share of health spending is red or orange, or when at least one in five
members with data (and at least three) are red; its participants are the members in red or
orange. The hubs rest on 2017 exports, so they are provisional.
"""

from __future__ import annotations

import pandas as pd

from southsouth.gaps.health_workforce import SDG_THRESHOLD_PER_1000
from southsouth.language import content as words
from southsouth.language.numbers import people
from southsouth.roadmap.catalogue import workforce_sentences
from southsouth.roadmap.catalogue.base import Builder
from southsouth.roadmap.catalogue.need import stale
from southsouth.roadmap.catalogue.sentences import (
    Sentence,
    countries,
    country,
    group,
    part,
    provisional,
    said,
    say,
)
from southsouth.roadmap.evidence import PHARMA_TABLE
from southsouth.roadmap.kpis import make_kpi
from southsouth.roadmap.model import EvidenceLink
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
    shortage, need, supply = float(row["shortage"]), float(row["need"]), float(row["supply"])
    per_year = shortage / COMPACT_CYCLE
    facts = workforce_facts(ev, COMPACT_YEAR)
    found: object = (
        workforce_sentences.finding(facts)
        if facts is not None
        else part(
            "health-workforce-compact.short",
            shortage=words.head_count(shortage),
            threshold=SDG_THRESHOLD_PER_1000,
            year=COMPACT_YEAR,
        )
    )
    gap = {"cycle": COMPACT_CYCLE, "per_year": words.head_count(per_year)}
    wording: list[Sentence] = [
        say(
            "health-workforce-compact.1",
            group=group(ev),
            found=found,
            need=words.head_count(need),
            supply=words.head_count(supply),
        ),
        say(
            "health-workforce-compact.2",
            **gap,
            trainers=countries(ev, list(trainers["country_iso3"])),
        )
        if len(trainers)
        else say("health-workforce-compact.2.alone", **gap),
    ]
    if facts is not None:
        wording += workforce_sentences.published(facts, group(ev))
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
        title_values={"shortfall": words.head_count(shortage)},
        wording=wording,
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


def _aid_exposure(b: Builder) -> tuple[list[Sentence], list[EvidenceLink]]:
    """The sentence and evidence on the US assistance the members stood to lose in 2025
    (nothing without the aid data, a recipient or its GDP)."""
    shock = b.ev.aid
    if shock is None or shock.groups.empty or not shock.groups["at_risk_pct_gdp"].iloc[0] > 0:
        return [], []
    row = shock.groups.iloc[0]
    top = shock.ranked("usd")["iso3"].head(3).tolist()
    sentence = say(
        "health-financing-compact.aid",
        group=group(b.ev),
        year=shock.fiscal_year,
        usd=_usd(float(row["at_risk_usd"])),
        share=float(row["at_risk_pct_gdp"]),
        top=countries(b.ev, top),
        health=_usd(float(row["health_at_risk_usd"])),
    )
    link = EvidenceLink(
        f"US assistance at risk, FY{shock.fiscal_year}: US${row['at_risk_usd'] / 1e9:,.2f} bn "
        f"({row['at_risk_pct_gdp']:.2f} % of members' GDP), at most "
        f"US${row['health_at_risk_usd'] / 1e9:,.2f} bn of it health financing",
        "health",
        b.ev.source_list(*shock.source_ids),
    )
    return [sentence], [link]


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
    aid_said, aid_links = _aid_exposure(b)
    b.add(
        id="health-financing-compact",
        pillar="health",
        title=title,
        wording=(
            say("health-financing-compact.1", group=group(ev), summary=found.summary_words()),
            say(
                "health-financing-compact.2",
                n=len(joining),
                bound=found.bound("orange"),
                people=words.head_count(people_in),
            ),
            *aid_said,
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
                ev.baseline_sources("external_health_financing"),
            ),
            *aid_links,
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


def _usd(value: float) -> dict[str, object]:
    """US$ in billions from 1 bn up, else in millions."""
    if value >= 1e9:
        return part("usd.billion", value=float(value) / 1e9)
    return part("usd.million", value=float(value) / 1e6)


def _exporter(b: Builder, row: pd.Series) -> dict[str, object]:
    """``Name (US$ value, RCA r)`` of one exporter row."""
    return part(
        "exporter",
        name=country(b.ev, str(row["iso3"])),
        usd=_usd(row["value"]),
        rca=float(row["rca"]),
    )


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
    rule = part("pharma-hubs.rule", rca=HUB_RCA, usd=_usd(HUB_MIN_USD))
    state = (
        part("pharma-hubs.established", n=len(established), measured=len(measured), rule=rule)
        if len(established)
        else part("pharma-hubs.no_established", rule=rule)
    )
    by_iso = measured.set_index("iso3", drop=False)
    others = unspecialised[~unspecialised["iso3"].isin(hubs)]
    demand_people = float(frame.set_index("iso3").loc[demand, "population"].sum())
    wording: list[Sentence] = [
        say("pharma-hubs.1", state=state),
        say("pharma-hubs.2", hubs=words.listing([_exporter(b, by_iso.loc[h]) for h in hubs])),
    ]
    if len(others):
        wording.append(
            say(
                "pharma-hubs.unspecialised.one"
                if len(others) == 1
                else "pharma-hubs.unspecialised",
                n=len(others),
                exporters=words.listing([_exporter(b, r) for _, r in others.head(3).iterrows()]),
            )
        )
    wording.append(
        say(
            "pharma-hubs.demand",
            usd=_usd(HUB_MIN_USD),
            demand=countries(b.ev, demand),
            people=words.head_count(demand_people),
        )
    )
    kpis = (
        make_kpi(ev, "pharma_specialisation", countries=hubs, scope=f"the {len(hubs)} hubs"),
        make_kpi(ev, "pharma_exports"),
    )
    dated = stale(ev, "pharma_exports", part("pharma-hubs.finding", table=PHARMA_TABLE))
    if dated:
        wording.append(provisional(dated))
    b.add(
        id="pharma-hubs",
        pillar="pharma",
        title=title,
        wording=wording,
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
        provisional=said(dated) if dated else "",
    )
