"""The home map, its selectors, languages, the data page and chart downloads, in Chromium."""

from __future__ import annotations

import csv
import io

import httpx
import pytest
from page_visits import PAGE_BUDGET, visit

from southsouth.indicators.pillar_index import pillar_index
from southsouth.language.catalogue import LANGUAGES, catalogue


def test_every_language_has_every_message():
    english = set(catalogue("en"))
    for lang in LANGUAGES:
        assert set(catalogue(lang)) == english, lang
        assert all(catalogue(lang).values())


def test_root_redirects_to_the_browser_language(web_server):
    response = httpx.get(web_server + "/", headers={"Accept-Language": "pt-BR,pt;q=0.9,en;q=0.5"})
    assert response.status_code == 302 and response.headers["location"] == "/pt/"
    assert httpx.get(web_server + "/de/").status_code == 404


def test_home_map_and_selectors_update_the_map(web_server, browser):
    shown = visit(browser, web_server + "/en/", "home-en")
    page = shown.page
    try:
        assert page.locator("html").get_attribute("dir") == "ltr"
        assert page.locator("#chart-map svg").count() == 1
        first = page.locator("#home-view").get_attribute("data-pillar")
        assert first == "overall"
        page.select_option("#pillar", "health")
        page.wait_for_selector("#home-view[data-pillar='health']")
        assert "pillar=health" in page.url
        assert "Public-health" in page.locator("#chart-map figcaption .title").inner_text()
        page.select_option("#group", "AU")
        page.wait_for_selector("#home-view[data-group='AU']")
        assert "group=AU" in page.url
        # The table lists AU members only: 55 members, some without enough data are unranked.
        rows = page.locator("table.ranking tbody tr").count()
        assert 40 <= rows <= 55
        assert page.locator("#chart-map svg").count() == 1
    finally:
        shown.close()


def test_map_downloads_carry_the_same_data(web_server, full_warehouse):
    rows = list(
        csv.DictReader(
            io.StringIO(httpx.get(web_server + "/en/map.csv?group=AU&pillar=health").text)
        )
    )
    assert {"iso3", "name", "score", "rank"} <= set(rows[0])
    expected = pillar_index(full_warehouse, group="AU").table("health").set_index("iso3")
    shown = {r["iso3"]: float(r["score"]) for r in rows if r["score"]}
    assert shown == pytest.approx(expected["score"].dropna().to_dict())
    svg = httpx.get(web_server + "/en/map.svg?group=AU&pillar=health")
    assert svg.headers["content-type"].startswith("image/svg+xml") and b"<svg" in svg.content
    png = httpx.get(web_server + "/en/map.png?group=AU&pillar=health")
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"


def test_arabic_is_right_to_left_and_translated(web_server, browser):
    shown = visit(browser, web_server + "/ar/", "home-ar")
    try:
        assert shown.page.locator("html").get_attribute("dir") == "rtl"
        assert shown.page.locator("html").get_attribute("lang") == "ar"
        assert shown.page.locator("h1").inner_text() == catalogue("ar")["home.title"]
    finally:
        shown.close()


def test_data_page_lists_every_dataset_with_licence(web_server, browser, full_warehouse):
    shown = visit(browser, web_server + "/fr/data", "data-fr")
    try:
        loaded = full_warehouse.query("SELECT dataset_id, licence FROM dataset_status")
        assert shown.page.locator("table.datasets tbody tr").count() >= len(loaded)
        row = shown.page.locator("#dataset-wdi-population")
        assert "CC BY 4.0" in row.inner_text()
        assert shown.weight_bytes < PAGE_BUDGET
    finally:
        shown.close()


def test_phone_layout_has_no_horizontal_scroll(web_server, browser):
    shown = visit(
        browser, web_server + "/es/", "home-es-phone", viewport={"width": 375, "height": 740}
    )
    try:
        overflow = shown.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
    finally:
        shown.close()


def test_keyboard_reaches_the_selectors(web_server, browser):
    shown = visit(browser, web_server + "/en/", "home-en-keyboard")
    page = shown.page
    try:
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip"
        reached = []
        for _ in range(30):
            page.keyboard.press("Tab")
            reached.append(page.evaluate("document.activeElement.id"))
            if reached[-1] == "pillar":
                break
        assert "group" in reached and reached[-1] == "pillar"
        # Each selector has a visible label.
        assert page.get_by_label("Group or bloc").and_(page.locator("select")).count() == 1
        assert page.get_by_label("Pillar").and_(page.locator("select")).count() == 1
    finally:
        shown.close()


def test_page_errors_are_readable_pages_and_api_errors_stay_problems(web_server, browser):
    context = browser.new_context()
    page = context.new_page()
    try:
        response = page.goto(web_server + "/fr/country/XYZ")
        assert response.status == 404
        assert page.locator("html").get_attribute("lang") == "fr"
        assert "XYZ" in page.locator("p.error").inner_text()
        invalid = page.goto(web_server + "/en/?pillar=nope")
        assert invalid.status == 422
        assert "query.pillar" in page.locator("main ul").inner_text()
    finally:
        context.close()
    api = httpx.get(web_server + "/countries/XYZ/profile", headers={"Accept": "text/html"})
    assert api.status_code == 404
    assert api.headers["content-type"].startswith("application/problem+json")


def test_charts_keep_left_to_right_text_on_arabic_pages(web_server, browser):
    shown = visit(browser, web_server + "/ar/?group=AU", "home-ar-au")
    try:
        direction = shown.page.evaluate(
            "getComputedStyle(document.querySelector('#chart-map .svg')).direction"
        )
        assert direction == "ltr"
        title = (
            shown.page.locator("#chart-map svg text")
            .filter(has_text=catalogue("ar")["pillar.overall"])
            .first.bounding_box()
        )
        assert title is not None and title["width"] > title["height"]  # laid out horizontally
    finally:
        shown.close()
