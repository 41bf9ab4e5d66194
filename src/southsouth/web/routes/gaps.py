"""Gaps: health-workforce projection, military spending shares, cyber scores, civic space,
aid-shock exposure, climate exposure against readiness.

``/{lang}/gaps`` shows every section; ``/{lang}/gaps/<section>`` shows one (its form
swaps that section only), and ``/{lang}/gaps/<section>.<svg|png|csv>`` downloads its chart.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import altair as alt
import pandas as pd
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from southsouth.charts.health_workforce import workforce_chart
from southsouth.charts.military import military_shares_chart
from southsouth.charts.render import source_caption
from southsouth.gaps.climate import DATASET as NDGAIN_DATASET
from southsouth.gaps.cyber import DATASET as GCI_DATASET
from southsouth.indicators.framework import load_framework
from southsouth.jsonable import records
from southsouth.language import content
from southsouth.language.bidi import year_range
from southsouth.language.catalogue import Translator
from southsouth.language.numbers import format_number, in_language
from southsouth.periods import TARGET_YEARS
from southsouth.service.documents import Document
from southsouth.service.http import Checked, GroupItem, group_query
from southsouth.service.reads.gaps import (
    AID_SHOCK,
    CIVIC_SPACE,
    CLIMATE,
    CYBER,
    DEFAULT_CLIMATE_GROUPS,
    DEFAULT_WORKFORCE_GROUPS,
    HEALTH_WORKFORCE,
    MILITARY,
)
from southsouth.web.charts import chart_document, download, source_label
from southsouth.web.pages import Lang, computed, country_names, drawn, group_choices
from southsouth.web.render import context, render
from southsouth.workspace import WORKFORCE_YEARS, Workspace

router = APIRouter(prefix="/{lang}", include_in_schema=False)

Section = Literal["health", "military", "cyber", "civic-space", "aid-shock", "climate"]
SECTIONS: tuple[str, ...] = ("health", "military", "cyber", "civic-space", "aid-shock", "climate")
#: WHO regions offered first in the health-workforce selector.
WHO_REGIONS = ("afro", "amro", "searo", "euro", "emro", "wpro")
#: Colours of five ordered categories, worst first (blue–red diverging, colour-blind safe).
FIVE_STEPS = ["#b2182b", "#ef8a62", "#fddbc7", "#92c5de", "#2166ac"]
#: Climate quadrants in table order, most exposed and least ready first (``not_scored``
#: members have no point on the chart).
QUADRANTS = ("exposed_unready", "exposed_ready", "sheltered_unready", "sheltered_ready")
QUADRANT_COLOURS = [FIVE_STEPS[0], FIVE_STEPS[1], FIVE_STEPS[3], FIVE_STEPS[4]]
MAX_GROUPS = 12
#: The framework indicators each section reads, by id (their pillars come from the framework).
MEASURES: dict[str, tuple[str, ...]] = {
    "health": ("health_worker_density",),
    "military": ("military_burden",),
    "cyber": ("cybersecurity_commitment", "cyber_legal", "cyber_cooperation"),
    "civic-space": ("civic_space",),
    "aid-shock": ("external_health_financing",),
    "climate": ("climate_vulnerability", "climate_readiness"),
}

Region = Annotated[str, group_query("WHO region (afro, …), bloc or group"), Checked]
#: The region shown first: the health-workforce read's default.
DEFAULT_REGION = DEFAULT_WORKFORCE_GROUPS[0]
Horizon = Annotated[
    int,
    Query(ge=TARGET_YEARS.first, le=TARGET_YEARS.until, description="Headline projection year"),
]
Scenario = Annotated[
    str,
    Query(
        min_length=1,
        max_length=200,
        description="baseline, or levers e.g. training=2%,attrition=1%,emigration=0.5%",
    ),
]
SipriYear = Annotated[int | None, Query(ge=1949, le=2100, description="Year of SIPRI data")]
Groups = Annotated[
    list[GroupItem] | None,
    Query(max_length=MAX_GROUPS, description="Groups or blocs for cyber and civic space"),
]


def _stacked(
    frame: pd.DataFrame,
    *,
    category: str,
    order: list[str],
    title: str,
    subtitle: str,
    x_title: str,
) -> alt.Chart:
    """Horizontal 100 % bars per group, one segment per ordered category (worst first)."""
    data = frame.assign(pct=frame["pct"].round(1), rank=frame[category].map(order.index))
    groups = list(dict.fromkeys(data["group"]))
    return (
        alt.Chart(alt.Data(values=records(data[["group", category, "pct", "countries", "rank"]])))
        .mark_bar()
        .encode(
            y=alt.Y("group:N", sort=groups, title=None),
            x=alt.X("pct:Q", title=x_title, scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(
                f"{category}:N",
                scale=alt.Scale(domain=order, range=FIVE_STEPS),
                sort=order,
                title=None,
                legend=alt.Legend(orient="bottom", direction="horizontal"),
            ),
            order=alt.Order("rank:Q"),
            tooltip=["group:N", f"{category}:N", "countries:Q", "pct:Q"],
        )
        .properties(width=480, height=alt.Step(18), title=source_caption(title, subtitle))
    )


def _health(doc: Document, t: Translator) -> Document:
    first = str(doc["headline"][0]["group"]) if doc["headline"] else doc["groups"][0]
    name = content.group_name(
        t, first, str(doc["headline"][0]["group_name"]) if doc["headline"] else first
    )
    projection = pd.DataFrame(doc["projection"])
    rows = projection[projection["group"] == first]
    comparison = next((c for c in doc["comparisons"] if c["published"]["group"] == first), None)
    cited = "; ".join(
        sorted({source_label(s, licence=False) for s in doc["sources"] if s["publisher"]})
    )
    scenario = doc["scenario"]["name"]
    chart = workforce_chart(
        rows[["year", "need", "supply", "shortage"]],
        title=t("gaps.health.chart_title", group=name),
        subtitle=t("gaps.health.chart_subtitle", scenario=scenario, sources=cited),
        published={
            "need": comparison["published"]["need"],
            "shortage": comparison["published"]["shortage"],
        }
        if comparison
        else None,
        published_year=comparison["published"]["year"] if comparison else None,
        y_title=t("gaps.health.chart_y"),
        series_title=t("gaps.health.computed"),
        published_title=t("gaps.health.chart_published_title"),
        series_names={
            key: t(f"gaps.health.series.{key}") for key in ("need", "supply", "shortage")
        },
        published_names={
            key: t(f"gaps.health.series.published_{key}") for key in ("need", "shortage")
        },
    )
    data = rows[
        [
            "group",
            "group_name",
            "year",
            "need",
            "supply",
            "shortage",
            "coverage",
            "countries_with_data",
            "countries",
        ]
    ]
    document = chart_document(
        chart,
        data,
        name="health",
        title=t(
            "gaps.health.figure",
            group=name,
            years=year_range(rows["year"].min(), rows["year"].max()),
        ),
        sources=doc["sources"],
    )
    document.update(
        group=first,
        group_name=name,
        year=doc["year"],
        scenario=scenario,
        headline=doc["headline"],
        published=doc["comparisons"],
        without_data=doc["without_data"],
        notes=doc["notes"],
    )
    return document


def _military_years(ws: Workspace) -> Document:
    from southsouth.gaps.military import available_years

    return {"items": available_years(ws.warehouse)}


def _military(doc: Document, t: Translator, names: dict[str, str]) -> Document:
    rows = pd.DataFrame(doc["items"])
    year = doc["year"]
    source = str(rows["source"].iloc[0]) if len(rows) else "SIPRI"
    dated = sorted({d for s in doc["sources"] if (d := _data_label(s))})
    shown = rows.assign(
        name=[
            content.group_name(t, entity, name) if kind in ("group", "bloc") else name
            for entity, name, kind in zip(rows["entity"], rows["name"], rows["kind"], strict=True)
        ]
    )
    chart = military_shares_chart(
        shown,
        year=year,
        source="; ".join([source, *dated]) if dated else source,
        title=t("gaps.military.caption", year=year),
        x_title=t("gaps.military.chart_x"),
        kind_names={kind: t(f"gaps.kind.{kind}") for kind in ("region", "group", "bloc", "top-n")},
    )
    data = rows[["year", "entity", "name", "kind", "value_usd_bn", "share_pct", "basis"]]
    document = chart_document(
        chart, data, name="military", title=f"SIPRI, {year}", sources=doc["sources"]
    )
    document.update(
        year=year,
        rows=records(shown.drop(columns=["missing", "note", "source", "licence", "vintage"])),
        top=[{**r, "name": names.get(str(r.get("iso3")), r["name"])} for r in doc["top"]],
        world_usd_bn=doc["world_usd_bn"],
        world_basis=doc["world_basis"],
        notes=doc["notes"],
    )
    return document


def _cyber(doc: Document, t: Translator) -> Document:
    gap = pd.DataFrame(doc["gap"])
    if gap.empty:
        gap = pd.DataFrame(columns=["comparison", "group", "scored", "mean_score"])
    members, rest = t("gaps.cyber.members"), t("gaps.cyber.rest")
    gap = gap.assign(
        side=[
            members if g == c else rest
            for g, c in zip(gap["group"], gap["comparison"], strict=True)
        ]
    )
    data = gap.assign(
        mean_score=gap["mean_score"].round(1),
        comparison=[content.group_name(t, c, c) for c in gap["comparison"]],
    )
    comparisons = list(dict.fromkeys(data["comparison"]))
    edition = doc.get("edition", "GCI 2024")
    chart = (
        alt.Chart(alt.Data(values=records(data[["comparison", "side", "mean_score", "scored"]])))
        .mark_bar()
        .encode(
            y=alt.Y("comparison:N", sort=comparisons, title=None),
            yOffset=alt.YOffset("side:N", sort=[members, rest]),
            x=alt.X(
                "mean_score:Q", title=t("gaps.cyber.chart_x"), scale=alt.Scale(domain=[0, 100])
            ),
            color=alt.Color(
                "side:N",
                scale=alt.Scale(domain=[members, rest], range=[FIVE_STEPS[0], FIVE_STEPS[4]]),
                title=None,
                legend=alt.Legend(orient="bottom", direction="horizontal"),
            ),
            tooltip=["comparison:N", "side:N", "mean_score:Q", "scored:Q"],
        )
        .properties(width=480, height=alt.Step(14))
        .properties(
            title=source_caption(
                t("gaps.cyber.chart_title"),
                t("gaps.cyber.chart_subtitle")
                + " "
                + next(
                    (
                        str(s.get("citation") or "")
                        for s in doc["sources"]
                        if s.get("source_id") == GCI_DATASET
                    ),
                    "",
                ),
            )
        )
    )
    columns = [c for c in gap.columns if c not in ("side", "weakest_pillar")] + ["weakest_pillar"]
    document = chart_document(
        chart,
        gap[[c for c in columns if c in gap.columns]],
        name="cyber",
        title=f"ITU {edition}",
        sources=doc["sources"],
    )
    document.update(
        edition=edition,
        gap=records(gap),
        tier_edition=doc.get("tier_edition", "GCI 2020"),
        rule=doc["rule"],
        tiers=doc["tiers"],
        distribution=doc["distribution"],
        lowest=doc["lowest"],
        notes=doc["notes"],
    )
    return document


def _civic(doc: Document, t: Translator, names: dict[str, str]) -> Document:
    distribution = pd.DataFrame(doc["distribution"])
    distribution["label"] = [_rating(t, label) for label in distribution["label"]]
    order = list(distribution.drop_duplicates("rating").sort_values("rating")["label"].astype(str))
    frame = distribution.rename(columns={"pct_of_rated": "pct"}).assign(
        group=[content.group_name(t, g, g) for g in distribution["group"]]
    )
    chart = _stacked(
        frame,
        category="label",
        order=order,
        title=t("gaps.civic.chart_title", snapshot=doc["snapshot"]),
        subtitle=t("gaps.civic.chart_source", citation=_citation(doc))
        + (f" ({d})" if doc["sources"] and (d := _data_label(doc["sources"][0])) else ""),
        x_title=t("gaps.civic.chart_x"),
    )
    document = chart_document(
        chart,
        distribution[["group", "rating", "label", "countries", "pct_of_rated", "rated"]],
        name="civic",
        title=str(doc["snapshot"]),
        sources=doc["sources"],
    )
    lists: dict[str, list[dict[str, Any]]] = {}
    for row in doc["lists"]:
        lists.setdefault(str(row["group"]), []).append(
            {
                **row,
                "name": names.get(str(row["iso3"]), row["name"]),
                "label": _rating(t, row["label"]),
            }
        )
    table = []
    for group, block in distribution.groupby("group", sort=False):
        by_label = {str(r["label"]): r for r in records(block)}
        table.append(
            {
                "group": group,
                "rated": int(block["rated"].iloc[0]),
                "cells": [by_label.get(label) for label in order],
            }
        )
    document.update(
        snapshot=doc["snapshot"],
        order=order,
        table=table,
        lists=lists,
        named=[
            {
                **r,
                "name": names.get(str(r["iso3"]), r["name"]),
                "founding_text": _rating(t, r["founding_text"]),
                "snapshot_label": _rating(t, r["snapshot_label"]),
            }
            for r in doc["named_in_founding_text"]
        ],
        notes=doc["notes"],
    )
    return document


def _aid(doc: Document, t: Translator, names: dict[str, str]) -> Document:
    """The aid-shock section: the most exposed members in US$ (with the health financing
    among it, an upper bound), totals by group and the pooled-financing scenarios."""
    from southsouth.gaps.aid_shock import parse_rule

    year = doc["fiscal_year"]

    def named(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**r, "name": names.get(str(r["iso3"]), r["name"])} for r in rows]

    top = pd.DataFrame(named(doc["top_usd"]))
    if top.empty:
        top = pd.DataFrame(columns=["iso3", "name", "at_risk_usd", "health_at_risk_usd"])
    all_aid, health = t("gaps.aid-shock.series.all"), t("gaps.aid-shock.series.health")
    bars = pd.concat(
        [
            top.assign(measure=all_aid, usd_bn=top["at_risk_usd"] / 1e9),
            top.assign(measure=health, usd_bn=top["health_at_risk_usd"] / 1e9),
        ]
    ).dropna(subset=["usd_bn"])
    bars = bars.assign(usd_bn=bars["usd_bn"].astype(float).round(3))
    cited = "; ".join(
        sorted({source_label(s, licence=False) for s in doc["sources"] if s["publisher"]})
    )
    chart = (
        alt.Chart(alt.Data(values=records(bars[["name", "measure", "usd_bn"]])))
        .mark_bar()
        .encode(
            y=alt.Y("name:N", sort=list(top["name"]), title=None),
            x=alt.X("usd_bn:Q", title=t("gaps.aid-shock.chart_x"), stack=None),
            color=alt.Color(
                "measure:N",
                scale=alt.Scale(domain=[all_aid, health], range=[FIVE_STEPS[1], FIVE_STEPS[0]]),
                title=None,
                legend=alt.Legend(orient="bottom", direction="horizontal"),
            ),
            tooltip=["name:N", "measure:N", "usd_bn:Q"],
        )
        .properties(width=480, height=alt.Step(16))
        .properties(
            title=source_caption(
                t("gaps.aid-shock.chart_title", year=year, n=len(top)),
                t("gaps.aid-shock.chart_subtitle", year=year, sources=cited),
            )
        )
    )
    columns = ["iso3", "name", "at_risk_usd", "at_risk_pct_gdp", "health_at_risk_usd"]
    document = chart_document(
        chart,
        top[[c for c in columns if c in top.columns]],
        name="aid-shock",
        title=t("gaps.aid-shock.figure", year=year),
        sources=doc["sources"],
    )
    rules = {r["rule"]: parse_rule(str(r["rule"])) for r in doc["rules"]}
    document.update(
        fiscal_year=year,
        totals=doc["totals"],
        groups=doc["groups"],
        top=named(doc["top_usd"]),
        relative=named(doc["top_pct_gdp"]),
        scenarios=[
            {
                **s,
                "base": rules[s["rule"]].base,
                "rate_pct": rules[s["rule"]].rate_pct,
                "rate_text": in_language(f"{rules[s['rule']].rate_pct:g}", t.lang),
                "threshold_text": format_number(rules[s["rule"]].threshold_usd, t.lang, 1),
            }
            for s in doc["scenarios"]
        ],
        data_years=doc["data_years"],
        notes=[doc["year_rule"], doc["health_rule"], *doc["notes"]],
    )
    return document


def _climate(doc: Document, t: Translator, names: dict[str, str]) -> Document:
    """The climate section: members' ND-GAIN vulnerability against readiness (one point per
    member, the median cut-offs drawn), people per quadrant by group and the two lists."""
    year, cut = doc["year"], doc["cutoffs"]
    groups = list(dict.fromkeys(str(r["group"]) for r in doc["groups"]))
    shown = [content.group_name(t, g, g) for g in groups]

    def named(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**r, "name": names.get(str(r["iso3"]), r["name"])} for r in rows]

    members = pd.DataFrame(named(doc["items"]))
    scored = members.dropna(subset=["vulnerability", "readiness"]).drop_duplicates("iso3")
    labels = [t(f"gaps.climate.quadrant.{q}") for q in QUADRANTS]
    points = pd.DataFrame(
        {
            "name": scored["name"],
            "vulnerability": scored["vulnerability"].astype(float).round(3),
            "readiness": scored["readiness"].astype(float).round(3),
            "quadrant": [t(f"gaps.climate.quadrant.{q}") for q in scored["quadrant"]],
            "people": [_headcount(p, t) for p in scored["population"]],
        }
    )
    x_title, y_title = t("gaps.climate.chart_x"), t("gaps.climate.chart_y")
    dots = (
        alt.Chart(alt.Data(values=records(points)))
        .mark_circle(size=60, opacity=0.85, stroke="#333333", strokeWidth=0.4)
        .encode(
            x=alt.X("vulnerability:Q", title=x_title, scale=alt.Scale(zero=False)),
            y=alt.Y("readiness:Q", title=y_title, scale=alt.Scale(zero=False)),
            color=alt.Color(
                "quadrant:N",
                scale=alt.Scale(domain=labels, range=QUADRANT_COLOURS),
                title=None,
                legend=alt.Legend(orient="bottom", direction="horizontal", columns=2),
            ),
            tooltip=[
                alt.Tooltip("name:N", title=t("gaps.military.country")),
                alt.Tooltip("vulnerability:Q", title=t("gaps.climate.vulnerability")),
                alt.Tooltip("readiness:Q", title=t("gaps.climate.readiness")),
                alt.Tooltip("people:N", title=t("gaps.climate.population", year=year)),
            ],
        )
    )
    cutoffs = [
        alt.Chart(alt.Data(values=[{measure: round(float(cut[f"{measure}_median"]), 3)}]))
        .mark_rule(color="#555555", strokeDash=[4, 3])
        .encode(**{axis: f"{measure}:Q"})
        for axis, measure in (("x", "vulnerability"), ("y", "readiness"))
    ]
    source = next((s for s in doc["sources"] if s.get("source_id") == NDGAIN_DATASET), {})
    stale = [t("gaps.climate.stale", n=source.get("age_years"))] if source.get("stale") else []
    chart = (
        alt.layer(*cutoffs, dots)
        .properties(width=480, height=360)
        .properties(
            title=source_caption(
                t("gaps.climate.chart_title", groups=", ".join(shown), year=year),
                t(
                    "gaps.climate.chart_subtitle",
                    vulnerability=format_number(cut["vulnerability_median"], t.lang, 3),
                    readiness=format_number(cut["readiness_median"], t.lang, 3),
                ),
                t(
                    "gaps.climate.chart_source",
                    source=str(source.get("citation") or NDGAIN_DATASET),
                    year=year,
                ),
                *stale,
            )
        )
    )
    columns = ["group", "iso3", "name", "vulnerability", "readiness", "gap", "quadrant"]
    columns += ["population", "population_source"]
    document = chart_document(
        chart,
        members[[c for c in columns if c in members.columns]],
        name="climate",
        title=t("gaps.climate.figure", year=year),
        sources=doc["sources"],
    )
    by_group: dict[str, dict[str, dict[str, Any]]] = {}
    for row in doc["groups"]:
        by_group.setdefault(str(row["group"]), {})[str(row["quadrant"])] = row
    exposed, ready = named(doc["most_exposed"]), named(doc["most_ready"])
    document.update(
        year=year,
        cutoffs=cut,
        default_group=DEFAULT_CLIMATE_GROUPS[0],
        quadrant_ids=[*QUADRANTS, "not_scored"],
        table=[{"group": g, "cells": by_group[g]} for g in groups],
        groups=doc["groups"],
        most_exposed=exposed,
        most_ready=ready,
        lists=[
            {
                "group": g,
                "exposed": [r for r in exposed if r["group"] == g],
                "ready": [r for r in ready if r["group"] == g],
            }
            for g in groups
        ],
        stale=stale,
        notes=doc["notes"],
    )
    return document


def _headcount(people: float | None, t: Translator) -> str:
    """A number of people in the page's language: in millions from a million up."""
    if people is None or pd.isna(people):
        return format_number(None, t.lang)
    if people >= 1e6:
        return t("gaps.climate.millions", n=format_number(people / 1e6, t.lang, 3))
    return format_number(people, t.lang, 3)


