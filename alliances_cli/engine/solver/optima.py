"""Several optima: how many optimal partitions a view has, and who moves between them.

Optimal partitions of signed networks are often not unique (Arınık, Figueiredo & Labatut,
J. Complex Networks 8(6), 2020), and a reader must be able to tell a firm alignment from a
coin toss. The count follows one rule: **every partition of a view's aligned actors with the
least frustration counts, camps that hold actors of different connected components excepted**
(actors with no chain of ties between them; joining their camps costs nothing and means
nothing). So the view's count is the product of its components' counts. Under a camp limit,
each component is counted with that limit.

Each component's optima are enumerated by a depth-first search that places actors strongly
tied first, numbers camps in order of first use (so each partition is met once), and cuts a
branch as soon as the frustration paid plus the least each unplaced actor must still pay
exceeds the optimum. It stops at `cap` partitions or `budget` search nodes; a component too
large to search is only probed for single actors that can change camp at no cost. Either way
the count is then a lower bound (`exact` False).

An actor is a **swing** actor when its camp-mates differ between optimal partitions; a pair is
a swing pair when some optima put it together and others apart. Everyone else is firm.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from alliances_cli.engine.solver.graph import components
from alliances_cli.engine.solver.search import search_order

#: Optimal partitions counted per view before the count stops ("at least").
CAP = 100
#: Search nodes per component before the enumeration stops.
BUDGET = 50_000
#: Components with more actors than this are probed, not enumerated.
ENUMERATE_MAX_ACTORS = 60
EPS = 1e-9


@dataclass(frozen=True)
class Swing:
    """A swing actor and each company it keeps in some optimal partition.

    `company` lists, for each distinct option, the actor's camp-mates (without the actor);
    an empty tuple means it stands alone. The option of the partition shown comes first.
    """

    actor: str
    company: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Optima:
    """The optimal partitions of a view: how many, and who is firm.

    `count` is None when the view's optimum is not proven (nothing to count against).
    """

    count: int | None
    exact: bool
    swing: tuple[Swing, ...]
    swing_pairs: tuple[tuple[str, str], ...]

    @property
    def unique(self) -> bool | None:
        if self.count is None:
            return None
        if self.count > 1:
            return False
        return True if self.exact else None


def optima(
    camps: Sequence[Sequence[str]],
    weights: Mapping[tuple[str, str], float],
    *,
    proven: bool,
    camps_limit: int | None = None,
    groups: Sequence[Sequence[str]] | None = None,
    order: Sequence[str] | None = None,
    cap: int = CAP,
    budget: int = BUDGET,
) -> Optima:
    """Count a view's optimal partitions and find its swing actors.

    `camps` is an optimal partition (the one shown), `weights` the view's ties. `groups`, if
    given, are actors known to stand together in every optimum (the overall view's twins);
    they are searched as one. `order` lists actors in presentation order.
    """
    if not proven:
        return Optima(None, False, (), ())
    shown, members, contracted = _contract(camps, weights, groups)
    total = 1
    exact = True
    changed: list[set[str]] = []
    pairs: set[tuple[str, str]] = set()
    # Alternatives are the component's: a camp shown may also hold other components' actors
    # (merged into it under a camp limit), which no alternative moves.
    component_of: dict[str, frozenset[str]] = {}
    for component in components(list(members), contracted):
        if len(component) < 2:
            continue
        alternatives, finished = _component_optima(
            component, contracted, shown, camps_limit, cap, budget
        )
        total = min(total * (1 + len(alternatives)), cap + 1)
        exact = exact and finished
        camp_members: dict[int, set[str]] = {}
        for h in component:
            camp_members.setdefault(shown[h], set()).update(members[h])
        inside = frozenset(a for h in component for a in members[h])
        for a in inside:
            component_of[a] = inside
        for alternative in alternatives:
            changed += _differences(alternative, shown, camp_members, members, pairs)
    if total > cap:
        total, exact = cap, False
    position = {a: i for i, a in enumerate(order or sorted(shown))}
    place = {a: (position.get(a, 0), a) for a in shown}  # the sort key, built once
    swing = []
    swinging = _cover(pairs, position)
    others = frozenset(swinging)
    for actor in swinging:
        # An alternative moves this actor when its company differs by more than the other
        # swing actors: when only they move in or out, it stays where it stands (in a camp
        # of thousands, nearly every alternative changes everyone's company that way).
        first = frozenset(x for x in camps[shown[actor]] if x != actor)
        stays = (first & component_of.get(actor, frozenset())) - others
        choices = [first]
        here = component_of.get(actor, frozenset())
        for camp in changed:
            company = frozenset(camp - {actor})
            if actor in camp and company - others != stays:
                company |= _merged_in(camp, camps, shown, here)
                if company not in choices:
                    choices.append(company)
        swing.append(
            Swing(
                actor,
                tuple(tuple(sorted(c, key=place.__getitem__)) for c in choices),
            )
        )
    ordered_pairs = tuple(
        sorted(
            ((a, b) if position.get(a, 0) <= position.get(b, 0) else (b, a) for a, b in pairs),
            key=lambda p: (position.get(p[0], 0), position.get(p[1], 0)),
        )
    )
    return Optima(total, exact, tuple(swing), ordered_pairs)


def _merged_in(
    camp: set[str],
    camps: Sequence[Sequence[str]],
    shown: Mapping[str, int],
    component: frozenset[str],
) -> frozenset[str]:
    """The other components' actors a camp of one component's alternative stands with: those
    of the shown camp it overlaps most (under a camp limit, components share camps)."""
    overlap: dict[int, int] = {}
    for a in camp:
        overlap[shown[a]] = overlap.get(shown[a], 0) + 1
    if not overlap:
        return frozenset()
    best = min(overlap, key=lambda c: (-overlap[c], c))
    return frozenset(a for a in camps[best] if a not in component)


def _contract(
    camps: Sequence[Sequence[str]],
    weights: Mapping[tuple[str, str], float],
    groups: Sequence[Sequence[str]] | None,
) -> tuple[dict[str, int], dict[str, list[str]], dict[tuple[str, str], float]]:
    """Each actor's camp, the groups searched as one (by their first member), and the ties
    between groups (summed)."""
    shown = {a: i for i, camp in enumerate(camps) for a in camp}
    members: dict[str, list[str]] = {}
    head: dict[str, str] = {}
    for group in groups or [[a] for a in shown]:
        # A group split by the partition shown (twins with no positive tie between them are
        # split by the camp rule) is searched as its parts: each part stands in one camp.
        parts: dict[int, list[str]] = {}
        for a in group:
            if a in shown:
                parts.setdefault(shown[a], []).append(a)
        for inside in parts.values():
            for a in inside:
                head[a] = inside[0]
            members[inside[0]] = inside
    contracted: dict[tuple[str, str], float] = {}
    for (a, b), w in weights.items():
        if a in head and b in head and w != 0 and head[a] != head[b]:
            ha, hb = head[a], head[b]
            key = (ha, hb) if ha < hb else (hb, ha)
            contracted[key] = contracted.get(key, 0.0) + w
    return shown, members, contracted


def _differences(
    alternative: Mapping[str, int],
    shown: Mapping[str, int],
    camp_members: Mapping[int, set[str]],
    members: Mapping[str, list[str]],
    pairs: set[tuple[str, str]],
) -> list[set[str]]:
    """The camps of `alternative` (heads -> camps) that the shown partition lacks; record the
    pairs of actors they join or part.

    Only camps that differ are looked at: an alternative from a single move touches three.
    (Each member's new company is read off these camps later, for the swing actors alone: a
    set per member of a camp of thousands, per alternative, filled the memory.)
    """
    camps: dict[int, set[str]] = {}
    for h, c in alternative.items():
        camps.setdefault(c, set()).update(members[h])
    shown_sets = {frozenset(m) for m in camp_members.values()}
    changed = [camp for camp in camps.values() if frozenset(camp) not in shown_sets]
    for camp in changed:
        # Members from one shown camp part from and join the same actors: one difference each.
        by_origin: dict[int, list[str]] = {}
        for a in camp:
            by_origin.setdefault(shown[a], []).append(a)
        for origin, movers in by_origin.items():
            moved = camp ^ camp_members[origin]
            for a in movers:
                for b in moved:
                    if b != a:
                        pairs.add((a, b) if a < b else (b, a))
    return changed


def _cover(pairs: set[tuple[str, str]], position: Mapping[str, int]) -> list[str]:
    """A small set of actors touching every swing pair: the swing actors.

    Greedy: the actor in the most uncovered swing pairs first (then by place). Without them,
    every optimal partition agrees on everyone else.
    """
    partners: dict[str, set[str]] = {}
    for a, b in pairs:
        partners.setdefault(a, set()).add(b)
        partners.setdefault(b, set()).add(a)
    chosen: list[str] = []
    while any(partners.values()):
        actor = min(
            (x for x in partners if partners[x]),
            key=lambda x: (-len(partners[x]), position.get(x, 0), x),
        )
        chosen.append(actor)
        for other in partners.pop(actor):
            partners[other].discard(actor)
    return sorted(chosen, key=lambda x: (position.get(x, 0), x))


def _component_optima(
    nodes: list[str],
    weights: Mapping[tuple[str, str], float],
    shown: Mapping[str, int],
    camps_limit: int | None,
    cap: int,
    budget: int,
) -> tuple[list[dict[str, int]], bool]:
    """The component's other optimal partitions (node -> camp), and whether that is all."""
    index = {v: i for i, v in enumerate(nodes)}
    n = len(nodes)
    adj: list[list[tuple[int, float]]] = [[] for _ in range(n)]
    for (a, b), w in weights.items():
        if a in index and b in index:
            adj[index[a]].append((index[b], w))
            adj[index[b]].append((index[a], w))
    base = [shown[v] for v in nodes]
    if n <= ENUMERATE_MAX_ACTORS:
        target = _cost(adj, base)
        found, finished = _enumerate(adj, target, camps_limit, cap, budget)
        canonical = _canonical(base)
        others = [f for f in found if _canonical(f) != canonical]
        if finished and len(others) == len(found) - 1:
            return [dict(zip(nodes, f, strict=True)) for f in others], True
    else:
        others, finished = [], False
    seen = {_canonical(f) for f in others}
    for moved in _single_moves(adj, base, camps_limit, cap):
        if _canonical(moved) not in seen:
            seen.add(_canonical(moved))
            others.append(moved)
    return [dict(zip(nodes, f, strict=True)) for f in others[:cap]], False


def _canonical(camp_of: Sequence[int]) -> tuple[int, ...]:
    labels: dict[int, int] = {}
    return tuple(labels.setdefault(c, len(labels)) for c in camp_of)


def _cost(adj: list[list[tuple[int, float]]], camp_of: Sequence[int]) -> float:
    total = 0.0
    for i, row in enumerate(adj):
        for j, w in row:
            if j > i and (w > 0) != (camp_of[i] == camp_of[j]):
                total += abs(w)
    return total


def _single_moves(
    adj: list[list[tuple[int, float]]],
    base: list[int],
    camps_limit: int | None,
    cap: int,
) -> list[list[int]]:
    """Partitions one actor's free move gives: a move costs pull(here) - pull(there)."""
    result: list[list[int]] = []
    used = sorted(set(base))
    sizes: dict[int, int] = {}
    for c in base:
        sizes[c] = sizes.get(c, 0) + 1
    fresh = max(used) + 1
    for v in range(len(adj)):
        here = base[v]
        pull: dict[int, float] = {}
        for u, w in adj[v]:
            pull[base[u]] = pull.get(base[u], 0.0) + w
        stay = pull.get(here, 0.0)
        targets = [c for c in pull if c != here and abs(pull[c] - stay) < EPS]
        if abs(stay) < EPS:  # camps v has no tie to, and a camp of its own, cost the same
            targets += [c for c in used if c != here and c not in pull]
            if sizes[here] > 1 and (camps_limit is None or len(used) < camps_limit):
                targets.append(fresh)
        for c in sorted(targets):
            moved = list(base)
            moved[v] = c
            result.append(moved)
            if len(result) >= cap:
                return result
    return result


def _enumerate(
    adj: list[list[tuple[int, float]]],
    target: float,
    camps_limit: int | None,
    cap: int,
    budget: int,
) -> tuple[list[list[int]], bool]:
    """Every partition of cost `target` (the optimum), up to `cap` of them and `budget` nodes.

    The bound adds to the cost paid the least each unplaced actor must still pay against the
    actors placed: its best camp, or a camp of its own (`_Tables.least`). Only a placed actor's
    neighbours see that least change, so it is kept up to date for them alone (all actors are
    looked at again only when a camp limit is reached or left).
    """
    n = len(adj)
    tables = _Tables(adj, n if camps_limit is None else min(camps_limit, n))
    order, later = tables.order, tables.later
    pos_in, neg_in, placed_pos = tables.pos_in, tables.neg_in, tables.placed_pos
    least_of = [0.0] * n
    camp_of = [-1] * n
    found: list[list[int]] = []
    visited = 0
    stopped = False
    tolerance = EPS * max(1.0, target)

    def search(depth: int, camps: int, cost: float, rest: float) -> None:
        """`rest` is the sum of `least_of` over the actors not yet placed."""
        nonlocal visited, stopped
        if stopped:
            return
        visited += 1
        if visited > budget or len(found) > cap:
            stopped = True
            return
        if depth == n:
            found.append(list(camp_of))
            return
        v = order[depth]
        rest -= least_of[v]
        limit = tables.limit
        for c in list(range(camps)) + ([camps] if camps < limit else []):
            step = placed_pos[v] - pos_in[v].get(c, 0.0) + neg_in[v].get(c, 0.0)
            new_cost = cost + step
            if new_cost + rest > target + tolerance:
                continue
            new_camps = camps + 1 if c == camps else camps
            camp_of[v] = c
            tables.place(v, c, 1)
            if (new_camps >= limit) != (camps >= limit):
                saved = [(u, least_of[u]) for u in order[depth + 1 :]]
            else:
                saved = [(u, least_of[u]) for u, _ in later[v]]
            new_rest = rest
            for u, old in saved:
                least_of[u] = tables.least(u, new_camps)
                new_rest += least_of[u] - old
            if new_cost + new_rest <= target + tolerance:
                search(depth + 1, new_camps, new_cost, new_rest)
            for u, old in saved:
                least_of[u] = old
            tables.place(v, c, -1)
            camp_of[v] = -1
            if stopped:
                return

    import sys

    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, n + 100))
    try:
        search(0, 0, 0.0, 0.0)
    finally:
        sys.setrecursionlimit(old)
    return found[:cap], not stopped


