"""Coalitions, balance and stress points of a scenario: everything `alliances show` reports.

Severity is one scale for every kind of stress point, from 0 to 1: the strength (stance times
confidence) of the alignment at stake. Forecasts (a tie under contrary pressure, an alignment
implied for an untied pair) and triangles of three mutual enemies weigh half (implied ties a
quarter, as they strain no stated alignment): the coalitions
allow any number of camps, in which three enemies can each stand apart (Davis 1967), so only
the strict reading of balance (Cartwright & Harary 1956) counts those. How each kind measures
its strength is in `docs/output.md`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations

from alliances_cli.engine.coalitions import DEFAULT_NODE_BUDGET, Solution, solve
from alliances_cli.engine.graphs import EdgeData, overall_edges, theater_edges
from alliances_cli.engine.memo import ByIdentity, Memo
from alliances_cli.scenario.model import Evidence, Scenario
from alliances_cli.scenario.vocabulary import signed

#: Stress kinds, most concrete first; this order breaks ties between equal severities.
KINDS = (
    "cross-theater",
    "torn-actor",
    "frustrated-tie",
    "unbalanced-triangle",
    "tension",
    "implied-tie",
)

#: The weight of stress that only the strict reading of balance sees, or that is a forecast.
FORECAST_WEIGHT = 0.5
#: An implied tie strains no stated alignment: it marks a gap the scenario leaves open.
IMPLIED_WEIGHT = 0.25

#: Pressure below this on an untied pair is noise, not an implied alignment.
IMPLIED_MIN_PRESSURE = 0.2


@dataclass(frozen=True)
class Camp:
    name: str
    leader: str
    members: tuple[str, ...]
    capability: float


@dataclass(frozen=True)
class TieView:
    a: str
    b: str
    stance: float
    confidence: float
    weight: float
    pressure: float
    frustrated: bool
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class View:
    """One theater, or the overall view (id None).

    The ties (with their pressure) and the triangle counts are worked out on first use: a
    sweep compares camps, frustration and stress, and never reads them for most views.
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

    def tie(self, a: str, b: str) -> TieView | None:
        return self._tie_index.get((a, b) if a < b else (b, a))

    @cached_property
    def ties(self) -> tuple[TieView, ...]:
        weights = self.weights
        camp = self._camp_index
        return tuple(
            TieView(
                a,
                b,
                data.stance,
                data.confidence,
                data.weight,
                pressure(weights, a, b),
                (data.weight > 0) != (camp[a] == camp[b]),
                data.evidence,
            )
            for (a, b), data in sorted(self.edges.items())
        )

    @cached_property
    def weights(self) -> dict[str, dict[str, float]]:
        """Each actor's ties, as {actor: {other: weight}}; every actor has an entry."""
        table: dict[str, dict[str, float]] = {actor: {} for actor in self.actors}
        for (a, b), data in self.edges.items():
            table[a][b] = table[b][a] = data.weight
        return table

    @cached_property
    def _triangle_counts(self) -> tuple[int, int]:
        weights = self.weights
        triangles = balanced = 0
        for u, v, x in _triangles(weights):
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
class EvidenceRef:
    """A piece of evidence, with the tie and theater it supports."""

    tie: tuple[str, str]
    theater: str | None
    evidence: Evidence


@dataclass(frozen=True)
class Stress:
    kind: str
    actors: tuple[str, ...]
    theaters: tuple[str, ...]
    severity: float
    summary: str
    evidence: tuple[EvidenceRef, ...]


@dataclass(frozen=True)
class Analysis:
    scenario: Scenario
    theaters: tuple[View, ...]
    overall: View
    #: Stress points by where they were found: each theater's, then those across theaters.
    #: A view met before brings back the very same tuple, so a comparison can skip it.
    stress_parts: tuple[tuple[Stress, ...], ...]
    camps_limit: int | None

    @cached_property
    def stress(self) -> tuple[Stress, ...]:
        """Every stress point, most severe first."""
        return tuple(sorted((s for part in self.stress_parts for s in part), key=_rank))

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
) -> Analysis:
    """Solve every theater and the overall view, and find the stress points."""
    views = []
    parts: list[tuple[Stress, ...]] = []
    overall: View | None = None
    for view_id, name, actors, edges in _view_inputs(scenario, theaters):
        view, found = _view_and_stress(scenario, view_id, name, actors, edges, camps, node_budget)
        if view_id is None:
            overall = view
        else:
            views.append(view)
            parts.append(found)
    assert overall is not None
    parts.extend(_across(scenario, tuple(views)))
    return Analysis(scenario, tuple(views), overall, tuple(parts), camps)


