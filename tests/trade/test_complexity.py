"""Complexity on hand-computed matrices, properties (hypothesis), and degenerate inputs."""

from __future__ import annotations

import importlib
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import sparse

from southsouth.errors import ALL_ERRORS, DegenerateMatrix, InputError
from southsouth.trade import (
    ComplexityOptions,
    complexity,
    complexity_from_matrix,
    density,
    eci_pci,
    knn_mask,
    presence,
    proximity,
    rca,
    rpop,
)
from southsouth.trade.proximity import outlook_gain

# The package exports a function named ``complexity``, which hides the module of that name.
complexity_module = importlib.import_module("southsouth.trade.complexity")

# A nested matrix: country 1 exports products 1–3, country 2 products 1–2, country 3 product 1.
# By hand: M̃ has eigenvalues 1, 1/4, 1/9; for 1/4 the country vector is ∝ (2, −1, −4), so
# ECI = √6/2·(1, 0, −1) and (Growth Lab normalisation) PCI = √6/2·(−1, 1, 3).
NESTED = np.array([[1.0, 1, 1], [1, 1, 0], [1, 0, 0]])
HALF_ROOT6 = math.sqrt(6) / 2


def test_rca_rpop_and_both_rule_by_hand():
    x = np.array([[4.0, 4, 2], [0, 6, 4]])  # row sums 10, 10; column sums 4, 10, 6; total 20
    np.testing.assert_allclose(rca(x), [[2, 0.8, 2 / 3], [0, 1.2, 4 / 3]])
    population = np.array([1.0, 4.0])  # world 5
    np.testing.assert_allclose(rpop(x, population), [[5, 2, 5 / 3], [0, 0.75, 5 / 6]])
    r, p = rca(x), rpop(x, population)
    np.testing.assert_array_equal(presence(r), [[1, 0, 0], [0, 1, 1]])
    np.testing.assert_array_equal(presence(r, rpop_matrix=p, rule="rpop"), [[1, 1, 1], [0, 0, 0]])
    np.testing.assert_array_equal(presence(r, rpop_matrix=p, rule="both"), [[1, 1, 1], [0, 1, 1]])
    np.testing.assert_array_equal(presence(r, 1.5), [[1, 0, 0], [0, 0, 0]])


def test_rca_keeps_labels_and_marks_empty_rows_missing():
    frame = pd.DataFrame([[1.0, 3.0], [0.0, 0.0]], index=["AAA", "BBB"], columns=["01", "02"])
    out = rca(frame)
    assert list(out.index) == ["AAA", "BBB"] and list(out.columns) == ["01", "02"]
    assert out.loc["BBB"].isna().all()  # no exports: no RCA, not zero
    assert out.loc["AAA", "01"] == pytest.approx(1.0)


def test_rca_rejects_negative_flows():
    with pytest.raises(InputError, match="non-negative"):
        rca(np.array([[1.0, -2.0], [3.0, 4.0]]))


def test_eci_pci_of_the_nested_matrix_by_hand():
    result = eci_pci(NESTED)
    assert result.eigenvalues == pytest.approx((1.0, 0.25, 1 / 9))
    assert result.eigen_gap == pytest.approx(0.25)
    np.testing.assert_allclose(result.eci, HALF_ROOT6 * np.array([1, 0, -1]), atol=1e-12)
    np.testing.assert_allclose(result.pci, HALF_ROOT6 * np.array([-1, 1, 3]), atol=1e-12)
    # K_c = λ2·v with v ∝ (2, −1, −4): mean −λ2·1 relative to |K_p| = 1
    kc = result.eci_raw
    np.testing.assert_allclose(kc / kc[0], [1, -0.5, -2])
    assert np.linalg.norm(result.pci_raw) == pytest.approx(1.0)
    self_norm = eci_pci(NESTED, pci_normalisation="self").pci
    kp = np.array([-1, 0.5, 2])
    np.testing.assert_allclose(self_norm, (kp - kp.mean()) / kp.std(), atol=1e-12)


