"""The least change as one mixed-integer program over the changes and a target partition.

For a fixed partition P, frustration is F(P; w) = sum_e max(w_e, 0) - sum_e t_e(P) w_e, where
t_e(P) is 1 when the ends of pair e share a camp. So for two partitions the difference
F(Q; w) - F(P; w) = sum_e (t_e(P) - t_e(Q)) w_e is linear in the weights. The program chooses
new weights x for the ties allowed to change and a target partition P meeting the goal (a
binary "together" y per pair of actors that matters, kept a partition) such that P beats
every competing partition Q found so far by the margin:

    sum_e y_e w_e - sum_e t_e(Q) w_e >= margin      for each competitor Q,

with the product y_e x_e of a changing tie written exactly by its McCormick rows (y is
binary, x bounded). It minimises the change sum_e |x_e - w_e| (weights are stance times
confidence, so this is sum confidence x |stance change|). With only some competitors the
program is a relaxation: its optimum is a lower bound on the least change, and when no
partition missing the goal comes within the margin of P, its plan is the least change
(`search.py` finds the competitors). How the target is kept a partition: `Program`.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from alliances_cli.engine.levers.goals import Goal, Pair, pair
from alliances_cli.engine.solver.graph import representatives
from alliances_cli.engine.solver.programs import quiet_highs

#: Up to this many triangle rows, all are written at once; beyond, only those broken.
ALL_TRIANGLES = 20_000
#: The cost of each tie a plan changes, on top of its change: among plans of equal change
#: the one with fewest ties wins (reported bounds take it back off).
PER_TIE = 1e-6
#: A change smaller than this is the solver's tolerance, not a change.
UNCHANGED = 1e-6
#: Rows added per round for broken triangles or camp limits.
LAZY_ROWS = 4_000


Row = tuple[float, float, list[int], list[float]]  # lower, upper, columns, coefficients


@dataclass(frozen=True)
class Lever:
    """A tie the plan may change, in weight units (stance x confidence)."""

    pair: Pair
    weight: float  # now (0 for a pair with no tie)
    low: float  # the least weight it may take: a stance of -1
    high: float  # the most: a stance of +1


@dataclass(frozen=True)
class Candidate:
    """The program's optimum: new weights, the target partition, the change and its bound."""

    weights: dict[Pair, float]
    camp_of: dict[str, int]
    cost: float
    bound: float


class Infeasible(Exception):
    """No change within the levers' bounds meets the goal against the competitors so far."""


class OutOfTime(Exception):
    """The deadline passed before the program was solved; `bound` is what was proven."""

    def __init__(self, bound: float) -> None:
        super().__init__(bound)
        self.bound = bound


