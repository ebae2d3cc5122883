"""What it would take: the least change to the ties that meets a goal, with a certificate."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from alliances_cli.api.analysis import apply
from alliances_cli.api.checks import actor_of, current_of, theater_of, time_limit_of
from alliances_cli.api.output import Output, plain
from alliances_cli.scenario.errors import UnknownId
from alliances_cli.scenario.model import Event, Scenario

if TYPE_CHECKING:
    from alliances_cli.engine.levers import LeastChange
    from alliances_cli.engine.view import View
    from alliances_cli.reports.levers import Planned

#: The margin by which every optimum must meet the goal, by default (in weight units).
MARGIN = 0.01


class GoalError(ValueError):
    """A goal or lever that cannot be asked of this view; `option` names where it came from."""

    def __init__(self, message: str, option: str) -> None:
        super().__init__(message)
        self.option = option


@dataclass(frozen=True)
class Levers:
    """The cheapest distinct plans that meet a goal in one theater (`alliances levers`)."""

    planned: Planned = field(repr=False)

    @property
    def found(self) -> LeastChange:
        """The engine's record: the goal, the plans, the bound and how the search ended."""
        return self.planned.found

    def to_dict(self) -> dict[str, Any]:
        """The `alliances levers --format json` document."""
        from alliances_cli.reports.levers import levers_data

        return levers_data(self.planned)

    def text(self) -> str:
        """The `alliances levers` report, as plain text."""
        return plain(self.output().report())

    def output(self) -> Output:
        from alliances_cli.reports.levers import levers_report, levers_result

        planned = self.planned
        return Output(lambda: levers_result(planned), lambda: levers_report(planned))

    def events(self) -> tuple[Event, ...]:
        """Each plan as a named what-if event (`plan-1`, ...), for `whatif --events`."""
        from alliances_cli.reports.levers import plan_events

        return plan_events(self.planned)

    def save_events(self, path: str | os.PathLike[str], *, inputs: Sequence[str] = ()) -> None:
        """Write the plans as an events file (`events: [...]`), atomically."""
        from alliances_cli.output import write_atomic
        from alliances_cli.scenario.dump import dump_events

        write_atomic(os.fspath(path), dump_events(self.events()), inputs=inputs)


def levers(
    scenario: Scenario,
    events: Iterable[str | Event] = (),
    *,
    theater: str | None = None,
    move: str | None = None,
    to: str | None = None,
    together: tuple[str, str] | None = None,
    apart: tuple[str, str] | None = None,
    break_camp: str | None = None,
    ties_of: Sequence[str] = (),
    any_tie: bool = False,
    allow_new: bool = False,
    fixed: Sequence[tuple[str, str]] = (),
    max_ties: int | None = None,
    margin: float = MARGIN,
    plans: int = 3,
    camps_limit: int | None = None,
    time_limit: float | None = None,
    extra: Sequence[Event] = (),
    source: str | None = None,
) -> Levers:
    """The cheapest `plans` distinct changes to the ties of one theater after which every
    optimal partition meets the goal by `margin`, with a proven lower bound (docs/levers.md).

    The goal is one of: `move` an actor out of its camp (to stand with `to`, if given); keep
    `together` or `apart` a pair; break the camp of `break_camp` (a member or the camp's
    name). The ties that may change are those of `ties_of` (default: the goal's actors), or
    every tie with `any_tie`, less the `fixed` pairs; with `allow_new`, pairs with no tie
    may gain one. Each stance stays within -1..+1; at most `max_ties` change."""
    from alliances_cli.engine import levers as engine
    from alliances_cli.engine.analysis import analyse

    scenario = current_of(scenario)
    time_limit_of(time_limit)
    if not margin > 0:
        raise GoalError(f"the margin must be above 0, not {margin!r}", "margin")
    if plans < 1:
        raise GoalError(f"plans must be at least 1, not {plans!r}", "plans")
    if max_ties is not None and max_ties < 1:
        raise GoalError(f"max_ties must be at least 1, not {max_ties!r}", "max-ties")
    chosen = list(events)
    if chosen or extra:
        scenario = apply(scenario, chosen, extra).scenario
    place = _theater(scenario, theater)
    view = analyse(scenario, theaters=[place], camps_limit=camps_limit).view(place)
    goal = _goal(scenario, view, move, to, together, apart, break_camp)
    if ties_of:
        actors = tuple(dict.fromkeys(_actor(scenario, view, a, "ties-of") for a in ties_of))
    else:
        actors = goal.movers()
    frozen = {_pair(scenario, view, a, b) for a, b in fixed}
    movable = _movable(scenario, view, place, actors, any_tie, allow_new, frozen)
    found = engine.least_change(
        list(view.order),
        {k: e.weight for k, e in view.edges.items()},
        movable,
        goal,
        view=place,
        camps_limit=camps_limit,
        margin=margin,
        max_ties=max_ties,
        plans=plans,
        time_limit=time_limit,
    )
    from alliances_cli.reports.levers import Planned

    movers = None if any_tie else actors
    named = tuple(e if isinstance(e, str) else e.id for e in chosen)
    return Levers(Planned(scenario, found, place, movers, camps_limit, source, named))


