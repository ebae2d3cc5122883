"""Cutting planes at scale: the cycle relaxations of `programs.py` on components of thousands
of ties.

The relaxations are those of `programs.py` (the cut relaxation with odd-cycle inequalities
for two camps, Barahona & Mahjoub 1986; the multicut relaxation with cycle inequalities for
any number, Chopra & Rao 1993). The first program holds the cuts a good partition holds
tight (`seeds.py`); later ones add what `separation.py` finds violated: triangles first (most
violated cuts of real networks are there, and all are checked at once), then shortest paths
in C. Cuts that have gone slack are dropped, so the program stays the size of what binds.
The optimum of each round's program is a lower bound on the frustration, whatever the round;
when it is integral and describes a partition, that partition is optimal.

When no cut is left violated and the optimum is still fractional, the relaxation can be
branched on (branch and cut, Padberg & Rinaldi 1991): fix the tie whose x is most fractional
(weighted by its weight) at 0 in one branch and 1 in the other, cut each branch the same way,
and close a branch whose bound reaches the best partition known. On the rated Bitcoin OTC
with any number of camps the relaxation ends with 7 ties at one half (412.75); three nodes
and 0.4 s prove 412.75 optimal. Cuts found in one branch hold in all, so they stay.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from alliances_cli.engine.solver import seeds, separation
from alliances_cli.engine.solver.programs import EPS, add_rows, partition_of, quiet_highs

#: At most this many rounds of cuts (each a program solved and separated).
MAX_ROUNDS = 80
#: A round adds shortest-path cuts when the triangles hold fewer than this many.
FEW_CUTS = 50
#: Rounds a cut may stay slack before it is dropped.
SLACK_ROUNDS = 2
#: Branching visits at most this many nodes (a safety net: under a time limit, the usual
#: case, the clock stops it first), each with at most NODE_ROUNDS rounds of cuts.
MAX_NODES = 10_000
NODE_ROUNDS = 20


@dataclass(frozen=True)
class Relaxed:
    """What the cutting planes proved: a lower bound, and a partition when it is optimal."""

    bound: float
    #: Camp per node when the last program's optimum is integral (hence optimal), else None.
    partition: list[int] | None
    rounds: int
    #: True when no cycle inequality is violated: the bound is the relaxation's own (after
    #: branching: every branch was settled).
    converged: bool
    #: The best partition the branching met, when it is better than the start but not proven.
    found: list[int] | None = None


def relax(
    adjacency: Sequence[Sequence[tuple[int, float]]],
    two_camps: bool,
    deadline: float | None = None,
    max_rounds: int = MAX_ROUNDS,
    start: Sequence[int] | None = None,
    branch: bool = False,
) -> Relaxed | None:
    """The relaxation's bound by cutting planes, from the cuts tight at the partition `start`
    if one is given; None if HiGHS or SciPy is unavailable.

    With `branch`, a relaxation that ends fractional is branched on (branch and cut), so the
    bound becomes the optimum's when the branches are all settled in time.
    """
    try:
        import highspy
        import numpy as np
    except ImportError:
        return None
    edges = [(i, j, w) for i, row in enumerate(adjacency) for j, w in row if i < j]
    n = len(adjacency)
    if not edges:
        return Relaxed(0.0, [0] * n, 0, True)
    program = _Program(highspy, np, n, edges, two_camps, deadline)
    if start is not None:
        program.add(seeds.tight_cuts(program.ties, program.weights, start, two_camps, deadline))
    root = program.solve(max_rounds)
    if root.bound is None:
        return Relaxed(0.0, None, program.rounds, False)
    if root.partition is not None:
        return Relaxed(root.bound, root.partition, program.rounds, True)
    if not branch or not root.converged:
        return Relaxed(root.bound, None, program.rounds, root.converged)
    incumbent = math.inf if start is None else _cost(edges, start)
    return _branch(program, root, incumbent)


class _Node(NamedTuple):
    """A program solved to the end of its cuts (or the clock): its bound (None when stopped
    before any optimum, or infeasible), the partition if integral, x, and whether no cut is
    left violated."""

    bound: float | None
    partition: list[int] | None
    x: Any
    converged: bool


class _Program:
    """The relaxation in HiGHS, cut round by round; solved again from its last basis as rows
    come and go and as branches fix ties."""

    def __init__(
        self,
        highspy: Any,
        np: Any,
        n: int,
        edges: list[tuple[int, int, float]],
        two_camps: bool,
        deadline: float | None,
    ) -> None:
        self.highspy, self.np, self.n, self.edges = highspy, np, n, edges
        self.two_camps, self.deadline = two_camps, deadline
        self.ties = separation.Ties(n, edges)
        m = len(edges)
        self.highs = highs = quiet_highs(highspy)
        # The program grows by rows between solves: the dual simplex restarts from the last
        # basis, and presolve would only undo that.
        highs.setOptionValue("presolve", "off")
        highs.setOptionValue("simplex_strategy", 1)
        self.weights = np.array([w for _, _, w in edges], dtype=float)
        self.constant = float(-self.weights[self.weights < 0].sum())
        highs.addVars(m, np.zeros(m), np.ones(m))
        highs.changeColsCost(m, np.arange(m, dtype=np.int32), self.weights)
        self.slack_for = np.zeros(0, dtype=np.int64)
        self.rounds = 0

    def add(self, rows: list[Any]) -> None:
        np = self.np
        self.slack_for = _drop_slack(self.highs, np, self.slack_for)
        add_rows(self.highs, self.highspy, np, rows)
        self.slack_for = np.concatenate([self.slack_for, np.zeros(len(rows), dtype=np.int64)])

    def out_of_time(self) -> bool:
        return self.deadline is not None and time.monotonic() >= self.deadline

    def solve(self, max_rounds: int) -> _Node:
        """Rounds of solving and cutting until the optimum is integral, no cut is violated,
        `max_rounds` have run, or the clock runs out; the last finished optimum's bound."""
        highs, np, status = self.highs, self.np, self.highspy.HighsModelStatus
        bound = None
        x = None
        for _ in range(max_rounds):
            if self.deadline is not None:
                left = self.deadline - time.monotonic()
                if left <= 0:
                    break
                # HiGHS counts its limit on its own clock, which adds up the time of every run.
                highs.setOptionValue("time_limit", highs.getRunTime() + left)
            highs.run()
            self.rounds += 1
            if highs.getModelStatus() == status.kInfeasible:
                return _Node(None, None, None, True)
            if highs.getModelStatus() != status.kOptimal:
                break  # stopped by the clock: only a finished program's optimum is a bound
            bound = max(bound or 0.0, highs.getInfo().objective_function_value + self.constant)
            x = np.clip(np.array(highs.getSolution().col_value), 0.0, 1.0)
            partition = partition_of(self.n, self.edges, x, self.two_camps)
            if partition is not None:
                return _Node(bound, partition, x, True)
            rows = separation.triangle_cuts(self.ties, x, self.two_camps)
            if len(rows) < FEW_CUTS:
                rows += separation.path_cuts(self.ties, x, self.two_camps)
            if not rows:
                return _Node(bound, None, x, True)
            self.add(rows)
        return _Node(bound, None, x, False)

    def fix(self, fixed: Any, values: Any) -> None:
        """Fix these ties at these values (0 or 1), freeing every other."""
        np, m = self.np, len(self.edges)
        lower, upper = np.zeros(m), np.ones(m)
        lower[fixed] = values
        upper[fixed] = values
        self.highs.changeColsBounds(m, np.arange(m, dtype=np.int32), lower, upper)


