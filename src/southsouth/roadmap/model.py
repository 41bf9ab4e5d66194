"""The roadmap's values: initiatives, KPIs, scheduled initiatives and the roadmap itself.

All are frozen and serialise to JSON-ready mappings with ``as_dict``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from southsouth.indicators.framework import PILLARS as PILLARS  # the roadmap's pillars

KINDS: tuple[str, ...] = ("multilateral", "plurilateral")
SENSITIVITIES: tuple[str, ...] = ("non-sensitive", "sensitive", "deep-integration")
PATHWAYS: tuple[str, ...] = ("bloc", "heads-of-state", "conference", "global-south-summit")
#: Tags the sequencing rules read.
PROTOCOL = "protocol"
ECONOMIC_PLAN = "economic-plan"
SECURITY_FRAMEWORK = "security-framework"
TAGS: tuple[str, ...] = (PROTOCOL, ECONOMIC_PLAN, SECURITY_FRAMEWORK)

Kind = Literal["multilateral", "plurilateral"]
Sensitivity = Literal["non-sensitive", "sensitive", "deep-integration"]
Pathway = Literal["bloc", "heads-of-state", "conference", "global-south-summit"]
Origin = Literal["catalogue", "file"]
KpiStatus = Literal["commitment", "monitor"]


@dataclass(frozen=True)
class SourceRef:
    """Where a number comes from: dataset, publisher, licence and vintage."""

    dataset_id: str
    publisher: str = ""
    licence: str = ""
    vintage: str = ""
    citation: str = ""
    #: First and last year the dataset's rows describe (None when not recorded).
    first_data_year: int | None = None
    data_year: int | None = None

    def short(self) -> str:
        """``publisher, vintage (licence)`` for captions."""
        who = self.publisher or self.dataset_id
        parts = [who] + ([self.vintage] if self.vintage else [])
        text = ", ".join(parts)
        return f"{text} ({self.licence})" if self.licence else text


@dataclass(frozen=True)
class EvidenceLink:
    """A fact that motivates an initiative, and the report section that shows it."""

    claim: str
    section: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Kpi:
    """A measurable target bound to an indicator, with its baseline.

    ``scope`` says whose value it is (the group, or the initiative's participants);
    ``path`` is the yearly trajectory from baseline to target when one is derived.
    ``status`` is ``commitment`` (a target beyond the status quo) or ``monitor`` (the
    status quo already reaches every feasible target); ``proposed`` is the target the rule
    gave before the plan checks, ``adjustments`` say what the checks changed and why,
    ``absolute`` states the target in absolute terms against its references, and
    ``caveat`` names partial or stale inputs where the KPI is used; ``members`` are the
    scope's countries when it is not the whole group (empty for the group aggregate).
    """

    indicator: str
    name: str
    unit: str
    direction: int
    scope: str
    baseline: float
    baseline_year: int
    target: float
    target_year: int
    basis: str
    sources: tuple[str, ...] = ()
    path: tuple[tuple[int, float], ...] = ()
    status: KpiStatus = "commitment"
    proposed: float | None = None
    adjustments: tuple[str, ...] = ()
    absolute: str = ""
    caveat: str = ""
    members: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "indicator": self.indicator,
            "name": self.name,
            "unit": self.unit,
            "direction": self.direction,
            "scope": self.scope,
            "baseline": self.baseline,
            "baseline_year": self.baseline_year,
            "target": self.target,
            "target_year": self.target_year,
            "basis": self.basis,
            "sources": list(self.sources),
            "path": [{"year": y, "value": v} for y, v in self.path],
            "status": self.status,
            "proposed_target": self.proposed,
            "adjustments": list(self.adjustments),
            "absolute": self.absolute,
            "caveat": self.caveat,
            "members": list(self.members),
        }


@dataclass(frozen=True)
class KpiRequest:
    """A KPI asked for by an initiatives file: the planner fills the baseline from data."""

    indicator: str
    target: float | None = None
    target_year: int | None = None


@dataclass(frozen=True)
class Initiative:
    """One initiative of the roadmap, before scheduling.

    ``forums`` lists candidate forum ids in order of preference; the planner assigns the
    first suitable session. ``duration_years`` is the first implementation cycle, at whose
    end the KPIs are read and dependants may start. ``provisional`` says why the evidence
    behind it is partial or stale (empty when it is not); ``frameworks`` names the existing
    regional frameworks it extends; ``subject`` is what forums' mandates are read against
    (empty: the subjects of its pillar). ``wording`` is the rationale as sentences (message
    keys and JSON-ready values, :func:`southsouth.language.content.rationale` renders them in
    any language) and ``title_values`` the values of a title built with them; both are empty
    for a user's own initiative, shown as written. ``agenda_goals`` are the adopted agenda
    goals it serves (``agenda:goal`` keys of :mod:`southsouth.roadmap.agendas`).
    """

    id: str
    pillar: str
    title: str
    rationale: str
    kind: Kind
    sensitivity: Sensitivity
    pathway: Pathway
    forums: tuple[str, ...]
    participants: tuple[str, ...]
    kpis: tuple[Kpi, ...]
    duration_years: int
    prerequisites: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    evidence: tuple[EvidenceLink, ...] = ()
    participants_note: str = ""
    earliest_year: int | None = None
    origin: Origin = "catalogue"
    kpi_requests: tuple[KpiRequest, ...] = ()
    provisional: str = ""
    frameworks: tuple[str, ...] = ()
    subject: str = ""
    wording: tuple[tuple[str, dict[str, Any]], ...] = ()
    title_values: dict[str, Any] = field(default_factory=dict)
    agenda_goals: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "id": self.id,
            "pillar": self.pillar,
            "title": self.title,
            "rationale": self.rationale,
            "kind": self.kind,
            "sensitivity": self.sensitivity,
            "pathway": self.pathway,
            "forums": list(self.forums),
            "participants": list(self.participants),
            "participants_note": self.participants_note,
            "kpis": [k.as_dict() for k in self.kpis],
            "duration_years": self.duration_years,
            "prerequisites": list(self.prerequisites),
            "tags": list(self.tags),
            "evidence": [
                {"claim": e.claim, "section": e.section, "sources": list(e.sources)}
                for e in self.evidence
            ],
            "earliest_year": self.earliest_year,
            "origin": self.origin,
            "provisional": self.provisional,
            "frameworks": list(self.frameworks),
            "subject": self.subject,
            "wording": [[key, values] for key, values in self.wording],
            "title_values": self.title_values,
            "agenda_goals": list(self.agenda_goals),
        }


@dataclass(frozen=True)
class Meeting:
    """One session of a forum; ``indicative`` when only the usual month (or year) is known."""

    forum_id: str
    forum_name: str
    pathway: str
    day: date
    indicative: bool
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "forum_id": self.forum_id,
            "forum_name": self.forum_name,
            "pathway": self.pathway,
            "date": self.day.isoformat(),
            "indicative": self.indicative,
            "note": self.note,
        }


@dataclass(frozen=True)
class Phase:
    """A phase of the roadmap: inclusive years."""

    id: str
    name: str
    start: int
    end: int

    def contains(self, year: int) -> bool:
        """Whether ``year`` falls in the phase."""
        return self.start <= year <= self.end


PHASES: tuple[Phase, ...] = (
    Phase("phase-1", "Foundations", 2026, 2030),
    Phase("phase-2", "Scale-up", 2031, 2040),
    Phase("phase-3", "Integration", 2041, 2055),
)


@dataclass(frozen=True)
class Scheduled:
    """An initiative with its forum session, start, end and phase, why then and why there."""

    initiative: Initiative
    meeting: Meeting
    start: date
    end: date
    phase: str
    ready: date
    reason: str
    fit: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            **self.initiative.as_dict(),
            "forum": self.meeting.as_dict(),
            "forum_fit": self.fit,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "phase": self.phase,
            "ready": self.ready.isoformat(),
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Unscheduled:
    """An initiative the planner could not place within the horizon, and why."""

    initiative: Initiative
    reason: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {**self.initiative.as_dict(), "reason": self.reason}


@dataclass(frozen=True)
class Plan:
    """The planner's output: scheduled and unscheduled initiatives, and the rules applied."""

    scheduled: tuple[Scheduled, ...]
    unscheduled: tuple[Unscheduled, ...]
    implied: tuple[tuple[str, str, str], ...]
    meetings: tuple[Meeting, ...]
    phases: tuple[Phase, ...]
    horizon: int
    as_of: date
    notes: tuple[str, ...] = field(default_factory=tuple)

    def by_id(self) -> dict[str, Scheduled]:
        """Scheduled initiatives by id."""
        return {s.initiative.id: s for s in self.scheduled}

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "as_of": self.as_of.isoformat(),
            "horizon": self.horizon,
            "phases": [
                {"id": p.id, "name": p.name, "start": p.start, "end": p.end} for p in self.phases
            ],
            "initiatives": [s.as_dict() for s in self.scheduled],
            "unscheduled": [u.as_dict() for u in self.unscheduled],
            "implied_prerequisites": [
                {"initiative": a, "after": b, "rule": rule} for a, b, rule in self.implied
            ],
            "notes": list(self.notes),
        }
