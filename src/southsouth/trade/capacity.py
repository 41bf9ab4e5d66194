"""Step 8 of the substitution potential: demand split across suppliers within their capacity."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class CapacityAllocation:
    """Step 8: how SP_jk was split across suppliers within their capacity."""

    allocated: np.ndarray
    iterations: int
    converged: bool


def allocate_capacity(
    demand: np.ndarray,
    capacity: np.ndarray,
    edge_demand: np.ndarray,
    edge_supply: np.ndarray,
    weight: np.ndarray,
    *,
    max_iter: int = 500,
    tol: float = 1e-12,
) -> CapacityAllocation:
    """Split each demand across its edges ∝ ``weight`` without exceeding any supply capacity.

    ``demand[d]`` (SP_jk) and ``capacity[s]`` (κ X_ik); edge e links demand ``edge_demand[e]``
    to supply ``edge_supply[e]``. Each round offers the unmet demand to the edges whose
    supply has spare capacity, ∝ weight; a supply offered more than its spare capacity scales
    its offers down to fit exactly and is then full. Stops when nothing is left to move
    (relative ``tol``) or after ``max_iter`` rounds. Returns the amount on every edge.
    """
    demand = np.asarray(demand, dtype=float)
    capacity = np.asarray(capacity, dtype=float)
    weight = np.asarray(weight, dtype=float)
    n_d, n_s = len(demand), len(capacity)
    allocated = np.zeros(len(weight))
    unmet = demand.copy()
    spare = capacity.copy()
    live = np.flatnonzero((weight > 0) & (unmet[edge_demand] > 0) & (spare[edge_supply] > 0))
    rounds = 0
    while live.size and rounds < max_iter:
        rounds += 1
        d, s, w = edge_demand[live], edge_supply[live], weight[live]
        total_w = np.bincount(d, weights=w, minlength=n_d)
        offer = unmet[d] * (w / total_w[d])
        load = np.bincount(s, weights=offer, minlength=n_s)
        full = load > spare
        factor = np.ones(n_s)
        factor[full] = spare[full] / load[full]
        add = offer * factor[s]
        if not add.any():  # what is left is too small to move in floating point
            live = live[:0]
            break
        allocated[live] += add
        unmet = np.maximum(unmet - np.bincount(d, weights=add, minlength=n_d), 0.0)
        spare = np.maximum(spare - np.bincount(s, weights=add, minlength=n_s), 0.0)
        spare[full] = 0.0
        unmet[unmet <= tol * demand] = 0.0
        spare[spare <= tol * capacity] = 0.0
        live = live[(unmet[d] > 0) & (spare[s] > 0)]
    return CapacityAllocation(allocated, rounds, live.size == 0)
