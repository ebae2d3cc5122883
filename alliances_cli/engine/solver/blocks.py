"""A component split at its cut actors: 2-connected blocks solved apart, then joined.

Every cycle lies inside one 2-connected block, and two blocks share at most one actor (a cut
actor). So the least frustration of a component is the sum of its blocks' (for two camps the
frustration index adds up over blocks; Aref, Mason & Wilson 2020), and so is any lower bound:
a block's partition can be relabelled so that the camp of the actor it shares with the blocks
joined before keeps that actor's camp, and its other camps take labels the shared actor's camp
does not use; no tie joins two blocks but through that actor. Under a limit of k camps a block
has at most k camps, one of them the shared actor's, and k - 1 labels remain for the rest.
"""

from __future__ import annotations

from collections.abc import Sequence


def blocks(adj: Sequence[Sequence[tuple[int, float]]]) -> list[list[int]]:
    """The 2-connected blocks of a connected graph (a tie that is a bridge is a block of two),
    each as sorted node indices; iterative Hopcroft-Tarjan, in the order they close."""
    n = len(adj)
    if n == 0:
        return []
    order = [-1] * n
    low = [0] * n
    found: list[list[int]] = []
    ties: list[tuple[int, int]] = []
    order[0] = low[0] = 0
    counter = 1
    stack = [(0, -1, iter(adj[0]))]
    while stack:
        v, parent, rest = stack[-1]
        descended = False
        for u, _ in rest:
            if order[u] < 0:
                ties.append((v, u))
                order[u] = low[u] = counter
                counter += 1
                stack.append((u, v, iter(adj[u])))
                descended = True
                break
            if u != parent and order[u] < order[v]:
                ties.append((v, u))
                low[v] = min(low[v], order[u])
        if descended:
            continue
        stack.pop()
        if not stack:
            break
        p = stack[-1][0]
        low[p] = min(low[p], low[v])
        if low[v] >= order[p]:
            members: set[int] = set()
            while True:
                a, b = ties.pop()
                members.update((a, b))
                if (a, b) == (p, v):
                    break
            found.append(sorted(members))
    return found


def join(
    n: int, parts: Sequence[tuple[Sequence[int], Sequence[int]]], camps_limit: int | None
) -> list[int]:
    """One camp per node of the component from each block's (nodes, camps), the blocks joined
    at their shared actors as the module's docstring says (each block, reached through the
    block-cut tree, shares exactly one actor with those joined before it)."""
    camp_of = [-1] * n
    holding: dict[int, list[int]] = {}
    for index, (members, _) in enumerate(parts):
        for v in members:
            holding.setdefault(v, []).append(index)
    fresh = 0
    queued = [False] * len(parts)
    queued[0] = True
    queue = [0]
    while queue:
        members, camps = parts[queue.pop()]
        mapping: dict[int, int] = {}
        for v, c in zip(members, camps, strict=True):
            if camp_of[v] >= 0:  # the shared actor: its block's camp keeps its label
                mapping[c] = camp_of[v]
        for c in camps:
            if c in mapping:
                continue
            if camps_limit is None:
                mapping[c] = fresh
                fresh += 1
            else:
                taken = set(mapping.values())
                mapping[c] = next(x for x in range(camps_limit) if x not in taken)
        for v, c in zip(members, camps, strict=True):
            camp_of[v] = mapping[c]
            for other in holding[v]:
                if not queued[other]:
                    queued[other] = True
                    queue.append(other)
    return camp_of
