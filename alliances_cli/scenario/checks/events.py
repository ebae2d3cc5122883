"""What-if events: each one's operations checked against a table of what every action takes.

An operation names one action (`exclude`, `remove`, `include`, `set`, `shift`, `apply`) and the
fields that action allows; `OPERATIONS` says which, and builds the operation once the fields
are checked. Events that apply each other are checked for cycles and for how far they expand.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any, NamedTuple

from alliances_cli.scenario.checks.base import Checker
from alliances_cli.scenario.model import (
    ApplyEvent,
    Event,
    Exclude,
    Include,
    Operation,
    Remove,
    SetTie,
    ShiftTie,
)
from alliances_cli.scenario.positions import Pos
from alliances_cli.scenario.vocabulary import suggest

if TYPE_CHECKING:
    from alliances_cli.scenario.yamldoc import Path

#: Operations one event may expand to through the events it applies.
MAX_EXPANDED_OPERATIONS = 10_000

EVENT_FIELDS = {"id": True, "title": False, "description": False, "do": True}


class Known(NamedTuple):
    """The ids an operation may name."""

    actors: Collection[str]
    theaters: Collection[str]
    events: Collection[str]


class Step(NamedTuple):
    """One operation's fields, where they are, and what they may name."""

    checker: Checker
    fields: dict[str, Any]
    path: Path
    pos: Pos | None
    known: Known

    def actor(self, key: str) -> str | None:
        return self.checker.reference(
            self.fields[key], (*self.path, key), self.known.actors, "actor"
        )

    def theater(self, key: str) -> str | None:
        """The theater at `key`; None if it is not there or not known (then said)."""
        if key not in self.fields:
            return None
        return self.checker.reference(
            self.fields[key], (*self.path, key), self.known.theaters, "theater"
        )

    def bad_theater(self, key: str, found: str | None) -> bool:
        """Whether the operation names a theater at `key` that could not be read."""
        return key in self.fields and found is None


def _exclude(step: Step) -> Operation | None:
    who = step.actor("exclude")
    where = step.theater("from")
    if who is None or step.bad_theater("from", where):
        return None
    return Exclude(who, where, step.pos)


def _remove(step: Step) -> Operation | None:
    who = step.actor("remove")
    return None if who is None else Remove(who, step.pos)


def _include(step: Step) -> Operation | None:
    who, where = step.actor("include"), step.theater("in")
    return None if who is None or where is None else Include(who, where, step.pos)


def _apply(step: Step) -> Operation | None:
    ref = step.checker.reference(
        step.fields["apply"], (*step.path, "apply"), step.known.events, "event"
    )
    return None if ref is None else ApplyEvent(ref, step.pos)


def _set(step: Step) -> Operation | None:
    checker, m, path = step.checker, step.fields, step.path
    pair = checker.pair(m["set"], (*path, "set"), step.known.actors)
    where = step.theater("in")
    stance = checker.stance(m["stance"], (*path, "stance")) if "stance" in m else None
    confidence = checker.confidence(m, path)
    if "stance" not in m and "confidence" not in m:
        checker.error(path, "a 'set' operation needs a 'stance' and/or a 'confidence'")
        return None
    if pair is None or step.bad_theater("in", where) or ("stance" in m and stance is None):
        return None
    if "confidence" in m and confidence is None:
        return None
    return SetTie(pair[0], pair[1], stance, confidence, where, step.pos)


def _shift(step: Step) -> Operation | None:
    checker, path = step.checker, step.path
    pair = checker.pair(step.fields["shift"], (*path, "shift"), step.known.actors)
    where = step.theater("in")
    by = checker.number(step.fields, path, "by", lambda x: -2 <= x <= 2, "from -2 to +2")
    if pair is None or step.bad_theater("in", where) or by is None:
        return None
    return ShiftTie(pair[0], pair[1], by, where, step.pos)


class Action(NamedTuple):
    """An action's fields (True: required) and how its operation is built."""

    fields: dict[str, bool]
    build: Callable[[Step], Operation | None]


OPERATIONS: dict[str, Action] = {
    "exclude": Action({"exclude": True, "from": False}, _exclude),
    "remove": Action({"remove": True}, _remove),
    "include": Action({"include": True, "in": True}, _include),
    "set": Action({"set": True, "stance": False, "confidence": False, "in": False}, _set),
    "shift": Action({"shift": True, "by": True, "in": False}, _shift),
    "apply": Action({"apply": True}, _apply),
}


