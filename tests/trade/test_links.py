"""Trade links (complementarity, intensity, missing links) and South–South shares."""

from __future__ import annotations

import json
import math
from pathlib import Path

import ibis
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from southsouth.errors import InputError
from southsouth.registry import bloc_members
from southsouth.trade.links import (
    complementarity,
    prepare_flows,
    trade_flow_sources,
    trade_links,
    trade_links_for,
)
from southsouth.trade.south_share import south_south_share, south_south_share_for
from southsouth.warehouse.store import Warehouse

AFRICA_CSV = "trade/bilateral_product/africa_intra_trade_hs_sections_baci_hs96_avg2012_2022.csv"
BACI_CSV = "trade/bilateral_product/baci_hs92_y2021_exporters_afg_zaf.csv"
BACI_CODES = "trade/classifications/baci_country_codes_V202201.csv"
# ibis 12 calls a DuckDB method DuckDB has deprecated; nothing this module can change.
pytestmark = pytest.mark.filterwarnings(
    r"ignore:fetch_arrow_table\(\) is deprecated:DeprecationWarning"
)

# Three countries, two products (p, q); exporter → importer: value.
#   A→B p 30, q 10 | A→C p 20        | B→A q 40
#   B→C p 10, q 10 | C→A p 2, q 6    | C→B q 32
# Exports X_i (p, q): A 60 (50, 10), B 60 (10, 50), C 40 (2, 38)
# Imports M_j (p, q): A 48 (2, 46),  B 72 (30, 42), C 40 (30, 10);  M_w = 160.
# With two products ½ Σ_k |m_jk − x_ik| = |m_jp − x_ip|, so TC_ij = 100 (1 − |m_jp − x_ip|):
#   x_p: A 5/6, B 1/6, C 1/20;  m_p: A 1/24, B 5/12, C 3/4.
HAND = [
    ("A", "B", "p", 30.0),
    ("A", "B", "q", 10.0),
    ("A", "C", "p", 20.0),
    ("B", "A", "q", 40.0),
    ("B", "C", "p", 10.0),
    ("B", "C", "q", 10.0),
    ("C", "A", "p", 2.0),
    ("C", "A", "q", 6.0),
    ("C", "B", "q", 32.0),
]
TC = {
    ("A", "B"): 100 * 7 / 12,  # |5/12 − 5/6|  = 5/12
    ("A", "C"): 100 * 11 / 12,  # |3/4 − 5/6|   = 1/12
    ("B", "A"): 100 * 21 / 24,  # |1/24 − 1/6|  = 3/24
    ("B", "C"): 100 * 5 / 12,  # |3/4 − 1/6|   = 7/12
    ("C", "A"): 100 * 119 / 120,  # |1/24 − 1/20| = 1/120
    ("C", "B"): 100 * 19 / 30,  # |5/12 − 1/20| = 11/30
}
# TII (METHODS): (X_ij/X_i) / (M_j/(M_w − M_i))
TII = {
    ("A", "B"): (40 / 60) / (72 / (160 - 48)),  # 28/27
    ("A", "C"): (20 / 60) / (40 / (160 - 48)),  # 14/15
    ("B", "A"): (40 / 60) / (48 / (160 - 72)),  # 11/9
    ("B", "C"): (20 / 60) / (40 / (160 - 72)),  # 11/15
    ("C", "A"): (8 / 40) / (48 / (160 - 40)),  # 1/2
    ("C", "B"): (32 / 40) / (72 / (160 - 40)),  # 4/3
}
# TII (WITS): (X_ij/X_i) / (M_j/M_w)
TII_WITS = {
    ("A", "B"): 40 / 27,
    ("A", "C"): 4 / 3,
    ("B", "A"): 20 / 9,
    ("B", "C"): 4 / 3,
    ("C", "A"): 2 / 3,
    ("C", "B"): 16 / 9,
}
# q75 of the six TCs (41.67, 58.33, 63.33, 87.5, 91.67, 99.17), linear: 87.5 + 0.75 · 25/6.
THRESHOLD = 87.5 + 0.75 * (100 * 11 / 12 - 87.5)


def hand_flows(scale: float = 1.0) -> pd.DataFrame:
    return pd.DataFrame(
        [(2021, e, i, p, v * scale) for e, i, p, v in HAND],
        columns=["year", "exporter", "importer", "product", "value"],
    )


