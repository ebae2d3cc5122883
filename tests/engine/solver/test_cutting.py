"""Cutting planes at scale (engine/solver/cutting.py, separation.py): bounds that hold, proofs
that are true, and a separation that misses no violated inequality."""

from __future__ import annotations

import itertools
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oracle import brute_force, signed_graphs

from alliances_cli.engine.solver import Edge, Settings, solve
from alliances_cli.engine.solver.graph import SignedGraph
from alliances_cli.engine.solver.records import Stage

pytest.importorskip("highspy")

from alliances_cli.engine.solver import cutting, separation
from alliances_cli.engine.solver import programs as lp


@settings(max_examples=120, deadline=None)
@given(signed_graphs(max_nodes=8), st.booleans(), st.integers(1, 4))
def test_every_round_bounds_the_optimum_and_an_integral_end_is_the_optimum(
    graph: tuple[list[str], dict[Edge, float]], two_camps: bool, rounds: int
) -> None:
    nodes, weights = graph
    structure = SignedGraph(nodes, weights)
    optimum = brute_force(nodes, weights, 2 if two_camps else None)
    for cap in (rounds, cutting.MAX_ROUNDS):  # cut short, and to the end
        relaxed = cutting.relax(structure.adj, two_camps, max_rounds=cap)
        assert relaxed is not None
        assert relaxed.bound <= optimum + 1e-6
        if relaxed.partition is not None:
            assert structure.cost(relaxed.partition) == pytest.approx(optimum)
            assert not two_camps or set(relaxed.partition) <= {0, 1}
    assert relaxed.converged
    # Run to the end, the cuts reach the relaxation of programs.py, which adds every
    # violated inequality its own way.
    reference = lp.lp_bound(structure.adj, two_camps)
    assert reference is not None
    assert relaxed.bound == pytest.approx(reference.bound, abs=1e-6)


def _cuts_hold_for_every_partition(n: int, edges: list[tuple[int, int, float]], cuts: list) -> None:
    for sides in itertools.product((0, 1), repeat=n):
        x = [float(sides[i] != sides[j]) for i, j, _ in edges]
        for ties, coefficients, upper in cuts:
            assert sum(c * x[k] for k, c in zip(ties, coefficients, strict=True)) <= upper + 1e-9


@settings(max_examples=150, deadline=None)
@given(
    signed_graphs(max_nodes=8),
    st.booleans(),
    st.lists(st.sampled_from([0.0, 1.0, 0.5, 0.25, 0.75, 0.1]), min_size=28, max_size=28),
)
def test_shortest_path_separation_finds_a_cut_exactly_when_one_is_violated(
    graph: tuple[list[str], dict[Edge, float]], two_camps: bool, values: list[float]
) -> None:
    """Against the Floyd-Warshall separation of programs.py, at points of every kind: each
    cut found is violated there and holds for every partition (two camps: every cut)."""
    import numpy as np

    nodes, weights = graph
    structure = SignedGraph(nodes, weights)
    edges = [(i, j, w) for i, row in enumerate(structure.adj) for j, w in row if i < j]
    if not edges:
        return
    x = np.array(values[: len(edges)])
    ties = separation.Ties(len(nodes), edges)
    found = separation.path_cuts(ties, x, two_camps)
    dense = (
        lp._violated_two_camps_dense(edges, len(nodes), x)
        if two_camps
        else lp._violated_dense(edges, len(nodes), x)
    )
    assert bool(found) == bool(dense)
    for cut_ties, coefficients, upper in found + separation.triangle_cuts(ties, x, two_camps):
        assert len(set(cut_ties)) == len(cut_ties)
        assert sum(c * x[k] for k, c in zip(cut_ties, coefficients, strict=True)) > upper
    if two_camps:
        _cuts_hold_for_every_partition(len(nodes), edges, found)


