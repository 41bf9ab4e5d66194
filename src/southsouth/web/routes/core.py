"""Home (world map of a pillar score), data and sources, chart downloads, the root redirect."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import pandas as pd
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from southsouth.charts.world_map import choropleth, world_map_inputs
from southsouth.group_grammar import DEFAULT_GROUP
from southsouth.indicators.framework import PILLARS, load_framework
from southsouth.language import content
from southsouth.language.catalogue import Translator, negotiate
from southsouth.service.documents import Document, records
from southsouth.service.http import Checked, group_query
from southsouth.service.reads.evidence import INDEX
from southsouth.service.reads.registry import DATASETS
from southsouth.web.charts import chart_document, document_download, download, source_label
from southsouth.web.pages import Lang, answered, computed, drawn, group_choices
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


#: The columns of the home map's table and CSV (from the index read's rows).
MAP_COLUMNS = ["iso3", "name", "score", "rank", "share"]


def _world(ws: Workspace) -> Document:
    with ws.fetcher() as fetcher:
        topology, shapes = world_map_inputs(fetcher, ws.warehouse)
    return {"topology": topology, "shapes": records(shapes)}


def world_map(request: Request) -> tuple[dict[str, Any], pd.DataFrame]:
    """The world-atlas topology and its feature-id → ISO3 table (read once per data sync),
    for the maps pages draw from a read's answer."""
    found = computed(request, "world-map", {}, _world)
    return found["topology"], pd.DataFrame(found["shapes"], columns=["feature_id", "country_iso3"])


def _map(
    index: Document, pillar: str, world: tuple[dict[str, Any], pd.DataFrame], t: Translator
) -> Document:
    """The choropleth of an index answer (its overall or pillar scores), with its table."""
    topology, shapes = world
    rows = [{c: row.get(c) for c in MAP_COLUMNS} for row in index["items"]]
    table = pd.DataFrame(rows, columns=MAP_COLUMNS)
    name = (
        t("pillar.overall")
        if pillar == "overall"
        else content.pillar_name(t, pillar, load_framework().pillar(pillar).name)
    )
    group = content.group_name(t, index["group"], index["group"])
    sources = index["sources"]
    cited = "; ".join(source_label(s) for s in sources[:6])
    chart = choropleth(
        table,
        topology,
        shapes,
        field="score",
        title=t("home.map_title", pillar=name, group=group, year=index["year"]),
        subtitle=t(
            "home.map_subtitle",
            normalisation=index["options"]["normalisation"],
            sources=cited,
        ),
        legend_title=t("table.score"),
    )
    document = chart_document(chart, table, name="map", title=f"{name} — {group}", sources=sources)
    document["rows"] = rows
    document["year"] = index["year"]
    return document


def _map_document(request: Request, group: str, pillar: str, lang: str) -> Document:
    """The home map of ``group`` in ``lang``: the index read's answer (default draws, as
    ``GET /index`` gives it) drawn on the world map."""
    group = request.app.state.runner.canonical_group(group)
    params = INDEX.parse(group=group, pillar=None if pillar == "overall" else pillar)
    t = Translator(lang)
    return drawn(
        request,
        INDEX,
        params,
        "map",
        lambda index: _map(index, pillar, world_map(request), t),
        lang=lang,
    )


@router.get("/")
def home(
    request: Request,
    lang: Lang,
    group: Annotated[str, group_query(), Checked] = DEFAULT_GROUP,
    pillar: Pillar = "overall",
) -> Response:
    """The home page: a world map of the chosen pillar score for the chosen group."""
    document = _map_document(request, group, pillar, lang)
    framework = load_framework()
    values = context(
        request,
        lang,
        "home",
        group=group,
        pillar=pillar,
        groups=group_choices(request, lang),
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
    fmt: Literal["svg", "png", "csv", "xlsx"],
    group: Annotated[str, group_query(), Checked] = DEFAULT_GROUP,
    pillar: Pillar = "overall",
) -> Response:
    """The home map as SVG or PNG, or its data as CSV."""
    return download(request, _map_document(request, group, pillar, lang), fmt, f"{pillar}-{group}")


@router.get("/data")
def data(request: Request, lang: Lang) -> Response:
    """Every dataset: publisher, vintage, data years and age, licence, rows, status (by
    domain)."""
    document = answered(request, DATASETS, DATASETS.parse(everything=True))
    rows = sorted(document["items"], key=lambda d: (d.get("domain") or "", d["dataset_id"]))
    values = context(
        request,
        lang,
        "data",
        datasets=rows,
        as_of=document["as_of"],
        stale_after_years=document["stale_after_years"],
    )
    return render(request, "data.html.j2", values)


@router.get("/data.{fmt}")
def data_download(request: Request, lang: Lang, fmt: Literal["csv", "xlsx"]) -> Response:
    """The data page's table (every dataset's record) as CSV or XLSX."""
    document = answered(request, DATASETS, DATASETS.parse(everything=True))
    return document_download(request, document, fmt, "datasets", name="datasets")
