"""Opportunities: substitution, trade links, South–South share, air links, hubs, route change.

One form drives the page (every choice in the query string). Each section is the answer of
its declared read (the API's endpoint and the command give the same numbers from the same
cache), with its chart drawn from that answer and cached beside it, so changing the air-link
areas does not recompute the trade sections. A section whose data cannot answer (e.g. the
mirror's trade tables) shows the reason instead.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import altair as alt
import pandas as pd
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from southsouth.charts.render import source_caption
from southsouth.charts.routes import route_map
from southsouth.connectivity import REGIONS
from southsouth.connectivity.missing import missing_segments
from southsouth.connectivity.paths import SEGMENT_COLUMNS
from southsouth.group_grammar import DEFAULT_GROUP
from southsouth.language import content
from southsouth.language.catalogue import Translator
from southsouth.language.names import country_name
from southsouth.registry.groups import DEFINITIONS
from southsouth.service.documents import Document
from southsouth.service.http import Checked, group_query
from southsouth.service.reads.connectivity import HUBS, MISSING, ROUTE_CHANGE
from southsouth.service.reads.trade import LINKS, SHARE, SUBSTITUTION
from southsouth.trade.products import PRODUCT_SETS
from southsouth.web.charts import chart_document, document_download, download
from southsouth.web.pages import Lang, group_choices, shown
from southsouth.web.render import context, link, render
from southsouth.web.routes.core import world_map

router = APIRouter(prefix="/{lang}", include_in_schema=False)

#: Rows shown in the substitution and trade-link tables, bars in the substitution chart.
TABLE_ROWS, BARS = 25, 15
#: Air links the selector offers (the model ranks every pair; this is how many to show).
TOPS = (5, 10, 20)
#: Hubs listed.
HUBS_SHOWN = 10
#: Global South definitions offered for the share, the air network and the hubs.
SOUTHS = tuple(key for key in DEFINITIONS if key != "all")

Text = Annotated[str, group_query(), Checked]
SECTIONS = ("substitution", "links", "share", "air")
FORMATS = ("svg", "png", "csv", "xlsx")
Section = Literal[SECTIONS]  # type: ignore[valid-type]
#: Sections shown as a table only (no chart): they download as CSV or XLSX.
TABLES = ("hubs", "change")
TableSection = Literal[TABLES]  # type: ignore[valid-type]
Format = Literal[FORMATS]  # type: ignore[valid-type]

#: The columns of the substitution table (shown rows and chart data).
SUBSTITUTION_COLUMNS = [
    "importer",
    "product",
    "m",
    "m_north",
    "sp_star",
    "spi",
    "capable_suppliers",
]
#: The columns of the trade-link heat map and its CSV.
LINK_COLUMNS = ["exporter", "importer", "tc", "tii", "missing_link", "flow"]
#: The columns of the South–South share by country.
SHARE_COLUMNS = ["iso3", "exports", "export_share_pct", "import_share_pct"]
#: The columns of the missing air-link table and its CSV (those the read gives).
AIR_COLUMNS = [
    "rank",
    "from_iso3",
    "from_country",
    "from_airport",
    "to_iso3",
    "to_country",
    "to_airport",
    "demand_score",
    "distance_km",
    "stops",
    "path",
]


def _pick(rows: list[dict[str, Any]], columns: list[str]) -> list[dict[str, Any]]:
    """``rows`` with only ``columns`` (those a row has), in that order."""
    return [{c: row[c] for c in columns if c in row} for row in rows]


def _substitution(answer: Document, bloc: str, t: Translator) -> Document:
    rows = answer["items"]
    named = content.group_name(t, bloc, bloc)
    table = pd.DataFrame(_pick(rows, SUBSTITUTION_COLUMNS), columns=SUBSTITUTION_COLUMNS)
    positive = table[table["sp_star"] > 0].head(BARS)
    chart = None
    if len(positive):
        data = positive[["importer", "product", "sp_star", "m_north"]].assign(
            pair=positive["importer"] + " · HS " + positive["product"].astype(str)
        )
        bars = (
            alt.Chart(data)
            .mark_bar(color="#2e7d32")
            .encode(
                x=alt.X("sp_star:Q", title=t("opp.chart.substitution_x")),
                y=alt.Y("pair:N", sort="-x", title=None),
                tooltip=["pair:N", "sp_star:Q", "m_north:Q"],
            )
            .properties(
                width=560,
                title=source_caption(
                    t("opp.chart.substitution_title", bloc=named, year=answer["year"]),
                    t("opp.chart.substitution_subtitle", flows=answer["source_id"]),
                ),
            )
        )
        chart = chart_document(
            bars,
            data,
            name="substitution",
            title=t("opp.chart.substitution_caption", bloc=named, year=answer["year"]),
            sources=answer["sources"],
        )
    return {
        "chart": chart,
        "rows": _pick(rows[:TABLE_ROWS], SUBSTITUTION_COLUMNS),
        "total": float(table["sp_star"].sum()),
        "count": len(rows),
        "importers": len(answer["importers"]),
        "year": answer["year"],
        "source_id": answer["source_id"],
        "label": answer["label"],
        "warning": answer["warning"],
        "notes": answer["notes"],
        "sources": answer["sources"],
    }


def _flows(answer: Document) -> str:
    """``source_id (vintage)`` of the flows behind a trade answer (its one source)."""
    flows = answer["sources"][0]
    return f"{flows['source_id']} ({flows.get('vintage') or ''})"


def _links(answer: Document, bloc: str, t: Translator) -> Document:
    options = answer["options"]
    named = content.group_name(t, bloc, bloc)
    data = pd.DataFrame(_pick(answer["items"], LINK_COLUMNS), columns=LINK_COLUMNS)
    data["mark"] = data["missing_link"].map({True: "×"}).fillna("")
    threshold = options["tc_threshold"]
    grid = alt.Chart(data).encode(
        x=alt.X("importer:N", title=t("opp.chart.importer")),
        y=alt.Y("exporter:N", title=t("opp.chart.exporter")),
    )
    heat = grid.mark_rect().encode(
        color=alt.Color(
            "tc:Q", title=t("opp.chart.complementarity"), scale=alt.Scale(scheme="blues")
        ),
        tooltip=["exporter:N", "importer:N", "tc:Q", "tii:Q", "missing_link:N", "flow:Q"],
    )
    marks = grid.mark_text(fontSize=16, fontWeight="bold", color="#b71c1c").encode(text="mark:N")
    chart = (heat + marks).properties(
        width=440,
        height=440,
        title=source_caption(
            t("opp.chart.links_title", bloc=named, year=options["year"]),
            t("opp.chart.links_subtitle", threshold=f"{threshold:.1f}"),
            t("opp.chart.flows", flows=_flows(answer)),
        ),
    )
    missing = [row for row in answer["items"] if row["missing_link"]]
    return {
        "chart": chart_document(
            chart,
            data.drop(columns="mark"),
            name="links",
            title=t("opp.chart.links_caption", bloc=named, year=options["year"]),
            sources=answer["sources"],
        ),
        "rows": _pick(missing[:TABLE_ROWS], ["exporter", "importer", "tc", "tii", "flow"]),
        "pairs": int(options["n_pairs"]),
        "missing": int(options["n_missing_links"]),
        "threshold": threshold,
        "year": options["year"],
        "notes": answer["notes"],
        "sources": answer["sources"],
    }


def _share(answer: Document, south: str, t: Translator) -> Document:
    groups = pd.DataFrame(answer["groups"])
    data = groups[["group", "export_share_pct", "intra_export_share_pct"]].melt(
        "group", var_name="measure", value_name="share_pct"
    )
    data["measure"] = data["measure"].map(
        {
            "export_share_pct": t("opp.chart.to_south"),
            "intra_export_share_pct": t("opp.chart.within_group"),
        }
    )
    data = data.dropna(subset=["share_pct"])
    # A group share short of complete coverage is flagged in its label (the notes say why).
    status = groups.get("coverage_status", pd.Series(None, index=groups.index))
    flagged = {
        g: t("opp.chart.provisional", group=content.group_name(t, g, g))
        if state == "provisional"
        else content.group_name(t, g, g)
        for g, state in zip(groups["group"], status, strict=True)
    }
    data["group"] = data["group"].map(flagged)
    year = int(groups["year"].max()) if len(groups) else None
    countries = pd.DataFrame(_pick(answer["items"], SHARE_COLUMNS), columns=SHARE_COLUMNS)
    countries = countries.sort_values("exports", ascending=False, kind="stable")
    heading = t("opp.chart.share_title", year=year)
    rows = [flagged[g] for g in groups["group"]]
    if data.empty:
        # No group share (the flows carry too little of the groups' exports): the
        # exporters' own shares, which the flows do describe.
        shown = countries.dropna(subset=["export_share_pct"]).head(TABLE_ROWS)
        data = pd.DataFrame(
            {
                "group": shown["iso3"],
                "measure": t("opp.chart.to_south"),
                "share_pct": shown["export_share_pct"],
            }
        )
        heading = t("opp.chart.share_by_exporter", year=year)
        rows = list(shown["iso3"])
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("share_pct:Q", title=t("opp.chart.share_x")),
            y=alt.Y("group:N", title=None, sort=rows),
            yOffset="measure:N",
            color=alt.Color("measure:N", title=None, legend=alt.Legend(orient="bottom")),
            tooltip=["group:N", "measure:N", "share_pct:Q"],
        )
        .properties(
            width=520,
            title=source_caption(heading, t("opp.chart.flows", flows=_flows(answer))),
        )
    )
    return {
        "chart": chart_document(
            chart,
            data,
            name="share",
            title=t("opp.chart.share_caption", group=content.group_name(t, south, south)),
            sources=answer["sources"],
        ),
        "groups": answer["groups"],
        "countries": _pick(
            [answer["items"][i] for i in countries.index[:TABLE_ROWS]], SHARE_COLUMNS
        ),
        "year": year,
        "notes": answer["notes"],
        "sources": answer["sources"],
    }


def _air(answer: Document, world: tuple[dict[str, Any], pd.DataFrame], t: Translator) -> Document:
    links = pd.DataFrame(answer["items"])
    segments = missing_segments(links) if len(links) else pd.DataFrame(columns=SEGMENT_COLUMNS)
    names = f"{_area(t, answer['from'])} – {_area(t, answer['to'])}"
    caveat = next((s["caveat"] for s in answer["sources"] if s.get("caveat")), "")
    chart = route_map(
        segments, world[0], title=t("opp.chart.air_title", names=names), subtitle=caveat
    )
    rows = _pick(answer["items"], AIR_COLUMNS)
    table = pd.DataFrame(rows, columns=[c for c in AIR_COLUMNS if c in links.columns])
    return {
        "chart": chart_document(
            chart,
            table,
            name="air",
            title=t("opp.chart.air_caption", names=names),
            sources=answer["sources"],
        ),
        "rows": rows,
        "counts": answer["counts"],
        "formula": answer["model"]["formula"],
        "from_name": _area(t, answer["from"]),
        "to_name": _area(t, answer["to"]),
        "notes": answer["notes"],
        "sources": answer["sources"],
    }


#: UN M49 codes of the air-link areas that are M49 regions (named by CLDR in each language).
M49_AREAS = {
    "africa": "002",
    "north-africa": "015",
    "sub-saharan-africa": "202",
    "west-africa": "011",
    "east-africa": "014",
    "central-africa": "017",
    "southern-africa": "018",
    "latin-america": "419",
    "south-america": "005",
    "central-america": "013",
    "caribbean": "029",
    "asia": "142",
    "south-east-asia": "035",
    "south-asia": "034",
    "east-asia": "030",
    "central-asia": "143",
    "west-asia": "145",
}


def _area_name(t: Translator, key: str, default: str) -> str:
    """An air-link area (a world region, bloc or group) named in ``t``'s language: CLDR's
    name of an M49 region, the catalogue's for the others."""
    if key in M49_AREAS:
        return country_name(M49_AREAS[key], t.lang, default)
    return t.get(f"opp.area.{key}", content.group_name(t, key, default))


