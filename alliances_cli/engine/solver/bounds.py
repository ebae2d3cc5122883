"""Lower bounds on frustration from packings of frustrated cycles.

Cheap, combinatorial and always valid: they prove small components optimal before any linear
program is loaded, and bound each suffix of the exact search.
"""

from __future__ import annotations

from collections.abc import Sequence

from alliances_cli.engine.solver.graph import SignedGraph

#: Beyond this many ties the lower bound packs triangles only; longer cycles cost too much.
LONG_CYCLE_EDGES = 3_000
#: The same for the bound of each suffix of the exact search, computed once per actor.
SUFFIX_LONG_CYCLE_EDGES = 1_000


def cycle_bound(
    graph: SignedGraph,
    two_camps: bool,
    among: Sequence[int] | None = None,
    long_cycle_edges: int = LONG_CYCLE_EDGES,
) -> float:
    """A lower bound from a fractional packing of frustrated cycles among `among` nodes.

    A cycle that no partition can satisfy leaves at least one of its ties frustrated: with any
    number of camps, a negative tie whose ends a path of positive ties joins (a multicut
    demand, Demaine et al. 2006); with two camps, any cycle with an odd number of negative
    ties (Harary 1953). Charging each such cycle the smallest residual weight of its ties and
    deducting it from all of them is a feasible dual solution of the covering problem, hence a
    lower bound. Shortest cycles are packed first: they use up the least weight.
    """
    n = len(graph.nodes)
    inside = [True] * n if among is None else [False] * n
    if among is not None:
        for v in among:
            inside[v] = True
    residual: dict[tuple[int, int], float] = {}
    adjacency: list[list[tuple[int, bool]]] = [[] for _ in range(n)]
    demands: list[tuple[float, int, int]] = []
    for i, row in enumerate(graph.adj):
        if not inside[i]:
            continue
        for j, w in row:
            if not inside[j]:
                continue
            adjacency[i].append((j, w > 0))
            if i < j:
                residual[(i, j)] = abs(w)
                if two_camps or w < 0:
                    demands.append((-abs(w), i, j))
    demands.sort()
    # Triangles first, by set intersection: on dense graphs they pack far more weight than
    # the shortest cycles found one demand at a time, and they cost little. Longer cycles
    # then use what the triangles left, where the graph is small enough to search.
    bound = _pack_triangles(adjacency, residual, demands, two_camps)
    if len(residual) <= long_cycle_edges:
        bound += _pack_cycles(adjacency, residual, demands, two_camps)
    return bound


def _pack_triangles(
    adjacency: list[list[tuple[int, bool]]],
    residual: dict[tuple[int, int], float],
    demands: list[tuple[float, int, int]],
    two_camps: bool,
) -> float:
    """Frustrated triangles through each demand tie in turn, charged as `_charge` says."""
    eps = 1e-12
    bound = 0.0
    neighbours = [{j for j, _ in row} for row in adjacency]
    positive_to = [{j: positive for j, positive in row} for row in adjacency]
    for _, u, v in demands:
        uv_positive = positive_to[u][v]
        for w in sorted(neighbours[u] & neighbours[v]):
            if residual[(u, v)] <= eps:
                break
            negatives = (not uv_positive) + (not positive_to[u][w]) + (not positive_to[v][w])
            if not (negatives % 2 == 1 if two_camps else negatives == 1):
                continue
            if not two_camps and uv_positive:
                continue  # the demand is the negative tie; count each triangle once, there
            edges = [(min(u, v), max(u, v)), (min(u, w), max(u, w)), (min(v, w), max(v, w))]
            bound += _charge(residual, edges)
    return bound


def _charge(residual: dict[tuple[int, int], float], edges: list[tuple[int, int]]) -> float:
    """Charge a frustrated cycle its smallest residual weight, deducted from all its ties."""
    take = min(residual[e] for e in edges)
    if take <= 0:
        return 0.0
    for e in edges:
        residual[e] -= take
    return take


def _pack_cycles(
    adjacency: list[list[tuple[int, bool]]],
    residual: dict[tuple[int, int], float],
    demands: list[tuple[float, int, int]],
    two_camps: bool,
) -> float:
    """Shortest frustrated cycles through each demand tie in turn, by breadth-first search."""
    bound = 0.0
    eps = 1e-12
    for _, u, v in demands:
        while residual[(u, v)] > eps:
            path = _frustrating_path(adjacency, residual, u, v, two_camps, eps)
            if path is None:
                break
            edges = [(min(a, b), max(a, b)) for a, b in path] + [(u, v)]
            bound += _charge(residual, edges)
    return bound


def _frustrating_path(
    adjacency: list[list[tuple[int, bool]]],
    residual: dict[tuple[int, int], float],
    u: int,
    v: int,
    two_camps: bool,
    eps: float,
) -> list[tuple[int, int]] | None:
    """The shortest path from u to v that closes a frustrated cycle with the tie u-v.

    Any number of camps: positive ties only (the tie u-v is negative). Two camps: a path whose
    count of negative ties has the parity that makes the cycle's count odd.
    """
    key_uv = (min(u, v), max(u, v))
    uv_negative = not any(j == v and positive for j, positive in adjacency[u])
    want = (0 if uv_negative else 1) if two_camps else 0
    start = (u, 0)
    previous: dict[tuple[int, int], tuple[int, int]] = {start: start}
    frontier = [start]
    while frontier:
        following = []
        for node, parity in frontier:
            for nxt, positive in adjacency[node]:
                edge = (min(node, nxt), max(node, nxt))
                if edge == key_uv or residual[edge] <= eps:
                    continue
                if not two_camps and not positive:
                    continue
                state = (nxt, parity ^ (0 if positive else 1))
                if state in previous:
                    continue
                previous[state] = (node, parity)
                if state == (v, want):
                    path = []
                    while state != start:
                        before = previous[state]
                        path.append((before[0], state[0]))
                        state = before
                    return path
                if nxt != v:
                    following.append(state)
        frontier = following
    return None
