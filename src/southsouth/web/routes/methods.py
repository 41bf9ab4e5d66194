"""The methods page: the project's methods document, with a contents list, in every language.

The document is written in English; a page in another language says so at the top, in that
language, and translates the page around it.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from southsouth.language.catalogue import DEFAULT
from southsouth.methods import METHODS_FILE, contents_html, methods_document
from southsouth.web.pages import Lang
from southsouth.web.render import context, render

router = APIRouter(prefix="/{lang}", include_in_schema=False)


@router.get("/methods")
def methods(request: Request, lang: Lang) -> Response:
    """Formulas, thresholds and their basis, plan checks and data limits."""
    document = methods_document()
    values = context(
        request,
        lang,
        "methods",
        contents=contents_html(document.contents),
        body=document.body,
        in_english=lang != DEFAULT,
        source_file=METHODS_FILE,
    )
    return render(request, "methods.html.j2", values)