def _theater(scenario: Scenario, theater: str | None) -> str:
    if theater is not None:
        return str(theater_of(scenario, theater).id)
    if len(scenario.theaters) == 1:
        return scenario.theaters[0].id
    known = ", ".join(t.id for t in scenario.theaters)
    raise GoalError(
        f"name the theater to plan in (one of: {known}); plans change a theater's ties, and "
        "the overall view follows from the theaters by a rule, not by ties of its own",
        "theater",
    )


def _actor(scenario: Scenario, view: View, actor: str, option: str) -> str:
    try:
        found = actor_of(scenario, actor).id
    except UnknownId as exc:
        raise UnknownId(option, str(exc)) from None
    if found not in view.camp_index:
        raise GoalError(f"'{found}' is not engaged in '{view.id}'", option)
    return found


def _pair(scenario: Scenario, view: View, a: str, b: str) -> tuple[str, str]:
    first, second = _actor(scenario, view, a, "fixed"), _actor(scenario, view, b, "fixed")
    if first == second:
        raise GoalError(f"'{first}:{second}' is no pair: write two different actors", "fixed")
    return (first, second) if first < second else (second, first)


def _goal(
    scenario: Scenario,
    view: View,
    move: str | None,
    to: str | None,
    together: tuple[str, str] | None,
    apart: tuple[str, str] | None,
    break_camp: str | None,
) -> Any:
    from alliances_cli.engine import levers as engine

    asked = [g for g in (move, together, apart, break_camp) if g is not None]
    if len(asked) != 1:
        raise GoalError(
            "give one goal: --move ACTOR [--to ACTOR], --together A B, --apart A B or --break CAMP",
            "move",
        )
    if to is not None and move is None:
        raise GoalError("--to goes with --move ACTOR", "to")

    def mates(actor: str) -> list[str]:
        camp = view.camps[view.camp_index[actor]]
        return [m for m in camp.members if m != actor]

    if move is not None:
        actor = _actor(scenario, view, move, "move")
        if to is None:
            return engine.leave(actor, mates(actor))
        other = _actor(scenario, view, to, "to")
        if other == actor:
            raise GoalError(f"'{actor}' cannot move to itself", "to")
        if other in mates(actor):
            raise GoalError(
                f"'{actor}' already stands with '{other}' in '{view.id}'; "
                f"--apart {actor} {other} asks what would split them",
                "to",
            )
        return engine.move(actor, other, [m for m in mates(actor) if m != other])
    if together is not None or apart is not None:
        option = "together" if together is not None else "apart"
        a, b = together or apart  # type: ignore[misc]
        first, second = _actor(scenario, view, a, option), _actor(scenario, view, b, option)
        if first == second:
            raise GoalError(f"--{option} needs two different actors", option)
        return (engine.together if together is not None else engine.apart)(first, second)
    assert break_camp is not None
    camp = _camp(scenario, view, break_camp)
    if len(camp.members) < 2:
        raise GoalError(f"the camp of '{camp.leader}' has one member: nothing to break", "break")
    return engine.break_camp(camp.leader, camp.members)


def _camp(scenario: Scenario, view: View, name: str) -> Any:
    """The camp a `--break` value names: by a member's id or the camp's name."""
    for camp in view.camps:
        if camp.name.casefold() == name.casefold():
            return camp
    member = _actor(scenario, view, name, "break")
    return view.camps[view.camp_index[member]]


def _movable(
    scenario: Scenario,
    view: View,
    theater: str,
    actors: Sequence[str],
    any_tie: bool,
    allow_new: bool,
    frozen: set[tuple[str, str]],
) -> list[Any]:
    from alliances_cli.engine.levers import Movable

    chosen = set(actors)
    found = []
    for (a, b), edge in sorted(view.edges.items()):
        if (any_tie or a in chosen or b in chosen) and (a, b) not in frozen:
            found.append(Movable(a, b, edge.stance, edge.confidence))
    if allow_new:
        confidence = _new_confidence(scenario, theater)
        order = list(view.order)
        for i, a in enumerate(order):
            for b in order[i + 1 :]:
                p = (a, b) if a < b else (b, a)
                if p in view.edges or p in frozen or not (any_tie or a in chosen or b in chosen):
                    continue
                found.append(Movable(p[0], p[1], 0.0, confidence.get(p, 1.0), new=True))
    return found


def _new_confidence(scenario: Scenario, theater: str) -> dict[tuple[str, str], float]:
    """The confidence a stance set in `theater` takes for a pair with a tie in the file but
    none in the view (a neutral one): its own, as `set` keeps it; 1 for a pair with none."""
    found = {}
    for tie in scenario.ties:
        entry = tie.in_theater(theater)
        confidence = entry.confidence if entry and entry.confidence else tie.confidence
        found[(tie.a, tie.b) if tie.a < tie.b else (tie.b, tie.a)] = confidence
    return found