def test_sparse_presence_gives_the_same_answer():
    rng = np.random.default_rng(3)
    x = rng.gamma(0.3, 10.0, size=(30, 80))
    mcp = presence(rca(x))
    dense = eci_pci(mcp)
    for matrix in (sparse.csr_array(mcp), sparse.csr_matrix(mcp), sparse.csr_array(mcp.T).T):
        thin = eci_pci(matrix)
        np.testing.assert_allclose(thin.eci, dense.eci, atol=1e-10)
        np.testing.assert_allclose(thin.pci, dense.pci, atol=1e-10)
        assert thin.eigenvalues == pytest.approx(dense.eigenvalues)


def test_lanczos_and_lapack_give_the_same_answer(monkeypatch: pytest.MonkeyPatch):
    rng = np.random.default_rng(11)
    mcp = presence(rca(rng.gamma(0.3, 10.0, size=(90, 300))))
    lanczos = eci_pci(mcp)  # 90 rows ≥ LANCZOS_FROM
    monkeypatch.setattr(complexity_module, "LANCZOS_FROM", 10**9)
    lapack = eci_pci(mcp)
    np.testing.assert_allclose(lanczos.eci, lapack.eci, atol=1e-10)
    np.testing.assert_allclose(lanczos.pci, lapack.pci, atol=1e-10)
    assert lanczos.eigenvalues == pytest.approx(lapack.eigenvalues, abs=1e-12)


def test_reflections_converge_to_the_eigenvector():
    eigen = eci_pci(NESTED)
    for steps, tolerance in ((2, 0.1), (40, 1e-12)):
        reflected = eci_pci(NESTED, method="reflections", iterations=steps)
        np.testing.assert_allclose(reflected.eci, eigen.eci, atol=tolerance)
        np.testing.assert_allclose(reflected.pci, eigen.pci, atol=tolerance)
    with pytest.raises(InputError, match="even number"):
        ComplexityOptions(method="reflections", iterations=21)


def test_proximity_density_and_knn_by_hand():
    phi = proximity(NESTED)
    expected = np.array([[0, 2 / 3, 1 / 3], [2 / 3, 0, 1 / 2], [1 / 3, 1 / 2, 0]])
    np.testing.assert_allclose(phi, expected)
    np.testing.assert_allclose(np.diag(proximity(NESTED, diagonal=True)), 1.0)
    root = proximity(NESTED, method="sqrt")
    assert root[0, 1] == pytest.approx(2 / math.sqrt(6)) and root[1, 2] == pytest.approx(
        1 / math.sqrt(2)
    )
    omega = density(NESTED, phi)
    assert omega[2, 1] == pytest.approx(4 / 7)
    assert omega[2, 2] == pytest.approx(2 / 5)
    assert omega[1, 2] == pytest.approx(1.0)
    assert omega[2, 0] == 0.0  # its own export does not count (zero diagonal)
    np.testing.assert_array_equal(
        knn_mask(phi, 1), [[False, True, False], [True, False, True], [False, False, False]]
    )
    nearest = density(NESTED, phi, knn=1)
    assert nearest[2, 1] == 1.0 and nearest[2, 2] == 0.0 and nearest[1, 2] == 1.0


def test_cog_both_definitions_by_hand():
    result = eci_pci(NESTED)
    phi = proximity(NESTED)
    omega = density(NESTED, phi)
    atlas = outlook_gain(NESTED, phi, result.pci, omega, method="atlas_book")
    assert atlas[2, 2] == pytest.approx(-27 / 35 * HALF_ROOT6)
    code_pci = result.pci_raw / result.raw_sd  # = PCI − 1/√6 here
    code = outlook_gain(NESTED, phi, code_pci, omega, method="growthlab_code")
    assert code[2, 2] == pytest.approx(math.sqrt(6) / 7)
    assert (atlas[NESTED == 1] == 0).all() and (code[NESTED == 1] == 0).all()


