"""Coalitions: partitions of a signed, weighted graph that minimise frustration.

Frustration is the weight of positive ties across camps plus the weight of negative ties
inside a camp. Minimising it over partitions with any number of camps is correlation
clustering (Bansal, Blum & Chawla 2004); with two camps it is the frustration index of
structural balance (Harary 1953; Aref, Mason & Wilson 2020).

Each connected component is solved on its own, after actors with a single tie are peeled off
(they can always satisfy it). Up to PACK_FIRST_TIES ties: the heuristic's partition, proven
optimal when it meets a packing of frustrated cycles. Beyond: the LP relaxation first
(`lp.py`); it is integral, hence optimal, on nearly every real view, and the heuristic and an
integer program run only where it leaves a gap. What is still open goes to a depth-first branch
and bound over camp assignments (`doll.py`, a Russian doll search), seeded with the best
partition known, its suffixes first bounded by packings of frustrated cycles. When the node
budget runs out, the best partition found is returned with the best lower bound known, and
`optimal` is False.

Functions here work on plain data (node ids and a weight mapping), so the same code serves
theaters, the overall view, and imported networks.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from alliances_cli.engine.memo import Memo

if TYPE_CHECKING:
    from alliances_cli.engine import lp

Edge = tuple[str, str]

#: Search nodes the exact solver may visit per component before settling for the heuristic.
DEFAULT_NODE_BUDGET = 40_000
#: Components larger than this are left to the heuristic (with its lower bound) unless the
#: bound proves the heuristic's partition optimal: the search could not finish in time.
EXACT_MAX_ACTORS = 400
#: Beyond this many ties the lower bound packs triangles only; longer cycles cost too much.
LONG_CYCLE_EDGES = 3_000
#: Up to this many ties, frustrated cycles are packed for a bound before any LP is tried.
PACK_FIRST_TIES = 60
#: Up to this many actors, a component with half or more of its pairs tied goes from the LP
#: relaxation to the search, skipping the integer program.
SEARCH_FIRST_ACTORS = 40
#: Up to this many actors, a component the heuristic and the cycle bound leave open goes
#: straight to the search: it proves such a component in well under a millisecond, where
#: loading the LP solver alone takes 0.18 s (profiled on `robust`, whose samples meet many).
SEARCH_ONLY_ACTORS = 12
#: Beyond this many actors, a component's starting partition comes from igraph's Leiden
#: algorithm (`leiden.py`) when igraph is installed, polished by our local search.
LEIDEN_ACTORS = 400
#: Beyond this many ties in a component no lower bound is packed (measured at 200,000 ties:
#: 0.7 s for a bound of 4% of the frustration found).
BOUND_MAX_TIES = 50_000
#: Beyond this many ties in a component the LP relaxation is not tried.
LP_MAX_TIES = 3_000


@dataclass(frozen=True)
class Solution:
    """Camps as lists of node ids (unordered), with how good the partition is known to be."""

    camps: tuple[tuple[str, ...], ...]
    frustration: float
    lower_bound: float
    optimal: bool
    method: str  # "exact" or "heuristic"


class Stage(NamedTuple):
    """What an exact stage leaves for the next: the best partition known (a camp per node
    index), its frustration, a lower bound on the optimum, and whether they meet."""

    partition: list[int]
    cost: float
    bound: float
    optimal: bool


class Part(NamedTuple):
    """One connected component, solved: its camps as node ids, with cost, bound, optimal."""

    camps: list[list[str]]
    cost: float
    bound: float
    optimal: bool


class _Graph:
    """A component as index-based adjacency lists, for the inner loops."""

    def __init__(self, nodes: Sequence[str], weights: Mapping[Edge, float]) -> None:
        self.nodes = list(nodes)
        index = {node: i for i, node in enumerate(self.nodes)}
        adj: list[list[tuple[int, float]]] = [[] for _ in self.nodes]
        for (a, b), w in weights.items():
            i, j = index.get(a), index.get(b)
            if w == 0 or i is None or j is None:
                continue
            adj[i].append((j, w))
            adj[j].append((i, w))
        for row in adj:
            row.sort()
        self.adj = adj
        self.positive = [sum([w for _, w in row if w > 0]) for row in adj]

    def cost(self, camp_of: Sequence[int]) -> float:
        total = 0.0
        for i, row in enumerate(self.adj):
            for j, w in row:
                if j > i and (w > 0) != (camp_of[i] == camp_of[j]):
                    total += abs(w)
        return total


def frustration(camp_of: Mapping[str, int], weights: Mapping[Edge, float]) -> float:
    """The frustration of a partition given as node -> camp label."""
    total = 0.0
    for (a, b), w in weights.items():
        if w != 0 and (w > 0) != (camp_of[a] == camp_of[b]):
            total += abs(w)
    return total


def components(nodes: Sequence[str], weights: Mapping[Edge, float]) -> list[list[str]]:
    """Connected components through non-zero ties, each in the order of `nodes`."""
    parent = {node: node for node in nodes}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (a, b), w in weights.items():
        if w != 0 and a in parent and b in parent:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for node in nodes:
        groups.setdefault(find(node), []).append(node)
    return list(groups.values())


#: Solutions already found, by graph; a key holds the graph, so the budget counts its ties.
_SOLVED: Memo[Solution] = Memo(4096, budget=2_000_000)


def solve(
    nodes: Sequence[str],
    weights: Mapping[Edge, float],
    *,
    max_camps: int | None = None,
    exact: bool = True,
    node_budget: int = DEFAULT_NODE_BUDGET,
    seed: int = 0,
    time_limit: float | None = None,
) -> Solution:
    """Partition `nodes` into camps minimising frustration (at most `max_camps` camps).

    The exact stages stop after `node_budget` search nodes per component, or, with
    `time_limit`, after that many seconds for the whole problem instead (then the result can
    depend on the machine's speed). Isolated nodes become singleton camps here; callers
    decide how to present them.
    """
    if max_camps is not None and max_camps < 1:
        raise ValueError("max_camps must be at least 1")
    key = problem_key(nodes, weights, max_camps, exact, node_budget, seed, time_limit)
    return _SOLVED.get(
        key,
        lambda: _solve(nodes, weights, max_camps, exact, node_budget, seed, time_limit),
        lambda _: _size(key),
    )


def is_solved(key: tuple[object, ...]) -> bool:
    """Whether `solve` already knows the answer for the arguments with this `problem_key`."""
    return key in _SOLVED


def remember(key: tuple[object, ...], solution: Solution) -> None:
    """Record what `solve` returned, in another process, for the arguments with this key."""
    _SOLVED.put(key, solution, _size(key))


def _size(key: tuple[object, ...]) -> int:
    nodes, ties = key[0], key[1]
    assert isinstance(nodes, frozenset) and isinstance(ties, frozenset)
    return len(nodes) + len(ties)


def problem_key(
    nodes: Sequence[str],
    weights: Mapping[Edge, float],
    max_camps: int | None = None,
    exact: bool = True,
    node_budget: int = DEFAULT_NODE_BUDGET,
    seed: int = 0,
    time_limit: float | None = None,
) -> tuple[object, ...]:
    """What identifies a call of `solve`: equal keys, equal solutions (sets, not sorted
    tuples: sorting 200,000 ties took a second, hashing them a tenth)."""
    return (
        frozenset(nodes),
        frozenset(weights.items()),
        max_camps,
        exact,
        node_budget,
        seed,
        time_limit,
    )


def _solve(
    nodes: Sequence[str],
    weights: Mapping[Edge, float],
    max_camps: int | None,
    exact: bool,
    node_budget: int,
    seed: int,
    time_limit: float | None = None,
) -> Solution:
    import time

    deadline = None if time_limit is None else time.monotonic() + time_limit
    parts: list[Part] = []
    found = components(sorted(nodes), weights)
    for component, own in zip(found, _split(found, weights), strict=True):
        core, leaves = _peel(component, own) if max_camps != 1 else (component, [])
        graph = _Graph(core, own)
        ties = sum(len(row) for row in graph.adj) // 2
        if exact and ties > PACK_FIRST_TIES and _lp_applies(graph, max_camps):
            camp_of, upper, lower, optimal = _lp_first(graph, max_camps, seed, deadline)
        else:
            camp_of = _heuristic(
                graph, max_camps, seed, restarts=_restarts(len(core)) if exact else None
            )
            upper = graph.cost(camp_of)
            # Past BOUND_MAX_TIES the packing costs seconds and bounds a few percent of the
            # frustration: the partition is the heuristic's, with the trivial bound 0.
            lower = _cycle_bound(graph, two_camps=max_camps == 2) if ties <= BOUND_MAX_TIES else 0.0
            optimal = upper <= lower + 1e-12
            if (
                exact
                and not optimal
                and len(core) > SEARCH_ONLY_ACTORS
                and _lp_applies(graph, max_camps)
            ):
                staged = _lp_stage(graph, max_camps, lower, start=camp_of, deadline=deadline)
                camp_of, upper, lower, optimal = staged
        if exact and not optimal and len(core) <= EXACT_MAX_ACTORS:
            searched = _branch_and_bound(
                graph, max_camps, camp_of, upper, node_budget, deadline=deadline
            )
            camp_of, upper, optimal = searched.partition, searched.cost, searched.optimal
            lower = max(lower, searched.bound)
        labels = _reattach(dict(zip(graph.nodes, camp_of, strict=True)), leaves, max_camps)
        groups = _group(component, [labels[v] for v in component])
        parts.append(Part(groups, upper, lower, optimal))
    camps: list[list[str]] = []
    if max_camps is None:
        for part in parts:
            camps.extend(part.camps)
    else:
        # Components share no tie, so merging their i-th camps costs nothing.
        merged: list[list[str]] = []
        for part in parts:
            for i, group in enumerate(sorted(part.camps, key=len, reverse=True)):
                if i == len(merged):
                    merged.append([])
                merged[i].extend(group)
        camps = merged
    total = sum(p.cost for p in parts)
    bound = sum(p.bound for p in parts)
    all_optimal = all(p.optimal for p in parts)
    return Solution(
        camps=tuple(tuple(sorted(c)) for c in camps),
        frustration=total,
        lower_bound=total if all_optimal else min(bound, total),
        optimal=all_optimal,
        method="exact" if exact else "heuristic",
    )


def _split(found: list[list[str]], weights: Mapping[Edge, float]) -> list[Mapping[Edge, float]]:
    """Each component's own ties, in one pass over all of them: a pass per component made
    1,000 components of 40 ties each take 12 s instead of a fraction of one."""
    if len(found) == 1:
        return [weights]
    which = {node: k for k, component in enumerate(found) for node in component}
    own: list[dict[Edge, float]] = [{} for _ in found]
    for (a, b), w in weights.items():
        k = which.get(a)
        if w != 0 and k is not None and which.get(b) == k:
            own[k][(a, b)] = w
    return list(own)


Leaf = tuple[str, str, bool]  # (actor, its one neighbour, whether their tie is positive)


def _peel(nodes: list[str], weights: Mapping[Edge, float]) -> tuple[list[str], list[Leaf]]:
    """The 2-core of a component, and the actors peeled off it, in the order peeled.

    An actor with a single tie can always satisfy it (beside its neighbour, or apart), so
    leaves are taken off, again and again, and put back after the core is solved: the
    frustration is the core's, and the exact stages work on fewer actors.
    """
    inside = set(nodes)
    neighbours: dict[str, dict[str, float]] = {v: {} for v in nodes}
    for (a, b), w in weights.items():
        if w != 0 and a in inside and b in inside:
            neighbours[a][b] = w
            neighbours[b][a] = w
    queue = [v for v in nodes if len(neighbours[v]) == 1]
    leaves: list[Leaf] = []
    left = len(nodes)
    while queue and left > 1:
        leaf = queue.pop()
        if len(neighbours[leaf]) != 1:
            continue
        ((other, w),) = neighbours[leaf].items()
        leaves.append((leaf, other, w > 0))
        del neighbours[other][leaf]
        neighbours[leaf].clear()
        left -= 1
        if len(neighbours[other]) == 1:
            queue.append(other)
    peeled = {leaf for leaf, _, _ in leaves}
    return [v for v in nodes if v not in peeled], leaves


def _reattach(labels: dict[str, int], leaves: list[Leaf], max_camps: int | None) -> dict[str, int]:
    """Put peeled actors back, last peeled first, each satisfying its one tie."""
    fresh = max(labels.values(), default=-1) + 1
    for leaf, other, positive in reversed(leaves):
        if positive:
            labels[leaf] = labels[other]
        elif max_camps is None:
            labels[leaf] = fresh
            fresh += 1
        else:
            labels[leaf] = 1 if labels[other] == 0 else 0
    return labels


def _lp_first(
    graph: _Graph, max_camps: int | None, seed: int, deadline: float | None = None
) -> Stage:
    """The exact stages for a component past PACK_FIRST_TIES: the LP first, then the rest.

    The relaxation is integral on most such components, which settles them outright; the
    heuristic (a starting point for what follows) and the cycle packing (a bound the LP's
    already beats, being the packing problem's dual) run only when it leaves a gap.
    """
    balanced = _positive_components(graph)
    if (max_camps is None or max(balanced, default=0) < max_camps) and graph.cost(balanced) <= 0:
        return Stage(balanced, 0.0, 0.0, True)  # what the heuristic returns at no frustration
    camp_of, upper, lower, optimal = _lp_stage(
        graph, max_camps, 0.0, start=None, seed=seed, deadline=deadline
    )
    if not optimal:
        lower = max(lower, _cycle_bound(graph, two_camps=max_camps == 2))
        optimal = upper <= lower + 1e-12
    return Stage(camp_of, upper, lower, optimal)


def _lp_stage(
    graph: _Graph,
    max_camps: int | None,
    lower: float,
    *,
    start: list[int] | None,
    seed: int = 0,
    deadline: float | None = None,
) -> Stage:
    """Tighten the bound with the LP relaxation; prove optimality where it closes the gap.

    `start` is the best partition known; without one, the heuristic finds one if it is needed.
    Returns (partition, its cost, lower bound, optimal).
    """

    def known() -> list[int]:
        if start is not None:
            return start
        return _heuristic(graph, max_camps, seed, restarts=_restarts(len(graph.nodes)))

    if not _lp_applies(graph, max_camps):
        camp_of = known()
        return Stage(camp_of, graph.cost(camp_of), lower, False)
    from alliances_cli.engine import lp

    n = len(graph.nodes)
    limit = n if max_camps is None else max_camps
    two_camps = limit == 2
    # Two camps: the cut relaxation with odd-cycle inequalities is integral on most real
    # networks, and fast while its separation runs dense; past that, the integer program.
    relax = not two_camps or 2 * n <= lp.DENSE_STATES
    result = lp.lp_bound(graph.adj, two_camps) if relax else lp.two_camp_program(graph.adj)
    if result is not None:
        settled = _proven(graph, limit, result, lower)
        if settled is not None:
            return settled
    camp_of = known()
    upper = graph.cost(camp_of)
    if result is None:
        return Stage(camp_of, upper, lower, False)
    camp_of, upper, bound, optimal = _settle(graph, limit, result, camp_of, upper, lower)
    if optimal or (two_camps and not relax):
        return Stage(camp_of, upper, bound, optimal)
    if not two_camps and _search_first(graph):
        return Stage(camp_of, upper, bound, False)
    # A gap remains: an integer program closes it (for any number of camps, starting from
    # the relaxation's cuts).
    if two_camps:
        exact = lp.two_camp_program(graph.adj)
    else:
        exact = lp.multicut_program(graph.adj, result.cuts, start=camp_of, deadline=deadline)
    if exact is None:
        return Stage(camp_of, upper, bound, False)
    return _settle(graph, limit, exact, camp_of, upper, bound)


def _search_first(graph: _Graph) -> bool:
    """Whether the search, not the integer program, should close this component's gap.

    On small dense components the search is the faster of the two (uniform random weights:
    16-22 actors proven in 0.01-1 s, where the program spends its whole second and proves
    nothing); on sparse ones the program closes small gaps in milliseconds.
    """
    n = len(graph.nodes)
    ties = sum(len(row) for row in graph.adj) // 2
    return n <= SEARCH_FIRST_ACTORS and 4 * ties >= n * (n - 1)


def _proven(graph: _Graph, limit: int, result: lp.LPResult, lower: float) -> Stage | None:
    """The program's partition, if it reaches the program's lower bound (so is optimal)."""
    if result.partition is None or len(set(result.partition)) > limit:
        return None
    bound = max(lower, result.bound)
    cost = graph.cost(result.partition)
    if cost <= bound + 1e-6 * max(1.0, bound):
        return Stage(_relabel(result.partition), cost, cost, True)
    return None


def _settle(
    graph: _Graph,
    limit: int,
    result: lp.LPResult,
    camp_of: list[int],
    upper: float,
    lower: float,
) -> Stage:
    """What a program's result proves: (partition, its cost, lower bound, optimal)."""
    bound = max(lower, result.bound)
    proven = _proven(graph, limit, result, lower)
    # A partition that reaches the program's lower bound is optimal (unless the best known is
    # better still: a solver mishap); one that does not (the program was cut short) proves
    # nothing.
    if proven is not None and proven[1] <= upper + 1e-9:
        return proven
    if _integral_weights(graph):
        bound = max(bound, math.ceil(bound - 1e-6))
    if upper <= bound + 1e-9:
        return Stage(camp_of, upper, upper, True)
    return Stage(camp_of, upper, bound, False)


def _lp_applies(graph: _Graph, max_camps: int | None) -> bool:
    """Whether the LP stage can settle this component: HiGHS present, size and limit fit."""
    if max_camps == 1:
        return False
    if sum(len(row) for row in graph.adj) // 2 > LP_MAX_TIES:
        return False
    from alliances_cli.engine import lp

    return lp.available()


def _integral_weights(graph: _Graph) -> bool:
    return all(float(w).is_integer() for row in graph.adj for _, w in row)


def _group(nodes: Sequence[str], camp_of: Sequence[int]) -> list[list[str]]:
    groups: dict[int, list[str]] = {}
    for node, camp in zip(nodes, camp_of, strict=True):
        groups.setdefault(camp, []).append(node)
    return list(groups.values())


# -- heuristic ----------------------------------------------------------------------------------


def _local_search(graph: _Graph, camp_of: list[int], max_camps: int | None) -> list[int]:
    """Move single nodes to their best camp (or a new one) until no move helps."""
    n = len(graph.nodes)
    camp_of = _relabel(camp_of)
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
                if max_camps is None or len(sizes) < max_camps:
                    best = max(sizes) + 1
                else:
                    best = next((c for c in sorted(sizes) if c not in pull), best)
            if best != here:
                sizes[here] -= 1
                if max_camps is not None and (sizes[here] == 0 or best not in sizes):
                    stale = [True] * n  # the camps in use changed: any node may move now
                if sizes[here] == 0:
                    del sizes[here]
                sizes[best] = sizes.get(best, 0) + 1
                camp_of[v] = best
                for u, _ in graph.adj[v]:
                    stale[u] = True
                improved = True
    return _relabel(camp_of)


def _between(graph: _Graph, camp_of: list[int]) -> dict[tuple[int, int], float]:
    """The signed weight of the ties between each pair of camps that has any."""
    between: dict[tuple[int, int], float] = {}
    for i, row in enumerate(graph.adj):
        for j, w in row:
            a, b = camp_of[i], camp_of[j]
            if j > i and a != b:
                key = (min(a, b), max(a, b))
                between[key] = between.get(key, 0.0) + w
    return between


def _strongest_pair(graph: _Graph, camp_of: list[int]) -> tuple[tuple[int, int], float] | None:
    """The pair of camps with the largest signed weight between them, and that weight."""
    between = _between(graph, camp_of)
    if not between:
        return None
    return max(sorted(between.items()), key=lambda item: item[1])


def _merge_camps(graph: _Graph, camp_of: list[int]) -> tuple[list[int], bool]:
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
    return _relabel([merged_into.get(c, c) for c in camp_of]), True


def _merge_down(graph: _Graph, camp_of: list[int], limit: int) -> list[int]:
    """Merge the pair of camps with the strongest signed ties between them until `limit`."""
    camp_of = _relabel(camp_of)
    while len(set(camp_of)) > limit:
        strongest = _strongest_pair(graph, camp_of)
        if strongest is not None:
            keep, drop = strongest[0]
        else:
            keep, drop = sorted(set(camp_of))[:2]
        camp_of = _relabel([keep if c == drop else c for c in camp_of])
    return camp_of


def _relabel(camp_of: Sequence[int]) -> list[int]:
    labels: dict[int, int] = {}
    return [labels.setdefault(c, len(labels)) for c in camp_of]


def _fit(camp_of: list[int], max_camps: int | None) -> list[int]:
    if max_camps is None:
        return camp_of
    return [c % max_camps for c in _relabel(camp_of)]


def _heuristic(
    graph: _Graph, max_camps: int | None, seed: int, restarts: int | None = None
) -> list[int]:
    """A good partition fast: local search from several deterministic and seeded starts.

    Fewer random restarts suffice when an exact stage follows: it corrects a poor start.
    """
    n = len(graph.nodes)
    if n > LEIDEN_ACTORS:
        from alliances_cli.engine.leiden import leiden

        found = leiden(n, graph.adj, seed)
        if found is not None:
            return _polish(graph, found, max_camps)
    starts: list[list[int]] = []
    # Positive components: exact when the graph is balanced.
    starts.append(_positive_components(graph))
    if restarts != 0:  # all apart, merged step by step: good, but the slowest start
        starts.append(list(range(n)))
    starts.append(_greedy(graph, list(range(n)), max_camps))
    rng = random.Random(seed)
    if restarts is None:
        restarts = 8 if n <= 200 else 2
    for _ in range(restarts):
        order = list(range(n))
        rng.shuffle(order)
        starts.append(_greedy(graph, order, max_camps))
    if max_camps is not None and max_camps < n:
        # The best partition with any number of camps, merged down to the limit.
        free = _heuristic(graph, None, seed)
        starts.append(_merge_down(graph, free, max_camps))
    best: list[int] | None = None
    best_cost = float("inf")
    for start in starts:
        camp_of = _improve(graph, _fit(start, max_camps), max_camps)
        cost = graph.cost(camp_of)
        if cost < best_cost - 1e-12:
            best, best_cost = camp_of, cost
    assert best is not None
    return best


#: From this many actors in a component, the heuristic restarts many times ahead of the search.
RESTARTS_FROM_ACTORS = 16


def _restarts(n: int) -> int:
    """Random restarts of the heuristic ahead of an exact stage, by component size.

    Each costs about a millisecond at 40 actors, and on dense random +-1 views they find the
    optimum the exact stages then only have to prove (40 actors, 378 ties: frustration 126
    after 2 restarts, 119 after 100, where HiGHS's all-triangle program reached 121 in 60 s).
    """
    if n <= RESTARTS_FROM_ACTORS:
        return 2  # the search proves such components at once: restarts would only cost
    return 100 if n <= 60 else 20 if n <= 200 else 2


def _improve(graph: _Graph, camp_of: list[int], max_camps: int | None) -> list[int]:
    """Single moves, then mergers of camps, until neither helps."""
    camp_of = _local_search(graph, camp_of, max_camps)
    merged = True
    while merged:
        camp_of, merged = _merge_camps(graph, camp_of)
        if merged:
            camp_of = _local_search(graph, camp_of, max_camps)
    return camp_of


def _polish(graph: _Graph, found: list[int], max_camps: int | None) -> list[int]:
    """Leiden's partition improved by our moves (merged down to a camp limit first)."""
    start = _merge_down(graph, found, max_camps) if max_camps is not None else found
    return _improve(graph, _fit(start, max_camps), max_camps)


def _positive_components(graph: _Graph) -> list[int]:
    camp_of = [-1] * len(graph.nodes)
    label = 0
    for start in range(len(graph.nodes)):
        if camp_of[start] >= 0:
            continue
        stack = [start]
        camp_of[start] = label
        while stack:
            v = stack.pop()
            for u, w in graph.adj[v]:
                if w > 0 and camp_of[u] < 0:
                    camp_of[u] = label
                    stack.append(u)
        label += 1
    return camp_of


def _greedy(graph: _Graph, order: Sequence[int], max_camps: int | None) -> list[int]:
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
            if max_camps is None or camps < max_camps:
                best = camps
                camps += 1
            else:
                best = max(range(camps), key=lambda c: (pull.get(c, 0.0), -c))
        camp_of[v] = best
    return camp_of


def _cycle_bound(graph: _Graph, two_camps: bool, among: Sequence[int] | None = None) -> float:
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
    bound = 0.0
    eps = 1e-12
    if len(residual) <= LONG_CYCLE_EDGES:
        return bound + _pack_cycles(adjacency, residual, demands, two_camps)
    # Large graphs: triangles only, found by set intersection.
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


# -- exact --------------------------------------------------------------------------------------


def _branch_and_bound(
    graph: _Graph,
    max_camps: int | None,
    incumbent: list[int],
    upper: float,
    node_budget: int,
    *,
    deadline: float | None = None,
    compiled: bool | None = None,
) -> Stage:
    """The Russian doll search (`doll.py`), its suffixes first bounded by cycle packings.

    It stops after `node_budget` nodes, or at `deadline` (a `time.monotonic()` time) instead of
    any budget. The packing bounds each suffix's ties until the search has solved it exactly.
    """
    from alliances_cli.engine import doll

    n = len(graph.nodes)
    limit = n if max_camps is None else min(max_camps, n)
    order = doll.search_order(graph.adj)
    two_camps = max_camps == 2
    suffix = [_cycle_bound(graph, two_camps=two_camps, among=order[d:]) for d in range(n)]
    suffix.append(0.0)
    found = doll.russian_doll(
        graph.adj, limit, order, suffix, incumbent, upper, node_budget, deadline, compiled
    )
    return Stage(*found)
