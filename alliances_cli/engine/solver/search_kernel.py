"""The Russian doll search's inner loop, compiled by Numba when it is installed.

The same search as `search.py`'s Python loop, step for step and in the same floating-point
order, so both give the same partition, cost and bound (tests/test_search.py compares them). It
runs 10-20 times faster: the uniform 24-actor instance the Python loop proves in 19 s takes
1.3 s here. Numba is optional (`pip install 'alliances[fast]'`) and imported only when a search
has outgrown the Python loop's first few thousand nodes; its machine code is cached next to
this file after the first compilation (about a second).

The search is an explicit stack rather than recursion, so that it can stop every few thousand
nodes and hand control back: the caller looks at the clock there.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

#: Returned by the kernel: the round is finished, or paused at `stop_at` nodes.
FINISHED, PAUSED = 0, 1


def installed() -> bool:
    """Whether Numba is there to compile the search (looked up, not imported)."""
    import importlib.util

    return importlib.util.find_spec("numba") is not None


@functools.cache
def compiled() -> Callable[..., int] | None:
    """The compiled search, or None without Numba or where it cannot compile.

    It is compiled here, on a one-actor problem, so that any failure shows now and the
    Python loop takes over: without a writable place for the cache (an installation read
    only to this user, no home folder), Numba refuses `cache=True`, and then compiles
    without it.
    """
    try:
        import numba
    except ImportError:
        return None
    for cache in (True, False):
        try:
            kernel: Callable[..., int] = numba.njit(cache=cache, nogil=True)(search)
            _try(kernel)
        except Exception:
            continue
        return kernel
    return None  # pragma: no cover - a Numba that cannot build for this platform


def _try(kernel: Callable[..., int]) -> None:
    """One search of one actor with no ties, which compiles `kernel` for the types used."""
    import numpy as np

    floats, ints = np.zeros(2), np.zeros(2, dtype=np.int64)
    state = np.array([0, 0, 1], dtype=np.int64)
    square, table = np.zeros((1, 1)), np.zeros((2, 2))
    labels = np.zeros((2, 2), dtype=np.int64)
    best = np.zeros(1, dtype=np.int64)
    kernel(
        square,
        1,
        floats,
        0,
        best,
        state,
        np.zeros(1),
        square.copy(),
        np.zeros(1),
        np.full(1, -1, dtype=np.int64),
        table,
        labels,
        ints,
        ints.copy(),
        ints.copy(),
        floats.copy(),
        table.copy(),
        table.copy(),
        10,
    )


def search(
    tie: Any,
    limit: int,
    suffix: Any,
    first: int,
    best: Any,
    state: Any,
    best_cost_box: Any,
    extra: Any,
    placed_pos: Any,
    camp_of: Any,
    option_cost: Any,
    option_camp: Any,
    options: Any,
    next_option: Any,
    camps_at: Any,
    cost_at: Any,
    cheapest_at: Any,
    second_at: Any,
    stop_at: int,
) -> int:
    """Search positions `first`..n-1 of the order (`tie` is indexed by position).

    `state` holds the depth, the nodes visited and whether the node at that depth is still to
    be entered (1) or is trying its options (0); `best_cost_box[0]` the best cost. Each node's
    options (its cheapest camps first) are kept per depth, so a paused search resumes where it
    stopped. Positions before `first` are never placed: `extra` and `placed_pos` start at 0.
    """
    n = tie.shape[0]
    eps = 1e-9
    depth = state[0]
    visited = state[1]
    entering = state[2] == 1
    best_cost = best_cost_box[0]
    while True:
        if entering:
            if visited + 1 > stop_at:
                state[0] = depth
                state[1] = visited
                state[2] = 1
                best_cost_box[0] = best_cost
                return PAUSED
            visited += 1
            entering = False
            if depth == n:
                if cost_at[depth] < best_cost - eps:
                    best_cost = cost_at[depth]
                    for i in range(n):
                        best[i] = camp_of[i]
            else:
                camps = camps_at[depth]
                base = placed_pos[depth]
                k = 0
                for c in range(camps):
                    option_cost[depth, k] = base + extra[depth, c]
                    option_camp[depth, k] = c
                    k += 1
                if camps < limit:
                    option_cost[depth, k] = base
                    option_camp[depth, k] = camps
                    k += 1
                for i in range(1, k):  # insertion sort by (cost, camp), as Python sorts tuples
                    cost_i = option_cost[depth, i]
                    camp_i = option_camp[depth, i]
                    j = i - 1
                    while j >= 0 and (
                        option_cost[depth, j] > cost_i
                        or (option_cost[depth, j] == cost_i and option_camp[depth, j] > camp_i)
                    ):
                        option_cost[depth, j + 1] = option_cost[depth, j]
                        option_camp[depth, j + 1] = option_camp[depth, j]
                        j -= 1
                    option_cost[depth, j + 1] = cost_i
                    option_camp[depth, j + 1] = camp_i
                options[depth] = k
                next_option[depth] = 0
                # Each later node's two cheapest camps: the same for every option tried here.
                for u in range(depth + 1, n):
                    first_min = math.inf
                    second_min = math.inf
                    for q in range(camps):
                        x = extra[u, q]
                        if x < first_min:
                            second_min = first_min
                            first_min = x
                        elif x < second_min:
                            second_min = x
                    cheapest_at[depth, u] = first_min
                    second_at[depth, u] = second_min
        if depth < n:
            v = depth
            camps = camps_at[depth]
            cost = cost_at[depth]
            descended = False
            while next_option[depth] < options[depth]:
                k = next_option[depth]
                next_option[depth] = k + 1
                c = option_camp[depth, k]
                new_cost = cost + option_cost[depth, k]
                if new_cost >= best_cost - eps:
                    break
                new_camps = camps + 1 if c == camps else camps
                bound = new_cost + suffix[depth + 1]
                cutoff = best_cost - eps
                opened = new_camps < limit
                for u in range(v + 1, n):
                    w = tie[v, u]
                    first_min = cheapest_at[depth, u]
                    second_min = second_at[depth, u]
                    if new_camps > camps:  # v opens a camp: u may join it too
                        x = extra[u, camps]
                        if x < first_min:
                            second_min = first_min
                            first_min = x
                        elif x < second_min:
                            second_min = x
                    in_c = extra[u, c]
                    if w > 0.0:
                        if in_c <= first_min:
                            cheapest = min(in_c, second_min + w) if new_camps > 1 else in_c
                        else:
                            cheapest = min(in_c, first_min + w)
                        if opened and cheapest > w:
                            cheapest = w
                    elif w < 0.0:
                        cheapest = first_min
                        if in_c <= cheapest:
                            cheapest = min(in_c - w, second_min) if new_camps > 1 else in_c - w
                        if opened and cheapest > 0.0:
                            cheapest = 0.0
                    else:
                        cheapest = first_min
                        if opened and cheapest > 0.0:
                            cheapest = 0.0
                    bound += placed_pos[u] + cheapest
                    if bound >= cutoff:
                        break
                if bound < cutoff:
                    camp_of[v] = c
                    for u in range(v + 1, n):
                        w = tie[v, u]
                        if w != 0.0:
                            extra[u, c] -= w
                            if w > 0.0:
                                placed_pos[u] += w
                    camps_at[depth + 1] = new_camps
                    cost_at[depth + 1] = new_cost
                    depth += 1
                    entering = True
                    descended = True
                    break
            if descended:
                continue
        depth -= 1
        if depth < first:
            break
        c = camp_of[depth]
        for u in range(depth + 1, n):
            w = tie[depth, u]
            if w != 0.0:
                extra[u, c] += w
                if w > 0.0:
                    placed_pos[u] -= w
        camp_of[depth] = -1
    state[0] = depth
    state[1] = visited
    state[2] = 0
    best_cost_box[0] = best_cost
    return FINISHED
