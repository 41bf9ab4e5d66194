"""The coalition search: the best k-member sets under pairwise weights, conflicts and pathways.

A problem has n candidates, a symmetric matrix ``weights`` (w_ij ≥ 0, the value of having
both i and j in the coalition), a symmetric boolean matrix ``conflicts`` (pairs that may not
be together) and named ``pathways`` (candidate index sets; a coalition must lie inside at
least one). The score of a set C is F(C) = Σ_{i<j ∈ C} w_ij: a maximum-weight k-subgraph
problem with forbidden pairs, NP-hard in general.

A feasible coalition lies inside some pathway, so every engine works pathway by pathway.

* :func:`solve_exact` — exact branch and bound (default up to k = 8). Depth-first over each
  pathway's members in order of potential; a node (chosen set C, r places left, candidates
  R) is pruned when F(C) + Σ of the r largest [w(v, C) + ½ · v's r−1 largest weights] over
  v ∈ R cannot beat the ``top``-th best coalition found so far. The list starts from the
  heuristic's coalitions; pathways are visited best bound first and skipped when their
  bound (half the sum of the k largest "k−1 largest weights" of their members) cannot
  enter. The ``top`` coalitions returned are the best distinct sets overall.
* :func:`solve_milp` — the same optimum as an integer programme solved by HiGHS
  (``scipy.optimize.milp``), one pathway at a time with no-good cuts for coalitions already
  returned::

      max Σ w_ij y_ij   s.t.  Σ x_i = k;  y_ij ≤ x_i;  y_ij ≤ x_j;
                              Σ_j y_ij ≤ (k − 1) x_i;  x_i + x_j ≤ 1 for conflicts;
                              Σ_{i∈S} x_i ≤ k − 1 for every coalition S already returned;
                              x binary, 0 ≤ y ≤ 1.

  Slower than the branch and bound on pathways of 50 members (seconds per solve), kept as
  an independent check.
* :func:`solve_heuristic` — for large k: in every pathway, greedy construction from each of
  the ``seeds`` best-connected members, then best-improvement 1-swap local search; the
  distinct local optima and their best one-swap neighbours, best first. No optimality
  guarantee; ``benchmarks/coalition_bench.py`` measures its gap against the exact solver on
  sizes where both run.
* :func:`brute_force` — every k-subset; the reference for tests on small instances.

Coalitions scoring 0 (no complementarity at all) are never returned.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

from southsouth.errors import InputError

#: Scores at or below this are "no complementarity".
EPSILON = 1e-9
#: ``auto`` solves exactly up to this coalition size and heuristically above it.
EXACT_MAX_K = 8


@dataclass(frozen=True, eq=False)
class Problem:
    """Candidates, pair weights, forbidden pairs, pathways and the coalition size."""

    items: tuple[str, ...]
    weights: np.ndarray
    conflicts: np.ndarray
    pathways: Mapping[str, tuple[int, ...]]
    k: int

    def __post_init__(self) -> None:
        n = len(self.items)
        w, c = np.asarray(self.weights, dtype=float), np.asarray(self.conflicts, dtype=bool)
        if w.shape != (n, n) or c.shape != (n, n):
            raise InputError(
                f"weights and conflicts must be {n}×{n} matrices",
                hint="one row and column per candidate",
            )
        if not np.allclose(w, w.T) or (w < 0).any() or not np.isfinite(w).all():
            raise InputError(
                "pair weights must be finite, non-negative and symmetric",
                hint="w[i, j] is the value of having both i and j in the coalition",
            )
        if not (c == c.T).all():
            raise InputError("the conflict matrix must be symmetric", hint="c[i, j] = c[j, i]")
        if self.k < 2:
            raise InputError(f"a coalition needs at least 2 members, not {self.k}", hint="k ≥ 2")
        w = w.copy()
        np.fill_diagonal(w, 0.0)
        object.__setattr__(self, "weights", w)
        object.__setattr__(self, "conflicts", c)

    def score(self, members: Sequence[int]) -> float:
        """F(C): the sum of the weights of every pair in ``members``."""
        idx = np.asarray(members, dtype=int)
        return float(self.weights[np.ix_(idx, idx)].sum() / 2)

    def feasible(self, members: Sequence[int]) -> bool:
        """True when no pair conflicts and some pathway holds every member."""
        idx = np.asarray(members, dtype=int)
        if self.conflicts[np.ix_(idx, idx)].any():
            return False
        return bool(self.shared_pathways(members))

    def shared_pathways(self, members: Sequence[int]) -> tuple[str, ...]:
        """Pathways that hold every member."""
        wanted = set(members)
        return tuple(p for p, idx in self.pathways.items() if wanted <= set(idx))


@dataclass(frozen=True)
class Solution:
    """One coalition: member indices (sorted), its score and the pathways it lies in."""

    members: tuple[int, ...]
    score: float
    pathways: tuple[str, ...] = field(default_factory=tuple)


def _finish(problem: Problem, members: Sequence[int]) -> Solution:
    ordered = tuple(sorted(int(m) for m in members))
    return Solution(ordered, problem.score(ordered), problem.shared_pathways(ordered))


def _ranked(solutions: list[Solution], top: int) -> list[Solution]:
    solutions.sort(key=lambda s: (-round(s.score, 9), s.members))
    return solutions[:top]


def brute_force(problem: Problem, top: int = 1) -> list[Solution]:
    """The ``top`` best feasible coalitions by enumerating every k-subset (small n only)."""
    found = [
        _finish(problem, combo)
        for combo in itertools.combinations(range(len(problem.items)), problem.k)
        if problem.feasible(combo)
    ]
    return _ranked([s for s in found if s.score > EPSILON], top)


def upper_bound(weights: np.ndarray, idx: Sequence[int], k: int) -> float:
    """A bound on F(C) for C ⊆ idx, |C| = k: each member adds at most its k−1 best weights."""
    if len(idx) < k:
        return 0.0
    sub = weights[np.ix_(idx, idx)]
    best_rows = -np.sort(-sub, axis=1)[:, : k - 1].sum(axis=1)
    return float(np.sort(best_rows)[::-1][:k].sum() / 2)


class _PathwayStream:
    """Coalitions inside one pathway in non-increasing score order (one MILP per step)."""

    def __init__(self, problem: Problem, name: str, idx: Sequence[int]) -> None:
        self.problem = problem
        self.name = name
        self.idx = np.asarray(sorted(idx), dtype=int)
        self.position = {int(g): i for i, g in enumerate(self.idx)}
        self.exhausted = len(self.idx) < problem.k
        self.bound = upper_bound(problem.weights, self.idx, problem.k)
        self.cuts: list[tuple[int, ...]] = []
        if not self.exhausted:
            self._build()

    def _build(self) -> None:
        w = self.problem.weights[np.ix_(self.idx, self.idx)]
        conflict = self.problem.conflicts[np.ix_(self.idx, self.idx)]
        m = len(self.idx)
        iu, ju = np.triu_indices(m, k=1)
        keep = (w[iu, ju] > EPSILON) & ~conflict[iu, ju]
        self.pairs_i, self.pairs_j = iu[keep], ju[keep]
        self.pair_w = w[iu, ju][keep]
        self.conflict_pairs = [
            (int(a), int(b)) for a, b in zip(iu, ju, strict=True) if conflict[a, b]
        ]
        self.m = m

    def _solve(self) -> Solution | None:
        k, m, p = self.problem.k, self.m, len(self.pair_w)
        n_var = m + p
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        lower: list[float] = []
        upper: list[float] = []

        def add(entries: list[tuple[int, float]], lo: float, hi: float) -> None:
            r = len(lower)
            for col, val in entries:
                rows.append(r)
                cols.append(col)
                vals.append(val)
            lower.append(lo)
            upper.append(hi)

        add([(i, 1.0) for i in range(m)], k, k)
        for q, (a, b) in enumerate(zip(self.pairs_i, self.pairs_j, strict=True)):
            add([(m + q, 1.0), (int(a), -1.0)], -np.inf, 0.0)
            add([(m + q, 1.0), (int(b), -1.0)], -np.inf, 0.0)
        incident: dict[int, list[int]] = {i: [] for i in range(m)}
        for q, (a, b) in enumerate(zip(self.pairs_i, self.pairs_j, strict=True)):
            incident[int(a)].append(q)
            incident[int(b)].append(q)
        for i, qs in incident.items():
            if len(qs) > k - 1:
                add([*((m + q, 1.0) for q in qs), (i, -(k - 1.0))], -np.inf, 0.0)
        for a, b in self.conflict_pairs:
            add([(a, 1.0), (b, 1.0)], -np.inf, 1.0)
        for cut in self.cuts:
            add([(self.position[g], 1.0) for g in cut], -np.inf, k - 1.0)
        matrix = coo_matrix((vals, (rows, cols)), shape=(len(lower), n_var)).tocsr()
        cost = np.concatenate([np.zeros(m), -self.pair_w])
        integrality = np.concatenate([np.ones(m), np.zeros(p)])
        result = milp(
            cost,
            constraints=LinearConstraint(matrix, np.array(lower), np.array(upper)),
            integrality=integrality,
            bounds=Bounds(np.zeros(n_var), np.ones(n_var)),
            options={"mip_rel_gap": 0.0, "presolve": True},
        )
        if result.status != 0 or result.x is None:
            return None
        chosen = [int(self.idx[i]) for i in range(m) if result.x[i] > 0.5]
        if len(chosen) != k:
            return None
        return _finish(self.problem, chosen)

    def exclude(self, members: tuple[int, ...]) -> None:
        """Never return ``members`` again (no-good cut) when they all lie in this pathway."""
        if all(g in self.position for g in members) and members not in self.cuts:
            self.cuts.append(members)

    def next(self) -> Solution | None:
        """The best coalition not yet excluded, or None when none scores above 0."""
        if self.exhausted:
            return None
        found = self._solve()
        if found is None or found.score <= EPSILON:
            self.exhausted = True
            return None
        return found


def solve_milp(problem: Problem, top: int = 1) -> list[Solution]:
    """The ``top`` best distinct feasible coalitions by integer programming (HiGHS)."""
    streams = sorted(
        (_PathwayStream(problem, name, idx) for name, idx in problem.pathways.items()),
        key=lambda s: (-s.bound, s.name),
    )
    heads: dict[int, Solution] = {}
    results: list[Solution] = []
    seen: set[tuple[int, ...]] = set()

    def best_head() -> tuple[int, Solution] | None:
        if not heads:
            return None
        key = min(heads, key=lambda s: (-round(heads[s].score, 9), heads[s].members, s))
        return key, heads[key]

    while len(results) < top:
        for number, stream in enumerate(streams):
            if number in heads or stream.exhausted:
                continue
            leader = best_head()
            if leader is not None and stream.bound <= leader[1].score + EPSILON:
                continue
            head = stream.next()
            if head is not None:
                heads[number] = head
        leader = best_head()
        if leader is None:
            break
        number, chosen = leader
        results.append(chosen)
        seen.add(chosen.members)
        for stream in streams:
            stream.exclude(chosen.members)
        for other in [o for o, head in heads.items() if head.members in seen]:
            del heads[other]
    return results


def _greedy(problem: Problem, pool: np.ndarray, seed: int, k: int) -> list[int] | None:
    """Grow a coalition from ``seed`` inside ``pool`` by the best feasible marginal gain."""
    chosen = [seed]
    allowed = pool[~problem.conflicts[seed, pool] & (pool != seed)]
    while len(chosen) < k:
        if allowed.size == 0:
            return None
        gains = problem.weights[np.ix_(allowed, chosen)].sum(axis=1)
        best = int(allowed[int(np.argmax(gains))])
        chosen.append(best)
        allowed = allowed[~problem.conflicts[best, allowed] & (allowed != best)]
    return chosen


def _local_search(problem: Problem, pool: np.ndarray, chosen: list[int]) -> list[int]:
    """Best-improvement 1-swap until no swap raises the score."""
    w, conflicts = problem.weights, problem.conflicts
    members = list(chosen)
    while True:
        best_delta, best_swap = EPSILON, None
        outside = np.setdiff1d(pool, members)
        for u in members:
            rest = [m for m in members if m != u]
            ok = outside[~conflicts[np.ix_(outside, rest)].any(axis=1)]
            if ok.size == 0:
                continue
            gain_in = w[np.ix_(ok, rest)].sum(axis=1)
            gain_out = w[u, rest].sum()
            i = int(np.argmax(gain_in))
            delta = float(gain_in[i] - gain_out)
            if delta > best_delta:
                best_delta, best_swap = delta, (u, int(ok[i]))
        if best_swap is None:
            return members
        members = [best_swap[1] if m == best_swap[0] else m for m in members]


def _neighbours(
    problem: Problem, pool: np.ndarray, members: list[int], top: int
) -> list[tuple[int, ...]]:
    """The ``top`` best feasible coalitions one swap away from ``members`` (inside ``pool``)."""
    w, conflicts = problem.weights, problem.conflicts
    outside = np.setdiff1d(pool, members)
    scored: list[tuple[float, tuple[int, ...]]] = []
    for u in members:
        rest = [m for m in members if m != u]
        ok = outside[~conflicts[np.ix_(outside, rest)].any(axis=1)]
        if ok.size == 0:
            continue
        delta = w[np.ix_(ok, rest)].sum(axis=1) - w[u, rest].sum()
        for i in np.argsort(-delta, kind="stable")[:top]:
            scored.append((float(delta[i]), tuple(sorted([*rest, int(ok[i])]))))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [members_ for _, members_ in scored[:top]]


def solve_heuristic(problem: Problem, top: int = 1, *, seeds: int = 12) -> list[Solution]:
    """Greedy from the ``seeds`` best-connected members of each pathway, then 1-swap search.

    Each local optimum and its best one-swap neighbours enter the list, so the runners-up
    are not only other local optima.
    """
    found: dict[tuple[int, ...], Solution] = {}
    for idx in problem.pathways.values():
        pool = np.asarray(sorted(idx), dtype=int)
        if len(pool) < problem.k:
            continue
        degree = problem.weights[np.ix_(pool, pool)].sum(axis=1)
        order = pool[np.argsort(-degree, kind="stable")][:seeds]
        optima: set[tuple[int, ...]] = set()
        for seed in order:
            start = _greedy(problem, pool, int(seed), problem.k)
            if start is not None:
                optima.add(tuple(sorted(_local_search(problem, pool, start))))
        for optimum in optima:
            for members in (optimum, *_neighbours(problem, pool, list(optimum), top)):
                if members not in found:
                    solution = _finish(problem, members)
                    if solution.score > EPSILON and problem.feasible(solution.members):
                        found[members] = solution
    return _ranked(list(found.values()), top)


class _Best:
    """The ``top`` best distinct coalitions found so far (a min-heap on score)."""

    def __init__(self, top: int) -> None:
        self.top = top
        self.heap: list[tuple[float, tuple[int, ...]]] = []
        self.members: set[tuple[int, ...]] = set()

    @property
    def floor(self) -> float:
        """Score a new coalition must beat to enter (−inf while the list is not full)."""
        return self.heap[0][0] if len(self.heap) >= self.top else -np.inf

    def offer(self, score: float, members: tuple[int, ...]) -> None:
        """Keep ``members`` if it is new and among the ``top`` best."""
        if score <= EPSILON or members in self.members:
            return
        if len(self.heap) < self.top:
            heapq.heappush(self.heap, (score, members))
            self.members.add(members)
        elif score > self.heap[0][0] + EPSILON:
            _, dropped = heapq.heapreplace(self.heap, (score, members))
            self.members.discard(dropped)
            self.members.add(members)


def _branch_and_bound(problem: Problem, idx: np.ndarray, best: _Best) -> None:
    """Offer ``best`` every coalition inside ``idx`` that could be among the top ones.

    Depth-first over members in order of potential (sum of their k−1 largest weights). At a
    node with chosen set C and r places left among candidates R (compatible with C, later in
    the order), a bound is F(C) + the r largest of w(v, C) + ½·(v's r−1 largest weights in
    the pathway) over v ∈ R; the node is pruned when the bound cannot beat the current
    ``top``-th best.
    """
    k = problem.k
    potential = -np.sort(-problem.weights[np.ix_(idx, idx)], axis=1)[:, : k - 1].sum(axis=1)
    order = idx[np.argsort(-potential, kind="stable")]
    w = problem.weights[np.ix_(order, order)]
    conflict = problem.conflicts[np.ix_(order, order)]
    m = len(order)
    best_rows = np.cumsum(-np.sort(-w, axis=1), axis=1)
    half_top = np.zeros((k + 1, m))
    for r in range(2, k + 1):
        half_top[r] = 0.5 * best_rows[:, r - 2]

    def visit(chosen: list[int], score: float, gain: np.ndarray, candidates: np.ndarray) -> None:
        r = k - len(chosen)
        if r == 0:
            best.offer(score, tuple(sorted(int(order[c]) for c in chosen)))
            return
        values = gain[candidates] + half_top[r][candidates]
        if len(values) > r:
            values = np.partition(values, len(values) - r)[len(values) - r :]
        if score + float(values.sum()) <= best.floor + EPSILON:
            return
        for i in range(len(candidates) - r + 1):
            v = int(candidates[i])
            rest = candidates[i + 1 :]
            rest = rest[~conflict[v, rest]]
            if len(rest) >= r - 1:
                visit([*chosen, v], score + float(gain[v]), gain + w[:, v], rest)

    visit([], 0.0, np.zeros(m), np.arange(m))


def solve_exact(problem: Problem, top: int = 1) -> list[Solution]:
    """The ``top`` best distinct feasible coalitions by branch and bound (exact).

    The heuristic's coalitions seed the list, so pruning starts strong; pathways are visited
    best bound first and skipped once their bound cannot beat the ``top``-th best.
    """
    best = _Best(top)
    for warm in solve_heuristic(problem, top):
        best.offer(warm.score, warm.members)
    pathways = sorted(
        (
            (upper_bound(problem.weights, idx, problem.k), name, np.asarray(sorted(idx), int))
            for name, idx in problem.pathways.items()
            if len(idx) >= problem.k
        ),
        key=lambda item: (-item[0], item[1]),
    )
    for bound, _, idx in pathways:
        if bound <= best.floor + EPSILON:
            continue
        _branch_and_bound(problem, idx, best)
    return _ranked([_finish(problem, members) for _, members in best.heap], top)


ENGINES = {"exact": solve_exact, "milp": solve_milp, "heuristic": solve_heuristic}


def check_method(method: str) -> None:
    """InputError unless ``method`` is auto, exact, milp or heuristic."""
    if method not in ("auto", *ENGINES):
        raise InputError(f"unknown method {method!r}", hint="use auto, exact, milp or heuristic")


def solutions(problem: Problem, top: int, method: str = "auto") -> tuple[list[Solution], str]:
    """Solve by ``method``; returns the coalitions and the method used.

    ``auto`` is ``exact`` (branch and bound) up to k = 8 and ``heuristic`` above; ``milp``
    is the integer programme (exact, slower on large pathways).
    """
    check_method(method)
    if top < 1:
        raise InputError(f"top must be at least 1, not {top}", hint="e.g. --top 3")
    chosen = method if method != "auto" else ("exact" if problem.k <= EXACT_MAX_K else "heuristic")
    return ENGINES[chosen](problem, top), chosen
