"""Phase 3 (Integration): the deeper steps that follow the foundations of phases 1–2.

Each step deepens initiatives proposed earlier in the same catalogue run (its
*foundations*): it is proposed only when every foundation was, waits for their first
cycles (its prerequisites) and starts no earlier than the first year of phase 3. A step
whose foundation is missing, or that lies beyond the roadmap's horizon, is recorded as not
proposed, with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from southsouth.gaps.health_workforce import SDG_THRESHOLD_PER_1000
from southsouth.language import content as words
from southsouth.roadmap.catalogue.base import Builder
from southsouth.roadmap.catalogue.economy import air_choice
from southsouth.roadmap.catalogue.health import COMPACT_YEAR, THRESHOLD_BASIS
from southsouth.roadmap.catalogue.sentences import (
    Sentence,
    countries,
    group,
    part,
    said,
    say,
)
from southsouth.roadmap.evidence import GroupEvidence
from southsouth.roadmap.kpis import make_kpi, spec_of
from southsouth.roadmap.model import PHASES, EvidenceLink, Initiative, Kpi
from southsouth.sources.rivalries import TSS_END

#: The phase the steps belong to.
INTEGRATION = next(p for p in PHASES if p.id == "phase-3")
#: First cycles, in years: a recognition agreement and its registers; a founding treaty,
#: its ratifications and the authority's first assessment cycle; an air-services
#: agreement phased in; a multiannual funding programme; one review cycle.
RECOGNITION_YEARS = 6
AUTHORITY_YEARS = 8
AIR_SERVICES_YEARS = 5
FUNDING_YEARS = 7
REVIEW_YEARS = 5

Propose = Callable[[Builder, "Deepening", dict[str, Initiative]], None]


@dataclass(frozen=True)
class Deepening:
    """A phase-3 step: the initiatives it deepens and how it is proposed from the evidence.

    ``foundations`` must all have been proposed; ``builds_on`` are waited for too when
    they were proposed, and not required.
    """

    id: str
    pillar: str
    title: str
    foundations: tuple[str, ...]
    propose: Propose
    builds_on: tuple[str, ...] = ()

    def __call__(self, b: Builder, *, horizon: int | None = None) -> None:
        """Propose the step, or record why not (``horizon`` None: the whole horizon)."""
        if horizon is not None and horizon < INTEGRATION.start:
            b.skip(
                self.id,
                self.pillar,
                self.title,
                f"the horizon {horizon} ends before phase 3 ({INTEGRATION.name}, "
                f"{INTEGRATION.start}–{INTEGRATION.end}), where this step belongs",
            )
            return
        proposed = {i.id: i for i in b.initiatives}
        missing = [f for f in self.foundations if f not in proposed]
        if missing:
            b.skip(self.id, self.pillar, self.title, _missing(b, missing))
            return
        prior = {i: proposed[i] for i in (*self.foundations, *self.builds_on) if i in proposed}
        self.propose(b, self, prior)

    def add(
        self,
        b: Builder,
        prior: dict[str, Initiative],
        *,
        wording: list[Sentence],
        kind: str,
        sensitivity: str,
        pathway: str,
        subject: str,
        participants: list[str],
        kpis: list[Kpi | None],
        duration_years: int,
        evidence: tuple[EvidenceLink, ...],
        participants_note: str = "",
    ) -> None:
        """File the step: phase 3 at the earliest, after ``prior``, provisional as they are."""
        notes = [i.provisional for i in prior.values() if i.provisional]
        b.add(
            id=self.id,
            pillar=self.pillar,
            title=self.title,
            wording=wording,
            kind=kind,
            sensitivity=sensitivity,
            pathway=pathway,
            subject=subject,
            participants=participants,
            kpis=kpis,
            duration_years=duration_years,
            evidence=evidence,
            prerequisites=tuple(prior),
            participants_note=participants_note,
            earliest_year=INTEGRATION.start,
            provisional="; ".join(dict.fromkeys(notes)),
        )


def _missing(b: Builder, missing: list[str]) -> str:
    """Why a step is not proposed: the foundations missing, with their own reasons."""
    why = {s.id: s for s in b.skipped}
    parts: list[str] = []
    for foundation in missing:
        found = why.get(foundation)
        parts.append(
            f"its foundation {found.title} ({foundation}) was not proposed: {found.reason}"
            if found
            else f"its foundation {foundation} is not in this catalogue"
        )
    return "; ".join(parts)


def _note(initiative: Initiative, note: dict[str, object]) -> object:
    """A foundation's participants note as a phrase, when the phrase reads as the note does
    (a note changed since, by an initiatives file, is shown as written)."""
    return note if said(note) == initiative.participants_note else initiative.participants_note


def _hubs_note(hubs: Initiative) -> object:
    """The manufacturing hubs' participants note: hubs, and demand countries."""
    found = [k for k in hubs.kpis if k.indicator == "pharma_specialisation" and k.members]
    if not found:
        return hubs.participants_note
    n = len(found[0].members)
    return _note(hubs, part("note.hubs", hubs=n, demand=len(hubs.participants) - n))


