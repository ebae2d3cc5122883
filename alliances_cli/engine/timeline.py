"""Camps over time: the camps of each time slice, with each camp's identity kept across slices.

Between consecutive slices, camps are paired by the assignment that maximises their summed
Jaccard similarity (shared members over members of either; the Hungarian method, Kuhn 1955;
on equal similarity, the camp holding the earlier camp's leader), and a pair counts only from
MATCH_MIN up: the threshold Greene, Doyle & Cunningham (2010) use
to track communities. A camp paired with an earlier one keeps its identity (a letter), however
its members change; an unpaired camp is new. Then, read from who went where:

- a new camp most of whose earlier-seen members came from a camp that lives on *split* from it;
- an ended camp most of whose members went to a camp that lives on *merged* into it;
- other new camps *formed*, other ended camps *dissolved*;
- a slice with no tie at all is *unrecorded* (the data end or pause there: no camp dissolves),
  and the next slice with ties is compared with the last one before it;
- an actor in a camp in both slices whose identity differs *moved*.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from alliances_cli.engine.analysis import Analysis, Problem, analyse, coalition_problems
from alliances_cli.engine.chunks import Runner, chunked, solve_chunk
from alliances_cli.engine.dated import at, current, dates
from alliances_cli.engine.solver import Settings, is_solved, problem_key, remember
from alliances_cli.engine.view import View
from alliances_cli.scenario.dates import day, holds
from alliances_cli.scenario.model import Scenario

#: The least Jaccard similarity for a camp to keep an earlier camp's identity.
MATCH_MIN = 0.3
#: Added to a pair's similarity when the later camp holds the earlier camp's leader: less
#: than any difference of two similarities of camps under 1,000 actors.
TIE_BREAK = 1e-7


@dataclass(frozen=True)
class Slice:
    """One time slice: its label, its day (if it has one), its view, and the identity of
    each of the view's camps (in the view's order)."""

    label: str
    date: str | None
    scenario: Scenario
    view: View
    identities: tuple[str, ...]

    def identity_of(self, actor: str) -> str | None:
        index = self.view.camp_of(actor)
        return None if index is None else self.identities[index]


@dataclass(frozen=True)
class Change:
    """What happened to a camp at slice `at`: formed, split, merged or dissolved. For a split,
    `other` is the camp it split from; for a merge, the camp it merged into. `actors` are the
    members concerned (those who came or went)."""

    at: int
    kind: str
    camp: str
    other: str | None
    actors: tuple[str, ...]


@dataclass(frozen=True)
class Move:
    """An actor in a camp in slices `at - 1` and `at`, whose camp's identity changed."""

    at: int
    actor: str
    origin: str
    to: str
    #: In slice `at - 1` its ties could not place it (a swing actor there): the camp it
    #: leaves was one pick among that slice's optima.
    undecided: bool = False


@dataclass(frozen=True)
class Timeline:
    slices: tuple[Slice, ...]
    changes: tuple[Change, ...]
    moves: tuple[Move, ...]
    #: The theater followed, or None for the overall view.
    theater: str | None
    camps_limit: int | None
    #: The overall view's frustration is in pair scores when it is a consensus of theaters.
    scored: bool = False

    def name(self, actor: str) -> str:
        """An actor's name, from the latest slice that knows it."""
        for piece in reversed(self.slices):
            if actor in piece.scenario.actor_by_id:
                return piece.scenario.actor_name(actor)
        return actor

    def camp_name(self, identity: str, at: int) -> str:
        """A camp's name (its leader's, or the scenario's) in slice `at`, or the latest before."""
        for piece in reversed(self.slices[: at + 1]):
            if identity in piece.identities:
                return piece.view.camps[piece.identities.index(identity)].name
        return identity


@dataclass(frozen=True)
class Step:
    """One slice as `steps` makes it, with the changes and moves that led to it."""

    index: int
    slice: Slice
    changes: tuple[Change, ...]
    moves: tuple[Move, ...]


