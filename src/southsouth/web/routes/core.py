"""Home (world map of a pillar score), data and sources, chart downloads, the root redirect."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from southsouth.api.documents import Document, records
from southsouth.api.parameters import Checked, group_query
from southsouth.charts.world_map import choropleth, world_map_inputs
from southsouth.group_grammar import DEFAULT_GROUP
from southsouth.indicators.framework import PILLARS, load_framework
from southsouth.web.charts import chart_document, download
from southsouth.web.i18n import negotiate
from southsouth.web.pages import Lang, computed, group_choices
from southsouth.web.render import context, render
from southsouth.workspace import Workspace

root = APIRouter(include_in_schema=False)
router = APIRouter(prefix="/{lang}", include_in_schema=False)

Pillar = Literal["overall", *PILLARS]  # type: ignore[valid-type]


@root.get("/")
def index(request: Request) -> RedirectResponse:
    """Send the browser to its preferred language."""
    lang = negotiate(request.headers.get("accept-language"))
    return RedirectResponse(f"/{lang}/", status_code=302, headers={"Vary": "Accept-Language"})


def _map(group: str, pillar: str) -> callable:  # type: ignore[valid-type]
    def compute(ws: Workspace) -> Document:
        built = ws.pillar_index(group=group, replications=0)
        table = built.table(None if pillar == "overall" else pillar)
        with ws.fetcher() as fetcher:
            topology, shapes = world_map_inputs(fetcher, ws.warehouse)
        name = "overall" if pillar == "overall" else load_framework().pillar(pillar).name
        sources = records(built.sources())
        cited = "; ".join(f"{s['publisher']} ({s['licence']})" for s in sources[:6])
        chart = choropleth(
            table,
            topology,
            shapes,
            field="score",
            title=f"{name}: scores of {built.group} members, data up to {built.year}",
            subtitle=f"0–100 ({built.result.options.normalisation} normalisation of the "
            "framework's "
            f"goalposts); grey = not a member or no data. Sources: {cited}",
        )
        data = table[["iso3", "name", "score", "rank", "share"]]
        document = chart_document(
            chart, data, name="map", title=f"{name} — {built.group}", sources=sources
        )
        document["rows"] = records(data)
        document["year"] = built.year
        return document

    return compute


def _map_document(request: Request, group: str, pillar: str) -> Document:
    group = request.app.state.reads.canonical_group(group)
    params = {"group": group, "pillar": pillar}
    return computed(request, "map", params, _map(group, pillar), heavy=True)


@router.get("/")
def home(
    request: Request,
    lang: Lang,
    group: Annotated[str, group_query(), Checked] = DEFAULT_GROUP,
    pillar: Pillar = "overall",
) -> Response:
    """The home page: a world map of the chosen pillar score for the chosen group."""
    document = _map_document(request, group, pillar)
    framework = load_framework()
    values = context(
        request,
        lang,
        "home",
        group=group,
        pillar=pillar,
        groups=group_choices(request),
        pillars=[{"id": "overall", "name": None}]
        + [{"id": p.id, "name": p.name} for p in framework.pillars],
        chart=document,
        rows=document["rows"],
        year=document["year"],
    )
    return render(request, "home.html.j2", values)


@router.get("/map.{fmt}")
def home_map_download(
    request: Request,
    lang: Lang,
    fmt: Literal["svg", "png", "csv"],
    group: Annotated[str, group_query(), Checked] = DEFAULT_GROUP,
    pillar: Pillar = "overall",
) -> Response:
    """The home map as SVG or PNG, or its data as CSV."""
    return download(request, _map_document(request, group, pillar), fmt, f"{pillar}-{group}")


@router.get("/data")
def data(request: Request, lang: Lang) -> Response:
    """Every dataset: publisher, vintage, licence, rows, status."""

    def compute(ws: Workspace) -> Document:
        return {"items": records(ws.datasets())}

    rows = computed(request, "datasets", {}, compute)["items"]
    return render(request, "data.html.j2", context(request, lang, "data", datasets=rows))
