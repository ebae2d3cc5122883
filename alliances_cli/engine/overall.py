"""The overall view: one set of camps across theaters, by a rule a reader can predict.

The default rule, **consensus**, lets each theater vote on each pair of actors it holds: two
actors share an overall camp when they stand together (in the same camp) in more of their
shared theaters than apart. A pair's score is (weight of the theaters where they stand
together - weight of those where they stand apart) / weight of their shared theaters, from -1
to +1; a pair that shares no theater takes its general stance times its confidence, if it has
one. The overall camps are then the partition that fits these scores best, by the same exact
solver as the theaters (so consensus clustering in the sense of Gionis, Mannila & Tsaparas,
"Clustering aggregation", ACM TKDD 2007). A pair with score 0 is **split**: the theaters are
divided and the view does not decide it. With one theater, the overall view is that theater's.

The rule `mean` is the earlier one: a pair's overall weight is the mean of its weights in the
theaters where both are engaged, which cancels contradictions such as a pair allied in one
theater and opposed in another.

Actors with identical camps in every theater usually score alike with everyone else; those
that do, with no negative score among them (twins), share some optimal overall camp: the camp
best for one is best for all. So the consensus is solved on groups of twins, which keeps it
small even for large views (`twins` checks the scores: a pair sharing no theater scores by
its general stance, which the camps do not show).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from alliances_cli.engine.graphs import EdgeData
from alliances_cli.engine.solver import Settings, Solution, solve
from alliances_cli.scenario.model import Evidence, Scenario

RULES = ("consensus", "mean")

#: Beyond this many scored pairs, only pairs with a tie in some theater (or a general stance)
#: are scored: the view would otherwise hold every pair of a large network.
DENSE_PAIRS = 250_000


@dataclass(frozen=True)
class Vote:
    """How one theater places a pair: together or apart, and how much the theater counts."""

    theater: str
    together: bool
    weight: float


@dataclass(frozen=True)
class Split:
    """A pair the theaters divide evenly: together in some, apart in as many (by weight)."""

    a: str
    b: str
    together: tuple[str, ...]
    apart: tuple[str, ...]


@dataclass(frozen=True)
class Hedge:
    """An actor whose camp in a theater lines up with another overall camp than its own.

    Camps are given by their leaders: the actor's camp in the theater, the overall camp that
    camp mostly belongs to (`lines_up_with`), and the actor's own overall camp. `even`: the
    actor's own overall camp holds as large a share of that theater camp (a tie the camps'
    order broke: the theater camp lines up with both).
    """

    actor: str
    theater: str
    theater_camp: str
    lines_up_with: str
    overall_camp: str
    even: bool = False


class TheaterCamps:
    """What the consensus reads from a solved theater: its id, weight and camp of each actor."""

    def __init__(self, theater: str, weight: float, camp_of: Mapping[str, int]) -> None:
        self.theater = theater
        self.weight = weight
        self.camp_of = camp_of


def consensus_edges(
    scenario: Scenario,
    actors: Sequence[str],
    solved: Sequence[TheaterCamps],
    theater_edges: Mapping[str, Mapping[tuple[str, str], EdgeData]],
) -> tuple[dict[tuple[str, str], EdgeData], tuple[Split, ...]]:
    """Each scored pair's consensus score as an edge (weight = stance = score), and the splits.

    The edge's `theaters` are the theaters that voted; its evidence, that of the pair's ties
    there. A pair with score 0 is no edge: it is split.
    """
    present = set(actors)
    aligned = [a for a in actors if any(a in t.camp_of for t in solved)]
    dense = len(aligned) * (len(aligned) - 1) // 2 <= DENSE_PAIRS
    pairs: set[tuple[str, str]] = set()
    if dense:
        for i, a in enumerate(aligned):
            for b in aligned[i + 1 :]:
                pairs.add((a, b) if a < b else (b, a))
    else:
        for table in theater_edges.values():
            pairs.update(table)
    general: dict[tuple[str, str], tuple[float, float, tuple[Evidence, ...]]] = {}
    for tie in scenario.ties:
        if tie.a in present and tie.b in present and tie.stance is not None:
            key = (tie.a, tie.b) if tie.a < tie.b else (tie.b, tie.a)
            general[key] = (tie.stance, tie.confidence, tie.evidence)
            pairs.add(key)
    edges: dict[tuple[str, str], EdgeData] = {}
    splits: list[Split] = []
    for key in sorted(pairs):
        a, b = key
        votes = [
            Vote(t.theater, t.camp_of[a] == t.camp_of[b], t.weight)
            for t in solved
            if a in t.camp_of and b in t.camp_of
        ]
        if votes:
            total = sum(v.weight for v in votes)
            score = sum(v.weight if v.together else -v.weight for v in votes) / total
            if abs(score) < 1e-12:
                splits.append(
                    Split(
                        a,
                        b,
                        tuple(v.theater for v in votes if v.together),
                        tuple(v.theater for v in votes if not v.together),
                    )
                )
                continue
            evidence: list[Evidence] = []
            for v in votes:
                found = theater_edges[v.theater].get(key)
                if found is not None:
                    evidence.extend(e for e in found.evidence if e not in evidence)
            edges[key] = EdgeData(
                score, 1.0, score, tuple(evidence), tuple(v.theater for v in votes)
            )
        elif key in general:
            stance, confidence, evidence_ = general[key]
            if stance * confidence != 0:
                edges[key] = EdgeData(stance, confidence, stance * confidence, evidence_, ())
    return edges, tuple(splits)


def twins(
    actors: Sequence[str],
    solved: Sequence[TheaterCamps],
    weights: Mapping[tuple[str, str], float],
) -> list[list[str]]:
    """Groups of actors some optimal overall partition keeps together, in actor order: the
    same camp (or none) in every theater, the same score with every actor outside the group,
    and no negative score inside it (then the camp best for one member is best for all).
    The same camps alone do not make twins: a pair that shares no theater scores by its
    general stance, which may differ from one member to the other, and two actors unaligned
    everywhere have no vote joining them."""
    rows: dict[str, dict[str, float]] = {a: {} for a in actors}
    for (a, b), w in weights.items():
        if w:
            rows.setdefault(a, {})[b] = w
            rows.setdefault(b, {})[a] = w
    by_camps: dict[tuple[int | None, ...], list[str]] = {}
    for actor in actors:
        signature = tuple(t.camp_of.get(actor) for t in solved)
        by_camps.setdefault(signature, []).append(actor)
    pending = list(by_camps.values())
    found: list[list[str]] = []
    while pending:
        group = pending.pop()
        inside = set(group)
        by_row: dict[tuple[tuple[str, float], ...], list[str]] = {}
        for a in group:
            outside = tuple(sorted((x, w) for x, w in rows[a].items() if x not in inside))
            by_row.setdefault(outside, []).append(a)
        if len(by_row) > 1:  # each part again: its former group-mates are outside it now
            pending.extend(by_row.values())
        elif any(w < 0 for a in group for x, w in rows[a].items() if x in inside):
            found.extend([a] for a in group)
        else:
            found.append(group)
    position = {a: i for i, a in enumerate(actors)}
    return sorted(found, key=lambda g: position[g[0]])


def contract(
    nodes: Sequence[str],
    weights: Mapping[tuple[str, str], float],
    groups: Sequence[Sequence[str]],
) -> tuple[dict[str, str], dict[tuple[str, str], float]]:
    """Each actor's head (the first of its group among `nodes`, or itself) and the ties between
    heads, summed: a problem on groups of twins, which every optimum keeps together."""
    head = {a: a for a in nodes}
    for group in groups:
        present = [a for a in group if a in head]
        for a in present:
            head[a] = present[0]
    contracted: dict[tuple[str, str], float] = {}
    for (a, b), w in weights.items():
        ha, hb = head[a], head[b]
        if ha != hb:
            key = (ha, hb) if ha < hb else (hb, ha)
            contracted[key] = contracted.get(key, 0.0) + w
    return head, contracted


def solve_consensus(
    nodes: Sequence[str],
    weights: Mapping[tuple[str, str], float],
    groups: Sequence[Sequence[str]],
    settings: Settings,
) -> Solution:
    """The consensus partition, solved on groups of twins and spread back to their members."""
    head, contracted = contract(nodes, weights, groups)
    heads = sorted(set(head.values()))
    found = solve(heads, contracted, settings)
    members: dict[str, list[str]] = {}
    for a in nodes:
        members.setdefault(head[a], []).append(a)
    camps = tuple(tuple(sorted(a for h in camp for a in members[h])) for camp in found.camps)
    return Solution(camps, found.frustration, found.lower_bound, found.optimal, found.method)


def hedges(
    overall_camp_of: Mapping[str, str],
    solved: Sequence[TheaterCamps],
    theater_leaders: Mapping[str, Mapping[int, str]],
    capability: Mapping[str, float],
) -> tuple[Hedge, ...]:
    """Actors whose theater camp belongs, for the most part, to another overall camp.

    A theater camp belongs to the overall camp holding the largest share of its members'
    capability (ties: the camp whose leader comes first in `overall_camp_of`'s order).
    """
    order = {leader: i for i, leader in enumerate(dict.fromkeys(overall_camp_of.values()))}
    found = []
    for t in solved:
        by_camp: dict[int, list[str]] = {}
        for actor, camp in t.camp_of.items():
            by_camp.setdefault(camp, []).append(actor)
        for camp, members in sorted(by_camp.items()):
            share: dict[str, float] = {}
            for m in members:
                if m in overall_camp_of:
                    leader = overall_camp_of[m]
                    share[leader] = share.get(leader, 0.0) + capability[m]
            if not share:
                continue
            home = max(share, key=lambda leader: (share[leader], -order[leader]))
            for m in members:
                if m in overall_camp_of and overall_camp_of[m] != home:
                    leader = theater_leaders[t.theater][camp]
                    even = share[overall_camp_of[m]] >= share[home] - 1e-9
                    found.append(Hedge(m, t.theater, leader, home, overall_camp_of[m], even))
    return tuple(found)
