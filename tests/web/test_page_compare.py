"""Bloc comparison: the values of compare_groups side by side, with coverage and lights."""

from __future__ import annotations

import csv
import io

import httpx
import pytest
from page_visits import visit

from southsouth.indicators.comparison import compare_groups
from southsouth.language.catalogue import catalogue


def test_blocs_side_by_side_match_the_comparison(web_server, browser, full_warehouse):
    expected = compare_groups(full_warehouse, ["AU", "ASEAN"]).rows
    shown = visit(browser, web_server + "/en/compare?group=AU&group=ASEAN", "compare-en")
    page = shown.page
    try:
        heads = page.locator("table.compare").first.locator("thead th").all_inner_texts()
        assert heads[-2:] == ["AU", "ASEAN"]
        checked = 0
        for row in expected.itertuples():
            cell = page.locator(
                f"tr[data-indicator='{row.indicator}'] td[data-group='{row.group}']"
            )
            raw = cell.get_attribute("data-value")
            if row.value is None or row.value != row.value:
                assert raw == ""
                assert catalogue("en")["compare.no_aggregate"] in cell.inner_text()
            else:
                assert float(raw) == pytest.approx(row.value)
                assert f"{row.n_with_data} of {row.n_members} members" in cell.inner_text()
                if row.light:
                    assert catalogue("en")["light." + row.light] in cell.inner_text()
                checked += 1
        assert checked > 10
    finally:
        shown.close()


def test_group_selector_swaps_the_table(web_server, browser):
    shown = visit(browser, web_server + "/fr/compare", "compare-fr")
    page = shown.page
    try:
        assert page.locator("#compare-view").get_attribute("data-groups") == "AU,ASEAN"
        page.select_option("#compare-group", ["AU", "BRICS"])
        page.wait_for_selector("#compare-view[data-groups*='BRICS']", timeout=60_000)
        assert "group=BRICS" in page.url and "group=ASEAN" not in page.url
        assert page.locator("table.compare").first.locator("thead th").last.inner_text() in {
            "AU",
            "BRICS",
        }
    finally:
        shown.close()


def test_download_and_bad_groups(web_server, full_warehouse):
    text = httpx.get(web_server + "/en/compare.csv?group=AU&group=ASEAN", timeout=60).text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(compare_groups(full_warehouse, ["AU", "ASEAN"]).rows)
    assert httpx.get(web_server + "/en/compare?group=NOPE").status_code == 404
    many = "&".join(f"group=G{i}" for i in range(7))
    assert httpx.get(web_server + f"/en/compare?{many}").status_code == 422