class _Tables:
    """What the enumeration knows of the actors placed so far, per unplaced actor: the signed
    weight of its ties into each camp, and its positive weight to placed actors."""

    def __init__(self, adj: list[list[tuple[int, float]]], limit: int) -> None:
        n = len(adj)
        self.limit = limit
        self.order = search_order(adj)
        position = [0] * n
        for depth, v in enumerate(self.order):
            position[v] = depth
        self.later = [[(u, w) for u, w in adj[v] if position[u] > position[v]] for v in range(n)]
        self.pos_in: list[dict[int, float]] = [{} for _ in range(n)]
        self.neg_in: list[dict[int, float]] = [{} for _ in range(n)]
        self.placed_pos = [0.0] * n

    def least(self, u: int, camps: int) -> float:
        """The least u can still pay against the actors placed: its best camp, or a new one."""
        pulls = self.pos_in[u]
        negs = self.neg_in[u]
        touched = pulls.keys() | negs.keys() if camps >= self.limit else pulls.keys()
        # A new camp, or a camp holding none of u's neighbours, costs no more than the
        # positive ties u still has to placed actors.
        best_gain = 0.0 if (camps < self.limit or camps > len(touched)) else -math.inf
        for c in touched:
            gain = pulls.get(c, 0.0) - negs.get(c, 0.0)
            if gain > best_gain:
                best_gain = gain
        return self.placed_pos[u] - best_gain

    def place(self, v: int, c: int, sign: int) -> None:
        """Put v in camp c (sign 1) or take it out again (-1), for its later neighbours."""
        for u, w in self.later[v]:
            table = self.pos_in[u] if w > 0 else self.neg_in[u]
            value = table.get(c, 0.0) + sign * abs(w)
            if abs(value) < 1e-12:
                table.pop(c, None)
            else:
                table[c] = value
            if w > 0:
                self.placed_pos[u] += sign * w


