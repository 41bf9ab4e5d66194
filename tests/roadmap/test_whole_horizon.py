"""The whole horizon (issue 13, item 6): phase 3 carries the deeper integration steps.

Each phase-3 step follows its foundations of phases 1–2; a horizon that ends before phase 3
and a group without a foundation say why a step is missing. Expected counts are recomputed
from the warehouse's raw tables or read from the foundations the steps cite.
"""

from __future__ import annotations

from datetime import date

import pytest

from southsouth.language.numbers import people
from southsouth.registry import group_countries
from southsouth.roadmap.build import Roadmap, build_roadmap
from southsouth.roadmap.catalogue.integration import DEEPENING
from southsouth.roadmap.kpis import make_kpi
from southsouth.roadmap.model import PHASES, PROTOCOL, Kpi, Scheduled
from southsouth.warehouse.store import Warehouse

AS_OF = date(2026, 11, 28)  # the planning date of the session's roadmaps (conftest.py)
INTEGRATION = next(p for p in PHASES if p.id == "phase-3")
STEPS = {step.id: step for step in DEEPENING}


@pytest.fixture(scope="module")
def au_until_2035(full_warehouse: Warehouse) -> Roadmap:
    """The African Union's roadmap with a horizon that ends in phase 2."""
    return build_roadmap(full_warehouse, "AU", as_of=AS_OF, horizon=2035)


@pytest.fixture(params=["g77_roadmap", "au_roadmap"])
def roadmap(request: pytest.FixtureRequest) -> Roadmap:
    """The G77's and the AU's roadmaps over the whole horizon."""
    return request.getfixturevalue(request.param)


def _phase_3(roadmap: Roadmap) -> dict[str, Scheduled]:
    return {s.initiative.id: s for s in roadmap.plan.scheduled if s.phase == INTEGRATION.id}


def _rule_target(kpi: Kpi) -> float:
    """The target the catalogue's rule gave, before any plan check adjusted it."""
    return kpi.proposed if kpi.proposed is not None else kpi.target


def _ongoing_pairs(wh: Warehouse) -> set[frozenset[str]]:
    rows = wh.query(
        "SELECT country_a, country_b FROM relation "
        "WHERE source_id = 'tss-rivalries' AND year_end IS NULL"
    )
    return {frozenset((r.country_a, r.country_b)) for r in rows.itertuples()}


def test_every_phase_has_scheduled_initiatives(roadmap: Roadmap) -> None:
    assert [p.id for p in roadmap.plan.phases] == ["phase-1", "phase-2", "phase-3"]
    counts = {p.id: 0 for p in PHASES}
    for s in roadmap.plan.scheduled:
        counts[s.phase] += 1
    assert all(n >= 1 for n in counts.values()), counts
    # every deepening step is proposed and scheduled in phase 3, none is left over
    placed = _phase_3(roadmap)
    assert set(STEPS) <= set(placed)
    assert not {u.initiative.id for u in roadmap.plan.unscheduled} & set(STEPS)
    for step_id in STEPS:
        s = placed[step_id]
        assert s.initiative.earliest_year == INTEGRATION.start == 2041
        assert INTEGRATION.start <= s.start.year <= INTEGRATION.end
        assert 5 <= s.initiative.duration_years <= 8
        assert s.initiative.title == STEPS[step_id].title
        assert s.initiative.kpis and all(k.target_year == s.end.year for k in s.initiative.kpis)


