"""The member-level need rule, and how partial or stale evidence marks an initiative.

**Need.** A group aggregate weighted by population can hide the need of many members behind
a few populous ones (China and India hold 44 % of the G77's people). For the indicator an
initiative addresses:

* the initiative **exists** when the group aggregate is red or orange, **or** when at least
  one in five (:data:`RED_SHARE`) of the members with data, and at least three
  (:data:`RED_MIN`), are red;
* its **participants** are the members rated red or orange;
* its rationale states both: the aggregate with its light, and how many members (of those
  with data) are red, which threshold that is, and how many people live in them.

Lights are the SDSN traffic lights on the framework's thresholds (a value on a boundary takes
the better colour) of each member's latest value within the indicator's window, as in the
baseline table's member-level columns (:data:`~southsouth.roadmap.evidence.MEMBER_COLUMNS`).

**Partial or stale data.** An initiative whose finding or KPIs rest on partial or stale
inputs is provisional, and says why (:func:`provisional_note`); its KPIs carry the caveat.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from southsouth.indicators.dashboard import LightThresholds
from southsouth.indicators.framework import FrameworkIndicator
from southsouth.language import content as words
from southsouth.roadmap.catalogue.sentences import part, said
from southsouth.roadmap.evidence import GroupEvidence
from southsouth.roadmap.model import Kpi

#: Share of the members with data that, red, make a gap the group's need.
RED_SHARE = 0.2
#: The fewest red members that make a gap the group's need.
RED_MIN = 3
NEED_RULE = (
    "an initiative on a gap exists when the group aggregate is red or orange, or when at "
    f"least one in {round(1 / RED_SHARE)} members with data (and at least {RED_MIN}) are red; "
    "its participants are the members in red or orange"
)


def amount(spec: FrameworkIndicator, value: float) -> dict[str, object]:
    """``value`` with a short unit: ``7.31 %`` for a percentage, else the bare number."""
    number = words.figure(value)
    return part("percent", figure=number) if spec.unit.startswith("%") else number


@dataclass(frozen=True)
class Need:
    """One indicator's group aggregate and members in red and orange, as the rule reads them."""

    spec: FrameworkIndicator
    group: str
    aggregate: float | None
    light: str | None
    note: str
    measured: int
    red: tuple[str, ...]
    orange: tuple[str, ...]
    red_population: float
    orange_population: float

    @property
    def by_aggregate(self) -> bool:
        """The group aggregate is red or orange."""
        return self.light in ("red", "orange")

    @property
    def by_members(self) -> bool:
        """At least one in five members with data, and at least three, are red."""
        return len(self.red) >= RED_MIN and len(self.red) >= RED_SHARE * self.measured

    @property
    def exists(self) -> bool:
        """Whether an initiative on this gap exists under the rule."""
        return self.by_aggregate or self.by_members

    @property
    def participants(self) -> tuple[str, ...]:
        """Members in red or orange."""
        return tuple(sorted({*self.red, *self.orange}))

    def bound(self, colour: str) -> dict[str, object]:
        """The values a colour takes: ``above 20 %`` (red) or ``above 12.5 %`` (orange or worse)."""
        spec = self.spec
        if spec.green is None or spec.red is None:
            raise ValueError(f"{spec.id} has no traffic-light thresholds")
        edge = spec.red if colour == "red" else LightThresholds(spec.green, spec.red).midpoint
        side = "above" if spec.direction < 0 else "below"
        return part(f"bound.{side}", amount=amount(spec, edge))

    def aggregate_words(self) -> dict[str, object]:
        """``7.31 % population-weighted (yellow)``, or why there is no aggregate."""
        if self.aggregate is None:
            why = self.note.split(";")[0].removeprefix("no aggregate: ")
            return part("aggregate.none", why=why)
        how = "rate" if self.spec.kind == "rate" else "total"
        return part(
            f"aggregate.{how}",
            amount=amount(self.spec, self.aggregate),
            light=part(f"colour.{self.light or 'none'}"),
        )

    def members_words(self) -> dict[str, object]:
        """``40 of 133 members with data are red (above 20 %), 878.3 million people``."""
        red = part(
            "need.red.one" if len(self.red) == 1 else "need.red",
            red=len(self.red),
            measured=self.measured,
            bound=self.bound("red"),
            people=words.head_count(self.red_population),
        )
        if not self.orange:
            return red
        orange = part(
            "need.orange.one" if len(self.orange) == 1 else "need.orange",
            orange=len(self.orange),
            bound=self.bound("orange"),
            people=words.head_count(self.orange_population),
        )
        return part("need.red_and_orange", red=red, orange=orange)

    def summary_words(self) -> dict[str, object]:
        """Aggregate and members together: ``… (yellow), but 40 of 133 members …``."""
        joint = "but" if not self.by_aggregate and self.by_members else "and"
        return part(f"need.{joint}", aggregate=self.aggregate_words(), members=self.members_words())

    def aggregate_text(self) -> str:
        """:meth:`aggregate_words` in English."""
        return said(self.aggregate_words())

    def members_text(self) -> str:
        """:meth:`members_words` in English."""
        return said(self.members_words())

    def summary(self) -> str:
        """:meth:`summary_words` in English."""
        return said(self.summary_words())

    def reason_not(self) -> str:
        """Why no initiative: neither the aggregate nor enough members are in need."""
        return (
            f"{self.spec.name} in {self.group}: {self.aggregate_text()}; "
            f"{self.members_text()}: neither a red or orange aggregate nor one in "
            f"{round(1 / RED_SHARE)} members with data (at least {RED_MIN}) red"
        )


