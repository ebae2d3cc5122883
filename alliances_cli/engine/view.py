"""The records of a solved view: its camps, its ties as the view sees them, and the view.

A view is one theater, or the overall view across the chosen theaters. `analysis.py` builds
them; the stress points (`stress.py`), the reports and the API read them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter
from typing import TYPE_CHECKING, NamedTuple

from alliances_cli.engine.balance import pressure, triangles_of
from alliances_cli.engine.graphs import EdgeData
from alliances_cli.scenario.model import Evidence

if TYPE_CHECKING:
    from alliances_cli.engine.solver.optima import Optima

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
    `strict` holds under a limit of two camps (`camps_limit` 2), where "the enemy of my
    enemy" binds too: stress points count the pressure of common enemies only then.
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
    camps_limit: int | None = None
    groups: tuple[tuple[str, ...], ...] | None = field(default=None, repr=False, compare=False)
    order: tuple[str, ...] = field(default=(), repr=False, compare=False)

    @property
    def strict(self) -> bool:
        return self.camps_limit == 2

    @property
    def normalised_frustration(self) -> float:
        return self.frustration / self.total_weight if self.total_weight else 0.0

    @property
    def gap(self) -> float | None:
        """How far above the best possible the partition may be, as a share of the lower
        bound: (frustration - bound) / bound; 0 when proven, None when no bound above 0 is
        known (the best possible could be 0)."""
        if self.optimal:
            return 0.0
        if self.lower_bound <= 0:
            return None
        return (self.frustration - self.lower_bound) / self.lower_bound

    @property
    def balanced_share(self) -> float | None:
        return self.balanced_triangles / self.triangles if self.triangles else None

    @property
    def triangles(self) -> int:
        return self._triangle_counts[0]

    @property
    def balanced_triangles(self) -> int:
        return self._triangle_counts[1]

    def shed(self) -> None:
        """Forget the tables worked out on first use (ties, weights, triangles, optima...):
        they come back on demand, equal. The views cache keeps views by their ties; a long
        series (a backtest) sheds each slice's tables once scored, so that its memory is
        that of the ties, not of every slice's triangles."""
        for name, value in list(vars(self).items()):
            if isinstance(getattr(type(self), name, None), cached_property):
                del self.__dict__[name]
                del value

    def camp_of(self, actor: str) -> int | None:
        return self.camp_index.get(actor)

    def net_to(self, actor: str, others: Iterable[str]) -> float | None:
        """The net weight of the actor's ties to `others`, or None when no tie links it to
        any of them (then nothing in the ties decides whether it joins them)."""
        near = self.weights.get(actor, {})
        tied = [near[o] for o in others if o in near]
        return math.fsum(tied) if tied else None

    def camp_by_leader(self, leader: str) -> Camp | None:
        return next((c for c in self.camps if c.leader == leader), None)

    def tie(self, a: str, b: str) -> TieView | None:
        return self._tie_index.get((a, b) if a < b else (b, a))

    @cached_property
    def optima(self) -> Optima:
        """How many optimal partitions the view has, and its swing actors."""
        from alliances_cli.engine.solver.optima import optima

        return optima(
            [c.members for c in self.camps],
            {key: data.weight for key, data in self.edges.items()},
            proven=self.optimal,
            camps_limit=self.camps_limit,
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
        from alliances_cli.engine.balance import IMPLIED_MIN_PRESSURE, IMPLIED_PER_ACTOR
        from alliances_cli.engine.sparse import strongest_untied

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

    def tie_shares(self, tie: TieView) -> tuple[float, float]:
        """The share of each end's tie weight (absolute, in this view) that `tie` holds."""
        strengths = self.strengths
        return (abs(tie.weight) / strengths[tie.a], abs(tie.weight) / strengths[tie.b])

    @cached_property
    def ties(self) -> tuple[TieView, ...]:
        weights = self.weights
        camp = self.camp_index
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
    def camp_index(self) -> dict[str, int]:
        """Each aligned actor's camp, as an index into `camps`."""
        return {m: i for i, camp in enumerate(self.camps) for m in camp.members}

    @cached_property
    def _tie_index(self) -> dict[tuple[str, str], TieView]:
        return {(t.a, t.b) if t.a < t.b else (t.b, t.a): t for t in self.ties}
