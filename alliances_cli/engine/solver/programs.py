"""Linear and integer programs for coalitions (HiGHS, imported here only).

Two camps: the frustration index as a mixed-integer program (Aref, Mason & Wilson 2020): a
binary side per actor, a frustration indicator per tie; HiGHS's branch and cut solves it.

Any number of camps: the multicut relaxation (Chopra & Rao 1993; Demaine et al. 2006). A
variable per tie, 1 when its ends are in different camps; frustration is linear in it; every
cycle must not be cut in exactly one tie. Two camps: the cut relaxation (Barahona & Mahjoub
1986), where every cycle is cut in an even number of ties. Both start with no constraints and
add the violated cycle inequalities, found by shortest paths over the current solution, until
none is violated. The optimum of the relaxation is a lower bound; when it is integral it is
also a partition, and an optimal one.
"""

from __future__ import annotations

import heapq
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

EPS = 1e-6
MAX_ROUNDS = 60
#: Cuts the relaxation may hold; past them it stops with the bound it has.
LP_MAX_ROWS = 10_000


@dataclass(frozen=True)
class LPResult:
    bound: float
    #: Camp label per node when the relaxation's optimum is integral, else None.
    partition: list[int] | None
    #: True when the partition is proven optimal (not merely integral).
    proven: bool = False
    #: The cycle inequalities found (ties, coefficients, right-hand side), for a later program.
    cuts: tuple[Cut, ...] = ()
    #: False when the relaxation stopped before its optimum (row cap, rounds, clock): the
    #: bound is a weaker one, and no cuts are handed on.
    complete: bool = True


Cut = tuple[list[int], list[float], float]


#: Seconds the two-camp integer program may take without a deadline (a safety net: it runs
#: then only on components of up to TWO_CAMP_MAX_TIES ties, and stops after TWO_CAMP_NODES:
#: on 150 actors and 450 ties 1,000 nodes took 10 s and bounded it at 27 where the cut
#: relaxation had 49).
MIP_TIME_LIMIT = 10.0
TWO_CAMP_NODES = 200
TWO_CAMP_MAX_TIES = 300


def two_camp_program(
    adjacency: Sequence[Sequence[tuple[int, float]]], deadline: float | None = None
) -> LPResult | None:
    """Solve the two-camp frustration index exactly; None if HiGHS is unavailable. Without a
    `deadline` (a `time.monotonic()` time) it stops after TWO_CAMP_NODES nodes."""
    try:
        import highspy
        import numpy as np
    except ImportError:
        return None
    n = len(adjacency)
    edges = [(i, j, w) for i, row in enumerate(adjacency) for j, w in row if i < j]
    m = len(edges)
    highs = quiet_highs(highspy)
    if deadline is None:
        highs.setOptionValue("time_limit", MIP_TIME_LIMIT)
        highs.setOptionValue("mip_max_nodes", TWO_CAMP_NODES)
    else:
        highs.setOptionValue("time_limit", max(deadline - time.monotonic(), 0.001))
    upper = np.ones(n + m)
    upper[0] = 0.0  # the first actor's side is fixed: the two sides are interchangeable
    highs.addVars(n + m, np.zeros(n + m), upper)
    highs.changeColsIntegrality(
        n, np.arange(n, dtype=np.int32), np.array([highspy.HighsVarType.kInteger] * n)
    )
    highs.changeColsCost(
        m, np.arange(n, n + m, dtype=np.int32), np.array([abs(w) for _, _, w in edges])
    )
    for k, (i, j, w) in enumerate(edges):
        columns = np.array([i, j, n + k], dtype=np.int32)
        if w > 0:  # frustrated when the sides differ: f >= s_i - s_j and f >= s_j - s_i
            rows = (([1.0, -1.0, -1.0], 0.0), ([-1.0, 1.0, -1.0], 0.0))
        else:  # frustrated when the sides agree: f >= s_i + s_j - 1 and f >= 1 - s_i - s_j
            rows = (([1.0, 1.0, -1.0], 1.0), ([-1.0, -1.0, -1.0], -1.0))
        for values, bound in rows:
            highs.addRow(-highspy.kHighsInf, bound, 3, columns, np.array(values))
    highs.run()
    info = highs.getInfo()
    status = highs.getModelStatus()
    values = highs.getSolution().col_value
    sides = [round(v) for v in values[:n]] if len(values) >= n else None
    proven = status == highspy.HighsModelStatus.kOptimal
    bound = info.mip_dual_bound if math.isfinite(info.mip_dual_bound) else 0.0
    return LPResult(bound, sides, proven)


