"""Golden tests on the real 2017 country × HS4 exports (the mirror's OTS table, code 9999 dropped).

Oracle: py-ecomplexity 0.5.3, the Growth Lab's own package. Where the definitions coincide
(RCA, Mcp, diversity, ubiquity, ECI, PCI; density, COI and COG with py-ecomplexity's choices:
proximity diagonal kept, Growth Lab COG) the numbers agree within 1e-6. Where southsouth
deliberately differs, the tests rebuild southsouth's number from py-ecomplexity's pieces and
the difference is exactly the documented one (zero diagonal, weighted kNN, the Atlas-book
COG term). Last, our PCI is compared with the Atlas's published 2017 PCI (HS92 headings; the
table is HS07, so only common codes are compared).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from ecomplexity import ecomplexity
from ecomplexity.calc_density import calc_density
from ecomplexity.calc_proximity import calc_discrete_proximity

from southsouth.trade import ComplexityOptions, complexity, density, knn_mask

pytestmark = pytest.mark.golden

TABLE = "trade/country_product/ots_country_hs4_exports_2017.csv"
ORACLE_COLUMNS = {"time": "year", "loc": "country", "prod": "product", "val": "value"}
TOLERANCE = 1e-6
#: Our 2017 PCI against the Atlas's (Pearson, 1,207 common HS4 codes): 0.963 when written.
ATLAS_PCI_MIN_CORRELATION = 0.95
AS_ORACLE = ComplexityOptions(keep_diagonal=True, cog_method="growthlab_code")


@pytest.fixture(scope="module")
def table(mirror: Path) -> pd.DataFrame:
    frame = pd.read_csv(mirror / TABLE, dtype={"product_code": str, "reporter_iso": str})
    frame = frame.rename(
        columns={"reporter_iso": "country", "product_code": "product", "export_value_usd": "value"}
    )
    keep = frame["value"].notna() & (frame["product"] != "9999")
    return frame[keep].reset_index(drop=True)


@pytest.fixture(scope="module")
def oracle(table: pd.DataFrame) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = ecomplexity(table, ORACLE_COLUMNS, check_logsupermodularity=False, verbose=False)
    return out.sort_values(["country", "product"]).reset_index(drop=True)


@pytest.fixture(scope="module")
def ours(table: pd.DataFrame):
    return complexity(table, AS_ORACLE)


@pytest.fixture(scope="module")
def grid(oracle: pd.DataFrame) -> dict[str, np.ndarray]:
    """py-ecomplexity's cell outputs as country × product matrices (sorted labels)."""
    out = {}
    for column in ("mcp", "density", "cog", "pci", "rca"):
        out[column] = oracle.pivot(index="country", columns="product", values=column).to_numpy()
    out["pci"] = out["pci"][0]
    out["phi"] = calc_discrete_proximity(out["mcp"], out["mcp"].sum(axis=0))
    return out


def _cells(result, oracle: pd.DataFrame) -> pd.DataFrame:
    cells = result.cells.astype({"country": str, "product": str})
    joined = cells.merge(oracle, on=["year", "country", "product"], suffixes=("", "_ec"))
    assert len(joined) == len(cells) == len(oracle) == 224 * 1221
    return joined.sort_values(["country", "product"]).reset_index(drop=True)


def _matrix(joined: pd.DataFrame, column: str) -> np.ndarray:
    return joined.pivot(index="country", columns="product", values=column).to_numpy()


def test_the_table_is_the_real_one(ours):
    diagnostics = ours.diagnostics.iloc[0]
    assert (diagnostics["countries"], diagnostics["products"]) == (224, 1221)
    assert diagnostics["lambda_1"] == pytest.approx(1.0)
    assert diagnostics["lambda_2"] == pytest.approx(0.268732, abs=1e-6)
    assert diagnostics["corr_eci_diversity"] == pytest.approx(0.550122, abs=1e-6)
    assert diagnostics["corr_pci_ubiquity"] == pytest.approx(-0.448522, abs=1e-6)
    top = ours.countries.sort_values("eci_rank")["country"].head(3).tolist()
    assert top == ["jpn", "che", "deu"]


