"""The LP stage: bounds from the relaxation, and integer programs where a gap remains.

On most real components the relaxation is integral, which proves its partition optimal
outright; elsewhere it raises the lower bound, and an integer program (HiGHS, in
`programs.py`) may close the gap.
"""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING

from alliances_cli.engine.solver.bounds import cycle_bound
from alliances_cli.engine.solver.graph import (
    SignedGraph,
    integral_weights,
    positive_components,
    relabel,
)
from alliances_cli.engine.solver.heuristic import heuristic, restarts_for
from alliances_cli.engine.solver.records import Stage
from alliances_cli.engine.solver.settings import Settings

if TYPE_CHECKING:
    from alliances_cli.engine.solver import programs

#: Up to this many actors, a component with half or more of its pairs tied goes from the LP
#: relaxation to the search, skipping the integer program.
SEARCH_FIRST_ACTORS = 40

#: Beyond this many ties in a component the LP relaxation is not tried by default; under a
#: time limit, cutting planes (`cutting.py`) take over, up to CUTTING_MAX_TIES.
LP_MAX_TIES = 3_000
CUTTING_MAX_TIES = 50_000


def relaxation_first(graph: SignedGraph, settings: Settings) -> Stage:
    """The exact stages for a component past PACK_FIRST_TIES: the LP first, then the rest.

    The relaxation is integral on most such components, which settles them outright; the
    heuristic (a starting point for what follows) and the cycle packing (a bound the LP's
    already beats, being the packing problem's dual) run only when it leaves a gap.
    """
    balanced = positive_components(graph)
    limit = settings.camps_limit
    if (limit is None or max(balanced, default=0) < limit) and graph.cost(balanced) <= 0:
        return Stage(balanced, 0.0, 0.0, True)  # what the heuristic returns at no frustration
    camp_of, upper, lower, optimal = relaxation_stage(graph, settings, 0.0, None)
    if not optimal:
        lower = max(lower, cycle_bound(graph, settings.two_camps))
        optimal = upper <= lower + 1e-12
    return Stage(camp_of, upper, lower, optimal)


def relaxation_stage(
    graph: SignedGraph, settings: Settings, lower: float, start: list[int] | None
) -> Stage:
    """Tighten the bound with the LP relaxation; prove optimality where it closes the gap.

    `start` is the best partition known; without one, the heuristic finds one if it is needed.
    Returns (partition, its cost, lower bound, optimal).
    """

    def known() -> list[int]:
        if start is not None:
            return start
        return heuristic(graph, settings, restarts=restarts_for(len(graph.nodes)))

    if not relaxation_applies(graph, settings):
        camp_of = known()
        return Stage(camp_of, graph.cost(camp_of), lower, False)
    from alliances_cli.engine.solver import programs as lp

    n = len(graph.nodes)
    # Not `settings.limit_for(n)`: two actors with no limit are solved as any number of camps.
    limit = n if settings.camps_limit is None else settings.camps_limit
    two_camps = limit == 2
    # Two camps: the cut relaxation with odd-cycle inequalities is integral on most real
    # networks, and fast while its separation runs dense; past that, the integer program.
    relax = not two_camps or 2 * n <= lp.DENSE_STATES
    if settings.deadline is None and (
        (relax and not two_camps and _past_the_cap(graph))
        or (not relax and not _program_fits(graph, two_camps, None))
    ):
        camp_of = known()
        return Stage(camp_of, graph.cost(camp_of), lower, False)
    # Two camps under a time limit, past the search's sizes: branch and cut takes the time
    # (the integer program's bound after 30 s on 150 random actors was below the relaxation's).
    sparse = n > CUT_FROM_ACTORS and sum(len(row) for row in graph.adj) < 2 * SPARSE_DEGREE * n
    cut_and_branch = two_camps and settings.deadline is not None and n > SEARCH_FIRST_ACTORS
    if cut_and_branch and (not relax or sparse):
        return branch_and_cut(graph, settings, known(), lower)
    rows = None if settings.deadline is not None else lp.LP_MAX_ROWS
    if relax and two_camps and sparse:
        result = _cut_relaxation(graph, settings)
    elif relax:
        result = lp.lp_bound(graph.adj, two_camps, rows, settings.deadline)
    else:
        result = lp.two_camp_program(graph.adj, settings.deadline)
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
    narrow = upper - bound <= NARROW_GAP * upper
    if settings.deadline is None and not (narrow or _program_fits(graph, two_camps, result)):
        return Stage(camp_of, upper, bound, False)
    if cut_and_branch:
        return branch_and_cut(graph, settings, camp_of, bound)
    # A gap remains: an integer program closes it (for any number of camps, starting from
    # the relaxation's cuts).
    if two_camps:
        exact = lp.two_camp_program(graph.adj, settings.deadline)
    else:
        exact = lp.multicut_program(
            graph.adj, result.cuts, start=camp_of, deadline=settings.deadline
        )
    if exact is None:
        return Stage(camp_of, upper, bound, False)
    return _settle(graph, limit, exact, camp_of, upper, bound)


