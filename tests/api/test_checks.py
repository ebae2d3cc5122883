"""What the API checks for every function: dates, steps, rules, ids, picture formats."""

from __future__ import annotations

import pytest

import alliances_cli
from alliances_cli.api import checks
from alliances_cli.scenario.errors import UnknownId


def test_a_written_date_stands_for_its_first_day_and_a_non_date_says_how_to_write_one() -> None:
    assert checks.full_date("2016-10") == "2016-10-01"
    assert checks.full_date("2016") == "2016-01-01"
    assert checks.is_date("2016-10-17") and not checks.is_date("yesterday")
    with pytest.raises(ValueError, match="write YYYY-MM-DD, YYYY-MM or YYYY"):
        checks.full_date("2016-13-01")


def test_a_step_is_a_count_and_a_unit() -> None:
    assert checks.step_of("3m", "step", "1m") == (3, "m")
    with pytest.raises(ValueError, match="'3x' is not a step; write a count and d, w, m or y: 1m"):
        checks.step_of("3x", "step", "1m")


def test_unknown_ids_suggest_the_near_ones_and_list_theaters_but_not_actors() -> None:
    scenario = alliances_cli.load()
    assert checks.actor_of(scenario, "turkey").id == "turkey"
    with pytest.raises(UnknownId) as actor:
        checks.actor_of(scenario, "turky")
    assert "did you mean 'turkey'?" in str(actor.value) and "known:" not in str(actor.value)
    with pytest.raises(UnknownId) as theater:
        checks.theater_of(scenario, "mosull")
    assert "did you mean 'mosul'?" in str(theater.value)
    assert "(known: " in str(theater.value) and "aleppo" in str(theater.value)


@pytest.mark.parametrize("bad", [0, -1.0, float("nan")])
def test_a_time_limit_is_a_positive_number_of_seconds(bad: float) -> None:
    assert checks.time_limit_of(None) is None and checks.time_limit_of(0.5) == 0.5
    with pytest.raises(ValueError, match="positive number of seconds"):
        checks.time_limit_of(bad)


def test_the_picture_format_comes_from_the_option_or_the_extension() -> None:
    assert checks.picture_format("map.SVG") == "svg"
    assert checks.picture_format("map.out", "png") == "png"
    with pytest.raises(ValueError, match="cannot draw 'gif'; use svg, png or pdf"):
        checks.picture_format("map.gif")
    assert checks.rule_of("mean") == "mean"
    with pytest.raises(ValueError, match="use 'consensus' or 'mean'"):
        checks.rule_of("median")


def test_a_suggestion_comes_from_a_word_of_a_display_name_and_never_from_a_distant_id() -> None:
    from alliances_cli.scenario.vocabulary import suggest

    names = {"russia": "Russia (incl. Wagner)", "algeria": "Algeria", "is": "Islamic State"}
    assert suggest("wagner", names, names) == "; did you mean 'russia' (Russia (incl. Wagner))?"
    assert suggest("wagner", ["algeria", "egypt"]) == ""  # 0.62 alike: unrelated, not said
    assert suggest("isis", names, names) == "; did you mean 'is'?"  # a prefix either way
    assert suggest("algria", names, names) == "; did you mean 'algeria'?"
    assert suggest("xyzzy", names, names) == ""
