"""The roadmap page: the plan shown equals the planner's, with its Gantt, calendar and downloads."""

from __future__ import annotations

import csv
import io
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from page_visits import visit

from southsouth.language.numbers import people
from southsouth.report.document import number
from southsouth.roadmap.build import build_roadmap


@pytest.fixture(scope="session")
def au_roadmap(full_warehouse, web_server):
    """The African Union's roadmap, planned here from the same warehouse (while the server
    plans it too, for its page cache: each takes seconds). Session-scoped: planned once even
    when the worker runs this file's tests apart."""
    with ThreadPoolExecutor(1) as pool:
        warming = pool.submit(httpx.get, web_server + "/en/roadmap?group=AU", timeout=120)
        planned = build_roadmap(full_warehouse, "AU")
        assert warming.result().status_code == 200
    return planned


def test_roadmap_page_shows_the_planned_initiatives(web_server, browser, au_roadmap):
    shown = visit(browser, web_server + "/en/roadmap?group=AU", "roadmap-au-en")
    page = shown.page
    try:
        assert page.locator("#group").input_value() == "AU"
        scheduled = {s.initiative.id: s for s in au_roadmap.plan.scheduled}
        assert page.locator("article.initiative").count() == len(scheduled)
        for phase in au_roadmap.plan.phases:
            inside = sum(1 for s in scheduled.values() if s.phase == phase.id)
            assert page.locator(f"#phase-{phase.id} article.initiative").count() == inside

        # The health-workforce compact: title, shortage, participants, KPIs and session.
        compact = scheduled["health-workforce-compact"]
        shortage = float(au_roadmap.evidence.health_row(2030)["shortage"])
        assert shortage > 1e6  # the AU is millions short of 4.45 per 1,000
        card = page.locator("#initiative-health-workforce-compact")
        assert card.locator("h5").inner_text() == compact.initiative.title
        assert f"close the {people(shortage)} shortfall" in compact.initiative.title
        figure = card.locator(".keyfigure")
        assert int(figure.get_attribute("data-shortage")) == round(shortage)
        assert f"{shortage:,.0f}" in figure.inner_text()
        participants = card.locator(".participants")
        assert participants.get_attribute("data-n") == str(len(compact.initiative.participants))
        assert compact.meeting.forum_name in card.inner_text()
        assert compact.meeting.day.isoformat() in card.inner_text()
        kpi_rows = card.locator("table.kpis tbody tr")
        assert kpi_rows.count() == len(compact.initiative.kpis)
        for row, kpi in zip(kpi_rows.all(), compact.initiative.kpis, strict=True):
            text = row.inner_text()
            assert f"{number(kpi.baseline)} ({kpi.baseline_year})" in text
            assert f"{number(kpi.target)} by {kpi.target_year}" in text

        # Timeline and forum calendar as inline SVG with their downloads and sources.
        for chart in ("timeline", "calendar"):
            figure = page.locator(f"#chart-{chart}")
            assert figure.locator("svg").count() == 1
            assert figure.locator("a[download]").count() == 4  # SVG, PNG, CSV, XLSX
            assert figure.locator(".sources li").count() >= 1
        # Ids inside the two SVGs do not clash.
        ids = page.evaluate("[...document.querySelectorAll('svg [id]')].map(e => e.id)")
        assert len(ids) == len(set(ids))

        # Not proposed, with reasons; bottlenecks.
        table = page.locator("table.not-proposed").inner_text()
        for skipped in au_roadmap.catalogue.skipped:
            assert skipped.title in table and skipped.reason in table
        assert page.locator("section.bottleneck").count() == len(au_roadmap.bottlenecks)
    finally:
        shown.close()


def test_roadmap_downloads_carry_the_plan(web_server, au_roadmap):
    base = web_server + "/en/roadmap/"
    rows = list(csv.DictReader(io.StringIO(httpx.get(base + "timeline.csv?group=AU").text)))
    assert {r["id"] for r in rows} == {s.initiative.id for s in au_roadmap.plan.scheduled}
    compact = next(r for r in rows if r["id"] == "health-workforce-compact")
    planned = au_roadmap.plan.by_id()["health-workforce-compact"]
    assert (compact["start"], compact["end"]) == (
        planned.start.isoformat(),
        planned.end.isoformat(),
    )
    sessions = list(csv.DictReader(io.StringIO(httpx.get(base + "calendar.csv?group=AU").text)))
    adopting = {(r["forum"], r["date"]): int(r["adopts"]) for r in sessions if int(r["adopts"])}
    expected: dict[tuple[str, str], int] = {}
    for s in au_roadmap.plan.scheduled:
        key = (s.meeting.forum_name, s.meeting.day.isoformat())
        expected[key] = expected.get(key, 0) + 1
    assert adopting == expected
    svg = httpx.get(base + "calendar.svg?group=AU")
    assert svg.headers["content-type"].startswith("image/svg+xml") and b"<svg" in svg.content
    png = httpx.get(base + "timeline.png?group=AU")
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"


def test_roadmap_refuses_bad_input(web_server):
    assert httpx.get(web_server + "/en/roadmap?group=no-such-group").status_code == 404
    assert httpx.get(web_server + "/en/roadmap?group=%40%2Fetc%2Fpasswd").status_code == 422
    assert httpx.get(web_server + "/en/roadmap/gantt.svg?group=AU").status_code == 422
    assert httpx.get(web_server + "/xx/roadmap?group=AU").status_code == 404
