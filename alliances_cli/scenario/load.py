"""Loading a scenario: choosing a reader for the text, parsing it, checking it, the model.

A file is read as bytes (`reading.py`), told apart as YAML or a signed edge list, parsed with
every value's position (`yamldoc.py`), and checked section by section (`checks/`), which
reports every problem at once or builds the immutable model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from alliances_cli.scenario.checks import ScenarioChecker
from alliances_cli.scenario.errors import ScenarioError
from alliances_cli.scenario.model import Event, Scenario
from alliances_cli.scenario.positions import Pos, Problem
from alliances_cli.scenario.reading import decode, read_bytes, read_limited

if TYPE_CHECKING:
    from alliances_cli.scenario.importers.ratings import Rules


def load_file(path: str, rules: Rules | None = None) -> Scenario:
    """Read and validate a scenario file: YAML, or a signed edge list (CSV/TSV) whose ratings
    `rules` combine."""
    return load_any(decode(read_bytes(path), path), path, rules)


def load_stream(stream: Any, rules: Rules | None = None) -> Scenario:
    """A scenario (YAML or edge list) from a text stream, such as standard input: its bytes
    when it has them (the size limit and the UTF-8 check apply), else its text."""
    name = "<stdin>"
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        return load_any(decode(read_limited(buffer, name), name), name, rules)
    import io

    data = stream.read().encode("utf-8", "surrogateescape")
    return load_any(decode(read_limited(io.BytesIO(data), name), name), name, rules)


def load_any(text: str, path: str, rules: Rules | None = None) -> Scenario:
    """A signed edge list (by its name or header), a SNAP text file (by its rows), else YAML."""
    if looks_like_edge_list(path, text):
        from alliances_cli.scenario.importers.edgelist import load_edge_list

        return load_edge_list(text, path, rules)
    from alliances_cli.scenario.importers.sniff import looks_like_snap

    if looks_like_snap(text):
        from alliances_cli.scenario.importers.edgelist import load_snap

        return load_snap(text, path, rules)
    return load_text(text, path)


EDGE_LIST_SUFFIXES = (".csv", ".tsv")


def looks_like_edge_list(path: str, text: str) -> bool:
    """By extension (a compressed file's by the name inside: `net.csv.gz`), or by a header
    line naming source and target."""
    from alliances_cli.scenario.reading import plain_name

    if plain_name(path).lower().endswith(EDGE_LIST_SUFFIXES):
        return True
    from alliances_cli.scenario.importers.sniff import header_fields

    head = text[:65536].splitlines()  # the header is the first non-blank line
    first = next((line for line in head if line.strip()), "")
    return {"source", "target"} <= header_fields(first)


def load_text(text: str, path: str = "<scenario>") -> Scenario:
    """Validate scenario text and build the model, or raise ScenarioError with every problem."""
    if not text.strip():
        raise ScenarioError(
            [Problem(path, None, "empty file; a scenario needs id, title, actors and theaters")]
        )
    from alliances_cli.scenario.yamldoc import YamlError, parse  # not for edge lists

    try:
        doc, duplicates = parse(text)
    except YamlError as exc:
        raise ScenarioError([Problem(path, exc.pos, exc.message)]) from None
    if doc.data is None and not duplicates:
        raise ScenarioError(
            [Problem(path, None, "empty file; a scenario needs id, title, actors and theaters")]
        )
    checker = ScenarioChecker(doc, path)
    for pos, message in duplicates:
        checker.problems.append(Problem(path, pos, message))
    scenario = checker.scenario()
    if checker.problems or scenario is None:
        problems = sorted(set(checker.problems), key=lambda p: (p.pos or Pos(0, 0), p.message))
        raise ScenarioError(problems)
    return scenario


def load_events_file(path: str, scenario: Scenario) -> tuple[Event, ...]:
    """Read a separate file of named events (`events: [...]`) that act on `scenario`."""
    text = decode(read_bytes(path), path)
    if not text.strip():
        raise ScenarioError([Problem(path, None, "empty file; an events file holds 'events:'")])
    from alliances_cli.scenario.yamldoc import YamlError, parse  # not for edge lists

    try:
        doc, duplicates = parse(text)
    except YamlError as exc:
        raise ScenarioError([Problem(path, exc.pos, exc.message)]) from None
    checker = ScenarioChecker(doc, path)
    for pos, message in duplicates:
        checker.problems.append(Problem(path, pos, message))
    root = checker.mapping(doc.data, (), {"events": True}, "an events file")
    events: list[Event] = []
    if root is not None and "events" in root:
        events = checker.events(
            root,
            [a.id for a in scenario.actors],
            [t.id for t in scenario.theaters],
            known=[e.id for e in scenario.events],
        )
        for i, event in enumerate(events):
            if event.id in scenario.event_by_id:
                checker.error(
                    ("events", i, "id"),
                    f"event '{event.id}' is already defined in the scenario; rename it",
                )
    if checker.problems:
        raise ScenarioError(
            sorted(set(checker.problems), key=lambda p: (p.pos or Pos(0, 0), p.message))
        )
    return tuple(events)
