"""The coalition finder: small plurilateral groups for a pillar objective.

For an objective (:mod:`southsouth.relations.objectives`: each candidate's strength s_id and
gap g_id on dimensions d with weights ω_d) and a candidate set (a Global South definition,
a bloc or a list), the finder returns the ``top`` best coalitions C of ``size`` k that

* maximise **complementarity** — how much members' strengths meet other members' gaps:
  F(C) = Σ_{i≠j ∈ C} Σ_d ω_d · s_id · g_jd (each ordered pair: i provides, j receives),
  plus a small tie-breaker λ · Σ_{i<j ∈ C} readiness_ij / 100 (λ = 0.01 by default), so
  that among near-equal coalitions the readier one wins;
* have **no pair at or above the tension threshold** (:mod:`southsouth.relations.tensions`);
* share a **pathway**: one bloc or forum (today's full memberships) to which every member
  belongs, G77 and NAM left out as they are the whole Global South, not a plurilateral
  venue.

Every member's contribution is shown: ``provides`` = Σ_j Σ_d ω_d s_id g_jd and
``receives`` = Σ_j Σ_d ω_d s_jd g_id (each sums to F over the members), with the flows
behind them, every pair's tension and readiness, and every shared pathway. The search is
:mod:`southsouth.relations.solver` (exact branch and bound up to k = 8, a documented
heuristic above).
"""

from __future__ import annotations

import time
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from southsouth.errors import InputError
from southsouth.group_grammar import DEFAULT_GROUP
from southsouth.indicators.framework import Framework, load_framework
from southsouth.indicators.matrix import latest_values
from southsouth.jsonable import records
from southsouth.registry import group_countries
from southsouth.relations.objectives import Objective, get_objective, profiles, resolve
from southsouth.relations.readiness import ReadinessWeights, pair_scores
from southsouth.relations.solver import Problem, Solution, check_method, solutions
from southsouth.relations.tensions import (
    MONADIC,
    REQUIRED,
    RelationData,
    TensionOptions,
    load_relation_data,
    provenance,
)
from southsouth.warehouse.store import Warehouse

READINESS_WEIGHT = 0.01


class CoalitionSizeError(InputError):
    """The coalition size cannot be met by the candidate set."""

    code = "invalid-coalition-size"


def pathway_sets(
    memberships: pd.DataFrame, candidates: Collection[str], *, universal: Collection[str]
) -> dict[str, tuple[str, ...]]:
    """Bloc → its members among ``candidates`` (blocs in ``universal`` left out)."""
    wanted = set(candidates)
    rows = memberships[memberships["iso3"].isin(wanted) & ~memberships["bloc_id"].isin(universal)]
    return {
        str(bloc): tuple(sorted(set(group["iso3"])))
        for bloc, group in rows.groupby("bloc_id")
        if group["iso3"].nunique() >= 2
    }


def complementarity_matrix(
    strengths: np.ndarray, gaps: np.ndarray, weights: np.ndarray
) -> np.ndarray:
    """Directed matrix D[i, j] = Σ_d ω_d s_id g_jd (i provides to j); zero diagonal."""
    flows = (strengths * weights) @ gaps.T
    np.fill_diagonal(flows, 0.0)
    return flows


def build_problem(
    items: Sequence[str],
    strengths: np.ndarray,
    gaps: np.ndarray,
    weights: np.ndarray,
    pairs: pd.DataFrame,
    pathways: Mapping[str, Collection[str]],
    size: int,
    *,
    threshold: float,
    readiness_weight: float = READINESS_WEIGHT,
) -> Problem:
    """The solver's problem: pair weights, conflicts (tension ≥ threshold) and pathways.

    ``pairs`` has columns a, b, tension and readiness (0–100) for pairs of ``items``; a pair
    missing from it counts as tension 0 and readiness 0.
    """
    position = {code: i for i, code in enumerate(items)}
    n = len(items)
    tension = np.zeros((n, n))
    readiness = np.zeros((n, n))
    known = pairs[pairs["a"].isin(position) & pairs["b"].isin(position)]
    ia = known["a"].map(position).to_numpy(dtype=int)
    ib = known["b"].map(position).to_numpy(dtype=int)
    tension[ia, ib] = tension[ib, ia] = known["tension"].to_numpy(dtype=float)
    ready = np.nan_to_num(known["readiness"].to_numpy(dtype=float)) / 100.0
    readiness[ia, ib] = readiness[ib, ia] = ready
    flows = complementarity_matrix(strengths, gaps, weights)
    pair_weights = flows + flows.T + readiness_weight * readiness
    np.fill_diagonal(pair_weights, 0.0)
    conflicts = tension >= threshold
    np.fill_diagonal(conflicts, False)
    groups = {
        name: tuple(sorted(position[c] for c in members if c in position))
        for name, members in pathways.items()
    }
    return Problem(tuple(items), pair_weights, conflicts, groups, size)


