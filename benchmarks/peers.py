"""Peers for the large-network and exact-search benchmarks, each run the way its authors
document it. Imported by `run.py`; a peer that is not installed is reported as such.

- igraph's Leiden algorithm, Constant Potts Model at resolution 0 on signed weights (our own
  dependency, for components over 400 actors);
- HiGHS's integer program with every triangle inequality (the textbook exact formulation of
  correlation clustering), through highspy;
- dwave-networkx `structural_imbalance` with dwave-samplers' simulated annealing, for two
  camps: `pip install -r benchmarks/peers.txt` in an environment of its own.
"""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Sequence
from typing import Any

Edge = tuple[str, str]


def leiden(nodes: Sequence[str], weights: dict[Edge, float], seed: int = 0) -> tuple[float, float]:
    """(seconds, frustration) of igraph's Leiden CPM(0), from a built graph."""
    import igraph

    index = {a: i for i, a in enumerate(nodes)}
    graph = igraph.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in weights])
    igraph.set_random_number_generator(random.Random(seed))
    start = time.perf_counter()
    found = graph.community_leiden(
        objective_function="CPM", weights=list(weights.values()), resolution=0, n_iterations=-1
    )
    elapsed = time.perf_counter() - start
    igraph.set_random_number_generator(random)
    camp = {nodes[i]: c for i, c in enumerate(found.membership)}
    return elapsed, _frustration(camp, weights)


def triangle_program(
    nodes: Sequence[str], weights: dict[Edge, float], time_limit: float
) -> tuple[float, float, float, bool]:
    """(seconds, best frustration, lower bound, proven) of the all-triangle integer program."""
    import highspy
    import numpy as np
    from scipy.sparse import csr_matrix

    n = len(nodes)
    index = {a: i for i, a in enumerate(nodes)}
    pairs = {(i, j): k for k, (i, j) in enumerate(itertools.combinations(range(n), 2))}
    cost = np.zeros(len(pairs))
    constant = 0.0
    for (a, b), w in weights.items():
        i, j = sorted((index[a], index[b]))
        cost[pairs[(i, j)]] += (
            w  # x = 1: apart; a positive tie costs w apart, a negative |w| together
        )
        if w < 0:
            constant -= w
    rows, cols, values = [], [], []
    row = 0
    for i, j, k in itertools.combinations(range(n), 3):
        a, b, c = pairs[(i, j)], pairs[(j, k)], pairs[(i, k)]
        for x, y, z in ((a, b, c), (a, c, b), (b, c, a)):
            rows += [row, row, row]
            cols += [z, x, y]
            values += [1.0, -1.0, -1.0]
            row += 1
    matrix = csr_matrix((values, (rows, cols)), shape=(row, len(pairs)))
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("threads", 1)
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.setOptionValue("time_limit", float(time_limit))
    m = len(pairs)
    columns = np.arange(m, dtype=np.int32)
    highs.addVars(m, np.zeros(m), np.ones(m))
    highs.changeColsCost(m, columns, cost)
    highs.changeColsIntegrality(m, columns, np.array([highspy.HighsVarType.kInteger] * m))
    elapsed, info, proven = _run(highs, highspy, matrix, np.zeros(row))
    return (
        elapsed,
        info.objective_function_value + constant,
        info.mip_dual_bound + constant,
        proven,
    )


