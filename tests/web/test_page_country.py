"""Country profile: every pillar with values, lights, trends and sources; selector; 404."""

from __future__ import annotations

import csv
import io

import httpx
import pytest
from page_visits import visit

from southsouth.indicators import observations
from southsouth.indicators.profile import country_profile
from southsouth.language.catalogue import catalogue


def test_profile_values_are_the_observations(web_server, browser, full_warehouse):
    expected = country_profile(full_warehouse, "KEN").entries.set_index("indicator")
    shown = visit(browser, web_server + "/en/country/KEN", "country-en")
    page = shown.page
    try:
        assert "Kenya" in page.locator("h1").inner_text()
        assert page.locator("section.pillar").count() == 10  # nine pillars and the context
        assert page.locator("#chart-profile svg").count() == 1
        row = page.locator("tr#indicator-internet_users")
        value = float(row.locator("td[data-value]").get_attribute("data-value"))
        spec = expected.loc["internet_users"]
        observed = observations(
            full_warehouse, spec["source"], countries=["KEN"], years=[int(spec["year"])]
        )
        assert value == pytest.approx(float(observed["value"].iloc[0]))
        assert str(int(spec["year"])) in row.inner_text()
        assert spec["publisher"] in row.inner_text()
        assert catalogue("en")["light." + spec["light"]] in row.inner_text()
        assert catalogue("en")["trend." + spec["trend"].replace(" ", "_")] in (row.inner_text())
        # Every observed entry shows its value; every missing one says so.
        for cell in page.locator("td[data-value]").all():
            indicator = cell.locator("xpath=..").get_attribute("data-indicator")
            raw = cell.get_attribute("data-value")
            if pd_missing(expected.loc[indicator, "value"]):
                assert raw == ""
            else:
                assert float(raw) == pytest.approx(expected.loc[indicator, "value"])
    finally:
        shown.close()


def pd_missing(value: object) -> bool:
    """True for None or NaN."""
    return value is None or value != value


def test_selector_opens_another_country(web_server, browser):
    shown = visit(browser, web_server + "/en/country", "country-index-en")
    page = shown.page
    try:
        page.select_option("#country-iso3", "GHA")
        page.click("form.controls button[type=submit]")
        page.wait_for_url("**/en/country/GHA*")
        assert "Ghana" in page.locator("h1").inner_text()
        assert page.locator("#country-iso3").input_value() == "GHA"
    finally:
        shown.close()


def test_downloads_and_unknown_country(web_server, full_warehouse):
    rows = list(
        csv.DictReader(io.StringIO(httpx.get(web_server + "/en/country/KEN/profile.csv").text))
    )
    expected = country_profile(full_warehouse, "KEN").entries
    assert [r["indicator"] for r in rows] == expected["indicator"].tolist()
    svg = httpx.get(web_server + "/en/country/KEN/profile.svg")
    assert svg.headers["content-type"].startswith("image/svg+xml") and b"<svg" in svg.content
    png = httpx.get(web_server + "/en/country/KEN/profile.png")
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
    missing = httpx.get(web_server + "/en/country/XXX")
    assert missing.status_code == 404 and missing.json()["code"] == "unknown-country"
    assert httpx.get(web_server + "/en/country/KEN?year=1799").status_code == 422


#: The left edges of the first and the last glyph of an element's text, as laid out.
GLYPH_EDGES = """element => {
  const node = [...element.childNodes].find(n => n.nodeType === Node.TEXT_NODE && n.length > 1)
    || element.firstChild;
  const edge = (start) => {
    const range = document.createRange();
    range.setStart(node, start);
    range.setEnd(node, start + 1);
    return range.getBoundingClientRect().left;
  };
  return [edge(0), edge(node.length - 1)];
}"""


def test_arabic_profile_is_right_to_left(web_server, browser):
    shown = visit(browser, web_server + "/ar/country/KEN", "country-ar")
    page = shown.page
    words = catalogue("ar")
    try:
        assert page.locator("html").get_attribute("dir") == "rtl"
        header = page.locator("table.profile thead th").first.inner_text()
        assert header == words["country.indicator"]
        assert page.locator("#pillar-health h2").inner_text() == words["pillar.health"]
        # A trend's year range reads left to right: the first year is drawn left of the last.
        years = page.locator("td small.years bdi").first
        first, last = years.inner_text().split("–")
        assert int(first) <= int(last)
        start, end = years.evaluate(GLYPH_EDGES)
        assert start < end
        # "% of GDP" is translated and laid out right to left, the percent sign first (right).
        unit = page.locator("td.unit bdi", has_text=words["unit.% of GDP"]).first
        assert unit.inner_text() == words["unit.% of GDP"]
        percent, tail = unit.evaluate(GLYPH_EDGES)
        assert percent > tail
        # A value keeps its digits in order (isolated left to right).
        value = page.locator("tr#indicator-internet_users td.num bdi").first
        assert value.evaluate("e => getComputedStyle(e).direction") == "ltr"
    finally:
        shown.close()
