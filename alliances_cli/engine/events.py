"""What-if events: operations applied in order to a copy of a scenario.

The scenario is immutable, so applying an event builds a new one; the original never changes.
An operation that cannot apply (an actor that is not there, a tie that does not exist) raises
EventError: a what-if that silently did nothing would mislead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from alliances_cli.scenario.errors import EventError
from alliances_cli.scenario.model import (
    ApplyEvent,
    Event,
    Exclude,
    Include,
    Operation,
    Remove,
    Scenario,
    SetTie,
    ShiftTie,
    Theater,
    TheaterStance,
    Tie,
)
from alliances_cli.scenario.positions import quoted
from alliances_cli.scenario.record import replace
from alliances_cli.scenario.vocabulary import ID_PATTERN, STANCE_WORDS, hinted, signed, suggest


@dataclass(frozen=True)
class Note:
    """Something the user should know about how an operation applied (e.g. clamping)."""

    event: str
    message: str


@dataclass(frozen=True)
class Applied:
    """The scenario after a list of events, with the notes they produced."""

    scenario: Scenario
    events: tuple[Event, ...]
    notes: tuple[Note, ...]


def clamp(value: float) -> float:
    return max(-1.0, min(1.0, value))


# -- inline events --------------------------------------------------------------------------------

_PAIR = r"(?P<a>[^:=@\s]+):(?P<b>[^:=@\s]+)"
_WHERE = r"(?:@(?P<theater>[^:=@\s]+))?"
_INLINE = {
    "exclude": re.compile(r"^exclude:(?P<actor>[^:=@\s]+)" + _WHERE + "$"),
    "remove": re.compile(r"^remove:(?P<actor>[^:=@\s]+)$"),
    "include": re.compile(r"^include:(?P<actor>[^:=@\s]+)@(?P<theater>[^:=@\s]+)$"),
    "set": re.compile(r"^set:" + _PAIR + r"=(?P<value>[^@\s]+)" + _WHERE + "$"),
    "shift": re.compile(r"^shift:" + _PAIR + r"=(?P<value>[^@\s]+)" + _WHERE + "$"),
    "confidence": re.compile(r"^confidence:" + _PAIR + r"=(?P<value>[^@\s]+)" + _WHERE + "$"),
}
INLINE_SYNTAX = {
    "exclude": "exclude:ACTOR[@THEATER]",
    "remove": "remove:ACTOR",
    "include": "include:ACTOR@THEATER",
    "set": "set:A:B=STANCE[@THEATER]",
    "shift": "shift:A:B=DELTA[@THEATER]",
    "confidence": "confidence:A:B=C[@THEATER]",
}


def is_inline(token: str) -> bool:
    """Inline events have a verb and a colon; event ids cannot contain a colon."""
    return ":" in token


def parse_inline(token: str) -> Event:
    """One inline event from the command line, e.g. `shift:us:iran=+0.3@mosul`."""
    verb = token.split(":", 1)[0]
    pattern = _INLINE.get(verb)
    if pattern is None:
        raise EventError(
            f"unknown inline event {quoted(token)}"
            + hinted(suggest(verb, _INLINE), f"use one of: {', '.join(INLINE_SYNTAX.values())}")
        )
    match = pattern.match(token)
    if match is None:
        raise EventError(
            f"malformed inline event {quoted(token)}; write it as {INLINE_SYNTAX[verb]}"
        )
    parts = match.groupdict()
    for key in ("actor", "a", "b", "theater"):
        if parts.get(key) is not None and not ID_PATTERN.match(parts[key]):
            raise EventError(
                f"malformed inline event {quoted(token)}: {quoted(parts[key])} is not an id"
            )
    theater = parts.get("theater")
    op: Operation
    if verb == "exclude":
        op = Exclude(parts["actor"], theater)
    elif verb == "remove":
        op = Remove(parts["actor"])
    elif verb == "include":
        op = Include(parts["actor"], parts["theater"])
    elif verb == "set":
        op = SetTie(parts["a"], parts["b"], _stance(parts["value"], token), None, theater)
    elif verb == "confidence":
        value = _number(parts["value"], token)
        if not 0 < value <= 1:
            raise EventError(f"inline event {quoted(token)}: a confidence must be in (0, 1]")
        op = SetTie(parts["a"], parts["b"], None, value, theater)
    else:
        delta = _number(parts["value"], token)
        if not -2 <= delta <= 2:
            raise EventError(f"inline event {quoted(token)}: a shift must be from -2 to +2")
        op = ShiftTie(parts["a"], parts["b"], delta, theater)
    return Event(id=token, title=None, description=None, operations=(op,))


def _number(text: str, token: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise EventError(f"inline event {quoted(token)}: {quoted(text)} is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise EventError(f"inline event {quoted(token)}: {quoted(text)} is not a finite number")
    return value


def _stance(text: str, token: str) -> float:
    if text.lower() in STANCE_WORDS:
        return STANCE_WORDS[text.lower()]
    try:
        value = float(text)
    except ValueError:
        raise EventError(
            f"inline event {quoted(token)}: unknown stance {quoted(text)}"
            + hinted(
                suggest(text, STANCE_WORDS),
                f"use a number from -1 to +1 or one of: {', '.join(STANCE_WORDS)}",
            )
        ) from None
    if not -1 <= value <= 1:
        raise EventError(f"inline event {quoted(token)}: a stance must be from -1 to +1")
    return value


def resolve_events(
    scenario: Scenario, names: Sequence[str], extra: Iterable[Event] = ()
) -> tuple[Event, ...]:
    """Events by name (from the scenario or `extra`) or inline syntax, in the order given."""
    known = {e.id: e for e in (*scenario.events, *extra)}
    result = []
    for name in names:
        if is_inline(name):
            result.append(parse_inline(name))
        elif name in known:
            result.append(known[name])
        else:
            names_known = ", ".join(known) or "none"
            raise EventError(
                f"unknown event {quoted(name)}{suggest(name, known)} (events: {names_known}; "
                "or inline, e.g. exclude:ACTOR@THEATER)"
            )
    return tuple(result)


# -- applying -------------------------------------------------------------------------------


def apply_events(
    scenario: Scenario, events: Sequence[Event], extra: Iterable[Event] = ()
) -> Applied:
    """Apply events in order to a copy of `scenario`."""
    library = {e.id: e for e in (*scenario.events, *extra)}
    notes: list[Note] = []
    current = scenario
    for event in events:
        current = _apply_event(current, event, library, notes, ())
    return Applied(current, tuple(events), tuple(notes))


def _apply_event(
    scenario: Scenario,
    event: Event,
    library: dict[str, Event],
    notes: list[Note],
    stack: tuple[str, ...],
) -> Scenario:
    """The event's operations in order, an applied event's in its place: walked with a stack
    of (event, next operation), not by recursion, so a chain of events each applying the next
    goes as deep as the scenario's checks allow (it stopped at 976 levels)."""
    trail = list(stack)
    walk: list[tuple[Event, int]] = [(event, 0)]
    if event.id in trail:
        raise EventError(
            f"event {quoted(event.id)} applies itself ({' -> '.join([*trail, event.id])})"
        )
    trail.append(event.id)
    while walk:
        current, at = walk[-1]
        if at == len(current.operations):
            walk.pop()
            trail.pop()
            continue
        walk[-1] = (current, at + 1)
        op = current.operations[at]
        if isinstance(op, ApplyEvent):
            inner = library.get(op.event)
            if inner is None:
                raise EventError(
                    f"unknown event {quoted(op.event)}{suggest(op.event, library)}", op.pos
                )
            if inner.id in trail:
                cycle = " -> ".join([*trail, inner.id])
                raise EventError(f"event {quoted(inner.id)} applies itself ({cycle})")
            trail.append(inner.id)
            walk.append((inner, 0))
            continue
        try:
            scenario = _apply(scenario, op, current.id, notes)
        except EventError as exc:
            inline = ":" in current.id
            label = f"{'inline event' if inline else 'event'} {quoted(current.id)}: "
            file = scenario.path if op.pos is not None else None
            raise EventError(label + exc.message, op.pos, file) from None
    return scenario


