"""A brief as one self-contained HTML page of two A4 pages, and the same page as PDF.

The brief read's document (:mod:`southsouth.service.reads.brief`) is laid out in one of
the five languages: fixed phrases from the ``brief`` catalogue area, pillar, indicator,
unit, light, trend, initiative, forum and group names from the content catalogue, country
names from CLDR, numbers and dates in the language's conventions (Latin digits). Numbers,
units, dates and year ranges are wrapped in Unicode isolates so they keep their order in
Arabic text. Page one holds the scorecard, the largest gaps and the sessions; page two the
initiatives and the sources. Long lists are cut until WeasyPrint lays the page out on two
A4 pages, saying how many rows are left out (the HTML shows the same rows as the PDF).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from southsouth.atomic import atomic_write_text, atomic_writer
from southsouth.errors import InputError
from southsouth.language import content
from southsouth.language.bidi import isolate, year_range
from southsouth.language.catalogue import RIGHT_TO_LEFT, Translator, language
from southsouth.language.names import country_name
from southsouth.language.numbers import MISSING, format_number
from southsouth.report.templating import templates
from southsouth.version import __version__

#: Rows shown of the initiatives, sessions and sources, largest first: the first that lays
#: the brief out on :data:`PAGES` pages is used (long forum names take more room).
FITS: tuple[tuple[int, int, int], ...] = (
    (24, 6, 40),
    (20, 6, 36),
    (16, 5, 32),
    (12, 4, 28),
    (8, 3, 22),
    (4, 2, 16),
)
#: Pages of a brief.
PAGES = 2
#: Significant digits of the numbers a brief shows.
DIGITS = 3
LIGHTS = ("red", "orange", "yellow", "green")


@dataclass(frozen=True)
class BriefFiles:
    """Paths of a brief's files (``pdf`` is None when not asked for)."""

    html: Path
    pdf: Path | None

    def as_dict(self) -> dict[str, str | None]:
        """JSON-ready mapping."""
        return {"html": str(self.html), "pdf": str(self.pdf) if self.pdf else None}


@cache
def brief_css() -> str:
    """The brief's style sheet, inlined in its page."""
    return (resources.files("southsouth.report") / "templates" / "brief.css").read_text("utf-8")