def _nested_table() -> pd.DataFrame:
    # RCA = [[0.47, 0.94, 2.5], [0.84, 1.875, 0.25], [1.69, 0.19, 0.25]]: with θ = 0.4 the
    # presence matrix is the nested one above.
    return pd.DataFrame(
        [[25.0, 25.0, 50.0], [45.0, 50.0, 5.0], [90.0, 5.0, 5.0]],
        index=["AAA", "BBB", "CCC"],
        columns=["0101", "0202", "0303"],
    )


NESTED_OPTIONS = ComplexityOptions(threshold=0.4)


def test_complexity_result_tables_and_json():
    result = complexity_from_matrix(_nested_table(), NESTED_OPTIONS, year=2017)
    cells = result.cells.set_index(["country", "product"])
    assert cells.loc[("AAA", "0101"), "rca"] == pytest.approx(0.46875)
    mcp = cells["mcp"].unstack().loc[["AAA", "BBB", "CCC"], ["0101", "0202", "0303"]]
    np.testing.assert_array_equal(mcp.to_numpy(), NESTED)
    assert cells.loc[("CCC", "0303"), "cog"] == pytest.approx(-27 / 35 * HALF_ROOT6)
    assert cells.loc[("CCC", "0303"), "distance"] == pytest.approx(3 / 5)
    countries = result.countries.set_index("country")
    assert countries.loc["AAA", "eci"] == pytest.approx(HALF_ROOT6)
    assert countries.loc["AAA", "eci_rank"] == 1 and countries.loc["CCC", "eci_rank"] == 3
    assert list(countries["diversity"]) == [3, 2, 1]
    products = result.products.set_index("product")
    assert products.loc["0303", "pci"] == pytest.approx(3 * HALF_ROOT6)
    diagnostics = result.diagnostics.iloc[0]
    assert diagnostics["lambda_2"] == pytest.approx(0.25)
    assert diagnostics["sign"] in (1, -1) and diagnostics["corr_eci_diversity"] > 0.9
    assert result.countries["coi"].std(ddof=0) == pytest.approx(1.0)
    data = result.as_dict()
    assert data["options"]["ddof"] == 0 and "cells" not in data
    assert data["countries"][0]["country"] == "AAA"
    assert any("rank" in note for note in data["notes"])
    assert len(result.as_dict(cells=True)["cells"]) == 9


def test_panel_years_are_independent():
    one = complexity_from_matrix(_nested_table(), NESTED_OPTIONS, year=2001)
    table = pd.concat(
        [
            one.cells[["year", "country", "product", "value"]],
            one.cells[["year", "country", "product", "value"]].assign(
                year=2002, value=lambda f: f["value"] * 7.5
            ),
        ]
    )
    panel = complexity(table, NESTED_OPTIONS)
    assert panel.years == [2001, 2002]
    by_year = panel.countries.pivot(index="country", columns="year", values="eci")
    np.testing.assert_allclose(by_year[2001], by_year[2002])


# -- properties ---------------------------------------------------------------------------

flows = arrays(
    np.float64,
    st.tuples(st.integers(3, 12), st.integers(3, 15)),
    elements=st.one_of(st.just(0.0), st.floats(1.0, 1e6)),
)


@settings(max_examples=60, deadline=None)
@given(flows, st.floats(1e-3, 1e6))
def test_rca_is_invariant_to_scaling_all_flows(x, scale):
    assume(x.sum(axis=1).min() > 0 and x.sum(axis=0).min() > 0)
    np.testing.assert_allclose(rca(x * scale), rca(x), rtol=1e-9)


#: Mostly positive flows (about one cell in ten is zero), so that the presence matrix is
#: rarely degenerate and the property test does not spend its examples on rejected inputs.
dense_flows = arrays(
    np.float64,
    st.tuples(st.integers(4, 12), st.integers(4, 15)),
    elements=st.floats(0.0, 1e6).map(lambda v: 0.0 if v < 1e5 else v),
)


