"""Country profile: the pillars of one country, a profile chart, a country selector."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from southsouth.charts.profile import profile_chart
from southsouth.group_grammar import GROUP_TEXT_PATTERN
from southsouth.jsonable import records
from southsouth.language import content
from southsouth.language.bidi import year_range
from southsouth.language.catalogue import Translator
from southsouth.service.documents import Document
from southsouth.service.http import MAX_NAME
from southsouth.service.reads.evidence import PROFILE
from southsouth.web.charts import chart_document, download, source_label
from southsouth.web.pages import Lang, answered, computed, country_names, drawn
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


def _chooser(request: Request, lang: str) -> list[dict[str, str]]:
    """Every country (ISO3, name in ``lang``), in that language's alphabetical order."""
    names = country_names(request, lang)
    rows = [
        {"iso3": c["iso3"], "name": names.get(c["iso3"], c["name"])}
        for c in computed(request, "countries", {}, _countries)["items"]
    ]
    return sorted(rows, key=lambda c: _sort_key(c["name"]))


def _sort_key(name: str) -> str:
    """``name`` without accents, case-folded: Égypte sorts with the Es."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


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


def _profile_chart(profile: Document, t: Translator, names: dict[str, str]) -> Document:
    import pandas as pd

    used = [
        {
            **s,
            "indicator": ", ".join(
                content.indicator_name(t, e["indicator"], e["name"])
                for e in profile["items"]
                if e["dataset"] == s["source_id"]
            ),
        }
        for s in profile["sources"]
    ]
    cited = "; ".join(sorted({source_label(s) for s in used}))
    data = pd.DataFrame(profile["items"], columns=PROFILE_COLUMNS)
    pillars = {
        p["pillar"]: content.pillar_name(t, p["pillar"], p["name"]) for p in profile["pillars"]
    }
    shown = data.assign(
        pillar=[pillars.get(p, p) if isinstance(p, str) else p for p in data["pillar"]],
        name=[
            content.indicator_name(t, i, n)
            for i, n in zip(data["indicator"], data["name"], strict=True)
        ],
        unit=[content.unit(t, u) for u in data["unit"]],
    )
    name = names.get(profile["iso3"], profile["name"])
    chart = profile_chart(
        shown,
        title=t("country.chart_title", name=name, iso3=profile["iso3"], year=profile["year"]),
        subtitle=t("country.chart_subtitle", framework=profile["framework"], sources=cited),
        score_title=t("country.chart_score"),
        light_title=t("country.light"),
        light_names={
            **{light: content.light(t, light) for light in ("green", "yellow", "orange", "red")},
            "no threshold": t("country.no_threshold"),
            "missing": t("country.missing"),
        },
    )
    return chart_document(
        chart, data, name="profile", title=f"{name} — {profile['year']}", sources=used
    )


def _profile_document(request: Request, country: str, year: int | None, lang: str) -> Document:
    params = PROFILE.parse(country=country.upper(), year=year)
    profile = answered(request, PROFILE, params)
    t = Translator(lang)
    names = country_names(request, lang)
    chart = drawn(
        request, PROFILE, params, "profile", lambda p: _profile_chart(p, t, names), lang=lang
    )
    return {
        **chart,
        "iso3": profile["iso3"],
        "country": names.get(profile["iso3"], profile["name"]),
        "year": profile["year"],
        "framework": profile["framework"],
        "pillars": [
            {**p, "indicators": [_noted(e, t) for e in p["indicators"]]} for p in profile["pillars"]
        ],
        "context": [_noted(e, t) for e in profile["context"]],
    }


#: The profile's note on a missing value (``indicators.profile``), as it writes it.
NO_VALUE = re.compile(r"no value between (\d{4}) and (\d{4})")


def _noted(entry: Document, t: Translator) -> Document:
    """``entry`` with its note on a missing value in the page's language (other notes are
    shown as written)."""
    found = NO_VALUE.fullmatch(str(entry.get("note") or ""))
    if not found:
        return entry
    return {**entry, "note": t("country.no_value", years=year_range(*found.groups()))}


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
    countries = _chooser(request, lang)
    values = context(request, lang, "country", countries=countries, iso3=None, year=year)
    return render(request, "country_index.html.j2", values)


@router.get("/country/{iso3}")
def country_profile(request: Request, lang: Lang, iso3: Country, year: Year) -> Response:
    """A country across the pillars: value, unit, year, light, trend and source."""
    document = _profile_document(request, iso3, year, lang)
    countries = _chooser(request, lang)
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
    fmt: Literal["svg", "png", "csv", "xlsx"],
    year: Year,
) -> Response:
    """The profile chart as SVG or PNG, or its data as CSV."""
    document = _profile_document(request, iso3, year, lang)
    return download(request, document, fmt, f"profile-{document['iso3']}-{document['year']}")