def _area(t: Translator, area: dict[str, Any]) -> str:
    """The name of an area of a missing-links answer in ``t``'s language."""
    return _area_name(t, str(area.get("id") or ""), str(area["name"]))


def _hubs(answer: Document) -> Document:
    return {
        "rows": answer["items"],
        "nodes": answer["nodes"],
        "edges": answer["edges"],
        "sources": answer["sources"],
    }


def _change(answer: Document) -> Document:
    return {"rows": answer["items"], "notes": answer["notes"], "sources": answer["sources"]}


def _choices(request: Request, lang: str) -> dict[str, list[dict[str, str]]]:
    groups = group_choices(request, lang)
    t = Translator(lang)
    return {
        "blocs": groups,
        "souths": [
            {"id": key, "name": content.group_name(t, key, DEFINITIONS[key].name)} for key in SOUTHS
        ],
        "products": [{"id": key, "name": s.name} for key, s in PRODUCT_SETS.items()],
        "areas": [{"id": key, "name": _area_name(t, key, r.name)} for key, r in REGIONS.items()]
        + [g for g in groups if g["id"] not in DEFINITIONS],
    }


def _check(value: str, choices: list[dict[str, str]], name: str) -> None:
    if value not in {c["id"] for c in choices}:
        raise HTTPException(422, f"unknown {name} {value!r}")