def _reporting(ev: GroupEvidence, indicator: str) -> tuple[Kpi | None, object]:
    """A KPI over the group aggregate, else over the members that report the indicator,
    and the scope to name in the text ("" for the group, else ending in "; ")."""
    kpi = make_kpi(ev, indicator)
    if kpi is not None:
        return kpi, ""
    reporting = list(ev.column(indicator).dropna().index)
    if not reporting:
        return None, ""
    scope = part("reporting", n=len(reporting))
    kpi = make_kpi(ev, indicator, countries=reporting, scope=said(scope))
    return kpi, part("reporting.where", scope=scope)


def _recognition(b: Builder, step: Deepening, prior: dict[str, Initiative]) -> None:
    """Mutual recognition of health qualifications, after the training compact."""
    ev, compact = b.ev, prior["health-workforce-compact"]
    if ev.health is None:
        b.skip(step.id, step.pillar, step.title, ev.absent.get("health", "no model"))
        return
    row = ev.health_row(COMPACT_YEAR)
    year = ev.health.countries[ev.health.countries["year"] == COMPACT_YEAR]
    short = sorted(year[year["shortage"] > 0]["country_iso3"])
    bloc = ev.kind == "bloc"
    participants = ev.iso3 if bloc else list(compact.participants)
    kpis = [
        make_kpi(ev, "health_worker_density")
        if bloc
        else make_kpi(
            ev,
            "health_worker_density",
            countries=participants,
            scope=f"the {len(participants)} parties",
        ),
        make_kpi(
            ev,
            "health_worker_density",
            countries=short,
            scope=f"{len(short)} members below the threshold",
            target=SDG_THRESHOLD_PER_1000,
            basis=THRESHOLD_BASIS,
        ),
    ]
    shortage, surplus = float(row["shortage"]), float(row["surplus"])
    step.add(
        b,
        prior,
        wording=[
            say(
                "health-qualifications-recognition.1",
                note=_note(
                    compact,
                    part(
                        "note.below_above",
                        n=len(short),
                        above=len(compact.participants) - len(short),
                    )
                    if len(compact.participants) > len(short)
                    else part("note.below", n=len(short)),
                ),
                shortage=words.head_count(shortage),
                year=COMPACT_YEAR,
                threshold=SDG_THRESHOLD_PER_1000,
                surplus=words.head_count(surplus),
            ),
            say("health-qualifications-recognition.2"),
            say("health-qualifications-recognition.3", n=len(short)),
        ],
        kind="multilateral" if bloc else "plurilateral",
        sensitivity="non-sensitive",
        pathway=b.home_pathway,
        subject="health",
        participants=participants,
        kpis=kpis,
        duration_years=RECOGNITION_YEARS,
        evidence=compact.evidence,
        participants_note="every member"
        if bloc
        else f"the parties to the training compact ({compact.participants_note})",
    )


def _medicines(b: Builder, step: Deepening, prior: dict[str, Initiative]) -> None:
    """A common medicines regulatory authority, after the manufacturing hubs."""
    ev, hubs = b.ev, prior["pharma-hubs"]
    rca, exports = make_kpi(ev, "pharma_specialisation"), make_kpi(ev, "pharma_exports")
    level = (
        part(
            "medicines-regulatory-authority.exports",
            value=exports.baseline,
            year=exports.baseline_year,
        )
        if exports is not None
        else part("medicines-regulatory-authority.no_exports")
    )
    advantage = (
        part("medicines-regulatory-authority.advantage", rca=rca.baseline)
        if rca is not None
        else ""
    )
    step.add(
        b,
        prior,
        wording=[
            say("medicines-regulatory-authority.1", level=level, advantage=advantage),
            say("medicines-regulatory-authority.2", note=_hubs_note(hubs)),
            say("medicines-regulatory-authority.3"),
        ],
        kind="multilateral",
        sensitivity="non-sensitive",
        pathway=b.summit_pathway,
        subject="pharma",
        participants=ev.iso3,
        kpis=[rca, exports],
        duration_years=AUTHORITY_YEARS,
        evidence=hubs.evidence,
        participants_note="every member",
    )


