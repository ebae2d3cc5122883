"""The Python API: every public name resolves, and every record's to_dict() is the CLI's JSON."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

import pytest
from conftest import invoke

import alliances_cli as al


def test_every_public_name_resolves() -> None:
    assert [name for name in al.__all__ if not hasattr(al, name)] == []
    assert set(al.api.__all__) == set(al.__all__) - {"__version__"}


SCENARIO = al.load()

CASES: list[tuple[list[str], Callable[[], Any]]] = [
    (["show", "-f", "json"], lambda: al.analyse(SCENARIO)),
    (["show", "-f", "json", "--overall", "mean"], lambda: al.analyse(SCENARIO, overall="mean")),
    (
        ["show", "-f", "json", "-t", "aleppo", "-k", "2"],
        lambda: al.analyse(SCENARIO, theater="aleppo", camps_limit=2),
    ),
    (
        ["whatif", "mosul-aleppo-2016", "turkey-exclusion", "shift:us:iran=+0.3", "-f", "json"],
        lambda: al.whatif(SCENARIO, ["turkey-exclusion", "shift:us:iran=+0.3"]),
    ),
    (["sweep", "-m", "1", "-j", "1", "-f", "json"], lambda: al.sweep(SCENARIO, max_events=1)),
    (["actors", "-t", "mosul", "-f", "json"], lambda: al.list_actors(SCENARIO, theater="mosul")),
    (
        ["ties", "-a", "us", "-s", "negative", "-f", "json"],
        lambda: al.list_ties(SCENARIO, actors=["us"], sign="negative"),
    ),
]


@pytest.mark.parametrize(
    ("args", "make"), CASES, ids=lambda c: " ".join(c) if isinstance(c, list) else ""
)
def test_to_dict_is_the_json_the_command_prints(args: list[str], make: Callable[[], Any]) -> None:
    ran = invoke(*args)
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout) == json.loads(json.dumps(make().to_dict()))


def test_text_is_the_report_the_command_prints() -> None:
    assert al.analyse(SCENARIO).text() == invoke("show").stdout
    assert (
        al.whatif(SCENARIO, ["is-falls-in-iraq"]).text()
        == invoke("whatif", "mosul-aleppo-2016", "is-falls-in-iraq").stdout
    )


def test_records_are_immutable() -> None:
    analysis = al.analyse(SCENARIO)
    with pytest.raises(dataclasses.FrozenInstanceError):
        analysis.result = None  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        al.whatif(SCENARIO, []).changes = None  # type: ignore[misc]


def test_unknown_ids_say_what_is_known() -> None:
    with pytest.raises(al.UnknownId, match="unknown theater 'alepo'; did you mean 'aleppo'"):
        al.analyse(SCENARIO, theater="alepo")
    with pytest.raises(al.UnknownId, match="unknown actor 'USA'"):
        al.list_ties(SCENARIO, actors=["USA"])


def test_save_writes_a_scenario_that_loads_back(tmp_path: Any) -> None:
    path = tmp_path / "after.yaml"
    saved = al.whatif(SCENARIO, ["turkey-exclusion"]).saved()
    al.save(saved, str(path), header="after turkey-exclusion")
    assert path.read_text().startswith("# after turkey-exclusion\n")
    assert al.load(str(path)) == saved


def test_paths_may_be_path_objects_as_notebooks_pass_them(tmp_path: Any) -> None:
    path = tmp_path / "copy.yaml"
    al.save(SCENARIO, path)
    assert al.load(path) == al.load(str(path))
    pytest.importorskip("matplotlib")
    picture = tmp_path / "map.svg"
    al.draw(SCENARIO, picture)
    assert picture.read_text().lstrip().startswith("<?xml")
