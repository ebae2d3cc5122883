"""The coalition solver: optimal against brute force, and the textbook cases of balance."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oracle import brute_force, labels, signed_graphs

from alliances_cli.engine.solver import Edge, Settings, frustration, solve


@settings(max_examples=300, deadline=None)
@given(signed_graphs(), st.sampled_from([None, 1, 2, 3]))
def test_exact_solver_matches_brute_force(
    graph: tuple[list[str], dict[Edge, float]], limit: int | None
) -> None:
    nodes, weights = graph
    solution = solve(nodes, weights, Settings(limit))
    assert solution.optimal
    assert solution.frustration == pytest.approx(brute_force(nodes, weights, limit))
    assert sorted(n for camp in solution.camps for n in camp) == sorted(nodes)
    assert solution.frustration == pytest.approx(frustration(labels(solution.camps), weights))
    if limit is not None:
        assert len(solution.camps) <= limit


@contextmanager
def _without_highs() -> Iterator[None]:
    """The search alone: HiGHS unavailable, and no solution remembered from a run with it."""
    from unittest import mock

    from alliances_cli.engine.memo import clear_all
    from alliances_cli.engine.solver import programs

    clear_all()
    try:
        with mock.patch.object(programs, "available", return_value=False):
            yield
    finally:
        clear_all()


@settings(max_examples=200, deadline=None)
@given(
    signed_graphs(max_nodes=8),
    st.sampled_from([None, 2, 3]),
    st.floats(-1, 1).filter(lambda w: w != 0),
)
def test_the_search_alone_matches_brute_force(
    graph: tuple[list[str], dict[Edge, float]], limit: int | None, extra: float
) -> None:
    nodes, weights = graph
    # Dense and unevenly weighted, so that the heuristic and the cycle bound leave gaps.
    weights = {**{(a, b): extra for i, a in enumerate(nodes) for b in nodes[i + 1 :]}, **weights}
    with _without_highs():
        solution = solve(nodes, weights, Settings(limit))
        assert solution.optimal
        assert solution.frustration == pytest.approx(brute_force(nodes, weights, limit))
        assert solution.frustration == pytest.approx(frustration(labels(solution.camps), weights))


@settings(max_examples=200, deadline=None)
@given(signed_graphs(max_nodes=8), st.sampled_from([None, 2, 3]), st.booleans())
def test_the_search_finds_the_optimum_from_the_worst_start(
    graph: tuple[list[str], dict[Edge, float]], limit: int | None, together: bool
) -> None:
    # Started from everyone in one camp, or (within the limit) as apart as possible, the search
    # itself must find the optimum: the heuristic cannot have done the work.
    from alliances_cli.engine.solver.graph import SignedGraph
    from alliances_cli.engine.solver.search import branch_and_bound

    nodes, weights = graph
    search_graph = SignedGraph(nodes, weights)
    start = [0 if together else i % (limit or len(nodes)) for i in range(len(nodes))]
    camp_of, cost, bound, optimal = branch_and_bound(
        search_graph, Settings(limit, node_budget=1_000_000), start, search_graph.cost(start)
    )
    assert optimal and bound == cost
    assert cost == pytest.approx(brute_force(nodes, weights, limit))
    assert cost == pytest.approx(search_graph.cost(camp_of))
    assert len(set(camp_of)) <= (limit or len(nodes))


@settings(max_examples=200, deadline=None)
@given(
    signed_graphs(max_nodes=12),
    st.sampled_from([None, 2, 3]),
    st.lists(st.integers(0, 11), min_size=12, max_size=12),
)
def test_local_search_ends_where_no_single_move_helps(
    graph: tuple[list[str], dict[Edge, float]], limit: int | None, start: list[int]
) -> None:
    from alliances_cli.engine.solver.graph import SignedGraph
    from alliances_cli.engine.solver.heuristic import local_search

    nodes, weights = graph
    g = SignedGraph(nodes, weights)
    first = [c % (limit or len(nodes)) for c in start[: len(nodes)]]
    camp_of = local_search(g, first, limit)
    cost = g.cost(camp_of)
    camps = set(camp_of)
    for v in range(len(nodes)):
        others = camps - {camp_of[v]}
        if limit is None or len(camps) < limit:
            others.add(max(camps) + 1)
        for c in others:
            moved = [c if u == v else camp_of[u] for u in range(len(nodes))]
            assert g.cost(moved) >= cost - 1e-9


@settings(max_examples=200, deadline=None)
@given(signed_graphs(max_nodes=12), st.lists(st.integers(0, 11), min_size=12, max_size=12))
def test_merging_camps_lowers_frustration_until_no_merger_helps(
    graph: tuple[list[str], dict[Edge, float]], start: list[int]
) -> None:
    from alliances_cli.engine.solver.graph import SignedGraph
    from alliances_cli.engine.solver.heuristic import merge_camps

    nodes, weights = graph
    g = SignedGraph(nodes, weights)
    camp_of, merged = start[: len(nodes)], True
    while merged:
        before = g.cost(camp_of)
        camp_of, merged = merge_camps(g, camp_of)
        assert g.cost(camp_of) <= before + 1e-9
    cost = g.cost(camp_of)
    for a in set(camp_of):
        for b in set(camp_of) - {a}:
            assert g.cost([a if c == b else c for c in camp_of]) >= cost - 1e-9


def test_exhausted_budget_reports_a_heuristic_with_a_valid_bound() -> None:
    import random

    rng = random.Random(7)
    nodes = [f"n{i}" for i in range(16)]
    weights = {(a, b): rng.uniform(-1, 1) for i, a in enumerate(nodes) for b in nodes[i + 1 :]}
    full = solve(nodes, weights)
    cut = solve(nodes, weights, Settings(node_budget=10))
    assert full.optimal
    # Whichever stage settles it (HiGHS may prove it before the search runs), what is reported
    # holds: a real partition, its true cost, a bound below the optimum, optimal only if it is.
    assert cut.lower_bound <= full.frustration + 1e-9 <= cut.frustration + 1e-9
    assert cut.frustration == pytest.approx(frustration(labels(cut.camps), weights))
    assert not cut.optimal or cut.frustration == pytest.approx(full.frustration)
    # A sparse view that the bounds settle without the search: proven, its bound its cost.
    camp = {n: rng.randrange(3) for n in nodes}
    sparse = {}
    while len(sparse) < 30:
        a, b = sorted(rng.sample(nodes, 2))
        sparse[(a, b)] = (1.0 if camp[a] == camp[b] else -1.0) * rng.uniform(0.2, 1)
    proven = solve(nodes, sparse, Settings(node_budget=10))
    assert proven.optimal and proven.lower_bound == pytest.approx(proven.frustration)
    assert proven.frustration == pytest.approx(frustration(labels(proven.camps), sparse))


@pytest.mark.parametrize("budget", [10, 1_000, 20_000])
def test_a_search_cut_short_keeps_a_valid_bound_and_a_real_partition(budget: int) -> None:
    import random

    rng = random.Random(7)
    nodes = [f"n{i}" for i in range(16)]
    weights = {(a, b): rng.uniform(-1, 1) for i, a in enumerate(nodes) for b in nodes[i + 1 :]}
    with _without_highs():
        full = solve(nodes, weights)
        cut = solve(nodes, weights, Settings(node_budget=budget))
    assert full.optimal
    if budget == 10:
        assert not cut.optimal
    assert cut.lower_bound <= full.frustration + 1e-9 <= cut.frustration + 1e-9
    assert cut.frustration == pytest.approx(frustration(labels(cut.camps), weights))
    assert sorted(n for camp in cut.camps for n in camp) == sorted(nodes)


@settings(max_examples=200, deadline=None)
@given(signed_graphs(max_nodes=9), st.sampled_from([None, 2]))
def test_heuristic_never_beats_the_exact_optimum_and_its_bound_holds(
    graph: tuple[list[str], dict[Edge, float]], limit: int | None
) -> None:
    nodes, weights = graph
    exact = solve(nodes, weights, Settings(limit))
    heuristic = solve(nodes, weights, Settings(limit, exact=False))
    assert heuristic.frustration >= exact.frustration - 1e-9
    assert heuristic.lower_bound <= exact.frustration + 1e-9
    assert heuristic.frustration == pytest.approx(frustration(labels(heuristic.camps), weights))


@settings(max_examples=100, deadline=None)
@given(signed_graphs(max_nodes=8), st.randoms(use_true_random=False))
def test_frustration_does_not_depend_on_actor_names(
    graph: tuple[list[str], dict[Edge, float]], rng: object
) -> None:
    nodes, weights = graph
    shuffled = list(nodes)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    rename = {old: f"z{new}" for old, new in zip(nodes, shuffled, strict=True)}
    renamed = {(rename[a], rename[b]): w for (a, b), w in weights.items()}
    before = solve(nodes, weights)
    after = solve(list(rename.values()), renamed)
    assert after.frustration == pytest.approx(before.frustration)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.integers(0, 3), min_size=2, max_size=12),
    st.lists(st.floats(0.1, 1.0), min_size=66, max_size=66),
    st.lists(st.booleans(), min_size=66, max_size=66),
)
def test_balanced_graph_has_zero_frustration_and_its_camps_are_the_sign_components(
    camp_of: list[int], strengths: list[float], present: list[bool]
) -> None:
    nodes = [f"n{i}" for i in range(len(camp_of))]
    weights: dict[Edge, float] = {}
    k = 0
    for i in range(len(nodes)):
        for j in range(i + 1, len(nodes)):
            if present[k % 66]:
                sign = 1 if camp_of[i] == camp_of[j] else -1
                weights[(nodes[i], nodes[j])] = sign * strengths[k % 66]
            k += 1
    solution = solve(nodes, weights)
    assert solution.frustration == 0 and solution.optimal
    # Sign components: connected through positive ties.
    parent = {n: n for n in nodes}

    def find(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x

    for (a, b), w in weights.items():
        if w > 0:
            parent[find(a)] = find(b)
    components: dict[str, set[str]] = {}
    for n in nodes:
        components.setdefault(find(n), set()).add(n)
    assert sorted(map(sorted, components.values())) == sorted(map(sorted, solution.camps))


def test_all_negative_triangle_splits_into_three_singletons() -> None:
    weights = {("a", "b"): -1.0, ("b", "c"): -0.5, ("a", "c"): -0.8}
    solution = solve(["a", "b", "c"], weights)
    assert sorted(solution.camps) == [("a",), ("b",), ("c",)]
    assert solution.frustration == 0
    two = solve(["a", "b", "c"], weights, Settings(2))
    assert two.frustration == pytest.approx(0.5) and two.optimal


def test_one_negative_triangle_is_frustrated_by_its_weakest_tie() -> None:
    weights = {("a", "b"): 1.0, ("b", "c"): 0.9, ("a", "c"): -0.3}
    solution = solve(["a", "b", "c"], weights)
    assert solution.frustration == pytest.approx(0.3)
    assert solution.camps == (("a", "b", "c"),)


def test_same_input_same_partition() -> None:
    # Solved afresh each time (no cache), with the nodes and ties given in other orders.
    from alliances_cli.engine.memo import clear_all

    weights = {("a", "b"): 1.0, ("b", "c"): -1.0, ("c", "d"): 1.0, ("a", "d"): -1.0}
    orders = [["d", "c", "b", "a"], ["a", "b", "c", "d"], ["c", "a", "d", "b"]]
    runs = set()
    for nodes in orders:
        for ties in (weights, dict(reversed(list(weights.items())))):
            clear_all()
            runs.add(solve(nodes, ties).camps)
    assert len(runs) == 1


@settings(max_examples=120, deadline=None)
@given(signed_graphs(max_nodes=7), st.booleans())
def test_lp_relaxation_is_a_lower_bound_and_integral_solutions_are_optimal(
    graph: tuple[list[str], dict[Edge, float]], two_camps: bool
) -> None:
    from alliances_cli.engine.solver import programs as lp
    from alliances_cli.engine.solver.graph import SignedGraph

    pytest.importorskip("highspy")
    nodes, weights = graph
    structure = SignedGraph(nodes, weights)
    optimum = brute_force(nodes, weights, 2 if two_camps else None)
    result = lp.lp_bound(structure.adj, two_camps=two_camps)
    assert result is not None
    assert result.bound <= optimum + 1e-6
    if result.partition is not None:
        assert structure.cost(result.partition) == pytest.approx(optimum)
        assert not two_camps or set(result.partition) <= {0, 1}


@settings(max_examples=60, deadline=None)
@given(signed_graphs(max_nodes=9), st.booleans())
def test_dense_and_sparse_cycle_separation_reach_the_same_relaxation(
    graph: tuple[list[str], dict[Edge, float]], two_camps: bool
) -> None:
    """Both separations add violated cycle inequalities until none is left: same optimum."""
    from alliances_cli.engine.solver import programs as lp
    from alliances_cli.engine.solver.graph import SignedGraph

    pytest.importorskip("highspy")
    nodes, weights = graph
    structure = SignedGraph(nodes, weights)
    dense = lp.lp_bound(structure.adj, two_camps=two_camps)
    saved = lp.DENSE_STATES
    lp.DENSE_STATES = 0
    try:
        sparse = lp.lp_bound(structure.adj, two_camps=two_camps)
    finally:
        lp.DENSE_STATES = saved
    assert dense is not None and sparse is not None
    assert dense.bound == pytest.approx(sparse.bound, abs=1e-6)


@settings(max_examples=120, deadline=None)
@given(signed_graphs(max_nodes=7))
def test_two_camp_integer_program_finds_the_optimum(
    graph: tuple[list[str], dict[Edge, float]],
) -> None:
    from alliances_cli.engine.solver import programs as lp
    from alliances_cli.engine.solver.graph import SignedGraph

    pytest.importorskip("highspy")
    nodes, weights = graph
    structure = SignedGraph(nodes, weights)
    result = lp.two_camp_program(structure.adj)
    assert result is not None and result.proven and result.partition is not None
    assert set(result.partition) <= {0, 1}
    assert structure.cost(result.partition) == pytest.approx(brute_force(nodes, weights, 2))


@settings(max_examples=120, deadline=None)
@given(signed_graphs(max_nodes=7))
def test_multicut_integer_program_finds_the_optimum(
    graph: tuple[list[str], dict[Edge, float]],
) -> None:
    from alliances_cli.engine.solver import programs as lp
    from alliances_cli.engine.solver.graph import SignedGraph

    pytest.importorskip("highspy")
    nodes, weights = graph
    structure = SignedGraph(nodes, weights)
    relaxation = lp.lp_bound(structure.adj, two_camps=False)
    assert relaxation is not None
    result = lp.multicut_program(structure.adj, relaxation.cuts)
    assert result is not None and result.proven and result.partition is not None
    optimum = brute_force(nodes, weights, None)
    assert structure.cost(result.partition) == pytest.approx(optimum)
    assert result.bound == pytest.approx(optimum)


FORKED_PROGRAMS = """
import multiprocessing, random, sys
from alliances_cli.engine.solver import programs as lp
from alliances_cli.engine.solver.graph import SignedGraph