_KIND_ORDER = {kind: i for i, kind in enumerate(KINDS)}


def _rank(stress: Stress) -> tuple[float, int, tuple[str, ...], tuple[str, ...]]:
    return (-round(stress.severity, 9), _KIND_ORDER[stress.kind], stress.theaters, stress.actors)


@dataclass(frozen=True)
class Problem:
    """One coalition problem that `analyse` hands to `solve`: the arguments, as given."""

    nodes: tuple[str, ...]
    weights: dict[tuple[str, str], float]


def coalition_problems(
    scenario: Scenario, *, theaters: Sequence[str] | None = None
) -> list[Problem]:
    """The problems `analyse` would solve, so a sweep can solve them once, in parallel."""
    return [
        Problem(*_problem(actors, edges))
        for _, _, actors, edges in _view_inputs(scenario, theaters)
    ]


def _view_inputs(
    scenario: Scenario, theaters: Sequence[str] | None
) -> list[tuple[str | None, str, tuple[str, ...], dict[tuple[str, str], EdgeData]]]:
    """(id, name, actors, edges) of each chosen theater's view, then the overall view's."""
    chosen = tuple(theaters) if theaters is not None else tuple(t.id for t in scenario.theaters)
    inputs: list[tuple[str | None, str, tuple[str, ...], dict[tuple[str, str], EdgeData]]] = []
    per_theater = {}
    for theater in chosen:
        found = scenario.theater_by_id[theater]
        edges = per_theater[theater] = theater_edges(scenario, theater)
        inputs.append((theater, found.name, found.actors, edges))
    actors, edges = overall_edges(scenario, chosen, per_theater)
    inputs.append((None, "overall", actors, edges))
    return inputs


def _problem(
    actors: tuple[str, ...], edges: dict[tuple[str, str], EdgeData]
) -> tuple[tuple[str, ...], dict[tuple[str, str], float]]:
    """The actors with at least one tie, and the ties' weights: what the solver needs."""
    ends = {actor for key in edges for actor in key}
    return tuple(a for a in actors if a in ends), {key: d.weight for key, d in edges.items()}


# -- views --------------------------------------------------------------------------------------

#: Views and their stress points already found, by everything they depend on; the budget
#: counts actors, ties and stress points.
_VIEWS: Memo[tuple[View, tuple[Stress, ...]]] = Memo(4096, budget=1_000_000)


def _view_and_stress(
    scenario: Scenario,
    view_id: str | None,
    name: str,
    actors: tuple[str, ...],
    edges: dict[tuple[str, str], EdgeData],
    camps: int | None,
    node_budget: int,
) -> tuple[View, tuple[Stress, ...]]:
    """A view and (for a theater) its stress points; the same inputs give the cached result."""
    people = tuple((a, scenario.actor_name(a), scenario.actor_by_id[a].capability) for a in actors)
    key = (view_id, name, people, tuple(sorted(edges.items())), camps, node_budget)

    def compute() -> tuple[View, tuple[Stress, ...]]:
        tied, weights = _problem(actors, edges)
        solution: Solution = solve(tied, weights, max_camps=camps, node_budget=node_budget)
        view = View(
            id=view_id,
            name=name,
            actors=actors,
            camps=_name_camps(scenario, solution.camps),
            unaligned=tuple(sorted(set(actors) - set(tied))),
            frustration=solution.frustration,
            total_weight=sum(abs(w) for w in weights.values()),
            optimal=solution.optimal,
            lower_bound=solution.lower_bound,
            method=solution.method,
            edges=edges,
        )
        return view, (() if view_id is None else tuple(_within(scenario, view)))

    return _VIEWS.get(key, compute, lambda found: len(actors) + len(edges) + len(found[1]))