def test_phase_3_steps_follow_their_foundations(roadmap: Roadmap) -> None:
    by_id = roadmap.plan.by_id()
    for step_id, s in _phase_3(roadmap).items():
        prerequisites = s.initiative.prerequisites
        assert set(STEPS[step_id].foundations) <= set(prerequisites)
        for prerequisite in prerequisites:
            before = by_id[prerequisite]
            assert before.phase in ("phase-1", "phase-2"), (step_id, prerequisite)
            assert before.end <= s.start, (step_id, prerequisite)
    assert _phase_3(roadmap)["joint-research-funding"].initiative.prerequisites == (
        "research-consortia",
        "rd-investment",
    )
    # the security review is deep integration: after every protocol and non-sensitive step
    review = by_id["security-framework-review"].initiative
    assert (review.pillar, review.sensitivity, review.tags) == (
        "security_integrated",
        "deep-integration",
        (),
    )
    implied = {(p, rule) for i, p, rule in roadmap.plan.implied if i == review.id}
    protocols = {s.initiative.id for s in roadmap.plan.scheduled if PROTOCOL in s.initiative.tags}
    assert len(protocols) == 3
    assert {(p, "protocols-first") for p in protocols} <= implied
    assert ("standby-capacity", "non-sensitive-first") in implied
    for prerequisite, _rule in implied:
        assert by_id[prerequisite].end <= by_id[review.id].start


def test_g77_steps_cite_their_foundations(g77_roadmap: Roadmap, full_warehouse: Warehouse) -> None:
    ev, by_id = g77_roadmap.evidence, g77_roadmap.plan.by_id()
    members = sorted(group_countries(full_warehouse, "g77", on=AS_OF, today=AS_OF)["iso3"])
    assert len(members) == 135

    # health: the G77 is no bloc, so the parties are the training compact's
    compact = by_id["health-workforce-compact"].initiative
    recognition = by_id["health-qualifications-recognition"]
    shortage = people(float(ev.health_row(2030)["shortage"]))
    assert shortage == "8.3 million" and shortage in compact.title
    assert f"{shortage} shortfall" in recognition.initiative.rationale
    assert recognition.initiative.participants == compact.participants
    assert len(compact.participants) == 75
    assert (recognition.initiative.kind, recognition.meeting.forum_id) == ("plurilateral", "WHA")
    parties, below = recognition.initiative.kpis
    density = ev.latest[ev.latest["indicator"] == "health_worker_density"].set_index(
        "country_iso3"
    )["value"]
    weights = ev.population.reindex(list(compact.participants))
    expected = (density.reindex(weights.index) * weights).sum() / weights.sum()
    assert parties.baseline == pytest.approx(expected, rel=1e-9)
    assert parties.baseline == pytest.approx(3.57, abs=0.01)
    assert (_rule_target(parties), _rule_target(below)) == (4.45, 4.45)
    assert below.baseline == pytest.approx(1.873, abs=0.001)  # the 67 members below 4.45

    # air: the count of missing links the direct-links initiative cites, then every member
    links = by_id["direct-air-links"].initiative
    air = by_id["air-services-liberalisation"].initiative
    assert links.evidence[0].claim == "8,082 missing direct links (2026)"
    assert "8,082 of 8,911 country pairs" in air.rationale  # 134 served: 829 linked
    assert air.participants == tuple(members)
    (reach,) = air.kpis
    assert reach.baseline == pytest.approx(ev.baseline_row("direct_air_links")["value"])
    assert (round(reach.baseline, 1), _rule_target(reach)) == (26.5, 30.0)  # 22.3 in 2014

    # medicines: every member, measured against the group's HS 30 exports
    authority = by_id["medicines-regulatory-authority"].initiative
    assert authority.participants == tuple(members)
    assert by_id["pharma-hubs"].initiative.participants_note in authority.rationale
    assert [(k.indicator, round(k.baseline, 2), _rule_target(k)) for k in authority.kpis] == [
        ("pharma_specialisation", 0.38, 1.0),
        ("pharma_exports", 7.59, 50.0),
    ]
    assert "US$7.59 of pharmaceuticals (HS 30) per person (2017)" in authority.rationale

    # research: the consortium it funds is named; group aggregates of the three indicators
    funding = by_id["joint-research-funding"].initiative
    names = ev.names()
    consortium = by_id["research-consortia"].initiative.participants
    assert all(names[m] in funding.rationale for m in consortium)
    assert [k.indicator for k in funding.kpis] == [
        "rd_expenditure",
        "researchers",
        "scientific_articles",
    ]
    assert all("group aggregate" in k.scope for k in funding.kpis)
    assert "spend 1.13 % of GDP on R&D" in funding.rationale

    # security: rivalries touching a member, each ongoing pair counted once (raw TSS rows)
    review = by_id["security-framework-review"].initiative
    pairs = _ongoing_pairs(full_warehouse)
    touching = [p for p in pairs if p & set(members)]
    both = [p for p in touching if p <= set(members)]
    assert (len(touching), len(both)) == (51, 33)
    rivalries, _cooperation = review.kpis
    assert (rivalries.indicator, rivalries.baseline, _rule_target(rivalries)) == (
        "strategic_rivalries",
        51.0,
        0.0,
    )
    assert "51 ongoing strategic rivalries involve a member, 33 of them" in review.rationale
    assert review.participants == tuple(members)