def available() -> bool:
    try:
        import highspy  # noqa: F401
    except ImportError:
        return False
    return True


def lp_bound(
    adjacency: Sequence[Sequence[tuple[int, float]]],
    two_camps: bool,
    max_rows: int | None = LP_MAX_ROWS,
    deadline: float | None = None,
) -> LPResult | None:
    """The relaxation's bound (and partition, if integral); None if HiGHS is unavailable.
    It stops with the bound it has once `max_rows` cuts would not be enough, or at
    `deadline` (a `time.monotonic()` time) with the last finished program's bound."""
    try:
        import highspy
        import numpy as np
    except ImportError:
        return None
    edges = [(i, j, w) for i, row in enumerate(adjacency) for j, w in row if i < j]
    if not edges:
        return LPResult(0.0, [0] * len(adjacency))
    incident: list[list[tuple[int, int]]] = [[] for _ in adjacency]
    for k, (i, j, _) in enumerate(edges):
        incident[i].append((j, k))
        incident[j].append((i, k))
    highs = quiet_highs(highspy)
    count = len(edges)
    # Frustration = sum over positive ties of w*x + over negative ties of |w|*(1 - x).
    costs = np.array([w for _, _, w in edges], dtype=float)
    constant = sum(-w for _, _, w in edges if w < 0)
    highs.addVars(count, np.zeros(count), np.ones(count))
    highs.changeColsCost(count, np.arange(count, dtype=np.int32), costs)
    x = np.zeros(count)
    cuts: list[Cut] = []
    bound = 0.0  # frustration is never negative: the bound before any program is solved
    for _ in range(MAX_ROUNDS):
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                return LPResult(bound, None, complete=False)
            # HiGHS counts its limit on its own clock, which adds up the time of every run.
            highs.setOptionValue("time_limit", highs.getRunTime() + left)
        highs.run()
        if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return LPResult(bound, None, complete=False)  # stopped by the clock
        # Read now: adding rows resets HiGHS's info, and its objective with it, to 0.
        bound = highs.getInfo().objective_function_value + constant
        x = np.array(highs.getSolution().col_value)
        rows = (
            _violated_two_camps(edges, incident, x) if two_camps else _violated(edges, incident, x)
        )
        if not rows:
            break
        if max_rows is not None and len(cuts) + len(rows) > max_rows:
            # Past this the re-solves of a dense view take seconds each for a few percent of
            # bound: the last relaxation's bound stands (the time limit lifts the cap).
            return LPResult(bound, None, complete=False)
        add_rows(highs, highspy, np, rows)
        cuts += rows
    else:
        # Not converged: the last relaxation is still a valid (weaker) bound, not a partition.
        return LPResult(bound, None, complete=False)
    partition = partition_of(len(adjacency), edges, x, two_camps)
    return LPResult(bound, partition, cuts=tuple(cuts))


def add_rows(highs: Any, highspy: Any, np: Any, rows: Sequence[Cut]) -> None:
    """Add `rows` as `coefficients . x <= upper`, in one call (one per row costs more)."""
    if not rows:
        return
    starts = np.cumsum([0] + [len(indices) for indices, _, _ in rows[:-1]], dtype=np.int32)
    indices = np.array(list(chain.from_iterable(row for row, _, _ in rows)), dtype=np.int32)
    values = np.array(list(chain.from_iterable(row for _, row, _ in rows)), dtype=float)
    highs.addRows(
        len(rows),
        np.full(len(rows), -highspy.kHighsInf),
        np.array([upper for _, _, upper in rows], dtype=float),
        len(indices),
        starts,
        indices,
        values,
    )