def timeline(
    slices: Sequence[tuple[str, str | None, Scenario]],
    *,
    theater: str | None = None,
    camps_limit: int | None = None,
    overall: str = "consensus",
    progress: Callable[[int, int], None] | None = None,
    runner: Runner | None = None,
) -> Timeline:
    """Solve each (label, day, scenario) slice's view (`theater`, or the overall view) and
    track its camps from slice to slice. With a `runner`, the slices' coalition problems are
    solved first, in chunks wherever it runs them; the slices then follow from the answers."""
    made: list[Slice] = []
    changes: list[Change] = []
    moves: list[Move] = []
    for step in steps(
        slices,
        theater=theater,
        camps_limit=camps_limit,
        overall=overall,
        progress=progress,
        runner=runner,
    ):
        made.append(step.slice)
        changes += step.changes
        moves += step.moves
    scored = theater is None and overall == "consensus"
    scored = scored and any(len(p.scenario.theaters) > 1 for p in made)
    return Timeline(tuple(made), tuple(changes), tuple(moves), theater, camps_limit, scored)


def steps(
    slices: Sequence[tuple[str, str | None, Scenario]],
    *,
    theater: str | None = None,
    camps_limit: int | None = None,
    overall: str = "consensus",
    progress: Callable[[int, int], None] | None = None,
    runner: Runner | None = None,
) -> Iterator[Step]:
    """The slices of `timeline` one at a time, holding only the last two: a long series
    (a backtest) then needs the memory of two slices, not of all."""
    if runner is not None:
        _solve_elsewhere([s for _, _, s in slices], camps_limit, runner, progress)
    previous: Slice | None = None
    tied: Slice | None = None  # the last slice with ties
    prior: Analysis | None = None
    fresh = _letters()
    for i, (label, when, scenario) in enumerate(slices):
        chosen = None if theater is None else [theater]
        found = analyse(
            scenario, theaters=chosen, camps_limit=camps_limit, overall=overall, prior=prior
        )
        view = found.theaters[0] if theater is not None else found.overall
        members = [set(c.members) for c in view.camps]
        changes: list[Change] = []
        moves: list[Move] = []
        # Compared with the last slice that has ties: a slice with none records nothing (the
        # data end or pause there), which is no camp dissolving.
        if not view.edges:
            identities = []
            if tied is not None and previous is not None and previous.view.edges:
                unseen = tuple(sorted(a for c in previous.view.camps for a in c.members))
                changes.append(Change(i, "unrecorded", "", None, unseen))
        elif tied is None:
            identities = [next(fresh) for _ in members]
        else:
            identities = _identify(tied, members, fresh)
            changes += _changes(i, tied, members, identities)
            moves += _moves(i, tied, view, identities)
        made = Slice(label, when, scenario, view, tuple(identities))
        previous = made
        if view.edges:
            tied = made
        prior = found
        if progress is not None:
            progress(i + 1, len(slices))
        yield Step(i, made, tuple(changes), tuple(moves))


def _identify(before: Slice, members: list[set[str]], fresh: _Letters) -> list[str]:
    """Identities for this slice's camps: an earlier camp's, by the best assignment, or new."""
    earlier = [set(c.members) for c in before.view.camps]
    pairs = _assignment(earlier, members, [c.leader for c in before.view.camps])
    identities: list[str | None] = [None] * len(members)
    for i, j in pairs:
        identities[j] = before.identities[i]
    # New camps take letters largest first (then in the view's order).
    for j in sorted(range(len(members)), key=lambda j: (-len(members[j]), j)):
        if identities[j] is None:
            identities[j] = next(fresh)
    return [x for x in identities if x is not None]


