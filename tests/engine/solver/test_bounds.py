"""Lower bounds from packings of frustrated cycles (engine/solver/bounds.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oracle import brute_force, signed_graphs

from alliances_cli.engine.solver import Edge
from alliances_cli.engine.solver.bounds import cycle_bound
from alliances_cli.engine.solver.graph import SignedGraph


@settings(max_examples=200, deadline=None)
@given(signed_graphs(max_nodes=7), st.booleans())
def test_the_cycle_bound_never_exceeds_the_optimum(
    graph: tuple[list[str], dict[Edge, float]], two_camps: bool
) -> None:
    nodes, weights = graph
    bound = cycle_bound(SignedGraph(nodes, weights), two_camps)
    assert 0 <= bound <= brute_force(nodes, weights, 2 if two_camps else None) + 1e-9


def test_an_unbalanced_triangle_is_charged_its_weakest_tie() -> None:
    # a-b and b-c allies, a-c enemies: some tie must be frustrated, at least the weakest.
    weights = {("a", "b"): 1.0, ("b", "c"): 0.5, ("a", "c"): -0.8}
    graph = SignedGraph(["a", "b", "c"], weights)
    assert cycle_bound(graph, two_camps=False) == pytest.approx(0.5)
    # Three mutual enemies are frustrated only when there are two camps to put them in.
    enemies = SignedGraph(["a", "b", "c"], {("a", "b"): -1.0, ("b", "c"): -1.0, ("a", "c"): -1.0})
    assert cycle_bound(enemies, two_camps=False) == 0
    assert cycle_bound(enemies, two_camps=True) == pytest.approx(1.0)