#: Without a deadline the multicut integer program stops after this many branch-and-bound
#: nodes per run and MULTICUT_ROUNDS runs (a work budget: the same answer on any machine and
#: under any load; a limit of 0.5 s gave two processes different partitions of the same
#: 30-actor view). On random views of 20-40 actors every run finished within 20 nodes. The
#: budgeted runs skip HiGHS's symmetry detection, restarts and primal heuristics (the start
#: is the heuristic's partition already): a random 40-actor view's sample 7.4 -> 5.7 s.
MULTICUT_NODES = 50
MULTICUT_ROUNDS = 5
#: Without a deadline the program runs on components of up to this many ties: a node of a
#: 1,200-tie program took 0.2 s (150 actors and 450 ties: proven in 1.8 s in all).
MULTICUT_MAX_TIES = 600
#: A safety net only, for a component whose root node alone would take longer.
MULTICUT_TIME_LIMIT = 10.0
_LEAN = {
    "mip_detect_symmetry": False,
    "mip_allow_restart": False,
    "mip_heuristic_effort": 0.0,
    "mip_heuristic_run_feasibility_jump": False,
    "mip_heuristic_run_rins": False,
    "mip_heuristic_run_rens": False,
}


def multicut_program(
    adjacency: Sequence[Sequence[tuple[int, float]]],
    cuts: Sequence[Cut],
    start: Sequence[int] | None = None,
    time_limit: float = MULTICUT_TIME_LIMIT,
    deadline: float | None = None,
) -> LPResult | None:
    """Any number of camps, exactly: the multicut as an integer program, cut by cut.

    Starts from the relaxation's cycle inequalities (`cuts`) with a 0/1 variable per tie, and
    `start` (camp labels) as the incumbent. An integer optimum that cuts some cycle in exactly
    one tie is no partition; that cycle's inequality is added and HiGHS's branch and cut runs
    again, until the optimum is a partition: then it is an optimal one. Each program is a
    relaxation of the problem, so its dual bound is a valid lower bound if the budget (or,
    with `deadline`, the time) runs out.
    """
    try:
        import highspy
        import numpy as np
    except ImportError:
        return None
    import time

    budgeted = deadline is None
    if deadline is None:
        deadline = time.monotonic() + time_limit
    edges = [(i, j, w) for i, row in enumerate(adjacency) for j, w in row if i < j]
    count = len(edges)
    if not count:
        return LPResult(0.0, [0] * len(adjacency), proven=True)
    incident: list[list[tuple[int, int]]] = [[] for _ in adjacency]
    for k, (i, j, _) in enumerate(edges):
        incident[i].append((j, k))
        incident[j].append((i, k))
    constant = sum(-w for _, _, w in edges if w < 0)
    highs = quiet_highs(highspy)
    highs.addVars(count, np.zeros(count), np.ones(count))
    indices = np.arange(count, dtype=np.int32)
    weights = np.array([w for _, _, w in edges], dtype=float)
    highs.changeColsCost(count, indices, weights)
    highs.changeColsIntegrality(count, indices, np.array([highspy.HighsVarType.kInteger] * count))
    add_rows(highs, highspy, np, cuts)
    if start is not None:
        cut = np.array([float(start[i] != start[j]) for i, j, _ in edges])
        solution = highspy.HighsSolution()
        solution.col_value = list(cut)
        solution.value_valid = True
        highs.setSolution(solution)
    known = 0.0  # the best bound of a finished run: adding rows resets HiGHS's own to 0
    if budgeted:
        highs.setOptionValue("mip_max_nodes", MULTICUT_NODES)
        for option, value in _LEAN.items():
            highs.setOptionValue(option, value)
    for _ in range(MULTICUT_ROUNDS if budgeted else 1_000_000):
        left = deadline - time.monotonic()
        if left <= 0:
            return LPResult(known, None)
        # HiGHS counts its limit on its own clock, which adds up the time of every run.
        highs.setOptionValue("time_limit", highs.getRunTime() + left)
        highs.run()
        known = max(known, _dual_bound(highs, constant))
        if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return LPResult(known, None)
        x = np.array(highs.getSolution().col_value)
        objective = highs.getInfo().objective_function_value
        if abs(float(np.dot(weights, x)) - objective) > 1e-6 * max(1.0, abs(objective)):
            # Seen when presolve settles the program: HiGHS reports the optimum's value but
            # hands back the starting solution. Solve again without one.
            if start is None:
                return LPResult(known, None)
            return multicut_program(
                adjacency, cuts, None, time_limit, None if budgeted else deadline
            )
        rows = _violated(edges, incident, x)
        if not rows:
            bound = objective + constant
            return LPResult(bound, partition_of(len(adjacency), edges, x, False), proven=True)
        add_rows(highs, highspy, np, rows)
    return LPResult(known, None)


