"""The heuristic: a good partition fast, by local search from several starts.

Greedy placements, the positive components and (for large components) igraph's Leiden
partition, or with two camps a spectral split and iterated local search (`two_camps.py`), are
improved by single moves and mergers of camps until neither helps. Exact stages
then prove the result or improve on it.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from alliances_cli.engine.solver.graph import SignedGraph, positive_components, relabel
from alliances_cli.engine.solver.settings import Settings

#: Beyond this many actors, a component's starting partition comes from igraph's Leiden
#: algorithm (`leiden.py`) when igraph is installed, polished by our local search.
LEIDEN_ACTORS = 400


def local_search(graph: SignedGraph, camp_of: list[int], camps_limit: int | None) -> list[int]:
    """Move single nodes to their best camp (or a new one) until no move helps."""
    n = len(graph.nodes)
    camp_of = relabel(camp_of)
    sizes: dict[int, int] = {}
    for c in camp_of:
        sizes[c] = sizes.get(c, 0) + 1
    # A node is looked at again only once a neighbour has moved (or, under a camp limit, the
    # camps in use have changed): otherwise it would stay where it is. The moves are those of
    # full passes.
    stale = [True] * n
    improved = True
    while improved:
        improved = False
        for v in range(n):
            if not stale[v]:
                continue
            stale[v] = False
            here = camp_of[v]
            pull: dict[int, float] = {}
            for u, w in graph.adj[v]:
                pull[camp_of[u]] = pull.get(camp_of[u], 0.0) + w
            # v's frustration in camp c is positive(v) minus the signed pull of c, so the best
            # camp has the largest pull; a camp with none of v's neighbours (a new one, or
            # under a camp limit an existing one) pulls 0.
            best, best_pull = here, pull.get(here, 0.0)
            for camp, value in sorted(pull.items()):
                if value > best_pull + 1e-12:
                    best, best_pull = camp, value
            if best_pull < -1e-12:
                if camps_limit is None or len(sizes) < camps_limit:
                    best = max(sizes) + 1
                else:
                    best = next((c for c in sorted(sizes) if c not in pull), best)
            if best != here:
                sizes[here] -= 1
                if camps_limit is not None and (sizes[here] == 0 or best not in sizes):
                    stale = [True] * n  # the camps in use changed: any node may move now
                if sizes[here] == 0:
                    del sizes[here]
                sizes[best] = sizes.get(best, 0) + 1
                camp_of[v] = best
                for u, _ in graph.adj[v]:
                    stale[u] = True
                improved = True
    return relabel(camp_of)


def _between(graph: SignedGraph, camp_of: list[int]) -> dict[tuple[int, int], float]:
    """The signed weight of the ties between each pair of camps that has any."""
    between: dict[tuple[int, int], float] = {}
    for i, row in enumerate(graph.adj):
        for j, w in row:
            a, b = camp_of[i], camp_of[j]
            if j > i and a != b:
                key = (min(a, b), max(a, b))
                between[key] = between.get(key, 0.0) + w
    return between


def _strongest_pair(graph: SignedGraph, camp_of: list[int]) -> tuple[tuple[int, int], float] | None:
    """The pair of camps with the largest signed weight between them, and that weight."""
    between = _between(graph, camp_of)
    if not between:
        return None
    return max(sorted(between.items()), key=lambda item: item[1])


def merge_camps(graph: SignedGraph, camp_of: list[int]) -> tuple[list[int], bool]:
    """Merge the pairs of camps whose mergers lower frustration, strongest first.

    A merger lowers frustration by the signed weight between the two camps. Mergers of
    disjoint pairs do not affect each other, so one round merges a whole matching of them;
    merging one pair per round made a large sparse network take a local search per merger
    (190 of them for 3,000 actors).
    """
    merged_into: dict[int, int] = {}
    for (a, b), weight in sorted(_between(graph, camp_of).items(), key=lambda e: (-e[1], e[0])):
        if weight <= 1e-12:
            break
        if a not in merged_into and b not in merged_into:
            merged_into[a] = a
            merged_into[b] = a
    if not merged_into:
        return camp_of, False
    return relabel([merged_into.get(c, c) for c in camp_of]), True


def merge_down(graph: SignedGraph, camp_of: list[int], limit: int) -> list[int]:
    """Merge the pair of camps with the strongest signed ties between them until `limit`."""
    camp_of = relabel(camp_of)
    while len(set(camp_of)) > limit:
        strongest = _strongest_pair(graph, camp_of)
        if strongest is not None:
            keep, drop = strongest[0]
        else:
            keep, drop = sorted(set(camp_of))[:2]
        camp_of = relabel([keep if c == drop else c for c in camp_of])
    return camp_of


def fit(camp_of: list[int], camps_limit: int | None) -> list[int]:
    if camps_limit is None:
        return camp_of
    return [c % camps_limit for c in relabel(camp_of)]


def heuristic(graph: SignedGraph, settings: Settings, restarts: int | None = None) -> list[int]:
    """A good partition fast: local search from several deterministic and seeded starts.

    Fewer random restarts suffice when an exact stage follows: it corrects a poor start.
    """
    return _best_start(graph, settings.camps_limit, settings.seed, restarts)


def _best_start(
    graph: SignedGraph, camps_limit: int | None, seed: int, restarts: int | None
) -> list[int]:
    n = len(graph.nodes)
    if n > LEIDEN_ACTORS and camps_limit == 2:
        from alliances_cli.engine.solver.two_camps import two_camps

        return _improve(graph, two_camps(graph, seed), camps_limit)
    if n > LEIDEN_ACTORS:
        from alliances_cli.engine.solver.leiden import leiden

        found = leiden(n, graph.adj, seed)
        if found is not None:
            return _polish(graph, found, camps_limit)
    starts: list[list[int]] = []
    # Positive components: exact when the graph is balanced.
    starts.append(positive_components(graph))
    if restarts != 0:  # all apart, merged step by step: good, but the slowest start
        starts.append(list(range(n)))
    starts.append(_greedy(graph, list(range(n)), camps_limit))
    rng = random.Random(seed)
    if restarts is None:
        restarts = 8 if n <= 200 else 2
    for _ in range(restarts):
        order = list(range(n))
        rng.shuffle(order)
        starts.append(_greedy(graph, order, camps_limit))
    if camps_limit is not None and camps_limit < n:
        # The best partition with any number of camps, merged down to the limit.
        free = _best_start(graph, None, seed, None)
        starts.append(merge_down(graph, free, camps_limit))
    best: list[int] | None = None
    best_cost = float("inf")
    for start in starts:
        camp_of = _improve(graph, fit(start, camps_limit), camps_limit)
        cost = graph.cost(camp_of)
        if cost < best_cost - 1e-12:
            best, best_cost = camp_of, cost
    assert best is not None
    return best


#: From this many actors in a component, the heuristic restarts many times ahead of the search.
RESTARTS_FROM_ACTORS = 16


def restarts_for(n: int) -> int:
    """Random restarts of the heuristic ahead of an exact stage, by component size.

    Each costs about a millisecond at 40 actors, and on dense random +-1 views they find the
    optimum the exact stages then only have to prove (40 actors, 378 ties: frustration 126
    after 2 restarts, 119 after 100, where HiGHS's all-triangle program reached 121 in 60 s).
    """
    if n <= RESTARTS_FROM_ACTORS:
        return 2  # the search proves such components at once: restarts would only cost
    return 100 if n <= 60 else 20 if n <= 200 else 2


def _improve(graph: SignedGraph, camp_of: list[int], camps_limit: int | None) -> list[int]:
    """Single moves, then mergers of camps, until neither helps."""
    camp_of = local_search(graph, camp_of, camps_limit)
    merged = True
    while merged:
        camp_of, merged = merge_camps(graph, camp_of)
        if merged:
            camp_of = local_search(graph, camp_of, camps_limit)
    return camp_of


def _polish(graph: SignedGraph, found: list[int], camps_limit: int | None) -> list[int]:
    """Leiden's partition improved by our moves (merged down to a camp limit first)."""
    start = merge_down(graph, found, camps_limit) if camps_limit is not None else found
    return _improve(graph, fit(start, camps_limit), camps_limit)


def _greedy(graph: SignedGraph, order: Sequence[int], camps_limit: int | None) -> list[int]:
    camp_of = [-1] * len(graph.nodes)
    camps = 0
    for v in order:
        pull: dict[int, float] = {}
        for u, w in graph.adj[v]:
            if camp_of[u] >= 0:
                pull[camp_of[u]] = pull.get(camp_of[u], 0.0) + w
        best, best_pull = -1, 0.0
        for camp, value in sorted(pull.items()):
            if value > best_pull:
                best, best_pull = camp, value
        if best < 0:
            if camps_limit is None or camps < camps_limit:
                best = camps
                camps += 1
            else:
                best = max(range(camps), key=lambda c: (pull.get(c, 0.0), -c))
        camp_of[v] = best
    return camp_of