def _apply(scenario: Scenario, op: Operation, event: str, notes: list[Note]) -> Scenario:
    if isinstance(op, Exclude):
        return _exclude(scenario, op)
    if isinstance(op, Remove):
        _need_actor(scenario, op.actor)
        return replace(
            scenario,
            actors=tuple(a for a in scenario.actors if a.id != op.actor),
            theaters=tuple(
                replace(t, actors=tuple(x for x in t.actors if x != op.actor))
                for t in scenario.theaters
            ),
            ties=tuple(t for t in scenario.ties if op.actor not in (t.a, t.b)),
        )
    if isinstance(op, Include):
        _need_actor(scenario, op.actor)
        theater = _need_theater(scenario, op.theater)
        if op.actor in theater.actors:
            raise EventError(f"{quoted(op.actor)} is already engaged in {quoted(op.theater)}")
        return _replace_theater(scenario, replace(theater, actors=(*theater.actors, op.actor)))
    if isinstance(op, SetTie):
        return _set(scenario, op, event)
    if isinstance(op, ShiftTie):
        return _shift(scenario, op, event, notes)
    raise EventError(f"cannot apply {op!r}")  # pragma: no cover - every operation is handled


def _need_actor(scenario: Scenario, actor: str) -> None:
    if actor not in scenario.actor_by_id:
        hint = suggest(actor, scenario.actor_by_id, _names(scenario))
        raise EventError(
            f"unknown actor {quoted(actor)}{hint or ' (or one an earlier operation removed)'}"
        )