def _name_camps(scenario: Scenario, camps: Iterable[tuple[str, ...]]) -> tuple[Camp, ...]:
    """Order camps by strength and name each after its most capable member."""

    def capability(actor: str) -> float:
        return scenario.actor_by_id[actor].capability

    result = []
    for members in camps:
        ranked = tuple(sorted(members, key=lambda a: (-capability(a), a)))
        leader = ranked[0]
        result.append(
            Camp(
                name=scenario.actor_name(leader),
                leader=leader,
                members=ranked,
                capability=sum(capability(a) for a in members),
            )
        )
    result.sort(key=lambda c: (-c.capability, -len(c.members), c.leader))
    return tuple(result)


def pressure(weights: Mapping[str, Mapping[str, float]], a: str, b: str) -> float:
    """Balance pressure on a pair: the sum over shared neighbours c of w(a,c) * w(c,b).

    Positive pressure pushes towards alignment ("the friend of my friend", "the enemy of my
    enemy"), negative towards opposition. `weights` is a view's table (`View.weights`).
    """
    if a not in weights or b not in weights:
        return 0.0
    wa, wb = weights[a], weights[b]
    # fsum is exact, so the order of the shared neighbours (a set's) cannot change the result.
    return math.fsum(wa[c] * wb[c] for c in wa.keys() & wb.keys())


def _implied_pressures(
    weights: Mapping[str, Mapping[str, float]],
) -> Iterator[tuple[str, str, float]]:
    """(a, b, pressure) for untied pairs a < b with a neighbour in common, in sorted order.

    Only such pairs feel any pressure, and reaching them through their neighbours costs the sum
    of squared degrees instead of every pair of actors (4.5 million pairs for 3,000 actors).
    The products are summed with fsum, as `pressure` does, so the values are the same.
    """
    for a in sorted(weights):
        near_a = weights[a]
        products: dict[str, list[float]] = {}
        for c, w_ac in near_a.items():
            for b, w_cb in weights[c].items():
                if b > a and b not in near_a:
                    products.setdefault(b, []).append(w_ac * w_cb)
        for b in sorted(products):
            yield a, b, math.fsum(products[b])


def _triangles(weights: Mapping[str, Mapping[str, float]]) -> Iterable[tuple[str, str, str]]:
    for u in sorted(weights):
        higher = sorted(v for v in weights[u] if v > u)
        for i, v in enumerate(higher):
            near_v = weights[v]
            for x in higher[i + 1 :]:
                if x in near_v:
                    yield (u, v, x)


# -- stress within one theater --------------------------------------------------------------------