def _dual_bound(highs: Any, constant: float) -> float:
    """The finished run's proven bound; 0 when there is none (HiGHS's info is reset to 0, not
    to minus infinity, when the program changes, so 0 + constant would claim too much)."""
    info = highs.getInfo()
    if not info.valid or not math.isfinite(info.mip_dual_bound):
        return 0.0
    return float(info.mip_dual_bound) + constant


def quiet_highs(highspy: Any) -> Any:
    """A HiGHS instance that prints nothing: its banner would go to our stdout."""
    import os
    import sys

    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as sink:
            os.dup2(sink.fileno(), 1)
            highs = highspy.Highs()
            highs.setOptionValue("output_flag", False)
            # One thread: HiGHS's worker pool does not survive fork (a sweep's worker would
            # wait for it for ever), and results do not depend on thread timing.
            highs.setOptionValue("threads", 1)
            # "Optimal" must mean optimal: HiGHS otherwise stops within 0.01% of the bound.
            highs.setOptionValue("mip_rel_gap", 0.0)
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    return highs


def _violated(
    edges: list[tuple[int, int, float]], incident: list[list[tuple[int, int]]], x: object
) -> list[Cut]:
    """Cycle inequalities x_f <= sum of x over a path joining f's ends, where violated.

    One shortest-path search per node u: a path to a neighbour v shorter than x_uv cannot be
    the tie uv itself (it costs x_uv), so it closes a violated cycle; when the shortest path
    is not shorter, no path is, and no inequality through uv is violated. Ties at 1 (or more)
    can never be on such a path, so the searches leave them out.
    """
    if len(incident) <= DENSE_STATES:
        return _violated_dense(edges, len(incident), x)
    rows: list[Cut] = []
    values = [max(v, 0.0) for v in list(x)]  # type: ignore[call-overload]
    short = [[(o, k) for o, k in ties if values[k] < 1 - EPS] for ties in incident]
    for source, ties in enumerate(incident):
        reach = max((values[k] for other, k in ties if other > source), default=0.0) - EPS
        if reach <= 0:
            continue
        dist, previous = _shortest_paths(short, values, source, reach)
        for other, k in ties:
            if other <= source or values[k] <= EPS or dist[other] >= values[k] - EPS:
                continue
            path = []
            walk = other
            while walk != source:
                walk, edge = previous[walk]
                path.append(edge)
            if k not in path:
                rows.append(([k, *path], [1.0] + [-1.0] * len(path), 0.0))
    return rows


#: Up to this many nodes (doubled, for two camps), the separations take all shortest paths at
#: once from a dense Floyd-Warshall whose inner loops run in numpy; beyond, one Dijkstra per
#: node in Python. The dense one is 5-20 times faster on the real networks (docs/performance.md).
DENSE_STATES = 400


def _all_pairs(
    np: Any, count: int, arcs: Sequence[tuple[Any, Any, Any, Any]]
) -> tuple[Any, Any, Any]:
    """Floyd-Warshall over `count` nodes and `arcs` (tails, heads, lengths, tie indices).

    Returns the distances, the first hop of each shortest path, and the tie of each arc.
    """
    dist = np.full((count, count), np.inf)
    tie = np.full((count, count), -1, dtype=np.int64)
    for tails, heads, lengths, ties in arcs:
        dist[tails, heads] = lengths
        tie[tails, heads] = ties
    np.fill_diagonal(dist, 0.0)
    hop = np.tile(np.arange(count), (count, 1))
    for k in range(count):
        through = dist[:, k : k + 1] + dist[k : k + 1, :]
        better = through < dist
        np.minimum(dist, through, out=dist)
        np.copyto(hop, hop[:, k : k + 1], where=better)
    return dist, hop, tie


