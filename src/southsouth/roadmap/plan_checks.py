"""The plan checks run on every finished roadmap (``Roadmap.checks``).

Feasibility and ambition are settled while the targets are calibrated
(:mod:`southsouth.roadmap.calibration`, which records what it changed); the checks here
verify the finished plan holds every rule, and fail when it does not:

* ``paths`` — KPI paths start no earlier than the planning year, never fall behind the
  status quo, and the roadmap line never drops after its target year;
* ``distinct-pairs`` — rivalry counts are distinct pairs, never above the pairs in the data;
* ``capacity-scale`` — pharmaceutical hubs are the members exporting at scale with RCA ≥ 1;
* ``whole-horizon`` — every phase of the plan carries at least one initiative;
* ``forum-fit`` — every assignment says why its forum fits, and a bloc's own summit carries
  the initiatives whose participants are all members;
* ``partial-data`` — initiatives on partial or stale inputs are marked provisional;
* ``one-number`` — one KPI (indicator and scope) has one baseline across the roadmap.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from southsouth.language.numbers import figure
from southsouth.roadmap.calendar import Forum
from southsouth.roadmap.catalogue.health import HUB_MIN_USD, HUB_RCA
from southsouth.roadmap.checks import Check, check
from southsouth.roadmap.evidence import RIVALRIES, GroupEvidence
from southsouth.roadmap.kpis import spec_of
from southsouth.roadmap.model import Plan
from southsouth.roadmap.scenarios import Scenarios
from southsouth.roadmap.status_quo import StatusQuoBook

PATHS = ("paths", "Paths: observed before the planning date, never behind the status quo")
PAIRS = ("distinct-pairs", "Pair counts count each pair once")
CAPACITY = ("capacity-scale", "Hubs chosen by absolute capacity and specialisation")
HORIZON = ("whole-horizon", "Every phase carries initiatives")
FIT = ("forum-fit", "Each forum fits its initiative")
PARTIAL = ("partial-data", "Partial or stale inputs labelled where used")
ONE = ("one-number", "One baseline per KPI and scope")
#: Tolerance when comparing paths with the status quo (share of the value).
TOLERANCE = 1e-6

Rule = Callable[["Context"], list[Check]]


@dataclass(frozen=True)
class Context:
    """What the checks read: the evidence, the plan, the scenarios and the projections."""

    ev: GroupEvidence
    plan: Plan
    scenarios: Scenarios
    book: StatusQuoBook
    forums: dict[str, Forum]


def paths(ctx: Context) -> list[Check]:
    """KPI paths from the planning year on, never behind the status quo; lines never drop."""
    out = []
    start = ctx.plan.as_of.year
    for item in ctx.plan.scheduled:
        for kpi in item.initiative.kpis:
            spec = spec_of(ctx.ev, kpi.indicator)
            subject = f"{item.initiative.id}: {spec.name}"
            status = ctx.book.of(spec, kpi.members or None)
            early = [y for y, _ in kpi.path if y < start]
            behind = [
                y
                for y, v in kpi.path
                if (t := status.at(y)) is not None
                and kpi.direction * (t - v) > TOLERANCE * max(abs(t), 1.0)
            ]
            if early or behind:
                out.append(
                    check(
                        *PATHS,
                        subject,
                        "failed",
                        (f"planned values before {start}: {early}; " if early else "")
                        + (f"behind the status quo in {behind}" if behind else ""),
                    )
                )
            else:
                out.append(check(*PATHS, subject, "pass", f"path {start}–{kpi.target_year}"))
    rows = ctx.scenarios.rows
    if not rows.empty:
        for indicator, line in rows[rows["scenario"] == "roadmap"].groupby("indicator"):
            spec = spec_of(ctx.ev, str(indicator))
            values = line.sort_values("year")["value"].tolist()
            sign = 1 if spec.direction > 0 else -1
            drops = sum(1 for a, b in pairwise(values) if sign * (b - a) < 0)
            target_year = next(
                int(r.target_year)
                for r in ctx.scenarios.summary.itertuples()
                if r.indicator == indicator
            )
            after = line[line["year"] >= target_year].sort_values("year")["value"].tolist()
            falls = sum(1 for a, b in pairwise(after) if sign * (b - a) < 0)
            subject = f"roadmap line: {spec.name}"
            if falls:
                out.append(
                    check(*PATHS, subject, "failed", f"drops {falls} times after {target_year}")
                )
            else:
                detail = "never drops after the target year"
                out.append(
                    check(
                        *PATHS,
                        subject,
                        "pass",
                        detail + (f" ({drops} dips before)" if drops else ""),
                    )
                )
    return out


def distinct_pairs(ctx: Context) -> list[Check]:
    """Rivalry baselines are distinct pairs, at most the pairs touching the group."""
    if ctx.ev.rivalries.empty:
        return []
    touching, _ = ctx.ev.rivalry_pairs(ctx.ev.iso3)
    total = len(ctx.ev.rivalries)
    out = []
    for item in ctx.plan.scheduled:
        for kpi in item.initiative.kpis:
            if kpi.indicator != RIVALRIES:
                continue
            expected, _ = ctx.ev.rivalry_pairs(list(kpi.members) or ctx.ev.iso3)
            ok = kpi.baseline == expected and expected <= touching <= total
            out.append(
                check(
                    *PAIRS,
                    item.initiative.id,
                    "pass" if ok else "failed",
                    f"{figure(kpi.baseline)} rivalries; {expected} distinct ongoing pairs touch "
                    f"the scope, {touching} the group, {total} in the data",
                )
            )
    return out


def capacity_scale(ctx: Context) -> list[Check]:
    """Pharmaceutical hubs: exporters at scale with RCA ≥ 1, the largest among them first."""
    hubs = next((s for s in ctx.plan.scheduled if s.initiative.id == "pharma-hubs"), None)
    if hubs is None:
        return []
    exports = ctx.ev.pharma_exports_usd
    rca = ctx.ev.column("pharma_specialisation")
    established = [
        c for c in exports.index if exports[c] >= HUB_MIN_USD and rca.get(c, 0.0) >= HUB_RCA
    ]
    chosen = [c for c in hubs.initiative.participants if c in established]
    largest = max(established, key=lambda c: exports[c]) if established else None
    ok = not established or (largest in hubs.initiative.participants and len(chosen) > 0)
    names = ctx.ev.names()
    return [
        check(
            *CAPACITY,
            "pharma-hubs",
            "pass" if ok else "failed",
            f"{len(established)} members export at least US${HUB_MIN_USD / 1e6:.0f} million of "
            f"HS 30 with RCA ≥ {HUB_RCA:g}"
            + (f"; the largest, {names.get(largest, largest)}, is a hub" if ok and largest else ""),
        )
    ]


def whole_horizon(ctx: Context) -> list[Check]:
    """Every phase of the plan has at least one scheduled initiative."""
    out = []
    for phase in ctx.plan.phases:
        n = sum(1 for s in ctx.plan.scheduled if s.phase == phase.id)
        out.append(
            check(
                *HORIZON,
                f"{phase.name} ({phase.start}–{phase.end})",
                "pass" if n else "failed",
                f"{n} initiatives start in it",
            )
        )
    return out


def forum_fit(ctx: Context) -> list[Check]:
    """Every assignment states why it fits; a bloc's summit carries all-member initiatives."""
    own = [
        f.forum_id for f in ctx.forums.values() if f.pathway == "bloc" and f.bloc_id == ctx.ev.group
    ]
    members = set(ctx.ev.iso3)
    out = []
    for s in ctx.plan.scheduled:
        reasons = []
        if not s.fit:
            reasons.append("no reason given for the forum")
        if (
            own
            and ctx.ev.kind == "bloc"
            and set(s.initiative.participants) <= members
            and s.meeting.forum_id not in own
            and any(f in s.initiative.forums for f in own)
        ):
            reasons.append(f"all participants are members but {s.meeting.forum_id} carries it")
        out.append(
            check(
                *FIT,
                s.initiative.id,
                "failed" if reasons else "pass",
                "; ".join(reasons) or f"{s.meeting.forum_id}: {s.fit}",
            )
        )
    return out