def _need_theater(scenario: Scenario, theater: str) -> Theater:
    found = scenario.theater_by_id.get(theater)
    if found is None:
        raise EventError(
            f"unknown theater {quoted(theater)}{suggest(theater, scenario.theater_by_id)}"
        )
    return found


def _need_engaged(scenario: Scenario, actor: str, theater: str) -> None:
    if actor not in _need_theater(scenario, theater).actors:
        raise EventError(
            f"{quoted(actor)} is not engaged in {quoted(theater)} (never, or excluded by an "
            "earlier operation); include it first"
        )


def _replace_theater(scenario: Scenario, theater: Theater) -> Scenario:
    return replace(
        scenario,
        theaters=tuple(theater if t.id == theater.id else t for t in scenario.theaters),
    )


def _exclude(scenario: Scenario, op: Exclude) -> Scenario:
    _need_actor(scenario, op.actor)
    if op.theater is not None:
        _need_engaged(scenario, op.actor, op.theater)
        targets = {op.theater}
    else:
        targets = {t.id for t in scenario.theaters if op.actor in t.actors}
        if not targets:
            raise EventError(f"{quoted(op.actor)} is engaged in no theater")
    return replace(
        scenario,
        theaters=tuple(
            replace(t, actors=tuple(x for x in t.actors if x != op.actor)) if t.id in targets else t
            for t in scenario.theaters
        ),
    )


def _find_tie(scenario: Scenario, a: str, b: str) -> Tie | None:
    for tie in scenario.ties:
        if {tie.a, tie.b} == {a, b}:
            return tie
    return None


def _replace_tie(scenario: Scenario, old: Tie | None, new: Tie) -> Scenario:
    if old is None:
        return replace(scenario, ties=(*scenario.ties, new))
    return replace(scenario, ties=tuple(new if t is old else t for t in scenario.ties))


def _check_pair(scenario: Scenario, a: str, b: str, theater: str | None) -> None:
    _need_actor(scenario, a)
    _need_actor(scenario, b)
    if a == b:
        raise EventError(f"a tie of {quoted(a)} with itself")
    if theater is not None:
        _need_engaged(scenario, a, theater)
        _need_engaged(scenario, b, theater)


