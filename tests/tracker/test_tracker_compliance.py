"""Compliance % for a hand-built fixture (3 actors × 4 commitments), computed by hand."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest
from tracker_bodies import assessment, commitment, forum

from southsouth.errors import InputError
from southsouth.indicators.dashboard import progress_measure
from southsouth.service.tracker_progress import unsd_kpi_progress
from southsouth.tracker import Commitment, CommitmentIn, Tracker, kpi_progress
from southsouth.tracker.scoring import compliance_pct

# Final scores (NGA × C4 has only an interim +1; KEN × C1 also has an interim −1):
#
#            C1 (F1, health)  C2 (F1, economy)  C3 (F2, health)  C4 (F2, science)
#   KEN           +1                +1                +1               −1
#   NGA            0                −1                 0              (+1 interim)
#   ZAF           −1                −1                 0                0
#
# C5 is a DRAFT commitment of F1 (health) with a published KEN −1; ZAF × C2 also has a DRAFT
# interim +1. Neither counts unless drafts are included.
FINAL = {
    ("C1", "KEN"): 1,
    ("C2", "KEN"): 1,
    ("C3", "KEN"): 1,
    ("C4", "KEN"): -1,
    ("C1", "NGA"): 0,
    ("C2", "NGA"): -1,
    ("C3", "NGA"): 0,
    ("C1", "ZAF"): -1,
    ("C2", "ZAF"): -1,
    ("C3", "ZAF"): 0,
    ("C4", "ZAF"): 0,
}
ACTORS = ["KEN", "NGA", "ZAF"]


@pytest.fixture
def scored(tracker: Tracker, admin) -> Tracker:
    tracker.create_record(admin, "forum", forum("F1", "AU"))
    tracker.create_record(admin, "forum", forum("F2", "G77"))
    pillars = {"C1": ("F1", "health"), "C2": ("F1", "economy"), "C3": ("F2", "health")}
    pillars["C4"] = ("F2", "science")
    for cid, (fid, pillar) in pillars.items():
        tracker.create_record(admin, "commitment", commitment(cid, fid, ACTORS, pillar=pillar))
    tracker.create_record(admin, "commitment", commitment("C5", "F1", ["KEN"], status="draft"))
    for (cid, actor), score in FINAL.items():
        tracker.create_record(admin, "assessment", assessment(cid, actor, score))
    tracker.create_record(admin, "assessment", assessment("C4", "NGA", 1, "interim"))
    tracker.create_record(admin, "assessment", assessment("C1", "KEN", -1, "interim"))
    tracker.create_record(admin, "assessment", assessment("C5", "KEN", -1))
    draft = assessment("C2", "ZAF", 1, "interim", status="draft")
    tracker.create_record(admin, "assessment", draft)
    return tracker


def _pcts(report) -> dict[str, float]:
    return {row.key: row.compliance_pct for row in report.rows}


def test_compliance_by_actor_latest(scored, admin):
    report = scored.compliance(admin, by="actor")
    # KEN (+1 +1 +1 −1)/4 = 0.5 → 75; NGA (0 −1 0 +1[interim])/4 = 0 → 50;
    # ZAF (−1 −1 0 0)/4 = −0.5 → 25
    assert _pcts(report) == pytest.approx({"KEN": 75.0, "NGA": 50.0, "ZAF": 25.0})
    rows = {r.key: r for r in report.rows}
    assert (rows["KEN"].n, rows["KEN"].expected, rows["KEN"].coverage) == (4, 4, 1.0)
    assert (rows["KEN"].full, rows["KEN"].partial, rows["KEN"].none) == (3, 0, 1)
    # all 12 latest scores sum to 2 + 0 − 2 = 0 → 50 %
    assert report.overall is not None
    assert (report.overall.n, report.overall.expected) == (12, 12)
    assert report.overall.compliance_pct == pytest.approx(50.0)


def test_compliance_by_commitment_forum_and_pillar(scored, admin):
    by_commitment = _pcts(scored.compliance(admin, by="commitment"))
    # C1 (1 + 0 − 1)/3 = 0 → 50; C2 (1 − 1 − 1)/3 = −1/3 → 33.33; C3 (1 + 0 + 0)/3 → 66.67;
    # C4 (−1 + 1 + 0)/3 = 0 → 50
    assert by_commitment == pytest.approx({"C1": 50.0, "C2": 100 / 3, "C3": 200 / 3, "C4": 50.0})
    # forums pool every actor × commitment score: F1 = (1+0−1+1−1−1)/6 = −1/6 → 41.67;
    # F2 = (1+0+0−1+1+0)/6 = 1/6 → 58.33
    by_forum = _pcts(scored.compliance(admin, by="forum"))
    assert by_forum == pytest.approx({"F1": 125 / 3, "F2": 175 / 3})
    # health = C1 + C3 = (1+0−1+1+0+0)/6 = 1/6 → 58.33; economy = C2 → 33.33; science = C4 → 50
    by_pillar = _pcts(scored.compliance(admin, by="pillar"))
    assert by_pillar == pytest.approx({"health": 175 / 3, "economy": 100 / 3, "science": 50.0})


def test_compliance_periods_and_drafts(scored, admin):
    final = scored.compliance(admin, by="actor", period="final")
    # NGA without its interim C4: (0 − 1 + 0)/3 = −1/3 → 33.33, coverage 3 of 4
    nga = next(r for r in final.rows if r.key == "NGA")
    assert (nga.compliance_pct, nga.n, nga.expected) == (pytest.approx(100 / 3), 3, 4)
    interim = _pcts(scored.compliance(admin, by="actor", period="interim"))
    # published interims only: KEN × C1 −1 → 0 %, NGA × C4 +1 → 100 % (ZAF's is a draft)
    assert interim == {"KEN": 0.0, "NGA": 100.0}
    with_drafts = scored.compliance(admin, by="actor", period="interim", include_drafts=True)
    assert _pcts(with_drafts) == {"KEN": 0.0, "NGA": 100.0, "ZAF": 100.0}
    # with drafts, KEN adds C5's −1: (1 + 1 + 1 − 1 − 1)/5 = 0.2 → 60 %
    latest = _pcts(scored.compliance(admin, by="actor", include_drafts=True))
    assert latest["KEN"] == pytest.approx(60.0)


def test_compliance_filters(scored, admin):
    health = scored.compliance(admin, by="actor", pillar="health")
    # C1 and C3 only: KEN (1 + 1)/2 → 100; NGA (0 + 0)/2 → 50; ZAF (−1 + 0)/2 → 25
    assert _pcts(health) == pytest.approx({"KEN": 100.0, "NGA": 50.0, "ZAF": 25.0})
    f2 = scored.compliance(admin, by="commitment", forum_id="F2")
    assert sorted(_pcts(f2)) == ["C3", "C4"]


def test_public_compliance_ignores_drafts_and_needs_a_token_for_them(scored):
    from southsouth.errors import AuthenticationRequired
    from southsouth.tracker import PUBLIC

    assert _pcts(scored.compliance(PUBLIC, by="actor"))["KEN"] == pytest.approx(75.0)
    with pytest.raises(AuthenticationRequired):
        scored.compliance(PUBLIC, by="actor", include_drafts=True)


def test_compliance_formula_endpoints():
    assert (compliance_pct(-1), compliance_pct(0), compliance_pct(1)) == (0.0, 50.0, 100.0)


def _kpi_commitment(**kpi) -> Commitment:
    return Commitment.model_validate(
        {
            **commitment("K1", "F1", ["KEN", "NGA", "bloc:AU"]),
            "kpi": {"indicator": "who_doctors", **kpi},
            "version": 1,
            "created_at": "2026-01-01T00:00:00Z",
            "updated_at": "2026-01-01T00:00:00Z",
        }
    )


def test_kpi_progress_uses_the_un_progress_measure():
    record = _kpi_commitment(baseline=100.0, baseline_year=2015, target=200.0, target_year=2030)
    rows = pd.DataFrame(
        {
            "country_iso3": ["KEN", "KEN", "NGA"],
            "year": [2015, 2020, 2021],
            "value": [100.0, 121.0, 90.0],
        }
    )
    result = unsd_kpi_progress(record, rows)
    assert result.direction == "higher"  # inferred: target 200 above baseline 100
    ken, nga, au = result.actors
    # KEN: CAGR_o = 1.21^(1/5) − 1 = 0.038859; CAGR_r = 2^(1/15) − 1 = 0.047294;
    # P = 0.038859 / 0.047294 = 0.821654 ≥ 0.6 → score 7.1429·P − 4.2857 = 1.5834, moderate
    assert ken.score == pytest.approx(7.1429 * ((1.21**0.2 - 1) / (2 ** (1 / 15) - 1)) - 4.2857)
    assert ken.score == pytest.approx(1.5834, abs=1e-4)
    assert ken.status == "moderate_progress"
    # NGA has no 2015 value: the KPI's baseline 100 is used; it fell to 90 → deterioration
    expected = progress_measure(
        pd.Series([100.0, 90.0], index=[2015, 2021]),
        "higher",
        target=200.0,
        base_year=2015,
        target_year=2030,
    )
    assert (nga.score, nga.status) == (expected.score, expected.status)
    assert nga.status == "deterioration"
    assert au.status == "not_available" and au.score is None
    assert result.mean_score == pytest.approx((ken.score + nga.score) / 2)


def test_kpi_progress_needs_a_direction_it_can_tell():
    record = _kpi_commitment(baseline=5.0, baseline_year=2015)
    rows = pd.DataFrame({"country_iso3": ["KEN"], "year": [2016], "value": [6.0]})
    with pytest.raises(InputError, match=r"higher or lower"):
        unsd_kpi_progress(record, rows)
    assert unsd_kpi_progress(record, rows, direction=1).direction == "higher"
    assert unsd_kpi_progress(record, rows, direction="lower").direction == "lower"


def test_kpi_progress_measures_with_what_it_is_given():
    # The tracker reads no indicator data: the measure and the rating of the mean are passed.
    seen = []

    def measure(series, direction, *, target, base_year, target_year):
        seen.append((series.to_dict(), direction, target, base_year, target_year))
        return SimpleNamespace(
            status="fine",
            score=float(len(series)),
            value=None,
            base_year=base_year,
            base_value=None,
            current_year=None,
            current_value=None,
            note="",
        )

    record = _kpi_commitment(baseline=5.0, baseline_year=2015, target=3.0, target_year=2028)
    rows = pd.DataFrame({"country_iso3": ["KEN", "KEN"], "year": [2016, 2018], "value": [4, 3.5]})
    result = kpi_progress(
        record, rows, measure=measure, rating=lambda mean, achieved: f"{mean} {achieved}"
    )
    # KEN: the KPI's baseline is added as the 2015 value; NGA has no rows; the bloc is skipped
    assert seen == [
        ({2015: 5.0, 2016: 4.0, 2018: 3.5}, "lower", 3.0, 2015, 2028),
        ({2015: 5.0}, "lower", 3.0, 2015, 2028),
    ]
    assert [a.score for a in result.actors] == [3.0, 1.0, None]
    assert result.status == "2.0 False"
    with pytest.raises(InputError, match="unknown direction"):
        kpi_progress(_kpi_commitment(), rows, measure=measure, rating=lambda *_: "", direction="up")


def test_stored_records_outlive_registry_changes():
    # a bloc that is not (or no longer) in the registry is refused on input only
    stored = _kpi_commitment().model_dump(mode="json")
    stored["actors"] = ["KEN", "bloc:GONE"]
    assert Commitment.model_validate(stored).actors == ["KEN", "bloc:GONE"]
    with pytest.raises(ValueError, match="not a registry bloc"):
        CommitmentIn.model_validate(
            {k: stored[k] for k in ("forum_id", "text", "pillar", "actors")}
        )


def test_roadmap_kpi_ids_map_to_their_warehouse_series():
    # Roadmap KPIs name framework indicators; progress reads the series behind them.
    from southsouth.service.tracker_progress import framework_direction, framework_series

    assert framework_series("health_worker_density") == "health_worker_density_per_1000"
    assert framework_series("wdi_population") == "wdi_population"  # already a series
    assert framework_direction("health_worker_density") == 1
    assert framework_direction("health_worker_density_per_1000") == 1
    assert framework_direction("debt_service") == -1