def _sections(
    request: Request,
    bloc: str,
    products: str,
    group: str,
    from_area: str,
    to_area: str,
    top: int,
    only: str | None = None,
    *,
    lang: str,
) -> dict[str, Document]:
    """The page's section documents (or ``only`` one) in ``lang``, each the answer of its
    read."""
    t = Translator(lang)
    choices = _choices(request, lang)
    _check(bloc, choices["blocs"], "bloc")
    _check(group, choices["souths"], "Global South definition")
    _check(from_area, choices["areas"], "area")
    _check(to_area, choices["areas"], "area")
    if products:
        _check(products, choices["products"], "product set")
    if top not in TOPS:
        raise HTTPException(422, f"top must be one of {', '.join(map(str, TOPS))}")
    found: dict[str, Document] = {}
    if only in (None, "substitution"):
        params = SUBSTITUTION.parse(bloc=bloc, products=products or None, south=group)
        found["substitution"] = shown(
            request,
            SUBSTITUTION,
            params,
            "opp-substitution",
            lambda answer: _substitution(answer, bloc, t),
            lang=lang,
        )
    if only in (None, "links"):
        params = LINKS.parse(bloc=bloc)
        found["links"] = shown(
            request, LINKS, params, "opp-links", lambda answer: _links(answer, bloc, t), lang=lang
        )
    if only in (None, "share"):
        params = SHARE.parse(group=group)
        found["share"] = shown(
            request, SHARE, params, "opp-share", lambda answer: _share(answer, group, t), lang=lang
        )
    if only in (None, "air"):
        params = MISSING.parse(from_area=from_area, to_area=to_area, top=top, group=group)
        found["air"] = shown(
            request,
            MISSING,
            params,
            "opp-air",
            lambda answer: _air(answer, world_map(request), t),
            lang=lang,
        )
    if only in (None, "hubs"):
        params = HUBS.parse(group=group, top=HUBS_SHOWN)
        found["hubs"] = shown(request, HUBS, params, "opp-hubs", _hubs)
    if only in (None, "change"):
        params = ROUTE_CHANGE.parse(group=group)
        found["change"] = shown(request, ROUTE_CHANGE, params, "opp-change", _change)
    return found | ({"choices": choices} if only is None else {})


