"""What `alliances show` finds in the bundled scenario: the article's alignments and conflicts."""

from __future__ import annotations

from itertools import combinations

import pytest
from conftest import BUNDLED
from hypothesis import given, settings
from hypothesis import strategies as st

from alliances_cli.engine.analysis import Analysis, analyse
from alliances_cli.engine.balance import implied_pressures, pressure
from alliances_cli.engine.stress import KINDS
from alliances_cli.reports.stress import summary
from alliances_cli.scenario.load import load_file, load_text


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return analyse(load_file(str(BUNDLED)))


def members_with(analysis: Analysis, theater: str, actor: str) -> set[str]:
    view = analysis.view(theater)
    index = view.camp_of(actor)
    assert index is not None, f"{actor} is in no camp in {theater}"
    return set(view.camps[index].members)


def test_mosul_coalition_is_us_iraq_iran_pmf_against_is(analysis: Analysis) -> None:
    camp = members_with(analysis, "mosul", "us")
    assert {"us", "iraq", "iran", "pmf"} <= camp
    assert "is" not in camp


def test_aleppo_coalition_is_russia_iran_syria(analysis: Analysis) -> None:
    assert {"russia", "iran", "syria"} <= members_with(analysis, "aleppo", "russia")


def test_every_view_is_proven_optimal(analysis: Analysis) -> None:
    assert all(v.optimal for v in (*analysis.theaters, analysis.overall))


def _stress(analysis: Analysis, kind: str) -> list[tuple[str, ...]]:
    return [tuple(sorted(s.actors)) for s in analysis.stress if s.kind == kind]


def test_us_iran_and_us_turkey_are_cross_theater_contradictions(analysis: Analysis) -> None:
    found = _stress(analysis, "cross-theater")
    assert ("iran", "us") in found
    assert ("turkey", "us") in found


def test_the_us_iran_contradiction_is_one_stress_point_with_both_actors_as_facets(
    analysis: Analysis,
) -> None:
    found = [s for s in analysis.stress if set(s.actors) == {"iran", "us"}]
    assert len(found) == 1
    (contradiction,) = found
    assert contradiction.kind == "cross-theater"
    assert analysis.stress.index(contradiction) < 2
    torn = sorted(f.actors for f in contradiction.facets if f.kind == "torn-actor")
    assert torn == [("iran",), ("us",)]
    # Neither actor is listed again as a stress point of its own.
    assert not [s for s in analysis.stress if s.kind == "torn-actor" and s.actors[0] in torn[0]]


def test_the_articles_contradictions_rank_above_balance_forecasts(analysis: Analysis) -> None:
    top = analysis.stress[:2]
    assert {s.kind for s in top} == {"cross-theater"}


def test_stress_points_are_ranked_and_traced_to_evidence(analysis: Analysis) -> None:
    severities = [s.severity for s in analysis.stress]
    assert severities == sorted(severities, reverse=True)
    for stress in analysis.stress:
        assert stress.kind in KINDS
        assert 0 < stress.severity < 1
        text = summary(analysis, stress)
        assert text and "\n" not in text
        assert stress.evidence, stress


def test_restricting_to_one_theater_keeps_only_its_stress(analysis: Analysis) -> None:
    mosul = analyse(load_file(str(BUNDLED)), theaters=["mosul"])
    assert [v.id for v in mosul.theaters] == ["mosul"]
    assert all(s.theaters == ("mosul",) for s in mosul.stress)
    assert mosul.overall.camps == mosul.theaters[0].camps


SMALL = """
id: small
title: small
actors: [{id: a, capability: 3}, {id: b}, {id: c}, {id: loner}]
theaters: [{id: t, actors: [a, b, c, loner]}]
ties:
  - {between: [a, b], stance: -1}
  - {between: [b, c], stance: -1}
  - {between: [a, c], stance: -1}
"""


def test_all_negative_triangle_is_unbalanced_but_clusterable() -> None:
    result = analyse(load_text(SMALL))
    view = result.view("t")
    assert sorted(c.members for c in view.camps) == [("a",), ("b",), ("c",)]
    assert view.frustration == 0
    assert view.unaligned == ("loner",)
    assert view.triangles == 1 and view.balanced_triangles == 0
    kinds = sorted(s.kind for s in result.stress)
    # Strict balance sees one unbalanced triangle and, on each tie, the pressure of
    # "the enemy of my enemy"; the three-camp partition frustrates nothing.
    # With any number of camps three mutual enemies stand apart at no cost (Davis 1967): no
    # stress. Only the strict reading of balance, with two camps, sees them.
    assert kinds == []


def test_camps_limit_of_two_frustrates_the_weakest_tie() -> None:
    result = analyse(load_text(SMALL), camps_limit=2)
    view = result.view("t")
    assert len(view.camps) == 2
    assert view.frustration == pytest.approx(1.0)
    (stress,) = result.stress
    assert stress.kind == "frustrated-tie"
    # One fact: the triangle of enemies, and the pressure on each of its sides.
    assert sorted(f.kind for f in stress.facets) == [
        "tension",
        "tension",
        "tension",
        "unbalanced-triangle",
    ]


COMMON_ENEMY = """
id: implied
title: implied
actors: [{id: a}, {id: b}, {id: foe}, {id: friend}]
theaters: [{id: t, actors: [a, b, foe, friend]}]
ties:
  - {between: [a, foe], stance: enemy}
  - {between: [b, foe], stance: enemy}
  - {between: [a, friend], stance: ally}
"""


def test_a_common_enemy_implies_alignment_only_with_two_camps() -> None:
    free = analyse(load_text(COMMON_ENEMY))
    implied = [s.actors for s in free.stress if s.kind == "implied-tie"]
    # a's friend is foe's enemy's friend... only "friend of my enemy" paths bind here:
    assert ("a", "b") not in implied
    strict = analyse(load_text(COMMON_ENEMY), camps_limit=2)
    found = [s for s in strict.stress if s.actors == ("a", "b")]
    assert [s.kind for s in found] == ["implied-tie"]
    assert "implies alignment" in summary(strict, found[0])


def test_a_friend_of_an_enemy_implies_opposition() -> None:
    result = analyse(load_text(COMMON_ENEMY))
    found = [s for s in result.stress if s.actors == ("foe", "friend")]
    assert [s.kind for s in found] == ["implied-tie"]
    assert "implies opposition" in summary(result, found[0])


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.tuples(st.integers(0, 9), st.integers(0, 9)).filter(lambda p: p[0] < p[1]),
        st.floats(-1, 1).filter(lambda w: w != 0),
    ),
    st.booleans(),
)
def test_implied_pressures_reach_every_untied_pair_with_a_neighbour_in_common(
    ties: dict[tuple[int, int], float], enemies: bool
) -> None:
    weights: dict[str, dict[str, float]] = {}
    for (i, j), w in ties.items():
        weights.setdefault(f"a{i}", {})[f"a{j}"] = w
        weights.setdefault(f"a{j}", {})[f"a{i}"] = w

    def bound(a: str, b: str) -> bool:
        """Whether some common neighbour's path counts: common enemies only with `enemies`."""
        shared = weights[a].keys() & weights[b].keys()
        return any(enemies or weights[a][c] > 0 or weights[b][c] > 0 for c in shared)

    expected = [
        (a, b, pressure(weights, a, b, enemies=enemies))
        for a, b in combinations(sorted(weights), 2)
        if b not in weights[a] and bound(a, b)
    ]
    assert list(implied_pressures(weights, enemies=enemies)) == expected