def _walk(hop: Any, tie: Any, start: int, goal: int) -> list[tuple[int, int, int]]:
    """The shortest path's arcs (from, to, tie), following first hops from `start`."""
    arcs = []
    node = start
    while node != goal:
        following = int(hop[node, goal])
        arcs.append((node, following, int(tie[node, following])))
        node = following
    return arcs


def _violated_dense(edges: list[tuple[int, int, float]], count: int, x: object) -> list[Cut]:
    """`_violated`, with every shortest path at once (see DENSE_STATES)."""
    import numpy as np

    values = np.maximum(np.asarray(x, dtype=float), 0.0)
    tails = np.array([i for i, _, _ in edges], dtype=np.int64)
    heads = np.array([j for _, j, _ in edges], dtype=np.int64)
    ties = np.arange(len(edges))
    dist, hop, tie = _all_pairs(
        np, count, [(tails, heads, values, ties), (heads, tails, values, ties)]
    )
    rows: list[Cut] = []
    seen: set[tuple[int, ...]] = set()
    for k in np.nonzero((values > EPS) & (dist[tails, heads] < values - EPS))[0].tolist():
        start, goal, _ = edges[k]
        path = [t for _, _, t in _walk(hop, tie, start, goal)]
        key = (k, *sorted(path))
        if k not in path and key not in seen:
            seen.add(key)
            rows.append(([k, *path], [1.0] + [-1.0] * len(path), 0.0))
    return rows


def _shortest_paths(
    incident: list[list[tuple[int, int]]], lengths: list[float], source: int, reach: float
) -> tuple[list[float], list[tuple[int, int]]]:
    """Distances from `source` (inf at or beyond `reach`), and each node's (previous, edge)."""
    inf = math.inf
    dist = [inf] * len(incident)
    dist[source] = 0.0
    previous: list[tuple[int, int]] = [(-1, -1)] * len(incident)
    heap = [(0.0, source)]
    pop, push = heapq.heappop, heapq.heappush
    while heap:
        d, node = pop(heap)
        if d > dist[node]:
            continue
        for other, edge in incident[node]:
            nd = d + lengths[edge]
            if nd < reach and nd < dist[other]:
                dist[other] = nd
                previous[other] = (node, edge)
                push(heap, (nd, other))
    return dist, previous


def _violated_two_camps(
    edges: list[tuple[int, int, float]], incident: list[list[tuple[int, int]]], x: object
) -> list[tuple[list[int], list[float], float]]:
    """Odd-cycle inequalities sum_F x - sum_{C-F} x <= |F| - 1 (|F| odd), where violated.

    Barahona & Mahjoub's separation: in a doubled graph where crossing a tie of F costs 1 - x
    and switches side while any other tie costs x and keeps it, a path from a node to its own
    copy on the other side that costs less than 1 is a violated inequality. One search per node.
    """
    if 2 * len(incident) <= DENSE_STATES:
        return _violated_two_camps_dense(edges, len(incident), x)
    values = [min(max(v, 0.0), 1.0) for v in list(x)]  # type: ignore[call-overload]
    rows: list[tuple[list[int], list[float], float]] = []
    seen: set[tuple[int, ...]] = set()
    for start in range(len(incident)):
        found = _odd_closed_walk(incident, values, start)
        if found is None:
            continue
        in_f, outside = found
        key = tuple(sorted(in_f + outside))
        if key in seen:
            continue
        seen.add(key)
        rows.append((in_f + outside, [1.0] * len(in_f) + [-1.0] * len(outside), len(in_f) - 1.0))
    return rows


