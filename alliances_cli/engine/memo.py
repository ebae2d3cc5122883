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
    """A cache that forgets its oldest entry when full (a sweep revisits recent views most)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.found: dict[Hashable, V] = {}
        _ALL.append(self)  # type: ignore[arg-type]

    def __contains__(self, key: Hashable) -> bool:
        return key in self.found

    def peek(self, key: Hashable) -> V | None:
        return self.found.get(key)

    def get(self, key: Hashable, compute: Callable[[], V]) -> V:
        if key in self.found:
            return self.found[key]
        value = compute()
        self.put(key, value)
        return value

    def put(self, key: Hashable, value: V) -> None:
        if key not in self.found and len(self.found) >= self.size:
            del self.found[next(iter(self.found))]
        self.found[key] = value


def clear_all() -> None:
    for memo in _ALL:
        memo.found.clear()
