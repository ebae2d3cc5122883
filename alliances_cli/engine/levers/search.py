"""The least change that makes every optimal partition meet a goal: constraint generation.

The program (`program.py`) proposes new weights and a target partition that beat the
competitors it knows; the exact solver then looks for the best partition that misses the
goal under those weights (one constrained optimum per clause, `goals.py`). If it comes
within the margin of the target, it joins the competitors and the program is solved again;
otherwise every optimum meets the goal and the proposal, being the optimum of a relaxation,
is the least change. A first bound comes for free: moving weights by a total of d moves
each partition's frustration, hence the lead of the goal, by at most d, so no plan costs
less than the margin minus the present lead. Further plans exclude the ties of each earlier
plan (not all of them may change again), so each is the least change among the distinct ones.

A plan is written with stances rounded to two decimals, away from the present stance, when
that costs at most 1% more and still meets the goal by the margin (checked by solving
again), else to three or four decimals, else as found.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from alliances_cli.engine.levers.goals import Goal, Pair, pair
from alliances_cli.engine.levers.program import Candidate, Infeasible, Lever, OutOfTime, Program
from alliances_cli.engine.partition import view_camps
from alliances_cli.engine.solver import Settings, solve
from alliances_cli.engine.solver.graph import representatives

#: Halvings between the last candidate and the stances that favour its target most, when
#: a search cut short looks for a plan that works.
FALLBACK_STEPS = 5
#: The share of a time limit kept for finding a plan that works when the search is cut short.
SPARE = 0.2
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
    started = time.monotonic()
    # Under a time limit the search keeps a fifth of it to find a plan that works, if cut short.
    deadline = None if time_limit is None else started + (1 - SPARE) * time_limit
    end = None if time_limit is None else started + time_limit
    settings = Settings(camps_limit, node_budget=PROOF_BUDGET)
    base = {k: w for k, w in weights.items() if w}
    lead_now, sure = lead(nodes, base, goal, settings)
    by_pair = {pair(m.a, m.b): m for m in movable}
    levers = tuple(by_pair[p] for p in sorted(by_pair))
    if lead_now >= margin - TOLERANCE:
        return LeastChange(
            view,
            goal,
            levers,
            margin,
            max_ties,
            plans,
            lead_now,
            met_now=True,
            plans=(),
            bound=0.0,
            proven=True,
            rounds=0,
            stopped=None,
            feasible=True,
        )
    # The lead moves by at most the change: each partition's frustration does (module doc).
    floor = margin - lead_now if sure and math.isfinite(lead_now) else 0.0
    search = _Search(nodes, base, by_pair, goal, margin, max_ties, settings, deadline, end)
    found: list[Plan] = []
    bound, stopped, feasible, cheapest = 0.0, None, True, True
    while len(found) < plans:
        try:
            plan = search.next_plan()
        except Infeasible:
            feasible = bool(found)
            bound = bound if found else math.inf
            break
        except (OutOfTime, _Stuck) as out:
            stopped = "time" if isinstance(out, OutOfTime) else "rounds"
            if not found:
                bound = max(out.bound, floor)
                fallback = search.fallback(end)
                if fallback is not None:  # it works, but is not known to be the cheapest
                    found.append(replace(fallback, least=bound))
                    cheapest = False
            break
        if not found:
            bound = plan.least
        found.append(plan)
    return LeastChange(
        view,
        goal,
        levers,
        margin,
        max_ties,
        plans,
        lead_now,
        met_now=False,
        plans=tuple(sorted(found, key=lambda p: (p.cost, [(c.a, c.b) for c in p.changes]))),
        bound=max(bound, floor),
        proven=bool(found) and found[0].proven and cheapest,
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
        end: float | None = None,
    ) -> None:
        self.nodes, self.goal, self.margin = nodes, goal, margin
        self.end = end
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
        self.last: Candidate | None = None

    def next_plan(self) -> Plan:
        """The least change the program allows now, checked, written and then excluded."""
        while True:
            candidate = self.program.solve(self.deadline)
            self.last = candidate
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

    def fallback(self, end: float | None) -> Plan | None:
        """A plan that meets the goal, not proven cheapest, for a search cut short. For a
        target partition (the last candidate's, else the best one meeting the goal now), the
        levers pushed towards the stances that favour it most (+1 for a pair together in it,
        -1 for one apart), then back as far as a few halvings find that it still works."""
        now = {p: _now(m) for p, m in self.by_pair.items()}
        starts = [] if self.last is None else [(self.last.weights, self.last.camp_of)]
        base = self._weights(now)
        meeting = _forced(self.nodes, base, self.goal.meets(self.nodes), self.quick)
        kept = sorted(
            ((c, _key(self.nodes, q), q) for c, q, _ in meeting if self.goal.met_by(q)),
            key=lambda found: found[:2],
        )
        starts += [(now, kept[0][2])] if kept else []
        for start, camp_of in starts:
            plan = self._pushed(start, camp_of, end)
            if plan is not None:
                return plan
        return None

    def _pushed(
        self, start: Mapping[Pair, float], camp_of: Mapping[str, int], end: float | None
    ) -> Plan | None:
        far = {
            p: (1.0 if camp_of[p[0]] == camp_of[p[1]] else -1.0) * m.confidence
            for p, m in self.by_pair.items()
        }
        low, high, best = 0.0, 1.0, None
        for step in range(FALLBACK_STEPS):
            share = high if step == 0 else (low + high) / 2
            weights = {p: start[p] + share * (far[p] - start[p]) for p in self.by_pair}
            trial = Candidate(weights, dict(camp_of), _change(weights, self.by_pair), 0.0)
            how = self.settings
            if end is not None:  # each exact search gets its share of what is left
                left = max(end - time.monotonic(), 0.0)
                share_of = (
                    left / (FALLBACK_STEPS - step) / max(len(self.goal.misses(self.nodes)), 1)
                )
                how = Settings(how.camps_limit, time_limit=max(share_of, 0.01))
            plan = self._verdict(trial, *self._rounded(trial, 2), how)[0]
            if plan is None:
                if step == 0:
                    return None  # not even the far end meets the goal
                low = share
            else:
                best, high = plan, share
        return best

    def _rounded(
        self, candidate: Candidate, decimals: int | None
    ) -> tuple[list[Change], dict[Pair, float]]:
        """The candidate's changes with stances rounded outward, and the view's weights
        with them."""
        changes = []
        for p, w in sorted(candidate.weights.items()):
            m = self.by_pair[p]
            if w != _now(m):
                to = _outward(w / m.confidence, m.stance, decimals)
                changes.append(Change(m.a, m.b, m.stance, to, m.confidence, m.new))
        written = {p: _now(m) for p, m in self.by_pair.items()}
        written.update({pair(c.a, c.b): c.to * c.confidence for c in changes})
        return changes, self._weights(written)

    def _verdict(
        self,
        candidate: Candidate,
        changes: list[Change],
        weights: Mapping[Pair, float],
        how: Settings | None = None,
    ) -> tuple[Plan | None, list[tuple[float, dict[str, int], bool]]]:
        """The plan, if the exact solver finds that every partition missing the goal is
        the margin worse than the candidate's target under `weights`; and what it found."""
        misses = _misses(self.nodes, weights, self.goal, how or self._exact())
        ahead = min((c for c, _, _ in misses), default=math.inf)
        ahead -= _cost(weights, candidate.camp_of)
        if ahead < self.margin - TOLERANCE:
            return None, misses
        shown = view_camps(list(self.nodes), dict(weights), Settings(self.settings.camps_limit))
        plan = Plan(
            tuple(changes),
            math.fsum(c.cost for c in changes),
            candidate.bound,
            ahead,
            tuple(tuple(c) for c in shown.camps),
            all(ok for _, _, ok in misses),
        )
        return plan, misses

    def _exact(self) -> Settings:
        """The exact solver's settings: under a time limit, no longer than what is left."""
        if self.end is None:
            return self.settings
        left = max(self.end - time.monotonic(), 0.01)
        return Settings(self.settings.camps_limit, node_budget=PROOF_BUDGET, time_limit=left)

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
        for decimals in (2, 3, 4, None):
            changes, weights = self._rounded(candidate, decimals)
            spent = math.fsum(c.cost for c in changes)
            if decimals is not None and spent > candidate.cost * (1 + ROUNDING) + 1e-12:
                continue  # rounding would overshoot: more decimals
            plan, misses = self._verdict(candidate, changes, weights)
            if plan is not None:
                return plan
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


def _change(weights: Mapping[Pair, float], by_pair: Mapping[Pair, Movable]) -> float:
    return math.fsum(abs(w - _now(by_pair[p])) for p, w in weights.items())


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
    # Under a time limit the searches share it: each gets its part of what is left.
    end = None if settings.time_limit is None else time.monotonic() + settings.time_limit
    for i, forcing in enumerate(forcings):
        how = settings
        if end is not None:
            share = max((end - time.monotonic()) / (len(forcings) - i), 0.01)
            how = replace(settings, time_limit=share)
        groups, forced = _contracted(nodes, weights, forcing)
        solution = solve(sorted(groups), forced, how)
        camp_of = {a: i for i, camp in enumerate(solution.camps) for g in camp for a in groups[g]}
        found.append((_cost(weights, camp_of), camp_of, solution.optimal))
    return found


def _contracted(
    nodes: Sequence[str], weights: Mapping[Pair, float], forcing: Mapping[Pair, float]
) -> tuple[dict[str, list[str]], dict[Pair, float]]:
    """The problem with the pairs forced together merged into one actor (their ties added
    up) and those forced apart tied by a negative tie too strong to frustrate: smaller and
    easier for the exact solver than a strong positive tie."""
    root = representatives(nodes, [p for p, sign in forcing.items() if sign > 0])
    groups: dict[str, list[str]] = {}
    for a in nodes:
        groups.setdefault(root[a], []).append(a)
    merged: dict[Pair, float] = {}
    for (a, b), w in weights.items():
        if root[a] != root[b]:
            key = pair(root[a], root[b])
            merged[key] = merged.get(key, 0.0) + w
    big = 1.0 + 2.0 * math.fsum(abs(w) for w in weights.values())
    for (a, b), sign in forcing.items():
        if sign < 0:
            merged[pair(root[a], root[b])] = -big
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
