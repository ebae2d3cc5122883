"""What `alliances show` finds in the bundled scenario: the article's alignments and conflicts."""

from __future__ import annotations

from itertools import combinations

import pytest
from conftest import BUNDLED
from hypothesis import given, settings
from hypothesis import strategies as st

from alliances_cli.engine.analysis import KINDS, Analysis, _implied_pressures, analyse, pressure
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


def test_iran_is_a_torn_actor(analysis: Analysis) -> None:
    assert ("iran",) in _stress(analysis, "torn-actor")


def test_the_articles_contradictions_rank_above_balance_forecasts(analysis: Analysis) -> None:
    top = analysis.stress[:6]
    assert {s.kind for s in top} <= {"cross-theater", "torn-actor", "frustrated-tie"}


def test_stress_points_are_ranked_and_traced_to_evidence(analysis: Analysis) -> None:
    severities = [s.severity for s in analysis.stress]
    assert severities == sorted(severities, reverse=True)
    for stress in analysis.stress:
        assert stress.kind in KINDS
        assert 0 < stress.severity <= 1
        assert stress.summary and "\n" not in stress.summary
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
    assert kinds == ["tension", "tension", "tension", "unbalanced-triangle"]
    assert view.camps[0].leader == "a"  # the most capable member names and leads the camp


def test_camps_limit_of_two_frustrates_the_weakest_tie() -> None:
    result = analyse(load_text(SMALL), camps=2)
    view = result.view("t")
    assert len(view.camps) == 2
    assert view.frustration == pytest.approx(1.0)


def test_implied_alignment_for_untied_pair_with_a_common_enemy() -> None:
    text = """
id: implied
title: implied
actors: [{id: a}, {id: b}, {id: foe}]
theaters: [{id: t, actors: [a, b, foe]}]
ties:
  - {between: [a, foe], stance: enemy}
  - {between: [b, foe], stance: enemy}
"""
    result = analyse(load_text(text))
    implied = [s for s in result.stress if s.kind == "implied-tie"]
    assert [s.actors for s in implied] == [("a", "b")]
    assert "implies alignment" in implied[0].summary


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.tuples(st.integers(0, 9), st.integers(0, 9)).filter(lambda p: p[0] < p[1]),
        st.floats(-1, 1).filter(lambda w: w != 0),
    )
)
def test_implied_pressures_reach_every_untied_pair_with_a_neighbour_in_common(
    ties: dict[tuple[int, int], float],
) -> None:
    weights: dict[str, dict[str, float]] = {}
    for (i, j), w in ties.items():
        weights.setdefault(f"a{i}", {})[f"a{j}"] = w
        weights.setdefault(f"a{j}", {})[f"a{i}"] = w
    expected = [
        (a, b, pressure(weights, a, b))
        for a, b in combinations(sorted(weights), 2)
        if b not in weights[a] and weights[a].keys() & weights[b].keys()
    ]
    assert list(_implied_pressures(weights)) == expected
