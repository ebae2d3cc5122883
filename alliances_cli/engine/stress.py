"""Stress points: the contradictions in a scenario, one fact each, ranked by what is at stake.

The engine finds facts and returns them as data (kind, actors, theaters, the ties at stake, the
numbers); `report/stress.py` writes the sentences. The kinds, most concrete first:

- `cross-theater`: a pair with opposite-sign stances in two theaters;
- `disagreement`: a pair whose two ends rate each other with opposite signs (directed data:
  "A rates B +0.80, B rates A -0.60"), whatever the combined tie says;
- `torn-actor`: an actor whose net pull (positive minus negative ties) towards another camp of
  a theater is positive and at least TORN_SHARE of its net pull towards its own, or one that
  shares a camp with a partner in one theater and faces it (negative tie, other camp) in
  another;
- `frustrated-tie`: a positive tie across camps, or a negative tie inside a camp;
- `unbalanced-triangle`: three actors whose ties no partition can all satisfy ("my ally's ally
  is my enemy"; with two camps, three mutual enemies too);
- `tension`: a tie whose sign goes against the balance pressure around it;
- `implied-tie`: an untied pair on which the pressure is strong (at least 0.2).

Tensions and implied ties count only the pressure the coalitions enforce: with any number of
camps a common enemy binds nobody (Davis 1967), so "the enemy of my enemy" counts only under
a limit of two camps. (The `pressure` of a view's ties counts every path.)

**One fact, one stress point.** Each fact puts some ties at stake. Taken kind by kind in the
order above, a fact whose ties at stake are all at stake in a fact already listed becomes a
*facet* of that fact instead of a stress point of its own: a cross-theater contradiction
carries the actors it tears and the tie it frustrates; a frustrated tie carries the triangles
that frustrate it, and a triangle the tensions on its sides. At most `TRIANGLE_FACETS`
triangles are kept per stress point, and an implied tie is listed only when it is among the
`IMPLIED_PER_ACTOR` strongest of each of its two actors, so the list grows at most linearly
with the ties.

**Severity** is `stake / (1 + stake)`, from 0 to 1: the stake is the weight (|stance x
confidence|, so 1 for a full-strength, sure tie) of the alignment at stake, as `docs/output.md`
details per kind; forecasts count less: a tension half its tie, an implied tie a quarter of the
full-strength tie it forecasts at most. One full-strength tie at stake is 0.5, two are 0.67:
comparable across networks, and not capped at 1 however many ties are at stake. Equal
severities are ordered by kind, then by how evenly a torn actor is pulled (or how strong the
pressure behind a forecast is), then by the total tie strength of the actors involved (the
better connected first), then by the actors' places in the scenario; never by name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations
from operator import itemgetter
from typing import TYPE_CHECKING, NamedTuple

from alliances_cli.engine.balance import (
    IMPLIED_MIN_PRESSURE,
    IMPLIED_PER_ACTOR,
    implied_pressures,
    pressure,
)
from alliances_cli.engine.memo import ByIdentity
from alliances_cli.engine.view import TieView
from alliances_cli.scenario.model import Evidence, Scenario

if TYPE_CHECKING:
    from alliances_cli.engine.view import View

KINDS = (
    "cross-theater",
    "disagreement",
    "torn-actor",
    "frustrated-tie",
    "unbalanced-triangle",
    "tension",
    "implied-tie",
)

#: The weight of a forecast: a tie under contrary pressure may yet hold.
FORECAST_WEIGHT = 0.5
#: An implied tie strains no stated alignment: it marks a gap the scenario leaves open. Its
#: stake is this times |pressure| / (1 + |pressure|): it grows with the pressure without a
#: cap it would reach (a cap at |pressure| 1 gave most implied ties one severity, 0.20), and
#: stays under this weight.
IMPLIED_WEIGHT = 0.25
#: Triangles kept as facets of one stress point, strongest first.
TRIANGLE_FACETS = 3


class TieRef(NamedTuple):
    """A tie as a stress point cites it: its ends, theater, stance and weight. (A named
    tuple: a million ties' stress points cite 700,000 of them.)"""

    a: str
    b: str
    theater: str | None
    stance: float
    weight: float


@dataclass(frozen=True)
class CampRef:
    """A camp of a theater (by its index in the view) and how strongly it pulls the actor."""

    theater: str
    camp: int
    pull: float


@dataclass(frozen=True)
class EvidenceRef:
    """A piece of evidence, with the tie and theater it supports."""

    tie: tuple[str, str]
    theater: str | None
    evidence: Evidence


@dataclass(frozen=True)
class Stress:
    """One fact. `ties` are the ties it cites, in the order its sentence uses them.

    `camps` (torn actors in a theater): the actor's own camp first, then the camp that pulls
    it away. `pressure` and `via` (tensions, implied ties): the balance pressure and the actor
    through whom it runs most strongly. `facets`: related facts folded into this one.
    """

    kind: str
    actors: tuple[str, ...]
    theaters: tuple[str, ...]
    stake: float
    ties: tuple[TieRef, ...]
    camps: tuple[CampRef, ...] = ()
    pressure: float = 0.0
    via: tuple[str, ...] = ()
    facets: tuple[Stress, ...] = ()
    evidence: tuple[EvidenceRef, ...] = ()
    #: Implied ties: the pressure in each of `theaters` (one gap may span several).
    pressures: tuple[float, ...] = ()
    #: Disagreements: the stance the first actor gives the second, then the one it gets back.
    rated: tuple[float, float] = (0.0, 0.0)
    #: For ordering equal severities: how even the opposing pulls on a torn actor are (the
    #: weaker over the stronger), the share of its first actor's tie weight a frustrated tie
    #: holds, or the size of the pressure behind a tension or an implied tie; then the total
    #: tie strength of the actors involved.
    balance: float = field(default=0.0, compare=False)
    strength: float = field(default=0.0, compare=False)
    #: How many of `ties`, from the first, are at stake (0: all of them).
    staked: int = field(default=0, compare=False)

    @property
    def severity(self) -> float:
        return self.stake / (1.0 + self.stake)

    @property
    def at_stake(self) -> frozenset[tuple[str, str, str | None]]:
        """The ties this fact puts at stake, as (a, b, theater)."""
        if self.staked < 0:  # an implied tie: the untied pair itself, in each theater
            return frozenset((self.actors[0], self.actors[1], t) for t in self.theaters)
        return frozenset(_key(t) for t in self.ties[: self.staked or len(self.ties)])


def _key(tie: TieRef) -> tuple[str, str, str | None]:
    return (tie.a, tie.b, tie.theater)


def _ref(tie: TieView, theater: str | None) -> TieRef:
    return TieRef(tie.a, tie.b, theater, tie.stance, tie.weight)


def _evidence(pairs: Iterable[tuple[TieView, str | None]]) -> tuple[EvidenceRef, ...]:
    refs = (EvidenceRef((t.a, t.b), theater, e) for t, theater in pairs for e in t.evidence)
    return tuple(dict.fromkeys(refs))


def _strength(views: Iterable[View], actors: Iterable[str]) -> float:
    chosen = tuple(actors)
    return sum(view.strengths.get(a, 0.0) for view in views for a in chosen)


# -- within one theater ---------------------------------------------------------------------------


def within(scenario: Scenario, view: View) -> tuple[Stress, ...]:
    """The facts of one theater's view: frustrated ties, triangles, tensions, implied ties and
    torn actors."""
    assert view.id is not None
    found = [
        *_disagreements(scenario, view, view.id),
        *_tie_facts(view, view.id),
        *_triangle_facts(view, view.id),
    ]
    weights = view.weights
    if view.large:
        # The strongest few untied pairs per actor, found by sparse products; exact here.
        pairs = view.large_pressures[2]
        candidates: Iterable[tuple[str, str, float]] = [
            (a, b, pressure(weights, a, b, enemies=view.strict)) for a, b in pairs
        ]
    else:
        candidates = implied_pressures(weights, enemies=view.strict)
    found.extend(_implied(scenario, view, candidates))
    for actor in _pulled_two_ways(view) if view.large else sorted(view.camp_index):
        torn = _torn_within(view, actor)
        if torn is not None:
            found.append(torn)
    return tuple(found)


def _disagreements(scenario: Scenario, view: View, theater: str) -> list[Stress]:
    """Ties of the view whose ends rated each other with opposite signs. The stake is the
    weaker of the two ratings (times the tie's confidence): how much alignment one side
    claims and the other denies."""
    found: list[Stress] = []
    present = set(view.actors)
    for tie in scenario.ties:
        entry = tie.in_theater(theater) if tie.theaters else None
        ratings = entry.ratings if entry is not None else tie.ratings
        if ratings is None or not ratings.opposed:
            continue
        if tie.a not in present or tie.b not in present:
            continue
        t = view.tie(tie.a, tie.b)
        if t is None:  # rated both ways, combined to neutral (`agree`): no tie in the view
            effective = tie.effective(theater)
            if effective is None:
                continue
            key = (tie.a, tie.b) if tie.a < tie.b else (tie.b, tie.a)
            t = TieView(*key, 0.0, effective[1], 0.0, 0.0, False, effective[2])
        assert ratings.by_a is not None and ratings.by_b is not None
        given = ((tie.a, tie.b, ratings.by_a), (tie.b, tie.a, ratings.by_b))
        (first, second, gives), (_, _, gets) = sorted(given, key=lambda g: -g[2])
        weaker, stronger = sorted((abs(gives), abs(gets)))
        found.append(
            Stress(
                "disagreement",
                (first, second),
                (theater,),
                weaker * t.confidence,
                (_ref(t, theater),),
                rated=(gives, gets),
                balance=weaker / stronger,
                evidence=_evidence([(t, theater)]),
                strength=_strength([view], (first, second)),
            )
        )
    return found


def _tie_facts(view: View, theater: str) -> list[Stress]:
    """Frustrated ties, and ties under contrary balance pressure (tensions), tie by tie."""
    found: list[Stress] = []
    weights = view.weights
    bindings = view.large_pressures[1] if view.large else [None] * len(view.ties)
    for t, known in zip(view.ties, bindings, strict=True):
        strength = None
        if t.frustrated:
            strength = _strength([view], (t.a, t.b))
            shares = view.tie_shares(t)
            # Headlined from the side the tie weighs most for (Italy's alliance with Germany
            # in 1914 is Italy's story); equal severities rank by that share.
            head = (t.b, t.a) if round(shares[1], 9) > round(shares[0], 9) else (t.a, t.b)
            found.append(
                Stress(
                    "frustrated-tie",
                    head,
                    (theater,),
                    abs(t.weight),
                    (_ref(t, theater),),
                    evidence=_evidence([(t, theater)]),
                    balance=max(shares),
                    strength=strength,
                )
            )
        # A large view has them already, exact (`View.large_pressures`).
        binding = pressure(weights, t.a, t.b, enemies=view.strict) if known is None else known
        if binding * t.weight < 0 and abs(binding) >= PRINTED_MIN:
            found.append(
                Stress(
                    "tension",
                    (t.a, t.b),
                    (theater,),
                    FORECAST_WEIGHT * min(abs(t.weight), abs(binding)),
                    (_ref(t, theater),),
                    pressure=binding,
                    balance=abs(binding),
                    evidence=_evidence([(t, theater)]),
                    strength=_strength([view], (t.a, t.b)) if strength is None else strength,
                )
            )
    return found


def _triangle_facts(view: View, theater: str) -> list[Stress]:
    """Triangles no partition can satisfy (with two camps, three mutual enemies too)."""
    found: list[Stress] = []
    index = view._tie_index
    strengths = view.strengths
    strict = view.strict
    refs: dict[tuple[str, str], TieRef] = {}  # one per tie: each is a side of many triangles

    def ref(side: TieView) -> TieRef:
        found = refs.get((side.a, side.b))
        if found is None:
            found = refs[side.a, side.b] = _ref(side, theater)
        return found

    # The corners come sorted, so each side's key is already (lower, higher): a dense view
    # has 150,000 triangles, and looking each side up through `View.tie` took a third of
    # `show`'s stress points on 90 actors.
    for tri in view.triangle_list:
        u, v, x = tri
        sides = [index[u, v], index[u, x], index[v, x]]
        negatives = (sides[0].weight < 0) + (sides[1].weight < 0) + (sides[2].weight < 0)
        if not (negatives == 1 or (strict and negatives == 3)):
            continue
        frustrated = [s for s in sides if s.frustrated]
        if not frustrated:
            continue  # cannot happen for an unsatisfiable triangle; defensive
        if len(frustrated) > 1:
            frustrated.sort(key=lambda s: abs(s.weight))
        ordered = [*frustrated, *(s for s in sides if not s.frustrated)]
        cited = (
            _evidence((s, theater) for s in sides)
            if sides[0].evidence or sides[1].evidence or sides[2].evidence
            else ()
        )
        found.append(
            Stress(
                "unbalanced-triangle",
                tri,
                (theater,),
                min(abs(sides[0].weight), abs(sides[1].weight), abs(sides[2].weight)),
                tuple(ref(s) for s in ordered),
                evidence=cited,
                strength=sum(strengths.get(a, 0.0) for a in tri),
                staked=len(frustrated),
            )
        )
    return found


def _pulled_two_ways(view: View) -> list[str]:
    """The actors with positive ties into at least two camps, sorted: the only ones that can
    be torn. Found with numpy on a large view, where looking at every actor's ties in Python
    took 4.6 s of a million ties."""
    import numpy as np

    camp_of = view.camp_index
    ends = [(a, b) for (a, b), e in view.edges.items() if e.weight > 0]
    if not ends:
        return []
    ids = sorted(camp_of)
    index = {a: i for i, a in enumerate(ids)}
    a = np.fromiter((index[x] for x, _ in ends), dtype=np.int64, count=len(ends))
    b = np.fromiter((index[y] for _, y in ends), dtype=np.int64, count=len(ends))
    camp = np.fromiter((camp_of[x] for x in ids), dtype=np.int64, count=len(ids))
    actor = np.concatenate([a, b])
    pulled = np.concatenate([camp[b], camp[a]])
    pairs = np.unique(actor * (int(camp.max()) + 1) + pulled)
    owners, counts = np.unique(pairs // (int(camp.max()) + 1), return_counts=True)
    return [ids[i] for i in owners[counts >= 2].tolist()]


def _implied(
    scenario: Scenario, view: View, candidates: Iterable[tuple[str, str, float]]
) -> list[Stress]:
    """Implied ties, each among the strongest few of both its actors."""
    assert view.id is not None
    theater = view.id
    weights = view.weights
    position = {a.id: i for i, a in enumerate(scenario.actors)}
    strong = [(a, b, p) for a, b, p in candidates if abs(p) >= IMPLIED_MIN_PRESSURE]
    per_actor: dict[str, list[tuple[float, int, int, str, str]]] = {}
    for a, b, p in strong:
        rank = (-round(abs(p), 9), position[a], position[b], a, b)
        per_actor.setdefault(a, []).append(rank)
        per_actor.setdefault(b, []).append(rank)
    kept: dict[str, set[tuple[str, str]]] = {
        actor: {(r[3], r[4]) for r in sorted(ranks)[:IMPLIED_PER_ACTOR]}
        for actor, ranks in per_actor.items()
    }
    found = []
    for a, b, p in strong:
        if (a, b) not in kept[a] or (a, b) not in kept[b]:
            continue
        near_a, near_b = weights[a], weights[b]
        shared = [
            c
            for c in near_a.keys() & near_b.keys()
            if view.strict or near_a[c] > 0 or near_b[c] > 0
        ]
        via = max(shared, key=lambda c: (abs(near_a[c] * near_b[c]), -position[c]))
        ta, tb = view.tie(a, via), view.tie(b, via)
        assert ta is not None and tb is not None
        found.append(
            Stress(
                "implied-tie",
                (a, b),
                (theater,),
                IMPLIED_WEIGHT * abs(p) / (1.0 + abs(p)),
                (_ref(ta, theater), _ref(tb, theater)),
                pressure=p,
                pressures=(p,),
                balance=abs(p),
                via=(via,),
                evidence=_evidence([(ta, theater), (tb, theater)]),
                staked=-1,
                strength=_strength([view], (a, b)),
            )
        )
    return found


#: A pressure smaller than this prints as +0.00 or -0.00: no tension a reader could see.
PRINTED_MIN = 0.005

#: An actor is torn when its net pull towards another camp is at least this share of its net
#: pull towards its own (and positive): it nearly pays to move.
TORN_SHARE = 0.5


def net_pulls(view: View, actor: str) -> dict[int, float]:
    """The net weight (positive minus negative) of the actor's ties into each camp, by the
    camp's index, its own camp included. Moving the actor from camp C to camp D changes the
    frustration by pull(C) - pull(D), so at an optimum its own camp pulls hardest."""
    camp_of = view.camp_index
    pulls: dict[int, float] = {}
    for other, w in view.weights[actor].items():
        camp = camp_of[other]
        pulls[camp] = pulls.get(camp, 0.0) + w
    return pulls


def _torn_within(view: View, actor: str) -> Stress | None:
    """An actor whose net pull towards another camp is positive and at least TORN_SHARE of
    its net pull towards its own."""
    assert view.id is not None
    camp_of = view.camp_index
    pulls = {c: round(p, 9) for c, p in net_pulls(view, actor).items()}
    own = camp_of[actor]
    home = pulls.get(own, 0.0)
    others = sorted(((c, p) for c, p in pulls.items() if c != own), key=lambda i: (-i[1], i[0]))
    if not others or home <= 0:
        return None
    away, pull = others[0]
    if pull <= 0 or pull < TORN_SHARE * home:
        return None
    near = view.weights[actor]
    # The ties into the camp pulling it away first (its positive ones, frustrated, are at
    # stake), then those into its own camp; the strongest first within each.
    chosen = sorted(
        (o for o in near if camp_of[o] in (own, away)),
        key=lambda o: (
            camp_of[o] != away,
            not (near[o] > 0 and camp_of[o] == away),
            -abs(near[o]),
            o,
        ),
    )
    refs = [t for t in (view.tie(actor, o) for o in chosen) if t is not None]
    return Stress(
        "torn-actor",
        (actor,),
        (view.id,),
        pull,
        tuple(_ref(t, view.id) for t in refs),
        camps=(CampRef(view.id, own, home), CampRef(view.id, away, pull)),
        balance=pull / home,
        evidence=_evidence((t, view.id) for t in refs),
        strength=_strength([view], (actor,)),
        staked=sum(1 for o in chosen if camp_of[o] == away and near[o] > 0),
    )


# -- across theaters ------------------------------------------------------------------------------

#: Facts across theaters, by the theater views they were found in (a view met again is the
#: very same object).
_ACROSS: ByIdentity[tuple[Stress, ...]] = ByIdentity(1024, budget=1_000_000)


def across(scenario: Scenario, views: tuple[View, ...]) -> tuple[Stress, ...]:
    """Cross-theater contradictions, then actors torn across theaters."""
    return _ACROSS.get(
        views,
        lambda: (*_cross_theater(views), *_torn_across(scenario, views)),
        lambda found: sum(len(v.edges) for v in views) + len(found),
    )


def _cross_theater(views: Sequence[View]) -> list[Stress]:
    found: list[Stress] = []
    for first, second in combinations(views, 2):
        for t1 in first.ties:
            t2 = second.tie(t1.a, t1.b)
            if t2 is None or (t1.weight > 0) == (t2.weight > 0):
                continue
            pos, neg = ((t1, first), (t2, second)) if t1.weight > 0 else ((t2, second), (t1, first))
            found.append(
                Stress(
                    "cross-theater",
                    (t1.a, t1.b),
                    (first.id or "", second.id or ""),
                    min(abs(t1.weight), abs(t2.weight)),
                    (_ref(pos[0], pos[1].id), _ref(neg[0], neg[1].id)),
                    evidence=_evidence([(t1, first.id), (t2, second.id)]),
                    strength=_strength([first, second], (t1.a, t1.b)),
                )
            )
    return found


def _torn_across(scenario: Scenario, views: Sequence[View]) -> list[Stress]:
    """Actors that share a camp with a partner in one theater and face it in another."""
    found: list[Stress] = []
    position = {a.id: i for i, a in enumerate(scenario.actors)}
    actors = sorted({a for v in views for camp in v.camps for a in camp.members})
    for actor in actors:
        partners: list[tuple[float, str, View, View, TieView, TieView]] = []
        for together, apart in ((x, y) for x in views for y in views if x is not y):
            ca = together.camp_of(actor)
            if ca is None or apart.camp_of(actor) is None:
                continue
            for other in together.camps[ca].members:
                if other == actor or apart.camp_of(other) is None:
                    continue
                if apart.camp_of(other) == apart.camp_of(actor):
                    continue
                t1, t2 = together.tie(actor, other), apart.tie(actor, other)
                if t1 is None or t2 is None or t1.weight <= 0 or t2.weight >= 0:
                    continue
                partners.append((min(t1.weight, -t2.weight), other, together, apart, t1, t2))
        if not partners:
            continue
        partners.sort(key=lambda p: (-round(p[0], 9), position[p[1]]))
        refs: list[TieRef] = []
        pairs: list[tuple[TieView, str | None]] = []
        for _, _, together, apart, t1, t2 in partners:
            refs += [_ref(t1, together.id), _ref(t2, apart.id)]
            pairs += [(t1, together.id), (t2, apart.id)]
        theaters = tuple(v.id or "" for v in views if any(v in (p[2], p[3]) for p in partners))
        found.append(
            Stress(
                "torn-actor",
                (actor,),
                theaters,
                sum(p[0] for p in partners),
                tuple(refs),
                evidence=_evidence(pairs),
                strength=_strength(views, (actor,)),
            )
        )
    return found


# -- one fact, one stress point -------------------------------------------------------------------

_KIND_ORDER = {kind: i for i, kind in enumerate(KINDS)}


def _one_gap_per_pair(facts: Sequence[Stress]) -> list[Stress]:
    """Implied ties of one pair in several theaters as one fact: one gap in the scenario.

    Its theaters, `via`, `pressures` and ties (two per theater) go strongest pressure first;
    its stake and pressure are the strongest's."""
    gaps: dict[tuple[str, ...], list[Stress]] = {}
    kept: list[Stress] = []
    for fact in facts:
        if fact.kind == "implied-tie":
            if fact.actors not in gaps:
                kept.append(fact)  # a placeholder, replaced below
            gaps.setdefault(fact.actors, []).append(fact)
        else:
            kept.append(fact)
    merged: dict[tuple[str, ...], Stress] = {}
    for pair, found in gaps.items():
        if len(found) == 1:
            merged[pair] = found[0]
            continue
        found.sort(key=lambda f: -round(abs(f.pressure), 9))  # stable: theater order on ties
        first = found[0]
        merged[pair] = replace(
            first,
            theaters=tuple(t for f in found for t in f.theaters),
            ties=tuple(t for f in found for t in f.ties),
            via=tuple(v for f in found for v in f.via),
            pressures=tuple(p for f in found for p in f.pressures),
            evidence=tuple(dict.fromkeys(e for f in found for e in f.evidence)),
        )
    return [merged[f.actors] if f.kind == "implied-tie" else f for f in kept]


class _Positions(dict[str, int]):
    """Each actor's place in the scenario; -1 for any other name."""

    def __missing__(self, key: str) -> int:
        return -1


def fold(scenario: Scenario, facts: Sequence[Stress]) -> tuple[Stress, ...]:
    """Stress points: facts whose ties at stake an earlier fact covers become its facets."""
    position = _Positions((a.id, i) for i, a in enumerate(scenario.actors))
    place = position.__getitem__
    facts = _one_gap_per_pair(facts)

    def rank(s: Stress) -> tuple[object, ...]:
        return (
            -round(s.severity, 9),
            _KIND_ORDER[s.kind],
            -round(s.balance, 9),
            -round(s.strength, 9),
            tuple(map(place, s.actors)),
            s.theaters,
        )

    # Each fact ranked once (ranking them again for the facets and the final order took
    # 0.5 s of a million ties' 200,000 facts).
    ranked = [(rank(s), s) for s in facts]
    ranked.sort(key=lambda item: (item[0][1], item[0]))
    primaries: list[tuple[tuple[object, ...], Stress]] = []
    facets: list[list[tuple[tuple[object, ...], Stress]]] = []
    covered: dict[tuple[str, str, str | None], int] = {}
    for order, fact in ranked:
        stake = fact.at_stake
        if stake and all(key in covered for key in stake):
            owner = min(covered[key] for key in stake)
            if (
                fact.kind != "unbalanced-triangle"
                or sum(f.kind == "unbalanced-triangle" for _, f in facets[owner]) < TRIANGLE_FACETS
            ):
                facets[owner].append((order, fact))
        else:
            owner = len(primaries)
            primaries.append((order, fact))
            facets.append([])
        # A triangle explains the pressure on all three of its sides: a tension on one of them
        # is part of the same fact.
        sides = {_key(t) for t in fact.ties} if fact.kind == "unbalanced-triangle" else stake
        for key in sides:
            covered.setdefault(key, owner)
    first = itemgetter(0)
    result = [
        (order, replace(p, facets=tuple(f for _, f in sorted(found, key=first))) if found else p)
        for (order, p), found in zip(primaries, facets, strict=True)
    ]
    result.sort(key=first)
    return tuple(p for _, p in result)
