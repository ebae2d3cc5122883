"""The exact search's compiled loop answers exactly as the Python loop does.

Both loops visit the same nodes in the same order with the same floating-point sums, so the
partition, its cost, the bound and whether it is proven are equal, also when a node budget
stops the search half way. The compiled loop is optional (Numba); these tests need it.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliances_cli.engine.solver import Edge, Settings, search_kernel, solve
from alliances_cli.engine.solver import search as doll
from alliances_cli.engine.solver.graph import SignedGraph
from alliances_cli.engine.solver.search import branch_and_bound

pytestmark = pytest.mark.skipif(
    not search_kernel.installed(), reason="the compiled search needs Numba (alliances[fast])"
)


@st.composite
def weighted_graphs(draw: st.DrawFn) -> tuple[list[str], dict[Edge, float]]:
    n = draw(st.integers(1, 11))
    nodes = [f"a{i}" for i in range(n)]
    weights: dict[Edge, float] = {}
    for i in range(n):
        for j in range(i + 1, n):
            w = draw(
                st.one_of(
                    st.sampled_from([0.0, 0.0, -1.0, -0.3, 0.1, 0.3, 1.0]),
                    st.floats(-1, 1, allow_nan=False),
                )
            )
            if w:
                weights[(nodes[i], nodes[j])] = w
    return nodes, weights


@settings(max_examples=300, deadline=None)
@given(
    weighted_graphs(),
    st.sampled_from([None, 1, 2, 3]),
    st.sampled_from([5, 40, 300, 1_000_000]),
    st.lists(st.integers(0, 10), min_size=11, max_size=11),
)
def test_the_compiled_search_gives_what_the_python_search_gives(
    graph: tuple[list[str], dict[Edge, float]],
    limit: int | None,
    budget: int,
    start: list[int],
) -> None:
    nodes, weights = graph
    search_graph = SignedGraph(nodes, weights)
    camps = limit or len(nodes)
    incumbent = [c % camps for c in start[: len(nodes)]]
    upper = search_graph.cost(incumbent)
    python = branch_and_bound(
        search_graph, Settings(limit, node_budget=budget), incumbent, upper, compiled=False
    )
    compiled = branch_and_bound(
        search_graph, Settings(limit, node_budget=budget), incumbent, upper, compiled=True
    )
    assert compiled == python
    assert compiled.bound <= compiled.cost + 1e-9


def _uniform(n: int, seed: int) -> tuple[list[str], dict[Edge, float]]:
    import random

    rng = random.Random(seed)
    nodes = [f"u{i:02d}" for i in range(n)]
    return nodes, {(a, b): rng.uniform(-1, 1) for i, a in enumerate(nodes) for b in nodes[i + 1 :]}


def test_a_long_search_moves_to_the_compiled_loop_with_the_same_answer() -> None:
    nodes, weights = _uniform(20, 0)
    graph = SignedGraph(nodes, weights)
    start = [0] * len(nodes)
    python = branch_and_bound(
        graph, Settings(None, node_budget=10**9), start, graph.cost(start), compiled=False
    )
    automatic = branch_and_bound(graph, Settings(None, node_budget=10**9), start, graph.cost(start))
    timed = branch_and_bound(
        graph, Settings(node_budget=10**9, deadline=time.monotonic() + 60), start, graph.cost(start)
    )
    assert automatic == timed == python and python.optimal
    # The Python loop alone would have handed this search over.
    problem = doll.Problem(
        graph.adj,
        len(nodes),
        doll.search_order(graph.adj),
        [0.0] * (len(nodes) + 1),
        start,
        graph.cost(start),
        10**9,
        None,
    )
    assert doll._python(problem, hand_over=doll.HAND_OVER_NODES) is None


def test_a_time_limit_stops_the_compiled_search_with_its_best_partition_and_bound() -> None:
    nodes, weights = _uniform(40, 0)
    started = time.monotonic()
    solution = solve(nodes, weights, Settings(time_limit=1.0))
    elapsed = time.monotonic() - started
    assert not solution.optimal and 0 < solution.lower_bound < solution.frustration
    assert elapsed < 5  # stopped near its limit, not run to the end (which takes hours)


@pytest.mark.parametrize("budget", [1_000, 2_000])
def test_a_search_stopped_on_the_whole_order_returns_the_same_better_partition_both_ways(
    budget: int,
) -> None:
    # Stopped after it improved on a poor start but before it proved anything: both loops
    # hand back the same partition, node by node (the compiled loop works by search depth).
    nodes, weights = _uniform(18, 1)
    graph = SignedGraph(nodes, weights)
    start = [0] * len(nodes)
    upper = graph.cost(start)
    python = branch_and_bound(
        graph, Settings(None, node_budget=budget), start, upper, compiled=False
    )
    compiled = branch_and_bound(
        graph, Settings(None, node_budget=budget), start, upper, compiled=True
    )
    assert not python.optimal and python.cost < upper
    assert compiled == python
    assert graph.cost(compiled.partition) == pytest.approx(compiled.cost)


def test_out_of_time_the_search_packs_no_more_suffix_bounds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Its suffixes' cycle packings ran past the deadline (`show --camps 2 --time-limit 10`
    on 300 actors took 45 s): once the time is out, the rest are bounded by 0 and the search
    stops with the partition it was given."""
    from oracle import random_ties, spy

    nodes, weights = random_ties(30, 120, 4)
    graph = SignedGraph(nodes, weights)
    packed = spy(monkeypatch, doll, "cycle_bound")
    late = Settings(None, time_limit=0.001).started()
    time.sleep(0.01)
    start = list(range(len(nodes)))
    found = branch_and_bound(graph, late, start, graph.cost(start))
    assert not packed and found.cost <= graph.cost(start) + 1e-9
    branch_and_bound(graph, Settings(None), start, graph.cost(start))
    assert packed
