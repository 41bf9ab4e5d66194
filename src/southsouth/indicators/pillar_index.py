"""The pillars' composite index for a group of countries, built from the framework.

The framework's scored indicators (latest value within each one's window) form the data
matrix; goalposts, directions and weights come from the framework; the JRC/OECD pipeline in
``southsouth.index`` does the rest. Default choices follow the SDSN Sustainable Development
Report: goalpost normalisation, arithmetic means, no imputation.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import pandas as pd

from southsouth.group_grammar import DEFAULT_GROUP
from southsouth.index import (
    Choices,
    IndexOptions,
    IndexResult,
    IndexSpec,
    SobolResult,
    UncertaintyResult,
    analyse_sensitivity,
    analyse_uncertainty,
    build_index,
)
from southsouth.index import IndicatorSpec as IndexIndicator
from southsouth.indicators.framework import Framework, load_framework
from southsouth.indicators.matrix import latest_values, wide
from southsouth.jsonable import records
from southsouth.registry import group_countries
from southsouth.registry.membership import membership_year
from southsouth.warehouse.store import Warehouse

DEFAULT_OPTIONS = IndexOptions(normalisation="goalposts")
#: Alternatives the uncertainty analysis samples: the nominal choice plus its usual rivals.
DEFAULT_CHOICES = Choices(
    imputation=("none", "mean", "median"),
    normalisation=("goalposts", "minmax"),
    aggregation=("arithmetic", "geometric"),
    weight_noise=0.25,
)


@dataclass(frozen=True)
class PillarIndex:
    """An index over a group and year, with the data and sources behind it."""

    group: str
    year: int
    framework: str
    result: IndexResult
    data: pd.DataFrame
    latest: pd.DataFrame
    names: pd.Series
    uncertainty: UncertaintyResult | None = None
    sensitivity: SobolResult | None = None

    def table(self, pillar: str | None = None) -> pd.DataFrame:
        """One row per country: name, score, rank, data share (and rank band if computed)."""
        result = self.result
        if pillar is None:
            frame = result.overall[["score", "rank", "share"]].copy()
        else:
            frame = pd.DataFrame(
                {
                    "score": result.pillar_scores[pillar],
                    "rank": result.ranks[pillar],
                    "share": result.share[pillar],
                }
            )
        frame.insert(0, "name", self.names.reindex(frame.index))
        if self.uncertainty is not None and pillar is None:
            bands = self.uncertainty.ranks
            frame["median_rank"] = bands["median_rank"]
            frame["rank_q05"] = bands["q05"]
            frame["rank_q95"] = bands["q95"]
        frame.index.name = "iso3"
        return frame.sort_values(["rank", "name"]).reset_index()

    def partial_note(self, pillar: str | None = None, top: int = 10) -> str | None:
        """A note on the countries scored on part of the weight (share < 1) of ``pillar`` (None:
        the index), naming those in the ``top`` ranks and, for a pillar, what they lack."""
        table = self.table(pillar)
        scored = table[table["score"].notna()]
        part = scored[scored["share"] < 1 - 1e-9]
        if part.empty:
            return None
        ids = [i.id for i in self.result.spec.indicators if pillar is None or i.pillar == pillar]
        scores = self.result.indicator_scores
        named = []
        for row in part[part["rank"] <= top].itertuples():
            text = f"{row.iso3} {row.share:.2f}"
            if pillar is not None:
                lacking = [
                    c for c in ids if c in scores.columns and pd.isna(scores.at[row.iso3, c])
                ]
                text += f", no {', '.join(lacking)}" if lacking else ""
            named.append(text)
        where = f"pillar {pillar}" if pillar else "index"
        note = (
            f"{len(part)} of {len(scored)} countries are scored on part of the {where}'s weight "
            "(share < 1): their score and rank rest on fewer indicators"
        )
        return note + (f"; in the top {top}: {'; '.join(named)}" if named else "")

    def notes(self, pillar: str | None = None) -> list[str]:
        """The index's notes on its data, with :meth:`partial_note` for ``pillar``."""
        partial = self.partial_note(pillar)
        return [*self.result.notes, *([partial] if partial else [])]

    def sources(self) -> pd.DataFrame:
        """Datasets behind the values used, with publisher, licence and vintage."""
        used = self.latest.dropna(subset=["value"])
        return (
            used.groupby(["source_id", "publisher", "licence", "vintage"])["indicator"]
            .agg(lambda s: ", ".join(sorted(set(s))))
            .reset_index()
        )

    def as_dict(self, pillar: str | None = None) -> dict[str, Any]:
        """JSON-ready: scores, ranks, strengths, drops, weights, coherence, sources, notes."""
        result = self.result
        return {
            "group": self.group,
            "year": self.year,
            "framework": self.framework,
            "pillar": pillar,
            "options": {
                "normalisation": result.options.normalisation,
                "aggregation": result.options.aggregation,
                "weights": result.options.weights,
                "imputation": result.options.imputation,
                "indicator_min_coverage": result.options.indicator_min_coverage,
                "unit_min_coverage": result.options.unit_min_coverage,
            },
            "scores": records(self.table(pillar)),
            "pillar_scores": records(result.pillar_scores.reset_index(names="iso3")),
            "strengths": records(result.strengths),
            "dropped": records(result.dropped),
            "weights": records(result.weights.reset_index()),
            "cronbach_alpha": {str(k): v for k, v in result.coherence.alpha.items()}
            if hasattr(result.coherence, "alpha")
            else None,
            "sources": records(self.sources()),
            "sensitivity": records(self.sensitivity.indices) if self.sensitivity else None,
            "notes": self.notes(pillar),
        }


