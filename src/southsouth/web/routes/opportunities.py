"""Opportunities: import substitution, trade links, South–South share, missing air links, hubs.

One form drives the page (every choice in the query string); each section is computed and
cached on its own, so changing the air-link areas does not recompute the trade sections. A
section whose data cannot answer (e.g. the mirror's trade tables) shows the reason instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

import altair as alt
import pandas as pd
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from southsouth.api.documents import Document, records
from southsouth.api.parameters import Checked, group_query
from southsouth.charts.render import source_caption
from southsouth.charts.routes import route_map
from southsouth.charts.world_map import world_map_inputs
from southsouth.connectivity import REGIONS
from southsouth.group_grammar import DEFAULT_GROUP
from southsouth.registry.groups import DEFINITIONS
from southsouth.trade.products import PRODUCT_SETS
from southsouth.web.charts import chart_document, download
from southsouth.web.pages import Lang, cited, computed, group_choices, guarded
from southsouth.web.render import context, link, render
from southsouth.workspace import Workspace

router = APIRouter(prefix="/{lang}", include_in_schema=False)

#: Rows shown in the substitution and trade-link tables, bars in the substitution chart.
TABLE_ROWS, BARS = 25, 15
#: Air links the selector offers (the model ranks every pair; this is how many to show).
TOPS = (5, 10, 20)
#: Hubs listed.
HUBS = 10
#: Global South definitions offered for the share, the air network and the hubs.
SOUTHS = tuple(key for key in DEFINITIONS if key != "all")

Text = Annotated[str, group_query(), Checked]
SECTIONS = ("substitution", "links", "share", "air")
FORMATS = ("svg", "png", "csv")
Section = Literal[SECTIONS]  # type: ignore[valid-type]
Format = Literal[FORMATS]  # type: ignore[valid-type]


def _substitution(bloc: str, products: str, south: str) -> Callable[[Workspace], Document]:
    def compute(ws: Workspace) -> Document:
        chosen = ws.substitution(bloc=bloc, products=products or None, south=south)
        whole = chosen.result.as_dict(limit=0)
        table = chosen.table
        shown = table[["importer", "product", "m", "m_north", "sp_star", "spi"]]
        shown = shown.assign(capable_suppliers=table["capable_suppliers"]).head(TABLE_ROWS)
        quoted = cited(ws, whole["sources"])
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
                    x=alt.X("sp_star:Q", title="substitutable imports from the North (US$)"),
                    y=alt.Y("pair:N", sort="-x", title=None),
                    tooltip=["pair:N", "sp_star:Q", "m_north:Q"],
                )
                .properties(
                    width=560,
                    title=source_caption(
                        f"Imports of {bloc} members from the North that Southern suppliers "
                        f"could replace, {chosen.year}",
                        f"Largest importer × product potentials; flows {chosen.source_id}",
                    ),
                )
            )
            chart = chart_document(
                bars,
                data,
                name="substitution",
                title=f"Import substitution — {bloc}, {chosen.year}",
                sources=quoted,
            )
        return {
            "chart": chart,
            "rows": records(shown),
            "total": float(table["sp_star"].sum()),
            "count": len(table),
            "importers": len(chosen.importers),
            "year": chosen.year,
            "source_id": chosen.source_id,
            "label": whole["label"],
            "warning": chosen.warning,
            "notes": whole["notes"],
            "sources": quoted,
        }

    return guarded(compute)


def _links(bloc: str) -> Callable[[Workspace], Document]:
    def compute(ws: Workspace) -> Document:
        result = ws.trade_links(bloc)
        whole = result.as_dict()
        options, provenance = whole["options"], whole["provenance"]
        pairs = result.pairs.sort_values(
            ["missing_link", "tc", "exporter", "importer"],
            ascending=[False, False, True, True],
            kind="stable",
        )
        data = pairs[["exporter", "importer", "tc", "tii", "missing_link", "flow"]].copy()
        data["mark"] = data["missing_link"].map({True: "×"}).fillna("")
        threshold = options["tc_threshold"]
        grid = alt.Chart(data).encode(
            x=alt.X("importer:N", title="importer"),
            y=alt.Y("exporter:N", title="exporter"),
        )
        heat = grid.mark_rect().encode(
            color=alt.Color("tc:Q", title="complementarity", scale=alt.Scale(scheme="blues")),
            tooltip=["exporter:N", "importer:N", "tc:Q", "tii:Q", "missing_link:N", "flow:Q"],
        )
        marks = grid.mark_text(fontSize=16, fontWeight="bold", color="#b71c1c").encode(
            text="mark:N"
        )
        chart = (heat + marks).properties(
            width=440,
            height=440,
            title=source_caption(
                f"Trade complementarity between {bloc} members, {options['year']}",
                f"× = missing link: complementarity ≥ {threshold:.1f} (top quartile) and "
                "intensity below 1",
                f"Flows: {provenance['source_id']} ({provenance.get('vintage') or ''})",
            ),
        )
        quoted = cited(ws, [provenance])
        missing = data[data["missing_link"].fillna(False).astype(bool)]
        return {
            "chart": chart_document(
                chart,
                data.drop(columns="mark"),
                name="links",
                title=f"Trade links — {bloc}, {options['year']}",
                sources=quoted,
            ),
            "rows": records(missing.drop(columns=["mark", "missing_link"]).head(TABLE_ROWS)),
            "pairs": int(options["n_pairs"]),
            "missing": int(options["n_missing_links"]),
            "threshold": threshold,
            "year": options["year"],
            "notes": whole["notes"],
            "sources": quoted,
        }

    return guarded(compute)


def _share(south: str) -> Callable[[Workspace], Document]:
    def compute(ws: Workspace) -> Document:
        result = ws.trade_share(group=south)
        whole = result.as_dict()
        provenance = whole["provenance"]
        groups = pd.DataFrame(whole["groups"])
        data = groups[["group", "export_share_pct", "intra_export_share_pct"]].melt(
            "group", var_name="measure", value_name="share_pct"
        )
        data["measure"] = data["measure"].map(
            {
                "export_share_pct": "exports to the Global South",
                "intra_export_share_pct": "exports within the group",
            }
        )
        data = data.dropna(subset=["share_pct"])
        year = int(groups["year"].max()) if len(groups) else None
        countries = result.countries.sort_values("exports", ascending=False, kind="stable")
        heading, rows = f"South–South share of exports, {year}", list(groups["group"])
        if data.empty:
            # No group share (the flows carry too little of the groups' exports): the
            # exporters' own shares, which the flows do describe.
            shown = countries.dropna(subset=["export_share_pct"]).head(TABLE_ROWS)
            data = pd.DataFrame(
                {
                    "group": shown["iso3"],
                    "measure": "exports to the Global South",
                    "share_pct": shown["export_share_pct"],
                }
            )
            heading = f"South–South share of exports by exporter, {year} (no group share)"
            rows = list(shown["iso3"])
        chart = (
            alt.Chart(data)
            .mark_bar()
            .encode(
                x=alt.X("share_pct:Q", title="share of the members' exports (%)"),
                y=alt.Y("group:N", title=None, sort=rows),
                yOffset="measure:N",
                color=alt.Color("measure:N", title=None, legend=alt.Legend(orient="bottom")),
                tooltip=["group:N", "measure:N", "share_pct:Q"],
            )
            .properties(
                width=520,
                title=source_caption(
                    heading,
                    f"Flows: {provenance['source_id']} ({provenance.get('vintage') or ''})",
                ),
            )
        )
        quoted = cited(ws, [provenance])
        columns = ["iso3", "exports", "export_share_pct", "import_share_pct"]
        return {
            "chart": chart_document(
                chart, data, name="share", title=f"South–South share — {south}", sources=quoted
            ),
            "groups": records(groups),
            "countries": records(countries[columns].head(TABLE_ROWS)),
            "year": year,
            "notes": whole["notes"],
            "sources": quoted,
        }

    return guarded(compute)


def _air(from_area: str, to_area: str, top: int, south: str) -> Callable[[Workspace], Document]:
    def compute(ws: Workspace) -> Document:
        result = ws.missing_air_links(from_area, to_area, top=top, group=south)
        whole = result.as_dict()
        with ws.fetcher() as fetcher:
            topology, _ = world_map_inputs(fetcher, ws.warehouse)
        names = f"{whole['from']['name']} – {whole['to']['name']}"
        chart = route_map(
            result.segments(),
            topology,
            title=f"Missing direct air links: {names}",
            subtitle=result.source.caveat,
        )
        columns = [
            "rank",
            "from_iso3",
            "from_country",
            "from_airport",
            "to_iso3",
            "to_country",
            "to_airport",
            "demand_score",
            "distance_km",
            "stops_2014",
            "path_2014",
        ]
        table = result.table[[c for c in columns if c in result.table.columns]]
        quoted = cited(ws, [whole["source"], *whole["inputs_source"]])
        return {
            "chart": chart_document(
                chart, table, name="air", title=f"Missing air links — {names}", sources=quoted
            ),
            "rows": records(table),
            "counts": whole["counts"],
            "formula": result.model.formula(),
            "from_name": whole["from"]["name"],
            "to_name": whole["to"]["name"],
            "notes": whole["notes"],
            "sources": quoted,
        }

    return guarded(compute)


def _hubs(south: str) -> Callable[[Workspace], Document]:
    def compute(ws: Workspace) -> Document:
        result = ws.air_hubs(group=south, top=HUBS)
        whole = result.as_dict()
        return {
            "rows": records(result.table),
            "nodes": whole["nodes"],
            "edges": whole["edges"],
            "sources": cited(ws, [whole["source"]]),
        }

    return guarded(compute)


def _choices(request: Request) -> dict[str, list[dict[str, str]]]:
    groups = group_choices(request)
    return {
        "blocs": groups,
        "souths": [{"id": key, "name": DEFINITIONS[key].name} for key in SOUTHS],
        "products": [{"id": key, "name": s.name} for key, s in PRODUCT_SETS.items()],
        "areas": [{"id": key, "name": r.name} for key, r in REGIONS.items()]
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
) -> dict[str, Document]:
    """The page's section documents (or ``only`` one), each cached on its own parameters."""
    choices = _choices(request)
    _check(bloc, choices["blocs"], "bloc")
    _check(group, choices["souths"], "Global South definition")
    _check(from_area, choices["areas"], "area")
    _check(to_area, choices["areas"], "area")
    if products:
        _check(products, choices["products"], "product set")
    if top not in TOPS:
        raise HTTPException(422, f"top must be one of {', '.join(map(str, TOPS))}")
    air = {"from": from_area, "to": to_area, "top": top, "group": group}
    plan: dict[str, tuple[dict[str, Any], Callable[[Workspace], Document]]] = {
        "substitution": (
            {"bloc": bloc, "products": products, "group": group},
            _substitution(bloc, products, group),
        ),
        "links": ({"bloc": bloc}, _links(bloc)),
        "share": ({"group": group}, _share(group)),
        "air": (air, _air(from_area, to_area, top, group)),
        "hubs": ({"group": group}, _hubs(group)),
    }
    return {
        name: computed(request, f"opp-{name}", params, compute, heavy=True)
        for name, (params, compute) in plan.items()
        if only in (None, name)
    } | ({"choices": choices} if only is None else {})


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
    sections = _sections(request, bloc, products, group, from_area, to_area, top)
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
    chosen = _sections(request, bloc, products, group, from_area, to_area, top, only=section)
    document = chosen[section]["chart"]
    if document is None:
        raise HTTPException(404, f"no {section} chart for these choices")
    subject = bloc if section in ("substitution", "links") else group
    return download(request, document, fmt, f"{section}-{subject}")
