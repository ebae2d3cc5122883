"""A component as index-based adjacency lists, and the plain-data steps around solving one.

Callers hand the solver node ids and a weight per tie; the inner loops want integers. Here the
graph is indexed once, split into connected components, and stripped of actors with a single
tie (they can always satisfy it), which are put back once the rest is solved.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

Edge = tuple[str, str]


class SignedGraph:
    """A component as index-based adjacency lists, for the inner loops."""

    def __init__(self, nodes: Sequence[str], weights: Mapping[Edge, float]) -> None:
        self.nodes = list(nodes)
        index = {node: i for i, node in enumerate(self.nodes)}
        adj: list[list[tuple[int, float]]] = [[] for _ in self.nodes]
        for (a, b), w in weights.items():
            i, j = index.get(a), index.get(b)
            if w == 0 or i is None or j is None:
                continue
            adj[i].append((j, w))
            adj[j].append((i, w))
        for row in adj:
            row.sort()
        self.adj = adj
        self.positive = [sum([w for _, w in row if w > 0]) for row in adj]

    @classmethod
    def indexed(cls, adjacency: Sequence[Sequence[tuple[int, float]]]) -> SignedGraph:
        """The graph on nodes named 0..n-1 with these adjacency lists (a reduced graph's)."""
        names = [str(i) for i in range(len(adjacency))]
        weights = {
            (names[i], names[j]): w for i, row in enumerate(adjacency) for j, w in row if i < j
        }
        return cls(names, weights)

    def cost(self, camp_of: Sequence[int]) -> float:
        total = 0.0
        for i, row in enumerate(self.adj):
            for j, w in row:
                if j > i and (w > 0) != (camp_of[i] == camp_of[j]):
                    total += abs(w)
        return total


def frustration(camp_of: Mapping[str, int], weights: Mapping[Edge, float]) -> float:
    """The frustration of a partition given as node -> camp label."""
    total = 0.0
    for (a, b), w in weights.items():
        if w != 0 and (w > 0) != (camp_of[a] == camp_of[b]):
            total += abs(w)
    return total


def components(nodes: Sequence[str], weights: Mapping[Edge, float]) -> list[list[str]]:
    """Connected components through non-zero ties, each in the order of `nodes`."""
    present = set(nodes)
    joined = [(a, b) for (a, b), w in weights.items() if w != 0 and a in present and b in present]
    groups: dict[str, list[str]] = {}
    for node, root in representatives(nodes, joined).items():
        groups.setdefault(root, []).append(node)
    return list(groups.values())


def representatives(nodes: Iterable[str], joined: Iterable[Edge]) -> dict[str, str]:
    """Each node's group under the `joined` pairs (union-find), named by its least member;
    in the order of `nodes`."""
    parent = {node: node for node in nodes}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in joined:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {node: find(node) for node in parent}


def split_ties(found: list[list[str]], weights: Mapping[Edge, float]) -> list[Mapping[Edge, float]]:
    """Each component's own ties, in one pass over all of them: a pass per component made
    1,000 components of 40 ties each take 12 s instead of a fraction of one."""
    if len(found) == 1:
        return [weights]
    which = {node: k for k, component in enumerate(found) for node in component}
    own: list[dict[Edge, float]] = [{} for _ in found]
    for (a, b), w in weights.items():
        k = which.get(a)
        if w != 0 and k is not None and which.get(b) == k:
            own[k][(a, b)] = w
    return list(own)


Leaf = tuple[str, str, bool]  # (actor, its one neighbour, whether their tie is positive)


def peel(nodes: list[str], weights: Mapping[Edge, float]) -> tuple[list[str], list[Leaf]]:
    """The 2-core of a component, and the actors peeled off it, in the order peeled.

    An actor with a single tie can always satisfy it (beside its neighbour, or apart), so
    leaves are taken off, again and again, and put back after the core is solved: the
    frustration is the core's, and the exact stages work on fewer actors.
    """
    inside = set(nodes)
    neighbours: dict[str, dict[str, float]] = {v: {} for v in nodes}
    for (a, b), w in weights.items():
        if w != 0 and a in inside and b in inside:
            neighbours[a][b] = w
            neighbours[b][a] = w
    queue = [v for v in nodes if len(neighbours[v]) == 1]
    leaves: list[Leaf] = []
    left = len(nodes)
    while queue and left > 1:
        leaf = queue.pop()
        if len(neighbours[leaf]) != 1:
            continue
        ((other, w),) = neighbours[leaf].items()
        leaves.append((leaf, other, w > 0))
        del neighbours[other][leaf]
        neighbours[leaf].clear()
        left -= 1
        if len(neighbours[other]) == 1:
            queue.append(other)
    peeled = {leaf for leaf, _, _ in leaves}
    return [v for v in nodes if v not in peeled], leaves


def reattach(labels: dict[str, int], leaves: list[Leaf], camps_limit: int | None) -> dict[str, int]:
    """Put peeled actors back, last peeled first, each satisfying its one tie."""
    fresh = max(labels.values(), default=-1) + 1
    for leaf, other, positive in reversed(leaves):
        if positive:
            labels[leaf] = labels[other]
        elif camps_limit is None:
            labels[leaf] = fresh
            fresh += 1
        else:
            labels[leaf] = 1 if labels[other] == 0 else 0
    return labels


def group(nodes: Sequence[str], camp_of: Sequence[int]) -> list[list[str]]:
    groups: dict[int, list[str]] = {}
    for node, camp in zip(nodes, camp_of, strict=True):
        groups.setdefault(camp, []).append(node)
    return list(groups.values())


def relabel(camp_of: Sequence[int]) -> list[int]:
    labels: dict[int, int] = {}
    return [labels.setdefault(c, len(labels)) for c in camp_of]


def positive_components(graph: SignedGraph) -> list[int]:
    camp_of = [-1] * len(graph.nodes)
    label = 0
    for start in range(len(graph.nodes)):
        if camp_of[start] >= 0:
            continue
        stack = [start]
        camp_of[start] = label
        while stack:
            v = stack.pop()
            for u, w in graph.adj[v]:
                if w > 0 and camp_of[u] < 0:
                    camp_of[u] = label
                    stack.append(u)
        label += 1
    return camp_of


def integral_weights(graph: SignedGraph) -> bool:
    return all(float(w).is_integer() for row in graph.adj for _, w in row)
