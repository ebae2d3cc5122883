"""The solver's settings record (engine/solver/settings.py)."""

from __future__ import annotations

import pytest

from alliances_cli.engine.solver import Settings, problem_key


def test_the_camp_limit_is_one_or_more() -> None:
    with pytest.raises(ValueError, match="camps_limit"):
        Settings(camps_limit=0)


def test_two_camps_and_the_limit_for_a_component() -> None:
    assert Settings(2).two_camps and not Settings(3).two_camps and not Settings().two_camps
    assert Settings(3).limit_for(2) == 2 and Settings().limit_for(5) == 5


def test_the_clock_starts_only_with_a_time_limit_and_never_changes_the_key() -> None:
    assert Settings().started().deadline is None
    timed = Settings(time_limit=2.0)
    started = timed.started()
    assert started.deadline is not None
    nodes, weights = ["a", "b"], {("a", "b"): 1.0}
    assert problem_key(nodes, weights, started) == problem_key(nodes, weights, timed)
    assert problem_key(nodes, weights, Settings(2)) != problem_key(nodes, weights, Settings())
