"""Model -> YAML text that `load_text` reads back into an equal model."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from alliances_cli.scenario.model import (
    ApplyEvent,
    Event,
    Evidence,
    Exclude,
    Include,
    Operation,
    Ratings,
    Remove,
    Scenario,
    SetTie,
    Theater,
    Tie,
)
from alliances_cli.scenario.vocabulary import stance_word


def _stance(value: float) -> str | float:
    return stance_word(value) or value


def _prune(mapping: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if v is not None and v != [] and v != ()}


def _evidence(items: tuple[Evidence, ...]) -> list[dict[str, Any]]:
    return [_prune({"source": e.source, "at": e.at, "says": e.says}) for e in items]


def _engaged(theater: Theater) -> list[Any]:
    """A theater's actors: an id, or for a dated actor a mapping per period."""
    dated: dict[str, list[dict[str, Any]]] = {}
    for p in theater.periods:
        dated.setdefault(p.actor, []).append(
            _prune({"id": p.actor, "from": p.since, "until": p.until})
        )
    result: list[Any] = []
    for actor in theater.actors:
        result.extend(dated.get(actor, [actor]))
    return result


def _tie(tie: Tie) -> dict[str, Any]:
    per_theater: dict[str, Any] = {}
    for entry in tie.theaters:
        if (
            entry.confidence is None
            and not entry.evidence
            and entry.note is None
            and entry.since is None
            and entry.until is None
            and entry.ratings is None
        ):
            per_theater[entry.theater] = _stance(entry.stance)
        else:
            per_theater[entry.theater] = _prune(
                {
                    "stance": _stance(entry.stance),
                    "confidence": entry.confidence,
                    "evidence": _evidence(entry.evidence),
                    "note": entry.note,
                    "from": entry.since,
                    "until": entry.until,
                    "ratings": _ratings(tie, entry.ratings),
                }
            )
    return _prune(
        {
            "between": [tie.a, tie.b],
            "from": tie.since,
            "until": tie.until,
            "stance": None if tie.stance is None else _stance(tie.stance),
            "confidence": None if tie.confidence == 1.0 else tie.confidence,
            "evidence": _evidence(tie.evidence),
            "note": tie.note,
            "ratings": _ratings(tie, tie.ratings),
            "in": per_theater or None,
        }
    )


def _ratings(tie: Tie, ratings: Ratings | None) -> dict[str, Any] | None:
    if ratings is None:
        return None
    given = {tie.a: ratings.by_a, tie.b: ratings.by_b}
    return {actor: value for actor, value in given.items() if value is not None}


def operation_to_data(op: Operation) -> dict[str, Any]:
    """One operation as the mapping a scenario file writes under an event's `do`."""
    if isinstance(op, Exclude):
        return _prune({"exclude": op.actor, "from": op.theater})
    if isinstance(op, Remove):
        return {"remove": op.actor}
    if isinstance(op, Include):
        return {"include": op.actor, "in": op.theater}
    if isinstance(op, ApplyEvent):
        return {"apply": op.event}
    if isinstance(op, SetTie):
        return _prune(
            {
                "set": [op.a, op.b],
                "stance": None if op.stance is None else _stance(op.stance),
                "confidence": op.confidence,
                "in": op.theater,
            }
        )
    return _prune({"shift": [op.a, op.b], "by": op.by, "in": op.theater})


def event_to_data(event: Event) -> dict[str, Any]:
    """One named event as a scenario file writes it."""
    return _prune(
        {
            "id": event.id,
            "title": event.title,
            "description": event.description,
            "do": [operation_to_data(op) for op in event.operations],
        }
    )


def dump_events(events: Sequence[Event]) -> str:
    """YAML text of an events file (`events: [...]`, for `--events FILE`)."""
    import yaml

    data = {"events": [event_to_data(e) for e in events]}
    return yaml.dump(data, Dumper=_dumper(), sort_keys=False, allow_unicode=True, width=100)


def scenario_to_data(scenario: Scenario) -> dict[str, Any]:
    """The scenario as plain data in the file format's shape."""
    return _prune(
        {
            "id": scenario.id,
            "title": scenario.title,
            "as_of": scenario.as_of,
            "description": scenario.description,
            "sources": [
                _prune(
                    {
                        "id": s.id,
                        "title": s.title,
                        "publisher": s.publisher,
                        "date": s.date,
                        "url": s.url,
                    }
                )
                for s in scenario.sources
            ],
            "actors": [
                _prune(
                    {
                        "id": a.id,
                        "name": a.name,
                        "kind": a.kind,
                        "tags": list(a.tags),
                        "capability": None if a.capability == 1.0 else a.capability,
                    }
                )
                for a in scenario.actors
            ],
            "theaters": [
                {  # `actors` is required, even empty (every actor excluded by events)
                    **_prune({"id": t.id, "name": t.name}),
                    "actors": _engaged(t),
                    **_prune({"note": t.note, "weight": None if t.weight == 1.0 else t.weight}),
                }
                for t in scenario.theaters
            ],
            "ties": [_tie(t) for t in scenario.ties],
            "events": [event_to_data(e) for e in scenario.events],
            "camps": [
                _prune({"name": c.name, "tag": c.tag, "actors": list(c.actors)})
                for c in scenario.camps
            ],
        }
    )


#: Plain text that a YAML 1.2 (core schema) reader would take for a number, a boolean or
#: nothing; PyYAML, a YAML 1.1 writer, leaves some of it unquoted (`1e3`, `0o17`, `.5e1`).
_YAML12_TYPED = re.compile(
    r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"
    r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"
    r"|true|True|TRUE|false|False|FALSE|null|Null|NULL|~"
)


def _dumper() -> Any:
    """A PyYAML dumper that writes text every YAML reader, 1.1 or 1.2, reads back as the same
    text. Made on first use: importing PyYAML costs 8 ms that reading an edge list and
    printing JSON never need."""
    import yaml

    # libyaml's emitter (in PyYAML's wheels) writes the same text as the Python one, five
    # times as fast: 56 s -> 11 s for a scenario of 21,000 ties with evidence.
    base: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    class Dumper(base):  # type: ignore[misc]
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        if _YAML12_TYPED.fullmatch(value):
            return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="'")
        return dumper.represent_str(value)

    Dumper.add_representer(str, text)
    return Dumper


def dump_scenario(scenario: Scenario) -> str:
    """YAML text for the scenario, read back identically by YAML 1.1 and 1.2 readers; dates
    stay text so they read back unchanged."""
    import yaml

    dumper = _dumper()

    def dump(data: Any) -> str:
        return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)

    # Section by section, and long lists a thousand items at a time: the emitter builds a
    # node for every value it writes, 22 KB per imported tie with its evidence when the whole
    # scenario went at once (460 MB for 21,000 ties). The text is the same.
    parts: list[str] = []
    for key, value in scenario_to_data(scenario).items():
        if isinstance(value, list) and len(value) > DUMP_CHUNK:
            parts.append(f"{key}:\n")
            for start in range(0, len(value), DUMP_CHUNK):
                parts.append(dump(value[start : start + DUMP_CHUNK]))
        else:
            parts.append(dump({key: value}))
    return "".join(parts)


#: Items of a long list written at a time.
DUMP_CHUNK = 1_000
