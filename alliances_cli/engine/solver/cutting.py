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
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from alliances_cli.engine.solver import seeds, separation
from alliances_cli.engine.solver.programs import EPS, add_rows, partition_of, quiet_highs

#: At most this many rounds of cuts (each a program solved and separated).
MAX_ROUNDS = 80
#: A round adds shortest-path cuts when the triangles hold fewer than this many.
FEW_CUTS = 50
#: Rounds a cut may stay slack before it is dropped.
SLACK_ROUNDS = 2


@dataclass(frozen=True)
class Relaxed:
    """What the cutting planes proved: a lower bound, and a partition when it is optimal."""

    bound: float
    #: Camp per node when the last program's optimum is integral (hence optimal), else None.
    partition: list[int] | None
    rounds: int
    #: True when no cycle inequality is violated: the bound is the relaxation's own.
    converged: bool


def relax(
    adjacency: Sequence[Sequence[tuple[int, float]]],
    two_camps: bool,
    deadline: float | None = None,
    max_rounds: int = MAX_ROUNDS,
    start: Sequence[int] | None = None,
) -> Relaxed | None:
    """The relaxation's bound by cutting planes, from the cuts tight at the partition `start`
    if one is given; None if HiGHS or SciPy is unavailable."""
    try:
        import highspy
        import numpy as np
    except ImportError:
        return None
    edges = [(i, j, w) for i, row in enumerate(adjacency) for j, w in row if i < j]
    n = len(adjacency)
    if not edges:
        return Relaxed(0.0, [0] * n, 0, True)
    ties = separation.Ties(n, edges)
    m = len(edges)
    highs = quiet_highs(highspy)
    # The program grows by rows between solves: the dual simplex restarts from the last basis,
    # and presolve would only undo that.
    highs.setOptionValue("presolve", "off")
    highs.setOptionValue("simplex_strategy", 1)
    weights = np.array([w for _, _, w in edges], dtype=float)
    constant = float(-weights[weights < 0].sum())
    highs.addVars(m, np.zeros(m), np.ones(m))
    highs.changeColsCost(m, np.arange(m, dtype=np.int32), weights)
    rows = [] if start is None else seeds.tight_cuts(ties, weights, start, two_camps, deadline)
    add_rows(highs, highspy, np, rows)
    slack_for = np.zeros(len(rows), dtype=np.int64)
    bound = 0.0
    rounds = 0
    for rounds in range(1, max_rounds + 1):
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            # HiGHS counts its limit on its own clock, which adds up the time of every run.
            highs.setOptionValue("time_limit", highs.getRunTime() + left)
        highs.run()
        if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            break  # stopped by the clock: only a finished program's optimum is a bound
        bound = max(bound, highs.getInfo().objective_function_value + constant)
        x = np.clip(np.array(highs.getSolution().col_value), 0.0, 1.0)
        partition = partition_of(n, edges, x, two_camps)
        if partition is not None:
            return Relaxed(bound, partition, rounds, True)
        rows = separation.triangle_cuts(ties, x, two_camps)
        if len(rows) < FEW_CUTS:
            rows += separation.path_cuts(ties, x, two_camps)
        if not rows:
            return Relaxed(bound, None, rounds, True)
        slack_for = _drop_slack(highs, np, slack_for)
        add_rows(highs, highspy, np, rows)
        slack_for = np.concatenate([slack_for, np.zeros(len(rows), dtype=np.int64)])
    return Relaxed(bound, None, rounds, False)


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
