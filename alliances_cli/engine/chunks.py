"""Work spread over chunks: how sweeps, robustness samples and timelines run elsewhere.

A `Runner` calls `work(shared, chunk)` for every chunk, wherever it likes (a cluster's
workers), and returns the results in the chunks' order, telling `progress` how many chunks are
done. The engine chunks its work so that each chunk's result depends on the chunk alone: the
answer is the same whatever runs it and however many workers share it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


class Runner(Protocol):
    def __call__(
        self,
        work: Callable[[Any, Any], Any],
        shared: Any,
        chunks: Sequence[Any],
        progress: Callable[[int, int], None] | None = None,
    ) -> list[Any]: ...


def solve_chunk(camps_limit: int | None, problems: list[Any]) -> list[Any]:
    """The solutions of a chunk of coalition problems (`analysis.Problem`)."""
    from alliances_cli.engine.solver import Settings, solve

    settings = Settings(camps_limit)
    return [solve(p.nodes, p.weights, settings) for p in problems]


def chunked(items: Sequence[T], size: int) -> list[list[T]]:
    """`items` in consecutive chunks of `size` (the last may be shorter)."""
    return [list(items[i : i + size]) for i in range(0, len(items), size)]
