"""The least change that makes every optimal partition meet a goal: constraint generation.

The program (`program.py`) proposes new weights and a target partition that beat the
competitors it knows; the exact solver then looks for the best partition that misses the
goal under those weights (one constrained optimum per clause, `goals.py`). If it comes
within the margin of the target, it joins the competitors and the program is solved again;
otherwise every optimum meets the goal and the proposal, being the optimum of a relaxation,
is the least change. Further plans exclude the ties of each earlier plan (not all of them may
change again), so each is the least change among the distinct ones.

A plan is written with stances rounded to two decimals, away from the present stance, when
that costs at most 1% more and still meets the goal by the margin (checked by solving
again), else to three or four decimals, else as found.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from alliances_cli.engine.levers.goals import Goal, Pair, pair
from alliances_cli.engine.levers.program import Candidate, Infeasible, Lever, OutOfTime, Program
from alliances_cli.engine.partition import view_camps
from alliances_cli.engine.solver import Settings, solve

#: Competing partitions added to the program per round, the closest first.
COMPETITORS = 20
#: Competitor rounds before the search gives up with its bound.
MAX_ROUNDS = 200
#: Search nodes each proof may take: more than a view's default, since a plan leaves two
#: partitions within the margin of each other, which the exact search finds hardest.
PROOF_BUDGET = 2_000_000
#: Stances are rounded outward to the fewest decimals (2 to 4) that cost at most this share
#: more than the least change: a plan overshooting by more would still work at 90%.
ROUNDING = 0.01
#: How far below the margin a lead may fall to floating-point error and still count.
TOLERANCE = 1e-6


@dataclass(frozen=True)
class Movable:
    """A tie a plan may change: its stance and confidence now (a pair with no tie: stance 0,
    the confidence a new tie would get)."""

    a: str
    b: str
    stance: float
    confidence: float
    new: bool = False


@dataclass(frozen=True)
class Change:
    a: str
    b: str
    stance: float  # now
    to: float
    confidence: float
    new: bool

    @property
    def cost(self) -> float:
        """The change in the tie's pull: confidence x |stance change|."""
        return self.confidence * abs(self.to - self.stance)


@dataclass(frozen=True)
class Plan:
    changes: tuple[Change, ...]
    cost: float  # of the changes as written
    least: float  # no plan allowed at this step is cheaper (the program's proven bound)
    lead: float  # after it: the best partition missing the goal is at least this much worse
    camps: tuple[tuple[str, ...], ...]  # the camps after it, as the view reports them
    proven: bool


@dataclass(frozen=True)
class LeastChange:
    """What a goal takes in one view: the cheapest distinct plans, with a certificate."""

    view: str | None
    goal: Goal
    movable: tuple[Movable, ...]
    margin: float
    max_ties: int | None
    asked: int  # how many distinct plans were asked for
    lead: float  # now: how much better the best partition meeting the goal is (< 0: missed)
    met_now: bool  # the view's optimum meets the goal by the margin already
    plans: tuple[Plan, ...]
    bound: float  # no plan cheaper than this exists
    proven: bool  # the bound is the least cost (the first plan is the cheapest)
    rounds: int
    stopped: str | None  # why the search ended before proving, if it did: "time" or "rounds"
    feasible: bool  # some plan within the levers' bounds exists (False: proven none does)


