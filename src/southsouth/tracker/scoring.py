"""Compliance scores (G7/G20/BRICS Research Group method) and KPI progress of commitments.

Compliance (methods §16)
    Each assessment scores one actor a on one commitment m: c_am ∈ {−1, 0, +1}. Then

    * by **actor**:       C_a = mean over the commitments it was assessed on of c_am
    * by **commitment**:  C_m = mean over its assessed actors of c_am
    * by **forum** and by **pillar**: the mean of every assessment (actor × commitment pair)
      of the forum's (pillar's) commitments — pooled, so a commitment with more assessed
      actors weighs more; the mean of the commitment scores would weigh them equally.

    and compliance % = (C + 1) / 2 × 100. Every row shows its coverage: ``n`` assessments out
    of ``expected`` actor × commitment pairs (a commitment's listed actors).
    ``period`` picks the assessments: ``interim``, ``final``, or ``latest`` (the final one of
    a pair when there is one, else the interim).

KPI progress
    A commitment linked to an indicator gets, per country actor, the progress of its series
    in the observation rows the caller gives (base year = the KPI's baseline year, target
    and target year from the KPI, else the deadline's year) by the ``measure`` the caller
    gives: the UNSD/ESCAP progress measure, which the indicators package implements and
    :mod:`southsouth.service.tracker_progress` passes. A baseline the KPI states but the
    data lack is added to the series as the base-year value; the ``rating`` given names the
    status of the actors' mean score. The tracker itself reads no indicator data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import pandas as pd
from pydantic import BaseModel
from sqlalchemy import Connection, and_, select

from southsouth.errors import InputError
from southsouth.tracker.access import Principal, require
from southsouth.tracker.database import Database
from southsouth.tracker.records import Commitment
from southsouth.tracker.rows import ACTORS, TABLE
from southsouth.tracker.vocabulary import DIRECTIONS, actor_bloc

Dimension = Literal["actor", "commitment", "forum", "pillar"]
DIMENSIONS: tuple[str, ...] = Dimension.__args__  # type: ignore[attr-defined]
PeriodChoice = Literal["latest", "interim", "final"]


@dataclass(frozen=True)
class Scored:
    """One assessment: who, on which commitment, in which period, with what score."""

    commitment_id: str
    actor: str
    period: str
    score: int


@dataclass(frozen=True)
class Listed:
    """A commitment in view, with what it is grouped by and its actors (for coverage)."""

    commitment_id: str
    forum_id: str
    pillar: str
    actors: tuple[str, ...]

    def key(self, by: str) -> str:
        """The group of this commitment for ``forum``, ``pillar`` or ``commitment``."""
        return {"forum": self.forum_id, "pillar": self.pillar}.get(by, self.commitment_id)


class ComplianceRow(BaseModel):
    """Compliance of one actor, commitment, forum or pillar."""

    key: str
    n: int
    expected: int
    coverage: float
    mean_score: float
    compliance_pct: float
    full: int
    partial: int
    none: int


class ComplianceReport(BaseModel):
    """Compliance by one dimension, with the overall figure and the method."""

    by: Dimension
    period: PeriodChoice
    rows: list[ComplianceRow]
    overall: ComplianceRow | None
    method: str


def compliance_pct(mean_score: float) -> float:
    """(C + 1) / 2 × 100."""
    return (mean_score + 1.0) / 2.0 * 100.0


def pick_period(assessments: Iterable[Scored], period: PeriodChoice) -> list[Scored]:
    """The assessments of ``period``; ``latest`` keeps one per actor × commitment."""
    if period in ("interim", "final"):
        return [a for a in assessments if a.period == period]
    chosen: dict[tuple[str, str], Scored] = {}
    for a in assessments:
        key = (a.commitment_id, a.actor)
        if key not in chosen or a.period == "final":
            chosen[key] = a
    return list(chosen.values())


def _row(key: str, scores: Sequence[int], expected: int) -> ComplianceRow:
    mean = sum(scores) / len(scores)
    return ComplianceRow(
        key=key,
        n=len(scores),
        expected=expected,
        coverage=len(scores) / expected if expected else 0.0,
        mean_score=mean,
        compliance_pct=compliance_pct(mean),
        full=sum(1 for s in scores if s == 1),
        partial=sum(1 for s in scores if s == 0),
        none=sum(1 for s in scores if s == -1),
    )


def compliance(
    assessments: Iterable[Scored],
    commitments: Iterable[Listed],
    *,
    by: Dimension,
    period: PeriodChoice = "latest",
) -> ComplianceReport:
    """Compliance by ``by`` from ``assessments`` of the ``commitments`` in view (assessed or
    not: their listed actors give the coverage)."""
    if by not in DIMENSIONS:
        raise InputError(f"cannot group compliance by {by!r}", hint=f"use {', '.join(DIMENSIONS)}")
    listed = {c.commitment_id: c for c in commitments}
    picked = [a for a in pick_period(assessments, period) if a.commitment_id in listed]
    expected: dict[str, int] = {}
    for c in listed.values():
        if by == "actor":
            for actor in c.actors:
                expected[actor] = expected.get(actor, 0) + 1
        else:
            expected[c.key(by)] = expected.get(c.key(by), 0) + len(c.actors)
    groups: dict[str, list[int]] = {}
    for a in picked:
        key = a.actor if by == "actor" else listed[a.commitment_id].key(by)
        groups.setdefault(key, []).append(a.score)
    rows = [
        _row(key, groups[key], max(expected.get(key, 0), len(groups[key])))
        for key in sorted(groups)
    ]
    scores = [a.score for a in picked]
    pairs = sum(len(c.actors) for c in listed.values())
    overall = _row("all", scores, pairs) if scores else None
    return ComplianceReport(by=by, period=period, rows=rows, overall=overall, method=METHOD[by])


METHOD = {
    "actor": "C_a = mean of the actor's scores over its commitments; % = (C + 1) / 2 × 100",
    "commitment": "C_m = mean of the commitment's scores over its actors; % = (C + 1) / 2 × 100",
    "forum": "mean of every actor × commitment score of the forum's commitments (pooled); "
    "% = (C + 1) / 2 × 100",
    "pillar": "mean of every actor × commitment score of the pillar's commitments (pooled); "
    "% = (C + 1) / 2 × 100",
}


def compliance_report(
    db: Database,
    who: Principal,
    *,
    by: Dimension = "actor",
    period: PeriodChoice = "latest",
    forum_id: str | None = None,
    pillar: str | None = None,
    include_drafts: bool = False,
) -> ComplianceReport:
    """Compliance of the commitments in the tracker ``db`` (published ones, unless
    ``include_drafts``, which needs the viewer role), of one forum or pillar if given."""
    if include_drafts:
        require(who, "viewer", "compliance including drafts")
    commitments, assessments = TABLE["commitment"], TABLE["assessment"]
    where = []
    if not include_drafts:
        where.append(commitments.c.status == "published")
    if forum_id is not None:
        where.append(commitments.c.forum_id == forum_id)
    if pillar is not None:
        where.append(commitments.c.pillar == pillar)
    with db.reading() as conn:
        listed_rows = conn.execute(
            select(commitments.c.id, commitments.c.forum_id, commitments.c.pillar).where(*where)
        ).all()
        actors = _actor_lists(conn, where)
        scored_where = [*where]
        if not include_drafts:
            scored_where.append(assessments.c.status == "published")
        scored = conn.execute(
            select(
                assessments.c.commitment_id,
                assessments.c.actor,
                assessments.c.period,
                assessments.c.score,
            )
            .join(commitments, commitments.c.id == assessments.c.commitment_id)
            .where(*scored_where)
        ).all()
    listed = [Listed(r.id, r.forum_id, r.pillar, tuple(actors.get(r.id, ()))) for r in listed_rows]
    return compliance(
        (Scored(r.commitment_id, r.actor, r.period, r.score) for r in scored),
        listed,
        by=by,
        period=period,
    )


def _actor_lists(conn: Connection, where: Sequence[Any]) -> dict[str, list[str]]:
    commitments = TABLE["commitment"]
    query = (
        select(ACTORS.c.commitment_id, ACTORS.c.actor)
        .join(commitments, and_(commitments.c.id == ACTORS.c.commitment_id))
        .where(*where)
        .order_by(ACTORS.c.commitment_id, ACTORS.c.position)
    )
    out: dict[str, list[str]] = {}
    for commitment_id, actor in conn.execute(query):
        out.setdefault(commitment_id, []).append(actor)
    return out


# --- KPI progress ---------------------------------------------------------------------------


class MeasuredProgress(Protocol):
    """What a progress measure tells of one series (the fields :class:`ActorProgress` shows)."""

    @property
    def status(self) -> str: ...

    @property
    def score(self) -> float | None: ...

    @property
    def value(self) -> float | None: ...

    @property
    def base_year(self) -> int | None: ...

    @property
    def base_value(self) -> float | None: ...

    @property
    def current_year(self) -> int | None: ...

    @property
    def current_value(self) -> float | None: ...

    @property
    def note(self) -> str: ...


class ProgressMeasure(Protocol):
    """Progress of one series (year → value) whose better ``direction`` is ``higher`` or
    ``lower``, towards ``target`` by ``target_year`` from ``base_year``."""

    def __call__(
        self,
        series: pd.Series,
        direction: str,
        *,
        target: float | None,
        base_year: int,
        target_year: int,
    ) -> MeasuredProgress: ...


#: The status of a mean score (None: nothing measured), given whether every measured actor
#: has met the target.
ScoreRating = Callable[[float | None, bool], str]


class ActorProgress(BaseModel):
    """Progress of one actor on a commitment's KPI."""

    actor: str
    status: str
    score: float | None
    value: float | None
    base_year: int | None
    base_value: float | None
    current_year: int | None
    current_value: float | None
    note: str


