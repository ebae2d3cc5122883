"""Sampling the ties (engine/robust.py): certain ties never move, draws are reproducible,
sampled camps are matched to reported ones one to one."""

from __future__ import annotations

import pytest

import alliances_cli as al
from alliances_cli.engine.analysis import analyse
from alliances_cli.engine.robust import assign, elsewhere, robust

SCENARIO = """\
id: t
title: t
actors: [{id: a}, {id: b}, {id: c}, {id: d}]
theaters: [{id: x, actors: [a, b, c, d]}]
ties:
  - {between: [a, b], stance: 1, confidence: CONF}
  - {between: [c, d], stance: 1, confidence: CONF}
  - {between: [a, c], stance: -1, confidence: CONF}
  - {between: [b, d], stance: -0.5, confidence: 0.2}
"""


def test_certain_ties_never_flip_so_every_sample_is_the_point_answer() -> None:
    point = analyse(al.load_text(SCENARIO.replace("CONF", "1")))
    found = robust(point, samples=60, seed=3)
    view = point.theaters[0]
    odds = [p for p in found.pairs if p.view == "x"]
    # b-d is uncertain, but the certain ties alone decide the camps: {a, b} against {c, d}.
    assert {(p.a, p.b): p.together for p in odds} == {
        (p.a, p.b): float(view.camp_of(p.a) == view.camp_of(p.b)) for p in odds
    }
    assert all(a.apart == 0 for a in found.actors if a.view == "x")


def test_uncertain_ties_move_actors_in_some_samples_and_the_same_seed_draws_the_same() -> None:
    point = analyse(al.load_text(SCENARIO.replace("CONF", "0.3")))
    first = robust(point, samples=80, seed=5)
    assert any(0 < p.together < 1 for p in first.pairs)
    assert robust(point, samples=80, seed=5) == first
    assert robust(point, samples=80, seed=6) != first


def test_sampled_camps_are_matched_by_largest_overlap_and_a_new_camp_to_none() -> None:
    reported = [("a", "b", "c"), ("d", "e")]
    assert assign(reported, (("a", "b"), ("c", "d", "e"))) == {
        "a": 0, "b": 0, "c": 1, "d": 1, "e": 1,
    }  # fmt: skip
    assert assign(reported, (("a", "b", "c"), ("d",), ("e",)))["e"] is None


def test_two_camps_joined_equally_each_stand_elsewhere_by_half_not_by_a_tie_break() -> None:
    reported = [("a", "b"), ("c",), ("d",)]
    # c and d, each alone, join: the sampled camp continues either equally.
    assert elsewhere(reported, (("a", "b"), ("c", "d"))) == {"a": 0, "b": 0, "c": 0.5, "d": 0.5}
    # A larger camp that gains one actor continues that camp: only the newcomer moves.
    assert elsewhere(reported, (("a", "b", "c"), ("d",))) == {"a": 0, "b": 0, "c": 1, "d": 0}
    # A camp of actors no reported camp holds stands elsewhere wholly.
    assert elsewhere([("a", "b")], (("a", "b"), ("e",)))["e"] == 1


@pytest.mark.parametrize(
    ("option", "message"),
    [({"noise": "gauss"}, "unknown noise model"), ({"samples": 0}, "at least 1")],
)
def test_a_bad_setting_is_refused_in_words(option: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        robust(analyse(al.load_text(SCENARIO.replace("CONF", "1"))), **option)  # type: ignore[arg-type]


def test_a_sample_with_several_optima_counts_each_equally_not_the_solvers_pick() -> None:
    # a-b and b-c allied, a-c enemies, all certain: three partitions cost 1 (ab|c, a|bc, abc),
    # so each sample, the same every time, counts each as a third.
    text = """\
id: t
title: t
actors: [{id: a}, {id: b}, {id: c}]
theaters: [{id: x, actors: [a, b, c]}]
ties:
  - {between: [a, b], stance: 1}
  - {between: [b, c], stance: 1}
  - {between: [a, c], stance: -1}
"""
    point = analyse(al.load_text(text))
    assert point.theaters[0].optima.count == 3
    found = robust(point, samples=7, seed=1)
    together = {(p.a, p.b): p.together for p in found.pairs if p.view == "x"}
    assert together == pytest.approx({("a", "b"): 2 / 3, ("a", "c"): 1 / 3, ("b", "c"): 2 / 3})
    seen = sorted(s.share for s in found.partitions if s.view == "x")
    assert seen == pytest.approx([1 / 3] * 3)