def by_pair(frame: pd.DataFrame, column: str) -> dict[tuple[str, str], object]:
    keys = zip(frame["exporter"], frame["importer"], strict=True)
    return dict(zip(keys, frame[column].tolist(), strict=True))


def test_hand_computed_complementarity_intensity_and_flags() -> None:
    result = trade_links(hand_flows(), regions={"A": "R1", "B": "R1", "C": "R2"})
    assert by_pair(result.pairs, "tc") == pytest.approx(TC, abs=1e-12)
    assert by_pair(result.pairs, "tii") == pytest.approx(TII, abs=1e-12)
    assert result.options["tc_threshold"] == pytest.approx(THRESHOLD) == pytest.approx(90.625)
    # TC ≥ 90.625 and TII < 1: A→C (91.67, 0.93) and C→A (99.17, 0.5); B→A has TII 1.22.
    flagged = {k for k, v in by_pair(result.pairs, "missing_link").items() if v}
    assert flagged == {("A", "C"), ("C", "A")}
    assert list(result.missing_links()[["exporter", "importer"]].itertuples(index=False)) == [
        ("C", "A"),
        ("A", "C"),
    ]
    assert by_pair(result.pairs, "flow")[("C", "A")] == 8.0
    assert by_pair(result.pairs, "reverse_flow")[("C", "A")] == 20.0
    regions = result.regions.set_index(["exporter_region", "importer_region"])
    assert regions.loc[("R1", "R2"), "n_pairs"] == 2
    assert regions.loc[("R1", "R2"), "n_missing_links"] == 1
    assert regions.loc[("R1", "R1"), "n_missing_links"] == 0
    wits = trade_links(hand_flows(), tii_variant="wits")
    assert by_pair(wits.pairs, "tii") == pytest.approx(TII_WITS, abs=1e-12)
    assert complementarity(*_prepared_products()).loc["C", "A"] == pytest.approx(TC[("C", "A")])


def _prepared_products() -> tuple[pd.DataFrame, pd.DataFrame]:
    prep = prepare_flows(hand_flows())
    return prep.exports, prep.imports


def test_bloc_summary_counts_intra_outward_inward() -> None:
    result = trade_links(hand_flows(), blocs={"AB": ["A", "B", "Z"]})
    blocs = result.blocs.set_index("scope")
    assert blocs.loc["intra", "n_pairs"] == 2  # A→B, B→A
    assert blocs.loc["outward", "n_pairs"] == 2  # A→C, B→C
    assert blocs.loc["inward", "n_missing_links"] == 1  # C→A
    assert blocs.loc["intra", "flow"] == 80.0
    assert blocs.loc["inward", "flow_in_missing_links"] == 8.0
    assert blocs.loc["intra", "n_members"] == 3
    assert blocs.loc["intra", "n_members_in_flows"] == 2


def test_bilateral_ease_condition_and_unknown_ease() -> None:
    ease = pd.DataFrame({"exporter": ["A", "B"], "importer": ["C", "A"], "ease": [1.2, 0.3]})
    flags = by_pair(trade_links(hand_flows(), ease=ease).pairs, "missing_link")
    assert flags[("A", "C")] is False  # B ≥ 1: trade is not held back
    assert flags[("C", "A")] is pd.NA  # TC and TII say yes, ease unknown
    assert flags[("B", "A")] is False  # B < 1 but TII ≥ 1
    ease = pd.DataFrame({"exporter": ["C"], "importer": ["A"], "ease": [0.5]})
    assert by_pair(trade_links(hand_flows(), ease=ease).pairs, "missing_link")[("C", "A")] is True


def test_among_restricts_the_pairs_and_the_quantile() -> None:
    result = trade_links(hand_flows(), among=["A", "C"])
    assert set(by_pair(result.pairs, "tc")) == {("A", "C"), ("C", "A")}
    # q75 of (91.67, 99.17)
    assert result.options["tc_threshold"] == pytest.approx(
        TC[("A", "C")] + 0.75 * (TC[("C", "A")] - TC[("A", "C")])
    )