def _open_skies(b: Builder, step: Deepening, prior: dict[str, Initiative]) -> None:
    """Air-services liberalisation among members, after the first direct links."""
    ev, links = b.ev, prior["direct-air-links"]
    if ev.air is None:
        b.skip(step.id, step.pillar, step.title, ev.absent.get("air", "no missing links"))
        return
    counts, opened = ev.air.counts, len(air_choice(ev)[0])
    reach = make_kpi(ev, "direct_air_links")
    wording = [
        say(
            "air-services-liberalisation.1",
            missing=int(counts.get("missing", 0)),
            pairs=int(counts.get("pairs", 0)),
            group=group(ev),
            year=ev.air.source.year,
            opened=opened,
        )
    ]
    if reach is not None:
        wording.append(
            say(
                "air-services-liberalisation.average",
                average=reach.baseline,
                year=reach.baseline_year,
            )
        )
    wording.append(say("air-services-liberalisation.2"))
    step.add(
        b,
        prior,
        wording=wording,
        kind="multilateral",
        sensitivity="non-sensitive",
        pathway=b.summit_pathway,
        subject="aviation",
        participants=ev.iso3,
        kpis=[reach],
        duration_years=AIR_SERVICES_YEARS,
        evidence=links.evidence,
        participants_note="every member",
    )


def _research_funding(b: Builder, step: Deepening, prior: dict[str, Initiative]) -> None:
    """A joint research funding programme, after the consortia (and R&D commitment)."""
    ev, consortia = b.ev, prior["research-consortia"]
    levels: list[object] = []
    kpis: list[Kpi | None] = []
    for indicator in ("rd_expenditure", "researchers", "scientific_articles"):
        kpi, where = _reporting(ev, indicator)
        if kpi is not None:
            green = spec_of(ev, indicator).green
            levels.append(
                part(
                    f"joint-research-funding.{indicator}",
                    value=kpi.baseline,
                    green=green,
                    where=where,
                )
            )
            kpis.append(kpi)
    wording = [
        say("joint-research-funding.1", levels=words.listing(levels)),
        say("joint-research-funding.2", members=countries(ev, list(consortia.participants))),
    ]
    if "rd-investment" in prior:
        wording.append(say("joint-research-funding.commitment"))
    step.add(
        b,
        prior,
        wording=wording,
        kind="multilateral",
        sensitivity="non-sensitive",
        pathway=b.home_pathway,
        subject="science",
        participants=ev.iso3,
        kpis=kpis,
        duration_years=FUNDING_YEARS,
        evidence=consortia.evidence,
        participants_note="every member",
    )


def _security_review(b: Builder, step: Deepening, prior: dict[str, Initiative]) -> None:
    """Review and deepening of the integrated security framework after its first cycle."""
    ev, framework = b.ev, prior["integrated-security-framework"]
    rivalries = make_kpi(ev, "strategic_rivalries")
    cooperation = make_kpi(ev, "cyber_cooperation")
    found: list[object] = []
    evidence: tuple[EvidenceLink, ...] = ()
    if rivalries is not None and "rivalries" not in ev.absent:
        touching, both = ev.rivalry_pairs(ev.iso3)
        between = (
            part("security-framework-review.between", n=both)
            if both
            else part("security-framework-review.none_between")
        )
        claim = part(
            "security-framework-review.rivalries", touching=touching, between=between, end=TSS_END
        )
        found.append(claim)
        evidence = (EvidenceLink(said(claim), "security", ev.source_list("tss-rivalries")),)
    if cooperation is not None:
        found.append(
            part(
                "security-framework-review.cyber",
                score=cooperation.baseline,
                year=cooperation.baseline_year,
            )
        )
    wording = [say("security-framework-review.1"), say("security-framework-review.2")]
    if found:
        wording.append(say("security-framework-review.outset", found=words.joined(found)))
    step.add(
        b,
        prior,
        wording=wording,
        kind=framework.kind,
        sensitivity="deep-integration",
        pathway=b.summit_pathway,
        subject="security",
        participants=list(framework.participants),
        kpis=[rivalries, cooperation],
        duration_years=REVIEW_YEARS,
        evidence=evidence,
        participants_note="every member"
        if set(framework.participants) == set(ev.iso3)
        else framework.participants_note,
    )


mutual_recognition = Deepening(
    "health-qualifications-recognition",
    "health",
    "Mutual recognition of health qualifications",
    ("health-workforce-compact",),
    _recognition,
)
medicines_authority = Deepening(
    "medicines-regulatory-authority",
    "pharma",
    "Common medicines regulatory authority",
    ("pharma-hubs",),
    _medicines,
)
open_skies = Deepening(
    "air-services-liberalisation",
    "economy",
    "Air-services liberalisation (open skies among members)",
    ("direct-air-links",),
    _open_skies,
)
research_funding = Deepening(
    "joint-research-funding",
    "science",
    "Joint research funding programme",
    ("research-consortia",),
    _research_funding,
    builds_on=("rd-investment",),
)
security_review = Deepening(
    "security-framework-review",
    "security_integrated",
    "Review and deepening of the integrated security framework",
    ("integrated-security-framework",),
    _security_review,
)
#: The phase-3 steps, in catalogue order.
DEEPENING: tuple[Deepening, ...] = (
    mutual_recognition,
    medicines_authority,
    open_skies,
    research_funding,
    security_review,
)