def style_hash() -> str:
    """The CSP source (``'sha256-…'``) of the page's one ``<style>`` element."""
    digest = hashlib.sha256(brief_css().encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def stem(document: Mapping[str, Any], lang: str) -> str:
    """The file name of a brief without suffix: ``brief-NGA-fr``."""
    return f"brief-{document['id']}-{lang}"


def number(value: float | None, lang: str, digits: int = DIGITS) -> str:
    """``value`` with ``digits`` significant figures in ``lang``'s notation, isolated; '—'
    when missing."""
    text = format_number(value, lang, digits)
    return text if text == MISSING else isolate(text)


def day(text: str, lang: str) -> str:
    """An ISO date in ``lang``'s medium form (``15 févr. 2027``), isolated."""
    from babel.dates import format_date

    shown = format_date(date.fromisoformat(text[:10]), "d MMM y", locale=lang)
    return isolate(shown, ltr=lang not in RIGHT_TO_LEFT)


def _value(t: Translator, value: float | None, unit: str | None) -> str:
    shown = number(value, t.lang)
    words = content.unit(t, unit)
    return f"{shown} {isolate(words, ltr=False)}" if words else shown


def _name(t: Translator, document: Mapping[str, Any]) -> str:
    if document["kind"] == "country":
        return country_name(document.get("iso2"), t.lang, str(document["name"]))
    return content.group_name(t, str(document["id"]), str(document["name"]))


def _pillar_names(t: Translator, document: Mapping[str, Any]) -> dict[str, str]:
    return {
        str(p["pillar"]): content.pillar_name(t, str(p["pillar"]), str(p["name"]))
        for p in document["items"]
    }


def _scorecard(t: Translator, document: Mapping[str, Any]) -> list[dict[str, Any]]:
    names = _pillar_names(t, document)
    rows = []
    for p in document["items"]:
        score = p["score"]
        trends = " · ".join(
            f"{content.trend(t, label.replace(' ', '_'))} {isolate(n)}"
            for label, n in p["trends"].items()
        )
        rows.append(
            {
                "id": p["pillar"],
                "name": names[p["pillar"]],
                "score": number(score, t.lang, 2),
                "bar": None if score is None else round(min(max(score, 0.0), 100.0), 1),
                "light": content.light(t, p["light"]),
                "light_id": p["light"],
                "counts": [
                    {"light": light, "n": p["lights"][light], "label": content.light(t, light)}
                    for light in LIGHTS
                    if p["lights"].get(light)
                ],
                "trends": trends or "—",
                "coverage": t(
                    "brief.of", n=isolate(p["with_data"]), total=isolate(p["indicators"])
                ),
            }
        )
    return rows


def _gaps(t: Translator, document: Mapping[str, Any]) -> list[dict[str, Any]]:
    names = _pillar_names(t, document)
    rows = []
    for g in document["gaps"]:
        rows.append(
            {
                "id": g["indicator"],
                "name": content.indicator_name(t, g["indicator"], g["name"]),
                "pillar": names.get(g["pillar"], g["pillar"]),
                "value": _value(t, g["value"], g["unit"]),
                "year": isolate(int(g["year"])) if g.get("year") else None,
                "light": content.light(t, g["light"]),
                "light_id": g["light"],
                "detail": t(
                    "brief.gap_detail",
                    green=_value(t, g["green"], g["unit"]),
                    share=isolate(f"{round(100 * g['distance'])} %"),
                ),
            }
        )
    return rows


def _forum(t: Translator, forum: Mapping[str, Any]) -> str:
    return content.forum_name(t, str(forum["forum_id"]), str(forum["forum_name"]))


def _initiatives(t: Translator, document: Mapping[str, Any], limit: int) -> list[dict[str, Any]]:
    """The first ``limit`` initiatives, grouped by the session that adopts them."""
    names = _pillar_names(t, document)
    groups: list[dict[str, Any]] = []
    for i in document["initiatives"][:limit]:
        forum = i["forum"]
        key = (forum["forum_id"], forum["date"])
        if not groups or groups[-1]["key"] != key:
            groups.append(
                {
                    "key": key,
                    "forum": _forum(t, forum),
                    "date": day(forum["date"], t.lang),
                    "indicative": forum["indicative"],
                    "rows": [],
                }
            )
        groups[-1]["rows"].append(
            {
                "id": i["id"],
                "title": content.initiative_title(t, i["id"], i["title"], i.get("title_values")),
                "pillar": names.get(i["pillar"], i["pillar"]),
                "cycle": year_range(i["start"][:4], i["end"][:4]),
                "phase": t(f"brief.phase.{i['phase']}"),
            }
        )
    return groups


def _sessions(t: Translator, document: Mapping[str, Any], limit: int) -> list[dict[str, Any]]:
    return [
        {
            "forum_id": s["forum_id"],
            "forum": _forum(t, s),
            "date": day(s["date"], t.lang),
            "indicative": s["indicative"],
            "count": isolate(len(s["initiatives"])),
        }
        for s in document["sessions"][:limit]
    ]


def _sources(t: Translator, document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One line per source (lines that read the same are shown once)."""
    rows: list[dict[str, Any]] = []
    seen: set[tuple[str, str, str, bool]] = set()
    for s in document["sources"]:
        first, last = s.get("first_data_year"), s.get("data_year")
        if last is None:
            years = t("brief.no_year")
        elif first is None or first == last:
            years = isolate(last)
        else:
            years = year_range(first, last)
        line = {
            "id": s["source_id"],
            "publisher": s.get("publisher") or s.get("title") or s["source_id"],
            "years": years,
            "licence": s.get("licence") or t("brief.no_licence"),
            "stale": bool(s.get("stale")),
        }
        key = (line["publisher"], years, line["licence"], line["stale"])
        if key not in seen:
            seen.add(key)
            rows.append(line)
    return rows


def brief_values(
    document: Mapping[str, Any], lang: str, fit: tuple[int, int, int] = FITS[0]
) -> dict[str, Any]:
    """Everything the template shows, in ``lang``, with at most ``fit`` rows of initiatives,
    sessions and sources."""
    most_initiatives, most_sessions, most_sources = fit
    t = Translator(language(lang))
    name = _name(t, document)
    plan = document["plan"]
    group = content.group_name(t, str(plan["group"]["id"]), str(plan["group"]["name"]))
    as_of = day(plan["as_of"], lang)
    if document["kind"] == "country":
        lead = t(
            "brief.lead_country",
            year=isolate(document["year"]),
            group=group,
            date=as_of,
        )
    else:
        lead = t(
            "brief.lead_bloc",
            n=isolate(document.get("members", 0)),
            year=isolate(document["year"]),
            date=as_of,
        )
    years = document["data_years"]
    span = (
        year_range(years["first"], years["last"])
        if years["first"] is not None and years["last"] is not None
        else t("brief.no_year")
    )
    initiatives = document["initiatives"]
    sessions = document["sessions"]
    sources = _sources(t, document)
    command = (
        f"southsouth brief {document['id']}"
        if document["kind"] == "country"
        else f"southsouth brief --bloc {document['id']}"
    )
    return {
        "lang": lang,
        "direction": t.direction,
        "css": brief_css(),
        "t": t,
        "kind": document["kind"],
        "id": document["id"],
        "kicker": t(f"brief.kicker_{document['kind']}"),
        "title": t("brief.title", name=name),
        "lead": lead,
        "group": group,
        "scale": year_range(0, 100),
        "scorecard": _scorecard(t, document),
        "legend": t("brief.legend"),
        "gaps": _gaps(t, document),
        "initiatives": _initiatives(t, document, most_initiatives),
        "more_initiatives": max(0, len(initiatives) - most_initiatives),
        "no_initiatives": t("brief.no_initiatives", group=group),
        "sessions": _sessions(t, document, most_sessions),
        "more_sessions": max(0, len(sessions) - most_sessions),
        "sources": sources[:most_sources],
        "more_sources": max(0, len(sources) - most_sources),
        "years_line": t(
            "brief.years_line",
            n=isolate(len(document["sources"])),
            years=span,
            stale=isolate(years["stale"]),
        ),
        "footer": t(
            "brief.footer",
            version=isolate(__version__),
            date=as_of,
            framework=isolate(document["framework"]),
            command=isolate(command),
        ),
    }


def page(document: Mapping[str, Any], lang: str, fit: tuple[int, int, int] = FITS[0]) -> str:
    """The brief's HTML in ``lang`` with at most ``fit`` rows (not laid out: see
    :func:`laid_out` for the page that fits on two A4 pages)."""
    return templates().get_template("brief.html.j2").render(**brief_values(document, lang, fit))


def _refuse(url: str) -> dict[str, Any]:
    raise InputError(f"the brief refers to an external resource {url!r}", hint="report a bug")


def laid_out(document: Mapping[str, Any], lang: str) -> tuple[str, Any]:
    """The brief's HTML in ``lang`` and its WeasyPrint layout, with the most rows of
    :data:`FITS` that fit on :data:`PAGES` pages (the last choice when none does)."""
    from weasyprint import HTML  # heavy import (Pango), needed only here

    for fit in FITS:
        html = page(document, lang, fit)
        layout = HTML(string=html, url_fetcher=_refuse).render()
        if len(layout.pages) <= PAGES:
            break
    return html, layout


def render_brief(document: Mapping[str, Any], lang: str) -> str:
    """The brief of ``document`` (the brief read's) as one HTML page in ``lang``."""
    return laid_out(document, lang)[0]


def brief_pdf(document: Mapping[str, Any], lang: str) -> tuple[str, bytes]:
    """The brief's HTML and the same page printed to PDF (two A4 pages)."""
    html, layout = laid_out(document, lang)
    return html, layout.write_pdf()


def write_brief(
    document: Mapping[str, Any], lang: str, out: Path, *, pdf: bool = True
) -> BriefFiles:
    """Render the brief in ``lang`` and write ``brief-<id>-<lang>.html`` (and ``.pdf``) into
    ``out`` (created if missing); everything is rendered before any file is replaced."""
    if out.exists() and not out.is_dir():
        raise InputError(f"{out} is a file, not a directory", hint="pass a directory to --out")
    html, printed = brief_pdf(document, lang) if pdf else (render_brief(document, lang), None)
    out.mkdir(parents=True, exist_ok=True)
    name = stem(document, lang)
    files = BriefFiles(out / f"{name}.html", out / f"{name}.pdf" if pdf else None)
    atomic_write_text(files.html, html)
    if printed is not None and files.pdf is not None:
        with atomic_writer(files.pdf) as handle:
            handle.write(printed)
    return files