class KpiProgress(BaseModel):
    """Progress of every country actor of a KPI-linked commitment, and their mean score."""

    commitment_id: str
    indicator: str
    direction: str
    target: float | None
    target_year: int
    actors: list[ActorProgress]
    mean_score: float | None
    status: str


def kpi_direction(commitment: Commitment, default: str | None = None) -> str:
    """``higher`` or ``lower``: the KPI's own, else ``default``, else baseline → target."""
    kpi = commitment.kpi
    if kpi is None:
        raise InputError(
            f"commitment {commitment.id} has no KPI link",
            hint="add one with an indicator, baseline and target (kpi field)",
        )
    if kpi.direction is not None:
        return kpi.direction
    if default is not None:
        if default not in DIRECTIONS:
            raise InputError(
                f"unknown direction {default!r}",
                hint="use 'higher' (higher is better) or 'lower' (lower is better)",
            )
        return default
    if kpi.baseline is not None and kpi.target is not None and kpi.target != kpi.baseline:
        return "higher" if kpi.target > kpi.baseline else "lower"
    raise InputError(
        f"cannot tell whether higher or lower {kpi.indicator} is better for {commitment.id}",
        hint="set kpi.direction to 'higher' or 'lower'",
    )


def kpi_progress(
    commitment: Commitment,
    observations: pd.DataFrame,
    *,
    measure: ProgressMeasure,
    rating: ScoreRating,
    direction: str | None = None,
) -> KpiProgress:
    """Progress of each country actor from ``observations`` (country_iso3, year, value rows
    of the KPI's indicator) by ``measure``, the mean score's status by ``rating``;
    ``direction`` (``higher`` or ``lower``) is used when the KPI does not state one."""
    way = kpi_direction(commitment, direction)
    kpi = commitment.kpi
    assert kpi is not None
    target_year = kpi.target_year or (commitment.deadline.year if commitment.deadline else 2030)
    base_year = kpi.baseline_year or 2015
    missing = {"country_iso3", "year", "value"} - set(observations.columns)
    if missing:
        raise InputError(
            f"observation rows lack the columns {sorted(missing)}",
            hint="pass rows with country_iso3, year and value",
        )
    rows: list[ActorProgress] = []
    for actor in commitment.actors:
        if actor_bloc(actor) is not None:
            rows.append(_no_progress(actor, "a bloc: progress is measured for its countries"))
            continue
        mine = observations[observations["country_iso3"] == actor]
        series = pd.Series(
            pd.to_numeric(mine["value"], errors="coerce").to_numpy(float),
            index=mine["year"].astype(int).to_numpy(),
        ).dropna()
        if kpi.baseline is not None and base_year not in series.index:
            series.loc[base_year] = kpi.baseline
        series = series.sort_index()
        result = measure(
            series, way, target=kpi.target, base_year=base_year, target_year=target_year
        )
        rows.append(_progress_row(actor, result))
    scores = [r.score for r in rows if r.score is not None]
    mean = sum(scores) / len(scores) if scores else None
    achieved = bool(rows) and all(
        r.status == "target_achieved" for r in rows if r.score is not None
    )
    return KpiProgress(
        commitment_id=commitment.id,
        indicator=kpi.indicator,
        direction=way,
        target=kpi.target,
        target_year=target_year,
        actors=rows,
        mean_score=mean,
        status=rating(mean, achieved and mean is not None),
    )


def _progress_row(actor: str, result: MeasuredProgress) -> ActorProgress:
    return ActorProgress(
        actor=actor,
        status=result.status,
        score=result.score,
        value=result.value,
        base_year=result.base_year,
        base_value=result.base_value,
        current_year=result.current_year,
        current_value=result.current_value,
        note=result.note,
    )


def _no_progress(actor: str, note: str) -> ActorProgress:
    return ActorProgress(
        actor=actor,
        status="not_available",
        score=None,
        value=None,
        base_year=None,
        base_value=None,
        current_year=None,
        current_value=None,
        note=note,
    )
