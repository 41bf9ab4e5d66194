"""The coalition finder page: result cards, selectors, the tension network, bounds."""

from __future__ import annotations

import csv
import io

import httpx
import pytest
from page_visits import visit

from southsouth.language.catalogue import catalogue
from southsouth.report.document import number
from southsouth.workspace import Workspace


@pytest.fixture(scope="module")
def ws(web_settings, full_warehouse):
    """The features over the same warehouse the server reads (not closed: the fixture owns it)."""
    return Workspace(web_settings, warehouse=full_warehouse)


def test_cards_list_the_workspace_coalitions(web_server, browser, ws):
    url = web_server + "/en/coalitions?objective=pharma&group=g77&size=5&top=3"
    shown = visit(browser, url, "coalitions-en")
    page = shown.page
    try:
        expected = ws.coalitions("pharma", group="g77", size=5, top=3).as_dict()["coalitions"]
        cards = page.locator("article.coalition")
        assert cards.count() == len(expected) == 3
        for n, coalition in enumerate(expected):
            card = cards.nth(n)
            assert card.get_attribute("data-members") == ",".join(coalition["members"])
            assert card.locator("dd.score").inner_text() == number(coalition["score"], 4)
            assert card.locator("ul.members li").count() == 5
            assert card.locator("table.contributions tbody tr").count() == 5
        assert page.locator("#chart-network svg").count() == 1
    finally:
        shown.close()


def test_selectors_swap_the_fragment_and_update_the_url(web_server, browser, ws):
    shown = visit(browser, web_server + "/en/coalitions", "coalitions-swap")
    page = shown.page
    try:
        page.select_option("#size", "3")
        page.wait_for_selector("#coalitions-view[data-size='3']")
        assert "size=3" in page.url and "objective=pharma" in page.url
        assert page.locator("article.coalition").first.locator("ul.members li").count() == 3
        page.select_option("#objective", "cyber")
        page.wait_for_selector("#coalitions-view[data-objective='cyber']")
        page.select_option("#group", "SAARC")
        page.wait_for_selector("#coalitions-view[data-group='SAARC'][data-objective='cyber']")
        assert "group=SAARC" in page.url
        best = ws.coalitions("cyber", group="SAARC", size=3, top=3).as_dict()["coalitions"][0]
        first = page.locator("article.coalition").first
        assert first.get_attribute("data-members") == ",".join(best["members"])
        counts = ws.relations_map("SAARC").as_dict()["counts"]
        lead = page.locator("#coalitions-view > p").last.inner_text()
        assert str(counts["high"]) in lead
    finally:
        shown.close()


def test_a_size_above_the_membership_says_why(web_server, browser):
    url = web_server + "/fr/coalitions?objective=research&group=GCC&size=8&top=1"
    shown = visit(browser, url, "coalitions-fr-too-large")
    try:
        note = shown.page.locator("#coalitions-view .unavailable").inner_text()
        assert catalogue("fr")["coal.unavailable"] in note and "GCC" in note
        assert shown.page.locator("article.coalition").count() == 0
    finally:
        shown.close()


def test_network_download_and_bounds(web_server, ws):
    rows = list(
        csv.DictReader(
            io.StringIO(httpx.get(web_server + "/en/coalitions/network.csv?group=SAARC").text)
        )
    )
    counts = ws.relations_map("SAARC").as_dict()["counts"]
    assert len(rows) == counts["high"] + counts["elevated"]
    png = httpx.get(web_server + "/en/coalitions/network.png?group=SAARC")
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
    for query in ("size=9", "size=1", "top=6", "objective=gold", "group=nope"):
        assert httpx.get(f"{web_server}/en/coalitions?{query}").status_code == 422, query


def test_phone_layout_has_no_horizontal_scroll(web_server, browser):
    shown = visit(
        browser,
        web_server + "/ar/coalitions?group=SAARC",
        "coalitions-ar-phone",
        viewport={"width": 375, "height": 740},
    )
    try:
        assert shown.page.locator("html").get_attribute("dir") == "rtl"
        overflow = shown.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
    finally:
        shown.close()
