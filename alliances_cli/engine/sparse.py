"""The untied pairs under the strongest balance pressure on a large view, by sparse matrix
products (SciPy, imported only here).

The pressure on a pair is the sum over shared neighbours c of w(a,c) * w(c,b) (`balance.py`),
so the pressures of all pairs are the entries of W @ W, and without paths through a common
enemy, of W @ W - N @ N where N holds the negative weights: that is P @ W + N @ P with P the
positive weights, one product of [P N] and [W; P]. On 10,000 actors and 200,000 ties the
pure-Python walk over neighbours' neighbours met 3.9 million untied pairs and took 17 s; the
products take a fraction of a second. They are taken in blocks of rows, so memory stays
bounded by a block's pairs, not all of them.

Only the strongest few per actor matter (an implied tie must be among the strongest of both
its actors), so each block keeps, per row, the `per_actor` strongest pairs at or above
`minimum`, ranked as `stress._implied` ranks them; the caller recomputes the survivors'
pressures exactly. (A tie's own pressure is a sum over its triangles: `View.large_pressures`.)
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

Pair = tuple[str, str]

#: Rows per block: a block's product holds about rows x (mean degree)^2 entries.
BLOCK_ROWS = 2_000


def strongest_untied(
    actors: Sequence[str],
    pairs: Sequence[Pair],
    weights: Sequence[float],
    cornered: Collection[Pair],
    position: Mapping[str, int],
    *,
    strict: bool,
    minimum: float,
    per_actor: int,
) -> list[Pair]:
    """The untied pairs among the `per_actor` strongest of one of their actors, sorted, as
    `strict` counts pressure. `pairs` are the ties, each (a, b) with a < b, `weights` their
    weights; `cornered` the tied pairs with a neighbour in common, the only tied pairs the
    products reach."""
    import numpy as np
    from scipy import sparse

    ids = sorted(actors)
    index = {a: i for i, a in enumerate(ids)}
    n = len(ids)
    rows = np.fromiter((index[a] for a, _ in pairs), dtype=np.int64, count=len(pairs))
    cols = np.fromiter((index[b] for _, b in pairs), dtype=np.int64, count=len(pairs))
    values = np.fromiter(weights, dtype=np.float64, count=len(pairs))
    both_rows = np.concatenate([rows, cols])
    both_cols = np.concatenate([cols, rows])
    both = np.concatenate([values, values])
    w = sparse.csr_matrix((both, (both_rows, both_cols)), shape=(n, n))
    if strict:
        left, right = w, w
    else:
        up = both > 0
        positive = sparse.csr_matrix((both[up], (both_rows[up], both_cols[up])), shape=(n, n))
        down = ~up
        negative = sparse.csr_matrix((both[down], (both_rows[down], both_cols[down])), shape=(n, n))
        left = sparse.hstack([positive, negative], format="csr")
        right = sparse.vstack([w, positive], format="csr")
    rank_of = np.array([position[a] for a in ids], dtype=np.int64)
    names = np.array(ids, dtype=object)
    near = np.fromiter(
        (k for a, b in cornered for k in (index[a] * n + index[b], index[b] * n + index[a])),
        dtype=np.int64,
        count=2 * len(cornered),
    )
    near.sort()
    bounds = np.searchsorted(near, np.arange(0, n + BLOCK_ROWS, BLOCK_ROWS) * n)
    chosen: set[Pair] = set()
    for block, start in enumerate(range(0, n, BLOCK_ROWS)):
        stop = min(start + BLOCK_ROWS, n)
        product = (left[start:stop] @ right).tocsr()
        tied_keys = near[bounds[block] : bounds[block + 1]]
        _strongest(product, start, n, tied_keys, names, rank_of, minimum, per_actor, chosen)
    return sorted(chosen)


def _strongest(
    block: Any,
    start: int,
    n: int,
    tied_keys: Any,
    names: Any,
    rank_of: Any,
    minimum: float,
    per_actor: int,
    chosen: set[Pair],
) -> None:
    """Add to `chosen` each row's `per_actor` strongest untied pairs at or above `minimum`.

    Sorting every entry of a block took 0.8 s; instead each row's cut-off (the strength of its
    `per_actor`-th strongest level) comes from a few passes of per-row maxima over the CSR
    rows, and only the entries at or above it (ties included) are sorted.
    """
    import numpy as np

    counts = np.diff(block.indptr)
    # Most entries are below the minimum: they go first, before anything else is worked out.
    near = np.abs(block.data) >= minimum - 2e-9
    row = np.repeat(np.arange(len(counts), dtype=np.int64) + start, counts)[near]
    col = block.indices[near].astype(np.int64)
    strength = np.round(np.abs(block.data[near]), 9)
    valid = (row != col) & (strength >= minimum - 1e-9)
    if len(tied_keys):
        keys = row * n + col
        at = np.minimum(np.searchsorted(tied_keys, keys), len(tied_keys) - 1)
        valid &= tied_keys[at] != keys
    row, col, strength = row[valid], col[valid], strength[valid]
    if not len(row):
        return
    # Rows stay in order: each row's entries are one run.
    counts = np.bincount(row - start, minlength=len(counts))
    filled = counts > 0
    heads = np.concatenate([[0], np.cumsum(counts)[:-1]])[filled]
    cutoff = np.full(len(counts), -1.0)
    remaining = strength
    taken = np.zeros(len(counts), dtype=np.int64)
    for turn in range(per_actor):
        top = np.full(len(counts), -1.0)
        top[filled] = np.maximum.reduceat(remaining, heads)
        at_top = remaining >= np.repeat(top, counts) - 1e-12  # a spent row's -1s: no matter
        hits = np.zeros(len(counts), dtype=np.int64)
        hits[filled] = np.add.reduceat(at_top, heads, dtype=np.int64)
        open_rows = (taken < per_actor) & (top >= 0)
        cutoff = np.where(open_rows, top, cutoff)
        taken = taken + np.where(open_rows, hits, 0)
        if turn + 1 < per_actor:
            remaining = np.where(at_top, -1.0, remaining)
    bar = np.repeat(cutoff, counts)
    keep = (strength >= bar - 1e-12) & (bar >= 0)
    row, col, strength = row[keep], col[keep], strength[keep]
    low = np.minimum(row, col)  # ids are sorted, so the smaller index is the smaller id
    high = np.maximum(row, col)
    order = np.lexsort((rank_of[high], rank_of[low], -strength, row))
    row, low, high = row[order], low[order], high[order]
    first = np.ones(len(row), dtype=bool)
    first[1:] = row[1:] != row[:-1]
    starts = np.flatnonzero(first)
    place = np.arange(len(row)) - np.repeat(starts, np.diff(np.append(starts, len(row))))
    top_pairs = place < per_actor
    chosen.update(zip(names[low[top_pairs]].tolist(), names[high[top_pairs]].tolist(), strict=True))
