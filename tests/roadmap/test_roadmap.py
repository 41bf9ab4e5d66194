"""Roadmaps from real data: evidence-driven differences, KPIs with baselines, sequencing."""

from __future__ import annotations

import math
from datetime import date

from southsouth.gaps.health_workforce import health_workforce_gap
from southsouth.language.numbers import people
from southsouth.roadmap.build import build_roadmap
from southsouth.roadmap.model import PROTOCOL
from southsouth.roadmap.sequencing import SECURITY_PILLARS

AS_OF = date(2026, 11, 28)  # the planning date of the session's roadmaps (conftest.py)


def test_au_roadmap_sizes_the_health_compact_to_the_projected_shortage(au_roadmap, full_warehouse):
    gap = health_workforce_gap(full_warehouse, ["AU"], years=[2030], today=AS_OF)
    row = gap.group_row("AU", 2030)
    shortage = float(row["shortage"])
    assert 4.0e6 < shortage < 5.0e6  # 4.4 million doctors, nurses and midwives (see gaps tests)
    compact = au_roadmap.plan.by_id()["health-workforce-compact"]
    assert people(shortage) in compact.initiative.title
    assert compact.meeting.forum_id == "AU-ASSEMBLY"
    assert compact.start == date(2027, 2, 15)  # the first ordinary session after the plan date
    density = [k for k in compact.initiative.kpis if k.indicator == "health_worker_density"]
    assert density and all(k.target == 4.45 for k in density)
    # Participants: every member projected below the threshold in 2030, plus members above it
    # (largest surpluses) who train and mentor.
    year = gap.countries.query("year == 2030")
    below = set(year[year["shortage"] > 0]["country_iso3"])
    above = set(year[year["surplus"] > 0]["country_iso3"])
    participants = set(compact.initiative.participants)
    assert below <= participants and participants - below <= above
    assert len(below) == int(compact.initiative.participants_note.split()[0])


def test_a_bloc_without_a_shortage_gets_no_health_compact(mercosur_roadmap, full_warehouse):
    gap = health_workforce_gap(full_warehouse, ["MERCOSUR"], years=[2030], today=AS_OF)
    assert float(gap.group_row("MERCOSUR", 2030)["shortage"]) == 0
    assert "health-workforce-compact" not in mercosur_roadmap.plan.by_id()
    (skipped,) = [
        s for s in mercosur_roadmap.catalogue.skipped if s.id == "health-workforce-compact"
    ]
    assert "no shortage" in skipped.reason
    # Other evidence differs too: the intra-African trade table cannot serve MERCOSUR.
    assert "trade-links" in mercosur_roadmap.evidence.absent
    assert "trade-corridors" in {s.id for s in mercosur_roadmap.catalogue.skipped}


def test_every_initiative_has_a_kpi_with_a_baseline(au_roadmap, mercosur_roadmap):
    for roadmap in (au_roadmap, mercosur_roadmap):
        known = {
            i.id
            for i in (*roadmap.evidence.framework.indicators, *roadmap.evidence.framework.context)
        }
        assert roadmap.plan.scheduled
        for s in roadmap.plan.scheduled:
            assert s.initiative.kpis, s.initiative.id
            for k in s.initiative.kpis:
                assert k.indicator in known
                assert math.isfinite(k.baseline) and math.isfinite(k.target)
                assert 2000 <= k.baseline_year <= AS_OF.year
                assert k.target_year == s.end.year
                assert k.sources, f"{s.initiative.id}: {k.indicator} cites no source"
                if k.path:
                    # planned from the planning year on; earlier years are observations
                    assert k.path[0][0] == max(AS_OF.year, k.baseline_year)
                    assert k.path[-1] == (k.target_year, k.target)


def test_security_sequencing_on_real_plans(au_roadmap, mercosur_roadmap):
    for roadmap in (au_roadmap, mercosur_roadmap):
        placed = roadmap.plan.scheduled
        soft = [
            s
            for s in placed
            if s.initiative.pillar in SECURITY_PILLARS
            and s.initiative.sensitivity == "non-sensitive"
        ]
        protocols = [s for s in placed if PROTOCOL in s.initiative.tags]
        hard = [
            s
            for s in placed
            if s.initiative.pillar in SECURITY_PILLARS
            and s.initiative.sensitivity != "non-sensitive"
        ]
        assert soft and protocols and hard
        for s in hard:
            assert all(n.end <= s.start for n in soft)
            if PROTOCOL not in s.initiative.tags:
                assert all(p.end <= s.start for p in protocols)
        framework = roadmap.plan.by_id()["integrated-security-framework"]
        economic = roadmap.plan.by_id()["regional-economic-plan"]
        assert economic.end <= framework.start
        assert framework.initiative.sensitivity == "deep-integration"


def test_roadmap_json_cites_every_dataset_it_read(au_roadmap):
    data = au_roadmap.as_dict()
    assert data["group"]["id"] == "AU" and len(data["group"]["members"]) == 55
    cited = {s["dataset_id"] for s in data["sources"]}
    assert {"sipri-milex-2024", "who-nhwa-nursing-midwifery", "itu-gci-2024"} <= cited
    assert all(s["licence"] and s["publisher"] for s in data["sources"])
    assert data["plan"]["phases"][0] == {
        "id": "phase-1",
        "name": "Foundations",
        "start": 2026,
        "end": 2030,
    }


def test_horizon_limits_the_plan(full_warehouse):
    short = build_roadmap(full_warehouse, "MERCOSUR", as_of=AS_OF, horizon=2030)
    assert all(s.start.year <= 2030 for s in short.plan.scheduled)
    assert [p.id for p in short.plan.phases] == ["phase-1"]
    assert short.plan.unscheduled  # the sensitive security work cannot start before 2031
    assert all("2030" in u.reason or "waits for" in u.reason for u in short.plan.unscheduled)
