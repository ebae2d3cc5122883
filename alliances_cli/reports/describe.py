"""Operations and events in words, for people."""

from __future__ import annotations

from alliances_cli.scenario.model import (
    ApplyEvent,
    Exclude,
    Include,
    Operation,
    Remove,
    SetTie,
)
from alliances_cli.scenario.vocabulary import signed, stance_word


def _stance(value: float) -> str:
    word = stance_word(value)
    return f"{word} ({signed(value)})" if word else signed(value)


def describe(op: Operation) -> str:
    """One operation as a short phrase, e.g. 'exclude turkey from mosul'."""
    if isinstance(op, Exclude):
        return f"exclude {op.actor} from {op.theater or 'every theater'}"
    if isinstance(op, Remove):
        return f"remove {op.actor} entirely"
    if isinstance(op, Include):
        return f"bring {op.actor} into {op.theater}"
    if isinstance(op, ApplyEvent):
        return f"apply event {op.event}"
    where = f" in {op.theater}" if op.theater else " everywhere"
    if isinstance(op, SetTie):
        parts = []
        if op.stance is not None:
            parts.append(f"stance {_stance(op.stance)}")
        if op.confidence is not None:
            parts.append(f"confidence {op.confidence:g}")
        return f"set {op.a}–{op.b} to {' and '.join(parts)}{where}"
    return f"shift {op.a}–{op.b} by {signed(op.by)}{where}"
