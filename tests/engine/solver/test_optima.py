"""Several optima: the count, the swing actors and the partitions, against brute force."""

from __future__ import annotations

from conftest import BUNDLED, set_partitions
from hypothesis import given, settings
from hypothesis import strategies as st

from alliances_cli.engine.analysis import analyse
from alliances_cli.engine.solver import Settings, components, frustration, solve
from alliances_cli.engine.solver.optima import CAP, optima, partitions
from alliances_cli.scenario.load import load_file, load_text

SCENARIO = load_file(str(BUNDLED))


def test_aleppo_has_three_optima_with_al_nusra_as_the_swing_actor() -> None:
    aleppo = analyse(SCENARIO).view("aleppo").optima
    assert (aleppo.count, aleppo.exact, aleppo.unique) == (3, True, False)
    assert [s.actor for s in aleppo.swing] == ["nusra"]
    assert sorted(aleppo.swing[0].company) == [(), ("is",), ("us",)]
    assert aleppo.swing[0].company[0] == ()  # the partition shown: al-Nusra alone


def test_mosul_has_a_unique_optimum() -> None:
    mosul = analyse(SCENARIO).view("mosul").optima
    assert (mosul.count, mosul.exact, mosul.unique) == (1, True, True)
    assert mosul.swing == () and mosul.swing_pairs == ()


def test_an_unproven_view_counts_nothing() -> None:
    found = optima([["a", "b"]], {("a", "b"): 1.0}, proven=False)
    assert found.count is None and found.unique is None


def _brute_force(nodes: list[str], weights: dict[tuple[str, str], float]) -> list[list[list[str]]]:
    """Every optimal partition under the counting rule: no camp spans two components."""
    component = {v: i for i, c in enumerate(components(nodes, weights)) for v in c}
    allowed = [
        p
        for p in set_partitions(nodes)
        if all(len({component[v] for v in camp}) == 1 for camp in p)
    ]
    costs = [frustration({v: i for i, c in enumerate(p) for v in c}, weights) for p in allowed]
    best = min(costs)
    return [p for p, c in zip(allowed, costs, strict=True) if c <= best + 1e-9]


