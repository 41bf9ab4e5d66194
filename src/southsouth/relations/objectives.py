"""Pillar objectives for coalitions: which indicators say who is strong and who has a gap.

An objective is a set of framework indicators ("dimensions", from
``southsouth.indicators.framework``) with weights. For a dimension with goalposts
(worst, best) and pivot t — the framework's green threshold unless stated — a country with
value x has

* strength s = clip((x − t) / (best − t), 0, 1): how far beyond "achieved" it is, towards
  the best level (it has capacity to share);
* gap g = clip((t − x) / (t − worst), 0, 1): how far short of "achieved" it is, towards the
  worst level (it needs what others have).

At most one of the two is positive. The country's strength and gap for the objective are
the weighted means over dimensions (weights normalised to sum 1). A country lacking any
dimension's value (within the framework window) is left out of the candidates, and the
result says so: missing is never read as zero.

Built-in objectives:

``pharma`` — regional pharmaceutical manufacturing. Dimensions: RCA in HS 30 (pivot 1,
goalposts 0–3) and HS 30 exports per person (pivot US$50, goalposts 0–500), 2017 HS4 exports
(Open Trade Statistics). Strength: an established, specialised exporter; gap: little or no
pharmaceutical production for export — a proxy for import dependence, which needs bilateral
trade by product that is not loaded.

``health-workforce`` — a health-workforce training compact. Dimension: doctors, nurses and
midwives per 1,000 people (pivot 4.45, the WHO SDG index threshold; goalposts 0–15).
Strength: a workforce above the threshold (capacity to train others); gap: the shortfall
below it.

``cyber`` — cyber capacity building. Dimensions: ITU Global Cybersecurity Index 2024 score
(pivot 85, the framework's green threshold; goalposts 0–100) and its cooperation pillar (pivot
17 of 20). Strength: a score of 85 or more; gap: the distance below it.

``research`` — a joint research programme. Dimensions: researchers per million (pivot
1,350) and science and engineering articles per 1,000 people (pivot 0.7).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from southsouth.errors import InputError, close_matches
from southsouth.indicators.framework import Framework, FrameworkIndicator, load_framework


class UnknownObjective(InputError):
    """No coalition objective has this id."""

    code = "unknown-objective"


@dataclass(frozen=True)
class Dimension:
    """One framework indicator of an objective, its weight and (optionally) its pivot."""

    indicator: str
    weight: float = 1.0
    pivot: float | None = None


@dataclass(frozen=True)
class Objective:
    """A pillar objective: what strength and gap mean for it, and which indicators say so."""

    id: str
    name: str
    pillar: str
    strength: str
    gap: str
    dimensions: tuple[Dimension, ...]
    note: str = ""
    demand: str | None = None

    def weights(self) -> np.ndarray:
        """Dimension weights normalised to sum 1."""
        raw = np.array([d.weight for d in self.dimensions], dtype=float)
        return raw / raw.sum()


OBJECTIVES: dict[str, Objective] = {
    o.id: o
    for o in (
        Objective(
            "pharma",
            "Regional pharmaceutical manufacturing",
            "pharma",
            "specialised exporter of pharmaceuticals (HS 30): RCA above 1 and exports above "
            "US$50 per person, scaled to RCA 3 and US$500",
            "little or no pharmaceutical production for export: RCA below 1 and exports below "
            "US$50 per person, scaled down to none",
            (Dimension("pharma_specialisation"), Dimension("pharma_exports")),
            "2017 HS4 exports (Open Trade Statistics); import dependence is not measured "
            "(needs bilateral trade by product). Gaps weigh by √(population share): a hub "
            "serves demand, and demand scales with people.",
            demand="population",
        ),
        Objective(
            "health-workforce",
            "Health-workforce training compact",
            "health",
            "doctors, nurses and midwives above 4.45 per 1,000 (WHO SDG threshold), scaled to 15",
            "shortfall below 4.45 per 1,000, scaled down to none",
            (Dimension("health_worker_density"),),
            "Latest density within 8 years (physicians from WDI via Gapminder, nurses and "
            "midwives from WHO NHWA). Gaps weigh by √(population share): the shortage in "
            "workers scales with people.",
            demand="population",
        ),
        Objective(
            "cyber",
            "Cyber capacity building",
            "technology",
            "ITU GCI 2024 score above 85 and cooperation pillar above 17 of 20",
            "distance below those cut-offs, scaled down to 0",
            (Dimension("cybersecurity_commitment"), Dimension("cyber_cooperation")),
            "ITU Global Cybersecurity Index 2024 (World Bank Data360 values; no 2024 tiers).",
        ),
        Objective(
            "research",
            "Joint research programme",
            "science",
            "researchers above 1,350 per million and articles above 0.7 per 1,000 people",
            "shortfall below those levels, scaled down to none",
            (Dimension("researchers"), Dimension("scientific_articles")),
            "UNESCO researchers (WDI) and NSF SEI 2024 article counts.",
        ),
    )
}


def get_objective(objective: str | Objective) -> Objective:
    """The objective with this id (or the one given); UnknownObjective otherwise."""
    if isinstance(objective, Objective):
        return objective
    key = objective.strip().lower()
    if key in OBJECTIVES:
        return OBJECTIVES[key]
    suggestions = close_matches(key, OBJECTIVES)
    did_you_mean = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
    raise UnknownObjective(
        f"unknown objective {objective!r}{did_you_mean}",
        hint=f"objectives: {', '.join(OBJECTIVES)}",
    )


@dataclass(frozen=True)
class ResolvedDimension:
    """A dimension with its framework indicator's goalposts and the pivot in use."""

    indicator: FrameworkIndicator
    weight: float
    pivot: float
    worst: float
    best: float


