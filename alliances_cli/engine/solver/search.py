"""The exact search: a depth-first branch and bound over camp assignments.

A Russian doll search (Verfaillie, Lemaitre & Schiex 1996): the suffixes of the search order
are solved exactly first, smallest first, and each one's optimum bounds the ties among the
actors still to place in the searches after it. Its bound charges every unplaced actor the
cheapest frustration it can still get against the actors already placed (each tie is charged to
whichever of its ends is placed later, so no tie is counted twice), plus that bound on the ties
among the actors not yet placed.

With a time limit (or a node budget past COMPILED_FROM_BUDGET) the search runs in Python until
it has visited HAND_OVER_NODES nodes; a longer one starts again in the compiled loop of
`search_kernel.py` when Numba is installed, which visits the same nodes in the same order 10-20
times faster. Both give the same answer; only the time differs.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable, Sequence
from typing import NamedTuple

from alliances_cli.engine.solver.bounds import SUFFIX_LONG_CYCLE_EDGES, cycle_bound
from alliances_cli.engine.solver.graph import SignedGraph
from alliances_cli.engine.solver.records import Stage
from alliances_cli.engine.solver.settings import Settings

Adjacency = Sequence[Sequence[tuple[int, float]]]

#: Nodes the Python loop visits before a longer search moves to the compiled one. About a
#: tenth of a second: less than loading Numba and the compiled code (0.3-0.5 s).
HAND_OVER_NODES = 8_192

#: Node budgets up to this stay in Python (the default, 40,000 nodes, is half a second there).
COMPILED_FROM_BUDGET = 100_000

#: Nodes the compiled loop visits between looks at the clock (a few milliseconds).
CLOCK_EVERY = 16_384

EPS = 1e-9


class Searched(NamedTuple):
    """The best partition found (a camp per node index), its cost, a lower bound, and whether
    the search finished (then the partition is optimal and the bound is its cost)."""

    partition: list[int]
    cost: float
    bound: float
    optimal: bool


class Problem(NamedTuple):
    """What a search is given (`russian_doll` says what each means); both loops take it."""

    adj: Adjacency
    limit: int
    order: list[int]
    suffix: list[float]
    incumbent: list[int]
    upper: float
    node_budget: int
    deadline: float | None


def search_order(adj: Adjacency) -> list[int]:
    """Most strongly tied first, then whichever is most strongly tied to those placed."""
    n = len(adj)
    strength = [sum(abs(w) for _, w in row) for row in adj]
    tied = [0.0] * n
    placed = [False] * n
    order: list[int] = []
    for _ in range(n):
        v = max(
            (i for i in range(n) if not placed[i]),
            key=lambda i: (tied[i], strength[i], -i),
        )
        placed[v] = True
        order.append(v)
        for u, w in adj[v]:
            tied[u] += abs(w)
    return order


def russian_doll(
    adj: Adjacency,
    limit: int,
    order: list[int],
    suffix: list[float],
    incumbent: list[int],
    upper: float,
    node_budget: int,
    deadline: float | None = None,
    compiled: bool | None = None,
) -> Searched:
    """Search for a partition into at most `limit` camps cheaper than `incumbent` (cost `upper`).

    `suffix[d]` bounds the frustration of the ties among `order[d:]` (and `suffix[n]` is 0);
    the search raises it to each suffix's optimum as it goes. It stops after `node_budget`
    nodes, or at `deadline` (a `time.monotonic()` time) instead of any budget, with the best
    partition known and the best bound. `compiled` None: the compiled loop once the search is
    long, if Numba is there; False: Python only; True: the compiled loop from the start.
    """
    from alliances_cli.engine.solver import search_kernel

    problem = Problem(adj, limit, order, suffix, incumbent, upper, node_budget, deadline)
    if compiled is None and deadline is None and node_budget <= COMPILED_FROM_BUDGET:
        compiled = False  # a short search: loading Numba would take longer than it saves
    kernel = None
    if compiled is not False and (compiled or search_kernel.installed()):
        if compiled is None:  # the Python loop first: most searches end before Numba loads
            found = _python(problem, HAND_OVER_NODES)
            if found is not None:
                return found
        kernel = search_kernel.compiled()
    if kernel is None:
        found = _python(problem)
        assert found is not None  # without a hand-over, the Python loop always answers
        return found
    return _compiled(kernel, problem)


def _positions(order: list[int]) -> list[int]:
    """Each node's depth in the search order."""
    position = [0] * len(order)
    for depth, v in enumerate(order):
        position[v] = depth
    return position


