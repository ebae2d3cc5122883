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
