"""Dated scenarios: ties and engagements with `from`/`until`, read as of a day."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import alliances_cli as al
from alliances_cli.scenario.dates import day, holds, overlap
from tests.conftest import invoke

DATED = Path(__file__).resolve().parents[1] / "docs" / "examples" / "turkey-turns-2016.yaml"


def camp_mates(document: dict, actor: str) -> set[str]:
    (view,) = document["theaters"]
    for camp in view["coalitions"]:
        if actor in camp["members"]:
            return set(camp["members"])
    raise AssertionError(f"{actor} in no camp")


def test_camps_differ_before_and_after_a_dated_change_and_as_of_picks_the_day() -> None:
    before = json.loads(invoke("--as-of", "2016-07-31", "show", str(DATED), "-f", "json").stdout)
    after = json.loads(invoke("show", str(DATED), "--as-of", "2016-08-01", "-f", "json").stdout)
    assert "us" in camp_mates(before, "turkey") and "russia" not in camp_mates(before, "turkey")
    assert "russia" in camp_mates(after, "turkey") and "us" not in camp_mates(after, "turkey")
    assert before["scenario"]["as_of"] == "2016-07-31"
    assert after["scenario"]["as_of"] == "2016-08-01"


def test_without_as_of_a_dated_scenario_is_read_as_of_the_latest_date_it_names() -> None:
    result = invoke("show", str(DATED))
    assert result.returncode == 0
    assert result.stdout.splitlines()[0].endswith("(turkey-turns-2016, as of 2016-08)")
    document = json.loads(invoke("show", str(DATED), "-f", "json").stdout)
    assert "russia" in camp_mates(document, "turkey")


def test_every_command_that_reads_a_scenario_takes_as_of() -> None:
    ties = invoke("ties", str(DATED), "--as-of", "2016-01-01", "-f", "csv").stdout
    assert "russia,turkey,,general,-1.0," in ties and "turkey,us,,general,1.0," in ties
    assert ties.count("russia,turkey,") == 2  # one tie on that day: general, and in syria
    whatif = invoke("--as-of", "2016-01", "whatif", str(DATED), "shift:russia:turkey=+2")
    assert "as of 2016-01" in whatif.stdout and "Turkey" in whatif.stdout


def test_a_bad_as_of_date_is_a_usage_error() -> None:
    result = invoke("--as-of", "2016-02-30", "show", str(DATED))
    assert result.returncode == 2
    assert "'2016-02-30' is not a date" in result.stderr


def test_theater_engagement_holds_only_within_its_period(tmp_path: Path) -> None:
    text = DATED.read_text(encoding="utf-8").replace(
        "actors: [us, turkey, russia, ypg, assad]",
        "actors: [us, {id: turkey, from: 2016-08-24}, russia, ypg, assad]",
    )
    scenario = al.load_text(text)
    assert "turkey" not in al.as_of(scenario, "2016-08-23").theaters[0].actors
    assert "turkey" in al.as_of(scenario, "2016-08-24").theaters[0].actors
    assert "turkey" in al.as_of(scenario, "2016-12").theaters[0].actors


def test_a_dated_scenario_round_trips_through_yaml_and_import_keeps_every_period() -> None:
    scenario = al.load(DATED)
    assert al.load_text(al.dump(scenario)) == scenario
    imported = invoke("import", str(DATED)).stdout
    assert imported.count("between:") == len(scenario.ties) == 10


def test_validate_counts_every_dated_tie_and_the_schema_knows_from_and_until() -> None:
    assert "10 ties" in invoke("validate", str(DATED)).stdout
    schema = json.loads(invoke("schema").stdout)
    tie = schema["properties"]["ties"]["items"]["properties"]
    assert {"from", "until"} <= set(tie)


DATES = st.dates().map(lambda d: d.isoformat())
ENDS = st.one_of(st.none(), DATES)


@given(ENDS, ENDS, DATES)
def test_a_period_holds_from_its_first_day_up_to_but_not_on_its_until(
    since: str | None, until: str | None, when: str
) -> None:
    expected = (since is None or since <= when) and (until is None or when < until)
    assert holds(since, until, when) == expected


@given(ENDS, ENDS, ENDS, ENDS)
def test_two_periods_overlap_when_some_day_holds_in_both(
    a: str | None, b: str | None, c: str | None, d: str | None
) -> None:
    ends = [x for x in (a, b, c, d) if x is not None] + ["0001-01-01", "9999-12-30"]
    days = sorted(set(ends))
    shared = any(holds(a, b, x) and holds(c, d, x) for x in days)
    assert overlap((a, b), (c, d)) == shared


@pytest.mark.parametrize(
    ("written", "full"),
    [("2016", "2016-01-01"), ("2016-10", "2016-10-01"), ("2016-02-29", "2016-02-29")],
)
def test_a_partial_date_stands_for_its_first_day(written: str, full: str) -> None:
    assert day(written) == full


def test_no_calendar_day_is_no_date() -> None:
    assert day("2015-02-29") is None and day("2016-13") is None and day("16-01-01") is None
