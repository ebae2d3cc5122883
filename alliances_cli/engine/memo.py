"""Bounded caches for the engine's pure functions: a sweep meets the same views again and again.

Keys are built from immutable inputs only, so a cached result is exactly what recomputing
would give; `clear_all` exists for benchmarks that must time the work itself.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")

_ALL: list[Memo[object]] = []


class Memo(Generic[V]):
    """A cache that empties itself when full: simple, and enough for a sweep's working set."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.found: dict[Hashable, V] = {}
        _ALL.append(self)  # type: ignore[arg-type]

    def get(self, key: Hashable, compute: Callable[[], V]) -> V:
        if key in self.found:
            return self.found[key]
        value = compute()
        if len(self.found) >= self.size:
            self.found.clear()
        self.found[key] = value
        return value


def clear_all() -> None:
    for memo in _ALL:
        memo.found.clear()
