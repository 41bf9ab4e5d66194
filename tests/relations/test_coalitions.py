"""The coalition finder: objective maths, constraints on every answer, real-data checks."""

from __future__ import annotations

import itertools
import json
from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from southsouth.errors import InputError, UnknownGroup
from southsouth.indicators.framework import load_framework
from southsouth.indicators.matrix import latest_values
from southsouth.registry import bloc_members
from southsouth.relations.coalitions import (
    CoalitionSizeError,
    build_problem,
    coalitions_from,
    explain,
    find_coalitions,
)
from southsouth.relations.objectives import (
    OBJECTIVES,
    UnknownObjective,
    get_objective,
    profiles,
    strength_gap,
)
from southsouth.relations.readiness import pair_scores
from southsouth.relations.solver import solutions

TODAY = date(2026, 11, 28)


def test_strength_and_gap_around_the_pivot():
    values = np.array([0.0, 2.225, 4.45, 9.725, 15.0, 20.0, np.nan])
    strength, gap = strength_gap(values, worst=0.0, best=15.0, pivot=4.45)
    assert list(strength[:6]) == pytest.approx([0, 0, 0, 0.5, 1, 1])
    assert list(gap[:6]) == pytest.approx([1, 0.5, 0, 0, 0, 0])
    assert np.isnan(strength[6]) and np.isnan(gap[6])


def test_objectives_resolve_and_unknown_ones_are_input_errors():
    assert set(OBJECTIVES) >= {"pharma", "health-workforce", "cyber"}
    assert get_objective("Pharma").id == "pharma"
    assert list(get_objective("cyber").weights()) == [0.5, 0.5]
    with pytest.raises(UnknownObjective) as caught:
        get_objective("farma")
    assert isinstance(caught.value, InputError)
    assert "pharma" in caught.value.message  # did you mean


def test_profiles_leave_out_countries_without_data():
    latest = pd.DataFrame(
        {
            "country_iso3": ["AAA", "BBB", "CCC"],
            "indicator": "health_worker_density",
            "value": [9.725, 2.225, np.nan],
            "year": [2020, 2021, None],
        }
    )
    table, excluded = profiles(latest, get_objective("health-workforce"), ["AAA", "BBB", "CCC"])
    assert list(table["iso3"]) == ["AAA", "BBB"]
    assert list(table["strength"]) == pytest.approx([0.5, 0.0])
    assert list(table["gap"]) == pytest.approx([0.0, 0.5])
    assert list(excluded["iso3"]) == ["CCC"]
    assert "health_worker_density" in excluded.iloc[0]["reason"]


def test_hand_computed_complementarity_and_contributions():
    items = ["AAA", "BBB", "CCC"]
    strengths = np.array([[1.0], [0.0], [0.0]])
    gaps = np.array([[0.0], [0.5], [1.0]])
    pairs = pd.DataFrame(
        {"a": ["AAA", "AAA", "BBB"], "b": ["BBB", "CCC", "CCC"], "tension": 0.0,
         "tension_label": "low", "drivers": "", "readiness": [80.0, 60.0, 40.0]}
    )  # fmt: skip
    problem = build_problem(
        items, strengths, gaps, np.array([1.0]), pairs, {"X": items}, 3,
        threshold=0.6, readiness_weight=0.01,
    )  # fmt: skip
    found, _ = solutions(problem, 1)
    # F = 1·0.5 + 1·1 = 1.5; bonus = 0.01 · (0.8 + 0.6 + 0.4)
    assert found[0].score == pytest.approx(1.5 + 0.018)
    table = pd.DataFrame(
        {"iso3": items, "health_worker_density": [15, 2.2, 0], "health_worker_density_year": 2020,
         "health_worker_density_strength": strengths[:, 0],
         "health_worker_density_gap": gaps[:, 0], "strength": strengths[:, 0], "gap": gaps[:, 0]}
    )  # fmt: skip
    coalition = explain(
        problem, found[0], 1, table, ["health_worker_density"], np.array([1.0]), pairs,
        {"AAA": "A"}, readiness_weight=0.01,
    )  # fmt: skip
    parts = coalition.contributions.set_index("iso3")
    assert list(parts["provides"]) == pytest.approx([1.5, 0, 0])
    assert list(parts["receives"]) == pytest.approx([0, 0.5, 1.0])
    assert coalition.complementarity == pytest.approx(1.5)
    assert coalition.readiness_bonus == pytest.approx(0.018)
    assert coalition.mean_readiness == pytest.approx(60.0)
    assert coalition.pathways == ("X",)
    json.dumps(coalition.as_dict())


@st.composite
def coalition_cases(draw: st.DrawFn):
    """Random candidates with strengths and gaps, pair tensions, pathways and a size."""
    n = draw(st.integers(4, 12))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    items = [f"C{i:02d}" for i in range(n)]
    strong = rng.random((n, 2)) < 0.35
    strengths = np.where(strong, rng.random((n, 2)), 0.0)
    gaps = np.where(strong, 0.0, rng.random((n, 2)))
    pairs = pd.DataFrame(list(itertools.combinations(items, 2)), columns=["a", "b"])
    pairs["tension"] = np.where(rng.random(len(pairs)) < 0.25, rng.random(len(pairs)), 0.0)
    pairs["readiness"] = rng.random(len(pairs)) * 100
    pathways = {
        f"B{j}": sorted(rng.choice(items, size=int(rng.integers(2, n + 1)), replace=False))
        for j in range(int(rng.integers(1, 5)))
    }
    size = draw(st.integers(2, min(5, n)))
    threshold = draw(st.sampled_from([0.3, 0.6, 0.9]))
    method = draw(st.sampled_from(["auto", "exact", "milp", "heuristic"]))
    return items, strengths, gaps, pairs, pathways, size, threshold, method