def partial_data(ctx: Context) -> list[Check]:
    """Provisional initiatives and caveated KPIs, listed with their reasons."""
    out = []
    for s in ctx.plan.scheduled:
        caveats = [k.caveat for k in s.initiative.kpis if k.caveat]
        if s.initiative.provisional or caveats:
            if s.initiative.provisional:
                status, detail = "flagged", s.initiative.provisional
            else:
                status = "failed"
                detail = "KPIs on partial data but the initiative is not provisional: " + "; ".join(
                    dict.fromkeys(caveats)
                )
            out.append(check(*PARTIAL, s.initiative.id, status, detail))  # type: ignore[arg-type]
    return out


def one_number(ctx: Context) -> list[Check]:
    """The same indicator over the same scope has the same baseline everywhere."""
    seen: dict[tuple[str, tuple[str, ...]], set[float]] = {}
    for s in ctx.plan.scheduled:
        for kpi in s.initiative.kpis:
            seen.setdefault((kpi.indicator, kpi.members), set()).add(round(kpi.baseline, 9))
    summary = ctx.scenarios.summary
    if not summary.empty:
        for r in summary.itertuples():
            seen.setdefault((str(r.indicator), ()), set()).add(round(float(r.baseline), 9))
    out = []
    for (indicator, members), values in seen.items():
        scope = f"{len(members)} members" if members else "the group"
        name = spec_of(ctx.ev, indicator).name
        out.append(
            check(
                *ONE,
                f"{name} ({scope})",
                "pass" if len(values) == 1 else "failed",
                "baseline " + ", ".join(figure(v) for v in sorted(values)),
            )
        )
    return out


RULES: tuple[Rule, ...] = (
    paths,
    distinct_pairs,
    capacity_scale,
    whole_horizon,
    forum_fit,
    partial_data,
    one_number,
)


def run_checks(ctx: Context) -> tuple[Check, ...]:
    """Every rule's checks, in the order of :data:`RULES`."""
    return tuple(c for rule in RULES for c in rule(ctx))
