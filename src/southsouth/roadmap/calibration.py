"""Targets a sherpa can defend: feasible against references, ambitious against the trend.

For every KPI of the planned roadmap, once its target year is known:

1. **Feasibility.** The target is converted to absolute terms and held to its references
   (:mod:`southsouth.roadmap.references`): the best level any country of a million people
   has reached; the frontier rate from the baseline to the target year — or, for data of
   one vintage, which has none, the best level a member of the group of ten million people
   or more has reached (the group converges at most to its best member); for a share of a
   world pool, the pool's total, and the scope's baseline plus, for each ten years to the
   target year, the largest national level ever recorded. A target beyond them is lowered
   to the most restrictive one; a normative international threshold (:data:`NORMATIVE`) or a
   target set in the initiatives file is kept and flagged "beyond historical precedent"
   instead (a user's target is likewise kept, flagged, when the trend already reaches it).
2. **Ambition.** The target must beat the status quo in the target year — the baseline
   where the status quo is not projectable, and any earlier target the plan sets for the
   same indicator and scope — by at least :data:`MARGIN` of the goalpost range. If it does
   not, it is raised to that point plus :data:`BEYOND_TREND` of the remaining distance to
   the best goalpost (held to the references again); if no feasible target beats it, or the
   target is a normative threshold the trend already reaches, the KPI becomes *on track —
   monitor* with that point as its target.
3. **Paths.** The planned path starts in the planning year — at the trend's value there
   when it is projectable — and runs linearly to the target, never below the status quo.
   Earlier years are observations, never plans.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from southsouth.indicators.dashboard import direction_sign
from southsouth.indicators.framework import FrameworkIndicator
from southsouth.language.numbers import figure
from southsouth.roadmap.checks import Check, check
from southsouth.roadmap.evidence import GroupEvidence
from southsouth.roadmap.kpis import USER_BASIS, spec_of
from southsouth.roadmap.model import Kpi, Plan
from southsouth.roadmap.references import Reference, References
from southsouth.roadmap.status_quo import StatusQuo, StatusQuoBook

#: Share of the remaining distance to the best goalpost a target adds beyond the trend.
BEYOND_TREND = 0.25
#: A target beats the trend when it is ahead by at least this share of the goalpost range.
MARGIN = 0.01
#: A member sets the peer precedent only with this many people: small economies' levels per
#: person do not scale to a bloc.
PEER_PEOPLE = 10e6
#: Years in which a scope may add to a world pool at most the largest national level recorded.
POOL_GAIN_YEARS = 10
#: Targets that are international thresholds: kept and flagged when beyond precedent.
NORMATIVE = {"health_worker_density": "the WHO SDG index threshold"}

FEASIBILITY = ("feasibility", "Feasible against world totals, the best level and the frontier")
AMBITION = ("ambition", "Beyond the status quo in the target year")


@dataclass(frozen=True)
class Cap:
    """A bound on a target in the indicator's unit, and why."""

    value: float
    reason: str


def _margin(spec: FrameworkIndicator, reference: float) -> float:
    if spec.goalposts is not None:
        return MARGIN * abs(spec.goalposts.best - spec.goalposts.worst)
    return MARGIN * max(abs(reference), 1.0)