def program(seed):
    rng = random.Random(seed)
    nodes = [f"n{i}" for i in range(14)]
    weights = {(a, b): rng.uniform(-1, 1) for i, a in enumerate(nodes) for b in nodes[i + 1:]}
    graph = SignedGraph(nodes, weights)
    return lp.multicut_program(graph.adj, lp.lp_bound(graph.adj, False).cuts).proven

assert program(1)  # the parent uses HiGHS first, as a sweep's baseline does
with multiprocessing.get_context("fork").Pool(2) as pool:
    assert all(pool.map(program, range(4)))
print("done")
"""


def test_integer_programs_still_run_in_processes_forked_after_one_ran() -> None:
    """A sweep forks its workers after the baseline used HiGHS; they must not wait for ever."""
    import subprocess
    import sys

    pytest.importorskip("highspy")
    done = subprocess.run(
        [sys.executable, "-c", FORKED_PROGRAMS], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "done"


def test_a_program_handing_back_its_starting_partition_proves_nothing() -> None:
    """Found by hypothesis: HiGHS settled this in presolve and returned the start (1.35) with
    the optimum's value (0.5); the solver once called the start optimal."""
    nodes = [f"a{i}" for i in range(7)]
    weights = {
        ("a0", "a2"): 0.5,
        ("a0", "a5"): 0.25,
        ("a0", "a6"): 0.5,
        ("a1", "a5"): -1.0,
        ("a1", "a6"): -1.0,
        ("a2", "a4"): 0.25,
        ("a2", "a5"): -0.25,
        ("a3", "a5"): -1.0,
        ("a3", "a6"): -0.6,
        ("a4", "a6"): -1.0,
        ("a5", "a6"): -1.0,
    }
    solution = solve(nodes, weights, Settings(3))
    assert solution.optimal
    assert solution.frustration == pytest.approx(brute_force(nodes, weights, 3)) == 0.5