def test_ibis_table_gives_the_pandas_numbers() -> None:
    con = ibis.duckdb.connect()
    flows = hand_flows()
    table = con.create_table("flows", flows)
    from_ibis = trade_links(table)
    from_pandas = trade_links(flows)
    assert from_ibis.options["engine"] == "ibis (duckdb)"
    cols = ["exporter", "importer", "tc", "tii", "flow", "missing_link"]
    pd.testing.assert_frame_equal(from_ibis.pairs[cols], from_pandas.pairs[cols])


@settings(max_examples=25, deadline=None)
@given(
    values=st.lists(
        st.floats(min_value=0.0, max_value=1e6, allow_nan=False), min_size=36, max_size=36
    ),
    scale=st.floats(min_value=1e-3, max_value=1e3),
)
def test_properties_range_scale_invariance_and_variants(values: list[float], scale: float) -> None:
    countries, products = ["A", "B", "C", "D"], ["p", "q", "r"]
    rows = []
    it = iter(values)
    for e in countries:
        for i in countries:
            if e != i:
                for p in products:
                    rows.append((2020, e, i, p, next(it) + (1.0 if p == "p" else 0.0)))
    flows = pd.DataFrame(rows, columns=["year", "exporter", "importer", "product", "value"])
    base = trade_links(flows).pairs
    assert base["tc"].between(0.0, 100.0).all()
    scaled = trade_links(flows.assign(value=flows["value"] * scale)).pairs
    np.testing.assert_allclose(scaled["tc"], base["tc"], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(scaled["tii"], base["tii"], rtol=1e-9, atol=1e-12)
    wits = trade_links(flows, tii_variant="wits").pairs
    assert (base["tii"] <= wits["tii"] * (1 + 1e-12)).all()  # M_w − M_i ≤ M_w


def test_identical_structures_give_full_complementarity() -> None:
    columns = ["year", "exporter", "importer", "product", "value"]
    same = pd.DataFrame(
        [("A", "B", "p", 1.0), ("A", "B", "q", 3.0), ("B", "A", "p", 2.0), ("B", "A", "q", 6.0)],
        columns=columns[1:],
    ).assign(year=2020)
    assert trade_links(same).pairs["tc"].tolist() == pytest.approx([100.0, 100.0])
    # A sells only p (to C), B buys only q (from C): nothing in common, TC_AB = 0.
    disjoint = pd.DataFrame(
        [("A", "C", "p", 1.0), ("C", "B", "q", 1.0), ("B", "A", "r", 1.0)], columns=columns[1:]
    ).assign(year=2020)
    assert by_pair(trade_links(disjoint).pairs, "tc")[("A", "B")] == pytest.approx(0.0)


# -- bad input -------------------------------------------------------------------------


BAD_ROWS = [
    (2021, "A", "ZZZ", "p", 5.0),  # unknown-country
    (2021, "A", "A", "p", 7.0),  # domestic-flow
    (2021, "B", "C", "r", 1.0),  # unknown-product
    (2021, "C", "B", "p", np.nan),  # missing-value: missing is not zero
    (2021, "B", "A", "p", -2.0),  # negative-value
    (2021, "A", "C", "q", 0.0),  # zero-value
    (2021, "A", "B", "r", 4.0),  # duplicate-key, twice: all excluded
    (2021, "A", "B", "r", 4.5),
]


def _table(flows: pd.DataFrame, engine: str) -> pd.DataFrame | ibis.Table:
    return ibis.duckdb.connect().create_table("f", flows) if engine == "ibis" else flows


@pytest.mark.parametrize("engine", ["pandas", "ibis"])
def test_bad_rows_are_excluded_and_reported(engine: str) -> None:
    extra = pd.DataFrame(BAD_ROWS, columns=["year", "exporter", "importer", "product", "value"])
    flows = pd.concat([hand_flows(), extra], ignore_index=True)
    result = trade_links(_table(flows, engine), countries={"A", "B", "C"}, products={"p", "q"})
    report = result.report
    assert (report.rows_in, report.rows_used) == (len(HAND) + len(BAD_ROWS), len(HAND))
    assert {i.kind: i.rows for i in report.issues} == {
        "missing-value": 1,
        "duplicate-key": 2,
        "negative-value": 1,
        "domestic-flow": 1,
        "unknown-country": 1,
        "unknown-product": 1,
        "zero-value": 1,
    }
    issues = {i.kind: i for i in report.issues}
    assert issues["unknown-country"].examples == ("2021 A→ZZZ p = 5.0",)
    assert issues["duplicate-key"].examples == ("2021 A→B r = 4.0", "2021 A→B r = 4.5")
    assert issues["zero-value"].action == "dropped"
    assert by_pair(result.pairs, "tc") == pytest.approx(TC, abs=1e-12)
    assert result.as_dict()["input"]["issues"][0]["kind"] == "missing-value"
    with pytest.raises(InputError, match=r"6 bad flow rows, e\.g\. missing-value: 2021 C→B p"):
        trade_links(_table(flows, engine), countries={"A", "B", "C"}, on_bad="raise")
    # zero values alone are no error
    zero = pd.concat([hand_flows(), extra.iloc[[5]]], ignore_index=True)
    assert trade_links(_table(zero, engine), on_bad="raise").report.count("zero-value") == 1


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::ResourceWarning")  # py4j leaves its sockets to the GC
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_spark_gives_the_pandas_numbers_and_report() -> None:
    """The Ibis path on PySpark (local mode): same pairs, shares and screening report."""
    from southsouth.trade.engine import local_spark_session

    extra = pd.DataFrame(BAD_ROWS, columns=["year", "exporter", "importer", "product", "value"])
    flows = pd.concat([hand_flows(), extra], ignore_index=True)
    spark = ibis.pyspark.connect(local_spark_session())
    table = spark.create_view("links_flows", ibis.memtable(flows), overwrite=True)
    known = {"A", "B", "C"}
    on_spark = trade_links(table, countries=known, products={"p", "q"})
    on_pandas = trade_links(flows, countries=known, products={"p", "q"})
    assert on_spark.options["engine"] == "ibis (pyspark)"
    assert on_spark.report == on_pandas.report
    cols = ["exporter", "importer", "tc", "tii", "flow", "missing_link"]
    pd.testing.assert_frame_equal(on_spark.pairs[cols], on_pandas.pairs[cols])
    shares = south_south_share(table, ["A", "B"], countries=known, products={"p", "q"})
    expected = south_south_share(flows, ["A", "B"], countries=known, products={"p", "q"})
    pd.testing.assert_frame_equal(shares.countries, expected.countries)


def test_other_bad_inputs() -> None:
    with pytest.raises(InputError, match=r"lack the column.*product"):
        trade_links(hand_flows().drop(columns="product"))
    two_years = pd.concat([hand_flows(), hand_flows().assign(year=2022)])
    with pytest.raises(InputError, match="several years"):
        trade_links(two_years)
    assert trade_links(two_years, year=2022).options["year"] == 2022
    with pytest.raises(InputError, match="no trade flows for 1990"):
        trade_links(hand_flows(), year=1990)
    with pytest.raises(InputError, match="quantile"):
        trade_links(hand_flows(), quantile=75)
    with pytest.raises(InputError, match="on_bad"):
        trade_links(hand_flows(), on_bad="ignore")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="variant"):
        trade_links(hand_flows(), tii_variant="comtrade")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="DataFrame or an Ibis table"):
        trade_links([("A", "B")])
    with pytest.raises(InputError, match="repeat a pair"):
        ease = pd.DataFrame({"exporter": ["A", "A"], "importer": ["B", "B"], "ease": [1.0, 2.0]})
        trade_links(hand_flows(), ease=ease)
    with pytest.raises(InputError, match="no pair"):
        trade_links(hand_flows(), among=["A"])
    # one exporter to many importers: nobody's imports are known
    extract = pd.DataFrame(
        [(2021, "A", c, "p", 1.0) for c in "BCDEFGH"],
        columns=["year", "exporter", "importer", "product", "value"],
    )
    with pytest.raises(InputError, match="appear both as exporter and importer"):
        trade_links(extract)
    partial = trade_links(extract, require_closed=False)
    assert any(note.startswith("WARNING") for note in partial.notes)