def _within(scenario: Scenario, view: View) -> list[Stress]:
    assert view.id is not None
    theater = view.id
    tname = scenario.theater_by_id[theater].name
    name = scenario.actor_name

    def tie(a: str, b: str) -> TieView:
        found = view.tie(a, b)
        assert found is not None
        return found

    def refs(*views: TieView) -> tuple[EvidenceRef, ...]:
        return tuple(EvidenceRef((t.a, t.b), theater, e) for t in views for e in t.evidence)

    found: list[Stress] = []
    camp_of = view._camp_index
    for t in view.ties:
        if t.frustrated:
            if t.weight > 0:
                text = (
                    f"{name(t.a)} and {name(t.b)} are {_word(t.stance)} in {tname} "
                    f"({signed(t.weight)}) yet stand in different camps"
                )
            else:
                text = (
                    f"{name(t.a)} and {name(t.b)} are {_word(t.stance)} in {tname} "
                    f"({signed(t.weight)}) yet share a camp"
                )
            found.append(
                Stress("frustrated-tie", (t.a, t.b), (theater,), abs(t.weight), text, refs(t))
            )
        if t.pressure * t.weight < 0:
            toward = "alignment" if t.pressure > 0 else "opposition"
            found.append(
                Stress(
                    "tension",
                    (t.a, t.b),
                    (theater,),
                    FORECAST_WEIGHT * min(abs(t.weight), abs(t.pressure), 1.0),
                    f"{name(t.a)} and {name(t.b)} are {_word(t.stance)} in {tname} "
                    f"({signed(t.weight)}), yet the ties around them push towards {toward} "
                    f"({signed(t.pressure)})",
                    refs(t),
                )
            )
    weights = view.weights
    for tri in _triangles(weights):
        sides = [tie(u, v) for u, v in combinations(tri, 2)]
        negatives = [s for s in sides if s.weight < 0]
        if len(negatives) % 2 == 0:
            continue
        weakest = min(sides, key=lambda s: (abs(s.weight), s.a, s.b))
        if len(negatives) == 1:
            n = negatives[0]
            third = next(x for x in tri if x not in (n.a, n.b))
            text = (
                f"{name(n.a)} and {name(n.b)} are both aligned with {name(third)} in {tname} "
                f"but opposed to each other; weakest tie {name(weakest.a)}–{name(weakest.b)}"
            )
        else:
            text = (
                f"{name(tri[0])}, {name(tri[1])} and {name(tri[2])} are all opposed in {tname}: "
                f"no two make common cause against the third; weakest tie "
                f"{name(weakest.a)}–{name(weakest.b)}"
            )
        severity = abs(weakest.weight) * (1.0 if len(negatives) == 1 else FORECAST_WEIGHT)
        found.append(Stress("unbalanced-triangle", tri, (theater,), severity, text, refs(*sides)))
    # Implied alignments for untied pairs of engaged actors.
    for a, b, p in _implied_pressures(weights):
        if abs(p) < IMPLIED_MIN_PRESSURE:
            continue
        near_a, near_b = weights[a], weights[b]
        # The key ends in the actor's id, so the largest is one actor whatever the set's order.
        via = max(near_a.keys() & near_b.keys(), key=lambda c: (abs(near_a[c] * near_b[c]), c))
        wa, wb = near_a[via], near_b[via]
        reason = _balance_reason(wa, wb, name(via))
        toward = "alignment" if p > 0 else "opposition"
        found.append(
            Stress(
                "implied-tie",
                (a, b),
                (theater,),
                IMPLIED_WEIGHT * min(abs(p), 1.0),
                f"{name(a)} and {name(b)} have no tie in {tname}; balance implies {toward} "
                f"({signed(p)}): {reason}",
                refs(tie(a, via), tie(b, via)),
            )
        )
    # Torn actors: positive pulls into more than one camp.
    for actor in sorted(camp_of):
        pulls: dict[int, float] = {}
        for other, w in weights[actor].items():
            if w > 0:
                pulls[camp_of[other]] = pulls.get(camp_of[other], 0.0) + w
        if len(pulls) < 2:
            continue
        ranked = sorted(pulls.items(), key=lambda item: (-round(item[1], 9), item[0]))
        second = ranked[1][1]
        camps = [view.camps[i].name for i, _ in ranked[:2]]
        involved = [
            tie(actor, other)
            for other in sorted(weights[actor])
            if weights[actor][other] > 0 and camp_of[other] in (ranked[0][0], ranked[1][0])
        ]
        found.append(
            Stress(
                "torn-actor",
                (actor,),
                (theater,),
                min(second, 1.0),
                f"{name(actor)} is pulled towards both the {camps[0]} camp "
                f"({signed(ranked[0][1])}) and the {camps[1]} camp ({signed(second)}) "
                f"in {tname}",
                refs(*involved),
            )
        )
    return found


def _balance_reason(wa: float, wb: float, via: str) -> str:
    if wa > 0 and wb > 0:
        return f"both are aligned with {via}"
    if wa < 0 and wb < 0:
        return f"both oppose {via} (the enemy of my enemy)"
    return f"one is aligned with {via}, which the other opposes"


# -- stress across theaters -----------------------------------------------------------------------

Across = tuple[tuple[Stress, ...], tuple[Stress, ...]]

#: Stress across theaters, by the theater views it was found in (a view met again is the
#: very same object). The scenario is used only for names, which the views' own cache keys
#: include.
_ACROSS: ByIdentity[Across] = ByIdentity(1024, budget=1_000_000)


