"""An actor file: names, kinds, capabilities and tags for the actors of a scenario.

Imported networks know their actors only by the names in the edge list. A CSV (or TSV, or
semicolon-separated) file with a header gives them more: `id` (required: an actor's id, or
its name as the edge list wrote it), and any of `name`, `kind`, `capability` and `tags`
(separated by spaces or `|`). An empty cell leaves that field as it was. Every problem is
reported as file:line:col.
"""

from __future__ import annotations

import csv
import functools
import math
from collections.abc import Callable

from alliances_cli.scenario.errors import ScenarioError
from alliances_cli.scenario.importers.edgelist import delimiter_of
from alliances_cli.scenario.model import Actor, Scenario
from alliances_cli.scenario.positions import Pos, Problem, quoted
from alliances_cli.scenario.record import replace
from alliances_cli.scenario.textcheck import unfit_text
from alliances_cli.scenario.vocabulary import ACTOR_KINDS, ID_PATTERN, hinted, suggest

COLUMNS = ("id", "name", "kind", "capability", "tags")


def apply_actor_file(scenario: Scenario, text: str, path: str) -> Scenario:
    """`scenario` with its actors updated from the actor file's rows."""
    problems: list[Problem] = []
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ScenarioError([Problem(path, None, "empty file; an actor file needs a header row")])
    delimiter = delimiter_of(path, lines[0])
    rows = list(csv.reader(lines, delimiter=delimiter))
    header = [h.strip().lower() for h in rows[0]]
    index = {name: i for i, name in enumerate(header)}

    def error(line: int, column: str | None, message: str) -> None:
        col = 1
        if column is not None and column in index:
            col = 1 + sum(len(cell) + 1 for cell in rows[line - 1][: index[column]])
        problems.append(Problem(path, Pos(line, col), message))

    for name in header:
        if name not in COLUMNS:
            error(
                1,
                name,
                f"unknown column {quoted(name)}"
                + hinted(suggest(name, COLUMNS), f"use {', '.join(COLUMNS)}"),
            )
    if "id" not in index:
        error(1, None, "the header has no 'id' column; an actor file needs id and a field to set")
    if problems:
        raise ScenarioError(problems)
    by_key: dict[str, Actor] = {a.name: a for a in scenario.actors}
    by_key.update({a.id: a for a in scenario.actors})
    updated: dict[str, Actor] = {}
    for line, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {name: row[i].strip() if i < len(row) else "" for name, i in index.items()}
        actor = by_key.get(cells["id"])
        if actor is None:
            error(line, "id", f"no actor {quoted(cells['id'])}{suggest(cells['id'], by_key)}")
            continue
        changes = _changes(cells, functools.partial(error, line))
        base = updated.get(actor.id, actor)
        updated[actor.id] = replace(base, **changes) if changes else base
    if problems:
        raise ScenarioError(problems)
    return replace(scenario, actors=tuple(updated.get(a.id, a) for a in scenario.actors))


def _changes(cells: dict[str, str], error: Callable[[str, str], None]) -> dict[str, object]:
    """The fields a row sets, each checked; a bad cell is said (by column) and left out."""
    changes: dict[str, object] = {}
    if cells.get("name"):
        unfit = unfit_text(cells["name"], "a name")
        if unfit:
            error("name", unfit)
        else:
            changes["name"] = cells["name"]
    if cells.get("kind"):
        if cells["kind"] not in ACTOR_KINDS:
            error(
                "kind",
                f"unknown actor kind {quoted(cells['kind'])}"
                + hinted(
                    suggest(cells["kind"], ACTOR_KINDS), f"use one of: {', '.join(ACTOR_KINDS)}"
                ),
            )
        else:
            changes["kind"] = cells["kind"]
    if cells.get("capability"):
        try:
            capability = float(cells["capability"])
        except ValueError:
            capability = math.nan
        if not (math.isfinite(capability) and 0 < capability <= 1e6):
            error(
                "capability", f"capability {quoted(cells['capability'])} must be a number above 0"
            )
        else:
            changes["capability"] = capability
    if cells.get("tags"):
        tags = tuple(t for t in cells["tags"].replace("|", " ").split() if t)
        bad = [t for t in tags if not ID_PATTERN.match(t)]
        if bad:
            error(
                "tags", f"tag {quoted(bad[0])} is not an id; use letters, digits, '-', '_' or '.'"
            )
        else:
            changes["tags"] = tags
    return changes
