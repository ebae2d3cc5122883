"""Two camps on a large component: a spectral start, single flips, and iterated local search.

With two camps an actor is a spin s = +1 or -1 and the frustration is
(sum |w| - s'Ws / 2) / 2 for the signed weight matrix W, so the signs of the eigenvector of
W's largest eigenvalue (the best split with spins relaxed to real numbers) are a start. Single
flips improve it: flipping i changes the frustration by s_i h_i, where h = Ws. Then iterated
local search (Lourenço, Martin & Stützle 2003): flip a random hundredth of the actors (at
least three), repair by single flips, keep the result if it is better. Measured side by side
with simulated annealing in `benchmarks/run.py --only twocamps` (docs/performance.md).

Deterministic: the eigensolver starts from a seeded vector and the kicks come from a seeded
generator, so a seed gives one answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import scipy.sparse as sparse

    from alliances_cli.engine.solver.graph import SignedGraph

#: The kicks' work, in tie visits (ties + actors per kick): about half a second here.
KICK_WORK = 30_000_000
#: At most this many kicks, however small the component, and this many per actor.
MAX_KICKS = 3_000
KICKS_PER_ACTOR = 5


def two_camps(graph: SignedGraph, seed: int) -> list[int]:
    """A two-camp partition of a connected component (camp 0 or 1 per node index)."""
    import numpy as np
    import scipy.sparse as sparse

    n = len(graph.nodes)
    rows = [i for i, row in enumerate(graph.adj) for _ in row]
    cols = [j for row in graph.adj for j, _ in row]
    vals = [w for row in graph.adj for _, w in row]
    matrix = sparse.csr_matrix((vals, (rows, cols)), shape=(n, n), dtype=float)
    rng = np.random.default_rng(seed)
    spins = _spectral(matrix, rng)
    search = Flips(matrix, spins)
    search.descend(np.arange(n))
    best, best_h, best_cost = search.s.copy(), search.h.copy(), search.cost
    ties = matrix.nnz // 2
    kicks = min(MAX_KICKS, KICKS_PER_ACTOR * n, KICK_WORK // max(1, ties + n))
    size = min(n, max(3, n // 100))
    for _ in range(kicks):
        chosen = rng.choice(n, size=size, replace=False)
        for i in chosen:
            search.flip(int(i))
        search.descend(chosen)
        if search.cost < best_cost - 1e-9:
            best, best_h, best_cost = search.s.copy(), search.h.copy(), search.cost
        else:
            search.s[:], search.h[:], search.cost = best, best_h, best_cost
    return [0 if x > 0 else 1 for x in best.tolist()]


def _spectral(matrix: sparse.csr_matrix, rng: np.random.Generator) -> np.ndarray:
    """The signs of W's leading eigenvector (all +1 where the eigensolver cannot run)."""
    import numpy as np
    from scipy.sparse.linalg import ArpackError, eigsh

    n = matrix.shape[0]
    if n < 3:
        return np.ones(n)
    try:
        _, vectors = eigsh(matrix, k=1, which="LA", v0=rng.uniform(-1, 1, n), maxiter=n * 20)
    except ArpackError:
        return np.ones(n)
    return np.where(vectors[:, 0] >= 0, 1.0, -1.0)


class Flips:
    """Spins, their local fields h = Ws, and the frustration, kept up to date flip by flip."""

    def __init__(self, matrix: sparse.csr_matrix, spins: np.ndarray) -> None:
        self.indptr, self.indices, self.data = matrix.indptr, matrix.indices, matrix.data
        self.s = spins
        self.h = matrix @ spins
        total = float(abs(matrix.data).sum()) / 2
        self.cost = (total - float(spins @ self.h) / 2) / 2

    def flip(self, i: int) -> None:
        s, h = self.s, self.h
        self.cost += s[i] * h[i]
        s[i] = -s[i]
        start, end = self.indptr[i], self.indptr[i + 1]
        h[self.indices[start:end]] += 2 * s[i] * self.data[start:end]

    def descend(self, around: np.ndarray) -> None:
        """Flip single actors while one lowers the frustration, starting from `around` and
        their neighbours (elsewhere nothing changed)."""
        import numpy as np

        indptr, indices = self.indptr, self.indices
        todo = set(around.tolist())
        for i in around.tolist():
            todo.update(indices[indptr[i] : indptr[i + 1]].tolist())
        while todo:
            candidates = np.fromiter(todo, dtype=np.int64, count=len(todo))
            todo = set()
            gains = self.s[candidates] * self.h[candidates]
            for i in candidates[gains < -1e-12].tolist():
                if self.s[i] * self.h[i] < -1e-12:
                    self.flip(i)
                    todo.update(indices[indptr[i] : indptr[i + 1]].tolist())