def need(ev: GroupEvidence, indicator: str) -> Need | None:
    """The rule's reading of ``indicator`` for ``ev``'s group (None: no member has data)."""
    spec = ev.framework.indicator(indicator)
    row = ev.baseline_row(indicator)
    if row is None or not row.get("members_with_data") or row.get("n_red") is None:
        return None
    value = row["value"]
    return Need(
        spec=spec,
        group=ev.name,
        aggregate=None if value is None or pd.isna(value) else float(value),
        light=row["light"] if isinstance(row["light"], str) else None,
        note=str(row["note"]),
        measured=int(row["members_with_data"]),
        red=tuple(row["red_members"]),
        orange=tuple(row["orange_members"]),
        red_population=float(row["red_population"]),
        orange_population=float(row["orange_population"]),
    )


def stale(ev: GroupEvidence, indicator: str, finding: object) -> dict[str, object] | None:
    """``finding`` rests on data from <year>, n years before the plan (None when recent).

    The year is the newest of the members' latest values; stale means more than
    :data:`~southsouth.roadmap.evidence.STALE_AFTER_YEARS` years before the planning year.
    """
    rows = ev.latest[(ev.latest["indicator"] == indicator) & ev.latest["value"].notna()]
    if rows.empty:
        return None
    year = int(rows["year"].max())
    age = ev.staleness(year)
    if age is None:
        return None
    return part("stale", finding=finding, year=year, age=int(age), plan_year=int(ev.year))


def provisional_note(reason: str, kpis: Sequence[Kpi | None]) -> str:
    """The provisional note: ``reason``, then each other caveat of ``kpis`` once, with the
    KPIs it applies to."""
    named: dict[str, list[str]] = {}
    for kpi in kpis:
        if kpi is None or not kpi.caveat:
            continue
        rest = kpi.caveat.replace(reason, "").strip("; ") if reason else kpi.caveat
        if rest and kpi.name not in named.setdefault(rest, []):
            named[rest].append(kpi.name)
    caveats = [f"{' and '.join(names)}: {text}" for text, names in named.items()]
    caveats = [c for c in caveats if c not in reason]  # a note built on another's keeps it once
    return "; ".join(t for t in (reason, *caveats) if t)
