"""OEC: exports by HS section (2019–2021 summed) and the OEC product spaces."""

from __future__ import annotations

import pytest

from direct_parse import parse_edited, replace_first
from southsouth.errors import ParseError
from southsouth.sources.oec import OEC_SECTION_EXPORTS


@pytest.mark.golden
def test_section_exports_total_and_taiwan(loaded):
    wh = loaded("oec-section-exports-2019-2021")
    rows = wh.query("SELECT * FROM trade_export WHERE source_id = 'oec-section-exports-2019-2021'")
    assert len(rows) == 4_695 and rows["country_iso3"].nunique() == 226
    assert round(rows["value_usd"].sum() / 1e12) == 56  # SOURCES.md: US$56 tn over 3 years
    assert set(rows["product"]) == {f"{n:02d}" for n in range(1, 22)}
    assert set(rows["period_years"]) == {3} and set(rows["aggregation"]) == {"sum"}
    assert set(rows["year"]) == {2021} and set(rows["classification"]) == {"HS-section"}
    cell = rows.set_index(["country_iso3", "product"])["value_usd"]
    assert cell[("AGO", "01")] == 159_909_367
    assert cell[("CHN", "16")] == 3_992_314_207_230
    assert cell[("TWN", "16")] == 756_905_627_181  # OEC id asxxb, "Chinese Taipei"


def test_product_spaces(loaded):
    wh = loaded("oec-product-space")
    nodes = wh.query(
        "SELECT classification, count(*) AS n FROM product_node "
        "WHERE source_id = 'oec-product-space' GROUP BY 1"
    ).set_index("classification")["n"]
    assert nodes.to_dict() == {"HS92": 866, "SITC2": 774}
    edges = wh.query(
        "SELECT classification, count(*) AS n, min(strength) AS lo, max(strength) AS hi "
        "FROM product_link WHERE source_id = 'oec-product-space' GROUP BY 1"
    ).set_index("classification")
    assert edges.loc["HS92", "n"] == 2_532 and edges.loc["SITC2", "n"] == 1_779
    assert round(edges.loc["HS92", "lo"], 2) == 0.08 and round(edges.loc["HS92", "hi"], 2) == 0.79
    assert round(edges.loc["SITC2", "hi"], 1) == 28.6  # not a 0–1 proximity
    gold = wh.query(
        "SELECT x, y, cluster FROM product_node WHERE classification = 'HS92' AND product = '7108'"
    ).iloc[0]
    assert gold["x"] == pytest.approx(2316.313720703125) and gold["cluster"] == "14"
    link = wh.query(
        "SELECT strength FROM product_link WHERE classification = 'HS92' "
        "AND source_product = '4105' AND target_product = '7108'"
    )
    assert link["strength"].tolist() == [0.25]


def test_section_outside_1_to_21_is_a_parse_error(tmp_path, mirror):
    edit = replace_first("afago,Angola,1,", "afago,Angola,22,")
    with pytest.raises(ParseError, match=r"section '22' is not 1–21") as err:
        parse_edited(OEC_SECTION_EXPORTS, mirror, tmp_path, "section-exports.csv", edit)
    assert err.value.path == str(tmp_path / "section-exports.csv") and err.value.line == 2
