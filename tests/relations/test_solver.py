"""The coalition solver: exact engines equal brute force; every answer is feasible."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from southsouth.errors import InputError
from southsouth.relations.solver import (
    Problem,
    brute_force,
    solutions,
    solve_exact,
    solve_heuristic,
    solve_milp,
    upper_bound,
)


@st.composite
def problems(draw: st.DrawFn, max_n: int = 11) -> tuple[Problem, int]:
    """Random small instances: strength × gap or arbitrary sparse weights, conflicts, pathways."""
    n = draw(st.integers(4, max_n))
    k = draw(st.integers(2, min(4, n)))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    if draw(st.booleans()):
        s = np.where(rng.random(n) < 0.4, rng.random(n), 0.0)
        g = np.where(s == 0, rng.random(n), 0.0)
        w = np.outer(s, g) + np.outer(g, s)
    else:
        w = np.round(rng.random((n, n)) * (rng.random((n, n)) < 0.5), 2)
        w = w + w.T
    c = rng.random((n, n)) < draw(st.sampled_from([0.0, 0.1, 0.3]))
    c = c | c.T
    np.fill_diagonal(c, False)
    pathways = {
        f"p{j}": tuple(sorted(rng.choice(n, size=int(rng.integers(2, n + 1)), replace=False)))
        for j in range(int(rng.integers(1, 4)))
    }
    top = draw(st.integers(1, 3))
    return Problem(tuple(f"C{i}" for i in range(n)), w, c, pathways, k), top


def _scores(found):
    return [round(s.score, 9) for s in found]


@settings(max_examples=150, deadline=None)
@given(problems())
def test_exact_engines_equal_brute_force(case):
    problem, top = case
    expected = _scores(brute_force(problem, top))
    assert _scores(solve_exact(problem, top)) == expected
    assert _scores(solve_milp(problem, top)) == expected


@settings(max_examples=150, deadline=None)
@given(problems())
def test_every_answer_is_feasible_and_distinct(case):
    problem, top = case
    for engine in (solve_exact, solve_milp, solve_heuristic):
        found = engine(problem, top)
        assert len({s.members for s in found}) == len(found) <= top
        for solution in found:
            idx = list(solution.members)
            assert len(idx) == problem.k
            assert not problem.conflicts[np.ix_(idx, idx)].any()
            assert solution.pathways
            assert all(set(idx) <= set(problem.pathways[p]) for p in solution.pathways)
            assert solution.score == pytest.approx(problem.score(idx)) and solution.score > 0


@settings(max_examples=100, deadline=None)
@given(problems())
def test_heuristic_never_beats_the_optimum(case):
    problem, _ = case
    exact = solve_exact(problem, 1)
    heuristic = solve_heuristic(problem, 1)
    assert len(heuristic) <= len(exact)
    if heuristic:
        assert heuristic[0].score <= exact[0].score + 1e-9


def test_hand_case():
    # A provides 1 to B, C, D; B and C conflict; pathways hold {A, B, C} and {A, C, D}
    w = np.zeros((4, 4))
    w[0, 1:] = w[1:, 0] = [1.0, 0.9, 0.5]
    w[2, 3] = w[3, 2] = 0.2
    c = np.zeros((4, 4), dtype=bool)
    c[1, 2] = c[2, 1] = True
    problem = Problem(("A", "B", "C", "D"), w, c, {"x": (0, 1, 2), "y": (0, 2, 3)}, 3)
    best = solve_exact(problem, 3)
    # {A, B, C} conflicts; {A, C, D} = 0.9 + 0.5 + 0.2; {A, B, D} has no common pathway
    assert [s.members for s in best] == [(0, 2, 3)]
    assert best[0].score == pytest.approx(1.6)
    assert best[0].pathways == ("y",)
    assert upper_bound(w, [0, 1, 2, 3], 3) >= 1.6


def test_zero_weight_coalitions_are_not_returned():
    problem = Problem(
        ("A", "B", "C"), np.zeros((3, 3)), np.zeros((3, 3), bool), {"x": (0, 1, 2)}, 2
    )
    assert solve_exact(problem, 3) == [] and brute_force(problem, 3) == []


def test_bad_problems_and_methods():
    ok = np.ones((3, 3))
    free = np.zeros((3, 3), dtype=bool)
    with pytest.raises(InputError):
        Problem(("A", "B", "C"), np.triu(ok), free, {}, 2)  # not symmetric
    with pytest.raises(InputError):
        Problem(("A", "B", "C"), -ok, free, {}, 2)
    with pytest.raises(InputError):
        Problem(("A", "B"), ok, free, {}, 2)  # wrong shape
    with pytest.raises(InputError):
        Problem(("A", "B", "C"), ok, free, {}, 1)
    problem = Problem(("A", "B", "C"), ok, free, {"x": (0, 1, 2)}, 2)
    with pytest.raises(InputError):
        solutions(problem, 1, "simulated-annealing")
    with pytest.raises(InputError):
        solutions(problem, 0)
    assert solutions(problem, 1)[1] == "exact"
