"""Input for complexity: screening bad rows, HS aggregation, and the warehouse readers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from southsouth.errors import DegenerateMatrix, InputError, NotSynced, YearOutOfRange
from southsouth.trade import (
    ComplexityOptions,
    aggregate_products,
    clean_flows,
    complexity,
    country_product_table,
    screening,
    warehouse_complexity,
)

ROWS = [
    # year, country, product, value
    (2017, "AAA", "0101", 10.0),
    (2017, "BBB", "0101", 5.0),
    (2017, " ", "0101", 1.0),  # missing country
    (2017, "AAA", None, 1.0),  # missing product
    (2017, "ZZZ", "0101", 1.0),  # unknown country
    ("x", "AAA", "0102", 1.0),  # bad year
    (2017, "AAA", "0103", None),  # no value
    (2017, "AAA", "0104", "n/a"),  # no value (not a number)
    (2017, "BBB", "0102", -3.0),  # negative
    (2017, "AAA", "0105", 2.0),  # identical duplicate: one kept
    (2017, "AAA", "0105", 2.0),
    (2017, "BBB", "0105", 1.0),  # conflicting duplicate: both excluded
    (2017, "BBB", "0105", 4.0),
    (2018, "BBB", "0105", 4.0),  # another year: no duplicate
]


@pytest.mark.parametrize("limit", [screening.BINCOUNT_LIMIT, 0])  # bincount or hashing
def test_every_bad_row_is_reported_and_excluded_by_the_rule(monkeypatch, limit):
    monkeypatch.setattr(screening, "BINCOUNT_LIMIT", limit)
    table = pd.DataFrame(ROWS, columns=["year", "country", "product", "value"])
    kept, report = clean_flows(table, known_countries={"AAA", "BBB"})
    counts = {issue.kind: issue.rows for issue in report.issues}
    assert counts == {
        "missing-country": 1,
        "missing-product": 1,
        "unknown-country": 1,
        "bad-year": 1,
        "no-value": 2,
        "negative-value": 1,
        "duplicate-conflicting": 2,
        "duplicate-identical": 1,
    }
    assert (report.rows_in, report.rows_used) == (14, 4)
    assert sorted(map(tuple, kept.to_numpy().tolist())) == [
        (2017, "AAA", "0101", 10.0),
        (2017, "AAA", "0105", 2.0),
        (2017, "BBB", "0101", 5.0),
        (2018, "BBB", "0105", 4.0),
    ]
    negative = next(i for i in report.issues if i.kind == "negative-value")
    assert negative.examples == ("2017 BBB 0102 -3.0",)
    assert report.as_dict()["issues"][0]["action"] == "excluded"


def test_columns_can_be_renamed_and_missing_ones_are_named():
    table = pd.DataFrame({"t": [2017], "exporter": ["AAA"], "hs4": ["0101"], "usd": [1.0]})
    roles = {"year": "t", "country": "exporter", "product": "hs4", "value": "usd"}
    kept, _ = clean_flows(table, columns=roles)
    assert kept.iloc[0].tolist() == [2017, "AAA", "0101", 1.0]
    with pytest.raises(InputError, match="lacks column"):
        clean_flows(table)


def test_complexity_reports_what_it_left_out():
    rng = np.random.default_rng(7)
    grid = pd.DataFrame(
        rng.gamma(1.0, 10.0, size=(6, 8)),
        index=[f"C{i}" for i in range(6)],
        columns=[f"{p:04d}" for p in range(8)],
    )
    table = grid.stack().rename("value").rename_axis(["country", "product"]).reset_index()
    table = pd.concat(
        [
            table.assign(year=2020),
            pd.DataFrame(
                {
                    "year": [2020, 2020, 2020],
                    "country": ["C0", "NOPE", "C1"],
                    "product": ["0000", "0001", "9998"],
                    "value": [-1.0, 1.0, 0.0],
                }
            ),
        ]
    )
    result = complexity(table, known_countries=[f"C{i}" for i in range(6)])
    kinds = {i.kind: i.rows for i in result.report.issues}
    assert kinds == {"unknown-country": 1, "negative-value": 1, "zero-exports-product": 1}
    assert result.diagnostics["products"].iloc[0] == 8  # 9998 sold nothing: left out
    assert (result.report.rows_in, result.report.rows_used) == (51, 48)


def test_aggregation_hs6_to_hs4_hs2_and_sections():
    table = pd.DataFrame(
        {
            "year": 2021,
            "country": ["AAA", "AAA", "AAA", "BBB", "BBB"],
            "product": ["010121", "010129", "020110", "300490", "999999"],
            "value": [1.0, 2.0, 4.0, 8.0, 16.0],
        }
    )
    hs4, report = aggregate_products(table, "hs4", from_level="hs6")
    assert hs4["product"].tolist() == ["0101", "0201", "3004", "9999"]
    assert hs4["value"].tolist() == [3.0, 4.0, 8.0, 16.0] and not report.issues
    hs2, _ = aggregate_products(table, "hs2", from_level="hs6")
    assert dict(zip(hs2["product"], hs2["value"], strict=True)) == {
        "01": 3.0,
        "02": 4.0,
        "30": 8.0,
        "99": 16.0,
    }
    sections = {"01": "01", "02": "01", "30": "06"}
    by_section, report = aggregate_products(table, "section", from_level="hs6", sections=sections)
    assert by_section["product"].tolist() == ["01", "06"]
    assert by_section["value"].tolist() == [7.0, 8.0]
    assert report.count("no-section") == 1 and report.rows_used == 4
    with pytest.raises(InputError, match="disaggregate"):
        aggregate_products(hs2, "hs6", from_level="hs2")
    with pytest.raises(InputError, match="unknown product level"):
        aggregate_products(table, "hs8", from_level="hs6")


# -- the warehouse readers (full mirror, read-only) ------------------------------------------


def test_ots_2017_table_drops_unspecified_with_a_report(full_warehouse):
    cpt = country_product_table(full_warehouse, source="ots-hs4-exports-2017")
    assert (cpt.classification, cpt.level) == ("HS07", "hs4")
    assert cpt.report.count("unspecified-product") == 223  # one 9999 row per reporter
    assert len(cpt.table) == 176_748 == cpt.report.rows_used
    assert cpt.table["country"].nunique() == 224 and cpt.table["product"].nunique() == 1221
    assert cpt.provenance["source_id"] == "ots-hs4-exports-2017"
    assert cpt.provenance["licence"] == "CC BY-NC 4.0"
    assert any("Provenance undocumented" in note for note in cpt.notes)  # dataset caveats
    # The file's world total without 9999 (US$20.1 tn with it, US$575 bn unspecified).
    assert cpt.table["value"].sum() == pytest.approx(1.95e13, rel=0.01)


def test_ots_2017_by_section(full_warehouse):
    cpt = country_product_table(full_warehouse, source="ots-hs4-exports-2017", level="section")
    assert cpt.level == "section" and cpt.table["product"].nunique() == 21
    assert "hs2022" in cpt.provenance["source_id"]
    full = country_product_table(full_warehouse, source="ots-hs4-exports-2017")
    assert cpt.table["value"].sum() == pytest.approx(full.table["value"].sum(), rel=1e-12)


def test_baci_flows_are_summed_over_importers(full_warehouse, mirror: Path):
    cpt = country_product_table(full_warehouse, source="baci-hs92-2021-afg-zaf", level="hs4")
    raw = pd.read_csv(mirror / "trade/bilateral_product/baci_hs92_y2021_exporters_afg_zaf.csv")
    zaf = raw.loc[raw["i"] == 710, "v"].sum() * 1000  # thousands of US$ → US$
    totals = cpt.table.groupby("country")["value"].sum()
    assert totals["ZAF"] == pytest.approx(zaf, rel=1e-9)
    assert set(totals.index) == {"AFG", "ZAF"}
    assert cpt.table["product"].str.len().eq(4).all()
    assert any("summed over the importers" in note for note in cpt.notes)


def test_two_exporters_cannot_have_an_eci(full_warehouse):
    # Afghanistan's US$0.68 bn of exports are below the Atlas rule's US$1 bn: ZAF alone is left.
    with pytest.raises(DegenerateMatrix, match=r"1 of the 2 countries with exports \(ZAF\)"):
        warehouse_complexity(full_warehouse, source="baci-hs92-2021-afg-zaf", level="hs4")
    with pytest.raises(DegenerateMatrix, match="falls apart"):
        warehouse_complexity(
            full_warehouse, source="baci-hs92-2021-afg-zaf", level="hs4", all_countries=True
        )


def test_reader_errors(full_warehouse):
    with pytest.raises(YearOutOfRange, match="2017"):
        country_product_table(full_warehouse, source="ots-hs4-exports-2017", year=2019)
    with pytest.raises(NotSynced):
        country_product_table(full_warehouse, source="baci-hs92-v202501")
    with pytest.raises(InputError, match="no rows in trade_export or trade_flow"):
        country_product_table(full_warehouse, source="hs2022")
    with pytest.raises(InputError, match="disaggregate"):
        country_product_table(full_warehouse, source="ots-hs4-exports-2017", level="hs6")


def test_warehouse_complexity_with_rpop_carries_every_source(full_warehouse):
    result = warehouse_complexity(
        full_warehouse,
        source="ots-hs4-exports-2017",
        level="section",
        options=ComplexityOptions(presence="both"),
        all_countries=True,  # the Atlas rule would leave out those without population first
    )
    assert "wdi-population" in result.provenance["source_id"]
    assert result.report.count("unspecified-product") == 223
    missing = next(i for i in result.report.issues if i.kind == "no-population")
    left_out = 224 - result.diagnostics["countries"].iloc[0]
    assert 0 < left_out < 30  # territories without a WDI population (e.g. Anguilla)
    assert missing.examples[0] == "2017 AIA" and missing.rows > left_out  # rows, not countries
    # rows in: the warehouse's HS4 rows; rows used: the 4,583 country × section rows less those
    assert (result.report.rows_in, result.report.rows_used) == (176_971, 4_583 - missing.rows)
    assert result.cells["rpop"].notna().all()
