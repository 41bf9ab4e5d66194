"""Civic space: CIVICUS Monitor ratings by country, closed and repressed lists by bloc.

Data: CIVICUS Monitor ratings published in December 2020 ("People Power Under Attack 2020"),
captured from the CIVICUS map on 2021-03-19 (dataset ``civicus-monitor-2021``, stored as year
2020). Ratings: 1 Closed, 2 Repressed, 3 Obstructed, 4 Narrowed, 5 Open. CIVICUS re-rates
countries every year, so these are a snapshot, not current ratings.

The founding text names Afghanistan, Cuba and Eritrea as closed civic space. In this snapshot
Cuba and Eritrea are Closed and Afghanistan is Repressed; CIVICUS downgraded Afghanistan to
Closed in March 2023 (People Power Under Attack 2022), after the snapshot. The text's list
therefore reflects a later rating than the data here; outputs say so.
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
from southsouth.registry.groups import resolve_groups
from southsouth.registry.membership import membership_year
from southsouth.sources.civicus import LABELS, RATING, RATING_YEAR
from southsouth.warehouse.store import Warehouse

DATASET = "civicus-monitor-2021"
SNAPSHOT = "CIVICUS Monitor ratings of December 2020, captured 2021-03-19"
CLOSED, REPRESSED = 1, 2
DEFAULT_LEVELS = (CLOSED, REPRESSED)
#: Countries the founding text names as closed civic space.
NAMED_CLOSED = ("AFG", "CUB", "ERI")
AFGHANISTAN_LATER = (
    "CIVICUS downgraded Afghanistan from Repressed to Closed in March 2023 (People Power Under "
    "Attack 2022; https://monitor.civicus.org/country-rating-changes/afghanistan); that rating "
    "is not in the data here."
)


def rating_distribution(ratings: pd.Series, groups: Mapping[str, Collection[str]]) -> pd.DataFrame:
    """Countries per rating in each group: ``ratings`` maps ISO3 → 1–5; ``groups`` name → ISO3s.

    Percentages are of the group's rated members; unrated members are counted apart.
    """
    rows: list[dict[str, Any]] = []
    for name, members in groups.items():
        mine = ratings.reindex(sorted(set(members)))
        rated = mine.dropna()
        for code, label in LABELS.items():
            hits = sorted(rated.index[rated == code])
            rows.append(
                {
                    "group": name,
                    "rating": code,
                    "label": label,
                    "countries": len(hits),
                    "pct_of_rated": 100 * len(hits) / len(rated) if len(rated) else np.nan,
                    "rated": len(rated),
                    "not_rated": int(mine.isna().sum()),
                }
            )
    return pd.DataFrame(rows)


def rated_lists(
    ratings: pd.Series,
    names: Mapping[str, str],
    groups: Mapping[str, Collection[str]],
    *,
    levels: Sequence[int] = DEFAULT_LEVELS,
) -> pd.DataFrame:
    """One row per (group, member) whose rating is in ``levels`` (default Closed, Repressed)."""
    rows: list[dict[str, Any]] = []
    for name, members in groups.items():
        mine = ratings.reindex(sorted(set(members))).dropna()
        for iso3, code in mine[mine.isin(list(levels))].items():
            rows.append(
                {
                    "group": name,
                    "iso3": iso3,
                    "name": names.get(iso3, iso3),
                    "rating": int(code),
                    "label": LABELS[int(code)],
                }
            )
    columns = ["group", "iso3", "name", "rating", "label"]
    out = pd.DataFrame(rows, columns=columns)
    order = {name: i for i, name in enumerate(groups)}
    out = out.assign(_order=out["group"].map(order))
    out = out.sort_values(["_order", "rating", "iso3"], kind="stable")
    return out.drop(columns="_order").reset_index(drop=True)


@dataclass(frozen=True, eq=False)
class CivicSpace:
    """CIVICUS ratings, distribution and closed/repressed lists per group, with the snapshot."""

    ratings: pd.DataFrame
    distribution: pd.DataFrame
    lists: pd.DataFrame
    named: pd.DataFrame
    snapshot: str
    source: dict[str, str]
    notes: tuple[str, ...] = field(default_factory=tuple)

    def listed(self, group: str, label: str = "Closed") -> list[str]:
        """ISO3 codes of ``group``'s members rated ``label`` (e.g. Closed, Repressed)."""
        if label not in LABELS.values():
            raise InputError(
                f"unknown CIVICUS rating {label!r}", hint="use " + ", ".join(LABELS.values())
            )
        hit = self.lists[(self.lists["group"] == group) & (self.lists["label"] == label)]
        return list(hit["iso3"])

    def as_dict(self) -> dict[str, Any]:
        """Everything as JSON-ready data."""
        return {
            "snapshot": self.snapshot,
            "source": self.source,
            "ratings": records(self.ratings),
            "distribution": records(self.distribution),
            "lists": records(self.lists),
            "named_in_founding_text": records(self.named),
            "notes": list(self.notes),
        }


