"""Violated cycle inequalities of a fractional solution, found fast on thousands of ties.

Two ways, each for both relaxations of `programs.py` (x is 1 on a tie whose ends are in
different camps):

- **Spanning trees** (the heuristic separation of branch-and-cut codes for max-cut): take a
  spanning tree on which x is nearly integral, and test the fundamental cycle each other tie
  closes. Depths, parities and lowest common ancestors run in numpy over all ties at once.
- **Shortest paths** (exact): SciPy's Dijkstra, in C, over the doubled graph of Barahona &
  Mahjoub (two camps) or the graph itself (any number). Nodes joined by ties of length 0 are
  at distance 0 of each other, so one search per such cluster finds all that a search per
  node would; near the end, when x is nearly integral, that is a handful of searches.

A cut is (ties, coefficients, right-hand side) for `coefficients . x <= rhs`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from alliances_cli.engine.solver.programs import EPS, Cut

#: A length below this joins two nodes into one cluster for the shortest-path separation.
ZERO = 1e-9
#: Trees per round: the first follows x exactly, the others are perturbed for other cycles.
TREES = 3
#: Cuts kept per round, the most violated first: more only slows the program down.
MAX_CUTS = 4_000
#: Sources per call of SciPy's Dijkstra (each returns a row of distances per source).
BATCH = 256


class Ties:
    """A component's ties as arrays, built once for all rounds."""

    def __init__(self, n: int, edges: Sequence[tuple[int, int, float]]) -> None:
        import numpy as np

        self.n = n
        self.a = np.array([i for i, _, _ in edges], dtype=np.int64)
        self.b = np.array([j for _, j, _ in edges], dtype=np.int64)
        self.index = {(i, j): k for k, (i, j, _) in enumerate(edges)}

        self._triangles: Any = None

    def between(self, u: int, v: int) -> int:
        return self.index[(u, v) if u < v else (v, u)]

    def triangles(self) -> Any:
        """The ties of every triangle, an array of rows (k1, k2, k3), listed once."""
        import numpy as np

        if self._triangles is None:
            later: list[set[int]] = [set() for _ in range(self.n)]
            for i, j in self.index:
                later[i].add(j)
            found = [
                (k, self.index[(i, h)], self.index[(j, h)])
                for (i, j), k in self.index.items()
                for h in later[i] & later[j]
            ]
            self._triangles = np.array(found, dtype=np.int64).reshape(-1, 3)
        return self._triangles


def triangle_cuts(ties: Ties, x: Any, two_camps: bool) -> list[Cut]:
    """Violated inequalities on triangles, all checked at once: most violated cuts are there
    on real networks, and a triangle is the shortest cycle there is."""
    import numpy as np

    found: list[tuple[float, Cut]] = []
    triangles = ties.triangles()
    if not len(triangles):
        return []
    values = x[triangles]
    for lone in range(3):  # x_lone <= the other two (two camps: F is the lone tie)
        rest = [c for c in range(3) if c != lone]
        violation = values[:, lone] - values[:, rest].sum(axis=1)
        for t in np.nonzero(violation > EPS)[0].tolist():
            row = triangles[t]
            cut = ([int(row[lone]), *map(int, row[rest])], [1.0, -1.0, -1.0], 0.0)
            found.append((float(violation[t]), cut))
    if two_camps:  # all three in F: x1 + x2 + x3 <= 2
        violation = values.sum(axis=1) - 2.0
        for t in np.nonzero(violation > EPS)[0].tolist():
            found.append((float(violation[t]), (list(map(int, triangles[t])), [1.0] * 3, 2.0)))
    return _most_violated(found)


def _most_violated(cuts: Any) -> list[Cut]:
    ranked = sorted(cuts, key=lambda item: (-item[0], len(item[1][0]), item[1][0]))
    return [cut for _, cut in ranked[:MAX_CUTS]]