@dataclass(frozen=True, eq=False)
class Coalition:
    """One coalition and why it scores what it does."""

    rank: int
    members: tuple[str, ...]
    names: tuple[str, ...]
    score: float
    complementarity: float
    readiness_bonus: float
    mean_readiness: float
    min_readiness: float
    max_tension: float
    pathways: tuple[str, ...]
    contributions: pd.DataFrame
    pairs: pd.DataFrame
    flows: pd.DataFrame

    def as_dict(self) -> dict[str, Any]:
        """The coalition as JSON-ready data."""
        return {
            "rank": self.rank,
            "members": list(self.members),
            "names": list(self.names),
            "score": round(self.score, 6),
            "complementarity": round(self.complementarity, 6),
            "readiness_bonus": round(self.readiness_bonus, 6),
            "mean_readiness": round(self.mean_readiness, 1),
            "min_readiness": round(self.min_readiness, 1),
            "max_tension": round(self.max_tension, 4),
            "pathways": list(self.pathways),
            "contributions": records(self.contributions),
            "pairs": records(self.pairs),
            "flows": records(self.flows),
        }


@dataclass(frozen=True, eq=False)
class CoalitionResult:
    """The best coalitions for an objective within a candidate set, with their explanation."""

    objective: Objective
    group: str
    size: int
    top: int
    method: str
    threshold: float
    readiness_weight: float
    as_of: date
    candidates: tuple[str, ...]
    excluded: pd.DataFrame
    coalitions: tuple[Coalition, ...]
    profiles: pd.DataFrame
    elapsed_s: float
    sources: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    notes: tuple[str, ...] = field(default_factory=tuple)

    def table(self) -> pd.DataFrame:
        """One row per coalition: rank, members, score and its parts, pathways."""
        return pd.DataFrame(
            [
                {
                    "rank": c.rank,
                    "members": ", ".join(c.members),
                    "score": c.score,
                    "complementarity": c.complementarity,
                    "readiness_bonus": c.readiness_bonus,
                    "mean_readiness": c.mean_readiness,
                    "min_readiness": c.min_readiness,
                    "max_tension": c.max_tension,
                    "pathways": ", ".join(c.pathways),
                }
                for c in self.coalitions
            ],
            columns=[
                "rank",
                "members",
                "score",
                "complementarity",
                "readiness_bonus",
                "mean_readiness",
                "min_readiness",
                "max_tension",
                "pathways",
            ],
        )

    def as_dict(self) -> dict[str, Any]:
        """Everything as JSON-ready data."""
        o = self.objective
        return {
            "objective": {
                "id": o.id,
                "name": o.name,
                "pillar": o.pillar,
                "strength": o.strength,
                "gap": o.gap,
                "dimensions": [d.indicator for d in o.dimensions],
                "note": o.note,
            },
            "group": self.group,
            "size": self.size,
            "top": self.top,
            "method": self.method,
            "tension_threshold": self.threshold,
            "readiness_weight": self.readiness_weight,
            "as_of": self.as_of.isoformat(),
            "candidates": list(self.candidates),
            "excluded": records(self.excluded),
            "coalitions": [c.as_dict() for c in self.coalitions],
            "elapsed_s": round(self.elapsed_s, 3),
            "sources": list(self.sources),
            "notes": list(self.notes),
        }


