"""The cutting planes' first rows (engine/solver/seeds.py): every cut holds for every
partition, holds tight at the partition it was drawn from, and starting from them the
relaxation bounds and proves exactly what it does without them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oracle import brute_force, partitions, signed_graphs

from alliances_cli.engine.solver import Edge
from alliances_cli.engine.solver.graph import SignedGraph

pytest.importorskip("highspy")

import numpy as np

from alliances_cli.engine.solver import cutting, seeds, separation


def _setup(
    graph: tuple[list[str], dict[Edge, float]],
) -> tuple[SignedGraph, list[tuple[int, int, float]], separation.Ties, object]:
    nodes, weights = graph
    structure = SignedGraph(nodes, weights)
    edges = [(i, j, w) for i, row in enumerate(structure.adj) for j, w in row if i < j]
    ties = separation.Ties(len(nodes), edges)
    return structure, edges, ties, np.array([w for _, _, w in edges], dtype=float)


def _lhs(cut: tuple[list[int], list[float], float], x: list[float]) -> float:
    ties, coefficients, _ = cut
    return sum(c * x[k] for k, c in zip(ties, coefficients, strict=True))


@settings(max_examples=150, deadline=None)
@given(signed_graphs(max_nodes=7), st.booleans(), st.data())
def test_every_seed_cut_holds_for_every_partition_and_binds_at_its_own(
    graph: tuple[list[str], dict[Edge, float]], two_camps: bool, data: st.DataObject
) -> None:
    structure, edges, ties, weights = _setup(graph)
    n = len(structure.nodes)
    limit = 2 if two_camps else None
    camp_of = data.draw(st.lists(st.integers(0, 1 if two_camps else 3), min_size=n, max_size=n))
    cuts = seeds.tight_cuts(ties, weights, camp_of, two_camps)

    def x_of(camps: list[int]) -> list[float]:
        return [float(camps[i] != camps[j]) for i, j, _ in edges]

    for partition in partitions(list(range(n)), limit):  # type: ignore[arg-type]
        camps = [0] * n
        for label, members in enumerate(partition):
            for member in members:
                camps[int(member)] = label
        x = x_of(camps)
        for cut in cuts:
            assert _lhs(cut, x) <= cut[2] + 1e-9
    own = x_of(camp_of)
    frustrated = {k for k, (i, j, w) in enumerate(edges) if (w > 0) == (camp_of[i] != camp_of[j])}
    for cut in cuts:
        assert _lhs(cut, own) == pytest.approx(cut[2])  # tight: one of its ties frustrated
        assert len(frustrated & set(cut[0])) == 1
        assert len(set(cut[0])) == len(cut[0])
    # Every tie the partition frustrates that closes such a cycle gets one.
    assert {k for cut in cuts for k in cut[0]} & frustrated == {
        k for k in frustrated if _closes(edges, camp_of, k, two_camps)
    }


def _closes(edges: list[tuple[int, int, float]], camp_of: list[int], k: int, two: bool) -> bool:
    """Whether a path of ties kept by `camp_of` joins tie k's ends as the module says (for any
    number of camps: inside one camp, or through one negative tie across), by search."""
    i, j, w = edges[k]
    kept = [
        (a, b, v)
        for h, (a, b, v) in enumerate(edges)
        if h != k and (v > 0) != (camp_of[a] != camp_of[b])
    ]
    if two:
        layers = [(a, b) for a, b, _ in kept] + [(b, a) for a, b, _ in kept]
        target = j
    else:
        n = len(camp_of)
        inside = [(a, b) for a, b, v in kept if v > 0]
        layers = [(a, b) for a, b in inside] + [(b, a) for a, b in inside]
        layers += [(a + n, b + n) for a, b in layers]
        layers += [(a, b + n) for a, b, v in kept if v < 0] + [
            (b, a + n) for a, b, v in kept if v < 0
        ]
        target = j if w < 0 else j + n
    seen, stack = {i}, [i]
    while stack:
        node = stack.pop()
        for a, b in layers:
            if a == node and b not in seen:
                seen.add(b)
                stack.append(b)
    return target in seen


@settings(max_examples=80, deadline=None)
@given(signed_graphs(max_nodes=8), st.booleans(), st.data())
def test_from_seed_cuts_the_relaxation_bounds_and_proves_as_it_does_without(
    graph: tuple[list[str], dict[Edge, float]], two_camps: bool, data: st.DataObject
) -> None:
    nodes, weights = graph
    structure = SignedGraph(nodes, weights)
    n = len(nodes)
    start = data.draw(st.lists(st.integers(0, 1 if two_camps else 3), min_size=n, max_size=n))
    optimum = brute_force(nodes, weights, 2 if two_camps else None)
    seeded = cutting.relax(structure.adj, two_camps, start=start)
    plain = cutting.relax(structure.adj, two_camps)
    assert seeded is not None and plain is not None
    assert seeded.converged and plain.converged
    assert seeded.bound <= optimum + 1e-6
    assert seeded.bound == pytest.approx(plain.bound, abs=1e-6)  # the relaxation's own
    if seeded.partition is not None:
        assert structure.cost(seeded.partition) == pytest.approx(optimum)


def test_seed_cuts_stop_at_the_deadline() -> None:
    """Past the deadline no search starts: the program begins from no rows."""
    _, _, ties, weights = _setup(
        (["a", "b", "c"], {("a", "b"): 1.0, ("b", "c"): 1.0, ("a", "c"): -1.0})
    )
    assert seeds.tight_cuts(ties, weights, [0, 0, 0], True)
    assert seeds.tight_cuts(ties, weights, [0, 0, 0], True, deadline=0.0) == []