def _canonical(p: list[list[str]] | list[tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted(tuple(sorted(c)) for c in p))


graphs = st.dictionaries(
    st.tuples(st.integers(0, 6), st.integers(0, 6)).filter(lambda p: p[0] < p[1]),
    st.sampled_from([-1.0, -0.5, 0.5, 1.0]),
    min_size=1,
)


@settings(max_examples=150, deadline=None)
@given(graphs)
def test_the_count_and_the_partitions_equal_brute_force(ties: dict[tuple[int, int], float]) -> None:
    weights = {(f"a{i}", f"a{j}"): w for (i, j), w in ties.items()}
    nodes = sorted({v for key in weights for v in key})
    solution = solve(nodes, weights)
    expected = {_canonical(p) for p in _brute_force(nodes, weights)}
    found = optima(solution.camps, weights, proven=solution.optimal)
    reported = [_canonical(p) for p in partitions(solution.camps, weights)]
    assert len(reported) == len(set(reported)) and set(reported) <= expected
    if len(expected) > CAP:  # past the cap the count is a lower bound, said as such
        assert found.count == CAP and not found.exact
        return
    assert found.exact and found.count == len(expected)
    assert set(reported) == expected
    # Swing pairs: together in some optima, apart in others.
    together = {
        (a, b): {any(a in c and b in c for c in p) for p in expected}
        for i, a in enumerate(nodes)
        for b in nodes[i + 1 :]
    }
    swinging = {pair for pair, seen in together.items() if len(seen) == 2}
    assert {tuple(sorted(p)) for p in found.swing_pairs} == swinging
    # The swing actors touch every swing pair: without them, all optima agree.
    swing = {s.actor for s in found.swing}
    assert all(a in swing or b in swing for a, b in swinging)


@settings(max_examples=60, deadline=None)
@given(graphs, st.integers(2, 3))
def test_under_a_camp_limit_every_partition_reported_is_optimal(
    ties: dict[tuple[int, int], float], limit: int
) -> None:
    weights = {(f"a{i}", f"a{j}"): w for (i, j), w in ties.items()}
    nodes = sorted({v for key in weights for v in key})
    solution = solve(nodes, weights, Settings(limit))
    for found in partitions(solution.camps, weights, camps_limit=limit):
        camp_of = {v: i for i, c in enumerate(found) for v in c}
        assert frustration(camp_of, weights) <= solution.frustration + 1e-9


def test_a_count_past_the_cap_is_a_lower_bound() -> None:
    # Ten actors with one enemy each: each may stand alone or with any camp it does not face.
    text = "id: many\ntitle: many\nactors:\n"
    text += "".join(f"  - {{id: a{i}}}\n" for i in range(12))
    text += "theaters: [{id: t, actors: [" + ", ".join(f"a{i}" for i in range(12)) + "]}]\n"
    text += "ties:\n" + "".join(
        f"  - {{between: [a{i}, a{i + 1}], stance: enemy}}\n" for i in range(11)
    )
    view = analyse(load_text(text)).view("t")
    found = optima(
        [c.members for c in view.camps],
        {k: e.weight for k, e in view.edges.items()},
        proven=True,
        cap=50,
    )
    assert found.count == 50 and not found.exact and found.unique is False


def test_twins_the_shown_partition_splits_are_searched_apart() -> None:
    # a00, a01 and a02 are twins of the overall view (unaligned in t0, where no tie is); the
    # camp rule splits them (no positive tie holds them together), so the groups the search
    # was given disagree with the partition shown. It once ended in exit 70 (KeyError).
    text = """
id: g
title: g
actors: [{id: a00}, {id: a01}, {id: a02}, {id: a03}, {id: a04}, {id: a05}]
theaters:
  - {id: t0, actors: [a00, a01, a02]}
  - {id: t1, actors: [a00, a03, a04]}
ties:
  - {between: [a00, a03], stance: -1}
  - {between: [a00, a05], stance: -1}
  - {between: [a01, a03], stance: -1}
  - {between: [a02, a04], stance: -1}
  - {between: [a02, a05], stance: -1}
  - {between: [a03, a05], stance: -1}
"""
    overall = analyse(load_text(text)).overall
    found = overall.optima
    weights = {key: data.weight for key, data in overall.edges.items()}
    best = frustration({a: i for i, c in enumerate(overall.camps) for a in c.members}, weights)
    actors = [a for c in overall.camps for a in c.members]
    brute = [
        p for p in set_partitions(actors)
        if abs(frustration({a: i for i, c in enumerate(p) for a in c}, weights) - best) < 1e-9
    ]  # fmt: skip
    assert found.count is not None and 2 <= found.count <= len(brute)
    assert found.swing


#: Blocs A (a1, a2) and B (b1, b2), allies inside, foes across; x torn equally between them.
TWO_BLOCS = {
    ("a1", "a2"): 1.0,
    ("b1", "b2"): 1.0,
    ("a1", "b1"): -1.0,
    ("a1", "b2"): -1.0,
    ("a2", "b1"): -1.0,
    ("a2", "b2"): -1.0,
    ("a1", "x"): 0.5,
    ("b1", "x"): 0.5,
}


def test_a_swing_actor_is_not_said_to_move_when_only_another_swing_actor_does() -> None:
    """x and y each stand with camp A or camp B at no cost, independently: four optima. In
    the optimum where only y changes camp, x has not moved, and x's places say so."""
    weights = {**TWO_BLOCS, ("a2", "y"): 0.5, ("b2", "y"): 0.5}
    nodes = ["a1", "a2", "b1", "b2", "x", "y"]
    solution = solve(nodes, weights)
    found = optima(solution.camps, weights, proven=solution.optimal)
    assert found.count == 4 and {s.actor for s in found.swing} == {"x", "y"}
    for swing in found.swing:
        first = set(swing.company[0])
        for company in swing.company[1:]:
            # Each other place differs by an actor that is not swinging itself.
            assert (set(company) ^ first) - {"x", "y"}, (swing.actor, company)
        other = "b1" if "a1" in first else "a1"
        assert any(other in company for company in swing.company)  # it can go over


def test_under_a_camp_limit_a_place_holds_the_other_components_camp_mates() -> None:
    """With two camps, the foes c1 and c2 (a component of their own) are merged one into each
    camp: wherever x stands, its company holds one of them, as the camp table does."""
    weights = {**TWO_BLOCS, ("c1", "c2"): -1.0}
    nodes = ["a1", "a2", "b1", "b2", "c1", "c2", "x"]
    solution = solve(nodes, weights, Settings(2))
    found = optima(solution.camps, weights, proven=solution.optimal, camps_limit=2)
    (swing,) = [s for s in found.swing if s.actor == "x"]
    assert len(swing.company) == 2
    for company in swing.company:
        camp = next(c for c in solution.camps if company[0] in c)
        assert set(company) == set(camp) - {"x"}
