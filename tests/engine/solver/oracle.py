"""Brute force, the oracle of the solver's tests: every partition of a small graph."""

from __future__ import annotations

from collections.abc import Iterator

from hypothesis import strategies as st

from alliances_cli.engine.solver import Edge, frustration


def partitions(items: list[str], limit: int | None) -> Iterator[list[list[str]]]:
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for smaller in partitions(rest, limit):
        for i in range(len(smaller)):
            yield [*smaller[:i], [first, *smaller[i]], *smaller[i + 1 :]]
        if limit is None or len(smaller) < limit:
            yield [[first], *smaller]


def brute_force(nodes: list[str], weights: dict[Edge, float], limit: int | None) -> float:
    return min(
        frustration({n: i for i, camp in enumerate(p) for n in camp}, weights)
        for p in partitions(nodes, limit)
    )


@st.composite
def signed_graphs(draw: st.DrawFn, max_nodes: int = 7) -> tuple[list[str], dict[Edge, float]]:
    n = draw(st.integers(1, max_nodes))
    nodes = [f"a{i}" for i in range(n)]
    weights: dict[Edge, float] = {}
    for i in range(n):
        for j in range(i + 1, n):
            w = draw(st.sampled_from([0.0, 0.0, -1.0, -0.6, -0.25, 0.25, 0.5, 1.0]))
            if w:
                weights[(nodes[i], nodes[j])] = w
    return nodes, weights


def labels(camps: tuple[tuple[str, ...], ...]) -> dict[str, int]:
    return {n: i for i, camp in enumerate(camps) for n in camp}


def random_ties(
    actors: int, ties: int, seed: int, stances: tuple[float, ...] = (-1.0, 1.0)
) -> tuple[list[str], dict[Edge, float]]:
    """`ties` random ties among `actors` actors, each weighted by one of `stances`."""
    import random

    rng = random.Random(seed)
    nodes = [f"a{i:02d}" for i in range(actors)]
    pairs = [(a, b) for i, a in enumerate(nodes) for b in nodes[i + 1 :]]
    return nodes, {p: rng.choice(stances) for p in rng.sample(pairs, ties)}


def spy(monkeypatch: object, module: object, name: str) -> list[bool]:
    """Calls of `module.name` from now on, one True each; the function still runs."""
    calls: list[bool] = []
    real = getattr(module, name)
    monkeypatch.setattr(module, name, lambda *a, **k: calls.append(True) or real(*a, **k))  # type: ignore[attr-defined]
    return calls