def explain(
    problem: Problem,
    solution: Solution,
    rank: int,
    table: pd.DataFrame,
    dimensions: Sequence[str],
    weights: np.ndarray,
    pairs: pd.DataFrame,
    names: Mapping[str, str],
    *,
    readiness_weight: float,
) -> Coalition:
    """A :class:`Coalition` with per-member contributions, flows and pair table."""
    members = [problem.items[i] for i in solution.members]
    rows = table.set_index("iso3").loc[members]
    s = rows[[f"{d}_strength" for d in dimensions]].to_numpy()
    g = rows[[f"{d}_gap" for d in dimensions]].to_numpy()
    flows = []
    for i, giver in enumerate(members):
        for j, taker in enumerate(members):
            if i == j:
                continue
            for k, dim in enumerate(dimensions):
                amount = float(weights[k] * s[i, k] * g[j, k])
                if amount > 0:
                    flows.append(
                        {"provider": giver, "receiver": taker, "dimension": dim, "flow": amount}
                    )
    flow_frame = pd.DataFrame(flows, columns=["provider", "receiver", "dimension", "flow"])
    provides = flow_frame.groupby("provider")["flow"].sum()
    receives = flow_frame.groupby("receiver")["flow"].sum()
    contributions = pd.DataFrame(
        {
            "iso3": members,
            "name": [names.get(m, m) for m in members],
            "strength": rows["strength"].to_numpy(),
            "gap": rows["gap"].to_numpy(),
            "provides": [float(provides.get(m, 0.0)) for m in members],
            "receives": [float(receives.get(m, 0.0)) for m in members],
        }
    )
    for dim in dimensions:
        contributions[dim] = rows[dim].to_numpy()
        contributions[f"{dim}_year"] = rows[f"{dim}_year"].to_numpy()
    wanted = set(members)
    own = pairs[pairs["a"].isin(wanted) & pairs["b"].isin(wanted)]
    pair_frame = own[["a", "b", "tension", "tension_label", "drivers", "readiness"]].copy()
    complementarity = float(flow_frame["flow"].sum())
    mean_ready = float(pair_frame["readiness"].mean())
    bonus = readiness_weight * float(np.nan_to_num(pair_frame["readiness"]).sum()) / 100.0
    return Coalition(
        rank=rank,
        members=tuple(members),
        names=tuple(names.get(m, m) for m in members),
        score=solution.score,
        complementarity=complementarity,
        readiness_bonus=bonus,
        mean_readiness=mean_ready,
        min_readiness=float(pair_frame["readiness"].min()),
        max_tension=float(pair_frame["tension"].max()),
        pathways=solution.pathways,
        contributions=contributions,
        pairs=pair_frame.reset_index(drop=True),
        flows=flow_frame,
    )


@dataclass(frozen=True, eq=False)
class PreparedProblem:
    """The solver's problem with the tables needed to explain its answers."""

    problem: Problem
    profiles: pd.DataFrame
    excluded: pd.DataFrame
    pairs: pd.DataFrame
    dimensions: tuple[str, ...]
    dimension_weights: np.ndarray


def prepare(
    data: RelationData,
    latest: pd.DataFrame,
    objective: Objective,
    candidates: Sequence[str],
    *,
    group: str,
    size: int,
    options: TensionOptions | None = None,
    weights: ReadinessWeights | None = None,
    readiness_weight: float = READINESS_WEIGHT,
    framework: Framework | None = None,
    demand: pd.Series | None = None,
) -> PreparedProblem:
    """Profiles, pair scores, pathways and the solver problem for ``candidates``.

    CoalitionSizeError when ``size`` is below 2 or above the candidates with data.
    """
    options = options or TensionOptions()
    framework = framework or load_framework()
    if size < 2:
        raise CoalitionSizeError(f"a coalition needs at least 2 members, not {size}", hint="≥ 2")
    if size > len(set(candidates)):
        raise CoalitionSizeError(
            f"size {size} is larger than the {len(set(candidates))} candidates in {group}",
            hint="choose a smaller --size or a larger group",
        )
    table, excluded = profiles(latest, objective, candidates, framework, demand)
    items = list(table["iso3"])
    if size > len(items):
        raise CoalitionSizeError(
            f"size {size} is larger than the {len(items)} candidates in {group} with data "
            f"for {objective.id} ({len(excluded)} lack it)",
            hint="choose a smaller --size or a larger group",
        )
    dims = resolve(objective, framework)
    ids = tuple(d.indicator.id for d in dims)
    dim_weights = np.array([d.weight for d in dims])
    pairs = pair_scores(data, items, options, weights)
    pathways = pathway_sets(data.memberships, items, universal=options.universal)
    problem = build_problem(
        items,
        table[[f"{i}_strength" for i in ids]].to_numpy(),
        table[[f"{i}_gap" for i in ids]].to_numpy(),
        dim_weights,
        pairs,
        pathways,
        size,
        threshold=options.threshold,
        readiness_weight=readiness_weight,
    )
    return PreparedProblem(problem, table, excluded, pairs, ids, dim_weights)


