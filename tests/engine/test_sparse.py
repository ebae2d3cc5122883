"""The sparse products find the pairs the plain walk over shared neighbours finds."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliances_cli.engine import sparse

WEIGHTS = st.sampled_from([-1.0, -0.5, -0.25, 0.25, 0.5, 1.0])


@st.composite
def signed_graphs(draw: st.DrawFn) -> tuple[list[str], dict[tuple[str, str], float]]:
    n = draw(st.integers(3, 9))
    actors = [f"a{i}" for i in range(n)]
    pairs = [p for p in itertools.combinations(actors, 2) if draw(st.booleans())]
    return actors, {p: draw(WEIGHTS) for p in pairs}


def _walk(
    actors: list[str],
    ties: dict[tuple[str, str], float],
    strict: bool,
    minimum: float,
    per_actor: int,
    rank: dict[str, int],
) -> list[tuple[str, str]]:
    """Each actor's strongest untied pairs, pressure summed over shared neighbours."""

    def w(a: str, b: str) -> float:
        return ties.get((min(a, b), max(a, b)), 0.0)

    chosen: set[tuple[str, str]] = set()
    for a in actors:
        found = []
        for b in actors:
            if b == a or w(a, b):
                continue
            terms = [w(a, c) * w(c, b) for c in actors if c not in (a, b)]
            if not strict:  # a common enemy implies nothing
                terms = [
                    t for c, t in zip([c for c in actors if c not in (a, b)], terms, strict=True)
                    if not (w(a, c) < 0 and w(c, b) < 0)
                ]  # fmt: skip
            strength = round(abs(sum(terms)), 9)
            if strength >= minimum - 1e-9 and strength > 0:
                low, high = min(a, b), max(a, b)
                found.append((-strength, rank[low], rank[high], (low, high)))
        chosen.update(pair for *_, pair in sorted(found)[:per_actor])
    return sorted(chosen)


@settings(max_examples=150, deadline=None)
@given(signed_graphs(), st.booleans(), st.sampled_from([0.06, 0.25, 0.5]), st.integers(1, 3))
def test_the_products_find_what_the_walk_finds(
    graph: tuple[list[str], dict[tuple[str, str], float]],
    strict: bool,
    minimum: float,
    per_actor: int,
) -> None:
    actors, ties = graph
    rank = {a: i for i, a in enumerate(reversed(actors))}  # not the ids' order
    neighbours = {a: {b for p in ties for b in p if a in p and b != a} for a in actors}
    cornered = [p for p in ties if neighbours[p[0]] & neighbours[p[1]]]
    found = sparse.strongest_untied(
        actors, list(ties), list(ties.values()), cornered, rank,
        strict=strict, minimum=minimum, per_actor=per_actor,
    )  # fmt: skip
    assert found == _walk(actors, ties, strict, minimum, per_actor, rank)


@pytest.mark.parametrize("rows", [1, 2, 5])
def test_blocks_of_rows_change_nothing(monkeypatch: pytest.MonkeyPatch, rows: int) -> None:
    actors = [f"a{i}" for i in range(7)]
    ties = {("a0", "a1"): 1.0, ("a1", "a2"): -1.0, ("a2", "a3"): 0.5, ("a0", "a4"): -0.5,
            ("a4", "a5"): 1.0, ("a5", "a6"): 1.0, ("a3", "a6"): -1.0}  # fmt: skip
    rank = {a: i for i, a in enumerate(actors)}

    def run() -> list[tuple[str, str]]:
        return sparse.strongest_untied(
            actors, list(ties), list(ties.values()), [], rank,
            strict=False, minimum=0.1, per_actor=2,
        )  # fmt: skip

    whole = run()
    monkeypatch.setattr(sparse, "BLOCK_ROWS", rows)
    assert run() == whole == _walk(actors, ties, False, 0.1, 2, rank)