def _rating(t: Translator, label: object) -> str:
    """A CIVICUS rating (``Closed`` … ``Open``) in the page's language."""
    return t.get(f"gaps.civic.rating.{str(label).lower()}", str(label))


def _data_label(entry: dict[str, Any]) -> str | None:
    """``data 2019–2023`` (stale flagged) of a sources entry, for a subtitle."""
    from southsouth.provenance import data_label

    return data_label(entry.get("data_years"), entry.get("age_years"), bool(entry.get("stale")))


def _citation(doc: Document) -> str:
    """The citation of a one-source document."""
    return str(doc["sources"][0].get("citation") or "") if doc["sources"] else ""


def _measures() -> dict[str, list[dict[str, str | None]]]:
    """Each section's framework indicators: id, English name and pillar (None: context)."""
    framework = load_framework()
    entries = {entry.id: entry for entry in framework.entries}
    found: dict[str, list[dict[str, str | None]]] = {}
    for section, ids in MEASURES.items():
        found[section] = []
        for entry in (entries[key] for key in ids if key in entries):
            pillar = framework.pillar(entry.pillar).name if entry.pillar else None
            found[section].append(
                {"id": entry.id, "name": entry.name, "pillar": entry.pillar, "pillar_name": pillar}
            )
    return found


def _chosen(group: list[str] | None) -> list[str]:
    chosen = list(dict.fromkeys(g.strip() for g in group or () if g.strip()))
    if any(len(g) > 200 for g in chosen):
        raise HTTPException(422, "a group id is at most 200 characters")
    return chosen