def closest(
    camps: Sequence[Sequence[str]],
    weights: Mapping[tuple[str, str], float],
    prior: Sequence[Sequence[str]],
    *,
    camps_limit: int | None = None,
    groups: Sequence[Sequence[str]] | None = None,
    cap: int = CAP,
    budget: int = BUDGET,
) -> list[tuple[str, ...]]:
    """An optimal partition close to `prior` (an earlier partition): the events' effect.

    Each component keeps the solver's partition (`camps`) unless the earlier partition,
    repaired by single moves that lower frustration, reaches the optimum too and is closer:
    fewer pairs of actors present in both put together in one and apart in the other.
    """
    before = {a: frozenset(camp) for camp in prior for a in camp}
    shown, members, contracted = _contract(camps, weights, groups)
    result: list[tuple[str, ...]] = []
    for component in components(list(members), contracted):
        base = {h: shown[h] for h in component}
        best, best_distance = base, _distance(component, members, before, base)
        if len(component) > 1 and best_distance:
            repaired = _repair(component, contracted, base, members, before, camps_limit)
            if (
                repaired is not None
                and _distance(component, members, before, repaired) < best_distance
            ):
                best = repaired
        by_camp: dict[int, list[str]] = {}
        for h in component:
            by_camp.setdefault(best[h], []).extend(members[h])
        result.extend(tuple(sorted(c)) for c in by_camp.values())
    return result