def least_change(
    nodes: Sequence[str],
    weights: Mapping[Pair, float],
    movable: Sequence[Movable],
    goal: Goal,
    *,
    view: str | None = None,
    camps_limit: int | None = None,
    margin: float = 0.01,
    max_ties: int | None = None,
    plans: int = 3,
    time_limit: float | None = None,
) -> LeastChange:
    """The cheapest `plans` distinct plans that make every optimal partition of the view meet
    `goal` by `margin`, changing only the `movable` ties within -1..+1 (at most `max_ties` of
    them); module doc."""
    deadline = None if time_limit is None else time.monotonic() + time_limit
    settings = Settings(camps_limit, node_budget=PROOF_BUDGET)
    base = {k: w for k, w in weights.items() if w}
    lead_now, _ = lead(nodes, base, goal, settings)
    by_pair = {pair(m.a, m.b): m for m in movable}
    record = dict(
        view=view,
        goal=goal,
        movable=tuple(by_pair[p] for p in sorted(by_pair)),
        margin=margin,
        max_ties=max_ties,
        asked=plans,
        lead=lead_now,
    )
    if lead_now >= margin - TOLERANCE:
        done = dict(plans=(), bound=0.0, proven=True, rounds=0, stopped=None, feasible=True)
        return LeastChange(**record, met_now=True, **done)  # type: ignore[arg-type]
    search = _Search(nodes, base, by_pair, goal, margin, max_ties, settings, deadline)
    found: list[Plan] = []
    bound, stopped, feasible = 0.0, None, True
    while len(found) < plans:
        try:
            plan = search.next_plan()
        except Infeasible:
            feasible = bool(found)
            bound = bound if found else math.inf
            break
        except OutOfTime as out:
            stopped = "time"
            bound = bound if found else out.bound
            break
        except _Stuck as stuck:
            stopped = "rounds"
            bound = bound if found else stuck.bound
            break
        if not found:
            bound = plan.least
        found.append(plan)
    return LeastChange(
        **record,  # type: ignore[arg-type]
        met_now=False,
        plans=tuple(sorted(found, key=lambda p: (p.cost, [(c.a, c.b) for c in p.changes]))),
        bound=bound,
        proven=bool(found) and found[0].proven,
        rounds=search.rounds,
        stopped=stopped,
        feasible=feasible,
    )


class _Stuck(Exception):
    """The rounds ran out (or a competitor came back): `bound` is what was proven."""

    def __init__(self, bound: float) -> None:
        super().__init__(bound)
        self.bound = bound


