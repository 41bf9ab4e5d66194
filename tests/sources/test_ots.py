"""Country × HS4 exports 2017 (economiccomplexity's world_trade_2017)."""

from __future__ import annotations

import pytest

from direct_parse import parse_edited, replace_first
from southsouth.errors import ParseError
from southsouth.sources.ots import OTS_EXPORTS_2017


@pytest.mark.golden
def test_world_and_china_totals_with_unspecified_code_kept(loaded):
    wh = loaded("ots-hs4-exports-2017")
    rows = wh.query("SELECT * FROM trade_export WHERE source_id = 'ots-hs4-exports-2017'")
    # SOURCES.md: world US$20.1 tn, CHN US$2.95 tn, code 9999 US$575 bn, 176,971 values.
    assert round(rows["value_usd"].sum() / 1e12, 1) == 20.1
    assert round(rows.loc[rows["country_iso3"] == "CHN", "value_usd"].sum() / 1e12, 2) == 2.95
    assert round(rows.loc[rows["product"] == "9999", "value_usd"].sum() / 1e9) == 575
    assert len(rows) == 176_971 and rows["country_iso3"].nunique() == 224
    cell = rows.set_index(["country_iso3", "product"])["value_usd"]
    assert cell[("ZAF", "7108")] == 15_570_738_589 and cell[("CHN", "8517")] == 331_420_323_420
    assert set(rows["classification"]) == {"HS07"} and set(rows["year"]) == {2017}
    issues = wh.query(
        "SELECT issues FROM dataset_status WHERE dataset_id = 'ots-hs4-exports-2017'"
    )["issues"].iloc[0]
    assert '"kind": "no-value"' in issues and '"rows": 56461' in issues


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("2017,afg,0102,387017.0", "2017,afg,102,387017.0", r"'102' is not an HS4 code"),
        ("2017,afg,0102,387017.0", "2017,afg,0102,lots", r"'export_value_usd' holds 'lots'"),
    ],
)
def test_bad_cells_are_parse_errors(tmp_path, mirror, old, new, message):
    edit = replace_first(old, new)
    with pytest.raises(ParseError, match=message) as err:
        parse_edited(OTS_EXPORTS_2017, mirror, tmp_path, "exports-2017.csv", edit)
    assert err.value.path == str(tmp_path / "exports-2017.csv") and err.value.line == 4
