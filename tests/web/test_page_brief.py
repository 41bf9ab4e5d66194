"""The printable brief in the five languages, in a browser: headings and pillar names in the
language, right-to-left Arabic with numbers, units and year ranges in reading order (the
positions of the characters on screen are compared), no message key shown, no console error
(the page's own policy allows its one style element), a screenshot of each."""

from __future__ import annotations

import re

import httpx
import pytest
from babel.numbers import parse_decimal
from page_visits import SCREENSHOTS

from southsouth.indicators.framework import load_framework
from southsouth.language import content
from southsouth.language.catalogue import LANGUAGES, Translator, catalogue
from text_positions import LEFT_OF

#: Something that looks like a message key (``brief.scorecard``, ``pillar.science``).
KEY_LIKE = re.compile(r"\b[a-z_]+(?:\.[a-z0-9_-]+)+\b")
ISOLATES = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069"))


@pytest.fixture(scope="module")
def au_brief(web_server):
    response = httpx.get(f"{web_server}/blocs/AU/brief", timeout=300)
    assert response.status_code == 200, response.text
    return response.json()


def _left(page, selector: str, text: str) -> float:
    found = page.evaluate(LEFT_OF, [selector, text])
    assert found is not None, f"{text!r} not in {selector}"
    return found


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_brief_reads_in_the_language(web_server, browser, au_brief, lang):
    t, words = Translator(lang), catalogue(lang)
    context = browser.new_context(viewport={"width": 1000, "height": 1400})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        response = page.goto(f"{web_server}/{lang}/bloc/AU/brief", wait_until="load")
        assert response is not None and response.status == 200
        assert errors == []
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        assert page.locator("html").get_attribute("lang") == lang

        headings = page.locator("h2").all_inner_texts()
        assert headings == [
            words[k]
            for k in ("brief.scorecard", "brief.gaps", "brief.sessions", "brief.initiatives")
        ] + [words["brief.sources"]]
        title = words["brief.title"].format(name=content.group_name(t, "AU", "African Union"))
        assert page.locator("h1").inner_text() == title
        shown = [
            n.translate(ISOLATES)
            for n in page.locator("table.scorecard tbody th").all_inner_texts()
        ]
        assert shown == [content.pillar_name(t, p.id, p.name) for p in load_framework().pillars]

        # Year ranges and numbers read left to right, also inside Arabic text.
        first = au_brief["initiatives"][0]
        start, end = first["start"][:4], first["end"][:4]
        cell = f'tr[data-initiative="{first["id"]}"] td.cycle'
        assert page.locator(cell).inner_text().translate(ISOLATES) == f"{start}–{end}"
        assert _left(page, cell, start) < _left(page, cell, end)
        header = "table.scorecard thead"
        assert _left(page, header, "0–") < _left(page, header, "100")
        gap = au_brief["gaps"][0]
        value = page.locator(f'li[data-indicator="{gap["indicator"]}"] .gap-value')
        number, _, unit = value.inner_text().translate(ISOLATES).partition(" ")
        assert float(parse_decimal(number, locale=lang)) == pytest.approx(gap["value"], rel=5e-3)
        assert unit == content.unit(t, gap["unit"])
        selector = f'li[data-indicator="{gap["indicator"]}"] .gap-value'
        number_at, unit_at = _left(page, selector, number), _left(page, selector, unit)
        assert (unit_at < number_at) if lang == "ar" else (number_at < unit_at)

        text = page.locator("body").inner_text()
        leaked = {w for w in KEY_LIKE.findall(text) if w in words}
        assert leaked == set(), leaked
        if lang != "en":
            assert words["brief.scorecard"] != catalogue("en")["brief.scorecard"]

        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shot = SCREENSHOTS / f"brief-AU-{lang}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
    finally:
        context.close()


def test_country_and_compare_pages_link_to_briefs(web_server):
    country = httpx.get(f"{web_server}/fr/country/NGA", timeout=120).text
    assert 'href="/fr/country/NGA/brief"' in country
    assert 'href="/fr/country/NGA/brief.pdf"' in country
    compare = httpx.get(f"{web_server}/en/compare", timeout=120).text
    linked = re.findall(r'href="/en/bloc/([^/"]+)/brief"', compare)
    assert linked == ["AU", "ASEAN"]
    pdf = httpx.get(f"{web_server}/es/bloc/AU/brief.pdf", timeout=300)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-disposition"] == 'inline; filename="brief-AU-es.pdf"'
