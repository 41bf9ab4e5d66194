"""What every catalogue builder shares: the evidence, the forums, and how to file a result."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from southsouth.roadmap.calendar import Forum
from southsouth.roadmap.catalogue.need import Need, need, provisional_note
from southsouth.roadmap.catalogue.sentences import Sentence, english
from southsouth.roadmap.evidence import GroupEvidence
from southsouth.roadmap.frameworks import frameworks_for
from southsouth.roadmap.model import EvidenceLink, Initiative, Kpi
from southsouth.roadmap.pathways import (
    candidate_forums,
    holding_blocs,
    preferred_pathway,
    subject_of,
)


@dataclass(frozen=True)
class Skipped:
    """An initiative the catalogue considered and did not propose, and why."""

    id: str
    pillar: str
    title: str
    reason: str


@dataclass
class Builder:
    """Collects initiatives and skips for one group's evidence."""

    ev: GroupEvidence
    forums: dict[str, Forum]
    initiatives: list[Initiative] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def home_pathway(self) -> str:
        """``bloc`` for a bloc with its own summit, else ``conference``."""
        return preferred_pathway(self.ev, self.forums)

    @property
    def summit_pathway(self) -> str:
        """``bloc`` for a bloc with its own summit, else the Global South summit."""
        return "bloc" if self.home_pathway == "bloc" else "global-south-summit"

    def skip(self, id_: str, pillar: str, title: str, reason: str) -> None:
        """Record an initiative not proposed."""
        self.skipped.append(Skipped(id_, pillar, title, reason))

    def needed(self, id_: str, pillar: str, title: str, indicator: str) -> Need | None:
        """The member-level need on ``indicator`` when it calls for the initiative; otherwise
        None, with the skip recorded (no member with data, or not enough need)."""
        found = need(self.ev, indicator)
        if found is None:
            name = self.ev.framework.indicator(indicator).name
            self.skip(id_, pillar, title, f"no member of {self.ev.name} has data on {name}")
        elif not found.exists:
            self.skip(id_, pillar, title, found.reason_not())
        return found if found is not None and found.exists else None

    def add(
        self,
        *,
        id: str,
        pillar: str,
        title: str,
        wording: Sequence[Sentence],
        kind: str,
        sensitivity: str,
        pathway: str,
        subject: str,
        participants: Sequence[str],
        kpis: Sequence[Kpi | None],
        duration_years: int,
        evidence: Sequence[EvidenceLink] = (),
        tags: Sequence[str] = (),
        prerequisites: Sequence[str] = (),
        participants_note: str = "",
        earliest_year: int | None = None,
        provisional: str = "",
        frameworks: Sequence[str] = (),
        title_values: dict[str, object] | None = None,
    ) -> None:
        """File an initiative; KPIs without a baseline (None) are left out, and an initiative
        left with no KPI is skipped. ``wording`` is its rationale's sentences (the English
        rationale is rendered from them); ``title_values`` the values of a title built with
        them. ``provisional`` is why its own evidence is partial; the KPIs' caveats are added
        to it. Without ``frameworks``, it extends those of the blocs holding all its
        participants for its subject."""
        kpis = [k for k in kpis if k is not None]
        if not kpis:
            self.skip(id, pillar, title, "no indicator with a baseline for its scope")
            return
        people = tuple(sorted(set(participants)))
        forums = candidate_forums(
            self.ev, self.forums, pathway=pathway, subject=subject, participants=people
        )
        if not frameworks:
            frameworks = frameworks_for(holding_blocs(self.ev, people), subject_of(subject))
        self.initiatives.append(
            Initiative(
                id=id,
                pillar=pillar,
                title=title,
                rationale=english(wording),
                kind=kind,  # type: ignore[arg-type]
                sensitivity=sensitivity,  # type: ignore[arg-type]
                pathway=pathway,  # type: ignore[arg-type]
                forums=forums,
                participants=people,
                participants_note=participants_note,
                kpis=tuple(kpis),
                duration_years=duration_years,
                prerequisites=tuple(prerequisites),
                tags=tuple(tags),
                evidence=tuple(evidence),
                earliest_year=earliest_year,
                provisional=provisional_note(provisional, kpis),
                frameworks=tuple(frameworks),
                subject=subject,
                wording=tuple(wording),
                title_values=dict(title_values or {}),
            )
        )
