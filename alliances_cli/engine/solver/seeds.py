"""The cutting planes' first rows: cycle inequalities that a good partition holds tight.

When the relaxation is integral at an optimum, the inequalities that bind there are those of
cycles with exactly one frustrated tie (by complementary slackness: the relaxation's dual
packs such cycles under the ties' weights, and a cycle of the packing may hold only one
frustrated tie). A good heuristic partition frustrates nearly the same ties as an optimum, so
for each tie it frustrates, the shortest cycles through it whose other ties it keeps are
likely rows of the final program. Starting from them, the rounds of separation only have to
find what the heuristic got wrong, instead of building up from triangles: on Bitcoin OTC's
rated block (2,413 actors, 17,297 ties after reduction) the two-camp relaxation ends integral
after 14 rounds and 30 s, against 51 rounds and 283 s from no rows, and the multicut
relaxation converges in 36 s (docs/performance.md).

- Two camps: the ties a partition keeps form a balanced graph, so any path of kept ties
  between a frustrated tie's ends closes a cycle with an odd number of negative ties: one
  every partition frustrates somewhere, here only in that tie.
- Any number of camps: a cycle inequality binds at a partition when its cycle has one
  negative tie and one frustrated tie. A negative tie inside a camp is closed by a path of
  positive ties inside the camp; a positive tie across two camps, by a path of positive ties
  inside one camp, a negative tie across to the other, and positive ties inside that one
  (a search over two layers of the graph, the negative tie the only way from the first to
  the second).

Each search is repeated with the ties' lengths jittered, for other cycles through the same
tie: three searches a tie took half the rounds of one on the network above.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from alliances_cli.engine.solver.programs import Cut
from alliances_cli.engine.solver.separation import BATCH, Ties

#: Searches per frustrated tie: the first by number of ties, the others jittered.
SEARCHES = 3
#: The jitter: each tie's length is 1 plus up to this much, drawn from a seeded generator.
JITTER = 0.5


def tight_cuts(
    ties: Ties,
    weights: Any,
    camp_of: Sequence[int],
    two_camps: bool,
    deadline: float | None = None,
) -> list[Cut]:
    """Cycle inequalities tight at `camp_of` through the ties it frustrates, one per cycle.

    `weights` holds the ties' weights in the order of `ties`; a search round started before
    `deadline` finishes, so the cuts may be fewer when the clock runs out.
    """
    import numpy as np
    from scipy.sparse.csgraph import dijkstra

    n, a, b = ties.n, ties.a, ties.b
    camp = np.asarray(camp_of)
    across = camp[a] != camp[b]
    frustrated = np.where(weights > 0, across, ~across)
    kept = ~frustrated
    closing = np.nonzero(frustrated)[0]
    rng = np.random.default_rng(0)
    found: dict[tuple[int, ...], Cut] = {}
    for search in range(SEARCHES):
        if deadline is not None and time.monotonic() >= deadline:
            break
        lengths = 1.0 + (JITTER * rng.random(len(a)) if search else np.zeros(len(a)))
        if two_camps:
            graph = _layers(n, a, b, lengths, kept, None)
            targets = b[closing]
        else:
            graph = _layers(n, a, b, lengths, kept & (weights > 0), kept & (weights < 0))
            targets = np.where(weights[closing] < 0, b[closing], b[closing] + n)
        for start in range(0, len(closing), BATCH):
            tie_batch = closing[start : start + BATCH]
            sources = a[tie_batch]
            distance, previous = dijkstra(
                graph, directed=not two_camps, indices=sources, return_predecessors=True
            )
            for row, k in enumerate(tie_batch.tolist()):
                target = int(targets[start + row])
                if not np.isfinite(distance[row, target]):
                    continue
                path = _path(ties, previous[row], int(sources[row]), target)
                cut = _cut(path, k, weights, two_camps)
                found.setdefault(tuple(sorted(cut[0])), cut)
    return list(found.values())


def _layers(n: int, a: Any, b: Any, lengths: Any, within: Any, crossing: Any) -> Any:
    """The graph the searches run on: the `within` ties both ways (for any number of camps on
    two layers, nodes i and n + i), and the `crossing` ties from the first layer to the
    second."""
    import numpy as np
    from scipy.sparse import csr_matrix

    tails = [a[within], b[within]]
    heads = [b[within], a[within]]
    length = [lengths[within], lengths[within]]
    size = n
    if crossing is not None:
        size = 2 * n
        tails += [a[within] + n, b[within] + n, a[crossing], b[crossing]]
        heads += [b[within] + n, a[within] + n, b[crossing] + n, a[crossing] + n]
        length += [lengths[within], lengths[within], lengths[crossing], lengths[crossing]]
    return csr_matrix(
        (np.concatenate(length), (np.concatenate(tails), np.concatenate(heads))),
        shape=(size, size),
    )


def _path(ties: Ties, previous: Any, source: int, target: int) -> list[int]:
    """The ties of the search's path from `source` to `target` (both layers' nodes named
    by the actor)."""
    n = ties.n
    path = []
    node = target
    while node != source:
        back = int(previous[node])
        path.append(ties.between(back % n, node % n))
        node = back
    return path


def _cut(path: list[int], k: int, weights: Any, two_camps: bool) -> Cut:
    """The inequality of the cycle `path` + tie k that says one of its ties is frustrated."""
    cycle = [*path, k]
    if two_camps:
        negative = [e for e in cycle if weights[e] < 0]
        positive = [e for e in cycle if weights[e] > 0]
        return (
            negative + positive,
            [1.0] * len(negative) + [-1.0] * len(positive),
            len(negative) - 1.0,
        )
    (lone,) = (e for e in cycle if weights[e] < 0)
    rest = [e for e in cycle if e != lone]
    return [lone, *rest], [1.0] + [-1.0] * len(rest), 0.0
