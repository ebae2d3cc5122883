"""Importers (scenario/importers/): what a message quotes of a cell is cut, as in scenarios."""

from __future__ import annotations

import pytest

from alliances_cli.scenario.errors import ScenarioError
from alliances_cli.scenario.importers.actorfile import apply_actor_file
from alliances_cli.scenario.importers.edgelist import load_edge_list
from alliances_cli.scenario.positions import SHOWN_CHARS

LONG = "IRQ AFG 1PAK AFG -1RUS AFG 1GRC " * 20  # a file whose line breaks were lost


@pytest.mark.parametrize("column", ["sign", "stance", "weight", "confidence"])
def test_an_edge_list_cell_is_quoted_cut_at_the_same_length_as_scenario_text(column: str) -> None:
    extra = ",sign" if column == "confidence" else ""
    value = f"{LONG},1" if column == "confidence" else LONG
    text = f"source,target,{column}{extra}\na,b,{value}\n"
    with pytest.raises(ScenarioError) as found:
        load_edge_list(text, "net.csv")
    (problem,) = found.value.problems
    assert f"'{LONG[:SHOWN_CHARS]}…'" in problem.message
    assert len(problem.message) < 200 and problem.pos is not None


def test_an_actor_file_cell_is_quoted_cut_too() -> None:
    network = load_edge_list("source,target,sign\na,b,1\n", "net.csv")
    with pytest.raises(ScenarioError) as found:
        apply_actor_file(network, f"id,kind\na,{LONG}\n", "actors.csv")
    assert f"'{LONG[:SHOWN_CHARS]}…'" in found.value.problems[0].message


def test_acled_and_plover_scores_follow_the_documented_tables() -> None:
    from alliances_cli.scenario.importers.eventformats import acled_score, event_date, plover_score

    assert acled_score("Battles", "Armed clash") == -9.0
    assert acled_score("Protests", "Excessive force against protesters") == -7.5
    assert acled_score("Strategic developments", "Agreement") == 2.5
    assert acled_score("Strategic developments", "Headquarters or base established") == 0.0
    assert acled_score("Sports", "") is None
    assert plover_score("assault", "aerial") == -9.5  # category and mode, any case
    assert plover_score("ASSAULT", "Unknown-mode") == -9.0  # the category's score
    assert plover_score("ACCUSE") == -3.0 and plover_score("GOSSIP") is None
    assert event_date("15 March 2020") == "2020-03-15" == event_date("20200315")
    assert event_date("31 February 2020") is None


def test_each_event_format_is_told_by_its_first_line_and_repeats_dropped_one_a_day() -> None:
    from alliances_cli.scenario.importers.eventdata import Happening, Tally
    from alliances_cli.scenario.importers.eventfiles import detect, one_a_day

    assert detect("event_id_cnty,event_date,event_type,actor1,actor2\n") == "acled"
    assert detect('{"id": "P1", "date": "2016-10-20", "event": ["AID"]}\n') == "plover"
    assert detect("Event ID\tEvent Date\tEvent Type\tActor Name\tRecipient Name\n") == "polecat"
    assert detect("Event ID\tEvent Date\tSource Name\tTarget Name\tIntensity\n") == "icews"
    assert detect("date,source,target,score\n") == "csv"
    assert detect("hello world\n") is None

    def event(source: str, code: str, date: str) -> Happening:
        return Happening(1, "e", date, source, "b", "", "", -5.0, 1, "", code)

    tally = Tally()
    happenings = [
        event("a", "190", "2016-01-01"),
        event("a", "190", "2016-01-01"),  # the same report again
        event("a", "190", "2016-01-02"),  # the next day
        event("a", "173", "2016-01-01"),  # another type
        event("b", "190", "2016-01-01"),  # the other direction... of another pair here
    ]
    kept = list(one_a_day(iter(happenings), tally))
    assert len(kept) == 4 and tally.duplicates == 1