@settings(max_examples=120, deadline=None)
@given(coalition_cases())
def test_no_coalition_has_a_tense_pair_and_all_share_a_pathway(case):
    items, strengths, gaps, pairs, pathways, size, threshold, method = case
    problem = build_problem(
        items, strengths, gaps, np.array([0.5, 0.5]), pairs, pathways, size, threshold=threshold
    )
    found, _ = solutions(problem, 3, method)
    tension = {(a, b): t for a, b, t in zip(pairs["a"], pairs["b"], pairs["tension"], strict=True)}
    for solution in found:
        members = sorted(items[i] for i in solution.members)
        assert len(members) == size
        for a, b in itertools.combinations(members, 2):
            assert tension[(a, b)] < threshold
        assert any(set(members) <= set(group) for group in pathways.values())


def _independent_best(result, pairs, threshold, weight):
    """Brute force over every coalition from the result's own profiles, on paper."""
    table = result.profiles.set_index("iso3")
    dims = [d.indicator for d in result.objective.dimensions]
    omega = np.ones(len(dims)) / len(dims)
    columns = pairs[["a", "b", "tension", "readiness"]].itertuples(index=False)
    info = {(a, b): (t, r) for a, b, t, r in columns}
    best = 0.0
    for combo in itertools.combinations(sorted(table.index), result.size):
        if any(info[p][0] >= threshold for p in itertools.combinations(combo, 2)):
            continue
        score = sum(
            omega[d] * table.loc[i, f"{dims[d]}_strength"] * table.loc[j, f"{dims[d]}_gap"]
            for i in combo for j in combo if i != j for d in range(len(dims))
        )  # fmt: skip
        score += weight * sum(info[p][1] for p in itertools.combinations(combo, 2)) / 100
        best = max(best, score)
    return best


def test_real_optimum_equals_brute_force_in_a_bloc(full_warehouse, relation_data):
    members = sorted(bloc_members(full_warehouse, "ECOWAS", on=TODAY)["iso3"])
    framework = load_framework()
    latest = latest_values(full_warehouse, framework, members, TODAY.year, include_context=False)
    objective = get_objective("health-workforce")
    exact = coalitions_from(
        relation_data, latest, objective, members, group="ECOWAS", size=3, top=2
    )
    milp = coalitions_from(
        relation_data, latest, objective, members, group="ECOWAS", size=3, top=2, method="milp"
    )
    assert exact.method == "exact" and milp.method == "milp"
    assert [c.score for c in exact.coalitions] == pytest.approx([c.score for c in milp.coalitions])
    pairs = pair_scores(relation_data, list(exact.candidates))
    best = _independent_best(exact, pairs, exact.threshold, exact.readiness_weight)
    assert exact.coalitions[0].score == pytest.approx(best)


@pytest.fixture(scope="module")
def g77_health(full_warehouse):
    return find_coalitions(
        full_warehouse, "health-workforce", group="g77", size=4, top=3, as_of=TODAY
    )


def test_g77_coalitions_respect_tension_and_pathways(g77_health, full_warehouse):
    result = g77_health
    assert len(result.coalitions) == 3
    scores = [c.score for c in result.coalitions]
    assert scores == sorted(scores, reverse=True)
    assert len({c.members for c in result.coalitions}) == 3
    for coalition in result.coalitions:
        assert len(coalition.members) == 4
        assert (coalition.pairs["tension"] < result.threshold).all()
        assert len(coalition.pairs) == 6
        assert not {"IND", "PAK"} <= set(coalition.members)
        assert coalition.pathways and "G77" not in coalition.pathways
        for bloc in coalition.pathways:
            current = set(bloc_members(full_warehouse, bloc, on=TODAY)["iso3"])
            assert set(coalition.members) <= current
        parts = coalition.contributions
        assert parts["provides"].sum() == pytest.approx(coalition.complementarity)
        assert parts["receives"].sum() == pytest.approx(coalition.complementarity)
        assert coalition.score == pytest.approx(
            coalition.complementarity + coalition.readiness_bonus
        )
    payload = json.loads(json.dumps(result.as_dict()))
    assert payload["objective"]["id"] == "health-workforce"
    assert payload["coalitions"][0]["contributions"][0]["health_worker_density_year"] >= 2015
    assert len(result.table()) == 3


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"objective": "telepathy"}, UnknownObjective),
        ({"group": "NOT-A-BLOC"}, UnknownGroup),
        ({"group": "SAARC", "size": 9}, CoalitionSizeError),
        ({"size": 1}, CoalitionSizeError),
        ({"top": 0}, InputError),
        ({"method": "annealing"}, InputError),
    ],
)
def test_bad_inputs_raise_input_errors(full_warehouse, kwargs, error):
    arguments = {"objective": "pharma", "group": "g77", "size": 3, "top": 1, **kwargs}
    objective = arguments.pop("objective")
    with pytest.raises(error) as caught:
        find_coalitions(full_warehouse, objective, **arguments)
    assert isinstance(caught.value, InputError)
    assert caught.value.hint
