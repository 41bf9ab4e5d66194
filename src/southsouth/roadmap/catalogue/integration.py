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
from southsouth.roadmap.catalogue.base import Builder
from southsouth.roadmap.catalogue.economy import AIR_LINKS
from southsouth.roadmap.catalogue.health import COMPACT_YEAR, THRESHOLD_BASIS
from southsouth.roadmap.evidence import GroupEvidence
from southsouth.roadmap.kpis import make_kpi, spec_of
from southsouth.roadmap.model import PHASES, EvidenceLink, Initiative, Kpi
from southsouth.roadmap.wording import listing, people
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
        rationale: str,
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
            rationale=rationale,
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


def _reporting(ev: GroupEvidence, indicator: str) -> tuple[Kpi | None, str]:
    """A KPI over the group aggregate, else over the members that report the indicator,
    and the scope to name in the text ("" for the group, else ending in "; ")."""
    kpi = make_kpi(ev, indicator)
    if kpi is not None:
        return kpi, ""
    reporting = list(ev.column(indicator).dropna().index)
    if not reporting:
        return None, ""
    scope = f"the {len(reporting)} members reporting it"
    return make_kpi(ev, indicator, countries=reporting, scope=scope), f"{scope}; "


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
        rationale=(
            f"The training compact ({compact.participants_note}) closes a projected "
            f"{people(shortage)} shortfall of doctors, nurses and midwives in {COMPACT_YEAR} "
            f"through joint training places, while members above the {SDG_THRESHOLD_PER_1000} "
            f"per 1,000 threshold are projected {people(surplus)} above it. Mutual "
            "recognition — common competence standards, linked licensing registers, "
            "qualifications earned under the compact valid in every party — lets those workers "
            "serve where the need is. It applies the WHO Global Code of Practice on the "
            "International Recruitment of Health Personnel (2010); the second KPI follows the "
            f"{len(short)} members below the threshold, so that recognition is not paid for by "
            "them."
        ),
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
        f"Members export US${exports.baseline:,.2f} of pharmaceuticals (HS 30) per person "
        f"({exports.baseline_year})"
        if exports is not None
        else "Members' pharmaceutical exports have no group aggregate"
    ) + (
        f", a revealed comparative advantage of {rca.baseline:.2f} (1 = the world average share)"
        if rca is not None
        else ""
    )
    step.add(
        b,
        prior,
        rationale=(
            f"{level}. The manufacturing hubs "
            f"({hubs.participants_note}) sell across members under regulatory-reliance "
            "agreements, one pair of regulators at a time. A common authority gives one "
            "evaluation and one marketing authorisation valid in every member, joint "
            "inspections of manufacturing sites and shared pharmacovigilance, so the hubs' "
            "output reaches every member's market on the same terms."
        ),
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
    counts, opened = ev.air.counts, len(ev.air.table.head(AIR_LINKS))
    reach = make_kpi(ev, "direct_air_links")
    average = (
        f" A member reaches {reach.baseline:.1f} Global South countries by direct flight on "
        f"average ({reach.baseline_year}, population-weighted)."
        if reach is not None
        else ""
    )
    step.add(
        b,
        prior,
        rationale=(
            f"{counts.get('missing', 0):,} of {counts.get('pairs', 0):,} country pairs in "
            f"{ev.name} had no non-stop flight in {ev.air.source.year}; the direct-air-links "
            f"initiative opens the {opened} with the highest expected demand, route by route."
            f"{average} "
            "Open skies among members — any member's airlines may fly between any two members, "
            "fifth-freedom services included, without bilateral limits on capacity, frequency "
            "or fares, under common competition, safety and passenger-protection rules — lets "
            "airlines open the remaining links where demand follows."
        ),
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
    names = ev.names()
    levels: list[str] = []
    kpis: list[Kpi | None] = []
    for indicator, text in (
        ("rd_expenditure", "spend {v:.2f} % of GDP on R&D ({w}green threshold {g:g} %)"),
        (
            "researchers",
            "employ {v:,.0f} researchers per million people ({w}green threshold {g:,.0f})",
        ),
        (
            "scientific_articles",
            "publish {v:.2f} scientific articles per 1,000 people ({w}green threshold {g:g})",
        ),
    ):
        kpi, where = _reporting(ev, indicator)
        if kpi is not None:
            green = spec_of(ev, indicator).green
            levels.append(text.format(v=kpi.baseline, g=green, w=where))
            kpis.append(kpi)
    commitment = (
        " It pools part of the budgets the R&D investment commitment raises."
        if "rd-investment" in prior
        else ""
    )
    step.add(
        b,
        prior,
        rationale=(
            f"Members {listing(levels)}. The research consortia "
            f"({listing([names.get(m, m) for m in consortia.participants])}) share "
            "laboratories and doctoral training; a joint programme funds their successors from "
            "a common budget: open calls to researchers in every member, shared peer review, "
            f"grants that follow researchers across borders.{commitment}"
        ),
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
    found: list[str] = []
    evidence: tuple[EvidenceLink, ...] = ()
    if rivalries is not None and "rivalries" not in ev.absent:
        touching, both = ev.rivalry_pairs(ev.iso3)
        between = f"{both} of them between two members" if both else "none between two members"
        claim = (
            f"{touching} ongoing strategic rivalries involve a member, {between} (TSS, {TSS_END})"
        )
        found.append(claim)
        evidence = (EvidenceLink(claim, "security", ev.source_list("tss-rivalries")),)
    if cooperation is not None:
        found.append(
            f"members score {cooperation.baseline:.1f} of 20 on cybersecurity cooperation "
            f"(ITU GCI, {cooperation.baseline_year})"
        )
    state = f" At the outset: {'; '.join(found)}." if found else ""
    step.add(
        b,
        prior,
        rationale=(
            "After its first cycle the integrated framework is reviewed against its KPIs: what "
            "joint planning, interoperability and collective responses achieved, and where the "
            "protocols' safeguards held. The review keeps what worked and deepens it — standing "
            "joint structures for agreed missions, common procurement and standards, "
            "parliamentary oversight — and the framework stays tied to the regional economic plan."
            f"{state}"
        ),
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
