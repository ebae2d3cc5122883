"""The Leiden start (engine/solver/leiden.py): a label per actor, the same for a seed."""

from __future__ import annotations

import pytest

from alliances_cli.engine.solver import leiden


def _two_blocs(size: int) -> list[list[tuple[int, float]]]:
    """Two cliques of allies, every pair across them enemies."""
    n = 2 * size
    return [
        [(j, 1.0 if (i < size) == (j < size) else -1.0) for j in range(n) if j != i]
        for i in range(n)
    ]


def test_two_blocs_of_allies_at_war_are_told_apart() -> None:
    if not leiden.available():
        pytest.skip("igraph is not installed")
    labels = leiden.leiden(10, _two_blocs(5), seed=1)
    assert labels is not None and len(labels) == 10
    assert len(set(labels[:5])) == 1 and len(set(labels[5:])) == 1
    assert labels[0] != labels[5]


def test_the_same_seed_gives_the_same_labels() -> None:
    if not leiden.available():
        pytest.skip("igraph is not installed")
    ties = {(i, (i + 1) % 12): 0.5 for i in range(12)} | {
        (i, (i + 5) % 12): -1.0 for i in range(12)
    }
    adj: list[list[tuple[int, float]]] = [[] for _ in range(12)]
    for (i, j), w in ties.items():
        adj[i].append((j, w))
        adj[j].append((i, w))
    first = leiden.leiden(12, adj, seed=7)
    assert first is not None and len(first) == 12
    assert all(leiden.leiden(12, adj, seed=7) == first for _ in range(3))
