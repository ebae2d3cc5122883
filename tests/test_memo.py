"""The engine's caches stay within their bounds, whatever is put in them, and never serve a
value for the wrong key."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from alliances_cli.engine.memo import ByIdentity, Memo

puts = st.lists(st.tuples(st.integers(0, 30), st.integers(1, 40)), max_size=200)


@settings(max_examples=200)
@given(puts, st.integers(1, 10), st.integers(1, 60))
def test_a_cache_keeps_within_its_size_and_budget(
    steps: list[tuple[int, int]], size: int, budget: int
) -> None:
    memo: Memo[tuple[int, int]] = Memo(size, budget=budget)
    for number, (key, cost) in enumerate(steps):
        memo.put(key, (key, number), cost)
        assert len(memo.found) <= size
        assert memo.spent == sum(memo.costs.values()) <= budget
        assert memo.costs.keys() == memo.found.keys()
        if cost <= budget:  # the newest entry is always kept, unless it alone is too dear
            assert memo.peek(key) == (key, number)
        else:
            assert key not in memo
        assert all(value[0] == k for k, value in memo.found.items())


def test_get_computes_once_and_charges_what_the_value_costs() -> None:
    memo: Memo[str] = Memo(10, budget=10)
    calls: list[str] = []

    def compute() -> str:
        calls.append("x")
        return "value"

    assert memo.get("k", compute, len) == "value"
    assert memo.get("k", compute, len) == "value"
    assert calls == ["x"] and memo.spent == 5
    memo.get("l", lambda: "too expensive", len)  # 13 units: computed, not kept
    assert "l" not in memo and "k" in memo


def test_a_cache_by_identity_serves_only_the_very_same_objects() -> None:
    memo: ByIdentity[int] = ByIdentity(4, budget=100)
    first, equal = [1, 2], [1, 2]
    calls: list[int] = []

    def total(items: list[int]) -> int:
        calls.append(1)
        return sum(items)

    assert memo.get((first,), lambda: total(first), lambda _: 1) == 3
    assert memo.get((first,), lambda: total(first), lambda _: 1) == 3
    assert len(calls) == 1  # the same object: served from the cache
    equal.append(4)  # equal before, but another object: computed afresh
    assert memo.get((equal,), lambda: total(equal), lambda _: 1) == 7
    assert len(calls) == 2
    for _ in range(5):  # whatever is evicted, an answer is never another object's
        memo.get(([0],), lambda: total([0]), lambda _: 1)
    assert memo.get((first,), lambda: total(first), lambda _: 1) == 3