class Program:
    """The relaxation, grown by `add_competitor` and `exclude` (module doc).

    The target partition is written one of three ways. With no camp limit, a binary
    "together" variable for each pair the ties, the levers or the goal name (not every pair:
    a sparse view has few), kept a partition by the triangle inequalities among them and by
    cycle inequalities added when a solution breaks one (the multicut polytope; Chopra & Rao
    1993). Under a limit of two camps, a binary side per actor, with each pair's "together"
    the exact function of the two sides. Under any other limit, a variable for every pair,
    the triangle inequalities, and a row for each limit + 1 actors pairwise apart.
    """

    def __init__(
        self,
        nodes: Sequence[str],
        fixed: Mapping[Pair, float],
        levers: Sequence[Lever],
        goal: Goal,
        margin: float,
        max_ties: int | None,
        camps_limit: int | None,
    ) -> None:
        import highspy
        import numpy as np

        self._highspy, self._np = highspy, np
        self.nodes = list(nodes)
        self.fixed = {k: w for k, w in fixed.items() if w}
        self.levers = list(levers)
        self.margin = margin
        self.camps_limit = camps_limit
        self.dense = camps_limit is not None and camps_limit != 2
        self.pairs = self._pairs(goal)
        self.y = {p: i for i, p in enumerate(self.pairs)}
        n_pairs, n_levers = len(self.pairs), len(self.levers)
        sides = camps_limit == 2
        # Columns: y per pair, then per lever x (new weight), up, down, used, z (= y x), then
        # under a limit of two camps a side per actor.
        self.x = [n_pairs + 5 * k for k in range(n_levers)]
        self.side = {a: n_pairs + 5 * n_levers + i for i, a in enumerate(self.nodes)}
        lower = [0.0] * n_pairs
        upper = [1.0] * n_pairs
        cost = [0.0] * n_pairs
        for lever in self.levers:
            lower += [lever.low, 0.0, 0.0, 0.0, min(lever.low, 0.0)]
            upper += [lever.high, lever.high - lever.low, lever.high - lever.low, 1.0]
            upper += [max(lever.high, 0.0)]
            cost += [0.0, 1.0, 1.0, PER_TIE, 0.0]
        if sides:
            lower += [0.0] * len(self.nodes)
            upper += [0.0] + [1.0] * (len(self.nodes) - 1)  # the sides can be swapped
            cost += [0.0] * len(self.nodes)
        for a, b in goal.together:
            lower[self.y[pair(a, b)]] = 1.0
        for a, b in goal.apart:
            upper[self.y[pair(a, b)]] = 0.0
        self.highs = quiet_highs(highspy)
        # Rows hold to 1e-9, so that a plan the program accepts also passes the search's
        # check of its margin (to 1e-6), not only HiGHS's default 1e-6.
        self.highs.setOptionValue("mip_feasibility_tolerance", 1e-9)
        self.highs.setOptionValue("primal_feasibility_tolerance", 1e-9)
        count = len(lower)
        self.highs.addVars(count, np.array(lower), np.array(upper))
        self.highs.changeColsCost(count, np.arange(count, dtype=np.int32), np.array(cost))
        integer = [x + 3 for x in self.x]
        integer += list(self.side.values()) if sides else list(range(n_pairs))
        self.highs.changeColsIntegrality(
            len(integer),
            np.array(integer, dtype=np.int32),
            np.array([highspy.HighsVarType.kInteger] * len(integer)),
        )
        rows: list[Row] = []
        inf = math.inf
        for lever, x in zip(self.levers, self.x, strict=True):
            y, up, down, used, z = self.y[lever.pair], x + 1, x + 2, x + 3, x + 4
            lo, hi = lever.low, lever.high
            rows.append((lever.weight, lever.weight, [x, up, down], [1.0, -1.0, 1.0]))
            rows.append((-inf, 0.0, [up, down, used], [1.0, 1.0, -(hi - lo)]))
            rows.append((0.0, inf, [z, y], [1.0, -lo]))
            rows.append((-inf, 0.0, [z, y], [1.0, -hi]))
            rows.append((-hi, inf, [z, x, y], [1.0, -1.0, -hi]))
            rows.append((-inf, -lo, [z, x, y], [1.0, -1.0, -lo]))
        for members in goal.broken:
            inside = [self.y[pair(a, b)] for a, b in itertools.combinations(members, 2)]
            rows.append((-inf, len(inside) - 1.0, inside, [1.0] * len(inside)))
        for a in goal.joined:
            around = [self.y[pair(a, o)] for o in self.nodes if o != a]
            rows.append((1.0, inf, around, [1.0] * len(around)))
        if max_ties is not None and self.levers:
            used_columns = [x + 3 for x in self.x]
            rows.append((-inf, float(max_ties), used_columns, [1.0] * len(used_columns)))
        if sides:
            for (a, b), y in self.y.items():
                sa, sb = self.side[a], self.side[b]
                # together = 1 - |side a - side b|, exactly, for binary sides.
                rows.append((-inf, 1.0, [y, sa, sb], [1.0, 1.0, -1.0]))
                rows.append((-inf, 1.0, [y, sa, sb], [1.0, -1.0, 1.0]))
                rows.append((1.0, inf, [y, sa, sb], [1.0, 1.0, 1.0]))
                rows.append((-1.0, inf, [y, sa, sb], [1.0, -1.0, -1.0]))
        elif self.dense and 3 * math.comb(len(self.nodes), 3) > ALL_TRIANGLES:
            pass  # too many: added when broken
        else:
            for i, j, k in self._triangles():
                rows += self._triangle(i, j, k)
        self._add(rows)

    def _pairs(self, goal: Goal) -> list[Pair]:
        """The pairs with a "together" variable: every pair under a limit other than two,
        else those the ties, the levers and the goal name."""
        if self.dense:
            return [pair(a, b) for a, b in itertools.combinations(self.nodes, 2)]
        named = set(self.fixed) | {lever.pair for lever in self.levers}
        named |= set(goal.together) | set(goal.apart)
        for members in goal.broken:
            named |= {pair(a, b) for a, b in itertools.combinations(members, 2)}
        for a in goal.joined:
            named |= {pair(a, o) for o in self.nodes if o != a}
        return sorted(named)

    def _triangles(self) -> list[tuple[int, int, int]]:
        """The triangles among the pairs with a variable, as positions of their actors."""
        position = {a: i for i, a in enumerate(self.nodes)}
        near: dict[int, set[int]] = {}
        for a, b in self.pairs:
            near.setdefault(position[a], set()).add(position[b])
            near.setdefault(position[b], set()).add(position[a])
        found = []
        for i, around in near.items():
            for j in around:
                if j > i:
                    found += [(i, j, k) for k in around & near[j] if k > j]
        return sorted(found)

    def _index(self, i: int, j: int) -> int:
        return self.y[pair(self.nodes[i], self.nodes[j])]

    def _triangle(self, i: int, j: int, k: int) -> list[Row]:
        ij, jk, ik = self._index(i, j), self._index(j, k), self._index(i, k)
        return [
            (-math.inf, 1.0, [ij, jk, ik], [1.0, 1.0, -1.0]),
            (-math.inf, 1.0, [ij, jk, ik], [1.0, -1.0, 1.0]),
            (-math.inf, 1.0, [ij, jk, ik], [-1.0, 1.0, 1.0]),
        ]

    def _add(self, rows: Sequence[Row]) -> None:
        if not rows:
            return
        np, inf = self._np, self._highspy.kHighsInf
        starts = np.cumsum([0] + [len(r[2]) for r in rows[:-1]], dtype=np.int32)
        indices = np.array([i for r in rows for i in r[2]], dtype=np.int32)
        values = np.array([v for r in rows for v in r[3]], dtype=float)
        lowers = np.array([max(r[0], -inf) for r in rows], dtype=float)
        uppers = np.array([min(r[1], inf) for r in rows], dtype=float)
        self.highs.addRows(len(rows), lowers, uppers, len(indices), starts, indices, values)

    def add_competitor(self, camp_of: Mapping[str, int]) -> None:
        """Require the target to beat the partition `camp_of` by the margin."""
        columns: list[int] = []
        values: list[float] = []
        rhs = self.margin
        for p, w in self.fixed.items():
            columns.append(self.y[p])
            values.append(w)
            if camp_of[p[0]] == camp_of[p[1]]:
                rhs += w
        for lever, x in zip(self.levers, self.x, strict=True):
            columns.append(x + 4)
            values.append(1.0)
            if camp_of[lever.pair[0]] == camp_of[lever.pair[1]]:
                columns.append(x)
                values.append(-1.0)
        self._add([(rhs, math.inf, columns, values)])

    def exclude(self, changed: Sequence[Pair]) -> None:
        """Forbid changing all of these ties again: the next plan is a distinct one."""
        at = {lever.pair: x for lever, x in zip(self.levers, self.x, strict=True)}
        used = [at[p] + 3 for p in changed]
        self._add([(-math.inf, len(used) - 1.0, used, [1.0] * len(used))])

    def solve(self, deadline: float | None = None) -> Candidate:
        """The program's optimum, its solution a partition within the camp limit."""
        highspy = self._highspy
        status = highspy.HighsModelStatus
        while True:
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise OutOfTime(self._bound())
                self.highs.setOptionValue("time_limit", self.highs.getRunTime() + left)
            self.highs.run()
            found = self.highs.getModelStatus()
            if found == status.kInfeasible:
                raise Infeasible()
            if found != status.kOptimal:
                raise OutOfTime(self._bound())
            values = self.highs.getSolution().col_value
            bound = self._bound()
            together = [p for p, i in self.y.items() if values[i] > 0.5]
            if self.camps_limit == 2:
                camp_of = {a: int(values[i] > 0.5) for a, i in self.side.items()}
            else:
                rows = self._broken_cycles(together) or self._over_limit(together)
                if rows:
                    self._add(rows)
                    continue
                camp_of = _camps(self.nodes, together)
            weights = {
                lever.pair: _clean(values[x], lever)
                for lever, x in zip(self.levers, self.x, strict=True)
            }
            cost = math.fsum(abs(weights[lever.pair] - lever.weight) for lever in self.levers)
            return Candidate(weights, camp_of, cost, bound)

    def _bound(self) -> float:
        info = self.highs.getInfo()
        if not info.valid or not math.isfinite(info.mip_dual_bound):
            return 0.0
        return max(float(info.mip_dual_bound) - PER_TIE * len(self.levers), 0.0)

    def _broken_cycles(self, together: Sequence[Pair]) -> list[Row]:
        """A cycle inequality for each pair held apart whose actors a chain of pairs held
        together joins: the chain's pairs cannot all be together while it is apart."""
        near: dict[str, list[str]] = {}
        for a, b in together:
            near.setdefault(a, []).append(b)
            near.setdefault(b, []).append(a)
        held = set(together)
        rows: list[Row] = []
        for (a, b), column in self.y.items():
            if (a, b) in held or a not in near or b not in near:
                continue
            path = _chain(near, a, b)
            if path is None:
                continue
            columns = [self.y[pair(u, v)] for u, v in itertools.pairwise(path)]
            rows.append(
                (-math.inf, len(columns) - 1.0, [*columns, column], [1.0] * len(columns) + [-1.0])
            )
            if len(rows) >= LAZY_ROWS:
                break
        return rows

    def _over_limit(self, together: Sequence[Pair]) -> list[Row]:
        """Rows saying that among one actor from each of limit + 1 camps two share a camp."""
        if self.camps_limit is None:
            return []
        camp_of = _camps(self.nodes, together)
        first: dict[int, str] = {}
        for a in self.nodes:
            first.setdefault(camp_of[a], a)
        if len(first) <= self.camps_limit:
            return []
        rows: list[Row] = []
        for chosen in itertools.combinations(sorted(first.values()), self.camps_limit + 1):
            inside = [self.y[pair(a, b)] for a, b in itertools.combinations(chosen, 2)]
            rows.append((1.0, math.inf, inside, [1.0] * len(inside)))
            if len(rows) >= LAZY_ROWS:
                break
        return rows


def _chain(near: Mapping[str, list[str]], start: str, goal: str) -> list[str] | None:
    """The shortest chain of pairs held together from `start` to `goal`, if any."""
    before = {start: start}
    frontier = [start]
    while frontier:
        following = []
        for a in frontier:
            for b in near.get(a, ()):
                if b not in before:
                    before[b] = a
                    if b == goal:
                        path = [b]
                        while path[-1] != start:
                            path.append(before[path[-1]])
                        return path[::-1]
                    following.append(b)
        frontier = following
    return None


def _clean(value: float, lever: Lever) -> float:
    """The solver's value within the lever's bounds, and exactly unchanged when it is within
    the solver's tolerance of unchanged (rounded outward, 1e-7 would become 0.01)."""
    value = min(max(value, lever.low), lever.high)
    return lever.weight if abs(value - lever.weight) <= UNCHANGED else value


def _camps(nodes: Sequence[str], together: Sequence[Pair]) -> dict[str, int]:
    label: dict[str, int] = {}
    return {
        a: label.setdefault(root, len(label))
        for a, root in representatives(nodes, together).items()
    }
