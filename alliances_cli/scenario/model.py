"""The scenario model: immutable records of actors, theaters, ties, events and sources.

Positions (`pos`) are kept for error messages and never take part in equality, so a model
read back from its own YAML compares equal to the original.
"""

from __future__ import annotations

from functools import cached_property

from alliances_cli.scenario.positions import Pos
from alliances_cli.scenario.record import record


@record(metadata=("pos",))
class Source:
    id: str
    title: str
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    pos: Pos | None = None


@record(metadata=("pos",))
class Actor:
    id: str
    name: str
    kind: str = "state"
    tags: tuple[str, ...] = ()
    capability: float = 1.0
    pos: Pos | None = None


@record(metadata=("pos",))
class Engagement:
    """A period in which an actor is engaged in a theater: from `since` (the first day it
    holds) until `until` (the first day it no longer holds); dates as written."""

    actor: str
    since: str | None = None
    until: str | None = None
    pos: Pos | None = None


@record(metadata=("pos",))
class Theater:
    id: str
    name: str
    #: Every actor ever engaged, each once; those in `periods` only within them.
    actors: tuple[str, ...] = ()
    note: str | None = None
    #: How much the theater counts in the overall view, relative to the others.
    weight: float = 1.0
    periods: tuple[Engagement, ...] = ()
    pos: Pos | None = None


@record(metadata=("pos",))
class CampLabel:
    """A name the scenario gives a camp: the camp holding every engaged actor of a group.

    The group is the actors carrying `tag`, or those listed in `actors`.
    """

    name: str
    tag: str | None = None
    actors: tuple[str, ...] = ()
    pos: Pos | None = None


@record()
class Evidence:
    """Where a tie comes from: a source, where in it, and what it says (paraphrase or quote)."""

    source: str
    at: str | None = None
    says: str | None = None


@record()
class Ratings:
    """How each end of a tie rated the other, when the data was directed: the stance `a` gave
    `b` (`by_a`) and the one `b` gave `a` (`by_b`), each already combined from its ratings;
    None where that end gave none. A tie whose two ends rate each other with opposite signs
    is a stress point of its own (a disagreement)."""

    by_a: float | None = None
    by_b: float | None = None

    @property
    def opposed(self) -> bool:
        """Whether both ends rated the other, with opposite signs."""
        return self.by_a is not None and self.by_b is not None and self.by_a * self.by_b < 0


@record(metadata=("pos",))
class TheaterStance:
    """A tie's stance in one theater, overriding the tie's general stance there."""

    theater: str
    stance: float
    confidence: float | None = None
    evidence: tuple[Evidence, ...] = ()
    note: str | None = None
    since: str | None = None
    until: str | None = None
    ratings: Ratings | None = None
    pos: Pos | None = None


@record(metadata=("pos",))
class Tie:
    """A relation between two actors: a general stance and/or stances per theater."""

    a: str
    b: str
    stance: float | None = None
    confidence: float = 1.0
    evidence: tuple[Evidence, ...] = ()
    note: str | None = None
    theaters: tuple[TheaterStance, ...] = ()
    #: The period the tie holds in (half-open, dates as written); None: open-ended.
    since: str | None = None
    until: str | None = None
    ratings: Ratings | None = None
    pos: Pos | None = None

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.a, self.b))

    def in_theater(self, theater: str) -> TheaterStance | None:
        for entry in self.theaters:
            if entry.theater == theater:
                return entry
        return None

    def effective(self, theater: str) -> tuple[float, float, tuple[Evidence, ...]] | None:
        """(stance, confidence, evidence) in `theater`, or None when no stance applies there."""
        entry = self.in_theater(theater) if self.theaters else None
        if entry is not None:
            confidence = self.confidence if entry.confidence is None else entry.confidence
            return entry.stance, confidence, entry.evidence or self.evidence
        if self.stance is None:
            return None
        return self.stance, self.confidence, self.evidence


# Event operations. Each names what it acts on; `pos` points at it in the file.


@record(metadata=("pos",))
class Exclude:
    """Take an actor out of one theater (or, with no theater, out of all of them)."""

    actor: str
    theater: str | None = None
    pos: Pos | None = None


@record(metadata=("pos",))
class Remove:
    """Remove an actor entirely: defeat, collapse. Its ties go with it."""

    actor: str
    pos: Pos | None = None


@record(metadata=("pos",))
class Include:
    """Bring an actor into a theater."""

    actor: str
    theater: str
    pos: Pos | None = None


@record(metadata=("pos",))
class SetTie:
    """Set a tie's stance and/or confidence, in one theater or (no theater) everywhere."""

    a: str
    b: str
    stance: float | None = None
    confidence: float | None = None
    theater: str | None = None
    pos: Pos | None = None


@record(metadata=("pos",))
class ShiftTie:
    """Shift a tie's stance by a delta, clamped to [-1, +1]."""

    a: str
    b: str
    by: float
    theater: str | None = None
    pos: Pos | None = None


@record(metadata=("pos",))
class ApplyEvent:
    """Apply another named event's operations at this point."""

    event: str
    pos: Pos | None = None


Operation = Exclude | Remove | Include | SetTie | ShiftTie | ApplyEvent


@record(metadata=("pos",))
class Event:
    id: str
    title: str | None = None
    description: str | None = None
    operations: tuple[Operation, ...] = ()
    pos: Pos | None = None


@record()
class Reading:
    """How an edge list's rows became ties, for the reader to be told: how many ratings of how
    many pairs, how many pairs were rated both ways and how many of those disagree in sign,
    the rule that combined several ratings of a pair, and the scale ratings were read on."""

    rows: int
    pairs: int
    both_ways: int = 0
    opposed: int = 0
    repeated: int = 0
    combine: str = "mean"
    #: The rating scale mapped to stances -1..+1 (None: stances or signs, as written).
    scale: tuple[float, float] | None = None
    #: Whether the scale was read off the data (its largest |rating|), not asked for.
    scale_from_data: bool = False
    #: The first and last day a rating is dated (None: no time column).
    first: str | None = None
    last: str | None = None
    #: Confidence from the number of ratings of each pair, n / (n + 1).
    count_confidence: bool = False


@record(metadata=("path", "reading"))
class Scenario:
    id: str
    title: str
    as_of: str | None = None
    description: str | None = None
    sources: tuple[Source, ...] = ()
    actors: tuple[Actor, ...] = ()
    theaters: tuple[Theater, ...] = ()
    ties: tuple[Tie, ...] = ()
    events: tuple[Event, ...] = ()
    camps: tuple[CampLabel, ...] = ()
    path: str | None = None
    #: For a scenario read from an edge list: how its rows became ties.
    reading: Reading | None = None

    @cached_property
    def dated(self) -> bool:
        """Whether anything in the scenario holds only for a period (`from`, `until`)."""
        return any(
            tie.since or tie.until or any(e.since or e.until for e in tie.theaters)
            for tie in self.ties
        ) or any(theater.periods for theater in self.theaters)

    @cached_property
    def actor_by_id(self) -> dict[str, Actor]:
        return {actor.id: actor for actor in self.actors}

    @cached_property
    def theater_by_id(self) -> dict[str, Theater]:
        return {theater.id: theater for theater in self.theaters}

    @cached_property
    def event_by_id(self) -> dict[str, Event]:
        return {event.id: event for event in self.events}

    @cached_property
    def source_by_id(self) -> dict[str, Source]:
        return {source.id: source for source in self.sources}

    def actor_name(self, actor_id: str) -> str:
        actor = self.actor_by_id.get(actor_id)
        return actor.name if actor else actor_id
