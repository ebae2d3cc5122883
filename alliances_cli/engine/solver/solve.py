"""The solver's entry point: partitions that minimise frustration, and how sure they are.

Frustration is the weight of positive ties across camps plus the weight of negative ties
inside a camp. Minimising it over partitions with any number of camps is correlation
clustering (Bansal, Blum & Chawla 2004); with two camps it is the frustration index of
structural balance (Harary 1953; Aref, Mason & Wilson 2020).

Each connected component is solved on its own, after actors with a single tie are peeled off
(they can always satisfy it); a core too large to search whole is split into its 2-connected
blocks when that brings each within reach (`blocks.py`: frustration and bounds add up over
blocks). Up to PACK_FIRST_TIES ties: the heuristic's partition
(`heuristic.py`), proven optimal when it meets a packing of frustrated cycles (`bounds.py`).
Beyond: the LP relaxation first (`relaxation.py`); it is integral, hence optimal, on nearly
every real view, and the heuristic and an integer program run only where it leaves a gap.
Past LP_MAX_TIES the heuristic answers, and under a time limit cutting planes (`cutting.py`)
then raise its bound, and prove it where the relaxation ends integral.
What is still open goes to a depth-first branch and bound over camp assignments
(`search.py`, a Russian doll search), seeded with the best partition known. When the node
budget runs out, the best partition found is returned with the best lower bound known, and
`optimal` is False.

Functions here work on plain data (node ids and a weight mapping), so the same code serves
theaters, the overall view, and imported networks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from alliances_cli.engine.memo import Memo
from alliances_cli.engine.solver.blocks import blocks, join
from alliances_cli.engine.solver.bounds import cycle_bound
from alliances_cli.engine.solver.graph import (
    Edge,
    SignedGraph,
    components,
    group,
    peel,
    reattach,
    split_ties,
)
from alliances_cli.engine.solver.heuristic import LEIDEN_ACTORS, heuristic, restarts_for
from alliances_cli.engine.solver.records import Part, Solution, Stage
from alliances_cli.engine.solver.relaxation import (
    better_two_camps,
    cutting_applies,
    cutting_stage,
    relaxation_applies,
    relaxation_first,
    relaxation_stage,
)
from alliances_cli.engine.solver.search import branch_and_bound
from alliances_cli.engine.solver.settings import Settings

#: Components larger than this are left to the heuristic (with its lower bound) unless the
#: bound proves the heuristic's partition optimal: the search could not finish in time.
EXACT_MAX_ACTORS = 400

#: With two camps, a component of more actors (and up to LEIDEN_ACTORS, past which the
#: heuristic starts from it anyway) that the exact stages leave open gets the two-camp
#: heuristic's partition when it is better (a random 400-actor view: 142.85 against 163.96).
TWO_CAMPS_FROM = 40

#: Up to this many ties, frustrated cycles are packed for a bound before any LP is tried.
PACK_FIRST_TIES = 60

#: Up to this many actors, a component the heuristic and the cycle bound leave open goes
#: straight to the search: it proves such a component in well under a millisecond, where
#: loading the LP solver alone takes 0.18 s (profiled on `robust`, whose samples meet many).
SEARCH_ONLY_ACTORS = 12

#: Beyond this many ties in a component no lower bound is packed (measured at 200,000 ties:
#: 0.7 s for a bound of 4% of the frustration found).
BOUND_MAX_TIES = 50_000


#: What `solve` does unless told otherwise: any number of camps, the default node budget.
DEFAULTS = Settings()

#: Solutions already found, by graph; a key holds the graph, so the budget counts its ties.
_SOLVED: Memo[Solution] = Memo(4096, budget=2_000_000)


def solve(
    nodes: Sequence[str], weights: Mapping[Edge, float], settings: Settings = DEFAULTS
) -> Solution:
    """Partition `nodes` into camps minimising frustration, under `settings`.

    Isolated nodes become singleton camps here; callers decide how to present them. Results
    are remembered by `problem_key`, so an equal problem is solved once.
    """
    key = problem_key(nodes, weights, settings)
    return _SOLVED.get(
        key, lambda: _solve(nodes, weights, settings.started()), lambda _: _size(key)
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
    nodes: Sequence[str], weights: Mapping[Edge, float], settings: Settings = DEFAULTS
) -> tuple[object, ...]:
    """What identifies a call of `solve`: equal keys, equal solutions (sets, not sorted
    tuples: sorting 200,000 ties took a second, hashing them a tenth)."""
    return (frozenset(nodes), frozenset(weights.items()), *settings.key())


def _solve(nodes: Sequence[str], weights: Mapping[Edge, float], settings: Settings) -> Solution:
    found = components(sorted(nodes), weights)
    parts = [
        _solve_component(component, own, settings)
        for component, own in zip(found, split_ties(found, weights), strict=True)
    ]
    camps: list[list[str]] = []
    if settings.camps_limit is None:
        for part in parts:
            camps.extend(part.camps)
    else:
        # Components share no tie, so merging their i-th camps costs nothing.
        merged: list[list[str]] = []
        for part in parts:
            for i, members in enumerate(sorted(part.camps, key=len, reverse=True)):
                if i == len(merged):
                    merged.append([])
                merged[i].extend(members)
        camps = merged
    total = sum(p.cost for p in parts)
    bound = sum(p.bound for p in parts)
    all_optimal = all(p.optimal for p in parts)
    searched = settings.exact and all(p.optimal or p.searched for p in parts)
    return Solution(
        camps=tuple(tuple(sorted(c)) for c in camps),
        frustration=total,
        lower_bound=total if all_optimal else min(bound, total),
        optimal=all_optimal,
        method="exact" if searched else "heuristic",
    )


def _solve_component(component: list[str], own: Mapping[Edge, float], settings: Settings) -> Part:
    """One connected component through the stages: peel, split into blocks, bound or relax,
    search, join the blocks, put back."""
    core, leaves = peel(component, own) if settings.camps_limit != 1 else (component, [])
    graph = SignedGraph(core, own)
    split = _blocks_in_reach(graph)
    if len(split) > 1:
        found = [_solve_core(_block_graph(graph, members), settings) for members in split]
        camp_of = join(
            len(core),
            [(members, f.partition) for members, f in zip(split, found, strict=True)],
            settings.camps_limit,
        )
        upper = sum(f.cost for f in found)
        lower = sum(f.bound for f in found)
        optimal = all(f.optimal for f in found)
        ran_exact = all(f.optimal or f.ran_exact for f in found)
    else:
        camp_of, upper, lower, optimal, ran_exact = _solve_core(graph, settings)
    labels = reattach(dict(zip(graph.nodes, camp_of, strict=True)), leaves, settings.camps_limit)
    return Part(group(component, [labels[v] for v in component]), upper, lower, optimal, ran_exact)


#: A core past this many actors (too many for the search) is split into its 2-connected
#: blocks (`blocks.py`) when every block is within the search's reach: each is then solved,
#: and proven, on its own. (Split further down, the blocks' heuristic runs found other optima
#: of the same frustration than the whole core's: needless changes of tie-break.)
SPLIT_FROM_ACTORS = EXACT_MAX_ACTORS


def _blocks_in_reach(graph: SignedGraph) -> list[list[int]]:
    """The core's blocks when splitting brings all of them within the search's reach; else
    none (solve the core whole)."""
    n = len(graph.nodes)
    ties = sum(len(row) for row in graph.adj) // 2
    if n <= SPLIT_FROM_ACTORS or ties > BOUND_MAX_TIES:
        return []
    found = blocks(graph.adj)
    return found if max((len(b) for b in found), default=0) <= EXACT_MAX_ACTORS else []


def _block_graph(graph: SignedGraph, members: list[int]) -> SignedGraph:
    """The block of `graph` on these node indices (every tie between two of them is in it)."""
    inside = set(members)
    weights = {
        (graph.nodes[v], graph.nodes[u]): w
        for v in members
        for u, w in graph.adj[v]
        if v < u and u in inside
    }
    return SignedGraph([graph.nodes[v] for v in members], weights)


#: Without a time limit the exact search is skipped on components of more actors than this
#: whose gap is wider than SEARCH_MAX_GAP: its node budget never closed one (a dense
#: 72-actor theater left at a 57% gap spent 7 s in it for nothing).
SEARCH_MAX_ACTORS_OPEN = 48
SEARCH_MAX_GAP = 0.10


def _beyond_budget(n: int, upper: float, lower: float, settings: Settings) -> bool:
    if settings.deadline is not None or n <= SEARCH_MAX_ACTORS_OPEN:
        return False
    return upper - lower > SEARCH_MAX_GAP * upper


class _Core(NamedTuple):
    partition: list[int]
    cost: float
    bound: float
    optimal: bool
    ran_exact: bool


def _solve_core(graph: SignedGraph, settings: Settings) -> _Core:
    """The stages on one 2-core (or block): bound or relax, then search."""
    exact = settings.exact
    n = len(graph.nodes)
    ties = sum(len(row) for row in graph.adj) // 2
    ran_exact = False  # whether an exact stage ran
    if exact and ties > PACK_FIRST_TIES and relaxation_applies(graph, settings):
        camp_of, upper, lower, optimal = relaxation_first(graph, settings)
        ran_exact = True
    else:
        camp_of = heuristic(graph, settings, restarts=restarts_for(n) if exact else None)
        upper = graph.cost(camp_of)
        # Past BOUND_MAX_TIES the packing costs seconds and bounds a few percent of the
        # frustration: the partition is the heuristic's, with the trivial bound 0.
        packs = ties <= BOUND_MAX_TIES and (exact or settings.bound)
        lower = cycle_bound(graph, settings.two_camps) if packs else 0.0
        optimal = upper <= lower + 1e-12
        if exact and not optimal and n > SEARCH_ONLY_ACTORS and relaxation_applies(graph, settings):
            camp_of, upper, lower, optimal = relaxation_stage(graph, settings, lower, camp_of)
            ran_exact = True
        elif exact and not optimal and cutting_applies(graph, settings):
            start = Stage(camp_of, upper, lower, optimal)
            camp_of, upper, lower, optimal = cutting_stage(graph, settings, start)
            ran_exact = True
    if (
        exact
        and not optimal
        and n <= EXACT_MAX_ACTORS
        and not _beyond_budget(n, upper, lower, settings)
    ):
        ran_exact = True
        searched = branch_and_bound(graph, settings, camp_of, upper)
        camp_of, upper, optimal = searched.partition, searched.cost, searched.optimal
        lower = max(lower, searched.bound)
    if exact and not optimal and settings.camps_limit == 2 and TWO_CAMPS_FROM < n <= LEIDEN_ACTORS:
        camp_of = better_two_camps(graph, camp_of, settings.seed)
        upper = graph.cost(camp_of)
    return _Core(camp_of, upper, lower, optimal, ran_exact)