def _later(adj: Adjacency, position: list[int]) -> list[list[tuple[int, float]]]:
    """Each node's ties to nodes placed after it."""
    return [[(u, w) for u, w in adj[v] if position[u] > position[v]] for v in range(len(adj))]


def _python(problem: Problem, hand_over: int | None = None) -> Searched | None:
    """The search in Python; None when it reaches `hand_over` nodes (for the compiled loop)."""
    adj, limit, order, suffix, _, _, node_budget, deadline = problem
    suffix = list(suffix)  # raised as suffixes are solved: this search's own copy
    n = len(adj)
    later = _later(adj, _positions(order))
    # What v would pay in camp c beyond placed_pos[v] (its positive ties to placed nodes, all
    # frustrated if it opens a camp of its own): its negative ties into c, minus its positive
    # ties into c. One table, so that the cheapest camp is a `min` over a slice, in C.
    extra = [[0.0] * limit for _ in range(n)]
    placed_pos = [0.0] * n
    camp_of = [-1] * n
    best: list[int] = []
    best_cost = 0.0
    visited = 0
    exhausted = False
    eps = EPS
    stop_at = node_budget if deadline is None else sys.maxsize
    if hand_over is not None:
        stop_at = min(stop_at, hand_over)

    # Per node, its later neighbours' rows of `extra`, and its positive ties' ends: the
    # innermost loop of the search, so no lookups in it.
    rows_later = [[(extra[u], w) for u, w in later[v]] for v in range(n)]
    dense_later = [[0.0] * n for _ in range(n)]
    for v in range(n):
        for u, w in later[v]:
            dense_later[v][u] = w
    pos_later = [[(u, w) for u, w in later[v] if w > 0] for v in range(n)]

    def place(v: int, c: int, sign: int) -> None:
        if sign > 0:
            for row, w in rows_later[v]:
                row[c] -= w
            for u, w in pos_later[v]:
                placed_pos[u] += w
        else:
            for row, w in rows_later[v]:
                row[c] += w
            for u, w in pos_later[v]:
                placed_pos[u] -= w

    def search(depth: int, camps: int, cost: float) -> None:
        nonlocal best, best_cost, visited, exhausted
        if exhausted:
            return
        visited += 1
        if visited > stop_at:
            exhausted = True
            return
        if deadline is not None and visited % 2048 == 0 and time.monotonic() > deadline:
            exhausted = True
            return
        if depth == n:
            if cost < best_cost - eps:
                best_cost = cost
                best = list(camp_of)
            return
        v = order[depth]
        options: list[tuple[float, int]] = []
        base = placed_pos[v]
        for c in range(camps):
            options.append((base + extra[v][c], c))
        if camps < limit:
            options.append((base, camps))
        options.sort()
        rest = order[depth + 1 :]
        # Each later node's two cheapest camps as they stand on entering: the same for every
        # option tried here (read again per option, a sibling's placing and unplacing could
        # leave them a rounding apart, and the compiled search, which reads them once, would
        # then cut other branches).
        mins = []
        for u in rest:
            first_min = second_min = math.inf
            for x in extra[u][:camps]:
                if x < first_min:
                    second_min = first_min
                    first_min = x
                elif x < second_min:
                    second_min = x
            mins.append((u, first_min, second_min))
        for step, c in options:
            new_cost = cost + step
            if new_cost >= best_cost - eps:
                break
            new_camps = camps + 1 if c == camps else camps
            bound = new_cost + suffix[depth + 1]
            cutoff = best_cost - eps
            opened = new_camps < limit
            # The bound as if v were placed in c, without placing it: most children are cut
            # here, and placing then unplacing v was 40% of the search. Placing v in c leaves
            # u's cost in c as it was and adds w to its other camps (a tie w > 0), or adds -w
            # to its cost in c (w < 0). Inlined: this loop runs tens of millions of times.
            tie_to = dense_later[v]
            for u, first_min, second_min in mins:
                row = extra[u]
                w = tie_to[u]
                if c == camps:  # v opens a camp: u may join it too
                    x = row[camps]
                    if x < first_min:
                        second_min = first_min
                        first_min = x
                    elif x < second_min:
                        second_min = x
                in_c = row[c]
                if w > 0.0:
                    if in_c <= first_min:
                        cheapest = min(in_c, second_min + w) if new_camps > 1 else in_c
                    else:
                        cheapest = min(in_c, first_min + w)
                    if opened and cheapest > w:
                        cheapest = w  # a camp of its own frustrates the new positive tie
                elif w < 0.0:
                    cheapest = first_min
                    if in_c <= cheapest:
                        cheapest = min(in_c - w, second_min) if new_camps > 1 else in_c - w
                    if opened and cheapest > 0.0:
                        cheapest = 0.0
                else:
                    cheapest = first_min
                    if opened and cheapest > 0.0:
                        cheapest = 0.0
                bound += placed_pos[u] + cheapest
                if bound >= cutoff:
                    break
            if bound < cutoff:
                camp_of[v] = c
                place(v, c, 1)
                search(depth + 1, new_camps, new_cost)
                place(v, c, -1)
                camp_of[v] = -1
            if exhausted:
                return

    old_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old_limit, n + 100))
    try:
        doll = [-1] * n  # the optimum of the suffix solved last
        for first in range(n - 1, -1, -1):
            best, best_cost = _start(problem, later, doll, first)
            search(first, 0, 0.0)
            if exhausted:
                if hand_over is not None and visited > hand_over:
                    return None
                return _stopped(problem, suffix, first, best, best_cost)
            suffix[first] = max(suffix[first], best_cost)
            doll = best
    finally:
        sys.setrecursionlimit(old_limit)
    return Searched(best, best_cost, best_cost, True)


