"""Intra-African trade by HS section (CEPII BACI HS96, mean 2012–2022)."""

from __future__ import annotations

import shutil

import pytest

from southsouth.errors import ParseError
from southsouth.sources.africa_trade import AFRICA_TRADE
from southsouth.sources.dataset import ParseInput


def _no_crosswalk():
    raise AssertionError("the file should fail before countries are mapped")


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
    files = {r.name: mirror / r.mirror_path for r in AFRICA_TRADE.resources}
    path = tmp_path / "africa-trade.csv"
    shutil.copyfile(files["africa-trade.csv"], path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nAGO,BEN,1,", "\nAGO,BEN,0,", 1), encoding="utf-8")
    files["africa-trade.csv"] = path
    with pytest.raises(ParseError, match=r"section '0' is not 1–21") as err:
        AFRICA_TRADE.parse(ParseInput(AFRICA_TRADE, files, _no_crosswalk))
    assert err.value.path == str(path) and err.value.line == 3
