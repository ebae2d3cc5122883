"""Work in chunks (engine/chunks.py): each chunk's answer depends on the chunk alone."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from alliances_cli.engine.chunks import chunked, solve_chunk
from alliances_cli.engine.solver import Settings, Solution, solve


@given(st.lists(st.integers(), max_size=40), st.integers(1, 9))
def test_chunks_hold_every_item_once_in_order(items: list[int], size: int) -> None:
    chunks = chunked(items, size)
    assert [x for chunk in chunks for x in chunk] == items
    assert all(len(chunk) == size for chunk in chunks[:-1])
    assert all(1 <= len(chunk) <= size for chunk in chunks)


class _Problem:
    def __init__(self, nodes: list[str], weights: dict[tuple[str, str], float]) -> None:
        self.nodes, self.weights = nodes, weights


def test_a_chunk_of_problems_is_solved_as_each_would_be_alone() -> None:
    triangle = _Problem(["a", "b", "c"], {("a", "b"): -1.0, ("b", "c"): -1.0, ("a", "c"): -1.0})
    pair = _Problem(["a", "b"], {("a", "b"): 1.0})
    for limit in (None, 2):
        found = solve_chunk(limit, [triangle, pair])
        assert all(isinstance(s, Solution) for s in found)
        alone = [solve(p.nodes, p.weights, Settings(limit)) for p in (triangle, pair)]
        assert found == alone
    # Three mutual enemies: apart with any number of camps, one tie frustrated with two.
    assert solve_chunk(None, [triangle])[0].frustration == 0
    assert solve_chunk(2, [triangle])[0].frustration == 1.0