def test_warehouse_names_are_accepted() -> None:
    renamed = hand_flows().rename(
        columns={"exporter": "exporter_iso3", "importer": "importer_iso3", "value": "value_usd"}
    )
    assert by_pair(trade_links(renamed).pairs, "tc") == pytest.approx(TC, abs=1e-12)


# -- South–South shares ------------------------------------------------------------------


def test_south_south_share_hand_case() -> None:
    # South = {A, B}. Exports to the South: A 40/60, B 40/60, C (8 + 32)/40.
    # Imports from the South: A 40/48, B 40/72, C (20 + 20)/40.
    result = south_south_share(hand_flows(), ["A", "B"], blocs={"AC": ["A", "C"]})
    assert result.share("A") == pytest.approx(100 * 40 / 60)
    assert result.share("C") == pytest.approx(100.0)
    assert result.share("A", "import") == pytest.approx(100 * 40 / 48)
    assert result.share("B", "import") == pytest.approx(100 * 40 / 72)
    assert result.share("A", "trade") == pytest.approx(100 * 80 / 108)
    groups = result.groups.set_index("group")
    assert groups.loc["south", "export_share_pct"] == pytest.approx(100 * 80 / 120)
    # AC: exports 100, to the South A→B 40 + C→A 8 + C→B 32 = 80, intra A→C 20 + C→A 8.
    assert groups.loc["AC", "export_share_pct"] == pytest.approx(80.0)
    assert groups.loc["AC", "intra_export_share_pct"] == pytest.approx(28.0)
    # AC imports: A 48 + C 40 = 88, from the South B→A 40 + A→C 20 + B→C 20 = 80.
    assert groups.loc["AC", "import_share_pct"] == pytest.approx(100 * 80 / 88)
    json.dumps(result.as_dict())