def civicus_ratings(warehouse: Warehouse) -> pd.DataFrame:
    """One row per rated country: ISO3, name, rating (1–5) and label."""
    warehouse.require(DATASET)
    frame = warehouse.query(
        "SELECT o.country_iso3 AS iso3, c.name, o.value FROM observation o "
        "LEFT JOIN country c ON c.iso3 = o.country_iso3 "
        "WHERE o.indicator = ? AND o.year = ? ORDER BY o.value, o.country_iso3",
        [RATING.id, RATING_YEAR],
    )
    rating = frame["value"].astype(int)
    return pd.DataFrame(
        {
            "iso3": frame["iso3"],
            "name": frame["name"].fillna(frame["iso3"]),
            "rating": rating,
            "label": rating.map(LABELS),
        }
    )


def _named(ratings: pd.DataFrame) -> pd.DataFrame:
    by_iso = ratings.set_index("iso3")
    rows = []
    for iso3 in NAMED_CLOSED:
        label = by_iso.at[iso3, "label"] if iso3 in by_iso.index else None
        agrees = label == "Closed"
        note = "snapshot agrees" if agrees else f"snapshot rates it {label or 'not at all'}"
        if iso3 == "AFG" and label == "Repressed":
            note += "; " + AFGHANISTAN_LATER
        rows.append(
            {
                "iso3": iso3,
                "name": by_iso.at[iso3, "name"] if iso3 in by_iso.index else iso3,
                "founding_text": "Closed",
                "snapshot_label": label,
                "agrees": agrees,
                "note": note,
            }
        )
    return pd.DataFrame(rows)


def civic_space(
    warehouse: Warehouse,
    *,
    groups: Sequence[str] = DEFAULT_GROUPS,
    levels: Sequence[int] = DEFAULT_LEVELS,
) -> CivicSpace:
    """CIVICUS ratings, per-group distribution and lists of members rated in ``levels``.

    ``groups``: Global South definitions, bloc ids or custom lists (members on 31 Dec 2020,
    the year the ratings were published). ``levels``: ratings to list (default 1 Closed and
    2 Repressed).
    """
    bad = [lv for lv in levels if lv not in LABELS]
    if not levels or bad:
        raise InputError(
            f"levels must be CIVICUS ratings 1–5, got {list(levels)}", hint="e.g. (1, 2)"
        )
    ratings = civicus_ratings(warehouse)
    named = _named(ratings)
    resolved = resolve_groups(warehouse, groups, year=membership_year(RATING_YEAR))
    members = {g.entity: g.members for g in resolved}
    series = ratings.set_index("iso3")["rating"]
    names = dict(zip(ratings["iso3"], ratings["name"], strict=True))
    source = warehouse.provenance(DATASET)
    notes = (
        f"{SNAPSHOT}. CIVICUS re-rates countries every year; check https://monitor.civicus.org "
        "for current ratings before citing.",
        "Founding text: Afghanistan, Cuba, Eritrea closed. This snapshot: "
        + "; ".join(f"{r.name} {r.snapshot_label}" for r in named.itertuples())
        + ".",
    )
    if "AFG" in set(named.loc[named["snapshot_label"] == "Repressed", "iso3"]):
        notes += (AFGHANISTAN_LATER,)
    notes += (f"Group and bloc members as of 31 December {RATING_YEAR} unless noted.",)
    notes += tuple(g.note for g in resolved if g.note)
    return CivicSpace(
        ratings=ratings,
        distribution=rating_distribution(series, members),
        lists=rated_lists(series, names, members, levels=levels),
        named=named,
        snapshot=SNAPSHOT,
        source=source,
        notes=notes,
    )