def coalitions_from(
    data: RelationData,
    latest: pd.DataFrame,
    objective: Objective,
    candidates: Sequence[str],
    *,
    group: str,
    size: int,
    top: int = 3,
    options: TensionOptions | None = None,
    weights: ReadinessWeights | None = None,
    method: str = "auto",
    readiness_weight: float = READINESS_WEIGHT,
    framework: Framework | None = None,
    demand: pd.Series | None = None,
) -> CoalitionResult:
    """:func:`find_coalitions` on loaded data (``latest`` from ``latest_values``)."""
    started = time.perf_counter()
    options = options or TensionOptions()
    prepared = prepare(
        data,
        latest,
        objective,
        candidates,
        group=group,
        size=size,
        options=options,
        weights=weights,
        readiness_weight=readiness_weight,
        framework=framework,
        demand=demand,
    )
    problem, table, excluded = prepared.problem, prepared.profiles, prepared.excluded
    ids, dim_weights, pairs = list(prepared.dimensions), prepared.dimension_weights, prepared.pairs
    items = list(problem.items)
    found, used = solutions(problem, top, method)
    names = dict(zip(data.countries["iso3"], data.countries["name"], strict=True))
    coalitions = tuple(
        explain(
            problem,
            solution,
            rank,
            table,
            ids,
            dim_weights,
            pairs,
            names,
            readiness_weight=readiness_weight,
        )
        for rank, solution in enumerate(found, start=1)
    )
    notes = [
        f"Objective {objective.id}: {objective.note}",
        f"Complementarity F = Σ over ordered member pairs of Σ_d ω_d·strength·gap; the "
        f"score adds {readiness_weight} × Σ pair readiness / 100 as a tie-breaker.",
        f"No pair at or above tension {options.threshold}; every member in one shared bloc "
        f"or forum as of {data.as_of.isoformat()} ({', '.join(options.universal)} excluded).",
        "Method: "
        + (
            "exact branch and bound (the best distinct coalitions)"
            if used == "exact"
            else "integer programme, HiGHS (exact)"
            if used == "milp"
            else "heuristic (greedy + 1-swap local search; not guaranteed optimal)"
        ),
    ]
    if not coalitions:
        notes.append("No coalition with positive complementarity meets the constraints.")
    elif len(coalitions) < top:
        notes.append(f"Only {len(coalitions)} coalitions with positive complementarity found.")
    if len(excluded):
        notes.append(f"{len(excluded)} candidates lack data for {objective.id} and were left out.")
    dataset_ids = sorted(set(latest.loc[latest["indicator"].isin(ids), "source_id"].dropna()))
    sources = [
        {
            "source_id": sid,
            "publisher": str(rows["publisher"].iloc[0]),
            "licence": str(rows["licence"].iloc[0]),
            "vintage": str(rows["vintage"].iloc[0]),
        }
        for sid, rows in latest[latest["source_id"].isin(dataset_ids)].groupby("source_id")
    ]
    sources += provenance(data, [*REQUIRED[1:], *MONADIC.values()])
    return CoalitionResult(
        objective=objective,
        group=group,
        size=size,
        top=top,
        method=used,
        threshold=options.threshold,
        readiness_weight=readiness_weight,
        as_of=data.as_of,
        candidates=tuple(items),
        excluded=excluded,
        coalitions=coalitions,
        profiles=table,
        elapsed_s=time.perf_counter() - started,
        sources=tuple(sources),
        notes=(*notes, *data.notes),
    )


def find_coalitions(
    warehouse: Warehouse,
    objective: str | Objective,
    *,
    group: str = DEFAULT_GROUP,
    size: int = 5,
    top: int = 3,
    options: TensionOptions | None = None,
    weights: ReadinessWeights | None = None,
    method: str = "auto",
    readiness_weight: float = READINESS_WEIGHT,
    as_of: date | None = None,
    framework: Framework | None = None,
) -> CoalitionResult:
    """``southsouth coalition --objective pharma --group g77 --size 5 --top 3``.

    Raises UnknownObjective, UnknownGroup (or UnknownCountry in a list) and
    CoalitionSizeError — all InputErrors — before any search.
    """
    started = time.perf_counter()
    chosen = get_objective(objective)
    check_method(method)
    if top < 1:
        raise InputError(f"top must be at least 1, not {top}", hint="e.g. --top 3")
    members = group_countries(warehouse, group, on=as_of)
    candidates = sorted(members["iso3"])
    if size > len(candidates) or size < 2:
        raise CoalitionSizeError(
            f"size {size} is not between 2 and the {len(candidates)} countries in {group}",
            hint="choose a size from 2 to the group's size",
        )
    framework = framework or load_framework()
    data = load_relation_data(warehouse, as_of=as_of)
    latest = latest_values(warehouse, framework, candidates, data.as_of.year, include_context=False)
    demand = _population(warehouse, candidates) if chosen.demand == "population" else None
    result = coalitions_from(
        data,
        latest,
        chosen,
        candidates,
        group=group,
        size=size,
        top=top,
        options=options,
        weights=weights,
        method=method,
        readiness_weight=readiness_weight,
        framework=framework,
        demand=demand,
    )
    return replace(result, elapsed_s=time.perf_counter() - started)


def _population(warehouse: Warehouse, candidates: Sequence[str]) -> pd.Series:
    """Latest WDI population per candidate (ISO3 → people)."""
    frame = warehouse.query(
        """
        SELECT country_iso3, arg_max(value, year) AS population FROM observation
        WHERE indicator = 'wdi_population' AND country_iso3 IN (SELECT unnest(?))
        GROUP BY country_iso3
        """,
        [list(candidates)],
    )
    return frame.set_index("country_iso3")["population"]