def _distance(
    component: list[str],
    members: Mapping[str, list[str]],
    before: Mapping[str, frozenset[str]],
    camp_of: Mapping[str, int],
) -> int:
    """Pairs (counted from both ends) that `camp_of` and the earlier partition disagree on."""
    actors = {a for h in component for a in members[h]}
    now: dict[int, set[str]] = {}
    for h in component:
        now.setdefault(camp_of[h], set()).update(members[h])
    total = 0
    for camp in now.values():
        for a in camp:
            if a in before:
                total += len((camp & before.keys()) ^ (before[a] & actors))
    return total


def _repair(
    component: list[str],
    weights: Mapping[tuple[str, str], float],
    base: Mapping[str, int],
    members: Mapping[str, list[str]],
    before: Mapping[str, frozenset[str]],
    camps_limit: int | None,
) -> dict[str, int] | None:
    """The earlier partition, repaired by single moves; if that reaches the optimum, it.

    Actors the earlier partition did not hold start in a camp of their own. The moves only
    lower frustration, so what they reach differs from the earlier partition only where the
    events force it.
    """
    from alliances_cli.engine.solver.graph import SignedGraph
    from alliances_cli.engine.solver.heuristic import local_search

    start: list[int] = []
    labels: dict[frozenset[str], int] = {}
    for h in component:
        first = next((a for a in members[h] if a in before), None)
        key = before[first] if first is not None else frozenset({h})
        start.append(labels.setdefault(key, len(labels)))
    if camps_limit is not None and len(labels) > camps_limit:
        return None
    graph = SignedGraph(component, weights)
    repaired = local_search(graph, start, camps_limit)
    target = graph.cost([base[h] for h in component])
    if graph.cost(repaired) > target + EPS * max(1.0, target):
        return None
    return dict(zip(component, repaired, strict=True))


def partitions(
    camps: Sequence[Sequence[str]],
    weights: Mapping[tuple[str, str], float],
    *,
    camps_limit: int | None = None,
    cap: int = CAP,
    budget: int = BUDGET,
) -> list[list[tuple[str, ...]]]:
    """The optimal partitions found (the one shown first), up to `cap`, by the counting rule.

    `camps` must be optimal. Each partition lists its camps as sorted tuples of actor ids.
    """
    shown = {a: i for i, camp in enumerate(camps) for a in camp}
    cleaned = {k: w for k, w in weights.items() if w != 0 and k[0] in shown and k[1] in shown}
    result: list[list[tuple[str, ...]]] = [[]]
    for component in components(sorted(shown), cleaned):
        options = [{v: shown[v] for v in component}]
        if len(component) > 1:
            found, _ = _component_optima(component, cleaned, shown, camps_limit, cap, budget)
            options += found
        grouped = []
        for option in options:
            by_camp: dict[int, list[str]] = {}
            for v in component:
                by_camp.setdefault(option[v], []).append(v)
            grouped.append([tuple(sorted(c)) for c in by_camp.values()])
        result = [[*p, *g] for p in result for g in grouped][:cap]
    return result
