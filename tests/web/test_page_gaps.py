"""Gaps: health-workforce projection, SIPRI shares, GCI tiers, CIVICUS ratings, aid shock,
ND-GAIN climate quadrants, downloads."""

from __future__ import annotations

import csv
import io

import httpx
import pytest
from page_visits import visit

from southsouth.gaps.aid_shock import aid_shock
from southsouth.gaps.civic_space import civic_space
from southsouth.gaps.climate import climate_gaps
from southsouth.gaps.cyber import cyber_gaps
from southsouth.gaps.health_workforce import health_workforce_gap
from southsouth.gaps.health_workforce_supply import parse_scenario
from southsouth.gaps.military import DEFAULT_GROUPS, military_shares
from southsouth.language.bidi import isolate
from southsouth.language.catalogue import catalogue
from southsouth.language.numbers import format_number
from southsouth.workspace import WORKFORCE_YEARS


def _share(rows, entity: str) -> float:
    return float(rows.loc[rows["entity"] == entity, "share_pct"].iloc[0])


def test_gaps_page_shows_the_computed_values(web_server, browser, full_warehouse):
    shown = visit(browser, web_server + "/en/gaps", "gaps-en")
    page = shown.page
    try:
        assert page.locator("figure.chart svg").count() == 6
        # SIPRI 2023: Africa's share of world military spending is 2.1 %.
        africa = page.locator("#gaps-military-view tr[data-entity='Africa']")
        assert "2.1 %" in africa.inner_text()
        expected = military_shares(full_warehouse, 2023).rows
        share = float(africa.locator("td[data-share]").get_attribute("data-share"))
        assert share == pytest.approx(_share(expected, "Africa"))
        # Health workforce, WHO AFRO 2030: the model's shortage and the published one.
        gap = health_workforce_gap(
            full_warehouse,
            ("afro",),
            years=list(WORKFORCE_YEARS),
            scenario=parse_scenario("baseline"),
        )
        headline = gap.groups[gap.groups["year"] == 2030].iloc[0]
        cell = page.locator("table.health-headline tr[data-group='WHO-AFRO'] td").nth(2)
        assert float(cell.get_attribute("data-value")) == pytest.approx(headline["shortage"])
        assert f"{headline['shortage'] / 1e6:.2f}" in cell.inner_text()
        published = page.locator("table.published[data-published-year='2030']")
        assert "6.10" in published.inner_text() and "11.80" in published.inner_text()
        # Cyber: AU members' mean GCI 2024 score; AU members in the lowest GCI 2020 tiers.
        cyber = cyber_gaps(full_warehouse, groups=DEFAULT_GROUPS)
        gap = cyber.gap[(cyber.gap["comparison"] == "AU") & (cyber.gap["group"] == "AU")].iloc[0]
        cell = page.locator("table.gci-gap tr[data-group='AU'][data-side='group'] td").nth(2)
        assert float(cell.get_attribute("data-value")) == pytest.approx(gap["mean_score"])
        lowest = cyber.lowest
        au = lowest[(lowest["comparison"] == "AU") & (lowest["group"] == "AU")].iloc[0]
        row = page.locator("table.lowest tr[data-group='AU'][data-side='group']")
        assert f"{au['pct_in_lowest_tiers']:.1f} %" in row.inner_text()
        assert "GCI 2020 tier" in page.locator("table.lowest caption").inner_text()
        # Civic space: closed countries in the Arab League.
        spread = civic_space(full_warehouse, groups=DEFAULT_GROUPS).distribution
        closed = spread[(spread["group"] == "LAS") & (spread["rating"] == 1)].iloc[0]
        las = page.locator("table.civic tr[data-group='LAS'] td").first.inner_text()
        assert las.startswith(str(int(closed["countries"])))
        # Aid shock: the G77's US assistance at risk (FY2023 disbursements).
        g77 = aid_shock(full_warehouse, groups=DEFAULT_GROUPS).group_row("g77")
        cell = page.locator("table.aid-groups tr[data-group='g77'] td").nth(1)
        assert float(cell.get_attribute("data-value")) == pytest.approx(g77["at_risk_usd"])
        assert f"{g77['at_risk_usd'] / 1e9:.2f}" in cell.inner_text()
        # The region selector swaps the health section only, with a shareable URL.
        page.select_option("#health-region", "searo")
        page.wait_for_selector("table.health-headline tr[data-group='WHO-SEARO']")
        assert "region=searo" in page.url and "year=2023" in page.url
        assert page.locator("figure.chart svg").count() == 6  # the other sections stay
        # Climate: the read's default group (G77) first, then AU chosen in its selector.
        assert page.locator("table.climate-people tr[data-group='g77']").count() == 1
        page.select_option("#climate-group", "AU")
        page.wait_for_selector("table.climate-people tr[data-group='AU']")
        assert "/en/gaps/climate?" in page.url and "group=AU" in page.url
        answer = httpx.get(web_server + "/gaps/climate", params={"group": "AU"}, timeout=60)
        document = answer.json()
        python = climate_gaps(full_warehouse, ("AU",)).groups
        row = page.locator("table.climate-people tr[data-group='AU']")
        for expected in document["groups"]:
            cell = row.locator(f"td[data-quadrant='{expected['quadrant']}']")
            people = float(cell.get_attribute("data-people"))
            assert people == pytest.approx(expected["people"])
            assert float(cell.get_attribute("data-pct")) == pytest.approx(expected["pct_people"])
            assert int(cell.get_attribute("data-members")) == expected["members"]
            same = python[python["quadrant"] == expected["quadrant"]].iloc[0]
            assert people == pytest.approx(same["people"])
        worst = document["groups"][0]
        assert worst["quadrant"] == "exposed_unready" and worst["members"] > 0
        cell = row.locator("td[data-quadrant='exposed_unready']").inner_text()
        assert isolate(format_number(worst["people"] / 1e6, "en", 3)) + " million" in cell
        assert format_number(worst["pct_people"], "en", 3) + " %" in cell
        # One point per scored member, the two median lines, and the quadrant lists.
        scored = [m for m in document["items"] if m["quadrant"] != "not_scored"]
        circles = page.locator("#chart-climate svg [aria-roledescription='circle']")
        assert circles.count() == len(scored) > 40
        first = document["most_exposed"][0]
        listed = page.locator(f"table.climate-most-exposed tr[data-iso3='{first['iso3']}']")
        assert f"{first['vulnerability']:.3f}" in listed.inner_text()
        assert page.locator("#chart-climate figcaption .title").inner_text().endswith("2020")
        assert page.locator("figure.chart svg").count() == 6
    finally:
        shown.close()