def test_south_south_share_of_an_exporter_extract_has_no_imports() -> None:
    extract = pd.DataFrame(
        [(2021, "A", c, "p", v) for c, v in zip("BCDEFGH", range(1, 8), strict=True)],
        columns=["year", "exporter", "importer", "product", "value"],
    )
    result = south_south_share(extract, ["B", "C"])
    assert result.options["imports"] is False
    assert result.countries["iso3"].tolist() == ["A"]
    assert result.share("A") == pytest.approx(100 * 3 / 28)
    assert np.isnan(result.share("A", "import"))
    with pytest.raises(InputError, match="no members"):
        south_south_share(extract, [])
    with pytest.raises(InputError, match="no flows here"):
        result.share("B")


# -- real data -----------------------------------------------------------------------------


@pytest.mark.golden
def test_intra_african_pair_recomputed_from_the_raw_csv(
    full_warehouse: Warehouse, mirror: Path
) -> None:
    """ZAF→NGA from the intra-African table: intra-African trade only, so 'world' = Africa."""
    raw = pd.read_csv(mirror / AFRICA_CSV)
    exports = raw.groupby(["iso3_o", "section_code"])["value"].sum().unstack(fill_value=0.0)
    imports = raw.groupby(["iso3_d", "section_code"])["value"].sum().unstack(fill_value=0.0)
    x = exports.loc["ZAF"] / exports.loc["ZAF"].sum()
    m = imports.loc["NGA"] / imports.loc["NGA"].sum()
    m, x = m.align(x, fill_value=0.0)
    tc = 100 * (1 - 0.5 * (m - x).abs().sum())
    x_ij = raw.loc[(raw["iso3_o"] == "ZAF") & (raw["iso3_d"] == "NGA"), "value"].sum()
    x_i = raw.loc[raw["iso3_o"] == "ZAF", "value"].sum()
    m_j = raw.loc[raw["iso3_d"] == "NGA", "value"].sum()
    m_i = raw.loc[raw["iso3_d"] == "ZAF", "value"].sum()
    tii = (x_ij / x_i) / (m_j / (raw["value"].sum() - m_i))

    result = trade_links_for(full_warehouse, "africa-intra-trade-sections")
    row = result.pairs.set_index(["exporter", "importer"]).loc[("ZAF", "NGA")]
    assert row["tc"] == pytest.approx(tc, rel=1e-9)
    assert row["tii"] == pytest.approx(tii, rel=1e-9)
    assert row["flow"] == pytest.approx(x_ij * 1000, rel=1e-9)  # thousands of US$ → US$
    assert (round(tc, 4), round(tii, 4)) == (74.8064, 0.6646)
    assert result.options["n_pairs"] == 47 * 46
    assert result.options["tc_threshold"] == pytest.approx(np.quantile(result.pairs["tc"], 0.75))
    assert row["tc"] >= result.options["tc_threshold"]
    assert row["missing_link"]  # high complementarity, trade below NGA's weight: a missing link
    assert result.pairs["tc"].between(0, 100).all()
    assert result.provenance["source_id"] == "africa-intra-trade-sections"
    assert any("mean over the 11 years" in note for note in result.notes)
    assert set(result.blocs["bloc"]) >= {"AU", "ECOWAS", "SADC", "EAC"}
    json.dumps(result.as_dict())


