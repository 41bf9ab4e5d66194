"""The report as one self-contained HTML page (and the same page as PDF)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import Any

import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from southsouth.jsonable import records
from southsouth.provenance import STALE_AFTER_YEARS
from southsouth.report.figures import Figure
from southsouth.roadmap.build import Roadmap
from southsouth.roadmap.checks import STATUSES, Check, counts
from southsouth.roadmap.model import PILLARS, Kpi, Scheduled
from southsouth.roadmap.wording import people
from southsouth.roadmap.workforce_facts import (
    WorkforceFacts,
    region_label,
    short_citation,
    workforce_facts,
)
from southsouth.version import __version__

#: The report's sections, in order: anchor id and heading (pillars are added between).
SECTIONS = (
    ("summary", "Executive summary"),
    ("timeline", "Timeline"),
    ("pillars", "The eight pillars"),
    ("scenarios", "Status quo and roadmap"),
    ("bottlenecks", "Bottlenecks and how the plan meets them"),
    ("pathways", "Implementation pathways and calendar"),
    ("checks", "Plan checks"),
    ("data-notes", "Data notes, vintages and licences"),
)


def number(value: Any, digits: int = 3) -> str:
    """A number with ``digits`` significant figures and thousands separators; '—' when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    x = float(value)
    if x == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(x)))
    decimals = max(0, digits - 1 - magnitude)
    return f"{x:,.{decimals}f}"


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("southsouth.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["number"] = number
    return env


def scope_parts(scope: str) -> tuple[str, str]:
    """Whose value a KPI baseline is (before the first ``; ``) and how it was aggregated."""
    who, _, how = scope.partition("; ")
    return who, how


def _kpi(kpi: Kpi) -> dict[str, Any]:
    """A KPI for the template: its fields, its scope split, and whether the checks moved it."""
    who, how = scope_parts(kpi.scope)
    return {
        **kpi.as_dict(),
        "scope_label": who,
        "scope_note": how,
        "adjusted": kpi.proposed is not None and kpi.proposed != kpi.target,
    }


def _initiative(s: Scheduled, names: dict[str, str]) -> dict[str, Any]:
    item = s.initiative
    return {
        **item.as_dict(),
        "kpis": [_kpi(k) for k in item.kpis],
        "fit": s.fit,
        "forum_name": s.meeting.forum_name,
        "date": s.meeting.day.isoformat(),
        "indicative": s.meeting.indicative,
        "start": s.start.year,
        "end": s.end.year,
        "phase": s.phase,
        "reason": s.reason,
        "participant_names": [names.get(p, p) for p in item.participants],
    }


def _pillar_section(roadmap: Roadmap, pillar: str, figures: dict[str, Figure]) -> dict[str, Any]:
    ev = roadmap.evidence
    spec = ev.framework.pillar(pillar)
    baseline = ev.baseline[ev.baseline["pillar"] == pillar]
    names = ev.names()
    initiatives = [
        _initiative(s, names) for s in roadmap.plan.scheduled if s.initiative.pillar == pillar
    ]
    unscheduled = [u for u in roadmap.plan.unscheduled if u.initiative.pillar == pillar]
    gaps = baseline[baseline["light"].isin(["red", "orange"])]
    charts = [figures[k] for k in (f"map-{pillar}",) if k in figures]
    if pillar == "health" and "health-workforce" in figures:
        charts.append(figures["health-workforce"])
    facts = workforce_facts(ev) if pillar == "health" else None
    return {
        "id": pillar,
        "name": spec.name,
        "description": spec.description,
        "not_measured": list(spec.not_measured),
        "baseline": records(baseline),
        "gaps": records(gaps),
        "opportunities": [
            {"claim": e["claim"], "sources": e["sources"], "initiative": i["title"]}
            for i in initiatives
            for e in i["evidence"]
        ],
        "initiatives": initiatives,
        "unscheduled": [{"title": u.initiative.title, "reason": u.reason} for u in unscheduled],
        "not_proposed": [
            {"title": s.title, "reason": s.reason}
            for s in roadmap.catalogue.skipped
            if s.pillar == pillar
        ],
        "charts": charts,
        "workforce": _workforce(facts) if facts is not None else None,
    }


def _workforce(facts: WorkforceFacts) -> dict[str, Any]:
    """The health-workforce figures with their scope, and each published estimate beside them."""
    comparisons = []
    for c in facts.comparisons:
        year, countries = c.published.year, c.countries_with_data + c.countries_without_data
        comparisons.append(
            {
                "region": region_label(c.published.group),
                "source": short_citation(c.published.citation),
                "citation": c.published.citation,
                "rows": [
                    (
                        "Countries",
                        f"{countries} ({region_label(c.published.group)} region)",
                        f"the same {countries}, {c.countries_with_data} with density data",
                    ),
                    ("Workers counted", c.published.cadres, "doctors, nurses and midwives"),
                    (
                        "Method",
                        c.published.method,
                        f"need: {c.threshold_per_1000:g} per 1,000 × population; supply: each "
                        "country's latest density on its own trend",
                    ),
                    (f"Need in {year}", people(c.published.need), people(c.need)),
                    (f"Supply in {year}", people(c.published_supply), people(c.supply)),
                    (f"Shortage in {year}", people(c.published.shortage), people(c.shortage)),
                    (
                        "Coverage (supply / need)",
                        f"{100 * c.published.coverage:.0f} %",
                        f"{100 * c.coverage:.0f} %",
                    ),
                ],
                "reasons": list(c.reasons),
            }
        )
    return {"year": facts.year, "lines": list(facts.lines()), "comparisons": comparisons}


def _summary(roadmap: Roadmap) -> dict[str, Any]:
    ev, plan = roadmap.evidence, roadmap.plan
    phases = Counter(s.phase for s in plan.scheduled)
    first = [s for s in plan.scheduled if s.phase == plan.phases[0].id]
    headline: list[str] = []
    facts = workforce_facts(ev)
    if facts is not None and facts.shortage > 0:
        headline.append(f"{ev.name}: {facts.shortage_text()}; {facts.coverage_text()}.")
        headline.extend(facts.published_texts())
    reds = ev.baseline[ev.baseline["light"] == "red"]
    if len(reds):
        headline.append(
            f"{len(reds)} of {ev.baseline['value'].notna().sum()} indicators with a group "
            f"aggregate are red (major challenge): {', '.join(reds['name'].head(6))}"
            + ("…" if len(reds) > 6 else "")
            + "."
        )
    return {
        "members": len(ev.iso3),
        "scheduled": len(plan.scheduled),
        "unscheduled": len(plan.unscheduled),
        "not_proposed": len(roadmap.catalogue.skipped),
        "pillars_covered": len({s.initiative.pillar for s in plan.scheduled}),
        "by_phase": [
            {"name": f"{p.name} ({p.start}–{p.end})", "count": phases.get(p.id, 0)}
            for p in plan.phases
        ],
        "headline": headline,
        "first_phase": [_initiative(s, ev.names()) for s in first],
        "bottlenecks": [
            {"name": b.name, "finding": b.findings[0] if b.findings else ""}
            for b in roadmap.bottlenecks
        ],
    }


def _pathways(roadmap: Roadmap) -> dict[str, Any]:
    plan = roadmap.plan
    used: dict[str, list[str]] = {}
    for s in plan.scheduled:
        used.setdefault(s.meeting.forum_id, []).append(s.initiative.title)
    forums = [
        {
            "name": f.name,
            "pathway": f.pathway,
            "recurrence": f.recurrence,
            "status": f.status,
            "source": f.source,
            "source_url": f.source_url,
            "initiatives": used[f.forum_id],
        }
        for f in roadmap.forums.values()
        if f.forum_id in used
    ]
    sessions = sorted(
        {(s.meeting.day, s.meeting.forum_name, s.meeting.indicative) for s in plan.scheduled}
    )
    return {
        "forums": forums,
        "sessions": [
            {
                "date": day.isoformat(),
                "forum": name,
                "indicative": indicative,
                "initiatives": [
                    s.initiative.title
                    for s in plan.scheduled
                    if s.meeting.day == day and s.meeting.forum_name == name
                ],
            }
            for day, name, indicative in sessions
        ],
        "implied": [{"initiative": a, "after": b, "rule": rule} for a, b, rule in plan.implied],
        "unscheduled": [
            {"title": u.initiative.title, "reason": u.reason} for u in plan.unscheduled
        ],
    }


def _scenario_rows(summary: pd.DataFrame) -> list[dict[str, Any]]:
    """The scenario summary, each KPI with the scope of its baseline split for the table."""
    rows = []
    for row in records(summary):
        who, how = scope_parts(row["scope"])
        rows.append({**row, "scope_label": who, "scope_note": how})
    return rows


def _checks(checks: Sequence[Check]) -> list[dict[str, Any]]:
    """Checks grouped by check, in the order they ran: counts by status and the non-pass ones."""
    titles = {c.check: c.title for c in checks}
    return [
        {
            "check": check_id,
            "title": titles[check_id],
            "counts": tally,
            "open": [
                {"subject": c.subject, "status": c.status, "detail": c.detail}
                for c in checks
                if c.check == check_id and c.status != "pass"
            ],
        }
        for check_id, tally in counts(checks).items()
    ]


def render_html(
    roadmap: Roadmap, figures: dict[str, Figure], *, map_note: str | None = None
) -> str:
    """The report page: every section, chart and citation, with no external resource.

    ``map_note`` says why the pillar maps are missing, when they are.
    """
    ev = roadmap.evidence
    summary = roadmap.scenarios.summary
    context = {
        "title": roadmap.title,
        "version": __version__,
        "group": {"id": ev.group, "name": ev.name, "members": len(ev.iso3)},
        "member_names": sorted(ev.names().values()),
        "as_of": ev.as_of.isoformat(),
        "horizon": roadmap.plan.horizon,
        "initiatives_file": roadmap.initiatives_file,
        "sections": SECTIONS,
        "summary": _summary(roadmap),
        "pillars": [_pillar_section(roadmap, p, figures) for p in PILLARS],
        "figures": figures,
        "scenarios": _scenario_rows(summary) if isinstance(summary, pd.DataFrame) else [],
        "scenario_notes": list(roadmap.scenarios.notes),
        "bottlenecks": [b.as_dict() for b in roadmap.bottlenecks],
        "titles": {s.initiative.id: s.initiative.title for s in roadmap.plan.scheduled},
        "pathways": _pathways(roadmap),
        "phases": roadmap.plan.phases,
        "plan_notes": list(roadmap.plan.notes),
        "checks": _checks(roadmap.checks),
        "statuses": STATUSES,
        "limits": [*roadmap.limits(), *([map_note] if map_note else [])],
        "sources": roadmap.data_notes(),
        "stale_after_years": STALE_AFTER_YEARS,
    }
    return _environment().get_template("report.html.j2").render(**context)