def _documents(
    request: Request,
    wanted: tuple[str, ...],
    *,
    lang: str,
    region: str,
    horizon: int,
    scenario: str,
    year: int | None,
    group: list[str],
) -> dict[str, Any]:
    """The cached documents of the ``wanted`` sections, and the SIPRI years on offer."""
    t = Translator(lang)
    names = country_names(request, lang)
    years = computed(request, "sipri-years", {}, _military_years)["items"]
    sipri_year = year if year is not None else (years[-1] if years else 2023)
    found: dict[str, Any] = {"sipri_years": years, "sipri_year": sipri_year}
    if "health" in wanted:
        params = HEALTH_WORKFORCE.parse(groups=(region.lower(),), year=horizon, scenario=scenario)
        found["health"] = drawn(
            request, HEALTH_WORKFORCE, params, "gaps-health", lambda d: _health(d, t), lang=lang
        )
    if "military" in wanted:
        params = MILITARY.parse(year=sipri_year)
        found["military"] = drawn(
            request, MILITARY, params, "gaps-military", lambda d: _military(d, t, names), lang=lang
        )
    if "cyber" in wanted:
        params = CYBER.parse(groups=group)
        found["cyber"] = drawn(
            request, CYBER, params, "gaps-cyber", lambda d: _cyber(d, t), lang=lang
        )
    if "civic-space" in wanted:
        params = CIVIC_SPACE.parse(groups=group)
        found["civic-space"] = drawn(
            request, CIVIC_SPACE, params, "gaps-civic", lambda d: _civic(d, t, names), lang=lang
        )
    if "aid-shock" in wanted:
        params = AID_SHOCK.parse(groups=group)
        found["aid-shock"] = drawn(
            request, AID_SHOCK, params, "gaps-aid", lambda d: _aid(d, t, names), lang=lang
        )
    if "climate" in wanted:
        params = CLIMATE.parse(groups=group or DEFAULT_CLIMATE_GROUPS)
        found["climate"] = drawn(
            request, CLIMATE, params, "gaps-climate", lambda d: _climate(d, t, names), lang=lang
        )
    return found


