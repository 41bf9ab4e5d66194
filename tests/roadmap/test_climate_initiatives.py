"""Climate initiatives: at a COP session and at the bloc's summit, participants chosen from the
raw ND-GAIN and OWID numbers, and the plan checks passing."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from southsouth.roadmap.build import Roadmap
from southsouth.roadmap.catalogue.climate import MAX_PARTNERS, MAX_VULNERABLE, PARTNER_PEOPLE

CLIMATE = ("climate-adaptation", "climate-technology-cooperation", "cop-negotiating-position")
SUMMITS = {"AU": "AU-ASSEMBLY", "ASEAN": "ASEAN-SUMMIT"}


def _ndgain(mirror: Path, measure: str, members: list[str], year: int, window: int) -> pd.Series:
    """Each member's latest ND-GAIN score within ``window`` years of ``year``, from the raw file."""
    raw = pd.read_csv(mirror / "climate" / f"ndgain_2022_{measure}_1995_2020.csv")
    long = raw.melt(id_vars=["ISO3", "Name"], var_name="year", value_name="value").dropna()
    long["year"] = long["year"].astype(int)
    long = long[long["ISO3"].isin(members) & long["year"].between(year - window, year)]
    return long.sort_values("year").groupby("ISO3")["value"].last()


@pytest.fixture(params=["AU", "ASEAN"])
def roadmap(request: pytest.FixtureRequest, au_roadmap: Roadmap, asean_roadmap: Roadmap) -> Roadmap:
    return {"AU": au_roadmap, "ASEAN": asean_roadmap}[request.param]


def test_a_climate_initiative_at_a_cop_and_one_at_the_bloc_summit(roadmap: Roadmap) -> None:
    placed = {
        s.initiative.id: s for s in roadmap.plan.scheduled if s.initiative.pillar == "climate"
    }
    assert set(placed) == set(CLIMATE)
    at = {i: s.meeting.forum_id for i, s in placed.items()}
    assert at["climate-adaptation"] == "COP"
    assert placed["climate-adaptation"].meeting.day.month == 11
    summit = SUMMITS[roadmap.evidence.group]
    assert (
        at["cop-negotiating-position"] == summit and at["climate-technology-cooperation"] == summit
    )
    assert "UN Climate Change Conference (COP): its mandate covers disaster" in (
        placed["climate-adaptation"].fit
    )


def test_participants_are_the_most_vulnerable_and_the_most_ready(
    roadmap: Roadmap, mirror: Path
) -> None:
    ev = roadmap.evidence
    framework = ev.framework
    v, r = framework.indicator("climate_vulnerability"), framework.indicator("climate_readiness")
    vulnerability = _ndgain(mirror, "vulnerability", ev.iso3, ev.year, v.window)
    readiness = _ndgain(mirror, "readiness", ev.iso3, ev.year, r.window)
    # orange or red: above the midpoint of the thresholds (vulnerability), below it (readiness)
    exposed = vulnerability[vulnerability > (v.green + v.red) / 2].sort_values(ascending=False)
    vulnerable = list(exposed.index[:MAX_VULNERABLE])
    people = ev.population.reindex(readiness.index)
    ready = readiness[
        (readiness >= (r.green + r.red) / 2)
        & (people >= PARTNER_PEOPLE)
        & ~readiness.index.isin(vulnerable)
    ].sort_values(ascending=False)
    partners = list(ready.index[:MAX_PARTNERS])
    item = roadmap.plan.by_id()["climate-adaptation"].initiative
    assert len(vulnerable) >= 2 and partners
    assert set(item.participants) == {*vulnerable, *partners}
    assert item.participants_note == (
        f"the {len(vulnerable)} most vulnerable members and {len(partners)} ready partners"
    )
    # the rationale names the most vulnerable first
    first = ev.names()[vulnerable[0]]
    assert f"most vulnerable first: {first}" in item.rationale
    if ev.group == "AU":
        assert vulnerable[:3] == ["NER", "SOM", "GNB"] and partners == ["MUS", "TUN", "BWA"]
    else:
        assert vulnerable[:2] == ["MMR", "LAO"] and partners == ["SGP", "MYS", "THA"]
    # the readiness KPI is over the vulnerable, with the raw mean as its baseline check
    kpi = next(k for k in item.kpis if k.indicator == "climate_readiness")
    assert set(kpi.members) == set(vulnerable) and kpi.baseline_year == 2020
    weights = ev.population.reindex(vulnerable)
    assert kpi.baseline == pytest.approx(
        float((readiness[vulnerable] * weights).sum() / weights.sum()), rel=1e-6
    )


def test_the_cop_position_states_the_group_s_share_of_world_co2(
    roadmap: Roadmap, mirror: Path
) -> None:
    ev = roadmap.evidence
    raw = pd.read_csv(mirror / "climate" / "owid_co2_data_2020-12.csv")
    year = raw[raw["iso_code"].isin(ev.iso3) & (raw["year"] == 2018)]
    share = float(year["share_global_co2"].sum())
    cumulative = float(year["share_global_cumulative_co2"].sum())
    item = roadmap.plan.by_id()["cop-negotiating-position"].initiative
    assert item.participants == tuple(ev.iso3)
    assert f"emitted {share:.3g} % of the world's CO2 in 2018" in item.rationale
    assert f"{cumulative:.3g} % of all CO2 since 1751" in item.rationale
    assert item.provisional.startswith("the shares of world CO2 (OWID) rest on data from 2018")


def test_climate_targets_are_credible_and_the_plan_checks_pass(roadmap: Roadmap) -> None:
    climate = [s for s in roadmap.plan.scheduled if s.initiative.pillar == "climate"]
    for s in climate:
        for kpi in s.initiative.kpis:
            gain = kpi.direction * (kpi.target - kpi.baseline)
            if kpi.status == "commitment":
                assert gain > 0, (s.initiative.id, kpi.indicator)  # not already reached
            assert kpi.path and kpi.path[0][0] >= roadmap.plan.as_of.year
        vulnerability = [k for k in s.initiative.kpis if k.indicator == "climate_vulnerability"]
        for kpi in vulnerability:  # slow-moving: at most the fastest pace observed
            years = kpi.target_year - kpi.baseline_year
            assert kpi.baseline - kpi.target <= 0.0025 * years
            assert kpi.status == "monitor" or kpi.adjustments
    subjects = tuple(CLIMATE)
    mine = [c for c in roadmap.checks if c.subject.startswith(subjects)]
    assert {c.check for c in mine} >= {"paths", "forum-fit", "partial-data", "feasibility"}
    assert not [c for c in mine if c.status == "failed"]
    flagged = [c for c in mine if c.check == "partial-data"]
    assert len(flagged) == 3 and all(c.status == "flagged" for c in flagged)