#: With two camps, on a sparse component (fewer than SPARSE_DEGREE ties per actor on
#: average) past this many actors, the cut relaxation is solved by the cutting planes of
#: `cutting.py` rather than by `programs.py`: on random views of 150 and 200 actors with 3
#: ties an actor they reach the relaxation's own bound (51.0, 61.3) in 1-2 s, where the dense
#: separation stops at its row cap after 4-9 s (47.0, 53.8). The Correlates of War windows
#: (150 actors, 8 ties an actor) keep the dense separation: both prove their optimum, but the
#: cutting planes end on another of their several optima, and the published outputs would
#: change for nothing.
CUT_FROM_ACTORS = 100
SPARSE_DEGREE = 4


def _cut_relaxation(graph: SignedGraph, settings: Settings) -> programs.LPResult | None:
    from alliances_cli.engine.solver import cutting
    from alliances_cli.engine.solver import programs as lp

    relaxed = cutting.relax(graph.adj, True, settings.deadline)
    if relaxed is None:
        return None
    return lp.LPResult(relaxed.bound, relaxed.partition, complete=relaxed.converged)


def branch_and_cut(
    graph: SignedGraph, settings: Settings, camp_of: list[int], lower: float
) -> Stage:
    """Two camps: cutting planes from the cycles the best partition known (or the two-camp
    heuristic's, when better) frustrates once, then branching, until the deadline. On 150
    random actors and 450 weighted ties it proves in 20 s what the integer program left at a
    bound of 34 against 53 after 30 s (docs/performance.md)."""
    camp_of = better_two_camps(graph, camp_of, settings.seed)
    whole = list(range(len(graph.nodes)))
    return _branched(graph, 2, graph.adj, camp_of, whole, 0.0, camp_of, lower, settings.deadline)


def _branched(
    graph: SignedGraph,
    limit: int,
    adjacency: list[list[tuple[int, float]]],
    known: list[int],
    stands_in: list[int],
    constant: float,
    camp_of: list[int],
    lower: float,
    deadline: float | None,
) -> Stage:
    """Cutting planes and branching on `adjacency` (the graph, or a reduction of it whose
    nodes `stands_in` maps back, `constant` added to its frustration) from its partition
    `known`; what they prove, against `camp_of`, the best partition of the graph known."""
    from alliances_cli.engine.solver import cutting
    from alliances_cli.engine.solver import programs as lp
    from alliances_cli.engine.solver.reduce import expand

    upper = graph.cost(camp_of)
    relaxed = cutting.relax(adjacency, limit == 2, deadline, start=known, branch=True)
    if relaxed is None:
        return Stage(camp_of, upper, lower, False)
    # Better than the start, though not proven; the multicut relaxation knows no camp limit
    # past two, so its partitions may have too many camps.
    if relaxed.found is not None and len(set(relaxed.found)) <= limit:
        better = expand(relaxed.found, stands_in)
        if graph.cost(better) < upper - 1e-9:
            camp_of, upper = relabel(better), graph.cost(better)
    partition = None if relaxed.partition is None else expand(relaxed.partition, stands_in)
    found = lp.LPResult(relaxed.bound + constant, partition)
    return _settle(graph, limit, found, camp_of, upper, lower)


def better_two_camps(graph: SignedGraph, camp_of: list[int], seed: int) -> list[int]:
    """The two-camp heuristic's partition (`two_camps.py`) when it beats `camp_of`, else
    `camp_of`: the general one, from greedy starts, falls 10-20% short on random views of
    200-400 actors (q400: 163.96 against 142.85)."""
    from alliances_cli.engine.solver.heuristic import local_search
    from alliances_cli.engine.solver.two_camps import two_camps

    other = local_search(graph, two_camps(graph, seed), 2)
    if graph.cost(other) < graph.cost(camp_of) - 1e-9:
        return relabel(other)
    return camp_of


def cutting_applies(graph: SignedGraph, settings: Settings) -> bool:
    """Whether the cutting planes may run on this component: one past LP_MAX_TIES, under a
    time limit (their rounds take from a tenth of a second to many; without a clock the
    answer would wait on them), with HiGHS present."""
    ties = sum(len(row) for row in graph.adj) // 2
    if settings.deadline is None or settings.camps_limit == 1:
        return False
    if not LP_MAX_TIES < ties <= CUTTING_MAX_TIES:
        return False
    from alliances_cli.engine.solver import programs

    return programs.available()


