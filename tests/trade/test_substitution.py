"""Substitution potential (METHODS §4): a hand-computed case to the cent, options, bad input."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from southsouth.errors import InputError, UnknownCountry, YearOutOfRange
from southsouth.trade.proximity import density, proximity
from southsouth.trade.substitution import (
    SubstitutionOptions,
    allocate_capacity,
    density_columns,
    options_for,
    substitution_potential,
    year_weights,
)

WHEAT, MEDICINES, UREA = "100190", "300490", "310210"

# Three countries, three products, one year (US$). A and B are the Global South, C the North.
#   A→B: wheat 100, urea 20          A→C: wheat 50, medicines 10
#   B→A: wheat 5, medicines 20, urea 10   B→C: medicines 60, urea 10
#   C→A: wheat 40, medicines 100, urea 50 C→B: wheat 20, medicines 80, urea 40
FLOWS = [
    ("A", "B", WHEAT, 100.0),
    ("A", "B", UREA, 20.0),
    ("A", "C", WHEAT, 50.0),
    ("A", "C", MEDICINES, 10.0),
    ("B", "A", WHEAT, 5.0),
    ("B", "A", MEDICINES, 20.0),
    ("B", "A", UREA, 10.0),
    ("B", "C", MEDICINES, 60.0),
    ("B", "C", UREA, 10.0),
    ("C", "A", WHEAT, 40.0),
    ("C", "A", MEDICINES, 100.0),
    ("C", "A", UREA, 50.0),
    ("C", "B", WHEAT, 20.0),
    ("C", "B", MEDICINES, 80.0),
    ("C", "B", UREA, 40.0),
]
SOUTH = ["A", "B"]


def hand_flows(year: int = 2021, scale: float = 1.0) -> pd.DataFrame:
    frame = pd.DataFrame(FLOWS, columns=["exporter", "importer", "product", "value"])
    frame["value"] *= scale
    frame.insert(0, "year", year)
    return frame


def row(result, importer: str, product: str) -> pd.Series:
    table = result.by_importer_product.set_index(["importer", "product"])
    return table.loc[(importer, product)]


# Hand computation.
# Exports X_i: A 180, B 105, C 330; X_k: wheat 215, medicines 270, urea 130; world 615.
# RCA: A wheat (150/180)/(215/615) = 2.38 → capable; B medicines (80/105)/(270/615) = 1.74 →
# capable; B urea 0.90, A medicines 0.13, A urea 0.53, B wheat 0.14 → not capable.
# Imports M (M^N from C, M^S from the other Southern country):
#   A: wheat 45 (40, 5), medicines 120 (100, 20), urea 60 (50, 10)
#   B: wheat 120 (20, 100), medicines 80 (80, 0), urea 60 (40, 20)
# Ease: B_AB = 120 / (150/215·120 + 10/270·80 + 20/130·60) = 120 / 95.914662 = 1.251112
#       B_BA = 35 / (5/215·45 + 80/270·120 + 20/130·60) = 35 / 45.832836 = 0.763645
# λ = 1: V_A,med = 80/270 · 120 · 0.763645 = 27.15; U = 27.15 − 20 = 7.15; SP = min(7.15, 100)
#        V_B,wheat = 150/215 · 120 · 1.251112 = 104.74; U = 104.74 − 100 = 4.74; SP = 4.74
#        capacity κ = 0.2: B medicines 16, A wheat 30 → not binding: SP* = SP.
EXPECTED_STATUS_QUO = {
    # (importer, product): m, m_north, m_south, v_south, u, sp, sp_star
    ("A", WHEAT): (45.00, 40.00, 5.00, 0.00, 0.00, 0.00, 0.00),
    ("A", MEDICINES): (120.00, 100.00, 20.00, 27.15, 7.15, 7.15, 7.15),
    ("A", UREA): (60.00, 50.00, 10.00, 0.00, 0.00, 0.00, 0.00),
    ("B", WHEAT): (120.00, 20.00, 100.00, 104.74, 4.74, 4.74, 4.74),
    ("B", MEDICINES): (80.00, 80.00, 0.00, 0.00, 0.00, 0.00, 0.00),
    ("B", UREA): (60.00, 40.00, 20.00, 0.00, 0.00, 0.00, 0.00),
}
FIELDS = ("m", "m_north", "m_south", "v_south", "u", "sp", "sp_star")


def assert_cents(result, expected: dict) -> None:
    for (importer, product), values in expected.items():
        got = row(result, importer, product)
        for field, value in zip(FIELDS, values, strict=True):
            assert round(float(got[field]), 2) == pytest.approx(value, abs=1e-9), (
                importer,
                product,
                field,
            )


@pytest.fixture(scope="module")
def status_quo():
    return substitution_potential(
        hand_flows(),
        SOUTH,
        SubstitutionOptions(year=2021, window=1),
        blocs={"A-only": ["A"], "AB": ["A", "B"]},
        countries=["A", "B", "C"],
    )


def test_hand_case_status_quo_to_the_cent(status_quo):
    assert len(status_quo.by_importer_product) == 6
    assert_cents(status_quo, EXPECTED_STATUS_QUO)
    med = row(status_quo, "A", MEDICINES)
    assert med["nd"] == pytest.approx(100 / 120)
    assert med["spi"] == pytest.approx(0.0715181, abs=1e-7)
    assert row(status_quo, "B", WHEAT)["spi"] == pytest.approx(0.2372137, abs=1e-7)
    assert row(status_quo, "A", UREA)["spi"] == 0.0
    assert med["capable_suppliers"] == 1
    assert row(status_quo, "A", UREA)["capable_suppliers"] == 0


def test_hand_case_ease(status_quo):
    ease = status_quo.ease.set_index(["exporter", "importer"])["ease"]
    assert ease[("A", "B")] == pytest.approx(1.251112, abs=1e-6)
    assert ease[("B", "A")] == pytest.approx(0.763645, abs=1e-6)
    hypothetical = status_quo.ease.set_index(["exporter", "importer"])["hypothetical"]
    assert hypothetical[("A", "B")] == pytest.approx(95.914662, abs=1e-6)


def test_hand_case_aggregates(status_quo):
    importers = status_quo.by_importer.set_index("importer")
    assert importers.loc["A", "m_north"] == pytest.approx(190.0)
    assert importers.loc["A", "sp_star"] == pytest.approx(7.151810, abs=1e-6)
    assert importers.loc["A", "spi"] == pytest.approx(7.151810 / 190, abs=1e-8)
    products = status_quo.by_product.set_index("product")
    assert products.loc[MEDICINES, "capacity"] == pytest.approx(16.0)
    assert products.loc[WHEAT, "capacity"] == pytest.approx(30.0)
    assert products.loc[UREA, "capable_suppliers"] == 0
    blocs = status_quo.by_bloc.set_index("group")
    # A imports medicines from B, outside the bloc {A}: all extra-bloc.
    assert blocs.loc["A-only", "sp_star_intra"] == 0.0
    assert blocs.loc["A-only", "sp_star_extra"] == pytest.approx(7.151810, abs=1e-6)
    assert blocs.loc["AB", "sp_star_intra"] == pytest.approx(7.151810 + 4.744273, abs=1e-6)
    suppliers = status_quo.by_supplier.set_index("supplier")
    assert suppliers.loc["B", "supplied"] == pytest.approx(7.151810, abs=1e-6)
    assert suppliers.loc["B", "utilisation"] == pytest.approx(7.151810 / 16, abs=1e-7)


def test_frictions_removed_and_capacity_cap_to_the_cent():
    result = substitution_potential(
        hand_flows(), SOUTH, options_for(2021, scenario="frictions-removed", window=1, kappa=0.1)
    )
    # λ = 0: e_BA = max(0.7636, 1) = 1 → V_A,med = 80/270 · 120 = 35.56, U = SP = 15.56;
    # κ = 0.1 caps B's medicines at 8.00. e_AB = max(1.2511, 1) keeps B's wheat at 104.74.
    assert_cents(
        result,
        {
            ("A", MEDICINES): (120.00, 100.00, 20.00, 35.56, 15.56, 15.56, 8.00),
            ("B", WHEAT): (120.00, 20.00, 100.00, 104.74, 4.74, 4.74, 4.74),
        },
    )
    assert any("capacity" in note and "binds" in note for note in result.notes)


def test_policy_lambda_half():
    result = substitution_potential(
        hand_flows(), SOUTH, SubstitutionOptions(year=2021, window=1, lam=0.5)
    )
    # e_BA = max(0.763645, 0.763645 ** 0.5 = 0.873868): V = 35.5556 · 0.873868 = 31.07.
    assert_cents(result, {("A", MEDICINES): (120.00, 100.00, 20.00, 31.07, 11.07, 11.07, 11.07)})


def test_window_weights_follow_methods():
    assert year_weights(2021, 5) == pytest.approx(
        {2017: 0.2, 2018: 0.4, 2019: 0.6, 2020: 0.8, 2021: 1.0}
    )
    # 2020 flows twice 2021's: (0.5 · 2v + 1.0 · v) / 1.5 = 4/3 v for every flow, so every
    # US$ figure is 4/3 of the one-year case and shares, RCA and ease are unchanged.
    flows = pd.concat([hand_flows(2020, 2.0), hand_flows(2021)], ignore_index=True)
    result = substitution_potential(flows, SOUTH, SubstitutionOptions(year=2021, window=2))
    scaled = {k: tuple(4 / 3 * x for x in v) for k, v in EXPECTED_STATUS_QUO.items()}
    for (importer, product), values in scaled.items():
        got = row(result, importer, product)
        for field, value in zip(FIELDS, values, strict=True):
            assert float(got[field]) == pytest.approx(value, abs=0.01)
    assert "2020: 0.5, 2021: 1" in result.notes[0]


def test_window_needs_every_year():
    with pytest.raises(YearOutOfRange, match="missing 2017, 2018, 2019, 2020"):
        substitution_potential(hand_flows(), SOUTH, SubstitutionOptions(year=2021))


def test_engine_matrix_steps_equal_numpy(status_quo):
    engine = substitution_potential(
        hand_flows(),
        SOUTH,
        SubstitutionOptions(year=2021, window=1),
        blocs={"A-only": ["A"], "AB": ["A", "B"]},
        countries=["A", "B", "C"],
        matrix_steps="engine",
    )
    for name in ("by_importer_product", "by_importer", "by_product", "by_bloc", "ease"):
        pd.testing.assert_frame_equal(
            getattr(engine, name), getattr(status_quo, name), check_dtype=False, rtol=1e-12
        )


def test_product_filter_keeps_ease_over_all_products(status_quo):
    result = substitution_potential(
        hand_flows(), SOUTH, options_for(2021, products="medicaments", window=1)
    )
    assert set(result.by_importer_product["product"]) == {MEDICINES}
    assert row(result, "A", MEDICINES)["sp_star"] == pytest.approx(7.151810, abs=1e-6)
    pd.testing.assert_frame_equal(result.ease, status_quo.ease)


def test_explicit_north_leaves_third_countries_out():
    # D is neither South nor North: its sales count in M but not in M^N.
    flows = pd.concat(
        [
            hand_flows(),
            pd.DataFrame([(2021, "D", "A", MEDICINES, 30.0)], columns=hand_flows().columns),
        ]
    )
    result = substitution_potential(
        flows, SOUTH, SubstitutionOptions(year=2021, window=1), north=["C"]
    )
    med = row(result, "A", MEDICINES)
    assert (med["m"], med["m_north"], med["m_south"]) == (150.0, 100.0, 20.0)
    assert result.north == "listed"


def test_latent_list_by_hand(status_quo):
    # M_cp: A {wheat}, B {medicines}, C {medicines, urea}. φ(medicines, urea) = 1 / max(2, 1)
    # = 0.5, every other pair 0; ω_B,urea = 0.5 / 0.5 = 1 = q90 over A (0), B (1), C (1).
    latent = status_quo.latent
    assert latent[["country", "product"]].values.tolist() == [["B", UREA]]
    assert latent["density"].iloc[0] == pytest.approx(1.0)
    assert latent["demand_north"].iloc[0] == pytest.approx(90.0)
    assert latent["rca"].iloc[0] == pytest.approx(0.9010989, abs=1e-7)


def test_density_columns_equal_proximity_module():
    rng = np.random.default_rng(3)
    mcp = (rng.random((30, 50)) < 0.3).astype(float)
    mcp[:, 7] = 0.0  # a product nobody exports: no density
    expected = density(mcp, proximity(mcp, method="min", diagonal=False))
    cols = np.array([0, 7, 8, 49, 13])
    got = density_columns(mcp, cols, block=2)
    np.testing.assert_allclose(got, expected[:, cols], rtol=1e-12, equal_nan=True)
    assert np.isnan(got[:, 1]).all()


def test_allocate_capacity_by_hand():
    # Demands d0 = 10 (suppliers s0, s1), d1 = 10 (s0 only); capacities s0 = 6, s1 = 100.
    # Round 1 offers: d0 → 5 + 5, d1 → 10; s0 is offered 15 > 6: scaled by 0.4 → 2 and 4.
    # Round 2: d0's unmet 3 goes to s1 (s0 is full). Final: d0 = 10, d1 = 4, s0 = 6, s1 = 8.
    out = allocate_capacity(
        np.array([10.0, 10.0]),
        np.array([6.0, 100.0]),
        np.array([0, 0, 1]),
        np.array([0, 1, 0]),
        np.array([1.0, 1.0, 1.0]),
    )
    np.testing.assert_allclose(out.allocated, [2.0, 8.0, 4.0])
    assert out.converged and out.iterations == 2


def test_bad_rows_reported_and_excluded(status_quo):
    bad = pd.DataFrame(
        [
            (2021, "A", "B", WHEAT, 100.0),  # duplicates a good row: both excluded
            (2021, "A", "C", "100590", -5.0),  # negative
            (2021, "A", "A", WHEAT, 7.0),  # domestic
            (2021, "A", "ZZZ", WHEAT, 3.0),  # unknown country
            (2021, "A", "C", "999999", 3.0),  # unknown product
            (2021, "B", "C", WHEAT, 0.0),  # zero: dropped
            (2021, "C", "A", None, 1.0),  # missing product
            (2021, "C", "B", WHEAT, float("nan")),  # missing value
            (2021, "C", "B", UREA, float("inf")),  # infinite: missing value
            (2019, "C", "B", WHEAT, -1.0),  # outside the window: ignored
        ],
        columns=hand_flows().columns,
    )
    flows = pd.concat([hand_flows(), bad], ignore_index=True)
    result = substitution_potential(
        flows,
        SOUTH,
        SubstitutionOptions(year=2021, window=1),
        countries=["A", "B", "C"],
        product_codes=[WHEAT, MEDICINES, UREA, "100590"],
        blocs={"A-only": ["A"], "AB": ["A", "B"]},
    )
    report = result.input_report
    counts = {issue.kind: issue.rows for issue in report.issues}
    assert counts == {
        "missing-value": 3,
        "negative-value": 1,
        "domestic-flow": 1,
        "unknown-country": 1,
        "unknown-product": 1,
        "zero-value": 1,
        "duplicate-key": 2,
    }
    assert report.rows_in == 24 and report.rows_used == 14
    dup = next(i for i in report.issues if i.kind == "duplicate-key")
    assert dup.examples == ("2021 A→B 100190 = 100.0", "2021 A→B 100190 = 100.0")
    # Excluded means absent: the same as the clean flows without the duplicated A→B wheat.
    clean = hand_flows()
    clean = clean[
        ~((clean["exporter"] == "A") & (clean["importer"] == "B") & (clean["product"] == WHEAT))
    ]
    expected = substitution_potential(
        clean,
        SOUTH,
        SubstitutionOptions(year=2021, window=1),
        blocs={"A-only": ["A"], "AB": ["A", "B"]},
    )
    pd.testing.assert_frame_equal(result.by_importer_product, expected.by_importer_product)
    assert row(result, "B", WHEAT)["m"] == 20.0
    with pytest.raises(InputError, match="bad flow rows"):
        substitution_potential(
            flows,
            SOUTH,
            SubstitutionOptions(year=2021, window=1, on_bad="raise"),
            countries=["A", "B", "C"],
        )


def test_bad_arguments():
    options = SubstitutionOptions(year=2021, window=1)
    with pytest.raises(UnknownCountry):
        substitution_potential(hand_flows(), ["A", "XYZ"], options, countries=["A", "B", "C"])
    with pytest.raises(InputError, match="both S and N"):
        substitution_potential(hand_flows(), SOUTH, options, north=["B", "C"])
    with pytest.raises(InputError, match="not text"):
        substitution_potential(hand_flows().assign(product=1), SOUTH, options)
    with pytest.raises(InputError, match="lack value"):
        substitution_potential(hand_flows().drop(columns="value"), SOUTH, options)
    with pytest.raises(InputError, match="λ"):
        SubstitutionOptions(year=2021, lam=1.5)
    with pytest.raises(InputError, match="unknown scenario"):
        options_for(2021, scenario="utopia")
    with pytest.raises(InputError, match="no usable flows"):
        substitution_potential(hand_flows().assign(value=0.0), SOUTH, options)


def test_as_dict_is_json(status_quo):
    out = status_quo.as_dict(limit=2)
    text = json.dumps(out)
    assert len(out["by_importer_product"]) == 2
    assert out["rows"]["by_importer_product"] == 6
    assert out["by_importer_product"][0]["sp_star"] == pytest.approx(7.151810, abs=1e-6)
    assert out["options"]["weights"] == {"2021": 1.0}
    assert "NaN" not in text
    assert not status_quo.synthetic


def test_real_baci_extract_has_no_northern_imports(full_warehouse):
    """AFG and ZAF are both developing: in their BACI extract nothing comes from the North."""
    from southsouth.trade.substitution import substitution_for

    result = substitution_for(
        full_warehouse,
        "baci-hs92-2021-afg-zaf",
        SubstitutionOptions(year=2021, window=1),
        south="m49-developing",
        blocs=("SADC",),
    )
    jk = result.by_importer_product
    assert (jk["m_north"] == 0).all() and (jk["sp"] == 0).all()
    # Kenya's imports of HS92 300490 are the sum of the ZAF and AFG rows of the raw file.
    raw = full_warehouse.query(
        "SELECT sum(value_usd) AS v FROM trade_flow WHERE source_id = "
        "'baci-hs92-2021-afg-zaf' AND importer_iso3 = 'KEN' AND product = '300490'"
    )["v"].iloc[0]
    assert row(result, "KEN", "300490")["m"] == pytest.approx(raw, rel=1e-12)
    assert result.sources[0]["source_id"] == "baci-hs92-2021-afg-zaf"
    assert any("m49-developing" in note for note in result.notes)
    assert any(note.startswith("PCI: Atlas") for note in result.notes)
    # The extract's 71,192 rows are all known HS92 codes and countries: nothing excluded.
    assert result.input_report.rows_in == result.input_report.rows_used == 71192
    assert math.isnan(result.by_bloc.set_index("group").loc["SADC", "spi"])


def test_latent_ranking_by_hand():
    # M_cp: c1 {p1, p2}, c2 {p1}, c3 {p2, p3}, c4 {p1, p2, p3} (c4 is the North).
    # φ: p1p2 = 2/3, p1p3 = 1/3, p2p3 = 2/3. ω (M = 0 cells): c1p3 = 1, c2p2 = 0.5,
    # c2p3 = 1/3, c3p1 = 1. q90 over the four countries: p1 1, p2 0.85, p3 1 → the list is
    # c3p1 and c1p3 (c2p2 0.5 < 0.85). Scores (mean percentile ranks of density, demand,
    # PCI): c3p1 (0.75 + 1 + 1) / 3 = 0.9167, c1p3 (0.75 + 0.5 + 0.5) / 3 = 0.5833.
    from southsouth.trade.substitution import latent_list

    present = {
        "c1": {"p1": 2.0, "p2": 2.0, "p3": 0.5},
        "c2": {"p1": 2.0, "p2": 0.5, "p3": 0.5},
        "c3": {"p1": 0.5, "p2": 2.0, "p3": 2.0},
        "c4": {"p1": 2.0, "p2": 2.0, "p3": 2.0},
    }
    supply = pd.DataFrame(
        [(c, p, r) for c, row_ in present.items() for p, r in row_.items()],
        columns=["exporter", "product", "rca"],
    )
    options = SubstitutionOptions(year=2021, window=1)
    demand = pd.Series({"p1": 100.0, "p2": 10.0, "p3": 50.0})
    out = latent_list(supply, ["c1", "c2", "c3"], demand, {"p1": 2.0, "p3": 1.0}, options)
    assert out[["country", "product"]].values.tolist() == [["c3", "p1"], ["c1", "p3"]]
    assert out["density"].tolist() == pytest.approx([1.0, 1.0])
    assert out["score"].tolist() == pytest.approx([11 / 12, 7 / 12])
    assert out["rank"].tolist() == [1, 2]
    no_pci = latent_list(supply, ["c1", "c2", "c3"], demand, None, options)
    assert no_pci["score"].tolist() == pytest.approx([0.875, 0.625])


def test_ibis_table_runs_on_its_own_backend(status_quo):
    import ibis

    from southsouth.trade.engine import quiet

    with quiet():
        con = ibis.duckdb.connect()
        table = con.create_table("hand_flows", hand_flows(), temp=True)
    result = substitution_potential(table, SOUTH, SubstitutionOptions(year=2021, window=1))
    pd.testing.assert_frame_equal(result.by_importer_product, status_quo.by_importer_product)
