"""Large components: igraph's Leiden algorithm as the starting partition.

Minimising frustration is maximising the signed weight inside camps (frustration is the total
positive weight minus the signed weight inside camps): the Constant Potts Model at resolution 0
on signed weights (Traag, Van Dooren & Nesterov, Phys. Rev. E 84, 2011; the Leiden algorithm:
Traag, Waltman & van Eck, Sci. Rep. 9:5233, 2019). igraph's C implementation partitions 10,000
actors and 200,000 ties in a third of a second, where our pure-Python local search from several
starts took 20 s for about the same frustration. Ours then polishes Leiden's partition (single
moves and mergers), so the result is never worse than Leiden's.

igraph draws from Python's `random` module by default; a generator seeded here is installed
for the one call and the default put back, so the same input and seed give the same camps.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Sequence
from typing import Any


def available() -> bool:
    return _igraph() is not None


def _igraph() -> Any:
    """igraph, or None. Imported here, in a frame of its own: importing it raises and catches
    errors inside (optional plotting libraries), and their tracebacks, left in reference
    cycles, would keep alive the frame that imported it, with a million ties in its locals.

    igraph imports matplotlib's pyplot when it is installed, for plots we never ask of it
    (0.5-0.8 s, igraph/python-igraph#762): it is told there is none while it loads, and a
    later `import matplotlib` (a picture) finds the real one."""
    hidden = "matplotlib" not in sys.modules
    if hidden:
        sys.modules["matplotlib"] = None  # type: ignore[assignment]
    try:
        import igraph
    except ImportError:
        return None
    finally:
        if hidden and sys.modules.get("matplotlib", 0) is None:
            del sys.modules["matplotlib"]
    return igraph


def leiden(n: int, adj: Sequence[Sequence[tuple[int, float]]], seed: int) -> list[int] | None:
    """A camp label per node by Leiden CPM(0) on the signed weights; None without igraph."""
    igraph = _igraph()
    if igraph is None:
        return None
    edges = [(i, j) for i, row in enumerate(adj) for j, _ in row if j > i]
    weights = [w for i, row in enumerate(adj) for j, w in row if j > i]
    graph = igraph.Graph(n=n, edges=edges, directed=False)
    igraph.set_random_number_generator(random.Random(seed))
    try:
        found = graph.community_leiden(
            objective_function="CPM", weights=weights, resolution=0, n_iterations=-1
        )
    finally:
        igraph.set_random_number_generator(random)
    return list(found.membership)
