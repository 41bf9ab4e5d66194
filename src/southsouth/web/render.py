"""Rendering pages: the Jinja2 environment, the shared context, fragments and compression.

A page template extends ``base.html.j2`` and may define a ``swap`` block: a request with the
``X-Swap`` header (sent by ``static/swap.js`` when a form changes) gets only that block (so
the block imports the macros it uses itself).
Responses are gzip-compressed when the browser accepts it (pages are sent to slow links).
"""

from __future__ import annotations

import gzip
from functools import cache
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup, escape

from southsouth.language import content
from southsouth.language.bidi import isolate, year_range
from southsouth.language.catalogue import DEFAULT, LANGUAGES, Translator
from southsouth.language.numbers import format_number, in_language
from southsouth.version import __version__
from southsouth.web.pages import country_names

#: Navigation: page id and path after the language prefix.
NAVIGATION: tuple[tuple[str, str], ...] = (
    ("home", ""),
    ("compare", "compare"),
    ("gaps", "gaps"),
    ("opportunities", "opportunities"),
    ("coalitions", "coalitions"),
    ("roadmap", "roadmap"),
    ("tracker", "tracker"),
    ("data", "data"),
    ("methods", "methods"),
)
#: Smallest body worth compressing, bytes.
GZIP_FROM = 1024


@cache
def environment() -> Environment:
    """The templates of the web package (autoescaped, strict about missing values)."""
    env = Environment(
        loader=PackageLoader("southsouth.web", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["number"] = local_number
    env.filters["fixed"] = fixed
    env.filters["ltr"] = ltr
    env.filters["isolated"] = isolate
    env.globals["year_range"] = year_range
    return env


@pass_context
def local_number(values: Context, value: Any, digits: int = 3) -> str:
    """``value`` with ``digits`` significant figures, grouped, in the page's language."""
    return format_number(value, str(values.get("lang", DEFAULT)), digits)


@pass_context
def fixed(values: Context, value: float, decimals: int = 1, sign: bool = False) -> str:
    """``value`` with ``decimals`` decimals (and its sign when ``sign``), in the page's
    language."""
    text = f"{value:+.{decimals}f}" if sign else f"{value:.{decimals}f}"
    return in_language(text, str(values.get("lang", DEFAULT)))


def ltr(value: object) -> Markup:
    """``value`` (a number with its unit, a percentage, a code, a year range) as one
    left-to-right run, so an Arabic paragraph cannot reorder it."""
    return Markup('<bdi dir="ltr">{}</bdi>').format(escape(str(value)))


def words(request: Request, t: Translator) -> dict[str, Any]:
    """The product's own words in the page's language, for templates: pillar, indicator,
    unit, group and country names (each with the English text the data carries as its
    fallback; lights and trends have their own catalogue keys)."""
    names: dict[str, str] = {}

    def country(iso3: str, default: str = "") -> str:
        if not names:
            names.update(country_names(request, t.lang))
        return names.get(str(iso3).upper(), default or str(iso3))

    return {
        "pillar_name": lambda key, default="": content.pillar_name(t, key, default or key),
        "indicator_name": lambda key, default="": content.indicator_name(t, key, default or key),
        "unit": lambda text: content.unit(t, text),
        "group_name": lambda key, default="": content.group_name(t, key, default or key),
        "country": country,
    }


def link(lang: str, path: str = "", **query: Any) -> str:
    """``/<lang>/<path>?<query>`` (empty and None values left out; lists repeated)."""
    pairs = [
        (k, v)
        for k, value in query.items()
        for v in (value if isinstance(value, list | tuple) else [value])
        if v not in (None, "")
    ]
    tail = f"?{urlencode(pairs)}" if pairs else ""
    return f"/{lang}/{path}{tail}"


def context(request: Request, lang: str, page: str, **values: Any) -> dict[str, Any]:
    """What every template gets: translator, language links, navigation, the page's values."""
    t = Translator(lang)
    path = request.url.path.split("/", 2)[2] if request.url.path.count("/") >= 2 else ""
    query = f"?{request.url.query}" if request.url.query else ""
    return {
        "t": t,
        "lang": lang,
        "dir": t.direction,
        "page": page,
        "version": __version__,
        "languages": [
            {"code": code, "name": name, "href": f"/{code}/{path}{query}", "current": code == lang}
            for code, name in LANGUAGES.items()
        ],
        "navigation": [
            {"id": key, "href": f"/{lang}/{target}", "current": key == page}
            for key, target in NAVIGATION
        ],
        "link": lambda target="", **q: link(lang, target, **q),
        **words(request, t),
        **values,
    }


def render(request: Request, template: str, values: dict[str, Any], status: int = 200) -> Response:
    """The page, or only its ``swap`` block when the request asks for a fragment."""
    compiled = environment().get_template(template)
    if request.headers.get("x-swap") and "swap" in compiled.blocks:
        body = "".join(compiled.blocks["swap"](compiled.new_context(values)))
    else:
        body = compiled.render(values)
    return compressed(request, body.encode("utf-8"), "text/html; charset=utf-8", status)


def compressed(request: Request, body: bytes, media_type: str, status: int = 200) -> Response:
    """``body`` gzip-compressed when accepted and worth it."""
    headers = {"Vary": "Accept-Encoding, X-Swap", "Cache-Control": "no-cache"}
    if len(body) >= GZIP_FROM and "gzip" in request.headers.get("accept-encoding", ""):
        body = gzip.compress(body, compresslevel=6)
        headers["Content-Encoding"] = "gzip"
    if media_type.startswith("text/html"):
        return HTMLResponse(body, status_code=status, headers=headers)
    return Response(body, status_code=status, media_type=media_type, headers=headers)