def _across(scenario: Scenario, views: tuple[View, ...]) -> Across:
    """Cross-theater contradictions, then actors torn across theaters."""
    return _ACROSS.get(
        views,
        lambda: (tuple(_cross_theater(scenario, views)), tuple(_torn_across(scenario, views))),
        lambda found: sum(len(v.edges) for v in views) + len(found[0]) + len(found[1]),
    )


def _cross_theater(scenario: Scenario, views: Sequence[View]) -> list[Stress]:
    name = scenario.actor_name
    found: list[Stress] = []
    for first, second in combinations(views, 2):
        assert first.id is not None and second.id is not None
        for t1 in first.ties:
            t2 = second.tie(t1.a, t1.b)
            if t2 is None or (t1.weight > 0) == (t2.weight > 0):
                continue
            pos, neg = (t1, first) if t1.weight > 0 else (t2, second)
            negt, negv = (t2, second) if t1.weight > 0 else (t1, first)
            text = (
                f"{name(t1.a)} and {name(t1.b)} are {_word(pos.stance)} in "
                f"{scenario.theater_by_id[neg.id or ''].name} ({signed(pos.weight)}) but "
                f"{_word(negt.stance)} in {scenario.theater_by_id[negv.id or ''].name} "
                f"({signed(negt.weight)})"
            )
            evidence = tuple(
                EvidenceRef((t.a, t.b), v.id, e)
                for t, v in ((t1, first), (t2, second))
                for e in t.evidence
            )
            found.append(
                Stress(
                    "cross-theater",
                    (t1.a, t1.b),
                    (first.id, second.id),
                    min(abs(t1.weight), abs(t2.weight)),
                    text,
                    evidence,
                )
            )
    return found


def _torn_across(scenario: Scenario, views: Sequence[View]) -> list[Stress]:
    """Actors that share a camp with a partner in one theater and face it in another."""
    name = scenario.actor_name
    found: list[Stress] = []
    actors = sorted({a for v in views for camp in v.camps for a in camp.members})
    for actor in actors:
        partners: list[tuple[float, str, View, View]] = []
        for together, apart in ((x, y) for x in views for y in views if x is not y):
            ca = together.camp_of(actor)
            if ca is None or apart.camp_of(actor) is None:
                continue
            for other in together.camps[ca].members:
                if other == actor or apart.camp_of(other) is None:
                    continue
                if apart.camp_of(other) == apart.camp_of(actor):
                    continue
                t1, t2 = together.tie(actor, other), apart.tie(actor, other)
                if t1 is None or t2 is None or t1.weight <= 0 or t2.weight >= 0:
                    continue
                partners.append((min(t1.weight, -t2.weight), other, together, apart))
        if not partners:
            continue
        partners.sort(key=lambda p: (-round(p[0], 9), p[1], p[2].id or "", p[3].id or ""))
        severity = min(1.0, sum(p[0] for p in partners))
        described = "; ".join(
            f"with {name(other)} in {scenario.theater_by_id[t.id or ''].name}, "
            f"against it in {scenario.theater_by_id[a.id or ''].name}"
            for _, other, t, a in partners
        )
        theaters = tuple(sorted({v.id or "" for p in partners for v in (p[2], p[3])}))
        evidence: list[EvidenceRef] = []
        for _, other, together, apart in partners:
            for view in (together, apart):
                t = view.tie(actor, other)
                assert t is not None
                evidence.extend(EvidenceRef((t.a, t.b), view.id, e) for e in t.evidence)
        found.append(
            Stress(
                "torn-actor",
                (actor,),
                theaters,
                severity,
                f"{name(actor)} changes sides between theaters: {described}",
                tuple(dict.fromkeys(evidence)),
            )
        )
    return found


# -- wording -----------------------------------------------------------------------------------


def _word(stance: float) -> str:
    """The plural relation word for a stance, for summaries ("partners", "rivals")."""
    if stance >= 0.8:
        return "allies"
    if stance >= 0.45:
        return "partners"
    if stance > 0:
        return "friendly"
    if stance > -0.45:
        return "wary of each other"
    if stance > -0.8:
        return "rivals"
    return "enemies"
