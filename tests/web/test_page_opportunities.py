"""The opportunities page: substitution, trade links, South–South share, air links, hubs, change."""

from __future__ import annotations

import csv
import io

import httpx
import pytest
from page_visits import visit

from southsouth.language.catalogue import catalogue
from southsouth.report.document import number
from southsouth.workspace import EXTRACT_WARNING, Workspace


@pytest.fixture(scope="module")
def ws(web_settings, full_warehouse):
    """The features over the same warehouse the server reads (not closed: the fixture owns it)."""
    return Workspace(web_settings, warehouse=full_warehouse)


def test_sections_show_the_workspace_results(web_server, browser, ws):
    shown = visit(browser, web_server + "/en/opportunities", "opportunities-en")
    page = shown.page
    try:
        # Substitution on the mirror's BACI extract: the warning, and the summed potential.
        sub = ws.substitution(bloc="ECOWAS", south="g77")
        assert sub.warning == EXTRACT_WARNING
        assert EXTRACT_WARNING in page.locator("#substitution .warning").inner_text()
        total = float(page.locator("#substitution .summary").get_attribute("data-total"))
        assert total == pytest.approx(float(sub.table["sp_star"].sum()))
        rows = page.locator("table.substitution tbody tr")
        assert rows.count() == min(25, len(sub.table))
        assert rows.first.locator("td code").first.text_content() == sub.table["importer"].iloc[0]
        # Trade links among ECOWAS members (intra-African flows): missing links, first pair.
        links = ws.trade_links("ECOWAS")
        summary = page.locator("#links .summary")
        assert int(summary.get_attribute("data-missing")) == int(links.pairs["missing_link"].sum())
        assert int(summary.get_attribute("data-pairs")) == len(links.pairs)
        best = links.pairs[links.pairs["missing_link"]].sort_values("tc", ascending=False).iloc[0]
        first = page.locator("table.links tbody tr").first.locator("td")
        assert [
            first.nth(0).locator("code").inner_text(),
            first.nth(1).locator("code").inner_text(),
        ] == [
            best["exporter"],
            best["importer"],
        ]
        assert first.nth(2).inner_text() == number(best["tc"])
        assert page.locator("#chart-links svg").count() == 1
        # South–South share: the group rows and a chart.
        share = ws.trade_share(group="g77").as_dict()["groups"]
        assert page.locator("table.share-groups tbody tr").count() == len(share)
        assert page.locator("#chart-share svg").count() == 1
        # Missing air links Africa – South America on a map, ranked as the feature ranks them.
        air = ws.missing_air_links("africa", "south-america", top=10, group="g77")
        assert page.locator("#chart-air svg").count() == 1
        first_air = page.locator("table.air tbody tr").first
        assert first_air.get_attribute("data-from") == air.table["from_iso3"].iloc[0]
        assert first_air.get_attribute("data-to") == air.table["to_iso3"].iloc[0]
        assert page.locator("table.air tbody tr").count() == len(air.table)
        assert (
            int(page.locator("#air .summary").get_attribute("data-missing"))
            == (air.counts["missing"])
        )
        # Hubs of the g77 network.
        hubs = ws.air_hubs(group="g77", top=10).table
        hub_rows = page.locator("table.hubs tbody tr")
        assert hub_rows.count() == len(hubs)
        assert hub_rows.first.locator("td").nth(1).inner_text() == hubs["name"].iloc[0]
        # Links gained and lost since 2014, per area: the first row is the whole group.
        change = ws.air_route_change(group="g77").areas
        change_rows = page.locator("table.change tbody tr")
        assert change_rows.count() == len(change)
        cells = change_rows.first.locator("td")
        assert [cells.nth(i).inner_text() for i in (0, 2, 3)] == ["g77", "719", "829"]
    finally:
        shown.close()


def test_selectors_swap_the_fragment_and_update_the_url(web_server, browser, ws):
    shown = visit(browser, web_server + "/en/opportunities", "opportunities-swap")
    page = shown.page
    try:
        page.select_option("#area-to", "south-east-asia")
        page.wait_for_selector("#opportunities-view[data-to='south-east-asia']")
        assert "to=south-east-asia" in page.url and "from=africa" in page.url
        air = ws.missing_air_links("africa", "south-east-asia", top=10, group="g77")
        first = page.locator("table.air tbody tr").first.get_attribute("data-to")
        assert first == air.table["to_iso3"].iloc[0]
        # ASEAN pairs are not in the mirror's intra-African flows: the reason, not a table.
        page.select_option("#bloc", "ASEAN")
        page.wait_for_selector("#opportunities-view[data-bloc='ASEAN']")
        assert "bloc=ASEAN" in page.url
        reason = page.locator("#links .unavailable").inner_text()
        assert "no pair of countries to compare" in reason
        assert page.locator("table.links").count() == 0
        page.select_option("#top", "5")
        page.wait_for_selector("#opportunities-view[data-top='5']")
        assert page.locator("table.air tbody tr").count() == 5
    finally:
        shown.close()


def test_downloads_carry_the_chart_data(web_server, ws):
    base = web_server + "/en/opportunities/"
    rows = list(csv.DictReader(io.StringIO(httpx.get(base + "links.csv?bloc=ECOWAS").text)))
    assert len(rows) == len(ws.trade_links("ECOWAS").pairs)
    assert {"exporter", "importer", "tc", "tii", "missing_link"} <= set(rows[0])
    svg = httpx.get(base + "air.svg?from=africa&to=south-america")
    assert svg.headers["content-type"].startswith("image/svg+xml") and b"<svg" in svg.content
    png = httpx.get(base + "share.png")
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
    # Nothing substitutable in the mirror's extract: no chart to download.
    assert httpx.get(base + "substitution.svg").status_code == 404


@pytest.mark.parametrize(
    "query", ["bloc=nope", "top=7", "from=atlantis", "products=gold", "group=all", "top=x"]
)
def test_bad_choices_are_422(web_server, query):
    assert httpx.get(f"{web_server}/en/opportunities?{query}").status_code == 422


def test_arabic_page_is_right_to_left(web_server, browser):
    shown = visit(browser, web_server + "/ar/opportunities?bloc=ASEAN", "opportunities-ar")
    try:
        assert shown.page.locator("html").get_attribute("dir") == "rtl"
        assert shown.page.locator("h1").inner_text() == catalogue("ar")["opp.title"]
        assert catalogue("ar")["opp.unavailable"] in shown.page.locator("#links").inner_text()
    finally:
        shown.close()


def test_phone_layout_has_no_horizontal_scroll(web_server, browser):
    shown = visit(
        browser,
        web_server + "/pt/opportunities",
        "opportunities-pt-phone",
        viewport={"width": 375, "height": 740},
    )
    try:
        overflow = shown.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
    finally:
        shown.close()