def test_a_relaxation_cut_short_bounds_by_its_last_program_not_by_the_constant(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """HiGHS resets its objective to 0 when rows are added: a relaxation stopped after adding
    them once reported the sum of the negative weights (here 2.5) as its bound."""
    weights = {("a", "b"): -1.0, ("b", "c"): -1.0, ("a", "c"): -0.5, ("c", "d"): 1.0}
    nodes = ["a", "b", "c", "d"]
    structure = SignedGraph(nodes, weights)
    optimum = brute_force(nodes, weights, 2)
    monkeypatch.setattr(lp, "MAX_ROUNDS", 1)
    result = lp.lp_bound(structure.adj, two_camps=True)
    assert result is not None and result.partition is None
    assert result.bound <= optimum + 1e-9


def test_an_integer_program_out_of_time_claims_no_bound_it_did_not_prove() -> None:
    weights = {("a", "b"): -1.0, ("b", "c"): -1.0, ("a", "c"): -1.0}
    structure = SignedGraph(["a", "b", "c"], weights)
    result = lp.multicut_program(structure.adj, (), deadline=time.monotonic() - 1)
    assert result is not None and result.bound <= 0.0


@settings(max_examples=40, deadline=None)
@given(signed_graphs(max_nodes=8), st.sampled_from([None, 2, 3]))
def test_under_a_time_limit_large_components_get_the_cutting_planes(
    graph: tuple[list[str], dict[Edge, float]], limit: int | None
) -> None:
    """With the size threshold lowered so that these graphs count as large, the solver under
    --time-limit brackets the optimum and proves only the optimum."""
    import importlib

    from alliances_cli.engine.solver import relaxation

    solve_module = importlib.import_module("alliances_cli.engine.solver.solve")

    nodes, weights = graph
    saved = relaxation.LP_MAX_TIES, solve_module.EXACT_MAX_ACTORS
    relaxation.LP_MAX_TIES, solve_module.EXACT_MAX_ACTORS = 0, 0
    try:
        found = solve(nodes, weights, Settings(limit, time_limit=30.0))
    finally:
        relaxation.LP_MAX_TIES, solve_module.EXACT_MAX_ACTORS = saved
    best = brute_force(nodes, weights, limit)
    assert found.lower_bound - 1e-6 <= best <= found.frustration + 1e-6
    if found.optimal:
        assert found.frustration == pytest.approx(best)
    # From a poor start (everyone together) too: the stage claims an optimum only when it
    # found one.
    structure = SignedGraph(nodes, weights)
    together = [0] * len(nodes)
    start = Stage(together, structure.cost(together), 0.0, False)
    clock = Settings(limit, time_limit=30.0).started()
    camp_of, upper, lower, optimal = relaxation.cutting_stage(structure, clock, start)
    assert upper == pytest.approx(structure.cost(camp_of))
    assert upper <= start.cost + 1e-9 and (limit is None or len(set(camp_of)) <= limit)
    assert lower - 1e-6 <= best <= upper + 1e-6
    assert not optimal or upper == pytest.approx(best)


def test_the_cutting_planes_prove_a_planted_two_camp_network_of_a_thousand_actors() -> None:
    """Two camps of 500, 6,000 ties, 3% of signs flipped: past the LP stage's reach, yet
    proven in one --time-limit run, and the proof is the partition's own cost."""
    import random

    rng = random.Random(5)
    nodes = [f"n{i:04d}" for i in range(1000)]
    weights: dict[Edge, float] = {}
    while len(weights) < 6000:
        a, b = sorted(rng.sample(nodes, 2))
        same = (int(a[1:]) < 500) == (int(b[1:]) < 500)
        sign = 1.0 if same else -1.0
        weights[(a, b)] = -sign if rng.random() < 0.03 else sign
    assert not solve(nodes, weights, Settings(2)).optimal  # without the clock: no proof
    found = solve(nodes, weights, Settings(2, time_limit=60.0))
    assert found.optimal and found.lower_bound == pytest.approx(found.frustration)
    camp = {a: i for i, members in enumerate(found.camps) for a in members}
    assert found.frustration == pytest.approx(
        sum(abs(w) for (a, b), w in weights.items() if (camp[a] == camp[b]) != (w > 0))
    )


@settings(max_examples=200, deadline=None)
@given(signed_graphs(max_nodes=7), st.sampled_from([None, 2, 3]))
def test_merging_actors_into_a_dominant_ally_keeps_the_least_frustration(
    graph: tuple[list[str], dict[Edge, float]], limit: int | None
) -> None:
    from alliances_cli.engine.solver.reduce import expand, merge_dominant

    nodes, weights = graph
    structure = SignedGraph(nodes, weights)
    reduced, stands_in, constant, standing = merge_dominant(structure.adj, alone=limit is None)
    assert len(stands_in) == len(nodes) and set(stands_in) >= set(range(len(reduced)))
    # Each reduced node is one of the originals merged into it.
    assert [stands_in[u] for u in standing] == list(range(len(reduced)))
    kept = [f"r{i}" for i in range(len(reduced))]
    reduced_weights = {
        (kept[i], kept[j]): w for i, row in enumerate(reduced) for j, w in row if i < j
    }
    best = brute_force(nodes, weights, limit)
    assert brute_force(kept, reduced_weights, limit) + constant == pytest.approx(best)
    # An optimum of the reduced graph, expanded, is an optimum of the whole.
    reduced_structure = SignedGraph(kept, reduced_weights)
    found = solve(kept, reduced_weights, Settings(limit))
    camp = {a: i for i, members in enumerate(found.camps) for a in members}
    partition = expand([camp[a] for a in reduced_structure.nodes], stands_in)
    assert structure.cost(partition) == pytest.approx(best)


@settings(max_examples=60, deadline=None)
@given(signed_graphs(max_nodes=9), st.booleans(), st.integers(0, 6))
def test_a_relaxation_stopped_at_its_budget_of_cuts_still_bounds_the_optimum(
    graph: tuple[list[str], dict[Edge, float]], two_camps: bool, most: int
) -> None:
    """Without --time-limit the relaxation stops once it would hold more cuts than its
    budget (dense views); its bound stays below the optimum, and it proves no partition."""
    nodes, weights = graph
    structure = SignedGraph(nodes, weights)
    optimum = brute_force(nodes, weights, 2 if two_camps else None)
    result = lp.lp_bound(structure.adj, two_camps, max_rows=most)
    assert result is not None and result.bound <= optimum + 1e-6
    if result.partition is not None:
        assert structure.cost(result.partition) == pytest.approx(optimum)
    # The whole solver, with the budget that small, stays truthful about what it proved.
    solved = solve(nodes, weights, Settings(2 if two_camps else None))
    assert solved.lower_bound <= optimum + 1e-6 and solved.frustration >= optimum - 1e-6
    assert not solved.optimal or solved.frustration == pytest.approx(optimum)


def test_a_wide_gap_on_a_large_component_skips_the_search_only_without_a_time_limit() -> None:
    from alliances_cli.engine.solver.solve import SEARCH_MAX_ACTORS_OPEN, _beyond_budget

    n = SEARCH_MAX_ACTORS_OPEN + 1
    assert _beyond_budget(n, 100.0, 50.0, Settings())
    assert not _beyond_budget(n, 100.0, 95.0, Settings())  # a gap the search may close
    assert not _beyond_budget(n - 1, 100.0, 50.0, Settings())
    assert not _beyond_budget(n, 100.0, 50.0, Settings(time_limit=5).started())


@settings(max_examples=30, deadline=None)
@given(signed_graphs(max_nodes=8), st.booleans())
def test_the_relaxation_keeps_to_the_time_limit_and_claims_only_what_it_solved(
    graph: tuple[list[str], dict[Edge, float]], two_camps: bool
) -> None:
    """Under --time-limit the relaxation stops at the deadline with the bound of the last
    program it finished (0 before any); given time, it ends as it does without one."""
    nodes, weights = graph
    structure = SignedGraph(nodes, weights)
    past = lp.lp_bound(structure.adj, two_camps, None, time.monotonic() - 1)
    assert past is not None and past.bound == 0.0
    assert past.partition is None or not weights  # with no tie, nothing to solve
    ample = lp.lp_bound(structure.adj, two_camps, None, time.monotonic() + 60)
    free = lp.lp_bound(structure.adj, two_camps, None)
    assert ample is not None and free is not None
    assert ample.bound == pytest.approx(free.bound) and ample.partition == free.partition
    assert ample.bound <= brute_force(nodes, weights, 2 if two_camps else None) + 1e-6


@settings(max_examples=120, deadline=None)
@given(signed_graphs(max_nodes=8), st.booleans(), st.data())
def test_branching_on_a_fractional_relaxation_reaches_the_optimum(
    graph: tuple[list[str], dict[Edge, float]], two_camps: bool, data: st.DataObject
) -> None:
    """Branch and cut settles every branch on these sizes: its bound is the optimum itself
    (the relaxation's own may be below), from the start partition's cost or from none."""
    nodes, weights = graph
    structure = SignedGraph(nodes, weights)
    optimum = brute_force(nodes, weights, 2 if two_camps else None)
    n = len(nodes)
    start = data.draw(
        st.none() | st.lists(st.integers(0, 1 if two_camps else 3), min_size=n, max_size=n)
    )
    relaxed = cutting.relax(structure.adj, two_camps, start=start, branch=True)
    assert relaxed is not None and relaxed.converged
    assert relaxed.bound == pytest.approx(optimum, abs=1e-6)
    if relaxed.partition is not None:
        assert structure.cost(relaxed.partition) == pytest.approx(optimum)
        assert not two_camps or set(relaxed.partition) <= {0, 1}
    else:  # the start was optimal already
        assert start is not None and structure.cost(start) == pytest.approx(optimum)


def _stars(count: int) -> tuple[list[str], dict[Edge, float]]:
    """Stars whose three allies oppose each other, chained: the multicut relaxation ends at
    1.5 a star (each alliance at one half) against an optimum of 2."""
    weights: dict[Edge, float] = {}
    for g in range(count):
        c, a, b, d = (f"g{g:02d}{x}" for x in "cabd")
        weights |= {(c, a): 1.0, (c, b): 1.0, (c, d): 1.0, (a, b): -1.0, (a, d): -1.0}
        weights[(b, d)] = -1.0
        if g:
            weights |= {(f"g{g - 1:02d}c", c): 1.0, (f"g{g - 1:02d}a", a): 1.0}
    return sorted({x for pair in weights for x in pair}), weights


def test_branching_closes_the_gap_the_relaxation_leaves() -> None:
    nodes, weights = _stars(2)
    structure = SignedGraph(nodes, weights)
    optimum = brute_force(nodes, weights, None)
    plain = cutting.relax(structure.adj, False)
    branched = cutting.relax(structure.adj, False, branch=True)
    assert plain is not None and branched is not None
    assert plain.bound == pytest.approx(3.0) and optimum == pytest.approx(4.0)
    assert branched.converged and branched.bound == pytest.approx(optimum)
    assert branched.partition is not None
    assert structure.cost(branched.partition) == pytest.approx(optimum)


def test_branching_reaches_the_optimum_where_the_relaxation_falls_short() -> None:
    """Dense random graphs of seven actors, where the multicut relaxation is fractional about
    one time in ten: branching ends at the optimum every time, whichever way x leans."""
    import random

    fractional = 0
    for seed in range(150):
        rng = random.Random(seed)
        nodes = [f"a{i}" for i in range(7)]
        weights = {
            (a, b): rng.choice([1.0, -1.0, 0.5, -0.5])
            for a, b in itertools.combinations(nodes, 2)
            if rng.random() < 0.8
        }
        structure = SignedGraph(nodes, weights)
        optimum = brute_force(nodes, weights, None)
        plain = cutting.relax(structure.adj, False)
        assert plain is not None
        if plain.bound > optimum - 1e-6:
            continue
        fractional += 1
        branched = cutting.relax(structure.adj, False, branch=True)
        assert branched is not None and branched.converged
        assert branched.bound == pytest.approx(optimum), seed
    assert fractional >= 5


def test_branching_stopped_by_the_clock_claims_no_more_than_its_open_branches() -> None:
    """Forty stars: a branch-and-cut cut short keeps a bound between the relaxation's and
    the optimum and claims no proof."""
    nodes, weights = _stars(40)
    structure = SignedGraph(nodes, weights)
    plain = cutting.relax(structure.adj, False)
    assert plain is not None and plain.converged and plain.bound == pytest.approx(60.0)
    short = cutting.relax(structure.adj, False, deadline=time.monotonic() + 0.5, branch=True)
    assert short is not None and not short.converged and short.partition is None
    assert 60.0 - 1e-6 <= short.bound < 80.0


@settings(max_examples=60, deadline=None)
@given(signed_graphs(max_nodes=8), st.data())
def test_two_camp_branch_and_cut_proves_the_optimum_and_starts_no_worse(
    graph: tuple[list[str], dict[Edge, float]], data: st.DataObject
) -> None:
    from alliances_cli.engine.solver import relaxation

    nodes, weights = graph
    structure = SignedGraph(nodes, weights)
    n = len(nodes)
    start = data.draw(st.lists(st.integers(0, 1), min_size=n, max_size=n))
    better = relaxation.better_two_camps(structure, start, 0)
    assert set(better) <= {0, 1} and structure.cost(better) <= structure.cost(start) + 1e-9
    clock = Settings(2, time_limit=30.0).started()
    camp_of, upper, lower, optimal = relaxation.branch_and_cut(structure, clock, start, 0.0)
    assert optimal and set(camp_of) <= {0, 1}
    assert upper == pytest.approx(structure.cost(camp_of))
    assert upper == pytest.approx(brute_force(nodes, weights, 2)) == pytest.approx(lower)