def _branch(program: _Program, root: _Node, incumbent: float) -> Relaxed:
    """Depth first: fix the most fractional tie (weighted by its weight) each way, the way x
    leans first, until every branch is integral or bounded by the best partition known; the
    bound is the least of the open branches' and the best partition's."""
    np = program.np
    assert root.bound is not None
    best, best_partition = incumbent, None
    open_nodes: list[tuple[float, list[tuple[int, float]]]] = []
    _split(program, root, [], open_nodes)
    nodes = 0
    while open_nodes and nodes < MAX_NODES and not program.out_of_time():
        parent_bound, fixings = open_nodes.pop()
        if parent_bound >= best - _TOLERANCE * max(1.0, abs(best)):
            continue
        nodes += 1
        program.fix(
            np.array([k for k, _ in fixings], dtype=np.int64),
            np.array([v for _, v in fixings], dtype=float),
        )
        node = program.solve(NODE_ROUNDS)
        if node.bound is None and not node.converged:  # the clock, before an optimum
            open_nodes.append((parent_bound, fixings))
            break
        if node.bound is None or node.bound >= best - _TOLERANCE * max(1.0, abs(best)):
            continue
        if node.partition is not None:
            best, best_partition = node.bound, node.partition
            continue
        _split(program, node, fixings, open_nodes)
    settled = not open_nodes
    bound = min([best, *(b for b, _ in open_nodes)])
    bound = root.bound if math.isinf(bound) else max(bound, root.bound)
    if settled and best_partition is not None:
        return Relaxed(best, best_partition, program.rounds, True)
    return Relaxed(bound, None, program.rounds, settled, best_partition)


#: A branch whose bound comes this close (relatively) to the best partition's cost is closed.
_TOLERANCE = 1e-9


def _split(
    program: _Program,
    node: _Node,
    fixings: list[tuple[int, float]],
    open_nodes: list[tuple[float, list[tuple[int, float]]]],
) -> None:
    """Push the two branches of a fractional node, the one x leans to on top."""
    np = program.np
    x = node.x
    assert node.bound is not None and x is not None
    free = np.ones(len(x), dtype=bool)
    free[[k for k, _ in fixings]] = False
    candidates = np.nonzero(free & (x > EPS) & (x < 1 - EPS))[0]
    if not len(candidates):  # integral, yet no partition: the cuts ran out of rounds
        candidates = np.nonzero(free)[0]
        if not len(candidates):
            return
    pull = np.abs(program.weights[candidates]) * (0.5 - np.abs(x[candidates] - 0.5))
    k = int(candidates[int(np.argmax(pull))])
    leaning = float(x[k] > 0.5)
    open_nodes.append((node.bound, [*fixings, (k, 1.0 - leaning)]))
    open_nodes.append((node.bound, [*fixings, (k, leaning)]))


def _cost(edges: list[tuple[int, int, float]], camp_of: Sequence[int]) -> float:
    """A partition's frustration on these ties."""
    return math.fsum(abs(w) for i, j, w in edges if (w > 0) != (camp_of[i] == camp_of[j]))


def _drop_slack(highs: Any, np: Any, slack_for: Any) -> Any:
    """Drop the cuts slack for SLACK_ROUNDS solves in a row; the others' slack counts."""
    if not len(slack_for):
        return slack_for
    values = np.array(highs.getSolution().row_value)
    upper = np.array(highs.getLp().row_upper_)
    slack_for = np.where(values < upper - EPS, slack_for + 1, 0)
    drop = np.nonzero(slack_for >= SLACK_ROUNDS)[0].astype(np.int32)
    if len(drop):
        highs.deleteRows(len(drop), drop)
        slack_for = np.delete(slack_for, drop)
    return slack_for
