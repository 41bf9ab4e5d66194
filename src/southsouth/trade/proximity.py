"""Product proximity, density, distance, complexity outlook (COI) and outlook gain (COG).

Pure NumPy functions over one year's matrices (rows countries, columns products); methods
§6. Deliberate differences from py-ecomplexity, each behind an explicit switch:

* the proximity diagonal is 0 when it feeds density and COG (``diagonal=False``; py-ecomplexity
  keeps φ_pp = 1, its issue #38);
* the kNN density keeps the k largest φ_p′p (p′ ≠ p) of every product and weights them by φ,
  renormalised (py-ecomplexity counts the neighbours' M unweighted, its issue #35);
* COG can follow the Atlas book (with the −(1 − d_cp)·PCI_p term) or the Growth Lab code.

Zero denominators: a product related to no other product (Σ_p′ φ_p′p = 0) has no density
(NaN); in COG its weights φ_pp′ / Σ φ are 0/0 with a zero numerator and count as 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

import numpy as np
from scipy import sparse

from southsouth.errors import InputError

ProximityMethod = Literal["min", "sqrt", "continuous"]
PROXIMITY_METHODS: tuple[str, ...] = ("min", "sqrt", "continuous")
CogMethod = Literal["atlas_book", "growthlab_code"]
COG_METHODS: tuple[str, ...] = ("atlas_book", "growthlab_code")
#: 0/1 matrices with fewer ones than this share are multiplied as sparse matrices. Trade
#: matrices (about 10 % ones) multiply faster as dense BLAS at these sizes (measured: 224 ×
#: 1,221 by 1,221 × 1,221 takes 10 ms dense against 20 ms sparse), so only very sparse ones
#: go sparse.
SPARSE_SHARE = 0.02
#: Products per block of :func:`density` (memory: products × block floats per array).
DENSITY_BLOCK = 1024


def _operand(mcp: np.ndarray) -> np.ndarray | sparse.csr_array:
    """M as a sparse matrix when mostly zeros (trade data: ~10 % ones), else as it is."""
    m = np.asarray(mcp, dtype=float)
    return sparse.csr_array(m) if m.size and (m != 0).mean() < SPARSE_SHARE else m


def proximity(
    mcp: np.ndarray,
    *,
    method: ProximityMethod = "min",
    rca: np.ndarray | None = None,
    diagonal: bool = False,
) -> np.ndarray:
    """φ (products × products, symmetric).

    ``min``: Σ_c M_cp M_cp′ / max(k_p, k_p′) (the smaller conditional probability);
    ``sqrt``: Σ_c M_cp M_cp′ / √(k_p k_p′); ``continuous``: (1 + corr_c(RCA_cp, RCA_cp′)) / 2
    (needs ``rca``, no NaN). Pairs with a product nobody exports (k = 0) have φ = 0. The
    diagonal is 0 unless ``diagonal`` (then 1 for products someone exports).
    """
    if method not in PROXIMITY_METHODS:
        raise InputError(
            f"unknown proximity method {method!r}",
            hint=f"use one of {', '.join(PROXIMITY_METHODS)}",
        )
    m = np.asarray(mcp, dtype=float)
    if method == "continuous":
        if rca is None or not np.isfinite(rca).all():
            raise InputError(
                "continuous proximity needs a finite RCA matrix",
                hint="drop countries and products without exports first",
            )
        with np.errstate(invalid="ignore", divide="ignore"):
            phi = (1.0 + np.corrcoef(np.asarray(rca, dtype=float), rowvar=False)) / 2.0
        phi = np.nan_to_num(phi, nan=0.0)
    else:
        together = m.T @ m  # dense BLAS beats sparse × sparse for this dense result
        k = m.sum(axis=0)
        denominator = np.maximum.outer(k, k) if method == "min" else np.sqrt(np.outer(k, k))
        with np.errstate(invalid="ignore", divide="ignore"):
            phi = np.where(denominator > 0, together / denominator, 0.0)
    ubiquitous = m.sum(axis=0) > 0 if method != "continuous" else np.ones(m.shape[1], bool)
    np.fill_diagonal(phi, np.where(diagonal & ubiquitous, 1.0, 0.0))
    return phi


def knn_mask(phi: np.ndarray, k: int) -> np.ndarray:
    """Boolean mask keeping, for every product p (column), its k largest φ_p′p with p′ ≠ p.

    Ties at the k-th place go to the product that comes first in the matrix (a stable rule).
    """
    n = phi.shape[0]
    if not 1 <= k < n:
        raise InputError(f"kNN needs 1 ≤ k < {n} products, not {k}", hint="choose a smaller k")
    ranked = np.array(phi, dtype=float, copy=True)
    np.fill_diagonal(ranked, -np.inf)
    order = np.argsort(-ranked, axis=0, kind="stable")[:k]
    mask = np.zeros_like(ranked, dtype=bool)
    np.put_along_axis(mask, order, True, axis=0)
    return mask


def _min_proximity_columns(
    counts: np.ndarray, ubiquity: np.ndarray, columns: np.ndarray
) -> np.ndarray:
    """φ[:, columns] of the ``min`` method with a zero diagonal, from 0/1 M in float32."""
    # Co-export counts are exact in float32 (fewer than 2^24 countries).
    phi = (counts.T @ counts[:, columns]).astype(float)
    denominator = np.maximum(ubiquity[:, None], ubiquity[columns][None, :])
    np.divide(phi, denominator, out=phi, where=denominator > 0)
    phi[denominator == 0] = 0.0
    phi[columns, np.arange(len(columns))] = 0.0
    return phi


def density(
    mcp: np.ndarray,
    phi: np.ndarray | None = None,
    *,
    knn: int | None = None,
    columns: np.ndarray | Sequence[int] | None = None,
    block: int = DENSITY_BLOCK,
) -> np.ndarray:
    """ω_cp = Σ_p′ M_cp′ φ_p′p / Σ_p′ φ_p′p (kNN: over the k nearest p′ only); NaN if Σ φ = 0.

    ``columns``: the products wanted, in that order (default all). ``phi`` None: the ``min``
    proximity of the 0/1 ``mcp`` with a zero diagonal (as :func:`proximity`), built ``block``
    products at a time and never whole, so memory stays at products × ``block``; a given
    ``phi`` (or one needed whole for ``knn``) is used in one piece.
    """
    m = np.asarray(mcp, dtype=float)
    wanted = np.arange(m.shape[1]) if columns is None else np.asarray(columns, dtype=np.int64)
    if phi is None and knn is not None:
        phi = proximity(m)
    if phi is None:
        counts, ubiquity = m.astype(np.float32), m.sum(axis=0)
        chunks = [wanted[lo : lo + block] for lo in range(0, len(wanted), block)]
        parts: Iterable[np.ndarray] = (
            _min_proximity_columns(counts, ubiquity, cols) for cols in chunks
        )
    else:
        weights = np.asarray(phi, dtype=float)
        if knn is not None:
            weights = np.where(knn_mask(weights, knn), weights, 0.0)
        parts = [weights if columns is None else weights[:, wanted]]
    operand = _operand(m)
    out = np.empty((m.shape[0], len(wanted)))
    done = 0
    for part in parts:
        column = part.sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            normalised = np.where(column > 0, part / column, 0.0)
        omega = np.asarray(operand @ normalised)
        omega[:, column <= 0] = np.nan
        out[:, done : done + part.shape[1]] = omega
        done += part.shape[1]
    return out


def distance(density_matrix: np.ndarray) -> np.ndarray:
    """d_cp = 1 − ω_cp."""
    return 1.0 - density_matrix


def outlook_index(density_matrix: np.ndarray, mcp: np.ndarray, pci: np.ndarray) -> np.ndarray:
    """Raw COI_c = Σ_p ω_cp (1 − M_cp) PCI_p over products with a PCI and a density.

    Not z-scored (``complexity`` z-scores it across countries). A country with no term has NaN.
    """
    terms = density_matrix * (1.0 - mcp) * pci[None, :]
    usable = np.isfinite(terms)
    out = np.where(usable, terms, 0.0).sum(axis=1)
    out[~usable.any(axis=1)] = np.nan
    return out


def outlook_gain(
    mcp: np.ndarray,
    phi: np.ndarray,
    pci: np.ndarray,
    density_matrix: np.ndarray,
    *,
    method: CogMethod = "atlas_book",
) -> np.ndarray:
    """COG_cp for products not yet exported (0 where M_cp = 1).

    ``atlas_book``: (1 − M_cp)[Σ_p′ φ_pp′ / Σ_p″ φ_p″p′ (1 − M_cp′) PCI_p′ − (1 − d_cp) PCI_p];
    ``growthlab_code``: (1 − M_cp) Σ_p′ (1 − M_cp′) φ_p′p PCI_p′ / Σ_q φ_p′q (the caller passes
    the PCI scale it wants, e.g. the raw eigenvector / σ(K_c) to match py-ecomplexity).
    Products without a PCI contribute nothing to the sum and have NaN COG themselves; under
    ``atlas_book`` so do cells without a density.
    """
    if method not in COG_METHODS:
        raise InputError(
            f"unknown COG method {method!r}", hint=f"use one of {', '.join(COG_METHODS)}"
        )
    m = np.asarray(mcp, dtype=float)
    weights = np.asarray(phi, dtype=float)
    row = weights.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        scaled_pci = np.where(row > 0, np.nan_to_num(pci) / row, 0.0)
    weighted = weights * scaled_pci[:, None]
    gain = weighted.sum(axis=0)[None, :] - np.asarray(_operand(m) @ weighted)  # (1 − M) @ W
    if method == "atlas_book":
        gain = gain - density_matrix * pci[None, :]
    gain = (1.0 - m) * gain
    gain[:, ~np.isfinite(pci)] = np.nan
    return gain