def index_spec(framework: Framework) -> IndexSpec:
    """The index specification of the framework's scored indicators (equal weights)."""
    indicators = []
    for item in framework.scored:
        assert item.goalposts is not None and item.pillar is not None
        low, high = sorted((item.goalposts.worst, item.goalposts.best))
        target = item.trend_target
        indicators.append(
            IndexIndicator(
                id=item.id,
                pillar=item.pillar,
                direction=item.direction,
                weight=item.weight,
                goalposts=(low, high),
                target=target if target is not None and target > 0 else None,
            )
        )
    pillars = {i.pillar for i in indicators}
    weights = {p: w for p, w in framework.pillar_weights if p in pillars}
    return IndexSpec(tuple(indicators), {p: weights.get(p, 1.0) for p in sorted(pillars)})


def pillar_index(
    wh: Warehouse,
    *,
    group: str = DEFAULT_GROUP,
    year: int | None = None,
    framework: Framework | None = None,
    options: IndexOptions | None = None,
    replications: int = 0,
    seed: int = 0,
    choices: Choices = DEFAULT_CHOICES,
    sensitivity_samples: int = 0,
) -> PillarIndex:
    """Build the index for the countries of ``group`` with values up to ``year``."""
    framework = framework or load_framework()
    year = year or date.today().year
    countries = group_countries(wh, group, year=membership_year(year))
    iso3 = countries["iso3"].tolist()
    latest = latest_values(wh, framework, iso3, year, include_context=False)
    scored = framework.scored
    data = wide(latest[latest["indicator"].isin([i.id for i in scored])], scored)
    spec = index_spec(framework)
    options = options or DEFAULT_OPTIONS
    if options.normalisation == "distance_to_target":
        spec = IndexSpec(
            tuple(i for i in spec.indicators if i.target is not None), spec.pillar_weights
        )
    result = build_index(data, spec, options)
    uncertainty = (
        analyse_uncertainty(
            data, spec, options, replications=replications, seed=seed, choices=choices
        )
        if replications
        else None
    )
    sensitivity = (
        analyse_sensitivity(
            data, spec, options, base_samples=sensitivity_samples, seed=seed, choices=choices
        )
        if sensitivity_samples
        else None
    )
    return PillarIndex(
        sensitivity=sensitivity,
        group=group,
        year=year,
        framework=f"{framework.id} {framework.version}",
        result=result,
        data=data,
        latest=latest,
        names=countries.set_index("iso3")["name"],
        uncertainty=uncertainty,
    )


def with_options(base: IndexOptions, **changes: Any) -> IndexOptions:
    """``base`` with some fields changed (validated)."""
    return replace(base, **{k: v for k, v in changes.items() if v is not None})
