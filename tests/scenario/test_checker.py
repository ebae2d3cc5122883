"""The scenario checker (scenario/checks/): every problem at once, each at its place."""

from __future__ import annotations

from alliances_cli.scenario.checks import ScenarioChecker
from alliances_cli.scenario.checks.base import kind_of, numeric, shown
from alliances_cli.scenario.yamldoc import parse

TEXT = """\
id: t
title: A test
actors:
  - {id: us}
  - id: turkey
    capabilty: 0.5
theaters:
  - {id: syria, actors: [us, turkey, iran]}
ties:
  - {between: [us, turkey], stance: frend}
"""


def _problems(text: str) -> list[str]:
    doc, _ = parse(text)
    checker = ScenarioChecker(doc, "s.yaml")
    checker.scenario()
    return sorted(str(p) for p in checker.problems)


def test_every_problem_is_found_in_one_pass_each_at_its_line_and_column() -> None:
    problems = _problems(TEXT)
    assert len(problems) == 3, problems
    assert any(
        p.startswith("s.yaml:6:5: unknown field 'capabilty'") and "'capability'" in p
        for p in problems
    )
    assert any(p.startswith("s.yaml:8:") and "'iran'" in p for p in problems)
    assert any(p.startswith("s.yaml:10:") and "'frend'" in p and "friendly" in p for p in problems)


def test_a_valid_scenario_builds_its_model_with_no_problems() -> None:
    doc, _ = parse(
        TEXT.replace("    capabilty: 0.5\n", "").replace(", iran", "").replace("frend", "friendly")
    )
    checker = ScenarioChecker(doc, "s.yaml")
    scenario = checker.scenario()
    assert checker.problems == [] and scenario is not None
    assert [a.id for a in scenario.actors] == ["us", "turkey"]
    assert scenario.ties[0].stance > 0


def test_values_are_named_in_words_and_cut_when_long() -> None:
    assert (kind_of(True), kind_of([1]), kind_of(1.5)) == (
        "the yes/no value 'true'",
        "a list",
        "a number (1.5)",
    )
    assert numeric("0.5") and numeric("-1") and not numeric("half")
    long = shown("x" * 500)
    assert len(long) < 100 and long.startswith("'x")