def _assignment(
    earlier: list[set[str]], later: list[set[str]], leaders: list[str] | None = None
) -> list[tuple[int, int]]:
    """The pairs (earlier, later) with the largest summed Jaccard similarity, each pair
    counting only from MATCH_MIN up."""
    if not earlier or not later:
        return []
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    score = np.zeros((len(earlier), len(later)))
    for i, a in enumerate(earlier):
        for j, b in enumerate(later):
            shared = len(a & b)
            if shared and shared / len(a | b) >= MATCH_MIN - 1e-12:
                # On equal overlap, the identity follows the earlier camp's leader.
                follows = leaders is not None and leaders[i] in b
                score[i, j] = shared / len(a | b) + (TIE_BREAK if follows else 0.0)
    rows, cols = linear_sum_assignment(score, maximize=True)
    return [(int(i), int(j)) for i, j in zip(rows, cols, strict=True) if score[i, j] > 0]


def _changes(at: int, before: Slice, members: list[set[str]], ids: list[str]) -> list[Change]:
    earlier = [set(c.members) for c in before.view.camps]
    living = set(ids) & set(before.identities)
    found: list[Change] = []
    for j, camp in enumerate(members):
        if ids[j] in living:
            continue
        source, came = _largest_share(camp, earlier)
        if source is not None and before.identities[source] in living:
            found.append(Change(at, "split", ids[j], before.identities[source], came))
        else:
            found.append(Change(at, "formed", ids[j], None, tuple(sorted(camp))))
    for i, camp in enumerate(earlier):
        if before.identities[i] in living:
            continue
        dest, went = _largest_share(camp, members)
        if dest is not None and ids[dest] in living:
            found.append(Change(at, "merged", before.identities[i], ids[dest], went))
        else:
            found.append(Change(at, "dissolved", before.identities[i], None, tuple(sorted(camp))))
    return found


def _largest_share(camp: set[str], others: list[set[str]]) -> tuple[int | None, tuple[str, ...]]:
    """The camp among `others` sharing the most members with `camp` (first on a tie), if it
    shares at least half of those `camp` shares with any of them."""
    shares = [len(camp & other) for other in others]
    if not shares or max(shares) == 0:
        return None, ()
    best = shares.index(max(shares))
    if 2 * shares[best] < sum(shares):
        return None, ()
    return best, tuple(sorted(camp & others[best]))


def _moves(at: int, before: Slice, view: View, ids: list[str]) -> list[Move]:
    found = []
    swinging: set[str] | None = None
    for camp, identity in zip(view.camps, ids, strict=True):
        for actor in camp.members:
            origin = before.identity_of(actor)
            if origin is not None and origin != identity:
                if swinging is None:  # the optima counted only where someone moves
                    swinging = {s.actor for s in before.view.optima.swing}
                found.append(Move(at, actor, origin, identity, actor in swinging))
    return sorted(found, key=lambda m: (m.origin, m.to, m.actor))


#: Coalition problems per chunk for a runner.
PROBLEM_CHUNK = 8


def _solve_elsewhere(
    scenarios: Sequence[Scenario],
    camps_limit: int | None,
    runner: Runner,
    progress: Callable[[int, int], None] | None,
) -> None:
    """Solve the distinct coalition problems of the slices through `runner`, and remember
    the answers, so that the slices' analyses here find them solved."""
    keys: list[tuple[object, ...]] = []
    seen: set[tuple[object, ...]] = set()
    problems: list[Problem] = []
    for scenario in scenarios:
        for problem in coalition_problems(scenario):
            key = problem_key(problem.nodes, problem.weights, Settings(camps_limit))
            if key not in seen and not is_solved(key):
                seen.add(key)
                keys.append(key)
                problems.append(problem)
    chunks = chunked(problems, PROBLEM_CHUNK)
    solved = [s for part in runner(solve_chunk, camps_limit, chunks, progress) for s in part]
    for key, solution in zip(keys, solved, strict=True):
        remember(key, solution)


class _Letters:
    """A, B, ..., Z, AA, AB, ...: camp identities in order of appearance."""

    def __init__(self) -> None:
        self.count = 0

    def __iter__(self) -> _Letters:
        return self

    def __next__(self) -> str:
        n, text = self.count, ""
        self.count += 1
        while True:
            n, r = divmod(n, 26)
            text = chr(ord("A") + r) + text
            if n == 0:
                return text
            n -= 1


