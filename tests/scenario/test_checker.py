"""The scenario checker (scenario/checks/): every problem at once, each at its place."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliances_cli.scenario.checks import ScenarioChecker
from alliances_cli.scenario.checks.base import kind_of, numeric, shown
from alliances_cli.scenario.errors import ScenarioError
from alliances_cli.scenario.load import load_text
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


DAYS = [f"2016-{m:02d}-01" for m in range(1, 13)]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from([None, *DAYS]), st.sampled_from([None, *DAYS])),
        max_size=12,
    )
)
def test_a_pairs_periods_clash_exactly_where_two_share_a_day(
    periods: list[tuple[str | None, str | None]],
) -> None:
    from alliances_cli.scenario.checks.sections import Periods
    from alliances_cli.scenario.dates import overlap

    kept = Periods()
    held: list[tuple[str | None, str | None]] = []
    for since, until in periods:
        if since is not None and until is not None and since >= until:
            continue  # an empty period is refused before this check
        expected = [p for p in held if overlap(p, (since, until))]
        found = [period for _, period in kept.clashes(since, until)]
        assert bool(found) == bool(expected) and all(p in expected for p in found)
        if not expected:
            kept.add(("ties", len(held)), since, until)
            held.append((since, until))


def test_thousands_of_dated_ties_of_one_pair_are_checked_and_a_clash_is_placed() -> None:
    import datetime as dt

    lines = [
        "id: w",
        "title: w",
        "actors: [{id: a}, {id: b}]",
        "theaters: [{id: t, actors: [a, b]}]",
    ]
    lines.append("ties:")
    start = dt.date(2000, 1, 3)
    for _ in range(3000):
        end = start + dt.timedelta(days=7)
        lines.append(f"  - {{between: [a, b], stance: 0.5, from: {start}, until: {end}}}")
        start = end
    lines.append("  - {between: [a, b], stance: -1, from: 2010-06-01, until: 2010-06-05}")
    with pytest.raises(ScenarioError) as found:
        load_text("\n".join(lines) + "\n", "w.yaml")
    (problem,) = found.value.problems
    assert problem.pos is not None and problem.pos.line == 3006
    assert (
        "already defined at line" in problem.message and "some of the same days" in problem.message
    )