def test_sipri_year_selector_swaps_the_section(web_server, browser, full_warehouse):
    shown = visit(browser, web_server + "/en/gaps/military", "gaps-military-en")
    page = shown.page
    try:
        page.select_option("#military-year", "2020")
        page.wait_for_selector("#gaps-military-view table.military caption:has-text('2020')")
        assert "year=2020" in page.url
        africa = page.locator("tr[data-entity='Africa'] td[data-share]").get_attribute("data-share")
        expected = military_shares(full_warehouse, 2020).rows
        assert float(africa) == pytest.approx(_share(expected, "Africa"))
    finally:
        shown.close()


def test_downloads_and_bad_input(web_server):
    rows = list(
        csv.DictReader(io.StringIO(httpx.get(web_server + "/en/gaps/military.csv?year=2023").text))
    )
    africa = next(r for r in rows if r["entity"] == "Africa")
    assert round(float(africa["share_pct"]), 1) == 2.1
    svg = httpx.get(web_server + "/en/gaps/health.svg?region=searo")
    assert svg.headers["content-type"].startswith("image/svg+xml") and b"<svg" in svg.content
    png = httpx.get(web_server + "/en/gaps/civic-space.png")
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert httpx.get(web_server + "/en/gaps/cyber.csv").text.startswith(
        "comparison,group,scored,mean_score"
    )
    climate = httpx.get(web_server + "/en/gaps/climate.csv?group=AU&table=groups").text
    groups = list(csv.DictReader(io.StringIO(climate)))
    assert [r["quadrant"] for r in groups][:2] == ["exposed_unready", "exposed_ready"]
    assert {r["group"] for r in groups} == {"AU"}
    members = list(csv.DictReader(io.StringIO(httpx.get(web_server + "/en/gaps/climate.csv").text)))
    assert {r["group"] for r in members} == {"g77"} and len(members) > 100
    assert httpx.get(web_server + "/en/gaps?year=1990").status_code == 422
    assert httpx.get(web_server + "/en/gaps?region=nope").status_code == 404
    assert httpx.get(web_server + "/en/gaps/bogus").status_code == 422


def test_arabic_gaps_page_is_right_to_left(web_server, browser):
    shown = visit(browser, web_server + "/ar/gaps", "gaps-ar")
    try:
        assert shown.page.locator("html").get_attribute("dir") == "rtl"
        words = catalogue("ar")
        assert shown.page.locator("h1").inner_text() == words["gaps.title"]
        climate = shown.page.locator("#gaps-climate")
        assert climate.locator("h2").inner_text() == words["gaps.climate.title"]
        caption = climate.locator("table.climate-people caption").inner_text()
        assert caption == words["gaps.climate.people_caption"].format(year=2020)
        heads = climate.locator("table.climate-people th[scope='col']").all_inner_texts()
        assert words["gaps.climate.quadrant.exposed_unready"] in heads
        shown_text = climate.inner_text()
        assert "gaps.climate." not in shown_text and "More exposed" not in shown_text
    finally:
        shown.close()