def _start(
    problem: Problem, later: list[list[tuple[int, float]]], doll: list[int], first: int
) -> tuple[list[int], float]:
    """A round's first partition: the last suffix's optimum, extended by one node (or the
    incumbent, for the whole order, when it is better); and its cost on the suffix."""
    order = problem.order
    start = _extend(problem.adj, doll, order[first], problem.limit)
    if first == 0 and problem.upper < _restricted_cost(later, start, order) - EPS:
        start = list(problem.incumbent)
    return start, _restricted_cost(later, start, order[first:])


def _stopped(
    problem: Problem, suffix: list[float], first: int, best: list[int], best_cost: float
) -> Searched:
    # Every suffix solved so far is part of the whole: its optimum bounds it.
    bound = max(suffix[0], suffix[first + 1])
    if first == 0 and best_cost < problem.upper - EPS:
        return Searched(best, best_cost, bound, False)
    return Searched(list(problem.incumbent), problem.upper, bound, False)


def _compiled(kernel: Callable[..., int], problem: Problem) -> Searched:
    """The same rounds as `_python`, each searched by the compiled loop."""
    import numpy as np

    from alliances_cli.engine.solver.search_kernel import PAUSED

    adj, limit, order, suffix, _, _, node_budget, deadline = problem
    n = len(adj)
    position = _positions(order)
    later = _later(adj, position)
    tie = np.zeros((n, n))
    for v in range(n):
        for u, w in later[v]:
            tie[position[v], position[u]] = w
    bounds = np.array([*suffix], dtype=np.float64)
    extra = np.zeros((n, limit))
    placed_pos = np.zeros(n)
    camp_of = np.full(n, -1, dtype=np.int64)
    option_cost = np.zeros((n + 1, limit + 1))
    option_camp = np.zeros((n + 1, limit + 1), dtype=np.int64)
    options = np.zeros(n + 1, dtype=np.int64)
    next_option = np.zeros(n + 1, dtype=np.int64)
    camps_at = np.zeros(n + 1, dtype=np.int64)
    cost_at = np.zeros(n + 1)
    cheapest_at = np.zeros((n + 1, n))
    second_at = np.zeros((n + 1, n))
    state = np.zeros(3, dtype=np.int64)
    best_cost_box = np.zeros(1)
    doll = [-1] * n
    visited = 0
    found: list[int] = []
    best_cost = 0.0
    for first in range(n - 1, -1, -1):
        start, best_cost = _start(problem, later, doll, first)
        best = np.array([start[v] for v in order], dtype=np.int64)
        state[:] = (first, visited, 1)
        best_cost_box[0] = best_cost
        camps_at[first] = 0
        cost_at[first] = 0.0
        while True:
            stop_at = node_budget if deadline is None else int(state[1]) + CLOCK_EVERY
            status = kernel(
                tie,
                limit,
                bounds,
                first,
                best,
                state,
                best_cost_box,
                extra,
                placed_pos,
                camp_of,
                option_cost,
                option_camp,
                options,
                next_option,
                camps_at,
                cost_at,
                cheapest_at,
                second_at,
                stop_at,
            )
            if status != PAUSED:
                break
            if deadline is None or time.monotonic() > deadline:
                found = [int(best[position[v]]) for v in range(n)]
                return _stopped(problem, bounds.tolist(), first, found, float(best_cost_box[0]))
        visited = int(state[1])
        best_cost = float(best_cost_box[0])
        found = [int(best[position[v]]) for v in range(n)]
        bounds[first] = max(float(bounds[first]), best_cost)
        doll = found
    return Searched(found, best_cost, best_cost, True)


