"""The LP stage (engine/solver/relaxation.py): its bounds hold and its proofs are true."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from oracle import brute_force, random_ties, signed_graphs, spy

from alliances_cli.engine.solver import Edge, Settings
from alliances_cli.engine.solver.graph import SignedGraph
from alliances_cli.engine.solver.relaxation import relaxation_first, relaxation_stage


@st.composite
def dense_graphs(draw: st.DrawFn) -> tuple[list[str], dict[Edge, float]]:
    """Dense graphs of friends and foes of equal weight: where the relaxation is fractional
    and the stage must settle a gap (random weights on sparse graphs rarely leave one)."""
    n = draw(st.integers(5, 7))
    nodes = [f"a{i}" for i in range(n)]
    pairs = [(a, b) for i, a in enumerate(nodes) for b in nodes[i + 1 :]]
    signs = draw(
        st.lists(st.sampled_from([1.0, -1.0, 0.0]), min_size=len(pairs), max_size=len(pairs))
    )
    return nodes, {p: w for p, w in zip(pairs, signs, strict=True) if w}


@settings(max_examples=120, deadline=None)
@given(st.one_of(signed_graphs(max_nodes=7), dense_graphs()), st.sampled_from([None, 2, 3]))
def test_the_stage_brackets_the_optimum_and_proves_only_the_optimum(
    graph: tuple[list[str], dict[Edge, float]], limit: int | None
) -> None:
    nodes, weights = graph
    signed = SignedGraph(nodes, weights)
    camp_of, upper, lower, optimal = relaxation_first(signed, Settings(limit))
    best = brute_force(nodes, weights, limit)
    assert limit is None or len(set(camp_of)) <= limit
    assert abs(signed.cost(camp_of) - upper) < 1e-9  # the cost it states is its partition's
    assert lower - 1e-9 <= best <= upper + 1e-9
    if optimal:
        assert abs(upper - best) < 1e-9 and abs(lower - upper) < 1e-9
    # From a poor start (everyone together) the bound must still hold, and an optimum be
    # claimed only when the stage found one: the heuristic cannot hide a bound too high.
    together = [0] * len(nodes)
    camp_of, upper, lower, optimal = relaxation_stage(signed, Settings(limit), 0.0, together)
    assert abs(signed.cost(camp_of) - upper) < 1e-9
    assert lower - 1e-9 <= best <= upper + 1e-9
    assert not optimal or abs(upper - best) < 1e-9


def test_a_frustrated_square_is_proven_at_its_weakest_tie() -> None:
    # a-b, b-c, c-d allies, a-d enemies: one tie is frustrated, the weakest (0.3).
    weights = {("a", "b"): 1.0, ("b", "c"): 0.3, ("c", "d"): 1.0, ("a", "d"): -1.0}
    camp_of, upper, lower, optimal = relaxation_first(
        SignedGraph(["a", "b", "c", "d"], weights), Settings(None)
    )
    assert optimal and abs(upper - 0.3) < 1e-9 and abs(lower - 0.3) < 1e-9
    assert camp_of[0] == camp_of[1] != camp_of[2] == camp_of[3]


def test_a_relaxation_cut_short_runs_no_program_from_nothing(monkeypatch) -> None:
    """Past its row cap the relaxation hands on no cuts; an integer program from nothing
    spent half a second per dense theater and proved nothing (issue 34: `show` on 90 dense
    actors 6.2 -> 4.8 s). Under a time limit the program still gets the clock."""
    from alliances_cli.engine.solver import programs

    nodes = [f"a{i:02d}" for i in range(45)]
    weights = {
        (a, b): (1.0 if (i * 7 + j * 3) % 5 < 2 else -1.0)
        for i, a in enumerate(nodes)
        for j, b in enumerate(nodes)
        if i < j
    }
    monkeypatch.setattr(programs, "LP_MAX_ROWS", 50)
    ran = spy(monkeypatch, programs, "multicut_program")
    graph = SignedGraph(nodes, weights)
    camp_of, upper, lower, optimal = relaxation_first(graph, Settings(None))
    assert not ran and not optimal and lower <= upper
    assert abs(graph.cost(camp_of) - upper) < 1e-9
    relaxation_first(graph, Settings(None, time_limit=0.5).started())
    assert ran


def test_without_a_deadline_the_integer_program_answers_the_same_on_a_slow_clock(
    monkeypatch,
) -> None:
    """Its budget counts branch-and-bound nodes and rounds, not seconds: a limit of 0.5 s
    gave two processes of one `robust` run different partitions of the same view."""
    import time

    from alliances_cli.engine.solver import programs

    graph = SignedGraph(*random_ties(18, 60, 5, (-1.0, -0.6, 0.3, 0.6, 1.0)))
    first = programs.multicut_program(graph.adj, ())
    real = time.monotonic
    ticks = iter(range(10**6))
    monkeypatch.setattr(time, "monotonic", lambda: real() + 0.3 * next(ticks))
    slow = programs.multicut_program(graph.adj, ())
    assert first is not None and slow is not None
    assert (first.bound, first.partition, first.proven) == (slow.bound, slow.partition, slow.proven)


def test_a_nearly_complete_component_past_2000_ties_skips_the_capped_relaxation(
    monkeypatch,
) -> None:
    """Its relaxation would stop at the row cap below the cycle packing's bound (issue 34);
    under a time limit the cap is lifted and it runs."""
    from alliances_cli.engine.solver import programs

    rng = random.Random(2)
    nodes = [f"a{i:02d}" for i in range(66)]
    weights = {
        (a, b): rng.choice([-1.0, -0.5, 0.5, 1.0])
        for i, a in enumerate(nodes)
        for b in nodes[i + 1 :]
    }
    called = spy(monkeypatch, programs, "lp_bound")
    graph = SignedGraph(nodes, weights)
    camp_of, upper, lower, optimal = relaxation_first(graph, Settings(None))
    assert not called and not optimal and 0 < lower <= upper
    assert abs(graph.cost(camp_of) - upper) < 1e-9
    relaxation_first(graph, Settings(None, time_limit=1.0).started())
    assert called


def test_without_a_deadline_the_integer_program_runs_on_small_components_only(
    monkeypatch,
) -> None:
    """A node of a 1,200-tie program takes 0.2 s: past MULTICUT_MAX_TIES it runs only
    under a time limit (400 actors took 11 s with it, 1.2 s without)."""
    from alliances_cli.engine.solver import programs

    graph = SignedGraph(*random_ties(30, 100, 2))
    calls = spy(monkeypatch, programs, "multicut_program")
    assert relaxation_stage(graph, Settings(None), 0.0, None).optimal and calls
    calls.clear()
    monkeypatch.setattr(programs, "MULTICUT_MAX_TIES", 99)
    camp_of, upper, lower, _ = relaxation_stage(graph, Settings(None), 0.0, None)
    assert not calls and lower <= upper and abs(graph.cost(camp_of) - upper) < 1e-9
    # A narrow gap it closes at any size (the dense 90 actors' overall view: 3,446 ties).
    from alliances_cli.engine.solver import relaxation

    monkeypatch.setattr(relaxation, "NARROW_GAP", 1.0)
    relaxation_stage(graph, Settings(None), 0.0, None)
    assert calls
    calls.clear()
    monkeypatch.setattr(relaxation, "NARROW_GAP", 0.01)
    relaxation_stage(graph, Settings(None, time_limit=5.0).started(), 0.0, None)
    assert calls


def test_without_a_deadline_the_two_camp_program_runs_on_small_components_only(
    monkeypatch,
) -> None:
    """On 150 actors and 450 ties its nodes took 10 s for a bound below the cut
    relaxation's: past TWO_CAMP_MAX_TIES it does not run without a time limit, and under one
    branch and cut runs instead."""
    from alliances_cli.engine.solver import programs

    graph = SignedGraph(*random_ties(60, 200, 1))
    calls = spy(monkeypatch, programs, "two_camp_program")
    monkeypatch.setattr(programs, "TWO_CAMP_NODES", 5)  # whether it runs is what counts here
    relaxation_stage(graph, Settings(2), 0.0, None)
    assert calls
    calls.clear()
    monkeypatch.setattr(programs, "TWO_CAMP_MAX_TIES", 199)
    camp_of, upper, lower, _ = relaxation_stage(graph, Settings(2), 0.0, None)
    assert not calls and lower <= upper and abs(graph.cost(camp_of) - upper) < 1e-9
    # Under a time limit, past the search's sizes, branch and cut takes the program's place.
    from alliances_cli.engine.solver import relaxation

    cuts = spy(monkeypatch, relaxation, "branch_and_cut")
    relaxation_stage(graph, Settings(2, time_limit=0.3).started(), 0.0, None)
    assert cuts and not calls


def test_two_camps_on_a_sparse_component_get_the_cutting_planes_and_a_dense_one_does_not(
    monkeypatch,
) -> None:
    """Past 100 actors (here 40) with under 4 ties an actor, the cut relaxation is solved by
    the cutting planes (the dense separation stopped at its row cap with a weaker bound, in
    more time); a dense component, or a smaller one, keeps the dense separation."""
    from alliances_cli.engine.solver import cutting, programs, relaxation

    stances = (-1.0, -0.5, 0.3, 0.8)
    for actors, ties, sparse in ((41, 100, True), (41, 180, False), (30, 60, False)):
        graph = SignedGraph(*random_ties(actors, ties, 2, stances))
        cut = spy(monkeypatch, cutting, "relax")
        dense = spy(monkeypatch, programs, "lp_bound")
        monkeypatch.setattr(programs, "TWO_CAMP_NODES", 5)  # which relaxation ran is the point
        monkeypatch.setattr(relaxation, "CUT_FROM_ACTORS", 40)  # small graphs, the same rule
        camp_of, upper, lower, _ = relaxation_stage(graph, Settings(2), 0.0, None)
        assert bool(cut) is sparse and bool(dense) is not sparse
        assert lower <= upper + 1e-9 and abs(graph.cost(camp_of) - upper) < 1e-9
        monkeypatch.undo()
