"""Country profile: the eight pillars of one country, a profile chart, a country selector."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from southsouth.charts.profile import profile_chart
from southsouth.group_grammar import GROUP_TEXT_PATTERN
from southsouth.jsonable import records
from southsouth.service.documents import Document
from southsouth.service.http import MAX_NAME
from southsouth.service.reads.evidence import PROFILE
from southsouth.web.charts import chart_document, download, source_label
from southsouth.web.pages import Lang, answered, computed, drawn
from southsouth.web.render import context, link, render
from southsouth.workspace import Workspace

router = APIRouter(prefix="/{lang}", include_in_schema=False)

Country = Annotated[
    str,
    Path(min_length=2, max_length=MAX_NAME, pattern=GROUP_TEXT_PATTERN, description="ISO3 or name"),
]


def reference_year(
    year: Annotated[
        str | None, Query(max_length=4, description="Reference year (empty: the latest)")
    ] = None,
) -> int | None:
    """The ``year`` query value as a year, ``None`` when absent or empty; 422 when it is not
    a number (each read holds it to its own range)."""
    if year is None or not year.strip():
        return None
    if not year.strip().isdigit():
        raise HTTPException(422, "year must be a number, e.g. 2024")
    return int(year)


#: A page's optional ``year`` query parameter, checked.
Year = Annotated[int | None, Depends(reference_year)]


def _countries(ws: Workspace) -> Document:
    table = ws.countries("all").sort_values("name", kind="stable")
    return {"items": records(table[["iso3", "name"]])}


#: The columns of a profile's table (chart data and CSV), from the profile read's rows.
PROFILE_COLUMNS = [
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


def _profile_chart(profile: Document) -> Document:
    import pandas as pd

    used = [
        {
            **s,
            "indicator": ", ".join(
                e["name"] for e in profile["items"] if e["dataset"] == s["source_id"]
            ),
        }
        for s in profile["sources"]
    ]
    cited = "; ".join(sorted({source_label(s) for s in used}))
    data = pd.DataFrame(profile["items"], columns=PROFILE_COLUMNS)
    chart = profile_chart(
        data,
        title=f"{profile['name']} ({profile['iso3']}): eight pillars, {profile['year']}",
        subtitle=f"Framework {profile['framework']}; latest value per indicator, 0–100 "
        f"between goalposts. Sources: {cited}",
    )
    return chart_document(
        chart, data, name="profile", title=f"{profile['name']} — {profile['year']}", sources=used
    )


def _profile_document(request: Request, country: str, year: int | None) -> Document:
    params = PROFILE.parse(country=country.upper(), year=year)
    profile = answered(request, PROFILE, params)
    chart = drawn(request, PROFILE, params, "profile", _profile_chart)
    return {
        **chart,
        "iso3": profile["iso3"],
        "country": profile["name"],
        "year": profile["year"],
        "framework": profile["framework"],
        "pillars": profile["pillars"],
        "context": profile["context"],
    }


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
