"""How much of a group's trade the loaded flows cover, and what an aggregate may then claim.

For a group G (a Global South definition, a bloc, every country) and flows F of one year:

* members with data: the members that export in F;
* member coverage = Σ E_i over the members with data / Σ E_i over all members, E_i the
  member's total goods exports in :data:`REFERENCE_EXPORTS` (every country's 2017 HS4
  exports) — or, when that table is not loaded, the members' population in F's year (WDI,
  else Gapminder; basis ``population``);
* value coverage = Σ F_i / Σ E_i over the members: how much of the members' exports the
  flows carry. It is low when members are missing, and also when partners are: intra-African
  flows hold every African exporter but only their African sales. Unknown on the population
  basis.

Rule, for any aggregate over G (:data:`MIN_COVERAGE`, :data:`FULL_COVERAGE`):

* ``insufficient``: member or value coverage below 50 % — the flows do not describe the group.
  A group share is withheld; a substitution potential is flagged provisional (it is still a
  lower bound of what these flows show);
* ``provisional``: both at least 50 %, one below 90 % (or value coverage unknown) — the
  aggregate is given and flagged provisional;
* ``complete``: both at least 90 %.

The reference is of 2017, the flows are often of another year: coverage compares a year's
flows with the members' 2017 exports (stated in every note).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from southsouth.warehouse.store import Warehouse

#: Below this share of a group's exports (or population) held by members with data, or
#: carried by the flows, an aggregate over the group is not a finding.
MIN_COVERAGE = 0.5
#: From this share on (members with data, and value carried) an aggregate is complete.
FULL_COVERAGE = 0.9
#: The table of every country's goods exports coverage is measured against.
REFERENCE_EXPORTS = "ots-hs4-exports-2017"
REFERENCE_YEAR = 2017
#: Population indicators for the population basis, in order of preference.
POPULATION_INDICATORS = ("wdi_population", "gapminder_population")
RULE = (
    f"coverage rule: an aggregate needs members with data holding ≥ {100 * MIN_COVERAGE:.0f} % "
    f"of the group's goods exports ({REFERENCE_EXPORTS}; population where that table is not "
    f"loaded) and flows carrying ≥ {100 * MIN_COVERAGE:.0f} % of those exports, else it is "
    f"withheld (shares) or flagged provisional (substitution); below "
    f"{100 * FULL_COVERAGE:.0f} % it is provisional"
)

Status = Literal["complete", "provisional", "insufficient"]
Basis = Literal["exports", "population", "members"]


@dataclass(frozen=True)
class GroupCoverage:
    """Coverage of one group by one year's flows (see the module docstring)."""

    group: str
    year: int
    members: int
    with_data: tuple[str, ...]
    basis: Basis
    member_coverage: float
    value_coverage: float
    flows_usd: float
    reference_usd: float

    @property
    def status(self) -> Status:
        """``complete``, ``provisional`` or ``insufficient`` (the module's rule)."""
        if self.basis == "members":
            return "insufficient" if not self.with_data else "provisional"
        shares = [self.member_coverage, self.value_coverage]
        known = [s for s in shares if np.isfinite(s)]
        if any(s < MIN_COVERAGE for s in known) or not known:
            return "insufficient"
        if len(known) < len(shares) or any(s < FULL_COVERAGE for s in known):
            return "provisional"
        return "complete"

    def note(self) -> str:
        """One sentence: members with data, both coverages, the status."""
        who = ", ".join(self.with_data) if 0 < len(self.with_data) <= 5 else ""
        held = (
            f"they hold {100 * self.member_coverage:.1f} % of its {self.basis}"
            + (f" ({REFERENCE_EXPORTS}, {REFERENCE_YEAR})" if self.basis == "exports" else "")
            if self.basis != "members"
            else "no reference table or population to weigh them"
        )
        carried = (
            f"; the flows carry US${self.flows_usd / 1e9:,.1f} bn, "
            f"{100 * self.value_coverage:.1f} % of the members' {REFERENCE_YEAR} goods exports "
            f"(US${self.reference_usd / 1e9:,.1f} bn)"
            if np.isfinite(self.value_coverage)
            else ""
        )
        verdict = {
            "complete": "complete",
            "provisional": "provisional",
            "insufficient": f"insufficient (below {100 * MIN_COVERAGE:.0f} %)",
        }[self.status]
        return (
            f"{self.group} coverage, {self.year}: {len(self.with_data)} of {self.members} "
            f"members have flows{f' ({who})' if who else ''}; {held}{carried}: {verdict}"
        )

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (shares in per cent)."""
        return {
            "group": self.group,
            "year": self.year,
            "members": self.members,
            "members_with_data": len(self.with_data),
            "basis": self.basis,
            "member_coverage_pct": _pct(self.member_coverage),
            "value_coverage_pct": _pct(self.value_coverage),
            "flows_usd": self.flows_usd,
            "reference_usd": self.reference_usd if self.basis == "exports" else None,
            "status": self.status,
        }


def _pct(share: float) -> float | None:
    return 100 * share if np.isfinite(share) else None


def group_coverage(
    group: str,
    year: int,
    members: Collection[str],
    exports: pd.Series,
    *,
    reference: pd.Series | None = None,
    population: pd.Series | None = None,
) -> GroupCoverage:
    """Coverage of ``members`` by flows whose exporters' totals are ``exports`` (ISO3 → US$).

    ``reference``: every country's goods exports (ISO3 → US$; basis ``exports``); else
    ``population`` (ISO3 → people; basis ``population``); else only the member count.
    """
    wanted = sorted(set(members))
    carried = exports.reindex(wanted).fillna(0.0)
    with_data = tuple(carried.index[carried > 0])
    flows = float(carried.sum())
    weights, basis = (reference, "exports") if reference is not None else (population, "population")
    if weights is None:
        return GroupCoverage(
            group, year, len(wanted), with_data, "members", np.nan, np.nan, flows, np.nan
        )
    held = weights.reindex(wanted).fillna(0.0).astype(float)
    total = float(held.sum())
    member = float(held.reindex(list(with_data)).sum()) / total if total > 0 else 0.0
    value = flows / total if basis == "exports" and total > 0 else np.nan
    return GroupCoverage(
        group,
        year,
        len(wanted),
        with_data,
        basis,  # type: ignore[arg-type]
        member,
        value if basis == "exports" else np.nan,
        flows,
        total if basis == "exports" else np.nan,
    )


def reference_exports(warehouse: Warehouse) -> pd.Series:
    """Total goods exports (US$) by ISO3 in :data:`REFERENCE_EXPORTS` (all HS4 headings)."""
    warehouse.require(REFERENCE_EXPORTS)
    rows = warehouse.query(
        "SELECT country_iso3, sum(value_usd) AS value FROM trade_export WHERE source_id = ? "
        "GROUP BY country_iso3",
        [REFERENCE_EXPORTS],
    )
    return rows.set_index("country_iso3")["value"].astype(float)


def coverage_weights(warehouse: Warehouse, year: int) -> tuple[pd.Series | None, pd.Series | None]:
    """(reference exports, None) when :data:`REFERENCE_EXPORTS` is loaded, else (None,
    population of ``year`` from WDI, else Gapminder), else (None, None)."""
    if warehouse.loaded(REFERENCE_EXPORTS):
        return reference_exports(warehouse), None
    rows = warehouse.query(
        "SELECT indicator, country_iso3, value FROM observation "
        "WHERE indicator IN (SELECT unnest(?)) AND year = ? AND value > 0",
        [list(POPULATION_INDICATORS), year],
    )
    if rows.empty:
        return None, None
    order = {name: n for n, name in enumerate(POPULATION_INDICATORS)}
    rows = rows.assign(order=rows["indicator"].map(order)).sort_values(["country_iso3", "order"])
    first = rows.drop_duplicates("country_iso3")
    return None, first.set_index("country_iso3")["value"].astype(float)