@pytest.mark.parametrize(
    ("column", "frame", "key"),
    [
        ("eci", "countries", "country"),
        ("diversity", "countries", "country"),
        ("coi", "countries", "country"),
        ("pci", "products", "product"),
        ("ubiquity", "products", "product"),
    ],
)
def test_country_and_product_values_match_the_oracle(ours, oracle, column, frame, key):
    theirs = oracle.groupby(key)[column].first()
    mine = getattr(ours, frame).astype({key: str}).set_index(key)[column]
    assert len(mine) == len(theirs)
    np.testing.assert_allclose(mine.loc[theirs.index], theirs, rtol=0, atol=TOLERANCE)


@pytest.mark.parametrize("column", ["rca", "mcp", "density", "cog"])
def test_cell_values_match_the_oracle(ours, oracle, column):
    joined = _cells(ours, oracle)
    np.testing.assert_allclose(
        joined[column].astype(float), joined[f"{column}_ec"], rtol=1e-12, atol=TOLERANCE
    )


def test_zero_diagonal_density_differs_exactly_by_the_diagonal(table, oracle, grid):
    # ω with φ_pp = 0 from py-ecomplexity's ω (φ_pp = 1): remove M_cp from the numerator and
    # 1 from the denominator Σ_p′ φ_p′p.
    ours = complexity(table, ComplexityOptions(cog_method="growthlab_code"))
    mine = _matrix(_cells(ours, oracle), "density")
    column = grid["phi"].sum(axis=0)
    rebuilt = (grid["density"] * column - grid["mcp"]) / (column - 1)
    np.testing.assert_allclose(mine, rebuilt, atol=TOLERANCE)
    assert np.abs(mine - grid["density"]).max() > 0.01  # and the difference is not negligible


def test_atlas_book_cog_differs_exactly_by_its_terms(table, oracle, grid, ours):
    # py-ecomplexity: (1−M_cp) Σ_p′ w_p′p (1−M_cp′) K_p′/σ(K_c), w = φ / row sum. The Atlas
    # book uses PCI = K_p/σ − μ/σ and subtracts (1 − d_cp)·PCI_p = ω_cp·PCI_p.
    book = complexity(table, ComplexityOptions(keep_diagonal=True, cog_method="atlas_book"))
    mine = _matrix(_cells(book, oracle), "cog")
    m, phi, pci = grid["mcp"], grid["phi"], grid["pci"]
    diagnostics = ours.diagnostics.iloc[0]
    shift = diagnostics["eci_raw_mean"] / diagnostics["eci_raw_sd"]
    weights = phi / phi.sum(axis=1)[:, None]
    rebuilt = (
        grid["cog"]
        - (1 - m) * shift * ((1 - m) @ weights)
        - (1 - m) * grid["density"] * pci[None, :]
    )
    np.testing.assert_allclose(mine, rebuilt, atol=TOLERANCE)


def test_knn_density_weights_neighbours_where_the_oracle_counts_them(grid):
    # py-ecomplexity's kNN density (issue #35) sums M over the k nearest products, unweighted
    # and unnormalised; southsouth averages them weighted by φ. Compared on the products
    # whose k-th and (k+1)-th neighbours are not tied (tie order is arbitrary in sklearn).
    k = 10
    m, phi = grid["mcp"], grid["phi"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = calc_density(m, phi, knn=k)
    mask = knn_mask(phi, k)
    off = np.where(np.eye(len(phi), dtype=bool), -np.inf, phi)
    ranked = -np.sort(-off, axis=0)
    clear = (ranked[k - 1] > ranked[k]) & (ranked[0] < 1)
    assert clear.sum() > 300
    np.testing.assert_allclose(theirs[:, clear], (m @ mask)[:, clear], atol=TOLERANCE)
    kept = np.where(mask, phi, 0.0)
    weighted = m @ kept / kept.sum(axis=0)
    np.testing.assert_allclose(density(m, phi, knn=k), weighted, atol=1e-12)
    assert np.abs(theirs - weighted).max() > 1  # counts, not shares


def test_pci_correlates_with_the_atlas_published_pci(full_warehouse, table):
    ours = complexity(table)  # southsouth defaults; ECI/PCI do not depend on the diagonal
    atlas = full_warehouse.query(
        "SELECT product, value AS atlas_pci FROM product_metric WHERE metric = 'pci' "
        "AND classification = 'ATLAS-HS92' AND year = 2017"
    )
    joined = ours.products.astype({"product": str}).merge(atlas, on="product")
    assert len(joined) >= 1200
    correlation = np.corrcoef(joined["pci"], joined["atlas_pci"])[0, 1]
    assert correlation >= ATLAS_PCI_MIN_CORRELATION