def path_cuts(ties: Ties, x: Any, two_camps: bool) -> list[Cut]:
    """Violated inequalities by shortest paths: every one a search from each cluster finds."""
    return _odd_cycle_cuts(ties, x) if two_camps else _cycle_cuts(ties, x)


def _zero_forest(count: int, tails: Any, heads: Any, starts: int) -> tuple[Any, Any, list[int]]:
    """Clusters of the nodes joined by arcs of length 0, as search trees rooted at sources.

    Sources are the first of nodes 0..starts-1 in each cluster they reach; returns each
    node's source (-1 when none reaches it), its next node toward the source, and the sources.
    """
    import numpy as np
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import breadth_first_order

    joined = csr_matrix((np.ones(len(tails)), (tails, heads)), shape=(count, count))
    source_of = np.full(count, -1, dtype=np.int64)
    toward = np.full(count, -1, dtype=np.int64)
    sources = []
    for i in range(starts):
        if source_of[i] < 0:
            order, previous = breadth_first_order(joined, i, directed=False)
            source_of[order] = i
            toward[order] = previous[order]
            sources.append(i)
    return source_of, toward, sources


def _odd_cycle_cuts(ties: Ties, x: Any) -> list[Cut]:
    """Two camps: node i is i on one side and i + n on the other; keeping a tie costs x and
    stays on a side, putting it in F costs 1 - x and switches. A tie (u, v) closes a violated
    odd-cycle inequality when a path from u to v costs less than x (the tie then in F), or one
    from u to v + n less than 1 - x. One search per cluster of arcs at 0 finds them all."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    n, a, b = ties.n, ties.a, ties.b
    kept, switched = x <= ZERO, 1.0 - x <= ZERO
    source_of, toward, sources = _zero_forest(
        2 * n,
        np.concatenate([a[kept], a[kept] + n, a[switched], a[switched] + n]),
        np.concatenate([b[kept], b[kept] + n, b[switched] + n, b[switched]]),
        n,
    )
    tails = np.concatenate([a, b, a + n, b + n, a, b, a + n, b + n])
    heads = np.concatenate([b, a, b + n, a + n, b + n, a + n, b, a])
    lengths = np.concatenate([x] * 4 + [1.0 - x] * 4) + ZERO
    doubled = csr_matrix((lengths, (tails, heads)), shape=(2 * n, 2 * n))
    row_of = {s: r for r, s in enumerate(sources)}
    found: dict[tuple[int, ...], tuple[float, Cut]] = {}
    for start in range(0, len(sources), BATCH):
        batch = sources[start : start + BATCH]
        mine = np.nonzero(np.isin(source_of[a], batch))[0]
        dist, previous = dijkstra(doubled, indices=batch, limit=1.0 - EPS, return_predecessors=True)
        rows = np.array([row_of[int(s)] - start for s in source_of[a[mine]]], dtype=np.int64)
        # The tie in F (a path to v at even parity), or kept (a path to v + n).
        for target, closing in (
            (b[mine], 1.0 - x[mine]),
            (b[mine] + n, x[mine]),
        ):
            cost = dist[rows, target] + closing
            for i in np.nonzero(cost < 1.0 - EPS)[0].tolist():
                k, row = int(mine[i]), int(rows[i])
                arcs = _zero_path(toward, int(a[k]))
                arcs += _search_path(previous[row], batch[row], int(target[i]))
                arcs.append((int(target[i]), int(a[k]) + n))
                cut = _odd_cut(ties, arcs)
                if cut is not None:
                    found.setdefault(tuple(sorted(cut[0])), (1.0 - float(cost[i]), cut))
    return _most_violated(found.values())


def _zero_path(toward: Any, node: int) -> list[tuple[int, int]]:
    """The arcs from `node` to its cluster's source, at no cost."""
    arcs = []
    while toward[node] >= 0:
        arcs.append((node, int(toward[node])))
        node = int(toward[node])
    return arcs