@settings(max_examples=80, deadline=None)
@given(dense_flows)
def test_eci_is_a_zscore_whose_sign_follows_diversity(x):
    assume(x.sum(axis=1).min() > 0 and x.sum(axis=0).min() > 0)
    mcp = presence(rca(x))
    try:
        result = eci_pci(mcp)
    except DegenerateMatrix:
        assume(False)
        return
    eci = result.eci[np.isfinite(result.eci)]
    assert eci.mean() == pytest.approx(0.0, abs=1e-9)
    assert eci.std(ddof=0) == pytest.approx(1.0, rel=1e-9)  # ddof = 0, as py-ecomplexity
    diversity = mcp.sum(axis=1)[np.isfinite(result.eci)]
    assert np.corrcoef(eci, diversity)[0, 1] > 0
    # Growth Lab normalisation: ECI_c is the mean PCI of the products c exports.
    kept = mcp[np.isfinite(result.eci)][:, np.isfinite(result.pci)]
    pci = result.pci[np.isfinite(result.pci)]
    np.testing.assert_allclose(eci, kept @ pci / kept.sum(axis=1), atol=1e-9)


@settings(max_examples=40, deadline=None)
@given(flows, st.integers(1, 2))
def test_density_lies_between_zero_and_one(x, k):
    assume(x.sum(axis=1).min() > 0 and x.sum(axis=0).min() > 0)
    mcp = presence(rca(x))
    phi = proximity(mcp)
    for omega in (density(mcp, phi), density(mcp, phi, knn=k)):
        finite = omega[np.isfinite(omega)]
        assert ((finite >= -1e-12) & (finite <= 1 + 1e-12)).all()


# -- degenerate input ----------------------------------------------------------------------


def test_degenerate_matrix_is_an_analysis_error():
    assert DegenerateMatrix in ALL_ERRORS
    assert DegenerateMatrix("x").code == "degenerate-matrix"


def test_empty_table_raises():
    empty = pd.DataFrame(columns=["year", "country", "product", "value"])
    with pytest.raises(DegenerateMatrix, match="no usable rows"):
        complexity(empty)
    with pytest.raises(DegenerateMatrix, match="empty"):
        eci_pci(np.zeros((0, 0)))


def test_identical_countries_raise():
    same = pd.DataFrame([[1.0, 2.0, 3.0]] * 4, index=list("ABCD"), columns=list("xyz"))
    with pytest.raises(DegenerateMatrix, match="second eigenvalue is zero"):
        complexity_from_matrix(same)


def test_disconnected_network_raises_and_names_a_piece():
    blocks = np.array([[1.0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 1, 1], [0, 0, 0, 1]])
    with pytest.raises(DegenerateMatrix, match="2 pieces") as caught:
        eci_pci(blocks, countries=["AAA", "BBB", "CCC", "DDD"], products=list("wxyz"))
    assert "AAA" in caught.value.message or "CCC" in caught.value.message


def test_repeated_second_eigenvalue_raises():
    cyclic = np.array([[1.0, 1, 0], [0, 1, 1], [1, 0, 1]])
    with pytest.raises(DegenerateMatrix, match="repeated"):
        eci_pci(cyclic)


def test_too_few_countries_raise():
    with pytest.raises(DegenerateMatrix, match="at least 2"):
        complexity_from_matrix(pd.DataFrame([[1.0, 2.0]], index=["A"], columns=["x", "y"]))


def test_unknown_options_are_input_errors():
    for bad in (
        {"cog_method": "book"},
        {"proximity": "cosine"},
        {"presence": "neither"},
        {"threshold": 0},
        {"knn": 0},
    ):
        with pytest.raises(InputError):
            ComplexityOptions(**bad)
    with pytest.raises(InputError, match="needs population"):
        complexity_from_matrix(_nested_table(), ComplexityOptions(presence="both"))
