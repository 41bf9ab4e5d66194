"""Planner properties on generated initiative sets: prerequisites, sequencing rules, cycles."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from southsouth.roadmap.calendar import load_forums
from southsouth.roadmap.model import (
    ECONOMIC_PLAN,
    PILLARS,
    PROTOCOL,
    SECURITY_FRAMEWORK,
    Initiative,
    Kpi,
)
from southsouth.roadmap.planner import phases_until, plan
from southsouth.roadmap.sequencing import (
    SECURITY_PILLARS,
    PrerequisiteCycle,
    SequencingError,
    implied_prerequisites,
)

AS_OF = date(2026, 11, 28)
FORUMS = load_forums()
FORUM_IDS = sorted(FORUMS)


def kpi(indicator: str = "health_worker_density") -> Kpi:
    return Kpi(
        indicator=indicator,
        name=indicator,
        unit="per 1,000 people",
        direction=1,
        scope="test",
        baseline=1.0,
        baseline_year=2023,
        target=4.45,
        target_year=2035,
        basis="test",
    )


def initiative(
    id: str,
    *,
    pillar: str = "health",
    sensitivity: str = "non-sensitive",
    prerequisites: tuple[str, ...] = (),
    tags: tuple[str, ...] = (),
    forums: tuple[str, ...] = ("WHA",),
    duration: int = 4,
) -> Initiative:
    return Initiative(
        id=id,
        pillar=pillar,
        title=f"Initiative {id}",
        rationale="generated",
        kind="multilateral",
        sensitivity=sensitivity,  # type: ignore[arg-type]
        pathway="conference",
        forums=forums,
        participants=("KEN", "GHA"),
        kpis=(kpi(),),
        duration_years=duration,
        prerequisites=prerequisites,
        tags=tags,
    )


@st.composite
def initiative_sets(draw: st.DrawFn) -> list[Initiative]:
    """Acyclic sets that the rules can order.

    Stated prerequisites point only to earlier items, and the generator never adds an item the
    rules would have to place before an earlier one (a non-sensitive security item after a
    sensitive one, a protocol after other sensitive work, a plan after a framework): those
    make cycles, which have their own tests.
    """
    n = draw(st.integers(2, 14))
    items: list[Initiative] = []
    seen_sensitive = seen_other_sensitive = seen_framework = has_plan = False
    for k in range(n):
        pillar = draw(st.sampled_from(PILLARS))
        sensitivity = "non-sensitive"
        tags: tuple[str, ...] = ()
        if pillar in SECURITY_PILLARS:
            levels = ["sensitive", "deep-integration"]
            if not seen_sensitive:
                levels.append("non-sensitive")
            sensitivity = draw(st.sampled_from(levels))
            if sensitivity == "sensitive" and not seen_other_sensitive and draw(st.booleans()):
                tags = (PROTOCOL,)
            elif sensitivity == "deep-integration" and has_plan and draw(st.booleans()):
                tags = (SECURITY_FRAMEWORK,)
                seen_framework = True
            if sensitivity != "non-sensitive":
                seen_sensitive = True
                seen_other_sensitive |= PROTOCOL not in tags
        elif pillar == "economy" and not seen_framework and draw(st.booleans()):
            tags = (ECONOMIC_PLAN,)
            has_plan = True
        earlier = [i.id for i in items]
        prerequisites = tuple(
            draw(st.lists(st.sampled_from(earlier), unique=True, max_size=3)) if earlier else []
        )
        items.append(
            initiative(
                f"i{k}",
                pillar=pillar,
                sensitivity=sensitivity,
                prerequisites=prerequisites,
                tags=tags,
                forums=tuple(draw(st.lists(st.sampled_from(FORUM_IDS), min_size=1, max_size=3))),
                duration=draw(st.integers(1, 8)),
            )
        )
    return items


@settings(max_examples=60, deadline=None)
@given(items=initiative_sets(), horizon=st.sampled_from([2040, 2055]))
def test_plan_obeys_prerequisites_and_sequencing_rules(items, horizon):
    result = plan(items, FORUMS, as_of=AS_OF, horizon=horizon)
    placed = result.by_id()
    assert len(placed) + len(result.unscheduled) == len(items)
    by_id = {i.id: i for i in items}
    rules = implied_prerequisites(items)
    for item_id, s in placed.items():
        assert s.start >= AS_OF and s.start.year <= horizon
        assert s.meeting.day == s.start
        assert any(p.id == s.phase and p.contains(s.start.year) for p in result.phases)
        waits_for = set(by_id[item_id].prerequisites) | {b for a, b, _ in rules if a == item_id}
        for before in waits_for:
            # No initiative before its prerequisites (their first cycle has ended).
            assert before in placed, f"{item_id} scheduled but {before} not"
            assert placed[before].end <= s.start
    non_sensitive = [
        s
        for s in placed.values()
        if s.initiative.pillar in SECURITY_PILLARS and s.initiative.sensitivity == "non-sensitive"
    ]
    protocols = [s for s in placed.values() if PROTOCOL in s.initiative.tags]
    for s in placed.values():
        item = s.initiative
        if item.pillar in SECURITY_PILLARS and item.sensitivity != "non-sensitive":
            assert all(n.end <= s.start for n in non_sensitive)
            if PROTOCOL not in item.tags:
                assert all(p.end <= s.start for p in protocols)
    for u in result.unscheduled:
        assert u.reason


def test_cycle_is_rejected_and_named():
    items = [
        initiative("training", prerequisites=("accreditation",)),
        initiative("accreditation", prerequisites=("mobility",)),
        initiative("mobility", prerequisites=("training",)),
        initiative("unrelated"),
    ]
    with pytest.raises(PrerequisiteCycle) as caught:
        plan(items, FORUMS, as_of=AS_OF)
    assert set(caught.value.cycle) == {"training", "accreditation", "mobility"}
    for name in ("training", "accreditation", "mobility"):
        assert name in caught.value.message
    assert "unrelated" not in caught.value.message
    assert caught.value.code == "prerequisite-cycle"


def test_cycle_created_by_a_rule_names_the_rule():
    # A non-sensitive security item that waits for a sensitive one contradicts non-sensitive-first.
    items = [
        initiative(
            "protocol", pillar="security_integrated", sensitivity="sensitive", tags=(PROTOCOL,)
        ),
        initiative("patrols", pillar="security_pragmatic", prerequisites=("protocol",)),
    ]
    with pytest.raises(PrerequisiteCycle) as caught:
        plan(items, FORUMS, as_of=AS_OF)
    assert "non-sensitive-first" in caught.value.message


def test_security_framework_needs_an_economic_plan():
    items = [
        initiative(
            "framework",
            pillar="security_integrated",
            sensitivity="deep-integration",
            tags=(SECURITY_FRAMEWORK,),
        ),
    ]
    with pytest.raises(SequencingError, match="economic plan"):
        plan(items, FORUMS, as_of=AS_OF)


def test_framework_waits_for_plan_protocols_and_non_sensitive_work():
    items = [
        initiative(
            "plan", pillar="economy", tags=(ECONOMIC_PLAN,), forums=("GS-SUMMIT",), duration=5
        ),
        initiative("relief", pillar="security_pragmatic", forums=("AU-ASSEMBLY",), duration=4),
        initiative(
            "sharing",
            pillar="security_integrated",
            sensitivity="sensitive",
            tags=(PROTOCOL,),
            forums=("AU-ASSEMBLY",),
            duration=3,
        ),
        initiative(
            "framework",
            pillar="security_integrated",
            sensitivity="deep-integration",
            tags=(SECURITY_FRAMEWORK,),
            forums=("AU-ASSEMBLY",),
            duration=5,
        ),
    ]
    result = plan(items, FORUMS, as_of=AS_OF).by_id()
    # The AU Assembly meets in February (indicative 15 February); the Global South summit is
    # proposed from 2027 (indicative 1 July). Relief 2027-02-15 + 4 years; the protocol waits
    # for it, the framework for the protocol (and the plan, which ends 2032-07-01).
    assert (result["relief"].start, result["relief"].end) == (date(2027, 2, 15), date(2031, 2, 15))
    assert result["plan"].start == date(2027, 7, 1)
    assert result["sharing"].start == date(2031, 2, 15)
    assert result["framework"].start == date(2034, 2, 15)
    assert result["framework"].phase == "phase-2"
    assert result["framework"].reason == "after sharing (ends 2034-02-15)"


@pytest.mark.parametrize("horizon", [2029, 2056, 1990])
def test_horizon_outside_the_phases_is_an_error(horizon):
    with pytest.raises(Exception, match="horizon"):
        phases_until(horizon)