class _Search:
    """The program and the competitors found so far, shared by the successive plans."""

    def __init__(
        self,
        nodes: Sequence[str],
        base: Mapping[Pair, float],
        by_pair: Mapping[Pair, Movable],
        goal: Goal,
        margin: float,
        max_ties: int | None,
        settings: Settings,
        deadline: float | None,
    ) -> None:
        self.nodes, self.goal, self.margin = nodes, goal, margin
        self.by_pair = by_pair
        self.fixed = {k: w for k, w in base.items() if k not in by_pair}
        levers = [
            Lever(p, _now(m), -m.confidence, m.confidence) for p, m in sorted(by_pair.items())
        ]
        self.program = Program(
            nodes, self.fixed, levers, goal, margin, max_ties, settings.camps_limit
        )
        self.settings = settings
        self.quick = Settings(settings.camps_limit, exact=False)
        self.deadline = deadline
        self.rounds = 0
        self.seen: set[tuple[int, ...]] = set()

    def next_plan(self) -> Plan:
        """The least change the program allows now, checked, written and then excluded."""
        while True:
            candidate = self.program.solve(self.deadline)
            self.rounds += 1
            if self.rounds > MAX_ROUNDS:
                raise _Stuck(candidate.bound)
            exact = self._weights(candidate.weights)
            target = _cost(exact, candidate.camp_of)
            # A competitor the heuristic finds will do; only its absence needs the exact search.
            # One actor moved from the target finds many at once: fewer rounds.
            quick = _misses(self.nodes, exact, self.goal, self.quick)
            quick += _neighbours(
                self.nodes, exact, self.goal, candidate.camp_of, self.settings.camps_limit
            )
            if self._compete(quick, target, candidate):
                continue
            plan = self._written(candidate, exact, target)
            if plan is None:
                continue
            self.program.exclude(
                [p for p, w in candidate.weights.items() if w != _now(self.by_pair[p])]
            )
            return plan

    def _weights(self, changed: Mapping[Pair, float]) -> dict[Pair, float]:
        new = {**self.fixed, **changed}
        return {k: w for k, w in new.items() if w}

    def _compete(
        self,
        misses: Sequence[tuple[float, dict[str, int], bool]],
        target: float,
        candidate: Candidate,
    ) -> bool:
        """Add the partitions among `misses` that come within the margin of the candidate's
        target; whether any did."""
        close = sorted(
            ((cost, q) for cost, q, _ in misses if cost - target < self.margin - TOLERANCE),
            key=lambda found: (found[0], _key(self.nodes, found[1])),
        )
        if not close:
            return False
        fresh = list(
            {
                _key(self.nodes, q): q for _, q in close if _key(self.nodes, q) not in self.seen
            }.values()
        )[:COMPETITORS]
        if not fresh:  # floating-point trouble: the program's rows and the costs disagree
            raise _Stuck(candidate.bound)
        for q in fresh:
            self.seen.add(_key(self.nodes, q))
            self.program.add_competitor(q)
        return True

    def _written(
        self, candidate: Candidate, exact: Mapping[Pair, float], target: float
    ) -> Plan | None:
        """The candidate's plan with stances rounded outward to as few decimals as keep it
        meeting the goal by the margin, checked by the exact search (module doc); None when
        a partition it finds comes within the margin of the candidate itself (the program
        must try again)."""
        moved = {p: w for p, w in candidate.weights.items() if w != _now(self.by_pair[p])}
        for decimals in (2, 3, 4, None):
            changes = []
            for p, w in sorted(moved.items()):
                m = self.by_pair[p]
                to = _outward(w / m.confidence, m.stance, decimals)
                changes.append(Change(m.a, m.b, m.stance, to, m.confidence, m.new))
            spent = math.fsum(c.cost for c in changes)
            if decimals is not None and spent > candidate.cost * (1 + ROUNDING) + 1e-12:
                continue  # rounding would overshoot: more decimals
            written = {p: _now(m) for p, m in self.by_pair.items()}
            written.update({pair(c.a, c.b): c.to * c.confidence for c in changes})
            weights = self._weights(written)
            misses = _misses(self.nodes, weights, self.goal, self.settings)
            ahead = min((c for c, _, _ in misses), default=math.inf)
            ahead -= _cost(weights, candidate.camp_of)
            if ahead >= self.margin - TOLERANCE:
                shown = view_camps(list(self.nodes), weights, Settings(self.settings.camps_limit))
                return Plan(
                    tuple(changes),
                    spent,
                    candidate.bound,
                    ahead,
                    tuple(tuple(c) for c in shown.camps),
                    all(ok for _, _, ok in misses),
                )
            against = [(_cost(exact, q), q, ok) for _, q, ok in misses]
            if self._compete(against, target, candidate):
                return None
        raise _Stuck(candidate.bound)


def _neighbours(
    nodes: Sequence[str],
    weights: Mapping[Pair, float],
    goal: Goal,
    camp_of: Mapping[str, int],
    camps_limit: int | None,
) -> list[tuple[float, dict[str, int], bool]]:
    """The partitions one actor's move away from `camp_of` (to another camp, or alone,
    within the camp limit) that miss the goal, with their costs."""
    near: dict[str, list[tuple[str, float]]] = {}
    for (a, b), w in weights.items():
        near.setdefault(a, []).append((b, w))
        near.setdefault(b, []).append((a, w))
    base = _cost(weights, camp_of)
    alone = max(camp_of.values(), default=-1) + 1
    found = []
    for actor in nodes:
        home = camp_of[actor]
        for camp in sorted({*camp_of.values(), alone} - {home}):
            change = 0.0
            for other, w in near.get(actor, ()):
                there = camp_of[other]
                was = (w > 0) != (there == home)
                now = (w > 0) != (there == camp)
                change += abs(w) * (now - was)
            moved = dict(camp_of)
            moved[actor] = camp
            if camps_limit is not None and len(set(moved.values())) > camps_limit:
                continue
            if not goal.met_by(moved):
                found.append((base + change, moved, False))
    return found


def _now(m: Movable) -> float:
    return m.stance * m.confidence


