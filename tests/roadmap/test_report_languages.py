"""The roadmap report in the five languages, in a browser: section headings and pillar names
from the catalogues, no message key shown, analytical notes marked as English, right-to-left
Arabic with year ranges, numbers and units in reading order (the positions of the characters
on screen are compared), a screenshot of each; the Arabic PDF embeds DejaVu and carries the
Arabic headings; an unknown ``--lang`` is refused before anything is written."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from southsouth.cli import app
from southsouth.language import content
from southsouth.language.catalogue import LANGUAGES, Translator, catalogue
from southsouth.language.numbers import format_number
from southsouth.report.document import SECTIONS, render_html
from southsouth.report.figures import report_figures
from southsouth.report.outputs import html_to_pdf
from southsouth.roadmap.build import Roadmap
from southsouth.roadmap.model import PILLARS
from southsouth.roadmap.workforce_facts import workforce_facts
from text_positions import LEFT_OF

#: Where the screenshots are kept (the dashboard's page visits use the same folder).
SCREENSHOTS = Path(__file__).resolve().parents[2] / "out" / "screenshots"
#: Languages whose report is rendered with its charts (the others without, to save time);
#: only the Arabic report draws the pillar maps.
CHARTED = ("fr", "ar")
MAPPED = ("ar",)
ISOLATES = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069"))
#: Something that looks like a message key (``report.section.summary``, ``pillar.science``).
KEY_LIKE = re.compile(r"\b[a-z_]+(?:\.[a-z0-9_ -]+)+\b")
#: Every visible text node of the page, trimmed.
TEXTS = """() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const out = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const style = node.parentElement && getComputedStyle(node.parentElement);
    if (style && style.display !== "none" && node.data.trim()) out.push(node.data.trim());
  }
  return out;
}"""


@pytest.fixture(scope="module")
def au_report(au_roadmap: Roadmap, world_map: tuple[dict[str, Any], Any]) -> Callable[[str], str]:
    """The AU report's HTML in a language, rendered once when first asked for (charts drawn
    for :data:`CHARTED` languages only, maps for :data:`MAPPED`)."""
    rendered: dict[str, str] = {}
    topology, shapes = world_map

    def html(lang: str) -> str:
        if lang not in rendered:
            maps = (topology, shapes) if lang in MAPPED else (None, None)
            figures = report_figures(au_roadmap, *maps, lang=lang) if lang in CHARTED else {}
            rendered[lang] = render_html(au_roadmap, figures, lang=lang)
        return rendered[lang]

    return html


def _left(page: Any, selector: str, text: str) -> float:
    found = page.evaluate(LEFT_OF, [selector, text])
    assert found is not None, f"{text!r} not in {selector}"
    return float(found)


def _percent_gap(roadmap: Roadmap) -> dict[str, Any]:
    """A gap (red or orange) whose unit is a percentage, as the report lists it."""
    baseline = roadmap.evidence.baseline
    gaps = baseline[
        baseline["light"].isin(["red", "orange"]) & baseline["unit"].str.startswith("%")
    ]
    return gaps.iloc[0].to_dict()


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_report_reads_in_the_language(browser, au_report, au_roadmap, lang):
    t, words = Translator(lang), catalogue(lang)
    html = au_report(lang)
    context = browser.new_context(viewport={"width": 1100, "height": 1400})
    page = context.new_page()
    try:
        page.set_content(html, wait_until="load")
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else None)

        headings = [
            h.translate(ISOLATES) for h in page.locator("main > section > h2").all_inner_texts()
        ]
        expected = [
            words["decisions.title"] if key == "decisions" else words[f"report.section.{key}"]
            for key, _ in SECTIONS
        ]
        assert headings == expected
        framework = au_roadmap.evidence.framework
        names = [content.pillar_name(t, p, framework.pillar(p).name) for p in PILLARS]
        assert page.locator("section.pillar > h3").all_inner_texts() == [
            f"{n}. {name}" for n, name in enumerate(names, start=1)
        ]
        assert names == [words[f"pillar.{p}"] for p in PILLARS]
        group = content.group_name(t, "AU", "African Union")
        title = page.locator("h1").inner_text().translate(ISOLATES)
        if lang == "en":
            assert title == au_roadmap.title
        else:
            assert title == words["report.title"].format(years="2026–2055", group=group)
            # Everything the analysis wrote in English is marked so, and the reader is told.
            assert page.locator(".english-notes").inner_text() == words["report.english_notes"]
            assert page.locator('[lang="en"]').count() > 20
            assert words["report.section.summary"] != catalogue("en")["report.section.summary"]

        # No catalogue key of any area is shown, alone or inside a text.
        keys = set(catalogue("en"))
        texts = [s.translate(ISOLATES) for s in page.evaluate(TEXTS)]
        assert [s for s in texts if s in keys] == []
        leaked = {w for s in texts for w in KEY_LIKE.findall(s) if w in keys}
        assert leaked == set(), leaked

        # A year range and a number with its unit keep their reading order.
        first = au_roadmap.plan.scheduled[0]
        start, end = str(first.start.year), str(first.end.year)
        cell = f"#initiative-{first.initiative.id} .facts .years"
        assert page.locator(cell).inner_text().translate(ISOLATES) == f"{start}–{end}"
        assert _left(page, cell, start) < _left(page, cell, end)
        gap = _percent_gap(au_roadmap)
        item = f'li[data-indicator="{gap["indicator"]}"]'
        number = format_number(gap["value"], lang)
        unit = content.unit(t, gap["unit"])
        assert f"{number} {unit}" in page.locator(item).inner_text().translate(ISOLATES)
        number_at, unit_at = _left(page, item, number), _left(page, item, unit)
        assert (unit_at < number_at) if lang == "ar" else (number_at < unit_at)
        facts = workforce_facts(au_roadmap.evidence)
        if facts is not None and facts.comparisons:
            coverage = 'tr[data-row="coverage"] td:last-child'
            share = format_number(round(100 * facts.comparisons[0].coverage), lang, 1)
            assert page.locator(coverage).inner_text().translate(ISOLATES) == f"{share} %"
            assert _left(page, coverage, share) < _left(page, coverage, "%")
        if lang in CHARTED:
            chart = page.locator('svg[data-chart="timeline"]')
            assert words["report.chart.gantt.title"] in chart.inner_html()

        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shot = SCREENSHOTS / f"report-AU-{lang}.png"
        page.screenshot(path=str(shot))
        assert shot.stat().st_size > 10_000
    finally:
        context.close()


def _letters(text: str) -> str:
    """Arabic letters only, presentation forms folded to their base letters."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(c for c in folded if "\u0621" <= c <= "\u064a")