def frustration_index_program(
    nodes: Sequence[str], weights: dict[Edge, float], time_limit: float
) -> tuple[float, float, float, bool]:
    """(seconds, best frustration, lower bound, proven) of HiGHS on the binary program of
    Aref, Mason & Wilson (2020): a binary side per actor, a frustration variable per tie
    bounded below by |s_i - s_j| (positive tie) or |s_i + s_j - 1| (negative tie)."""
    import highspy
    import numpy as np
    from scipy.sparse import csr_matrix

    n = len(nodes)
    index = {a: i for i, a in enumerate(nodes)}
    ties = [(index[a], index[b], w) for (a, b), w in weights.items()]
    m = len(ties)
    rows, cols, values, upper = [], [], [], []
    for k, (i, j, w) in enumerate(ties):
        f = n + k
        if w > 0:  # f >= s_i - s_j and f >= s_j - s_i
            pattern = (((i, 1.0), (j, -1.0), (f, -1.0), 0.0), ((i, -1.0), (j, 1.0), (f, -1.0), 0.0))
        else:  # f >= s_i + s_j - 1 and f >= 1 - s_i - s_j
            pattern = (
                ((i, 1.0), (j, 1.0), (f, -1.0), 1.0),
                ((i, -1.0), (j, -1.0), (f, -1.0), -1.0),
            )
        for *entries, bound in pattern:
            for column, value in entries:
                rows.append(len(upper))
                cols.append(column)
                values.append(value)
            upper.append(bound)
    matrix = csr_matrix((values, (rows, cols)), shape=(len(upper), n + m))
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("threads", 1)
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.setOptionValue("time_limit", float(time_limit))
    top = np.ones(n + m)
    top[0] = 0.0  # the two sides are interchangeable
    highs.addVars(n + m, np.zeros(n + m), top)
    cost = np.concatenate([np.zeros(n), np.array([abs(w) for _, _, w in ties])])
    highs.changeColsCost(n + m, np.arange(n + m, dtype=np.int32), cost)
    highs.changeColsIntegrality(
        n, np.arange(n, dtype=np.int32), np.array([highspy.HighsVarType.kInteger] * n)
    )
    elapsed, info, proven = _run(highs, highspy, matrix, np.array(upper))
    return elapsed, info.objective_function_value, info.mip_dual_bound, proven


def _run(highs: Any, highspy: Any, matrix: Any, upper: Any) -> tuple[float, Any, bool]:
    """Add `matrix . x <= upper` and solve: (seconds, HiGHS's info, proven optimal)."""
    import numpy as np

    rows = matrix.shape[0]
    highs.addRows(
        rows,
        np.full(rows, -np.inf),
        upper,
        matrix.nnz,
        matrix.indptr.astype(np.int32),
        matrix.indices.astype(np.int32),
        matrix.data,
    )
    start = time.perf_counter()
    highs.run()
    elapsed = time.perf_counter() - start
    return elapsed, highs.getInfo(), highs.getModelStatus() == highspy.HighsModelStatus.kOptimal


def annealer(
    nodes: Sequence[str], weights: dict[Edge, float], reads: int = 100
) -> tuple[float, float] | None:
    """(seconds, frustration) of dwave-networkx's structural imbalance with simulated
    annealing (two camps), or None when it is not installed."""
    try:
        import dwave_networkx
        import networkx
        from dwave.samplers import SimulatedAnnealingSampler
    except ImportError:
        return None
    graph = networkx.Graph()
    graph.add_nodes_from(nodes)
    for (a, b), w in weights.items():
        graph.add_edge(a, b, sign=1 if w > 0 else -1)
    start = time.perf_counter()
    _, colors = dwave_networkx.structural_imbalance(
        graph, SimulatedAnnealingSampler(), num_reads=reads, seed=0
    )
    elapsed = time.perf_counter() - start
    return elapsed, _frustration(colors, weights)


def weighted_annealer(
    nodes: Sequence[str], weights: dict[Edge, float], reads: int = 10
) -> tuple[float, float] | None:
    """(seconds, frustration) of the best of `reads` simulated-annealing reads
    (dwave-samplers, its default schedule) on the weighted two-camp problem as an Ising model:
    spins s, couplings J_ab = -w_ab, so the energy is the frustration up to a constant. None
    when it is not installed."""
    try:
        from dwave.samplers import SimulatedAnnealingSampler
    except ImportError:
        return None
    couplings = {(a, b): -w for (a, b), w in weights.items() if w}
    start = time.perf_counter()
    found = SimulatedAnnealingSampler().sample_ising(
        {v: 0.0 for v in nodes}, couplings, num_reads=reads, seed=0
    )
    elapsed = time.perf_counter() - start
    spins = found.first.sample
    return elapsed, _frustration({v: int(spins[v] > 0) for v in nodes}, weights)


def _frustration(camp: dict[str, int], weights: dict[Edge, float]) -> float:
    return sum(abs(w) for (a, b), w in weights.items() if (w > 0) != (camp[a] == camp[b]))