def _page(
    request: Request,
    lang: str,
    wanted: tuple[str, ...],
    *,
    region: str,
    horizon: int,
    scenario: str,
    year: int | None,
    group: list[str] | None,
) -> Response:
    chosen = _chosen(group)
    documents = _documents(
        request,
        wanted,
        lang=lang,
        region=region,
        horizon=horizon,
        scenario=scenario,
        year=year,
        group=chosen,
    )
    values = context(
        request,
        lang,
        "gaps",
        sections=wanted,
        docs=documents,
        measures=_measures(),
        region=region.lower(),
        horizon=horizon,
        horizons=list(WORKFORCE_YEARS),
        scenario=scenario,
        year=documents["sipri_year"],
        years=documents["sipri_years"],
        group=chosen,
        regions=list(WHO_REGIONS),
        groups=group_choices(request, lang),
    )
    template = "gaps.html.j2" if len(wanted) > 1 else "gaps_section.html.j2"
    return render(request, template, values)


@router.get("/gaps")
def gaps(
    request: Request,
    lang: Lang,
    region: Region = DEFAULT_REGION,
    horizon: Horizon = 2030,
    scenario: Scenario = "baseline",
    year: SipriYear = None,
    group: Groups = None,
) -> Response:
    """The gaps the founding text names, each with its chart, table and sources."""
    return _page(
        request,
        lang,
        SECTIONS,
        region=region,
        horizon=horizon,
        scenario=scenario,
        year=year,
        group=group,
    )


@router.get("/gaps/{section}.{fmt}")
def gaps_download(
    request: Request,
    lang: Lang,
    section: Section,
    fmt: Literal["svg", "png", "csv", "xlsx"],
    region: Region = DEFAULT_REGION,
    horizon: Horizon = 2030,
    scenario: Scenario = "baseline",
    year: SipriYear = None,
    group: Groups = None,
) -> Response:
    """A gap section's chart as SVG or PNG, or its data as CSV."""
    chosen = _chosen(group)
    documents = _documents(
        request,
        (section,),
        lang=lang,
        region=region,
        horizon=horizon,
        scenario=scenario,
        year=year,
        group=chosen,
    )
    return download(request, documents[section], fmt, section)


@router.get("/gaps/{section}")
def gaps_section(
    request: Request,
    lang: Lang,
    section: Section,
    region: Region = DEFAULT_REGION,
    horizon: Horizon = 2030,
    scenario: Scenario = "baseline",
    year: SipriYear = None,
    group: Groups = None,
) -> Response:
    """One gap section on its own page (the target of that section's form)."""
    return _page(
        request,
        lang,
        (section,),
        region=region,
        horizon=horizon,
        scenario=scenario,
        year=year,
        group=group,
    )
