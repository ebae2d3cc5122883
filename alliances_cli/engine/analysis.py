"""Coalitions and balance of a scenario's views, with their stress points: what `show` reports.

A view is one theater, or the overall view across the chosen theaters (`overall.py` says how
it is made). Each view's camps come from the exact solver (`coalitions.py`); how many optimal
partitions it has, and who swings between them, from `optima.py`; its stress points from
`stress.py`.

Camps are named after the member at their core: the one whose capability times the weight of
its positive ties inside the camp is largest (ties broken by capability, then by the actor's
total tie strength in the view, then by its place in the scenario's list of actors). A scenario
may name camps itself (`camps:` in the file): a camp that holds every aligned actor of a named
group, and at least two of them, takes that name.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from operator import itemgetter
from typing import TYPE_CHECKING, NamedTuple

from alliances_cli.engine.balance import pressure, triangles_of
from alliances_cli.engine.coalitions import DEFAULT_NODE_BUDGET, Solution, solve
from alliances_cli.engine.graphs import EdgeData, overall_edges, theater_edges
from alliances_cli.engine.memo import ByIdentity, Memo
from alliances_cli.engine.overall import (
    Hedge,
    Split,
    TheaterCamps,
    consensus_edges,
    hedges,
    solve_consensus,
    twins,
)
from alliances_cli.scenario.model import Evidence, Scenario

if TYPE_CHECKING:
    from alliances_cli.engine.optima import Optima
    from alliances_cli.engine.stress import Stress


Pair = tuple[str, str]

#: From this many ties, a view is worked out for size (`View.large`).
SPARSE_TIES = 5_000


@dataclass(frozen=True)
class Camp:
    name: str
    leader: str  # the member at the camp's core
    members: tuple[str, ...]
    capability: float
    named: bool = False  # the name is the scenario's own, not the leader's


class TieView(NamedTuple):
    """A tie as a view sees it (a named tuple: a large view builds 200,000 of them, and a
    frozen dataclass took 1.3 s where a tuple takes a fifth)."""

    a: str
    b: str
    stance: float
    confidence: float
    weight: float
    pressure: float
    frustrated: bool
    evidence: tuple[Evidence, ...]
    #: The theaters its weight comes from; none for a general stance in the overall view.
    theaters: tuple[str, ...] = ()


@dataclass(frozen=True)
class View:
    """One theater, or the overall view (id None).

    The ties (with their pressure) and the triangle counts are worked out on first use: a
    sweep compares camps, frustration and stress, and never reads them for most views.
    `strict` is True under a limit of two camps, where "the enemy of my enemy" binds too:
    stress points count the pressure of common enemies only then.
    `groups`, for the overall view, are actors the consensus always keeps together.
    """

    id: str | None
    name: str
    actors: tuple[str, ...]
    camps: tuple[Camp, ...]
    unaligned: tuple[str, ...]
    frustration: float
    total_weight: float
    optimal: bool
    lower_bound: float
    method: str
    edges: Mapping[tuple[str, str], EdgeData] = field(repr=False, compare=False)
    strict: bool = False
    camps_limit: int | None = None
    groups: tuple[tuple[str, ...], ...] | None = field(default=None, repr=False, compare=False)
    order: tuple[str, ...] = field(default=(), repr=False, compare=False)

    @property
    def normalised_frustration(self) -> float:
        return self.frustration / self.total_weight if self.total_weight else 0.0

    @property
    def balanced_share(self) -> float | None:
        return self.balanced_triangles / self.triangles if self.triangles else None

    @property
    def triangles(self) -> int:
        return self._triangle_counts[0]

    @property
    def balanced_triangles(self) -> int:
        return self._triangle_counts[1]

    def camp_of(self, actor: str) -> int | None:
        return self._camp_index.get(actor)

    def camp_by_leader(self, leader: str) -> Camp | None:
        return next((c for c in self.camps if c.leader == leader), None)

    def tie(self, a: str, b: str) -> TieView | None:
        return self._tie_index.get((a, b) if a < b else (b, a))

    @cached_property
    def optima(self) -> Optima:
        """How many optimal partitions the view has, and its swing actors."""
        from alliances_cli.engine.optima import optima

        return optima(
            [c.members for c in self.camps],
            {key: data.weight for key, data in self.edges.items()},
            proven=self.optimal,
            max_camps=self.camps_limit,
            groups=self.groups,
            order=self.order,
        )

    @property
    def large(self) -> bool:
        """Whether the view is worked out for size: the ties' pressures from their triangles
        and the implied ties from sparse products (`large_pressures`)."""
        return len(self.edges) >= SPARSE_TIES

    @cached_property
    def large_pressures(self) -> tuple[list[float], list[float], list[Pair]]:
        """For a large view: each tie's pressure (with enemies, and as `strict` counts them),
        in the order of `ties`, and the untied pairs among the strongest of one of their
        actors (`sparse.py`).

        A tie feels pressure only through the third actors it shares a triangle with: the
        ties of triangles take the exact sum, the others none. (Read off sparse products,
        the million ties' pressures took 0.9 s; most ties are in no triangle.)
        """
        from alliances_cli.engine.sparse import strongest_untied
        from alliances_cli.engine.stress import IMPLIED_MIN_PRESSURE, IMPLIED_PER_ACTOR

        weights = self.weights
        cornered = {pair for u, v, x in self.triangle_list for pair in ((u, v), (u, x), (v, x))}
        ties = self._sorted
        every = [0.0] * len(ties)
        binding = [0.0] * len(ties)
        for i, ((a, b), _) in enumerate(ties):
            if (a, b) in cornered:
                every[i] = pressure(weights, a, b)
                binding[i] = every[i] if self.strict else pressure(weights, a, b, enemies=False)
        untied = strongest_untied(
            self.order,
            [pair for pair, _ in ties],
            [data.weight for _, data in ties],
            cornered,
            {a: i for i, a in enumerate(self.order)},
            strict=self.strict,
            minimum=IMPLIED_MIN_PRESSURE,
            per_actor=IMPLIED_PER_ACTOR,
        )
        return every, binding, untied

    @cached_property
    def _sorted(self) -> list[tuple[Pair, EdgeData]]:
        """The ties by pair, sorted: the order of `ties`. (By key alone: comparing the items'
        tuples compared each pair twice, 3.2 s for a million ties against 1.2 s.)"""
        return sorted(self.edges.items(), key=itemgetter(0))

    @cached_property
    def strengths(self) -> dict[str, float]:
        """Each actor's total tie weight (absolute), for ranking stress points."""
        return {a: sum(abs(w) for w in near.values()) for a, near in self.weights.items()}

    @cached_property
    def ties(self) -> tuple[TieView, ...]:
        weights = self.weights
        camp = self._camp_index
        ties = self._sorted
        if self.large:
            known = self.large_pressures[0]
        else:
            known = [pressure(weights, a, b) for (a, b), _ in ties]
        return tuple(
            TieView(
                a,
                b,
                data.stance,
                data.confidence,
                data.weight,
                value,
                (data.weight > 0) != (camp[a] == camp[b]),
                data.evidence,
                data.theaters,
            )
            for ((a, b), data), value in zip(ties, known, strict=True)
        )

    @cached_property
    def weights(self) -> dict[str, dict[str, float]]:
        """Each actor's ties, as {actor: {other: weight}}; every actor has an entry."""
        table: dict[str, dict[str, float]] = {actor: {} for actor in self.actors}
        for (a, b), data in self.edges.items():
            table[a][b] = table[b][a] = data.weight
        return table

    @cached_property
    def triangle_list(self) -> tuple[tuple[str, str, str], ...]:
        """Every triangle of ties, found once: the stress points and the counts both walk
        them (1.1 s each on a million ties)."""
        return tuple(triangles_of(self.weights))

    @cached_property
    def _triangle_counts(self) -> tuple[int, int]:
        weights = self.weights
        triangles = balanced = 0
        for u, v, x in self.triangle_list:
            triangles += 1
            negatives = (weights[u][v] < 0) + (weights[u][x] < 0) + (weights[v][x] < 0)
            balanced += negatives % 2 == 0
        return triangles, balanced

    @cached_property
    def _camp_index(self) -> dict[str, int]:
        return {m: i for i, camp in enumerate(self.camps) for m in camp.members}

    @cached_property
    def _tie_index(self) -> dict[tuple[str, str], TieView]:
        return {(t.a, t.b) if t.a < t.b else (t.b, t.a): t for t in self.ties}


@dataclass(frozen=True)
class Analysis:
    scenario: Scenario
    theaters: tuple[View, ...]
    overall: View
    #: Stress points by where they were found: each theater's, then those across theaters.
    #: A view met before brings back the very same tuple.
    stress_parts: tuple[tuple[Stress, ...], ...]
    camps_limit: int | None
    #: How the overall view was made: "consensus" or "mean" (see `overall.py`).
    overall_rule: str = "consensus"
    #: Pairs the theaters divide evenly, which the overall view does not decide.
    splits: tuple[Split, ...] = ()
    #: Actors whose camp in some theater lines up with another overall camp than their own.
    hedges: tuple[Hedge, ...] = ()
    #: Seconds the exact stages were given per view, if a time limit replaced the node budget.
    time_limit: float | None = None

    @cached_property
    def stress(self) -> tuple[Stress, ...]:
        """One stress point per fact, most severe first; related facets inside each."""
        from alliances_cli.engine.stress import fold

        return fold(self.scenario, [s for part in self.stress_parts for s in part])

    @property
    def shown(self) -> tuple[View, ...]:
        """The views a report lists: every theater, and the overall view when there are
        several (one theater's overall view is that theater's)."""
        if len(self.theaters) > 1:
            return (*self.theaters, self.overall)
        return self.theaters

    def view(self, theater: str | None) -> View:
        if theater is None:
            return self.overall
        for view in self.theaters:
            if view.id == theater:
                return view
        raise KeyError(theater)


def analyse(
    scenario: Scenario,
    *,
    theaters: Sequence[str] | None = None,
    camps: int | None = None,
    node_budget: int = DEFAULT_NODE_BUDGET,
    overall: str = "consensus",
    prior: Analysis | None = None,
    time_limit: float | None = None,
) -> Analysis:
    """Solve every theater and the overall view, and find the stress points.

    With `prior` (the analysis before a what-if), a view with several optimal partitions
    shows the one closest to the prior's, and camps that persist keep their names.
    """
    from alliances_cli.engine.stress import across, within

    chosen = tuple(theaters) if theaters is not None else tuple(t.id for t in scenario.theaters)
    views: list[View] = []
    parts: list[tuple[Stress, ...]] = []
    per_theater: dict[str, dict[tuple[str, str], EdgeData]] = {}
    for theater in chosen:
        found = scenario.theater_by_id[theater]
        edges = per_theater[theater] = theater_edges(scenario, theater)
        view = _view(
            scenario, theater, found.name, found.actors, edges, camps, node_budget, time_limit
        )
        if prior is not None and theater in {v.id for v in prior.theaters}:
            view = _follow(scenario, view, prior.view(theater))
        views.append(view)
        parts.append(within(scenario, view))
    parts.append(across(scenario, tuple(views)))
    splits: tuple[Split, ...] = ()
    hedged: tuple[Hedge, ...] = ()
    if overall == "consensus" and len(views) > 1:
        solved = [
            TheaterCamps(v.id or "", scenario.theater_by_id[v.id or ""].weight, v._camp_index)
            for v in views
        ]
        actors = tuple(dict.fromkeys(a for v in views for a in v.actors))
        edges, splits = consensus_edges(scenario, actors, solved, per_theater)
        groups = tuple(tuple(g) for g in twins(actors, solved))
        whole = _view(
            scenario, None, "overall", actors, edges, camps, node_budget, time_limit, groups
        )
        if prior is not None:
            whole = _follow(scenario, whole, prior.overall)
        leaders = {v.id or "": {i: c.leader for i, c in enumerate(v.camps)} for v in views}
        capability = {a.id: a.capability for a in scenario.actors}
        overall_camp = {m: c.leader for c in whole.camps for m in c.members}
        position = _positions(scenario)
        hedged = tuple(
            sorted(
                hedges(overall_camp, solved, leaders, capability),
                key=lambda h: (position[h.actor], chosen.index(h.theater)),
            )
        )
    elif len(views) == 1:
        whole = _as_overall(views[0])
    else:
        actors, edges = overall_edges(scenario, chosen, per_theater)
        whole = _view(scenario, None, "overall", actors, edges, camps, node_budget, time_limit)
        if prior is not None:
            whole = _follow(scenario, whole, prior.overall)
    rule = overall if len(views) > 1 else "single"
    return Analysis(
        scenario, tuple(views), whole, tuple(parts), camps, rule, splits, hedged, time_limit
    )


@dataclass(frozen=True)
class Problem:
    """One coalition problem that `analyse` hands to `solve`: the arguments, as given."""

    nodes: tuple[str, ...]
    weights: dict[tuple[str, str], float]


def coalition_problems(
    scenario: Scenario, *, theaters: Sequence[str] | None = None
) -> list[Problem]:
    """The theaters' problems `analyse` will solve, so a sweep can solve them once, in parallel.

    The overall view's problem depends on the theaters' answers, so it is not among them.
    """
    chosen = tuple(theaters) if theaters is not None else tuple(t.id for t in scenario.theaters)
    result = []
    for theater in chosen:
        edges = theater_edges(scenario, theater)
        result.append(Problem(*_problem(scenario.theater_by_id[theater].actors, edges)))
    return result


def _problem(
    actors: tuple[str, ...], edges: Mapping[tuple[str, str], EdgeData]
) -> tuple[tuple[str, ...], dict[tuple[str, str], float]]:
    """The actors with at least one tie, and the ties' weights: what the solver needs."""
    ends = {actor for key in edges for actor in key}
    return tuple(a for a in actors if a in ends), {key: d.weight for key, d in edges.items()}


def _positions(scenario: Scenario) -> dict[str, int]:
    return {a.id: i for i, a in enumerate(scenario.actors)}


# -- views --------------------------------------------------------------------------------------

#: Views already solved, by everything they depend on; the budget counts actors and ties.
_VIEWS: Memo[View] = Memo(4096, budget=1_000_000)


def _view(
    scenario: Scenario,
    view_id: str | None,
    name: str,
    actors: tuple[str, ...],
    edges: Mapping[tuple[str, str], EdgeData],
    camps: int | None,
    node_budget: int,
    time_limit: float | None = None,
    groups: tuple[tuple[str, ...], ...] | None = None,
) -> View:
    """A solved view; the same inputs give the cached view."""

    def compute() -> View:
        tied, weights = _problem(actors, edges)
        position = _positions(scenario)
        order = tuple(sorted(tied, key=lambda a: position[a]))
        solution: Solution
        if groups is None:
            solution = solve(
                tied, weights, max_camps=camps, node_budget=node_budget, time_limit=time_limit
            )
        else:
            solution = solve_consensus(
                tied,
                weights,
                groups,
                max_camps=camps,
                node_budget=node_budget,
                time_limit=time_limit,
            )
        parts = _held_together(solution.camps, weights) if camps is None else solution.camps
        camp_of = {a: i for i, camp in enumerate(parts) for a in camp}
        cost = math.fsum(
            abs(w) for (a, b), w in weights.items() if w and (w > 0) != (camp_of[a] == camp_of[b])
        )
        view = View(
            id=view_id,
            name=name,
            actors=actors,
            camps=name_camps(scenario, parts, weights),
            unaligned=tuple(sorted(set(actors) - set(tied), key=lambda a: position[a])),
            frustration=cost,
            total_weight=sum(abs(w) for w in weights.values()),
            optimal=solution.optimal,
            lower_bound=min(solution.lower_bound, cost),
            method=solution.method,
            edges=edges,
            strict=camps == 2,
            camps_limit=camps,
            groups=groups,
            order=order,
        )
        return view

    if len(actors) + len(edges) > _VIEWS.budget:
        return compute()  # too large to keep: not worth hashing every tie for a key
    people = tuple(
        (a, scenario.actor_name(a), scenario.actor_by_id[a].capability, tags(scenario, a))
        for a in actors
    )
    labels = tuple((c.name, c.tag, c.actors) for c in scenario.camps)
    key = (
        view_id,
        name,
        people,
        labels,
        frozenset(edges.items()),
        camps,
        node_budget,
        time_limit,
        groups,
    )
    return _VIEWS.get(key, compute, lambda found: len(actors) + len(edges))


def _as_overall(view: View) -> View:
    """One theater's view as the overall view: the same actors, ties and camps (the mean of
    one theater's weights is its weights), with what the theater view has worked out already
    (on a million ties, solving it twice took 13 s)."""
    whole = replace(view, id=None, name="overall")
    for name, value in view.__dict__.items():
        if name not in whole.__dict__:  # cached properties: ties, weights, optima...
            whole.__dict__[name] = value
    return whole


def tags(scenario: Scenario, actor: str) -> tuple[str, ...]:
    return scenario.actor_by_id[actor].tags


def _held_together(
    camps: Iterable[Sequence[str]], weights: Mapping[tuple[str, str], float]
) -> list[tuple[str, ...]]:
    """Each camp split into the groups its positive ties hold together.

    Splitting a camp where no positive tie crosses never adds frustration, so an optimal
    partition stays optimal; an actor then shares a camp only with actors its alignments
    (directly or through others) bind it to.
    """
    neighbours: dict[str, list[str]] = {}
    for (a, b), w in weights.items():
        if w > 0:
            neighbours.setdefault(a, []).append(b)
            neighbours.setdefault(b, []).append(a)
    result: list[tuple[str, ...]] = []
    for camp in camps:
        inside = set(camp)
        seen: set[str] = set()
        for start in camp:
            if start in seen:
                continue
            group, stack = [], [start]
            seen.add(start)
            while stack:
                v = stack.pop()
                group.append(v)
                for u in neighbours.get(v, ()):
                    if u in inside and u not in seen:
                        seen.add(u)
                        stack.append(u)
            result.append(tuple(sorted(group)))
    return result


def name_camps(
    scenario: Scenario,
    camps: Iterable[Sequence[str]],
    weights: Mapping[tuple[str, str], float],
) -> tuple[Camp, ...]:
    """Camps ordered by strength, each led and named by the member at its core (module doc)."""
    position = _positions(scenario)
    capability = {a.id: a.capability for a in scenario.actors}
    inside_pull: dict[str, float] = {}
    strength: dict[str, float] = {}
    camp_of = {a: i for i, camp in enumerate(camps) for a in camp}
    camps = [tuple(c) for c in camp_of_groups(camp_of)]
    for (a, b), w in weights.items():
        strength[a] = strength.get(a, 0.0) + abs(w)
        strength[b] = strength.get(b, 0.0) + abs(w)
        if w > 0 and a in camp_of and camp_of.get(a) == camp_of.get(b):
            inside_pull[a] = inside_pull.get(a, 0.0) + w
            inside_pull[b] = inside_pull.get(b, 0.0) + w
    aligned = set(camp_of)
    result = []
    for members in camps:
        ranked = tuple(sorted(members, key=lambda a: (-capability[a], position[a])))
        leader = min(
            members,
            key=lambda a: (
                -round(capability[a] * inside_pull.get(a, 0.0), 9),
                -capability[a],
                -round(strength.get(a, 0.0), 9),
                position[a],
            ),
        )
        label = _label(scenario, set(members), aligned)
        result.append(
            Camp(
                name=label or scenario.actor_name(leader),
                leader=leader,
                members=ranked,
                capability=sum(capability[a] for a in members),
                named=label is not None,
            )
        )
    result.sort(key=lambda c: (-round(c.capability, 9), -len(c.members), position[c.leader]))
    return tuple(result)


def camp_of_groups(camp_of: Mapping[str, int]) -> list[list[str]]:
    groups: dict[int, list[str]] = {}
    for actor, camp in camp_of.items():
        groups.setdefault(camp, []).append(actor)
    return list(groups.values())


def _label(scenario: Scenario, members: set[str], aligned: set[str]) -> str | None:
    """The scenario's name for a camp holding every aligned actor of a group (two at least)."""
    for label in scenario.camps:
        group = (
            {a.id for a in scenario.actors if label.tag in a.tags}
            if label.tag is not None
            else set(label.actors)
        )
        present = group & aligned
        if len(present) >= min(2, len(group)) and present <= members:
            return label.name
    return None


#: Views as shown after a what-if, by the view and the view before (a sweep meets the same
#: pairs again and again).
_FOLLOWED: ByIdentity[View] = ByIdentity(4096, budget=1_000_000)


def _follow(scenario: Scenario, view: View, old: View) -> View:
    """`view` showing the optimum closest to `old`'s partition, with persisting camps' names.

    A camp persists when it is matched to an old camp (by overlap, as `diff` matches them)
    whose leader it still holds; camps named by the scenario keep their own names.
    """
    return _FOLLOWED.get(
        (scenario, view, old),
        lambda: _followed(scenario, view, old),
        lambda _: len(view.edges) + len(old.edges),
    )


def _followed(scenario: Scenario, view: View, old: View) -> View:
    from alliances_cli.engine.optima import closest

    if view.optimal and view.camps:
        weights = {key: data.weight for key, data in view.edges.items()}
        parts = closest(
            [c.members for c in view.camps],
            weights,
            [c.members for c in old.camps],
            max_camps=view.camps_limit,
            groups=view.groups,
        )
        if sorted(parts) != sorted(tuple(sorted(c.members)) for c in view.camps):
            view = replace(view, camps=name_camps(scenario, parts, weights))
    camps = list(view.camps)
    for i, j in match(old, view).items():
        was = old.camps[j]
        if not camps[i].named and not was.named and was.leader in camps[i].members:
            camps[i] = replace(camps[i], leader=was.leader, name=was.name)
    return view if camps == list(view.camps) else replace(view, camps=tuple(camps))


def match(before: View, after: View) -> dict[int, int]:
    """After-camp index -> before-camp index, by largest overlap, one to one."""
    return match_groups([c.members for c in before.camps], [c.members for c in after.camps])


def match_groups(
    before: Sequence[Collection[str]], after: Sequence[Collection[str]]
) -> dict[int, int]:
    """After-group index -> before-group index: the largest overlaps first, one to one (ties
    go to the earlier before-group); groups that overlap none are left out."""
    overlaps = []
    for i, group in enumerate(after):
        members = set(group)
        for j, old in enumerate(before):
            shared = len(members.intersection(old))
            if shared:
                overlaps.append((-shared, j, i))
    overlaps.sort()
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _, j, i in overlaps:
        if i not in matched and j not in used:
            matched[i] = j
            used.add(j)
    return matched
