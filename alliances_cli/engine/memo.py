"""Bounded caches for the engine's pure functions: a sweep meets the same views again and again.

Keys are built from immutable inputs only, so a cached result is exactly what recomputing
would give; `clear_all` exists for benchmarks that must time the work itself. Each cache is
bounded by a number of entries and by a budget of cost units (ties, mostly), so that caching
views of a network with 200,000 ties keeps a few of them, not four thousand.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")

_ALL: list[Memo[object]] = []


class Memo(Generic[V]):
    """A cache that forgets its oldest entries when full (a sweep revisits recent views most)."""

    def __init__(self, size: int, budget: int | None = None) -> None:
        self.size = size
        self.budget = size if budget is None else budget
        self.found: dict[Hashable, V] = {}
        self.costs: dict[Hashable, int] = {}
        self.spent = 0
        _ALL.append(self)  # type: ignore[arg-type]

    def __contains__(self, key: Hashable) -> bool:
        return key in self.found

    def peek(self, key: Hashable) -> V | None:
        return self.found.get(key)

    def get(
        self, key: Hashable, compute: Callable[[], V], cost: Callable[[V], int] | None = None
    ) -> V:
        """The cached value for `key`, or `compute()`'s, kept at `cost(value)` units (or 1)."""
        if key in self.found:
            return self.found[key]
        value = compute()
        self.put(key, value, 1 if cost is None else cost(value))
        return value

    def put(self, key: Hashable, value: V, cost: int = 1) -> None:
        """Keep `value`, unless it alone costs more than the budget."""
        self.forget(key)
        if cost > self.budget:
            return
        while self.found and (len(self.found) >= self.size or self.spent + cost > self.budget):
            self.forget(next(iter(self.found)))
        self.found[key] = value
        self.costs[key] = cost
        self.spent += cost

    def forget(self, key: Hashable) -> None:
        if key in self.found:
            del self.found[key]
            self.spent -= self.costs.pop(key)

    def clear(self) -> None:
        self.found.clear()
        self.costs.clear()
        self.spent = 0


class ByIdentity(Generic[V]):
    """A cache keyed by the identities of objects that are costly to hash or compare.

    An entry holds the objects themselves, so no other object can take their ids while it
    is cached; a hit is checked object by object all the same.
    """

    def __init__(self, size: int, budget: int | None = None) -> None:
        self.memo: Memo[tuple[tuple[object, ...], V]] = Memo(size, budget)

    def get(
        self, objects: tuple[object, ...], compute: Callable[[], V], cost: Callable[[V], int]
    ) -> V:
        key = tuple(id(o) for o in objects)
        cached = self.memo.peek(key)
        if cached is not None and all(a is b for a, b in zip(cached[0], objects, strict=True)):
            return cached[1]
        value = compute()
        self.memo.put(key, (objects, value), cost(value))
        return value


def clear_all() -> None:
    for memo in _ALL:
        memo.clear()