Bloc = Annotated[str, group_query(), Checked]
FromArea = Annotated[str, group_query(alias="from"), Checked]
ToArea = Annotated[str, group_query(alias="to"), Checked]
Products = Annotated[str, Query(max_length=40)]


@router.get("/opportunities")
def opportunities(
    request: Request,
    lang: Lang,
    bloc: Bloc = "ECOWAS",
    products: Products = "",
    group: Bloc = DEFAULT_GROUP,
    from_area: FromArea = "africa",
    to_area: ToArea = "south-america",
    top: int = 10,
) -> Response:
    """Substitution, trade links, South–South share, missing air links and hubs."""
    sections = _sections(request, bloc, products, group, from_area, to_area, top, lang=lang)
    query = {
        "bloc": bloc,
        "products": products,
        "group": group,
        "from": from_area,
        "to": to_area,
        "top": top,
    }
    values = context(
        request,
        lang,
        "opportunities",
        query=query,
        downloads={
            name: {fmt: link(lang, f"opportunities/{name}.{fmt}", **query) for fmt in FORMATS}
            for name in SECTIONS
        },
        tops=TOPS,
        choices=sections.pop("choices"),
        sections=sections,
    )
    return render(request, "opportunities.html.j2", values)


@router.get("/opportunities/{section}.{fmt}")
def opportunities_download(
    request: Request,
    lang: Lang,
    section: Section,
    fmt: Format,
    bloc: Bloc = "ECOWAS",
    products: Products = "",
    group: Bloc = DEFAULT_GROUP,
    from_area: FromArea = "africa",
    to_area: ToArea = "south-america",
    top: int = 10,
) -> Response:
    """A chart of the page as SVG or PNG, or its data as CSV (404 when it has no chart)."""
    chosen = _sections(
        request, bloc, products, group, from_area, to_area, top, only=section, lang=lang
    )
    document = chosen[section]["chart"]
    if document is None:
        raise HTTPException(404, f"no {section} chart for these choices")
    subject = bloc if section in ("substitution", "links") else group
    # ?table=rows (groups, countries): another table of the section, as CSV or XLSX.
    return download(request, {**chosen[section], **document}, fmt, f"{section}-{subject}")


@router.get("/opportunities/table/{section}.{fmt}")
def opportunities_table_download(
    request: Request,
    lang: Lang,
    section: TableSection,
    fmt: Literal["csv", "xlsx"],
    bloc: Bloc = "ECOWAS",
    products: Products = "",
    group: Bloc = DEFAULT_GROUP,
    from_area: FromArea = "africa",
    to_area: ToArea = "south-america",
    top: int = 10,
) -> Response:
    """The hubs or the route change table as CSV or XLSX with their sources (404 when the
    data cannot answer for these choices)."""
    chosen = _sections(
        request, bloc, products, group, from_area, to_area, top, only=section, lang=lang
    )[section]
    if chosen.get("error"):
        raise HTTPException(404, f"no {section} table for these choices")
    return document_download(
        request, chosen, fmt, f"{section}-{group}", name=f"opportunities-{section}", items="rows"
    )