def test_arabic_pdf_embeds_dejavu_and_its_text_is_arabic(au_report):
    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(html_to_pdf(au_report("ar"))))
    fonts = {
        str(font.get_object()["/BaseFont"])
        for p in pdf.pages[:4]
        for font in (p["/Resources"].get("/Font") or {}).values()
    }
    assert any("DejaVu" in f for f in fonts), fonts
    words = catalogue("ar")
    cover = _letters(pdf.pages[0].extract_text())
    title = _letters(words["report.title"].format(years="", group=""))
    assert title in cover or title[::-1] in cover
    contents = _letters(pdf.pages[1].extract_text())
    heading = _letters(words["report.section.summary"])
    assert heading in contents or heading[::-1] in contents


def test_an_unknown_language_is_refused_before_anything_is_written(tmp_path, monkeypatch):
    monkeypatch.setenv("SOUTHSOUTH_HOME", str(tmp_path / "home"))
    out = tmp_path / "report"
    result = CliRunner().invoke(app, ["roadmap", "--bloc", "AU", "--out", str(out), "--lang", "de"])
    assert result.exit_code != 0
    assert "error[invalid-input]" in result.output
    assert "no language 'de'" in result.output
    assert "en, fr, es, pt, ar" in result.output
    assert not out.exists()
    assert not (tmp_path / "home").exists()