class EventChecker(Checker):
    """Checks a list of events (a scenario's, or an events file's)."""

    def events(
        self,
        root: dict[str, Any],
        actor_ids: Collection[str],
        theater_ids: Collection[str],
        known: list[str] | None = None,
    ) -> list[Event]:
        items = self.sequence(root.get("events"), ("events",), "events")
        declared = [str(item["id"]) for item in items if isinstance(item, dict) and "id" in item]
        declared += known or []
        names = Known(actor_ids, theater_ids, declared)
        result: list[Event] = []
        ids: list[tuple[str, Path]] = []
        for i, item in enumerate(items):
            path: Path = ("events", i)
            m = self.mapping(item, path, EVENT_FIELDS, "an event")
            if m is None or "id" not in m:
                continue
            ident = self.ident(m["id"], (*path, "id"), "event id")
            if ident is None:
                continue
            ids.append((ident, (*path, "id")))
            operations: list[Operation] = []
            steps = self.sequence(m.get("do"), (*path, "do"), "operations")
            if "do" in m and not steps and m.get("do") in ([], None):
                self.error((*path, "do"), "an event needs at least one operation under 'do'")
            for j, step in enumerate(steps):
                op = self.operation(step, (*path, "do", j), names)
                if op is not None:
                    operations.append(op)
            result.append(
                Event(
                    id=ident,
                    title=self.text(m, path, "title"),
                    description=self.text(m, path, "description"),
                    operations=tuple(operations),
                    pos=self.doc.pos(path),
                )
            )
        self.unique(ids, "event")
        self.check_apply_cycles(result, ids)
        return result

    def operation(self, value: Any, path: Path, known: Known) -> Operation | None:
        """One operation: a mapping that names exactly one action, with that action's fields."""
        actions = list(OPERATIONS)
        if not isinstance(value, dict):
            self.error(
                path,
                "an operation must be a mapping such as {exclude: turkey, from: mosul}, "
                f"not {self.kind(value, path)}",
            )
            return None
        named = [key for key in value if key in OPERATIONS]
        if len(named) > 1:
            self.error(
                path,
                f"an operation does one thing, this one names {' and '.join(named)}; "
                "write one operation for each",
            )
            return None
        if not named:
            hint = next((h for h in (suggest(str(k), actions) for k in value) if h), "")
            keys = ", ".join(map(str, value)) or "nothing"
            self.error(
                path,
                f"an operation needs one of {', '.join(actions)}; this one has {keys}{hint}",
            )
            return None
        action = OPERATIONS[named[0]]
        article = "an" if named[0][0] in "aeiou" else "a"
        m = self.mapping(value, path, action.fields, f"{article} '{named[0]}' operation")
        if m is None or any(req and key not in m for key, req in action.fields.items()):
            return None
        return action.build(Step(self, m, path, self.doc.pos(path), known))

    def check_apply_cycles(self, events: list[Event], ids: list[tuple[str, Path]]) -> None:
        """Events that apply themselves (through others), and events whose `apply` steps
        expand to more operations than MAX_EXPANDED_OPERATIONS (each applying the next twice
        doubles per level). Linear in the events and their steps."""
        graph = {
            e.id: [op.event for op in e.operations if isinstance(op, ApplyEvent)] for e in events
        }
        steps = {e.id: len(e.operations) for e in events}
        path_of = dict(ids)
        state: dict[str, int] = {}  # 1: on the current path, 2: done
        size: dict[str, int] = {}
        in_cycle: set[str] = set()
        for root in graph:
            if root in state:
                continue
            trail: list[str] = [root]
            pending: list[list[str]] = [list(graph[root])]
            state[root] = 1
            while trail:
                if pending[-1]:
                    nxt = pending[-1].pop()
                    if nxt not in graph:
                        continue  # an unknown event: reported where it is named
                    if state.get(nxt) == 1:
                        cycle = [*trail[trail.index(nxt) :], nxt]
                        if not in_cycle & set(cycle):
                            self.error(
                                path_of[nxt],
                                f"event '{nxt}' applies itself ({' -> '.join(cycle)}); "
                                "break the cycle",
                            )
                        in_cycle.update(cycle)
                    elif nxt not in state:
                        state[nxt] = 1
                        trail.append(nxt)
                        pending.append(list(graph[nxt]))
                    continue
                done = trail.pop()
                pending.pop()
                state[done] = 2
                size[done] = (
                    steps[done]
                    - len(graph[done])
                    + sum(size.get(e, 0) for e in graph[done] if e in graph)
                )
        for event in graph:  # the first in the file
            total = size.get(event, 0)
            if total > MAX_EXPANDED_OPERATIONS and event not in in_cycle:
                self.error(
                    path_of[event],
                    f"event '{event}' expands to {total:,} operations through the events it "
                    f"applies (at most {MAX_EXPANDED_OPERATIONS:,}); apply fewer events, or "
                    "write the operations out",
                )
                break