@dataclass
class Calibrator:
    """Feasibility and ambition of every KPI of one roadmap."""

    ev: GroupEvidence
    refs: References
    book: StatusQuoBook
    as_of: date

    def scope(self, kpi: Kpi) -> list[str]:
        """The KPI's countries (the group's members for a group aggregate)."""
        return list(kpi.members) or self.ev.iso3

    def absolute(self, kpi: Kpi, value: float, year: int, ref: Reference) -> float | None:
        """``value`` of the KPI's indicator over its scope in ``year``, in absolute terms."""
        if ref.per is None:
            return None
        return value * self.refs.people(self.scope(kpi), year) / ref.per

    def caps(self, kpi: Kpi, spec: FrameworkIndicator, ref: Reference) -> list[Cap]:
        """Every reference bound on the KPI's target."""
        sign = direction_sign(spec.direction)
        out: list[Cap] = []
        if ref.best is not None:
            out.append(
                Cap(
                    ref.best,
                    f"the best level any country has reached ({ref.best_country}, "
                    f"{figure(ref.best)} {spec.unit}, {ref.best_year})",
                )
            )
        years = kpi.target_year - kpi.baseline_year
        if ref.frontier is not None:
            out.append(
                Cap(
                    ref.frontier.limit(kpi.baseline, years, sign),
                    f"{ref.frontier.describe(spec.unit)} from {kpi.baseline_year}",
                )
            )
        elif (peer := self.best_member(spec, sign)) is not None:
            who = "the participants converge" if kpi.members else "the group average converges"
            out.append(
                Cap(
                    peer[1],
                    f"the best level a member has reached ({peer[0]}, {figure(peer[1])} "
                    f"{spec.unit}): one data vintage gives no frontier rate, so {who} at "
                    "most to the group's best member",
                )
            )
        if ref.pool is not None and ref.per is not None:
            pool = ref.pool
            people = self.refs.people(self.scope(kpi), kpi.target_year)
            now = self.absolute(kpi, kpi.baseline, kpi.baseline_year, ref) or 0.0
            if people > 0:
                out.append(
                    Cap(
                        pool.total * ref.per / people,
                        f"{pool.what}: {figure(pool.total)} in {pool.year}",
                    )
                )
                decades = max(kpi.target_year - kpi.baseline_year, 1) / POOL_GAIN_YEARS
                out.append(
                    Cap(
                        (now + pool.largest * decades) * ref.per / people,
                        f"the scope's {figure(now)} in {kpi.baseline_year} plus, for each ten "
                        f"years, the largest national level recorded ({pool.largest_country}, "
                        f"{figure(pool.largest)} in {pool.largest_year})",
                    )
                )
        return out

    def best_member(self, spec: FrameworkIndicator, sign: int) -> tuple[str, float] | None:
        """The group's best member of :data:`PEER_PEOPLE` or more on ``spec`` (latest value)."""
        values = self.ev.column(spec.id).dropna()
        sized = self.ev.population.reindex(values.index)
        values = values[sized >= PEER_PEOPLE]
        if values.empty:
            return None
        code = str((values * sign).idxmax())
        return code, float(values[code])

    def binding(self, value: float, caps: list[Cap], sign: int) -> Cap | None:
        """The most restrictive cap ``value`` exceeds, or None."""
        over = [c for c in caps if sign * (value - c.value) > 1e-9]
        if not over:
            return None
        return min(over, key=lambda c: sign * c.value)

    def statement(self, kpi: Kpi, spec: FrameworkIndicator, ref: Reference) -> str:
        """The target in absolute terms against its references."""
        target = self.absolute(kpi, kpi.target, kpi.target_year, ref)
        if target is None:
            return ""
        base = self.absolute(kpi, kpi.baseline, kpi.baseline_year, ref) or 0.0
        text = (
            f"{figure(target)} {ref.absolute_unit} in {kpi.target_year} across the scope "
            f"(from {figure(base)} in {kpi.baseline_year})"
        )
        if ref.pool is not None:
            share = target / ref.pool.total if ref.pool.total else 0.0
            text += f"; {share:.0%} of {ref.pool.what} ({figure(ref.pool.total)}, {ref.pool.year})"
        return text

    def calibrate(
        self, kpi: Kpi, subject: str, earlier: tuple[str, Kpi] | None = None
    ) -> tuple[Kpi, list[Check]]:
        """The KPI with a feasible, ambitious target and its path; the checks it passed.

        ``earlier`` is the plan's latest earlier target for the same indicator and scope
        (initiative id and KPI): a later target must go beyond it too.
        """
        spec = spec_of(self.ev, kpi.indicator)
        label = f"{subject}: {spec.name} ({kpi.scope.split(';')[0]})"
        if not spec.direction:
            return kpi, []
        sign = direction_sign(spec.direction)
        ref = self.refs.of(spec)
        caps = self.caps(kpi, spec, ref)
        status = self.book.of(spec, kpi.members or None)
        proposed = kpi.target
        target = proposed
        notes: list[str] = []
        checks: list[Check] = []
        cap = self.binding(target, caps, sign)
        if cap is None:
            checks.append(check(*FEASIBILITY, label, "pass", self._within(caps)))
        elif kpi.basis == USER_BASIS or spec.id in NORMATIVE:
            what = (
                "was set in the initiatives file"
                if kpi.basis == USER_BASIS
                else f"is {NORMATIVE[spec.id]},"
            )
            text = (
                f"{figure(target)} {spec.unit} {what} and is kept, although it is beyond "
                f"historical precedent: {cap.reason} reaches {figure(cap.value)} by "
                f"{kpi.target_year}"
            )
            notes.append(text)
            checks.append(check(*FEASIBILITY, label, "flagged", text))
        else:
            target = cap.value
            text = f"lowered from {figure(proposed)} to {figure(target)} {spec.unit}: {cap.reason}"
            notes.append(text)
            checks.append(check(*FEASIBILITY, label, "adjusted", text))
        trend = status.at(kpi.target_year)
        result_status = kpi.status
        point, against = (
            (trend, f"the status quo {figure(trend)} in {kpi.target_year}")
            if trend is not None
            else (
                kpi.baseline,
                f"the baseline {figure(kpi.baseline)} (no status-quo projection: {status.method})",
            )
        )
        if earlier is not None and sign * (earlier[1].target - point) > 0:
            point = earlier[1].target
            against = (
                f"the plan's earlier target {figure(point)} for {earlier[1].target_year} "
                f"({earlier[0]})"
            )

        if sign * (target - point) >= _margin(spec, point):
            checks.append(
                check(*AMBITION, label, "pass", f"target {figure(target)} beats {against}")
            )
        elif kpi.basis == USER_BASIS:
            text = (
                f"{figure(target)} {spec.unit} was set in the initiatives file and is kept, "
                f"although {against} already reaches it"
            )
            notes.append(text)
            checks.append(check(*AMBITION, label, "flagged", text))
        else:
            best = spec.goalposts.best if spec.goalposts is not None else point
            raised = point + BEYOND_TREND * (best - point)
            over = self.binding(raised, caps, sign)
            if over is not None:
                raised = over.value
            if spec.id not in NORMATIVE and sign * (raised - point) >= _margin(spec, point):
                text = (
                    f"raised from {figure(target)} to {figure(raised)} {spec.unit}: {against} "
                    f"already reaches it; the target adds {BEYOND_TREND:.0%} of the remaining "
                    f"distance to the best goalpost {figure(best)}"
                    + (f", held to {over.reason}" if over is not None else "")
                )
                target = raised
            else:
                why = (
                    f"the target is {NORMATIVE[spec.id]}, which the plan does not raise"
                    if spec.id in NORMATIVE
                    else "no feasible target lies beyond it"
                    + (f" ({over.reason})" if over is not None else "")
                )
                text = f"on track — monitor: {against} meets the target; {why}"
                target, result_status = point, "monitor"
            notes.append(text)
            checks.append(check(*AMBITION, label, "adjusted", text))
        out = replace(
            kpi,
            target=float(target),
            status=result_status,
            proposed=float(proposed),
            adjustments=(*kpi.adjustments, *notes),
        )
        out = replace(out, absolute=self.statement(out, spec, ref), path=self.path(out, status))
        return out, checks

    def path(self, kpi: Kpi, status: StatusQuo) -> tuple[tuple[int, float], ...]:
        """Planning year to target year, linear, never behind the status quo."""
        start = max(self.as_of.year, kpi.baseline_year)
        end = kpi.target_year
        if start >= end:
            return ((end, kpi.target),)
        first = status.at(start)
        begin = kpi.baseline if first is None else first
        better = max if kpi.direction > 0 else min
        points = []
        for year in range(start, end + 1):
            planned = (
                kpi.target
                if year == end
                else begin + (kpi.target - begin) * (year - start) / (end - start)
            )
            trend = status.at(year)
            points.append((year, planned if trend is None else better(planned, trend)))
        return tuple(points)

    def _within(self, caps: list[Cap]) -> str:
        if not caps:
            return "no reference applies (a score or share without a frontier in the data)"
        return "within " + "; ".join(c.reason for c in caps)


