"""The rule that turns a view's ties into its camps (engine/partition.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliances_cli.engine.partition import frustration_of, held_together, view_camps
from alliances_cli.engine.solver import Settings

NAMES = [f"a{i}" for i in range(7)]


@st.composite
def camps_and_ties(draw: st.DrawFn) -> tuple[list[list[str]], dict[tuple[str, str], float]]:
    camp_of = {a: draw(st.integers(0, 2)) for a in NAMES}
    camps = [[a for a in NAMES if camp_of[a] == c] for c in range(3)]
    weights = {}
    for i, a in enumerate(NAMES):
        for b in NAMES[i + 1 :]:
            w = draw(st.sampled_from([0.0, 0.0, 1.0, 0.5, -0.5, -1.0]))
            if w:
                weights[(a, b)] = w
    return [c for c in camps if c], weights


@settings(max_examples=200, deadline=None)
@given(camps_and_ties())
def test_camps_split_where_no_positive_tie_holds_them_never_cost_more(
    case: tuple[list[list[str]], dict[tuple[str, str], float]],
) -> None:
    camps, weights = case
    split = held_together(camps, weights)
    assert sorted(a for c in split for a in c) == sorted(a for c in camps for a in c)
    assert frustration_of(split, weights) <= frustration_of(camps, weights) + 1e-12
    camp_of = {a: i for i, c in enumerate(split) for a in c}
    for camp in split:  # each group is held together by positive ties inside it
        if len(camp) > 1:
            for a in camp:
                assert any(
                    weights.get((min(a, b), max(a, b)), 0) > 0 and camp_of[b] == camp_of[a]
                    for b in camp
                    if b != a
                )


def test_without_a_limit_camps_are_split_by_their_ties_and_with_one_they_are_not() -> None:
    # The overall view solves twins (actors every theater puts together) as one: a and b here,
    # who have no tie between them. Without a camp limit nothing holds them together, so they
    # are shown apart; under a limit of two camps the solver's partition is kept as it is.
    weights = {("a", "c"): -1.0, ("b", "c"): -1.0}
    free = view_camps(["a", "b", "c"], weights, Settings(), groups=[("a", "b"), ("c",)])
    assert sorted(free.camps) == [("a",), ("b",), ("c",)]
    two = view_camps(["a", "b", "c"], weights, Settings(2), groups=[("a", "b"), ("c",)])
    assert sorted(map(sorted, two.camps)) == [["a", "b"], ["c"]]
    assert free.frustration == two.frustration == pytest.approx(0.0)
