"""What it would take: exact margins of camps, and the tipping points of an actor.

An actor **leaves its camp** when it shares a camp with none of its reported camp-mates (an
actor alone: when it shares a camp with anyone). Its **margin** is the least extra frustration
of any partition in which it leaves, over the view's optimum; 0 means it may stand elsewhere at
no cost (a swing actor). A pair's margin is the least extra frustration of any partition that
reverses it: separates two actors who share a camp, or puts two others together.

Each margin is the exact solver's optimum with the constraint added as ties too strong to
frustrate: a tie of weight -BIG keeps two actors apart, +BIG keeps them together (BIG exceeds
the view's whole weight, so no optimum breaks one). The margin is proven when that optimum and
the view's are.

A **tipping point** is the smallest change to one tie's stance, in one view, after which the
actor leaves its camp. Frustration is piecewise linear in a tie's weight w (a tie frustrated
apart costs max(w, 0), together max(-w, 0)), so with the rest of the view fixed, the best
partition in which the actor leaves costs min(L_apart + max(w, 0), L_together + max(-w, 0)),
where L are exact constrained optima without the tie; against the reported partition's own
line, the crossing is solved in closed form. The reported partition only bounds what staying
costs, so the crossing is checked by solving the view at the new weight; if another staying
partition wins there, the search goes on from it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from alliances_cli.engine.partition import view_camps
from alliances_cli.engine.solver import Settings, solve
from alliances_cli.engine.view import View

Edge = tuple[str, str]

#: Up to this many actors in a view, every pair gets a margin (the least extra frustration
#: that reverses it); beyond, only the pairs sharing a camp. Under a time limit: PAIRS_TIMED.
PAIRS_MAX_ACTORS = 16
PAIRS_TIMED = 25
#: Without a time limit, margins are exact in views up to this many actors (a random view of
#: 20 actors and 69 ties: 0.6 s for every actor, 4 s for every pair; 40 actors: 25 s and
#: minutes); beyond, up to MARGIN_MAX_ACTORS, the heuristic's, not proven.
MARGIN_EXACT_ACTORS = 20


@dataclass(frozen=True)
class Effort:
    """How hard the margins try. Without a deadline, by the size rules above (the same
    answer on any machine); with one (a `time.monotonic()` time), exact solves share the time
    left and the heuristic answers once it has run out."""

    deadline: float | None = None

    @staticmethod
    def within(time_limit: float | None) -> Effort:
        return Effort(None if time_limit is None else time.monotonic() + time_limit)

    def settings(self, camps_limit: int | None, actors: int) -> Settings:
        if self.deadline is None:
            exact = actors <= MARGIN_EXACT_ACTORS
        else:
            left = self.deadline - time.monotonic()
            if left > 0:
                return Settings(camps_limit, time_limit=left)
            exact = False
        return Settings(camps_limit) if exact else Settings(camps_limit, exact=False, bound=False)

    @property
    def pairs_max(self) -> int:
        return PAIRS_MAX_ACTORS if self.deadline is None else PAIRS_TIMED


@dataclass(frozen=True)
class Margin:
    view: str | None
    actor: str
    camp: str  # the leader of its reported camp
    extra: float  # least extra frustration of a partition in which it leaves its camp
    proven: bool
    joins: tuple[str, ...]  # its camp-mates in that partition


@dataclass(frozen=True)
class PairMargin:
    view: str | None
    a: str
    b: str
    extra: float  # least extra frustration of a partition that separates them, or joins them
    proven: bool


@dataclass(frozen=True)
class Tipping:
    view: str | None
    actor: str
    a: str  # the tie changed
    b: str
    stance: float  # its stance now
    to: float  # the stance at which the actor leaves its camp
    confidence: float
    joins: tuple[str, ...]  # its camp-mates after
    exact: bool


def _key(a: str, b: str) -> Edge:
    return (a, b) if a < b else (b, a)


class _Problem:
    """A view as the solver sees it, with the reported camps."""

    def __init__(self, view: View, effort: Effort | None = None) -> None:
        self.view = view
        self.effort = Effort() if effort is None else effort
        self.nodes = list(view.order)
        self.weights = {k: e.weight for k, e in view.edges.items() if e.weight}
        self.big = 1.0 + 2.0 * math.fsum(abs(w) for w in self.weights.values())
        self.mates = {
            a: tuple(m for m in c.members if m != a) for c in view.camps for a in c.members
        }
        self.leader = {a: c.leader for c in view.camps for a in c.members}

    def cost(self, camp_of: Mapping[str, int], weights: Mapping[Edge, float]) -> float:
        return math.fsum(
            abs(w) for (a, b), w in weights.items() if w and (w > 0) != (camp_of[a] == camp_of[b])
        )

    def best(
        self,
        force: Mapping[Edge, float],
        weights: Mapping[Edge, float] | None = None,
    ) -> tuple[float, dict[str, int], bool]:
        """The least cost, under `weights` (default: the view's), of a partition keeping the
        forced pairs apart (-1) or together (+1): cost, camp of each actor, proven."""
        base = self.weights if weights is None else weights
        constrained = dict(base)
        for pair, sign in force.items():
            constrained[pair] = sign * self.big
        solution = solve(self.nodes, constrained, self.settings())
        camp_of = {a: i for i, camp in enumerate(solution.camps) for a in camp}
        return self.cost(camp_of, base), camp_of, solution.optimal

    def settings(self) -> Settings:
        return self.effort.settings(self.view.camps_limit, len(self.nodes))

    def leave(
        self, actor: str, force: Mapping[Edge, float], weights: Mapping[Edge, float] | None = None
    ) -> tuple[float, dict[str, int], bool] | None:
        """The best partition in which `actor` leaves its camp, with `force` besides; None if
        the constraints contradict each other."""
        mates = self.mates[actor]
        if mates:
            needed = {_key(actor, m): -1.0 for m in mates}
            if any(force.get(k, -1.0) != -1.0 for k in needed):
                return None
            return self.best({**force, **needed}, weights)
        options = []
        for other in self.nodes:
            if other == actor or force.get(_key(actor, other), 1.0) != 1.0:
                continue
            options.append(self.best({**force, _key(actor, other): 1.0}, weights))
        if not options:
            return None
        cost = min(o[0] for o in options)
        first = next(o for o in options if o[0] <= cost + 1e-12)
        return cost, first[1], all(o[2] for o in options)

    def joins(self, actor: str, camp_of: Mapping[str, int]) -> tuple[str, ...]:
        """Its camp-mates in the partition found, those a chain of ties inside the camp links
        to it: an actor tied to none of them shares the camp only because nothing keeps it
        out (a tie-break, not a finding). All of them when none is linked."""
        camp = [a for a in self.nodes if a != actor and camp_of[a] == camp_of[actor]]
        inside, linked, frontier = set(camp), {actor}, [actor]
        while frontier:
            for other in self.view.weights.get(frontier.pop(), {}):
                if other in inside and other not in linked:
                    linked.add(other)
                    frontier.append(other)
        kept = tuple(a for a in camp if a in linked)
        return kept or tuple(camp)


def margins(view: View, effort: Effort | None = None) -> tuple[list[Margin], list[PairMargin]]:
    """Each actor's and each camp-sharing pair's margin in `view` (module doc)."""
    problem = _Problem(view, effort)
    actors = _actor_margins(view, problem)
    optimum = view.frustration
    pairs = []
    members = [a for camp in view.camps for a in camp.members]
    every = len(members) <= problem.effort.pairs_max
    for i, a in enumerate(members):
        for b in members[i + 1 :]:
            together = view.camp_of(a) == view.camp_of(b)
            if not (together or every):
                continue
            cost, _, proven = problem.best({_key(a, b): -1.0 if together else 1.0})
            extra = max(cost - optimum, 0.0)
            pairs.append(PairMargin(view.id, *_key(a, b), extra, proven and view.optimal))
    return actors, pairs


def actor_margins(view: View) -> list[Margin]:
    """Each actor's margin alone: a forced solve per actor, where `margins` adds one per
    pair (a 16-actor complete graph: 0.9 s against 3.5 s)."""
    return _actor_margins(view, _Problem(view))


def _actor_margins(view: View, problem: _Problem) -> list[Margin]:
    optimum = view.frustration
    actors = []
    for camp in view.camps:
        for actor in camp.members:
            found = problem.leave(actor, {})
            assert found is not None
            cost, camp_of, proven = found
            actors.append(
                Margin(
                    view.id,
                    actor,
                    camp.leader,
                    max(cost - optimum, 0.0),
                    proven and view.optimal,
                    problem.joins(actor, camp_of),
                )
            )
    return actors


def tipping_points(view: View, actor: str, effort: Effort | None = None) -> list[Tipping]:
    """For each tie of `view`, the smallest change to its stance after which `actor` leaves
    its camp, if any change within -1..+1 does; nearest first."""
    problem = _Problem(view, effort)
    if actor not in problem.mates:
        return []
    found = []
    for pair, edge in sorted(view.edges.items()):
        if not edge.weight or pair not in problem.weights:
            continue
        point = _tipping(problem, actor, pair, edge.stance, edge.confidence)
        if point is not None:
            found.append(point)
    found.sort(key=lambda t: (abs(t.to - t.stance), t.a, t.b))
    return found


def _tipping(
    problem: _Problem, actor: str, pair: Edge, stance: float, confidence: float
) -> Tipping | None:
    rest = {k: w for k, w in problem.weights.items() if k != pair}
    # The best partitions in which the actor leaves, with the pair apart and together.
    lines = []
    for sign in (-1.0, 1.0):
        found = problem.leave(actor, {pair: sign}, rest)
        if found is not None:
            lines.append((sign, found))
    if not lines:
        return None
    w0 = stance * confidence
    stay = problem.view.camp_index
    exact = all(f[2] for _, f in lines) and problem.view.optimal
    for _ in range(8):  # each round replaces the staying partition by a better one
        stay_cost = problem.cost(stay, rest)
        stay_apart = stay[pair[0]] != stay[pair[1]]
        target = _crossing(lines, stay_cost, stay_apart, w0, confidence)
        if target is None:
            return None
        weights = dict(rest)
        nudge = 1e-6 if target >= w0 else -1e-6
        weights[pair] = target + nudge
        shown = view_camps(problem.nodes, weights, problem.settings())
        solution, camps = shown.solution, shown.camps  # the camps as a view reports them
        camp_of = {a: i for i, camp in enumerate(camps) for a in camp}
        if _left(problem, actor, camp_of):
            return Tipping(
                problem.view.id,
                actor,
                pair[0],
                pair[1],
                stance,
                target / confidence,
                confidence,
                problem.joins(actor, camp_of),
                exact and solution.optimal,
            )
        stay = camp_of  # another staying partition is better there: measure against it
    return None


def _left(problem: _Problem, actor: str, camp_of: Mapping[str, int]) -> bool:
    mates = problem.mates[actor]
    if mates:
        return all(camp_of[m] != camp_of[actor] for m in mates)
    return any(camp_of[a] == camp_of[actor] for a in problem.nodes if a != actor)


def _crossing(
    lines: Sequence[tuple[float, tuple[float, dict[str, int], bool]]],
    stay_cost: float,
    stay_apart: bool,
    w0: float,
    confidence: float,
) -> float | None:
    """The weight nearest `w0`, within the stance range, at which leaving costs no more than
    staying (both as functions of the tie's weight; module doc)."""
    low, high = -confidence, confidence
    candidates = []
    for sign, (cost, _, _) in lines:
        apart = sign < 0
        # leave(w) - stay(w) on each side of 0, as a + b*w.
        for lo, hi in ((low, 0.0), (0.0, high)):
            if lo >= hi:
                continue
            slope = 0.0
            positive = lo >= 0.0
            slope += (1.0 if apart else 0.0) if positive else (0.0 if apart else -1.0)
            slope -= (1.0 if stay_apart else 0.0) if positive else (0.0 if stay_apart else -1.0)
            constant = cost - stay_cost
            # Feasible set of a + b*w <= 0 on [lo, hi].
            if abs(slope) < 1e-15:
                if constant <= 1e-12:
                    candidates.append(min(max(w0, lo), hi))
                continue
            root = -constant / slope
            if slope > 0:
                start, stop = lo, min(hi, root)
            else:
                start, stop = max(lo, root), hi
            if start <= stop + 1e-12:
                candidates.append(min(max(w0, start), stop))
    # The actor leaves only once the stance passes the crossing: one at the end of the range,
    # in the direction of travel (a stance below -1, say), is out of reach.
    candidates = [
        c
        for c in candidates
        if abs(c - w0) > 1e-9 and (c < high - 1e-12 if c > w0 else c > low + 1e-12)
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda c: (abs(c - w0), c))


#: Views with more actors than this get no exact margins (each costs a solve per actor).
MARGIN_MAX_ACTORS = 60


def view_margins(
    views: Sequence[View], actor: str | None = None, effort: Effort | None = None
) -> tuple[list[Margin], list[PairMargin], list[Tipping]]:
    """The margins of every actor and camp-sharing pair of the views small enough to afford
    them (exact as `effort` allows), and, for `actor`, its three nearest tipping points per
    theater, nearest first."""
    actor_margins: list[Margin] = []
    pair_margins: list[PairMargin] = []
    tipping: list[Tipping] = []
    for view in views:
        if len(view.order) > MARGIN_MAX_ACTORS:
            continue
        found, pairs = margins(view, effort)
        actor_margins += found
        pair_margins += pairs
        if actor is not None and view.id is not None:
            tipping += tipping_points(view, actor, effort)[:3]
    tipping.sort(key=lambda t: (abs(t.to - t.stance), t.view or "", t.a, t.b))
    return actor_margins, pair_margins, tipping