def _set(scenario: Scenario, op: SetTie, event: str) -> Scenario:
    _check_pair(scenario, op.a, op.b, op.theater)
    tie = _find_tie(scenario, op.a, op.b)
    note = f"set by event '{event}'"
    if tie is None:
        if op.stance is None:
            raise EventError(
                f"no tie between {quoted(op.a)} and {quoted(op.b)} whose confidence to set; "
                "set a stance to create one"
            )
        if op.theater is None:
            new = Tie(op.a, op.b, op.stance, op.confidence or 1.0, note=note)
        else:
            entry = TheaterStance(op.theater, op.stance, op.confidence)
            new = Tie(op.a, op.b, None, 1.0, note=note, theaters=(entry,))
        return _replace_tie(scenario, None, new)
    if op.theater is None:
        entries = tuple(
            replace(e, confidence=op.confidence if op.confidence else e.confidence)
            for e in tie.theaters
        )
        if op.stance is not None:
            entries = ()  # the new stance holds everywhere
        stance = op.stance if op.stance is not None else tie.stance
        if stance is None and not entries:
            raise EventError(f"the tie {op.a}–{op.b} has no stance to keep")
        new = replace(
            tie,
            stance=stance,
            confidence=op.confidence if op.confidence is not None else tie.confidence,
            theaters=entries,
            # A stance set by hand is no longer the ends' ratings of each other.
            ratings=tie.ratings if op.stance is None else None,
        )
        return _replace_tie(scenario, tie, new)
    current = tie.in_theater(op.theater)
    effective = tie.effective(op.theater)
    if op.stance is None and effective is None:
        raise EventError(
            f"no stance between {quoted(op.a)} and {quoted(op.b)} in {quoted(op.theater)} "
            "whose confidence to set"
        )
    stance = op.stance if op.stance is not None else effective[0]  # type: ignore[index]
    confidence = (
        op.confidence if op.confidence is not None else (current.confidence if current else None)
    )
    entry = TheaterStance(
        op.theater,
        stance,
        confidence,
        current.evidence if current else (),
        current.note if current else None,
        ratings=current.ratings if current and op.stance is None else None,
    )
    return _replace_tie(scenario, tie, _with_entry(tie, entry))


def _with_entry(tie: Tie, entry: TheaterStance) -> Tie:
    others = tuple(e for e in tie.theaters if e.theater != entry.theater)
    return replace(tie, theaters=(*others, entry))


def _shift(scenario: Scenario, op: ShiftTie, event: str, notes: list[Note]) -> Scenario:
    _check_pair(scenario, op.a, op.b, op.theater)
    tie = _find_tie(scenario, op.a, op.b)
    if tie is None:
        raise EventError(
            f"no tie between {quoted(op.a)} and {quoted(op.b)} to shift; use set to create one"
        )

    def moved(value: float, where: str) -> float:
        result = clamp(value + op.by)
        if result != value + op.by:
            notes.append(
                Note(
                    event,
                    f"{op.a}–{op.b} {where}: {signed(value)} {signed(op.by)} "
                    f"clamped to {signed(result)}",
                )
            )
        return result

    if op.theater is None:
        new = replace(
            tie,
            stance=None if tie.stance is None else moved(tie.stance, "generally"),
            theaters=tuple(
                replace(e, stance=moved(e.stance, f"in {e.theater}"), ratings=None)
                for e in tie.theaters
            ),
            ratings=None,
        )
        return _replace_tie(scenario, tie, new)
    effective = tie.effective(op.theater)
    if effective is None:
        raise EventError(
            f"no stance between {quoted(op.a)} and {quoted(op.b)} in {quoted(op.theater)} "
            "to shift; use set to create one"
        )
    current = tie.in_theater(op.theater)
    entry = TheaterStance(
        op.theater,
        moved(effective[0], f"in {op.theater}"),
        current.confidence if current else None,
        current.evidence if current else (),
        current.note if current else None,
    )
    return _replace_tie(scenario, tie, _with_entry(tie, entry))


def still_valid_events(scenario: Scenario) -> tuple[Event, ...]:
    """The scenario's events whose references all still exist (for saving a result)."""
    actors, theaters = set(scenario.actor_by_id), set(scenario.theater_by_id)
    keep: dict[str, Event] = {}
    changed = True
    candidates = list(scenario.events)
    while changed:
        changed = False
        keep = {}
        for event in candidates:
            if all(
                _refs_ok(op, actors, theaters, {e.id for e in candidates})
                for op in event.operations
            ):
                keep[event.id] = event
        if len(keep) != len(candidates):
            candidates = list(keep.values())
            changed = True
    return tuple(keep.values())


def _refs_ok(op: Operation, actors: set[str], theaters: set[str], events: set[str]) -> bool:
    if isinstance(op, ApplyEvent):
        return op.event in events
    names = [getattr(op, f, None) for f in ("actor", "a", "b")]
    where = getattr(op, "theater", None)
    return all(n in actors for n in names if n is not None) and (where is None or where in theaters)


def _names(scenario: Scenario) -> dict[str, str]:
    """Each actor's display name, for suggestions that find an id from its name."""
    return {a.id: a.name for a in scenario.actors}
