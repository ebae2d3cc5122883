"""What-if events checked against the table of actions (scenario/checks/events.py)."""

from __future__ import annotations

import pytest

from alliances_cli.scenario.checks.events import OPERATIONS
from alliances_cli.scenario.errors import ScenarioError
from alliances_cli.scenario.load import load_text
from alliances_cli.scenario.model import (
    ApplyEvent,
    Exclude,
    Include,
    Remove,
    SetTie,
    ShiftTie,
)

HEAD = """id: t
title: t
actors: [{id: a}, {id: b}, {id: c}]
theaters: [{id: x, actors: [a, b]}, {id: y, actors: [a, b, c]}]
ties: [{between: [a, b], stance: ally}]
events:
"""


def event(*steps: str) -> str:
    return HEAD + "  - id: e\n    do:\n" + "".join(f"      - {s}\n" for s in steps)


def test_each_action_in_the_table_builds_its_operation() -> None:
    scenario = load_text(
        event(
            "{exclude: a, from: x}",
            "{remove: c}",
            "{include: c, in: x}",
            "{set: [a, b], stance: rival, in: y}",
            "{shift: [a, b], by: -0.5}",
        )
        + "  - id: f\n    do: [{apply: e}]\n"
    )
    ops = scenario.event_by_id["e"].operations
    assert [type(op) for op in ops] == [Exclude, Remove, Include, SetTie, ShiftTie]
    assert (ops[0].actor, ops[0].theater) == ("a", "x")
    assert (ops[3].stance, ops[3].theater) == (-0.6, "y")
    assert ops[4].by == -0.5 and ops[4].theater is None
    (applied,) = scenario.event_by_id["f"].operations
    assert isinstance(applied, ApplyEvent) and applied.event == "e"
    assert set(OPERATIONS) == {"exclude", "remove", "include", "set", "shift", "apply"}


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        ("{exclud: a}", "an operation needs one of exclude, remove, include, set, shift, apply; "
         "this one has exclud; did you mean 'exclude'?"),
        ("{remove: a, exclude: b}", "an operation does one thing, this one names remove and "
         "exclude; write one operation for each"),
        ("{include: c}", "an 'include' operation is missing the required field 'in'"),
        ("{set: [a, b]}", "a 'set' operation needs a 'stance' and/or a 'confidence'"),
        ("{shift: [a, b], by: 3}", "'by' is 3; it must be from -2 to +2"),
        ("{exclude: a, from: z}", "unknown theater 'z'"),
        ("[exclude, a]", "an operation must be a mapping such as {exclude: turkey, from: mosul}, "
         "not a list"),
    ],
)  # fmt: skip
def test_a_wrong_operation_is_one_message_at_its_position(step: str, expected: str) -> None:
    with pytest.raises(ScenarioError) as found:
        load_text(event(step), "e.yaml")
    problems = [p.message for p in found.value.problems]
    assert any(m.startswith(expected) for m in problems), problems
    assert all(p.pos is not None and p.pos.line == 9 for p in found.value.problems)
