"""Steps 3–7 of the substitution potential as NumPy arrays (methods §7).

From the engine's aggregates (:class:`~southsouth.trade.substitution_aggregates.Aggregates`):
ease B_ij = actual / hypothetical trade (the hypothetical Σ_k s_ik M_jk is a matrix product),
the factor e_ij(λ) = max(B_ij, B_ij^λ), potential Southern supply V^S_jk, untapped potential
U_jk and SP_jk, with the (supplier, importer × product) edges and supplier capacities that step
8 allocates over. :func:`engine_to_steps` puts the engine's own steps 3–7 in the same arrays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from southsouth.trade.products import in_products
from southsouth.trade.substitution_aggregates import Aggregates
from southsouth.trade.substitution_options import SubstitutionOptions

#: Columns of the importer × product rows after step 7.
STEP_COLUMNS = [
    "importer",
    "product",
    "m",
    "m_north",
    "m_south",
    "capable_suppliers",
    "v_south",
    "u",
    "sp",
]


@dataclass(frozen=True)
class Steps:
    """Steps 3–7 on index arrays: (importer, product) rows, edges, capacities, ease."""

    jk: pd.DataFrame
    products: list[str]
    edge_supplier: np.ndarray
    edge_row: np.ndarray
    edge_product: np.ndarray
    edge_weight: np.ndarray
    capacity: np.ndarray
    ease: pd.DataFrame


def dense_matrix(
    frame: pd.DataFrame, rows: pd.Index, cols: pd.Index, row: str, col: str, value: str
) -> np.ndarray:
    """``frame[value]`` as a rows × cols matrix (codes outside the indexes left out; else 0)."""
    out = np.zeros((len(rows), len(cols)))
    r = rows.get_indexer(frame[row].astype(str))
    c = cols.get_indexer(frame[col].astype(str))
    ok = (r >= 0) & (c >= 0)
    out[r[ok], c[ok]] = frame[value].to_numpy(dtype=float)[ok]
    return out


def _products_of(agg: Aggregates) -> list[str]:
    codes = set(agg.imports["product"].astype(str)) | set(agg.supply["product"].astype(str))
    return sorted(codes)


def numpy_steps(agg: Aggregates, south: list[str], options: SubstitutionOptions) -> Steps:
    """Steps 3–7 from the aggregates, in NumPy."""
    s_index = pd.Index(south)
    products = _products_of(agg)
    p_index = pd.Index(products)
    supply = agg.supply[agg.supply["exporter"].astype(str).isin(south)]
    share = dense_matrix(supply, s_index, p_index, "exporter", "product", "share")
    rca = dense_matrix(supply, s_index, p_index, "exporter", "product", "rca")
    imports = dense_matrix(agg.imports, s_index, p_index, "importer", "product", "m")
    actual = dense_matrix(agg.actual, s_index, s_index, "exporter", "importer", "actual")
    hyp = share @ imports.T
    np.fill_diagonal(hyp, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ease_m = np.where(hyp > 0, actual / hyp, np.nan)
    if options.lam == 1.0:
        factor = ease_m
    elif options.lam == 0.0:
        factor = np.maximum(ease_m, 1.0)
    else:
        factor = np.maximum(ease_m, ease_m**options.lam)
    factor = np.where(hyp > 0, factor, 0.0)

    in_set = in_products(pd.Series(products, dtype=object), options.products).to_numpy()
    capable = (rca >= options.rca_threshold) & (share > 0) & in_set[None, :]
    weights = np.where(capable, share, 0.0)
    sum_w = factor.T @ weights  # (importer j, product k): Σ_i e_ij s_ik over capable i ≠ j
    n_capable = capable.sum(axis=0)[None, :] - capable  # i ≠ j (capable[j] is j as exporter)

    jk = agg.imports[in_products(agg.imports["product"].astype(str), options.products)]
    jk = jk.assign(importer=jk["importer"].astype(str), product=jk["product"].astype(str))
    jk = jk.sort_values(["importer", "product"], kind="stable").reset_index(drop=True)
    j = s_index.get_indexer(jk["importer"])
    k = p_index.get_indexer(jk["product"])
    jk["capable_suppliers"] = n_capable[j, k].astype("int64")
    jk["v_south"] = jk["m"].to_numpy() * sum_w[j, k]
    jk["u"] = np.maximum(jk["v_south"] - jk["m_south"], 0.0)
    jk["sp"] = np.minimum(jk["u"], jk["m_north"])

    # Edges (supplier i, row of (j, k)) for rows with SP > 0.
    rows = np.flatnonzero(jk["sp"].to_numpy() > 0)
    cap_csc = [np.flatnonzero(capable[:, c]) for c in range(len(products))]
    counts = np.array([len(x) for x in cap_csc], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(counts)])
    flat = np.concatenate(cap_csc) if cap_csc else np.empty(0, dtype=np.int64)
    rep = counts[k[rows]]
    edge_row = np.repeat(rows, rep)
    first = np.repeat(starts[k[rows]], rep)
    within = np.arange(len(edge_row)) - np.repeat(np.cumsum(rep) - rep, rep)
    edge_supplier = flat[first + within].astype(np.int64)
    edge_product = k[edge_row]
    own = edge_supplier != j[edge_row]
    edge_row, edge_supplier, edge_product = edge_row[own], edge_supplier[own], edge_product[own]
    edge_weight = share[edge_supplier, edge_product] * factor[edge_supplier, j[edge_row]]

    capacity = np.where(
        capable,
        options.kappa * dense_matrix(supply, s_index, p_index, "exporter", "product", "xik"),
        0.0,
    ).ravel()
    pairs = np.argwhere(hyp > 0)
    ease = pd.DataFrame(
        {
            "exporter": s_index.to_numpy()[pairs[:, 0]],
            "importer": s_index.to_numpy()[pairs[:, 1]],
            "actual": actual[pairs[:, 0], pairs[:, 1]],
            "hypothetical": hyp[pairs[:, 0], pairs[:, 1]],
            "ease": ease_m[pairs[:, 0], pairs[:, 1]],
        }
    )
    return Steps(
        jk=jk[STEP_COLUMNS],
        products=products,
        edge_supplier=edge_supplier,
        edge_row=edge_row,
        edge_product=edge_product,
        edge_weight=edge_weight,
        capacity=capacity,
        ease=ease,
    )


def _index_in(values: pa.ChunkedArray | pa.Array, universe: Sequence[str]) -> np.ndarray:
    found = pc.index_in(values, value_set=pa.array(list(universe), type=pa.string()))
    return np.asarray(found.to_numpy(zero_copy_only=False), dtype=np.int64)


def engine_to_steps(agg: Aggregates, south: list[str], options: SubstitutionOptions) -> Steps:
    """The engine's steps 3–7 as the same index arrays as :func:`numpy_steps`."""
    assert agg.engine_jk is not None and agg.engine_edges is not None
    products = _products_of(agg)
    jk = agg.engine_jk.assign(
        importer=agg.engine_jk["importer"].astype(str),
        product=agg.engine_jk["product"].astype(str),
        capable_suppliers=agg.engine_jk["capable_suppliers"].astype("int64"),
    )
    jk = jk.sort_values(["importer", "product"], kind="stable").reset_index(drop=True)
    n_s, n_p = len(south), len(products)
    row_of = np.full(n_s * n_p, -1, dtype=np.int64)
    row_of[
        pd.Index(south).get_indexer(jk["importer"]) * n_p
        + pd.Index(products).get_indexer(jk["product"])
    ] = np.arange(len(jk))
    e = agg.engine_edges
    supplier = _index_in(e["exporter"], south)
    product = _index_in(e["product"], products)
    row = row_of[_index_in(e["importer"], south) * n_p + product]
    supply = agg.supply[agg.supply["exporter"].astype(str).isin(south)]
    in_set = in_products(supply["product"].astype(str), options.products)
    capable = supply[(supply["rca"] >= options.rca_threshold) & in_set]
    capacity = dense_matrix(
        capable.assign(capacity=capable["xik"] * options.kappa),
        pd.Index(south),
        pd.Index(products),
        "exporter",
        "product",
        "capacity",
    ).ravel()
    return Steps(
        jk=jk[STEP_COLUMNS],
        products=products,
        edge_supplier=supplier,
        edge_row=row,
        edge_product=product,
        edge_weight=np.asarray(e["w"].to_numpy(), dtype=float),
        capacity=capacity,
        ease=agg.engine_ease.assign(
            exporter=agg.engine_ease["exporter"].astype(str),
            importer=agg.engine_ease["importer"].astype(str),
        ),
    )
