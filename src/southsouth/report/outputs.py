"""Writing a roadmap's files: roadmap.json (the roadmap and its draft decisions), report.html
and report.pdf, each atomically."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from southsouth.atomic import atomic_write_text, atomic_writer
from southsouth.errors import InputError
from southsouth.language.catalogue import Translator, language
from southsouth.report.document import country_names, pillar_names, render_html
from southsouth.report.figures import report_figures
from southsouth.roadmap.build import Roadmap
from southsouth.roadmap.decisions import decisions_document

Step = Callable[[str], None]


@dataclass(frozen=True)
class RoadmapFiles:
    """Paths of the files written for one roadmap (``pdf`` is None when not asked for)."""

    json: Path
    html: Path
    pdf: Path | None

    def as_dict(self) -> dict[str, str | None]:
        """JSON-ready mapping."""
        return {
            "json": str(self.json),
            "html": str(self.html),
            "pdf": str(self.pdf) if self.pdf else None,
        }


def html_to_pdf(html: str) -> bytes:
    """The report page printed to PDF by WeasyPrint (no network: the page is self-contained)."""
    from weasyprint import HTML  # heavy import (Pango), needed only here

    def refuse(url: str) -> dict[str, Any]:
        raise InputError(f"the report refers to an external resource {url!r}", hint="report a bug")

    return HTML(string=html, url_fetcher=refuse).write_pdf()


def write_roadmap(
    roadmap: Roadmap,
    out: Path,
    *,
    topology: dict[str, Any] | None = None,
    shapes: pd.DataFrame | None = None,
    pdf: bool = True,
    step: Step | None = None,
    map_note: str | None = None,
    diplomatic: bool = False,
    lang: str = "en",
) -> RoadmapFiles:
    """Render the report and write the three files into ``out`` (created if missing).

    ``diplomatic`` writes the report's diplomatic edition (see
    :func:`southsouth.report.document.render_html`) and ``lang`` its language (en, fr, es,
    pt, ar); roadmap.json is the same either way.
    Everything is rendered in memory first; files are then replaced one by one atomically.
    """
    say = step or (lambda _name: None)
    language(lang)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out} is a file, not a directory", hint="pass a directory to --out")
    say("charts")
    figures = report_figures(
        roadmap, topology, shapes, pillar_names(roadmap, Translator(lang)), lang=lang
    )
    say("report")
    html = render_html(roadmap, figures, map_note=map_note, diplomatic=diplomatic, lang=lang)
    data = {
        **roadmap.as_dict(),
        "decisions": decisions_document(roadmap, country_names(roadmap.evidence)),
    }
    document = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)
    printed = None
    if pdf:
        say("pdf")
        printed = html_to_pdf(html)
    say("write")
    out.mkdir(parents=True, exist_ok=True)
    files = RoadmapFiles(
        out / "roadmap.json", out / "report.html", out / "report.pdf" if pdf else None
    )
    atomic_write_text(files.json, document + "\n")
    atomic_write_text(files.html, html)
    if printed is not None and files.pdf is not None:
        with atomic_writer(files.pdf) as handle:
            handle.write(printed)
    return files