def _search_path(previous: Any, source: int, node: int) -> list[tuple[int, int]]:
    """The arcs of the shortest path from `source` to `node`, in order."""
    arcs = []
    while node != source:
        back = int(previous[node])
        arcs.append((back, node))
        node = back
    arcs.reverse()
    return arcs


def _odd_cut(ties: Ties, arcs: list[tuple[int, int]]) -> Cut | None:
    """The odd-cycle inequality of a simple odd cycle inside a closed walk of the doubled graph.

    The walk (through a cluster's source and back) may cross itself; cycles closed on the way
    are cut out while they are even, and the first odd one is the answer (it costs no more
    than the walk, so it is violated too). None if that is a tie walked there and back.
    """
    n = ties.n
    nodes: list[int] = [arcs[0][0] % n]
    steps: list[tuple[int, bool]] = []  # (tie, in F) from each node of `nodes` to the next
    at = {nodes[0]: 0}
    for tail, head in arcs:
        steps.append((ties.between(tail % n, head % n), (tail < n) != (head < n)))
        node = head % n
        if node in at:
            cycle = steps[at[node] :]
            if sum(flipped for _, flipped in cycle) % 2:
                used = [k for k, _ in cycle]
                if len(set(used)) != len(used):
                    return None
                in_f = [k for k, flipped in cycle if flipped]
                outside = [k for k, flipped in cycle if not flipped]
                return in_f + outside, [1.0] * len(in_f) + [-1.0] * len(outside), len(in_f) - 1.0
            for gone in nodes[at[node] + 1 :]:
                del at[gone]
            del nodes[at[node] + 1 :], steps[at[node] :]
        else:
            at[node] = len(nodes)
            nodes.append(node)
    return None


def _simple_path(ties: Ties, arcs: list[tuple[int, int]]) -> list[int]:
    """The ties of the walk along `arcs` with its loops erased: a simple path, no longer."""
    nodes: list[int] = [arcs[0][0]]
    path: list[int] = []
    at = {nodes[0]: 0}
    for tail, head in arcs:
        if head in at:
            for gone in nodes[at[head] + 1 :]:
                del at[gone]
            del nodes[at[head] + 1 :], path[at[head] :]
        else:
            path.append(ties.between(tail, head))
            at[head] = len(nodes)
            nodes.append(head)
    return path


def _cycle_cuts(ties: Ties, x: Any) -> list[Cut]:
    """Any number of camps: a path between a tie's ends that costs less than its x closes a
    violated cycle inequality. One search per cluster of ties at 0 finds them all."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    n, a, b = ties.n, ties.a, ties.b
    zero = x <= ZERO
    source_of, toward, sources = _zero_forest(n, a[zero], b[zero], n)
    lengths = np.concatenate([x, x]) + ZERO
    graph = csr_matrix((lengths, (np.concatenate([a, b]), np.concatenate([b, a]))), shape=(n, n))
    row_of = {s: r for r, s in enumerate(sources)}
    candidates = np.nonzero(x > EPS)[0]
    found: dict[tuple[int, ...], tuple[float, Cut]] = {}
    for start in range(0, len(sources), BATCH):
        batch = sources[start : start + BATCH]
        mine = candidates[np.isin(source_of[a[candidates]], batch)]
        if not len(mine):
            continue
        dist, previous = dijkstra(graph, indices=batch, limit=1.0, return_predecessors=True)
        rows = np.array([row_of[int(s)] - start for s in source_of[a[mine]]], dtype=np.int64)
        short = dist[rows, b[mine]] < x[mine] - EPS
        for k, row in zip(mine[short].tolist(), rows[short].tolist(), strict=True):
            arcs = _zero_path(toward, int(a[k])) + _search_path(
                previous[row], batch[row], int(b[k])
            )
            path = sorted({ties.between(tail, head) for tail, head in arcs} - {k})
            cut = ([k, *path], [1.0] + [-1.0] * len(path), 0.0)
            found.setdefault((k, *path), (float(x[k] - dist[row, b[k]]), cut))
    return _most_violated(found.values())