def cutting_stage(graph: SignedGraph, settings: Settings, start: Stage) -> Stage:
    """Tighten the bound of a large component by cutting planes until the deadline; prove
    optimal the partition they end on when it is integral (or the best known, when it meets
    the bound)."""
    from alliances_cli.engine.solver.reduce import expand, merge_dominant, restrict

    limit = settings.limit_for(len(graph.nodes))
    # The reduced graph's least frustration plus the constant is the whole's (reduce.py).
    reduced = merge_dominant(graph.adj, alone=settings.camps_limit is None)
    known = _reduced_start(reduced.adjacency, restrict(start.partition, reduced.standing), settings)
    camp_of = start.partition
    expanded = expand(known, reduced.stands_in)
    if graph.cost(expanded) < start.cost - 1e-9:
        camp_of = relabel(expanded)
    return _branched(
        graph,
        limit,
        reduced.adjacency,
        known,
        reduced.stands_in,
        reduced.constant,
        camp_of,
        start.bound,
        settings.deadline,
    )


def _reduced_start(
    adjacency: list[list[tuple[int, float]]], restricted: list[int], settings: Settings
) -> list[int]:
    """A good partition of the reduced graph, for the cutting planes' first cuts: the best
    known one there, repaired by single moves (its merged actors may have stood apart), or
    for two camps the two-camp heuristic's on the reduced graph when it is better (on the
    rated Bitcoin OTC 457.90 against the whole graph's 459.45)."""
    from alliances_cli.engine.solver.heuristic import local_search

    if settings.deadline is not None and time.monotonic() >= settings.deadline:
        return restricted
    reduced = SignedGraph.indexed(adjacency)
    best = local_search(reduced, restricted, settings.camps_limit)
    if settings.camps_limit == 2:
        best = better_two_camps(reduced, best, settings.seed)
    return best


#: A gap this narrow (a share of the frustration) an integer program closes within its work
#: budget on any size tried: the 90 dense actors' overall view, 3,446 ties, 131.58 against
#: 131.08, proven in a fraction of a second.
NARROW_GAP = 0.01


def _program_fits(graph: SignedGraph, two_camps: bool, relaxed: programs.LPResult | None) -> bool:
    """Whether, without a time limit, an integer program's work budget ends in seconds here
    (the answer must not depend on the clock): the two-camp program on up to
    TWO_CAMP_MAX_TIES ties (300 actors, 900 ties: 10 s, nothing proven); the multicut program
    on up to MULTICUT_MAX_TIES (400 actors, 1,200 ties: 50 nodes in 10 s), and only after a
    relaxation that finished, whose cuts it starts from (a dense 72-actor view at a 57% gap:
    half a second for nothing)."""
    from alliances_cli.engine.solver import programs as lp

    ties = sum(len(row) for row in graph.adj) // 2
    if two_camps:
        return ties <= lp.TWO_CAMP_MAX_TIES
    return (relaxed is None or relaxed.complete) and ties <= lp.MULTICUT_MAX_TIES


def _past_the_cap(graph: SignedGraph) -> bool:
    """Whether the relaxation would stop at its row cap with a bound below the cycle
    packing's: a nearly complete component of over 2,000 ties (72 actors, every pair tied:
    184 against the packing's 296, 0.3 s for nothing; 60 actors: it completes, 210 against
    203)."""
    n = len(graph.nodes)
    ties = sum(len(row) for row in graph.adj) // 2
    return ties > 2_000 and 8 * ties >= 3 * n * (n - 1)


def _search_first(graph: SignedGraph) -> bool:
    """Whether the search, not the integer program, should close this component's gap.

    On small dense components (30% of pairs tied or more) the search is the faster of the
    two (uniform random weights: 16-22 actors proven in 0.01-1 s, where the program spends
    its whole second and proves nothing; 25-32 actors with 45% of pairs tied: the program
    under its node budget 3-17 s, the search 1 s); on sparse ones the program closes small
    gaps in milliseconds.
    """
    n = len(graph.nodes)
    ties = sum(len(row) for row in graph.adj) // 2
    return n <= SEARCH_FIRST_ACTORS and 10 * ties >= 3 * n * (n - 1) / 2


def _proven(
    graph: SignedGraph, limit: int, result: programs.LPResult, lower: float
) -> Stage | None:
    """The program's partition, if it reaches the program's lower bound (so is optimal)."""
    if result.partition is None or len(set(result.partition)) > limit:
        return None
    bound = max(lower, result.bound)
    cost = graph.cost(result.partition)
    if cost <= bound + 1e-6 * max(1.0, bound):
        return Stage(relabel(result.partition), cost, cost, True)
    return None


def _settle(
    graph: SignedGraph,
    limit: int,
    result: programs.LPResult,
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
    if integral_weights(graph):
        bound = max(bound, math.ceil(bound - 1e-6))
    if upper <= bound + 1e-9:
        return Stage(camp_of, upper, upper, True)
    return Stage(camp_of, upper, bound, False)


def relaxation_applies(graph: SignedGraph, settings: Settings) -> bool:
    """Whether the LP stage can settle this component: HiGHS present, size and limit fit."""
    if settings.camps_limit == 1:
        return False
    if sum(len(row) for row in graph.adj) // 2 > LP_MAX_TIES:
        return False
    from alliances_cli.engine.solver import programs

    return programs.available()