def _violated_two_camps_dense(
    edges: list[tuple[int, int, float]], count: int, x: object
) -> list[Cut]:
    """`_violated_two_camps`, with every shortest path of the doubled graph at once.

    Node i is i on one side and i + count on the other; a tie kept costs x and stays on a
    side, a tie in F costs 1 - x and switches.
    """
    import numpy as np

    values = np.clip(np.asarray(x, dtype=float), 0.0, 1.0)
    a = np.array([i for i, _, _ in edges], dtype=np.int64)
    b = np.array([j for _, j, _ in edges], dtype=np.int64)
    ties = np.arange(len(edges))
    kept, switched = values, 1.0 - values
    arcs = [
        (a, b, kept, ties),
        (b, a, kept, ties),
        (a + count, b + count, kept, ties),
        (b + count, a + count, kept, ties),
        (a, b + count, switched, ties),
        (b, a + count, switched, ties),
        (a + count, b, switched, ties),
        (b + count, a, switched, ties),
    ]
    dist, hop, tie = _all_pairs(np, 2 * count, arcs)
    rows: list[Cut] = []
    seen: set[tuple[int, ...]] = set()
    for start in np.nonzero(dist[np.arange(count), np.arange(count) + count] < 1.0 - EPS)[0]:
        walk = _walk(hop, tie, int(start), int(start) + count)
        used = [t for _, _, t in walk]
        if len(set(used)) != len(used):
            continue  # a closed walk that uses a tie twice is no cycle
        in_f = [t for tail, head, t in walk if (tail < count) != (head < count)]
        outside = [t for tail, head, t in walk if (tail < count) == (head < count)]
        key = tuple(sorted(used))
        if key not in seen:
            seen.add(key)
            rows.append(
                (in_f + outside, [1.0] * len(in_f) + [-1.0] * len(outside), len(in_f) - 1.0)
            )
    return rows


def _odd_closed_walk(
    incident: list[list[tuple[int, int]]], values: list[float], start: int
) -> tuple[list[int], list[int]] | None:
    """The cheapest walk from `start` back to itself with an odd number of F ties, if it costs
    less than 1 and uses no tie twice: (F ties, other ties)."""
    origin, goal = (start, 0), (start, 1)
    dist = {origin: 0.0}
    previous: dict[tuple[int, int], tuple[tuple[int, int], int, int]] = {}
    heap = [(0.0, origin)]
    while heap:
        d, state = heapq.heappop(heap)
        if d > dist.get(state, math.inf):
            continue
        if state == goal:
            in_f: list[int] = []
            outside: list[int] = []
            while state != origin:
                state, edge, flipped = previous[state]
                (in_f if flipped else outside).append(edge)
            if len(set(in_f + outside)) != len(in_f) + len(outside):
                return None
            return in_f, outside
        node, parity = state
        for other, edge in incident[node]:
            for flipped in (0, 1):
                nd = d + ((1.0 - values[edge]) if flipped else values[edge])
                nxt = (other, parity ^ flipped)
                if nd < 1.0 - EPS and nd < dist.get(nxt, math.inf):
                    dist[nxt] = nd
                    previous[nxt] = (state, edge, flipped)
                    heapq.heappush(heap, (nd, nxt))
    return None


def partition_of(
    n: int, edges: list[tuple[int, int, float]], x: object, two_camps: bool
) -> list[int] | None:
    """The partition an integral solution describes, or None if it is fractional."""
    values = list(x)  # type: ignore[call-overload]
    if any(EPS < v < 1 - EPS for v in values):
        return None
    if two_camps:
        side = [-1] * n
        incident: list[list[tuple[int, int]]] = [[] for _ in range(n)]
        for k, (i, j, _) in enumerate(edges):
            flip = 1 if values[k] > 0.5 else 0
            incident[i].append((j, flip))
            incident[j].append((i, flip))
        for root in range(n):
            if side[root] >= 0:
                continue
            side[root] = 0
            stack = [root]
            while stack:
                a = stack.pop()
                for b, flip in incident[a]:
                    if side[b] < 0:
                        side[b] = side[a] ^ flip
                        stack.append(b)
                    elif side[b] != side[a] ^ flip:
                        return None
        return side
    parent = list(range(n))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for k, (i, j, _) in enumerate(edges):
        if values[k] < 0.5:
            parent[find(i)] = find(j)
    labels = [find(i) for i in range(n)]
    for k, (i, j, _) in enumerate(edges):
        if (labels[i] != labels[j]) != (values[k] > 0.5):
            return None  # not a consistent multicut
    return labels