def _extend(adj: Adjacency, camp_of: list[int], v: int, limit: int) -> list[int]:
    """A partition of one more node: v joins the camp (or a new one) that frustrates least."""
    camps = max(camp_of, default=-1) + 1
    costs = [0.0] * (camps + 1)
    for u, w in adj[v]:
        c = camp_of[u]
        if c < 0:
            continue
        for k in range(camps + 1):
            if (w > 0) != (k == c):
                costs[k] += abs(w)
    options = range(camps + 1) if camps < limit else range(camps)
    extended = list(camp_of)
    extended[v] = min(options, key=lambda k: (costs[k], k))
    return extended


def _restricted_cost(
    later: list[list[tuple[int, float]]], camp_of: list[int], among: list[int]
) -> float:
    """The frustration of the ties among `among` (a suffix of the search order)."""
    total = 0.0
    for v in among:
        for u, w in later[v]:
            if (w > 0) != (camp_of[v] == camp_of[u]):
                total += abs(w)
    return total


def branch_and_bound(
    graph: SignedGraph,
    settings: Settings,
    incumbent: list[int],
    upper: float,
    *,
    compiled: bool | None = None,
) -> Stage:
    """The Russian doll search on one component, its suffixes first bounded by cycle packings.

    It stops after `settings.node_budget` nodes, or at `settings.deadline` instead of any
    budget. The packing bounds each suffix's ties until the search has solved it exactly.
    """
    n = len(graph.nodes)
    order = search_order(graph.adj)
    suffix = []
    for d in range(n):
        if settings.deadline is not None and time.monotonic() >= settings.deadline:
            # Out of time before the search starts (300 suffixes of 900 ties took 25 s): 0
            # bounds any suffix, and the search stops at once.
            suffix += [0.0] * (n - d)
            break
        suffix.append(cycle_bound(graph, settings.two_camps, order[d:], SUFFIX_LONG_CYCLE_EDGES))
    suffix.append(0.0)
    found = russian_doll(
        graph.adj,
        settings.limit_for(n),
        order,
        suffix,
        incumbent,
        upper,
        settings.node_budget,
        settings.deadline,
        compiled,
    )
    return Stage(*found)
