"""What the solver returns, and what its stages hand each other."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True)
class Solution:
    """Camps as lists of node ids (unordered), with how good the partition is known to be."""

    camps: tuple[tuple[str, ...], ...]
    frustration: float
    lower_bound: float
    optimal: bool
    #: What ran: "exact" (every component proven, or searched by the exact stages until their
    #: budget) or "heuristic" (some component too large for them: only the heuristic and a
    #: cycle-packing bound, which more time would not change).
    method: str


class Stage(NamedTuple):
    """What an exact stage leaves for the next: the best partition known (a camp per node
    index), its frustration, a lower bound on the optimum, and whether they meet."""

    partition: list[int]
    cost: float
    bound: float
    optimal: bool


class Part(NamedTuple):
    """One connected component, solved: its camps as node ids, with cost, bound, optimal."""

    camps: list[list[str]]
    cost: float
    bound: float
    optimal: bool
    #: Whether an exact stage (the LP or the search) ran on it.
    searched: bool = True
