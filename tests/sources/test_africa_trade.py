"""Intra-African trade by HS section (CEPII BACI HS96, mean 2012–2022)."""

from __future__ import annotations

import pytest

from direct_parse import parse_edited, replace_first
from southsouth.errors import ParseError
from southsouth.sources.africa_trade import AFRICA_TRADE


@pytest.mark.golden
def test_intra_african_total_and_shape(loaded):
    wh = loaded("africa-intra-trade-sections")
    rows = wh.query("SELECT * FROM trade_flow WHERE source_id = 'africa-intra-trade-sections'")
    # SOURCES.md: ≈ US$101 bn a year of intra-African trade, 47 countries, 21 sections.
    assert round(rows["value_usd"].sum() / 1e9) == 101
    assert len(rows) == 27_721 and rows["exporter_iso3"].nunique() == 47
    assert set(rows["product"]) == {f"{n:02d}" for n in range(1, 22)}
    assert set(rows["period_years"]) == {11} and set(rows["aggregation"]) == {"mean"}
    assert set(rows["year"]) == {2022} and set(rows["classification"]) == {"HS-section"}
    assert "NAM" in set(rows["importer_iso3"])  # Namibia's code is not read as missing
    flow = rows.set_index(["exporter_iso3", "importer_iso3", "product"]).loc[("NGA", "CIV", "05")]
    assert flow["value_usd"] == pytest.approx(1_572_964_467.6843437)  # 1,572,964.47 thousand
    assert flow["quantity_t"] == pytest.approx(2_718_137.5153131313)
    top = rows.groupby("exporter_iso3")["value_usd"].sum().sort_values(ascending=False)
    assert top.index[0] == "ZAF" and round(top.iloc[0] / 1e9, 1) == 25.4


def test_section_outside_1_to_21_is_a_parse_error(tmp_path, mirror):
    edit = replace_first("\nAGO,BEN,1,", "\nAGO,BEN,0,")
    with pytest.raises(ParseError, match=r"section '0' is not 1–21") as err:
        parse_edited(AFRICA_TRADE, mirror, tmp_path, "africa-trade.csv", edit)
    assert err.value.path == str(tmp_path / "africa-trade.csv") and err.value.line == 3
