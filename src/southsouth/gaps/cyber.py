"""Cybersecurity commitment: ITU GCI 2024 scores by pillar and each group's score gap.

Data: ITU Global Cybersecurity Index 2024 (5th edition; dataset ``itu-gci-2024``, World Bank
Data360 values): overall score 0–100 and five pillar scores 0–20 (legal, technical,
organisational, capacity development, cooperation). The gap compares each group's members
with the rest of the world on the 2024 scores (mean, median, pillar means).

No 2024 tiers. ITU's 2024 report puts countries in Tiers 1–5, but its per-country list is
not in the data, and binning the 2024 scores with the tier cut-offs is unchecked (the mirror's
SOURCES.md), so no 2024 tier is published here.

GCI 2020 tiers (history). GCI 2020 (``itu-gci-2020``, kept loaded) ranked countries and had
no tiers. Where tiers are shown they are the **GCI 2020 tier** of this module: the 2020
overall scores binned with cut-offs modelled on ITU's 2024 tiers (Tier 1 role-modelling
≥ 95, Tier 2 advancing ≥ 85, Tier 3 establishing ≥ 55, Tier 4 evolving ≥ 20, Tier 5
building < 20) — a southsouth rule on 2020 scores, not ITU's classification of either
edition. The 95/85/55 cut-offs were checked against the GCI 2024 tier definitions as
republished by Mauritius' ICT indicators portal (indicators.govmu.org); the 20 cut-off is
taken from the 2024 report's tier description as quoted in the issue brief. "Lowest tiers"
are Tiers 4 and 5 unless the caller says otherwise.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from southsouth.errors import InputError
from southsouth.gaps.military import DEFAULT_GROUPS
from southsouth.jsonable import records
from southsouth.registry.groups import GroupMembers, resolve_groups
from southsouth.registry.membership import membership_year
from southsouth.warehouse.store import Warehouse

DATASET = "itu-gci-2024"
GCI_YEAR = 2024
SCORE = "itu_gci_2024_score"
PILLARS: dict[str, str] = {
    "itu_gci_2024_legal": "legal",
    "itu_gci_2024_technical": "technical",
    "itu_gci_2024_organisational": "organisational",
    "itu_gci_2024_capacity_development": "capacity_development",
    "itu_gci_2024_cooperation": "cooperation",
}
#: GCI 2020, kept as history: its scores carry the southsouth "GCI 2020 tier".
HISTORY_DATASET = "itu-gci-2020"
HISTORY_YEAR = 2020
HISTORY_SCORE = "itu_gci_score"


@dataclass(frozen=True)
class Tier:
    """One tier of the rule: its number (1 best), name and lowest score it admits."""

    number: int
    name: str
    min_score: float


TIERS: tuple[Tier, ...] = (
    Tier(1, "role-modelling", 95.0),
    Tier(2, "advancing", 85.0),
    Tier(3, "establishing", 55.0),
    Tier(4, "evolving", 20.0),
    Tier(5, "building", 0.0),
)
TIER_NAMES = {t.number: t.name for t in TIERS}
LOWEST_TIERS = (4, 5)
RULE = (
    "GCI 2020 tier: GCI 2020 overall scores binned with cut-offs modelled on ITU's GCI 2024 "
    "tiers (not ITU's own classification of 2020, which had none): Tier 1 role-modelling ≥ 95, "
    "Tier 2 advancing ≥ 85, Tier 3 establishing ≥ 55, Tier 4 evolving ≥ 20, Tier 5 "
    "building < 20."
)
NO_2024_TIERS = (
    "No GCI 2024 tiers are shown: ITU's per-country 2024 tier list is not in the data, and a "
    "score-threshold mapping of the 2024 scores is unchecked; tiers shown are GCI 2020 tiers."
)


def gci_tier(score: float | None) -> int | None:
    """Tier number (1–5) of an overall GCI score (0–100) under :data:`TIERS`; None if missing."""
    if score is None or pd.isna(score):
        return None
    if not 0 <= score <= 100:
        raise InputError(f"GCI score {score} is outside 0–100", hint="overall scores are 0–100")
    return next(t.number for t in TIERS if score >= t.min_score)


def assign_tiers(scores: pd.Series) -> pd.Series:
    """Tier numbers (nullable Int64) for a Series of overall scores."""
    return pd.Series([gci_tier(s) for s in scores], index=scores.index, dtype="Int64")


def tier_distribution(tiers: pd.Series, groups: Mapping[str, Collection[str]]) -> pd.DataFrame:
    """Countries per tier in each group: ``tiers`` maps ISO3 → tier; ``groups`` name → ISO3s.

    Percentages are of the group's members that have a score; members without one are
    counted in ``not_scored``.
    """
    rows: list[dict[str, Any]] = []
    for name, members in groups.items():
        mine = tiers.reindex(sorted(set(members)))
        scored = mine.dropna()
        for tier in TIERS:
            hits = sorted(scored.index[scored == tier.number])
            rows.append(
                {
                    "group": name,
                    "tier": tier.number,
                    "tier_name": tier.name,
                    "countries": len(hits),
                    "pct_of_scored": 100 * len(hits) / len(scored) if len(scored) else np.nan,
                    "scored": len(scored),
                    "not_scored": int(mine.isna().sum()),
                    "iso3": ", ".join(hits) or None,
                }
            )
    return pd.DataFrame(rows)


def lowest_tier_gap(
    tiers: pd.Series,
    group: str,
    members: Collection[str],
    *,
    lowest: Sequence[int] = LOWEST_TIERS,
) -> pd.DataFrame:
    """Share of a group's scored countries in the ``lowest`` tiers vs the rest of the world.

    Two rows (the group and ``rest of world`` = every other scored country), each with the
    count in the lowest tiers, the percentage of its scored countries, and its share of all
    lowest-tier countries.
    """
    scored = tiers.dropna()
    inside = scored.index.isin(list(members))
    low = scored.isin(list(lowest))
    all_low = int(low.sum())
    rows = []
    for label, mask in ((group, inside), ("rest of world", ~inside)):
        count = int((low & mask).sum())
        total = int(mask.sum())
        rows.append(
            {
                "group": label,
                "lowest_tiers": ",".join(str(t) for t in lowest),
                "in_lowest_tiers": count,
                "scored": total,
                "pct_in_lowest_tiers": 100 * count / total if total else np.nan,
                "share_of_all_lowest_tier_pct": 100 * count / all_low if all_low else np.nan,
            }
        )
    out = pd.DataFrame(rows)
    out.insert(0, "comparison", group)
    return out


def score_gap(scores: pd.DataFrame, group: str, members: Collection[str]) -> pd.DataFrame:
    """A group's members against the rest of the world on GCI 2024 scores.

    ``scores`` has ``iso3``, ``score`` and the pillar columns. Two rows (the group and
    ``rest of world`` = every other scored country): countries scored, mean and median overall
    score, mean of each pillar; the group row also has the gap of its mean to the rest's and
    its weakest pillar (lowest mean).
    """
    scored = scores.dropna(subset=["score"])
    inside = scored["iso3"].isin(list(members))
    pillars = list(PILLARS.values())
    rows = []
    for label, part in ((group, scored[inside]), ("rest of world", scored[~inside])):
        means = part[pillars].mean()
        rows.append(
            {
                "group": label,
                "scored": len(part),
                "mean_score": float(part["score"].mean()) if len(part) else np.nan,
                "median_score": float(part["score"].median()) if len(part) else np.nan,
                **{f"mean_{p}": float(means[p]) if len(part) else np.nan for p in pillars},
                "weakest_pillar": str(means.idxmin()) if len(part) else None,
            }
        )
    out = pd.DataFrame(rows)
    out["gap_to_rest"] = out["mean_score"] - out["mean_score"].iloc[1]
    out.loc[1, "gap_to_rest"] = np.nan
    out.insert(0, "comparison", group)
    return out


@dataclass(frozen=True, eq=False)
class CyberGaps:
    """GCI 2024 scores and score gap; GCI 2020 tiers (distribution, lowest-tier gap) as history.

    ``distribution`` and ``lowest`` are GCI 2020 tiers (empty when GCI 2020 is not loaded);
    ``source`` is GCI 2024's provenance, ``history_source`` GCI 2020's.
    """

    scores: pd.DataFrame
    gap: pd.DataFrame
    distribution: pd.DataFrame
    lowest: pd.DataFrame
    rule: str
    source: dict[str, str]
    history_source: dict[str, str] | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def sources(self) -> list[dict[str, str]]:
        """Provenance of every dataset read: GCI 2024, then GCI 2020 when its tiers are shown."""
        return [self.source, *([self.history_source] if self.history_source else [])]

    def as_dict(self) -> dict[str, Any]:
        """Everything as JSON-ready data."""
        return {
            "edition": f"GCI {GCI_YEAR}",
            "year": GCI_YEAR,
            "source": self.source,
            "scores": records(self.scores),
            "gap": records(self.gap),
            "tier_edition": f"GCI {HISTORY_YEAR}",
            "rule": self.rule,
            "tiers": [{"tier": t.number, "name": t.name, "min_score": t.min_score} for t in TIERS],
            "tier_source": self.history_source,
            "distribution": records(self.distribution),
            "lowest": records(self.lowest),
            "notes": list(self.notes),
        }


def _wide(warehouse: Warehouse, dataset: str, year: int) -> pd.DataFrame:
    long = warehouse.query(
        "SELECT country_iso3 AS iso3, indicator, value FROM observation "
        "WHERE source_id = ? AND year = ?",
        [dataset, year],
    )
    return long.pivot(index="iso3", columns="indicator", values="value")


def gci_scores(warehouse: Warehouse) -> pd.DataFrame:
    """One row per country: GCI 2024 overall and pillar scores, then (when GCI 2020 is loaded)
    the GCI 2020 score and GCI 2020 tier number and name."""
    warehouse.require(DATASET)
    wide = _wide(warehouse, DATASET, GCI_YEAR)
    wide = wide.reindex(columns=[SCORE, *PILLARS]).rename(columns={SCORE: "score", **PILLARS})
    names = warehouse.query("SELECT iso3, name FROM country").set_index("iso3")["name"]
    if warehouse.loaded(HISTORY_DATASET):
        history = _wide(warehouse, HISTORY_DATASET, HISTORY_YEAR).reindex(columns=[HISTORY_SCORE])
        wide = wide.join(history.rename(columns={HISTORY_SCORE: "gci_2020_score"}), how="outer")
        tiers = assign_tiers(wide["gci_2020_score"])
        wide["gci_2020_tier"] = tiers
        wide["gci_2020_tier_name"] = tiers.map(TIER_NAMES, na_action="ignore")
    wide.insert(0, "name", names.reindex(wide.index))
    wide.columns.name = None
    wide.index.name = "iso3"
    return wide.reset_index().sort_values(["score", "iso3"], ascending=[False, True])


def cyber_gaps(
    warehouse: Warehouse,
    *,
    groups: Sequence[str] = DEFAULT_GROUPS,
    lowest: Sequence[int] = LOWEST_TIERS,
) -> CyberGaps:
    """GCI 2024 scores by pillar and each group's score gap; GCI 2020 tiers as history.

    ``groups``: Global South definitions, bloc ids or custom lists (members on 31 Dec 2024 for
    the 2024 gap, on 31 Dec 2020 for the GCI 2020 tiers).
    ``lowest``: the GCI 2020 tier numbers counted as "lowest" (default 4 and 5).
    """
    bad = [t for t in lowest if t not in TIER_NAMES]
    if not lowest or bad:
        raise InputError(
            f"lowest tiers must be tier numbers 1–5, got {list(lowest)}", hint="e.g. (4, 5)"
        )
    scores = gci_scores(warehouse)
    resolved: list[GroupMembers] = resolve_groups(warehouse, groups, year=membership_year(GCI_YEAR))
    gap_rows = [score_gap(scores, g.entity, g.members) for g in resolved]
    gap = pd.concat(gap_rows, ignore_index=True) if gap_rows else pd.DataFrame()
    scored = int(scores["score"].notna().sum())
    notes: tuple[str, ...] = (
        f"'Rest of world' = the other countries with a GCI {GCI_YEAR} score ({scored} scored "
        "in all); members without a score are left out of both sides.",
        "GCI measures commitment (laws, institutions, strategies, cooperation), not "
        "capability or outcomes. GCI 2024 scores are World Bank Data360's, which differ from "
        "the ITU report for some countries; they are not comparable with GCI 2020 scores.",
        NO_2024_TIERS,
        f"Group and bloc members as of 31 December {membership_year(GCI_YEAR)} unless noted.",
    )
    notes += tuple(g.note for g in resolved if g.note)
    distribution = lowest_frame = pd.DataFrame()
    history = None
    if "gci_2020_tier" in scores.columns:
        then = resolve_groups(warehouse, groups, year=membership_year(HISTORY_YEAR))
        tiers = scores.dropna(subset=["gci_2020_score"]).set_index("iso3")["gci_2020_tier"]
        distribution = tier_distribution(tiers, {g.entity: g.members for g in then})
        lowest_rows = [lowest_tier_gap(tiers, g.entity, g.members, lowest=lowest) for g in then]
        lowest_frame = pd.concat(lowest_rows, ignore_index=True) if lowest_rows else lowest_frame
        history = warehouse.provenance(HISTORY_DATASET)
        notes += (
            RULE,
            f"GCI 2020 tiers use members as of 31 December {HISTORY_YEAR} and the "
            f"{len(tiers)} countries with a GCI 2020 score.",
        )
    else:
        notes += (f"GCI 2020 ({HISTORY_DATASET}) is not loaded: no GCI 2020 tiers shown.",)
    return CyberGaps(
        scores=scores.reset_index(drop=True),
        gap=gap,
        distribution=distribution,
        lowest=lowest_frame,
        rule=RULE,
        source=warehouse.provenance(DATASET),
        history_source=history,
        notes=notes,
    )
