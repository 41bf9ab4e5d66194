"""Gaps: health-workforce projection, military spending shares, cyber scores, civic space.

``/{lang}/gaps`` shows the four sections; ``/{lang}/gaps/<section>`` shows one (its form
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
from southsouth.gaps.cyber import DATASET as GCI_DATASET
from southsouth.jsonable import records
from southsouth.periods import TARGET_YEARS
from southsouth.service.documents import Document
from southsouth.service.http import Checked, GroupItem, group_query
from southsouth.service.reads.gaps import (
    CIVIC_SPACE,
    CYBER,
    DEFAULT_WORKFORCE_GROUPS,
    HEALTH_WORKFORCE,
    MILITARY,
)
from southsouth.web.charts import chart_document, download, source_label
from southsouth.web.pages import Lang, computed, drawn, group_choices
from southsouth.web.render import context, render
from southsouth.workspace import WORKFORCE_YEARS, Workspace

router = APIRouter(prefix="/{lang}", include_in_schema=False)

Section = Literal["health", "military", "cyber", "civic-space"]
SECTIONS: tuple[str, ...] = ("health", "military", "cyber", "civic-space")
#: WHO regions offered first in the health-workforce selector.
WHO_REGIONS = ("afro", "amro", "searo", "euro", "emro", "wpro")
#: Colours of five ordered categories, worst first (blue–red diverging, colour-blind safe).
FIVE_STEPS = ["#b2182b", "#ef8a62", "#fddbc7", "#92c5de", "#2166ac"]
MAX_GROUPS = 12

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
    frame: pd.DataFrame, *, category: str, order: list[str], title: str, subtitle: str
) -> alt.Chart:
    """Horizontal 100 % bars per group, one segment per ordered category (worst first)."""
    data = frame.assign(pct=frame["pct"].round(1), rank=frame[category].map(order.index))
    groups = list(dict.fromkeys(data["group"]))
    return (
        alt.Chart(alt.Data(values=records(data[["group", category, "pct", "countries", "rank"]])))
        .mark_bar()
        .encode(
            y=alt.Y("group:N", sort=groups, title=None),
            x=alt.X("pct:Q", title="% of countries rated", scale=alt.Scale(domain=[0, 100])),
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


def _health(doc: Document) -> Document:
    first = str(doc["headline"][0]["group"]) if doc["headline"] else doc["groups"][0]
    name = str(doc["headline"][0]["group_name"]) if doc["headline"] else first
    projection = pd.DataFrame(doc["projection"])
    rows = projection[projection["group"] == first]
    comparison = next((c for c in doc["comparisons"] if c["published"]["group"] == first), None)
    cited = "; ".join(
        sorted({source_label(s, licence=False) for s in doc["sources"] if s["publisher"]})
    )
    scenario = doc["scenario"]["name"]
    chart = workforce_chart(
        rows[["year", "need", "supply", "shortage"]],
        title=f"Doctors, nurses and midwives: {name}",
        subtitle=f"Need at 4.45 per 1,000 (UN WPP 2024 population), supply by trend; "
        f"scenario {scenario}. Sources: {cited}",
        published={
            "need": comparison["published"]["need"],
            "shortage": comparison["published"]["shortage"],
        }
        if comparison
        else None,
        published_year=comparison["published"]["year"] if comparison else None,
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
        title=f"{name}, {rows['year'].min()}–{rows['year'].max()}",
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


def _military(doc: Document) -> Document:
    rows = pd.DataFrame(doc["items"])
    year = doc["year"]
    source = str(rows["source"].iloc[0]) if len(rows) else "SIPRI"
    dated = sorted({d for s in doc["sources"] if (d := _data_label(s))})
    chart = military_shares_chart(
        rows, year=year, source="; ".join([source, *dated]) if dated else source
    )
    data = rows[["year", "entity", "name", "kind", "value_usd_bn", "share_pct", "basis"]]
    document = chart_document(
        chart, data, name="military", title=f"SIPRI, {year}", sources=doc["sources"]
    )
    document.update(
        year=year,
        rows=records(rows.drop(columns=["missing", "note", "source", "licence", "vintage"])),
        top=doc["top"],
        world_usd_bn=doc["world_usd_bn"],
        world_basis=doc["world_basis"],
        notes=doc["notes"],
    )
    return document


def _cyber(doc: Document) -> Document:
    gap = pd.DataFrame(doc["gap"])
    if gap.empty:
        gap = pd.DataFrame(columns=["comparison", "group", "scored", "mean_score"])
    gap = gap.assign(
        side=[
            "members" if g == c else "rest of world"
            for g, c in zip(gap["group"], gap["comparison"], strict=True)
        ]
    )
    comparisons = list(dict.fromkeys(gap["comparison"]))
    data = gap.assign(mean_score=gap["mean_score"].round(1))
    edition = doc.get("edition", "GCI 2024")
    chart = (
        alt.Chart(alt.Data(values=records(data[["comparison", "side", "mean_score", "scored"]])))
        .mark_bar()
        .encode(
            y=alt.Y("comparison:N", sort=comparisons, title=None),
            yOffset=alt.YOffset("side:N", sort=["members", "rest of world"]),
            x=alt.X("mean_score:Q", title="mean score (0–100)", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(
                "side:N",
                scale=alt.Scale(
                    domain=["members", "rest of world"], range=[FIVE_STEPS[0], FIVE_STEPS[4]]
                ),
                title=None,
                legend=alt.Legend(orient="bottom", direction="horizontal"),
            ),
            tooltip=["comparison:N", "side:N", "mean_score:Q", "scored:Q"],
        )
        .properties(width=480, height=alt.Step(14))
        .properties(
            title=source_caption(
                "ITU Global Cybersecurity Index 2024: members' mean score against the rest of "
                "the world",
                "No 2024 tiers (ITU's per-country tier list is not in the data). Source: "
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


def _civic(doc: Document) -> Document:
    distribution = pd.DataFrame(doc["distribution"])
    order = list(distribution.drop_duplicates("rating").sort_values("rating")["label"].astype(str))
    frame = distribution.rename(columns={"pct_of_rated": "pct"})
    chart = _stacked(
        frame,
        category="label",
        order=order,
        title=f"CIVICUS Monitor: civic space by group ({doc['snapshot']})",
        subtitle=f"Source: {_citation(doc)}"
        + (f" ({d})" if doc["sources"] and (d := _data_label(doc["sources"][0])) else ""),
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
        lists.setdefault(str(row["group"]), []).append(row)
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
        named=doc["named_in_founding_text"],
        notes=doc["notes"],
    )
    return document


def _data_label(entry: dict[str, Any]) -> str | None:
    """``data 2019–2023`` (stale flagged) of a sources entry, for a subtitle."""
    from southsouth.provenance import data_label

    return data_label(entry.get("data_years"), entry.get("age_years"), bool(entry.get("stale")))


def _citation(doc: Document) -> str:
    """The citation of a one-source document."""
    return str(doc["sources"][0].get("citation") or "") if doc["sources"] else ""


def _chosen(group: list[str] | None) -> list[str]:
    chosen = list(dict.fromkeys(g.strip() for g in group or () if g.strip()))
    if any(len(g) > 200 for g in chosen):
        raise HTTPException(422, "a group id is at most 200 characters")
    return chosen


def _documents(
    request: Request,
    wanted: tuple[str, ...],
    *,
    region: str,
    horizon: int,
    scenario: str,
    year: int | None,
    group: list[str],
) -> dict[str, Any]:
    """The cached documents of the ``wanted`` sections, and the SIPRI years on offer."""
    years = computed(request, "sipri-years", {}, _military_years)["items"]
    sipri_year = year if year is not None else (years[-1] if years else 2023)
    found: dict[str, Any] = {"sipri_years": years, "sipri_year": sipri_year}
    if "health" in wanted:
        params = HEALTH_WORKFORCE.parse(groups=(region.lower(),), year=horizon, scenario=scenario)
        found["health"] = drawn(request, HEALTH_WORKFORCE, params, "gaps-health", _health)
    if "military" in wanted:
        params = MILITARY.parse(year=sipri_year)
        found["military"] = drawn(request, MILITARY, params, "gaps-military", _military)
    if "cyber" in wanted:
        found["cyber"] = drawn(request, CYBER, CYBER.parse(groups=group), "gaps-cyber", _cyber)
    if "civic-space" in wanted:
        params = CIVIC_SPACE.parse(groups=group)
        found["civic-space"] = drawn(request, CIVIC_SPACE, params, "gaps-civic", _civic)
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
        region=region.lower(),
        horizon=horizon,
        horizons=list(WORKFORCE_YEARS),
        scenario=scenario,
        year=documents["sipri_year"],
        years=documents["sipri_years"],
        group=chosen,
        regions=list(WHO_REGIONS),
        groups=group_choices(request),
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
    """The four gaps the founding text names, each with its chart, table and sources."""
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
    fmt: Literal["svg", "png", "csv"],
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