def _letters() -> _Letters:
    return _Letters()


# -- slicing a dated scenario -------------------------------------------------------------------


def slice_days(
    scenario: Scenario, *, at_days: Sequence[str] = (), every: tuple[int, str] | None = None
) -> list[str]:
    """The days to slice a dated scenario at, as written: `at_days`; or every step from its
    first date, and its last; or (neither) each date it names, and the day before the first,
    on which something dated holds. An undated scenario has one slice, as of its `as_of`."""
    if at_days:
        return sorted(dict.fromkeys(at_days), key=lambda d: day(d) or d)
    named = dates(scenario)
    if not named:
        return [scenario.as_of] if scenario.as_of else []
    if every is not None:
        steps = _steps(named[0], named[-1], every)
        # The newest state is a slice too, when a step does not land on it (and something
        # still holds then: an end of everything shows no camps).
        last = named[-1]
        if steps and steps[-1] < last and any(holds(s, u, last) for s, u in _all_periods(scenario)):
            steps.append(last)
        return steps
    first = dt.date.fromisoformat(named[0])
    before = (first - dt.timedelta(days=1)).isoformat()
    periods = _all_periods(scenario)
    # A day on which no dated tie or engagement holds (the end of the last period, when
    # everything ends) shows nothing that changed, only that the record stops.
    return [d for d in [before, *named] if any(holds(s, u, d) for s, u in periods)]


def _all_periods(scenario: Scenario) -> list[tuple[str | None, str | None]]:
    periods = [(t.since, t.until) for t in scenario.ties if t.since or t.until]
    periods += [(e.since, e.until) for t in scenario.ties for e in t.theaters if e.since or e.until]
    periods += [(p.since, p.until) for t in scenario.theaters for p in t.periods]
    return periods


def _steps(first: str, last: str, every: tuple[int, str]) -> list[str]:
    count, unit = every
    start = dt.date.fromisoformat(first)
    end = dt.date.fromisoformat(last)
    found: list[str] = []
    k = 0
    while True:
        if unit in "dw":
            when = start + dt.timedelta(days=k * count * (7 if unit == "w" else 1))
        else:
            months = k * count * (12 if unit == "y" else 1)
            year, month = divmod(start.month - 1 + months, 12)
            when = _clamped(start.year + year, month + 1, start.day)
        if when > end:
            return found
        if len(found) >= MAX_SLICES:
            raise ValueError(
                f"a step of {count}{unit} makes more than {MAX_SLICES:,} slices from {first} "
                f"to {last}; take a longer step, or name the days with --at"
            )
        found.append(when.isoformat())
        k += 1


def _clamped(year: int, month: int, wanted: int) -> dt.date:
    for d in (wanted, 30, 29, 28):
        try:
            return dt.date(year, month, min(d, wanted))
        except ValueError:
            continue
    raise AssertionError("unreachable")


#: The most slices one timeline takes (a step of a day over decades is a mistake).
MAX_SLICES = 10_000


def dated_slices(scenario: Scenario, days: Sequence[str]) -> list[tuple[str, str | None, Scenario]]:
    """(label, day, scenario as of that day) for each day; no day: the scenario as it is."""
    if not days:
        return [(scenario.as_of or scenario.id, scenario.as_of, scenario)]
    return [(d, d, at(scenario, d)) for d in days]


def series_slices(
    scenarios: Sequence[Scenario], labels: Sequence[str] | None = None
) -> list[tuple[str, str | None, Scenario]]:
    """(label, day, scenario as of its own day) for a series of scenarios, one slice each, in
    order: labelled by `labels`, or by each one's `as_of` (else its id)."""
    names = list(labels) if labels is not None else [s.as_of or s.id for s in scenarios]
    if len(names) != len(scenarios):
        raise ValueError(f"{len(names)} labels for {len(scenarios)} scenarios")
    return [(n, s.as_of, current(s)) for n, s in zip(names, scenarios, strict=True)]
