"""Components split into 2-connected blocks (engine/solver/blocks.py): the blocks are
networkx's, and solving block by block and joining at the cut actors gives the brute-force
optimum, with any number of camps and under a limit."""

from __future__ import annotations

from importlib import import_module

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oracle import brute_force

from alliances_cli.engine.memo import clear_all
from alliances_cli.engine.solver import Settings, frustration, solve
from alliances_cli.engine.solver.blocks import blocks
from alliances_cli.engine.solver.graph import SignedGraph

# The module, not the function the package exports under the same name.
solve_module = import_module("alliances_cli.engine.solver.solve")

WEIGHTS = st.sampled_from([-1.0, -0.6, -0.25, 0.25, 0.5, 1.0])


@st.composite
def glued_blocks(draw: st.DrawFn, most: int = 9) -> tuple[list[str], dict[tuple[str, str], float]]:
    """Small random blocks, each glued to an earlier one at one actor: a graph with cut
    actors (and, where a block is one tie, bridges)."""
    nodes = ["a0"]
    weights: dict[tuple[str, str], float] = {}
    while len(nodes) < most:
        size = draw(st.integers(1, min(3, most - len(nodes))))
        anchor = draw(st.sampled_from(nodes))
        new = [f"a{len(nodes) + i}" for i in range(size)]
        members = [anchor, *new]
        nodes += new
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if draw(st.integers(0, 2)) or (a == anchor and b == new[0]):
                    weights[(a, b) if a < b else (b, a)] = draw(WEIGHTS)
        if not draw(st.integers(0, 3)):
            break
    return nodes, weights


@settings(max_examples=100, deadline=None)
@given(glued_blocks(most=30))
def test_the_blocks_are_networkx_biconnected_components(
    graph: tuple[list[str], dict[tuple[str, str], float]],
) -> None:
    nodes, weights = graph
    signed = SignedGraph(nodes, weights)
    reference = nx.Graph(list(weights))
    reference.add_nodes_from(nodes)
    if not nx.is_connected(reference):
        return
    mine = {frozenset(signed.nodes[i] for i in block) for block in blocks(signed.adj)}
    theirs = {frozenset(block) for block in nx.biconnected_components(reference)}
    assert mine == theirs


@settings(max_examples=150, deadline=None)
@given(glued_blocks(), st.sampled_from([None, 2, 3]))
def test_solving_block_by_block_finds_the_brute_force_optimum(
    graph: tuple[list[str], dict[tuple[str, str], float]],
    limit: int | None,
) -> None:
    nodes, weights = graph
    clear_all()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(solve_module, "SPLIT_FROM_ACTORS", 0)
        found = solve(nodes, weights, Settings(limit))
    clear_all()
    assert found.optimal
    assert abs(found.frustration - brute_force(nodes, weights, limit)) < 1e-9
    camp_of = {v: i for i, camp in enumerate(found.camps) for v in camp}
    assert abs(frustration(camp_of, weights) - found.frustration) < 1e-9
    assert limit is None or len(found.camps) <= limit


def test_a_component_too_large_to_search_whole_is_proven_block_by_block() -> None:
    import random

    rng = random.Random(5)
    weights: dict[tuple[str, str], float] = {}
    anchor = "b0-0"
    for block in range(10):  # 10 blocks of 50 actors, 400 ties each, in a chain
        members = [anchor] + [f"b{block}-{i}" for i in range(1, 50)]
        camp = {v: rng.randrange(3) for v in members}
        while sum(1 for a, b in weights if a in camp and b in camp) < 400:
            a, b = sorted(rng.sample(members, 2))
            sign = 1.0 if camp[a] == camp[b] else -1.0
            weights[(a, b)] = -sign if rng.random() < 0.03 else sign
        anchor = members[-1]
    nodes = sorted({v for pair in weights for v in pair})
    assert len(nodes) == 491 and len(weights) == 4_000  # past 400 actors and 3,000 ties
    clear_all()
    found = solve(nodes, weights, Settings())
    assert found.optimal and found.method == "exact"
    camp_of = {v: i for i, camp in enumerate(found.camps) for v in camp}
    assert abs(frustration(camp_of, weights) - found.frustration) < 1e-9