def resolve(objective: Objective, framework: Framework) -> list[ResolvedDimension]:
    """``objective``'s dimensions with goalposts and pivots from ``framework``.

    UnknownObjective when a dimension's indicator is not in the framework or has no
    goalposts or pivot.
    """
    by_id = {i.id: i for i in (*framework.indicators, *framework.context)}
    weights = objective.weights()
    out = []
    for dim, weight in zip(objective.dimensions, weights, strict=True):
        spec = by_id.get(dim.indicator)
        if spec is None:
            raise UnknownObjective(
                f"objective {objective.id}: indicator {dim.indicator!r} is not in the framework",
                hint="objectives use framework indicator ids (data/framework.toml)",
            )
        pivot = dim.pivot if dim.pivot is not None else spec.green
        if spec.goalposts is None or pivot is None:
            raise UnknownObjective(
                f"objective {objective.id}: {dim.indicator} needs goalposts and a pivot",
                hint="give the dimension a pivot, or use an indicator with thresholds",
            )
        out.append(
            ResolvedDimension(spec, float(weight), pivot, spec.goalposts.worst, spec.goalposts.best)
        )
    return out


def strength_gap(
    values: np.ndarray, worst: float, best: float, pivot: float
) -> tuple[np.ndarray, np.ndarray]:
    """Strength and gap of ``values`` for a dimension (NaN stays NaN)."""
    strength = np.clip((values - pivot) / (best - pivot), 0.0, 1.0)
    gap = np.clip((pivot - values) / (pivot - worst), 0.0, 1.0)
    return strength, gap


def profiles(
    latest: pd.DataFrame,
    objective: Objective,
    candidates: Sequence[str],
    framework: Framework | None = None,
    demand: pd.Series | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per-candidate values, strengths and gaps; and the candidates left out for no data.

    ``latest`` is :func:`southsouth.indicators.matrix.latest_values` output (one row per
    country × framework indicator). The first frame has, per candidate, ``<dim>`` (value),
    ``<dim>_year``, ``<dim>_strength``, ``<dim>_gap``, and the weighted ``strength`` and
    ``gap``; the second lists the excluded candidates and the dimensions they lack.

    With ``demand`` (ISO3 → population) for an objective whose ``demand`` is "population",
    every gap is multiplied by √(population / largest candidate population), recorded in
    ``demand_scale``; candidates without a population are left out.
    """
    dims = resolve(objective, framework or load_framework())
    table = pd.DataFrame(index=pd.Index(sorted(set(candidates)), name="iso3"))
    lacking: dict[str, list[str]] = {c: [] for c in table.index}
    for dim in dims:
        ident = dim.indicator.id
        rows = latest[latest["indicator"] == ident].set_index("country_iso3")
        value = rows["value"].reindex(table.index).astype(float)
        s, g = strength_gap(value.to_numpy(), dim.worst, dim.best, dim.pivot)
        table[ident] = value
        table[f"{ident}_year"] = rows["year"].reindex(table.index)
        table[f"{ident}_strength"] = s
        table[f"{ident}_gap"] = g
        for code in value.index[value.isna()]:
            lacking[code].append(ident)
    weights = np.array([d.weight for d in dims])
    ids = [d.indicator.id for d in dims]
    if objective.demand == "population" and demand is not None:
        people = demand.reindex(table.index).astype(float)
        scale = np.sqrt(people / people.max())
        table["demand_scale"] = scale
        for ident in ids:
            table[f"{ident}_gap"] = table[f"{ident}_gap"] * scale
        for code in people.index[people.isna()]:
            lacking[code].append("population")
    table["strength"] = table[[f"{i}_strength" for i in ids]].to_numpy() @ weights
    table["gap"] = table[[f"{i}_gap" for i in ids]].to_numpy() @ weights
    excluded = pd.DataFrame(
        [
            {"iso3": code, "reason": "no value within the window for " + ", ".join(dims)}
            for code, dims in lacking.items()
            if dims
        ],
        columns=["iso3", "reason"],
    )
    kept = table.drop(index=list(excluded["iso3"]))
    return kept.reset_index(), excluded
