"""Revealed comparative advantage (Balassa RCA, RPOP), presence Mcp, diversity and ubiquity.

Pure functions over a country × product matrix of export values (rows countries, columns
products), given as a NumPy array or a DataFrame (labels are kept). METHODS.md §1:

* RCA_cp = (X_cp / Σ_p X_cp) / (Σ_c X_cp / Σ_c Σ_p X_cp)
* RPOP_cp = (X_cp / pop_c) / (Σ_c X_cp / Σ_c pop_c)
* M_cp = 1[RCA_cp ≥ θ]; rule "both": 1[RCA_cp ≥ θ] OR 1[RPOP_cp ≥ θ′]
* diversity k_c,0 = Σ_p M_cp; ubiquity k_p,0 = Σ_c M_cp

A country (row) or product (column) whose exports sum to zero has no RCA: its values are NaN,
never zero, and its presence is 0. Callers that want the Growth Lab convention drop such rows
and columns first (``complexity`` does).
"""

from __future__ import annotations

from typing import Literal, TypeVar

import numpy as np
import pandas as pd

from southsouth.errors import InputError

Matrix = TypeVar("Matrix", np.ndarray, pd.DataFrame)
PresenceRule = Literal["rca", "rpop", "both"]
PRESENCE_RULES: tuple[str, ...] = ("rca", "rpop", "both")


def _values(matrix: np.ndarray | pd.DataFrame) -> np.ndarray:
    values = matrix.to_numpy(dtype=float) if isinstance(matrix, pd.DataFrame) else matrix
    values = np.asarray(values, dtype=float)
    if values.ndim != 2:
        raise InputError(
            f"a country × product matrix has 2 dimensions, not {values.ndim}",
            hint="pivot the long table to countries × products first",
        )
    return values


def _like(template: Matrix, values: np.ndarray) -> Matrix:
    if isinstance(template, pd.DataFrame):
        return pd.DataFrame(values, index=template.index, columns=template.columns)
    return values


def _check_flows(values: np.ndarray) -> None:
    if not np.isfinite(values).all() or (values < 0).any():
        raise InputError(
            "export values must be finite and non-negative",
            hint="clean the table with southsouth.trade.country_product.clean_flows first",
        )


def rca(matrix: Matrix) -> Matrix:
    """Balassa RCA of every cell; NaN in rows or columns whose exports sum to zero."""
    values = _values(matrix)
    _check_flows(values)
    row = values.sum(axis=1, keepdims=True)
    col = values.sum(axis=0, keepdims=True)
    total = values.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        out = (values / row) / (col / total)
    out[(row == 0).ravel(), :] = np.nan
    out[:, (col == 0).ravel()] = np.nan
    return _like(matrix, out)


def rpop(matrix: Matrix, population: np.ndarray | pd.Series) -> Matrix:
    """RPOP: exports per person relative to the world's; ``population`` aligned with the rows.

    The world population is the sum over the matrix's countries. Every country needs a
    positive population (InputError otherwise); products nobody exports give NaN.
    """
    values = _values(matrix)
    _check_flows(values)
    if isinstance(population, pd.Series) and isinstance(matrix, pd.DataFrame):
        population = population.reindex(matrix.index)
    pop = np.asarray(population, dtype=float).reshape(-1)
    if pop.shape[0] != values.shape[0]:
        raise InputError(
            f"{pop.shape[0]} population values for {values.shape[0]} countries",
            hint="give one population per row of the matrix",
        )
    if not (np.isfinite(pop) & (pop > 0)).all():
        raise InputError(
            "RPOP needs a positive population for every country",
            hint="drop countries without population data first",
        )
    col = values.sum(axis=0, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = (values / pop[:, None]) / (col / pop.sum())
    out[:, (col == 0).ravel()] = np.nan
    return _like(matrix, out)


def presence(
    rca_matrix: Matrix,
    threshold: float = 1.0,
    *,
    rpop_matrix: np.ndarray | pd.DataFrame | None = None,
    rpop_threshold: float = 1.0,
    rule: PresenceRule = "rca",
) -> Matrix:
    """M_cp (0/1 floats): RCA ≥ θ, RPOP ≥ θ′, or either ("both"); NaN indices count as 0."""
    if rule not in PRESENCE_RULES:
        raise InputError(
            f"unknown presence rule {rule!r}", hint=f"use one of {', '.join(PRESENCE_RULES)}"
        )
    if rule != "rca" and rpop_matrix is None:
        raise InputError(f"presence rule {rule!r} needs RPOP", hint="pass rpop_matrix")
    with np.errstate(invalid="ignore"):
        by_rca = _values(rca_matrix) >= threshold
        by_rpop = (
            _values(rpop_matrix) >= rpop_threshold
            if rpop_matrix is not None
            else np.zeros_like(by_rca)
        )
    chosen = {"rca": by_rca, "rpop": by_rpop, "both": by_rca | by_rpop}[rule]
    return _like(rca_matrix, chosen.astype(float))


def diversity(mcp: np.ndarray | pd.DataFrame) -> np.ndarray | pd.Series:
    """k_c,0: number of products each country exports with M_cp = 1."""
    out = _values(mcp).sum(axis=1)
    return (
        pd.Series(out, index=mcp.index, name="diversity") if isinstance(mcp, pd.DataFrame) else out
    )


def ubiquity(mcp: np.ndarray | pd.DataFrame) -> np.ndarray | pd.Series:
    """k_p,0: number of countries exporting each product with M_cp = 1."""
    out = _values(mcp).sum(axis=0)
    return (
        pd.Series(out, index=mcp.columns, name="ubiquity") if isinstance(mcp, pd.DataFrame) else out
    )