def test_au_steps_are_taken_by_the_assembly(au_roadmap: Roadmap) -> None:
    ev, placed = au_roadmap.evidence, _phase_3(au_roadmap)
    assert len(ev.iso3) == 55
    assert {s.meeting.forum_id for s in placed.values()} == {"AU-ASSEMBLY"}
    # a bloc recognises qualifications among all members, not only the compact's parties
    recognition = placed["health-qualifications-recognition"].initiative
    assert recognition.participants == tuple(ev.iso3)
    assert recognition.kind == "multilateral"
    assert "4.4 million shortfall" in recognition.rationale
    assert [round(k.baseline, 2) for k in recognition.kpis] == [1.66, 1.41]
    air = placed["air-services-liberalisation"].initiative
    assert "1,204 of 1,485 country pairs" in air.rationale and 1485 == 55 * 54 // 2
    # no group aggregate of R&D spending or researchers: the members reporting them
    funding = {k.indicator: k for k in placed["joint-research-funding"].initiative.kpis}
    assert make_kpi(ev, "rd_expenditure") is None and make_kpi(ev, "researchers") is None
    reporting = int(ev.column("rd_expenditure").notna().sum())
    assert reporting == 13
    assert funding["rd_expenditure"].scope.startswith(f"the {reporting} members reporting it")
    assert "group aggregate" in funding["scientific_articles"].scope
    # the review is ready when the framework's first cycle has ended and phase 3 has begun;
    # the Assembly meets in February
    framework = au_roadmap.plan.by_id()["integrated-security-framework"]
    review = placed["security-framework-review"]
    assert framework.phase == "phase-2"
    assert review.ready == max(framework.end, date(INTEGRATION.start, 1, 1))
    assert review.start == date(INTEGRATION.start, 2, 15)


def test_a_horizon_before_phase_3_explains_every_step(au_until_2035: Roadmap) -> None:
    plan = au_until_2035.plan
    assert [p.id for p in plan.phases] == ["phase-1", "phase-2"]
    assert not [s for s in plan.scheduled if s.initiative.id in STEPS or s.start.year > 2035]
    assert not [u for u in plan.unscheduled if u.initiative.id in STEPS]
    skipped = {s.id: s for s in au_until_2035.catalogue.skipped if s.id in STEPS}
    assert set(skipped) == set(STEPS)
    for step_id, skip in skipped.items():
        assert skip.title == STEPS[step_id].title
        assert skip.reason == (
            "the horizon 2035 ends before phase 3 (Integration, 2041–2055), where this step belongs"
        )


def test_mercosur_has_no_health_qualifications_step(mercosur_roadmap: Roadmap) -> None:
    proposed = {i.id for i in mercosur_roadmap.catalogue.initiatives}
    assert "health-workforce-compact" not in proposed
    assert "health-qualifications-recognition" not in proposed
    (skip,) = [
        s for s in mercosur_roadmap.catalogue.skipped if s.id == "health-qualifications-recognition"
    ]
    assert skip.reason.startswith(
        "its foundation Health-workforce training compact (health-workforce-compact) was not "
        "proposed: no shortage: every member of Southern Common Market (MERCOSUR) with data is "
        "projected at or above 4.45 per 1,000 in 2030"
    )
    # the steps whose foundations MERCOSUR has still fill its phase 3
    assert set(_phase_3(mercosur_roadmap)) == {
        "air-services-liberalisation",
        "medicines-regulatory-authority",
        "security-framework-review",
    }