@pytest.mark.golden
def test_zaf_south_south_export_share_from_the_raw_baci_extract(
    full_warehouse: Warehouse, mirror: Path
) -> None:
    """ZAF 2021: exports to G77 members over all exports, from BACI rows and CEPII codes."""
    codes = pd.read_csv(mirror / BACI_CODES, encoding="latin-1", dtype={"country_code": int})
    iso3 = dict(zip(codes["country_code"], codes["iso_3digit_alpha"], strict=True))
    iso3 |= {380: "ITA", 490: "TWN"}  # V202301 Italy; 'Other Asia, nes' (as the loader maps)
    raw = pd.read_csv(mirror / BACI_CSV, usecols=["t", "i", "j", "v"])
    zaf = raw[(raw["i"] == 710) & (raw["t"] == 2021)]
    partners = zaf["j"].map(iso3)
    assert partners.notna().all()
    g77 = set(bloc_members(full_warehouse, "G77", year=2021)["iso3"])
    expected = 100 * zaf.loc[partners.isin(g77), "v"].sum() / zaf["v"].sum()

    result = south_south_share_for(full_warehouse, "baci-hs92-2021-afg-zaf", group="g77")
    assert result.share("ZAF") == pytest.approx(expected, rel=1e-12)
    assert round(expected, 4) == 51.8407
    exports = result.countries.set_index("iso3").loc["ZAF", "exports"]
    assert exports == pytest.approx(zaf["v"].sum() * 1000, rel=1e-12)
    assert result.options["imports"] is False  # two exporters: no country's imports
    derived = full_warehouse.query(
        "SELECT country_iso3, value FROM observation "
        "WHERE indicator = 'south_south_export_share_pct' AND year = 2021"
    ).set_index("country_iso3")["value"]
    for country in ("ZAF", "AFG"):
        assert result.share(country) == pytest.approx(derived[country], rel=1e-12)
    json.dumps(result.as_dict())


def test_exporter_extract_is_refused_for_links(full_warehouse: Warehouse) -> None:
    sources = trade_flow_sources(full_warehouse).set_index("source_id")
    assert sources.loc["baci-hs92-2021-afg-zaf", "exporters"] == 2
    with pytest.raises(InputError, match="appear both as exporter and importer"):
        trade_links_for(full_warehouse, "baci-hs92-2021-afg-zaf")


def test_intra_african_south_south_share_within_a_bloc(full_warehouse: Warehouse) -> None:
    """With SADC as 'South', ZAF's intra-African exports to SADC over all its African exports."""
    raw = full_warehouse.query(
        "SELECT importer_iso3, sum(value_usd) AS v FROM trade_flow "
        "WHERE source_id = 'africa-intra-trade-sections' AND exporter_iso3 = 'ZAF' GROUP BY ALL"
    ).set_index("importer_iso3")["v"]
    sadc = set(bloc_members(full_warehouse, "SADC", year=2022)["iso3"])
    result = south_south_share_for(full_warehouse, "africa-intra-trade-sections", group="SADC")
    assert result.options["imports"] is True  # 47 × 47: imports are complete within Africa
    assert result.share("ZAF") == pytest.approx(100 * raw[raw.index.isin(sadc)].sum() / raw.sum())
    g77 = south_south_share_for(full_warehouse, "africa-intra-trade-sections")
    row = g77.groups.set_index("group").loc["g77"]
    # Intra-African flows carry 1.5 % of the G77's goods exports: no group share from them.
    assert row["export_value_coverage_pct"] == pytest.approx(1.5, abs=0.1)
    assert math.isnan(row["export_share_pct"])
    assert any("g77: no group share" in n for n in g77.notes)
