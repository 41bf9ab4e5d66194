"""Atlas of Economic Complexity: classifications, world product-year + PCI, product space."""

from __future__ import annotations

import pytest

from direct_parse import parse_edited, replace_first
from southsouth.errors import ParseError
from southsouth.sources.atlas import ATLAS_PRODUCT_SPACE, ATLAS_PRODUCT_YEAR


def test_classifications_hierarchy_and_locations(loaded):
    wh = loaded("atlas-classifications")
    counts = wh.query(
        "SELECT classification || ':' || level AS k, count(*) AS n FROM product "
        "WHERE source_id = 'atlas-classifications' GROUP BY 1"
    ).set_index("k")["n"]
    # SOURCES.md: HS92 11 sections, 102 2-digit, 1,248 4-digit, 5,045 6-digit; SITC2 11/75/793.
    assert counts.to_dict() == {
        "ATLAS-HS92:section": 11,
        "ATLAS-HS92:2digit": 102,
        "ATLAS-HS92:4digit": 1_248,
        "ATLAS-HS92:6digit": 5_045,
        "ATLAS-SITC2:section": 11,
        "ATLAS-SITC2:2digit": 75,
        "ATLAS-SITC2:4digit": 793,
    }
    rows = wh.query(
        "SELECT code, level, name, parent FROM product WHERE classification = 'ATLAS-HS92' "
        "AND code IN ('0101', '01', '1', 'services')"
    ).set_index(["code", "level"])
    assert rows.loc[("0101", "4digit"), "parent"] == "01"
    assert rows.loc[("01", "2digit"), "parent"] == "1"
    assert rows.loc[("1", "section"), "name"] == "Vegetables, animals, wood and paper"
    assert rows.loc[("services", "section"), "parent"] is None
    ids = wh.query("SELECT iso3, code FROM country_code WHERE scheme = 'atlas-location'").set_index(
        "iso3"
    )["code"]
    assert ids["ZAF"] == "246" and ids["TWN"] == "249"
    assert "SUN" not in ids and len(ids) == 251 - 11  # 11 former countries are not loaded
    issues = wh.query(
        "SELECT issues FROM dataset_status WHERE dataset_id = 'atlas-classifications'"
    )["issues"].iloc[0]
    assert "Atlas former countries dropped: ANS, ANT, CSK, DDR" in issues


@pytest.mark.golden
def test_world_trade_and_pci(loaded):
    wh = loaded("atlas-product-year-pci")
    world = wh.query(
        "SELECT year, sum(value) AS usd FROM product_metric "
        "WHERE metric = 'world_export_value_usd' GROUP BY 1"
    ).set_index("year")["usd"]
    assert round(world[2023] / 1e12, 1) == 21.7  # SOURCES.md: world 2023 ≈ US$21.7 tn
    assert world[2023] == pytest.approx(21_687_678_674_592, rel=1e-12)
    assert sorted(world.index) == list(range(1995, 2024))
    gold = wh.query(
        "SELECT metric, value FROM product_metric WHERE product = '7108' AND year = 2023"
    ).set_index("metric")["value"]
    assert gold["pci"] == pytest.approx(-2.235)
    assert gold["world_export_value_usd"] == 479_583_237_371
    counts = wh.query(
        "SELECT count(*) AS n, count(DISTINCT product) AS products FROM product_metric "
        "WHERE metric = 'pci'"
    ).iloc[0]
    assert counts["n"] == 35_897 and counts["products"] == 1_243


def test_product_space_nodes_links_are_padded_and_undirected(loaded):
    wh = loaded("atlas-product-space")
    nodes = wh.query("SELECT * FROM product_node WHERE source_id = 'atlas-product-space'")
    assert len(nodes) == 865 and nodes["cluster"].nunique() == 8
    cars = nodes.set_index("product").loc["8703"]
    assert cars["x"] == pytest.approx(-0.6642626107) and cars["y"] == pytest.approx(-0.3734350921)
    assert "0604" in set(nodes["product"])  # written 604 in the file
    links = wh.query("SELECT * FROM product_link WHERE source_id = 'atlas-product-space'")
    assert len(links) == 2_158  # 4,316 rows = each edge listed both ways
    assert (links["source_product"] < links["target_product"]).all()
    assert links["strength"].isna().all()
    pairs = set(zip(links["source_product"], links["target_product"], strict=True))
    assert ("8703", "8707") in pairs and ("8407", "8703") in pairs


def test_bad_product_code_is_a_parse_error(tmp_path, mirror):
    with pytest.raises(ParseError, match=r"'71X8' is not an HS92 4-digit code") as err:
        parse_edited(
            ATLAS_PRODUCT_YEAR,
            mirror,
            tmp_path,
            "product-year.csv",
            replace_first("\n650,0101,1995,", "\n650,71X8,1995,"),
        )
    assert err.value.line == 2


def test_one_way_link_is_a_parse_error(tmp_path, mirror):
    with pytest.raises(ParseError, match=r"listed in one direction only"):
        parse_edited(
            ATLAS_PRODUCT_SPACE,
            mirror,
            tmp_path,
            "links.csv",
            replace_first("6110,6104\n", ""),
        )
