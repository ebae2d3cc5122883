"""Where actors go on a map (reports/drawing/layout.py): apart, camps apart, torn between."""

from __future__ import annotations

import itertools
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from alliances_cli.reports.drawing.layout import MIN_GAP, place, separate

POINTS = st.tuples(st.floats(-3, 3), st.floats(-3, 3))


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from("abcdefgh"), POINTS, min_size=2))
def test_separated_actors_are_a_gap_apart(positions: dict[str, tuple[float, float]]) -> None:
    moved = separate(positions, 0.85)
    for a, b in itertools.combinations(sorted(moved), 2):
        assert math.dist(moved[a], moved[b]) >= 0.85 - 1e-6, (a, b)


@given(
    st.dictionaries(st.sampled_from("abcdefgh"), POINTS, min_size=2),
    st.sets(st.sampled_from("abcdefgh")),
)
def test_fixed_actors_never_move(
    positions: dict[str, tuple[float, float]], fixed: set[str]
) -> None:
    # (The gap is not promised around fixed actors: pushes run along the line between two
    # actors, so free ones squeezed on a line between fixed ones can stay too close; a known
    # limit of the before/after pictures, which fix the actors both share.)
    fixed &= set(positions)
    moved = separate(positions, 0.85, fixed)
    assert {a: moved[a] for a in fixed} == {a: positions[a] for a in fixed}


@given(st.lists(st.integers(1, 6), min_size=1, max_size=6), st.sampled_from([1.0, 1.5]))
def test_every_actor_is_placed_once_with_no_two_too_close(sizes: list[int], spread: float) -> None:
    groups = [[f"g{i}m{j}" for j in range(size)] for i, size in enumerate(sizes)]
    placed = place(groups, spread)
    assert sorted(placed.positions) == sorted(a for g in groups for a in g)
    assert len(placed.groups) == len(groups)
    for a, b in itertools.combinations(placed.positions, 2):
        assert math.dist(placed.positions[a], placed.positions[b]) >= MIN_GAP * spread - 1e-6


def test_an_actor_alone_pulled_by_two_camps_stands_nearer_the_stronger_pull() -> None:
    groups = [["a1", "a2", "a3"], ["b1", "b2", "b3"], ["t"]]
    placed = place(groups, 1.0, between={"t": {0: 0.9, 1: 0.3}})
    (ca, _), (cb, _) = placed.groups
    t = placed.positions["t"]
    assert math.dist(t, ca) < math.dist(t, cb)
    # Its label points away from the centre of the map, not into either camp.
    d = placed.label_directions["t"]
    assert abs(math.hypot(*d) - 1.0) < 1e-9
