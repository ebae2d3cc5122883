"""Where each tie's stance applies (engine/ties.py), re-derived from the scenario's text."""

from __future__ import annotations

from alliances_cli.engine.ties import tie_entries
from alliances_cli.scenario.load import load_text

SCENARIO = """
id: t
title: t
actors: [{id: a}, {id: b}, {id: c}]
theaters:
  - {id: north, actors: [a, b, c]}
  - {id: south, actors: [a, b]}
  - {id: east, actors: [a, c]}
ties:
  - between: [a, b]
    stance: ally
    in: {south: {stance: -0.5, confidence: 0.5, note: fell out}}
  - between: [a, c]
    in: {east: 0.3}
"""


def test_a_general_stance_is_inherited_where_both_are_engaged_and_an_entry_overrides_it() -> None:
    scenario = load_text(SCENARIO, "t.yaml")
    found = [(e.a, e.b, e.theater, e.origin, e.stance, e.confidence, e.note) for e in
             tie_entries(scenario, scenario.ties)]  # fmt: skip
    assert found == [
        ("a", "b", None, "general", 1.0, 1.0, None),
        ("a", "b", "north", "inherited", 1.0, 1.0, None),
        ("a", "b", "south", "theater", -0.5, 0.5, "fell out"),
        # a-c has no general stance: no row without a theater, and none where it has no entry.
        ("a", "c", "east", "theater", 0.3, 1.0, None),
    ]
