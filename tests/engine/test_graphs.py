"""Each theater's signed graph (engine/graphs.py) and a scenario as of a day (engine/dated.py)."""

from __future__ import annotations

import pytest

from alliances_cli.engine.dated import at, current, dates
from alliances_cli.engine.graphs import engaged, theater_edges
from alliances_cli.scenario.load import load_text

SCENARIO = """
id: t
title: t
actors: [{id: a}, {id: b}, {id: c}, {id: d}]
theaters: [{id: x, actors: [a, b, c]}]
ties:
  - {between: [a, b], stance: 0.8, confidence: 0.5}
  - {between: [a, c], stance: neutral}
  - {between: [b, c], in: {x: -0.6}}
  - {between: [a, d], stance: ally}
"""


def test_a_theaters_graph_holds_its_engaged_actors_non_neutral_ties_weighted() -> None:
    scenario = load_text(SCENARIO, "t.yaml")
    assert engaged(scenario, "x") == ("a", "b", "c")
    edges = theater_edges(scenario, "x")
    # a-c is neutral (weight 0) and a-d reaches an actor not engaged in x: neither is an edge.
    assert sorted(edges) == [("a", "b"), ("b", "c")]
    assert edges[("a", "b")].weight == pytest.approx(0.4)
    assert edges[("b", "c")].stance == -0.6 and edges[("b", "c")].theaters == ("x",)


DATED = """
id: d
title: d
actors: [{id: a}, {id: b}]
theaters: [{id: x, actors: [a, b]}]
ties:
  - {between: [a, b], stance: enemy, until: 2016-08}
  - {between: [a, b], stance: ally, from: 2016-08}
"""


def test_a_dated_scenario_as_of_a_day_holds_the_ties_of_that_day() -> None:
    scenario = load_text(DATED, "d.yaml")
    assert dates(scenario) == ["2016-08-01"]
    before, after = at(scenario, "2016-07"), at(scenario, "2016-08")
    assert [t.stance for t in before.ties] == [-1.0]
    assert [t.stance for t in after.ties] == [1.0]
    # Without a day: as of the latest date it names.
    assert [t.stance for t in current(scenario).ties] == [1.0]
