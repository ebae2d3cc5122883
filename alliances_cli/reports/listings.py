"""`alliances scenarios`, `actors` and `ties`: the scenario itself, listed."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alliances_cli.engine.ties import tie_entries
from alliances_cli.reports.common import scenario_header
from alliances_cli.reports.render.formats import Result, table
from alliances_cli.reports.render.numbers import num
from alliances_cli.scenario.model import Scenario, Tie

if TYPE_CHECKING:
    pass


def scenarios_result(found: dict[str, tuple[Path, Scenario]]) -> Result:
    rows = [
        (
            name,
            s.title,
            s.as_of,
            len(s.actors),
            len(s.theaters),
            len(s.ties),
            [e.id for e in s.events],
            str(path),
        )
        for name, (path, s) in found.items()
    ]
    columns = ("name", "title", "as_of", "actors", "theaters", "ties", "events", "path")
    return Result(
        title="Bundled scenarios",
        document={
            "schema": "alliances/scenarios/1",
            "scenarios": [dict(zip(columns, row, strict=True)) for row in rows],
        },
        tables=(table("scenarios", columns, rows),),
    )


ACTOR_COLUMNS = ("id", "name", "kind", "tags", "capability", "theaters")


def actors_result(scenario: Scenario, actor_ids: Sequence[str]) -> Result:
    rows = []
    for actor_id in actor_ids:
        actor = scenario.actor_by_id[actor_id]
        engaged = [t.id for t in scenario.theaters if actor.id in t.actors]
        rows.append(
            (actor.id, actor.name, actor.kind, list(actor.tags), num(actor.capability), engaged)
        )
    return Result(
        title=f"{scenario.title}: actors",
        document={
            "schema": "alliances/actors/1",
            "scenario": scenario_header(scenario),
            "actors": [dict(zip(ACTOR_COLUMNS, row, strict=True)) for row in rows],
        },
        tables=(table("actors", ACTOR_COLUMNS, rows),),
    )


TIE_COLUMNS = (
    "a",
    "b",
    "theater",
    "origin",
    "stance",
    "confidence",
    "weight",
    "evidence",
    "note",
)


def tie_rows(scenario: Scenario, ties: Sequence[Tie]) -> list[tuple[Any, ...]]:
    """A row (TIE_COLUMNS) for each stance of the ties where it applies (`engine/ties.py`)."""
    rows: list[tuple[Any, ...]] = []
    for e in tie_entries(scenario, ties):
        refs = "; ".join(dict.fromkeys(f"{x.source} {x.at or ''}".strip() for x in e.evidence))
        weight = num(e.stance * e.confidence)
        rows.append(
            (e.a, e.b, e.theater, e.origin, num(e.stance), num(e.confidence), weight, refs, e.note)
        )
    return rows


def ties_result(scenario: Scenario, rows: Sequence[tuple[Any, ...]]) -> Result:
    return Result(
        title=f"{scenario.title}: ties",
        document={
            "schema": "alliances/ties/1",
            "scenario": scenario_header(scenario),
            "ties": [dict(zip(TIE_COLUMNS, row, strict=True)) for row in rows],
        },
        tables=(table("ties", TIE_COLUMNS, list(rows)),),
    )
