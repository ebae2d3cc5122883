"""The rule that turns a view's ties into its camps, shared by `show`, `robust` and margins.

The solver's partition (or, for the overall view, the consensus over groups of twins); with
no camp limit, each camp split into the groups its positive ties hold together (that never
adds frustration, and an actor then shares a camp only with actors its alignments bind it
to); the frustration summed exactly (`math.fsum`), so equal partitions give equal figures
whichever path found them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from alliances_cli.engine.overall import solve_consensus
from alliances_cli.engine.solver import Settings, Solution, solve

Pair = tuple[str, str]


class Partitioned(NamedTuple):
    """A view's camps as the rule gives them, the solver's answer, and their frustration."""

    camps: list[tuple[str, ...]]
    solution: Solution
    frustration: float


def view_camps(
    nodes: Sequence[str],
    weights: Mapping[Pair, float],
    settings: Settings,
    groups: Sequence[tuple[str, ...]] | None = None,
) -> Partitioned:
    """The camps of the actors `nodes` (each with a tie) under `settings` (module doc)."""
    if groups is None:
        solution = solve(nodes, weights, settings)
    else:
        solution = solve_consensus(nodes, weights, tuple(groups), settings)
    if settings.camps_limit is None:
        camps = held_together(solution.camps, weights)
    else:
        camps = list(solution.camps)
    return Partitioned(camps, solution, frustration_of(camps, weights))


def frustration_of(camps: Iterable[Sequence[str]], weights: Mapping[Pair, float]) -> float:
    """The exact frustration of these camps: positive ties across, negative ties inside."""
    camp_of = {a: i for i, camp in enumerate(camps) for a in camp}
    return math.fsum(
        abs(w) for (a, b), w in weights.items() if w and (w > 0) != (camp_of[a] == camp_of[b])
    )


def held_together(
    camps: Iterable[Sequence[str]], weights: Mapping[Pair, float]
) -> list[tuple[str, ...]]:
    """Each camp split into the groups its positive ties hold together.

    Splitting a camp where no positive tie crosses never adds frustration, so an optimal
    partition stays optimal.
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
