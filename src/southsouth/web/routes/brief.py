"""Printable briefs: a country's or a bloc's two-page brief as HTML and as PDF.

The page is the brief itself (the same self-contained HTML ``southsouth brief`` writes), not
a dashboard page: its one ``<style>`` element is allowed by its hash in the page's own
Content-Security-Policy, and it runs no script. The brief read and the layout are heavy, so
both are computed within the server's limits and cached until the data change.
"""

from __future__ import annotations

import base64
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from southsouth.group_grammar import GROUP_TEXT_PATTERN, MAX_GROUP_TEXT
from southsouth.report.brief import brief_pdf, render_brief, stem, style_hash
from southsouth.service.documents import Document
from southsouth.service.reads.brief import BRIEF
from southsouth.web.pages import Lang, answered, computed
from southsouth.web.routes.country import Country

router = APIRouter(prefix="/{lang}", include_in_schema=False)

Bloc = Annotated[
    str,
    Path(
        min_length=1, max_length=MAX_GROUP_TEXT, pattern=GROUP_TEXT_PATTERN, description="Bloc id"
    ),
]


def policy() -> str:
    """The brief page's Content-Security-Policy: its own style element, no script, no fetch."""
    return "; ".join(
        (
            "default-src 'none'",
            f"style-src {style_hash()}",
            "img-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        )
    )


def _brief(request: Request, lang: str, values: dict[str, Any], pdf: bool) -> tuple[Document, Any]:
    """The brief read's document and the rendered brief (``{"html"}`` or ``{"pdf"}`` as
    base64), each cached."""
    params = BRIEF.parse(values)
    document = answered(request, BRIEF, params)

    def draw(_: Any) -> Document:
        if pdf:
            return {"pdf": base64.b64encode(brief_pdf(document, lang)[1]).decode()}
        return {"html": render_brief(document, lang)}

    drawn = computed(
        request,
        "brief",
        {**params.model_dump(), "lang": lang, "pdf": pdf},
        draw,
        BRIEF.tables,
        heavy=True,
    )
    return document, drawn


def _html(request: Request, lang: str, values: dict[str, Any]) -> Response:
    _, drawn = _brief(request, lang, values, pdf=False)
    return Response(
        drawn["html"],
        media_type="text/html; charset=utf-8",
        headers={"Content-Security-Policy": policy()},
    )


def _pdf(request: Request, lang: str, values: dict[str, Any]) -> Response:
    document, drawn = _brief(request, lang, values, pdf=True)
    name = stem(document, lang)
    return Response(
        base64.b64decode(drawn["pdf"]),
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}.pdf"'},
    )


@router.get("/country/{iso3}/brief")
def country_brief(request: Request, lang: Lang, iso3: Country) -> Response:
    """A country's two-page brief (HTML)."""
    return _html(request, lang, {"country": iso3.upper()})


@router.get("/country/{iso3}/brief.pdf")
def country_brief_pdf(request: Request, lang: Lang, iso3: Country) -> Response:
    """A country's two-page brief (PDF)."""
    return _pdf(request, lang, {"country": iso3.upper()})


@router.get("/bloc/{bloc}/brief")
def bloc_brief(request: Request, lang: Lang, bloc: Bloc) -> Response:
    """A bloc's two-page brief (HTML)."""
    return _html(request, lang, {"bloc": bloc.upper()})


@router.get("/bloc/{bloc}/brief.pdf")
def bloc_brief_pdf(request: Request, lang: Lang, bloc: Bloc) -> Response:
    """A bloc's two-page brief (PDF)."""
    return _pdf(request, lang, {"bloc": bloc.upper()})
