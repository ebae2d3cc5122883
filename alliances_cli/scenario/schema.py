"""The scenario format as a JSON Schema, for editors that complete and check YAML.

`alliances validate` remains the authority (it checks references between sections, which a
schema cannot); the tests keep the two in agreement on the bundled and broken scenarios.
"""

from __future__ import annotations

from typing import Any

from alliances_cli.scenario.vocabulary import ACTOR_KINDS, ID_PATTERN, STANCE_WORDS

SCHEMA_ID = "https://alliances.invalid/schema/scenario-1.json"


def _obj(properties: dict[str, Any], required: list[str], description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a scenario file."""
    ident = {"type": "string", "pattern": ID_PATTERN.pattern}
    text = {"type": "string", "minLength": 1}
    date = {
        "description": "YYYY-MM-DD, YYYY-MM or YYYY",
        "anyOf": [
            {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
            {"type": "integer", "minimum": 1000, "maximum": 9999},
        ],
    }
    since = {**date, "description": "the first day it holds (YYYY-MM-DD, YYYY-MM or YYYY)"}
    until = {
        **date,
        "description": "the first day it no longer holds (YYYY-MM-DD, YYYY-MM or YYYY)",
    }
    stance = {
        "description": "a number from -1 (enemy) to +1 (ally), or a word: "
        + ", ".join(f"{w} ({v:+g})" for w, v in STANCE_WORDS.items()),
        "anyOf": [
            {"type": "number", "minimum": -1, "maximum": 1},
            {"type": "string", "enum": list(STANCE_WORDS)},
        ],
    }
    confidence = {
        "type": "number",
        "exclusiveMinimum": 0,
        "maximum": 1,
        "description": "how sure the reading is, in (0, 1]; default 1",
    }
    pair = {"type": "array", "items": ident, "minItems": 2, "maxItems": 2}
    evidence_item = _obj(
        {
            "source": {**ident, "description": "id of a source in `sources`"},
            "at": {**text, "description": "where in the source, e.g. '¶5'"},
            "says": {**text, "description": "a short paraphrase or quote"},
        },
        ["source"],
        "where a tie comes from",
    )
    evidence = {"anyOf": [evidence_item, {"type": "array", "items": evidence_item}]}
    theater_stance = {
        "anyOf": [
            stance,
            _obj(
                {
                    "stance": stance,
                    "confidence": confidence,
                    "evidence": evidence,
                    "note": text,
                    "from": since,
                    "until": until,
                },
                ["stance"],
                "the tie's stance in this theater",
            ),
        ]
    }
    in_theater = {"type": "string", "description": "theater id"}
    operation = {
        "oneOf": [
            _obj(
                {"exclude": ident, "from": in_theater},
                ["exclude"],
                "take an actor out of a theater (or all)",
            ),
            _obj({"remove": ident}, ["remove"], "remove an actor entirely"),
            _obj(
                {"include": ident, "in": in_theater},
                ["include", "in"],
                "bring an actor into a theater",
            ),
            {
                **_obj(
                    {"set": pair, "stance": stance, "confidence": confidence, "in": in_theater},
                    ["set"],
                    "set a tie's stance and/or confidence",
                ),
                "anyOf": [{"required": ["stance"]}, {"required": ["confidence"]}],
            },
            _obj(
                {
                    "shift": pair,
                    "by": {"type": "number", "minimum": -2, "maximum": 2},
                    "in": in_theater,
                },
                ["shift", "by"],
                "shift a tie's stance by a delta (clamped to [-1, +1])",
            ),
            _obj({"apply": ident}, ["apply"], "apply another named event"),
        ]
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "alliances scenario",
        **_obj(
            {
                "id": ident,
                "title": text,
                "as_of": date,
                "description": text,
                "sources": {
                    "type": "array",
                    "items": _obj(
                        {"id": ident, "title": text, "publisher": text, "date": date, "url": text},
                        ["id", "title"],
                        "a source the scenario draws on",
                    ),
                },
                "actors": {
                    "type": "array",
                    "minItems": 1,
                    "items": _obj(
                        {
                            "id": ident,
                            "name": text,
                            "kind": {"type": "string", "enum": list(ACTOR_KINDS)},
                            "tags": {"type": "array", "items": ident},
                            "capability": {"type": "number", "exclusiveMinimum": 0},
                        },
                        ["id"],
                        "a state, group or organisation",
                    ),
                },
                "theaters": {
                    "type": "array",
                    "minItems": 1,
                    "items": _obj(
                        {
                            "id": ident,
                            "name": text,
                            "actors": {
                                "type": "array",
                                "items": {
                                    "anyOf": [
                                        ident,
                                        _obj(
                                            {"id": ident, "from": since, "until": until},
                                            ["id"],
                                            "an actor engaged for a period",
                                        ),
                                    ]
                                },
                            },
                            "note": text,
                            "weight": {"type": "number", "exclusiveMinimum": 0},
                        },
                        ["id", "actors"],
                        "an arena and the actors engaged in it",
                    ),
                },
                "ties": {
                    "type": "array",
                    "items": {
                        **_obj(
                            {
                                "between": pair,
                                "stance": stance,
                                "confidence": confidence,
                                "evidence": evidence,
                                "note": text,
                                "from": since,
                                "until": until,
                                "in": {
                                    "type": "object",
                                    "additionalProperties": theater_stance,
                                    "description": "stances per theater id",
                                },
                            },
                            ["between"],
                            "a relation between two actors",
                        ),
                        "anyOf": [{"required": ["stance"]}, {"required": ["in"]}],
                    },
                },
                "events": {
                    "type": "array",
                    "items": _obj(
                        {
                            "id": ident,
                            "title": text,
                            "description": text,
                            "do": {"type": "array", "minItems": 1, "items": operation},
                        },
                        ["id", "do"],
                        "a named what-if",
                    ),
                },
                "camps": {
                    "type": "array",
                    "items": {
                        **_obj(
                            {
                                "name": text,
                                "tag": ident,
                                "actors": {"type": "array", "items": ident, "minItems": 1},
                            },
                            ["name"],
                            "a name for the camp that holds every engaged actor of a group",
                        ),
                        "oneOf": [{"required": ["tag"]}, {"required": ["actors"]}],
                    },
                },
            },
            ["id", "title", "actors", "theaters"],
            "a scenario of actors, theaters, ties and what-if events",
        ),
    }
