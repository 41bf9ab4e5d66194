"""Country profile: the eight pillars of one country, a profile chart, a country selector."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from southsouth.api.documents import Document, ids_in, sources
from southsouth.api.parameters import MAX_NAME
from southsouth.charts.profile import profile_chart
from southsouth.group_grammar import GROUP_TEXT_PATTERN
from southsouth.indicators.framework import load_framework
from southsouth.jsonable import records
from southsouth.web.charts import chart_document, download
from southsouth.web.pages import Lang, computed
from southsouth.web.render import context, link, render
from southsouth.workspace import Workspace

router = APIRouter(prefix="/{lang}", include_in_schema=False)

Country = Annotated[
    str,
    Path(min_length=2, max_length=MAX_NAME, pattern=GROUP_TEXT_PATTERN, description="ISO3 or name"),
]
#: Reference years a page accepts (an empty form field means the latest).
YEARS = range(1990, 2101)


def reference_year(
    year: Annotated[
        str | None, Query(max_length=4, description="Reference year (empty: the latest)")
    ] = None,
) -> int | None:
    """The ``year`` query value as a year, ``None`` when absent or empty; 422 otherwise."""
    if year is None or not year.strip():
        return None
    if not year.strip().isdigit() or int(year) not in YEARS:
        raise HTTPException(422, f"year must be between {YEARS[0]} and {YEARS[-1]}")
    return int(year)


#: A page's optional ``year`` query parameter, checked.
Year = Annotated[int | None, Depends(reference_year)]


def _countries(ws: Workspace) -> Document:
    table = ws.countries("all").sort_values("name", kind="stable")
    return {"items": records(table[["iso3", "name"]])}


def _profile(country: str, year: int | None) -> Callable[[Workspace], Document]:
    def compute(ws: Workspace) -> Document:
        result = ws.profile(country, year=year)
        whole = result.as_dict()
        entries = [e for p in whole["pillars"] for e in p["indicators"]] + whole["context"]
        used = [
            {
                **s,
                "indicator": ", ".join(
                    e["name"] for e in entries if e["dataset"] == s["source_id"]
                ),
            }
            for s in sources(ws, ids_in(entries, "dataset"))
        ]
        cited = "; ".join(sorted({f"{s['publisher']} ({s['licence']})" for s in used}))
        chart = profile_chart(
            result.entries,
            title=f"{result.name} ({result.iso3}): eight pillars, {result.year}",
            subtitle=f"Framework {result.framework}; latest value per indicator, 0–100 "
            f"between goalposts. Sources: {cited}",
        )
        data = result.entries[
            [
                "pillar",
                "indicator",
                "name",
                "value",
                "unit",
                "year",
                "score",
                "light",
                "trend",
                "dataset",
                "publisher",
                "licence",
                "vintage",
            ]
        ]
        names = {p.id: p.name for p in load_framework().pillars}
        document = chart_document(
            chart, data, name="profile", title=f"{result.name} — {result.year}", sources=used
        )
        for pillar in whole["pillars"]:
            pillar["name"] = names.get(pillar["pillar"], pillar["pillar"])
        document.update(
            iso3=result.iso3,
            country=result.name,
            year=result.year,
            framework=result.framework,
            pillars=whole["pillars"],
            context=whole["context"],
        )
        return document

    return compute


def _profile_document(request: Request, country: str, year: int | None) -> Document:
    params = {"country": country.upper(), "year": year}
    return computed(request, "profile", params, _profile(country.upper(), year))


@router.get("/country")
def country_index(
    request: Request,
    lang: Lang,
    year: Year,
    iso3: Annotated[
        str | None, Query(min_length=2, max_length=MAX_NAME, pattern=GROUP_TEXT_PATTERN)
    ] = None,
) -> Response:
    """The country chooser; with ``iso3`` the browser is sent to that country's profile."""
    if iso3:
        return RedirectResponse(
            link(lang, f"country/{quote(iso3.upper(), safe='')}", year=year), status_code=303
        )
    countries = computed(request, "countries", {}, _countries)["items"]
    values = context(request, lang, "country", countries=countries, iso3=None, year=year)
    return render(request, "country_index.html.j2", values)


@router.get("/country/{iso3}")
def country_profile(request: Request, lang: Lang, iso3: Country, year: Year) -> Response:
    """A country across the eight pillars: value, unit, year, light, trend and source."""
    document = _profile_document(request, iso3, year)
    countries = computed(request, "countries", {}, _countries)["items"]
    values = context(
        request,
        lang,
        "country",
        profile=document,
        chart=document,
        countries=countries,
        iso3=document["iso3"],
        year=year,
    )
    return render(request, "country.html.j2", values)


@router.get("/country/{iso3}/profile.{fmt}")
def country_profile_download(
    request: Request,
    lang: Lang,
    iso3: Country,
    fmt: Literal["svg", "png", "csv"],
    year: Year,
) -> Response:
    """The profile chart as SVG or PNG, or its data as CSV."""
    document = _profile_document(request, iso3, year)
    return download(request, document, fmt, f"profile-{document['iso3']}-{document['year']}")