def lead(
    nodes: Sequence[str], weights: Mapping[Pair, float], goal: Goal, settings: Settings
) -> tuple[float, bool]:
    """How much better the view's optimum is than the best partition that misses the goal
    (at most 0 when the optimum misses it: then minus what meeting it costs extra), and
    whether that is proven."""
    solution = solve(list(nodes), dict(weights), settings)
    camp_of = {a: i for i, camp in enumerate(solution.camps) for a in camp}
    best = _cost(weights, camp_of)
    if not goal.met_by(camp_of):
        meeting = _forced(nodes, weights, goal.meets(nodes), settings)
        kept = [(c, ok) for c, q, ok in meeting if goal.met_by(q)]
        if not kept:
            return -math.inf, solution.optimal
        return best - min(c for c, _ in kept), solution.optimal and all(ok for _, ok in kept)
    misses = _misses(nodes, weights, goal, settings)
    nearest = min((c for c, _, _ in misses), default=math.inf)
    return nearest - best, solution.optimal and all(ok for _, _, ok in misses)


def _misses(
    nodes: Sequence[str], weights: Mapping[Pair, float], goal: Goal, settings: Settings
) -> list[tuple[float, dict[str, int], bool]]:
    """The best partition missing each clause of the goal: its cost, camps, and proven."""
    found = _forced(nodes, weights, goal.misses(nodes), settings)
    # A partition meeting the goal: the solver could not keep the forced pairs (unproven).
    return [m for m in found if not goal.met_by(m[1])]


def _forced(
    nodes: Sequence[str],
    weights: Mapping[Pair, float],
    forcings: Sequence[Mapping[Pair, float]],
    settings: Settings,
) -> list[tuple[float, dict[str, int], bool]]:
    """The best partition under each forcing (pairs kept together +1 or apart -1): its cost
    under `weights`, camps, and proven."""
    found = []
    for forcing in forcings:
        groups, forced = _contracted(nodes, weights, forcing)
        solution = solve(sorted(groups), forced, settings)
        camp_of = {a: i for i, camp in enumerate(solution.camps) for g in camp for a in groups[g]}
        found.append((_cost(weights, camp_of), camp_of, solution.optimal))
    return found


def _contracted(
    nodes: Sequence[str], weights: Mapping[Pair, float], forcing: Mapping[Pair, float]
) -> tuple[dict[str, list[str]], dict[Pair, float]]:
    """The problem with the pairs forced together merged into one actor (their ties added
    up) and those forced apart tied by a negative tie too strong to frustrate: smaller and
    easier for the exact solver than a strong positive tie."""
    parent = {a: a for a in nodes}

    def root(a: str) -> str:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for (a, b), sign in sorted(forcing.items()):
        if sign > 0:
            ra, rb = root(a), root(b)
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for a in nodes:
        groups.setdefault(root(a), []).append(a)
    merged: dict[Pair, float] = {}
    for (a, b), w in weights.items():
        ra, rb = root(a), root(b)
        if ra != rb:
            key = pair(ra, rb)
            merged[key] = merged.get(key, 0.0) + w
    big = 1.0 + 2.0 * math.fsum(abs(w) for w in weights.values())
    for (a, b), sign in forcing.items():
        if sign < 0:
            merged[pair(root(a), root(b))] = -big
    return groups, {k: w for k, w in merged.items() if w}


def _cost(weights: Mapping[Pair, float], camp_of: Mapping[str, int]) -> float:
    return math.fsum(
        abs(w) for (a, b), w in weights.items() if w and (w > 0) != (camp_of[a] == camp_of[b])
    )


def _key(nodes: Sequence[str], camp_of: Mapping[str, int]) -> tuple[int, ...]:
    label: dict[int, int] = {}
    return tuple(label.setdefault(camp_of[a], len(label)) for a in nodes)


def _outward(to: float, now: float, decimals: int | None) -> float:
    """`to` rounded away from `now` to `decimals` places, within -1..+1."""
    if decimals is None:
        return min(max(to, -1.0), 1.0)
    scale = 10**decimals
    steps = round(to * scale, 6)
    whole = math.ceil(steps) if to > now else math.floor(steps)
    return float(min(max(whole / scale, -1.0), 1.0))
