"""Cybersecurity commitment: ITU GCI 2020 scores by pillar, tiers, and the lowest-tier gap.

Data: ITU Global Cybersecurity Index 2020 (4th edition, published 2021; dataset
``itu-gci-2020``): overall score 0–100 and five pillar scores 0–20 (legal, technical,
organisational, capacity development, cooperation).

Tiering rule. GCI 2020 ranked countries and grouped them by region; it had no tiers. ITU's
2024 edition (5th) places countries in five tiers by overall score: Tier 1 role-modelling
(≥ 95), Tier 2 advancing (≥ 85), Tier 3 establishing (≥ 55), Tier 4 evolving (≥ 20),
Tier 5 building (< 20). This module bins the GCI 2020 scores with those cut-offs: a rule
MODELLED ON the 2024 tiers, not ITU's classification of 2020 (the two editions use different
questionnaires and weights, so a 2020 score in a tier does not mean ITU put that country
there). The 95/85/55 cut-offs were checked against the GCI 2024 tier definitions as
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

DATASET = "itu-gci-2020"
GCI_YEAR = 2020
SCORE = "itu_gci_score"
PILLARS: dict[str, str] = {
    "itu_gci_legal": "legal",
    "itu_gci_technical": "technical",
    "itu_gci_organisational": "organisational",
    "itu_gci_capacity_development": "capacity_development",
    "itu_gci_cooperation": "cooperation",
}


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
    "GCI 2020 overall scores binned with cut-offs modelled on ITU's GCI 2024 tiers (not ITU's "
    "own classification of 2020, which had none): Tier 1 role-modelling ≥ 95, Tier 2 "
    "advancing ≥ 85, Tier 3 establishing ≥ 55, Tier 4 evolving ≥ 20, Tier 5 building < 20."
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


@dataclass(frozen=True, eq=False)
class CyberGaps:
    """GCI 2020 scores with tiers, per-group tier distribution and the lowest-tier gap."""

    scores: pd.DataFrame
    distribution: pd.DataFrame
    lowest: pd.DataFrame
    rule: str
    source: dict[str, str]
    notes: tuple[str, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        """Everything as JSON-ready data."""
        return {
            "rule": self.rule,
            "tiers": [{"tier": t.number, "name": t.name, "min_score": t.min_score} for t in TIERS],
            "source": self.source,
            "scores": records(self.scores),
            "distribution": records(self.distribution),
            "lowest": records(self.lowest),
            "notes": list(self.notes),
        }


def gci_scores(warehouse: Warehouse) -> pd.DataFrame:
    """One row per country: overall score, five pillar scores, tier number and name."""
    warehouse.require(DATASET)
    long = warehouse.query(
        "SELECT country_iso3 AS iso3, indicator, value FROM observation "
        "WHERE source_id = ? AND year = ?",
        [DATASET, GCI_YEAR],
    )
    wide = long.pivot(index="iso3", columns="indicator", values="value")
    wide = wide.reindex(columns=[SCORE, *PILLARS]).rename(columns={SCORE: "score", **PILLARS})
    names = warehouse.query("SELECT iso3, name FROM country").set_index("iso3")["name"]
    wide.insert(0, "name", names.reindex(wide.index))
    tiers = assign_tiers(wide["score"])
    wide["tier"] = tiers
    wide["tier_name"] = tiers.map(TIER_NAMES, na_action="ignore")
    wide.columns.name = None
    return wide.reset_index().sort_values(["score", "iso3"], ascending=[False, True])


def cyber_gaps(
    warehouse: Warehouse,
    *,
    groups: Sequence[str] = DEFAULT_GROUPS,
    lowest: Sequence[int] = LOWEST_TIERS,
) -> CyberGaps:
    """GCI 2020 scores by pillar, tiers, tier distribution per group and the lowest-tier gap.

    ``groups``: Global South definitions, bloc ids or custom lists (members on 31 Dec 2020).
    ``lowest``: the tier numbers counted as "lowest" (default 4 and 5).
    """
    bad = [t for t in lowest if t not in TIER_NAMES]
    if not lowest or bad:
        raise InputError(
            f"lowest tiers must be tier numbers 1–5, got {list(lowest)}", hint="e.g. (4, 5)"
        )
    scores = gci_scores(warehouse)
    resolved: list[GroupMembers] = resolve_groups(warehouse, groups, year=membership_year(GCI_YEAR))
    tiers = scores.set_index("iso3")["tier"]
    members = {g.entity: g.members for g in resolved}
    distribution = tier_distribution(tiers, members)
    lowest_rows = [lowest_tier_gap(tiers, g.entity, g.members, lowest=lowest) for g in resolved]
    lowest_frame = pd.concat(lowest_rows, ignore_index=True) if lowest_rows else pd.DataFrame()
    source = warehouse.provenance(DATASET)
    notes = (
        RULE,
        f"'Rest of world' = the other countries with a GCI 2020 score ({len(scores)} scored "
        "in all); members without a score are left out of both sides.",
        "GCI measures commitment (laws, institutions, strategies, cooperation), not "
        "capability or outcomes; GCI 2020 is the edition in the data (a 2024 edition exists).",
    )
    notes += (f"Group and bloc members as of 31 December {GCI_YEAR} unless noted.",)
    notes += tuple(g.note for g in resolved if g.note)
    return CyberGaps(
        scores=scores.reset_index(drop=True),
        distribution=distribution,
        lowest=lowest_frame,
        rule=RULE,
        source=source,
        notes=notes,
    )