def calibrate_plan(plan: Plan, calibrator: Calibrator) -> tuple[Plan, tuple[Check, ...]]:
    """``plan`` with every KPI calibrated, and the feasibility and ambition checks."""
    checks: list[Check] = []
    done: dict[tuple[str, int], Kpi] = {}
    latest: dict[tuple[str, tuple[str, ...]], tuple[str, Kpi]] = {}
    order = sorted(
        (
            (k.target_year, n, i)
            for n, s in enumerate(plan.scheduled)
            for i, k in enumerate(s.initiative.kpis)
        ),
    )
    for _, n, i in order:
        item = plan.scheduled[n]
        kpi = item.initiative.kpis[i]
        key = (kpi.indicator, kpi.members)
        before = latest.get(key)
        earlier = before if before is not None and before[1].target_year < kpi.target_year else None
        result, found = calibrator.calibrate(kpi, item.initiative.id, earlier)
        done[(item.initiative.id, i)] = result
        checks += found
        if result.status == "commitment":
            latest[key] = (item.initiative.id, result)
    scheduled = [
        replace(
            s,
            initiative=replace(
                s.initiative,
                kpis=tuple(done[(s.initiative.id, i)] for i in range(len(s.initiative.kpis))),
            ),
        )
        for s in plan.scheduled
    ]
    return replace(plan, scheduled=tuple(scheduled)), tuple(checks)
