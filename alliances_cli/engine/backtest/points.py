"""Scored points: what one slice predicts about the next, and what happened.

Each step compares a slice (before) with the next slice that has ties (after), in one view.
Five kinds of point, each with a yes/no outcome:

- `tie-change`: a tie before whose two actors are both in view after: does it weaken (same
  sign, smaller weight), flip or vanish?
- `tie-flip`: the same ties: does the sign flip?
- `new-tie`: an untied pair of actors in view both before and after: does it gain a tie?
- `new-sign`: a pair that gained a tie: is the new tie positive?
- `actor-move`: an actor in a camp before and after: does it leave its company (its
  camp-mates overlap every company its ties allowed before by less than the timeline's
  MATCH_MIN)?

The tool's labels score each point from the earlier slice alone (a frustrated tie, the
pressure against a tie, the severity of its strongest stress point, an implied tie, the camps,
a torn or swing actor); the baselines score it without the balance model (nothing changes, a
random score, a weak tie, common neighbours, degree, each actor's majority sign, few ties).
Higher scores predict the outcome "yes".
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from alliances_cli.engine.balance import pressure

if TYPE_CHECKING:
    from alliances_cli.engine.stress import Stress
    from alliances_cli.engine.view import View

#: Untied pairs scored in full up to this many per step; beyond, a uniform sample of this
#: many (each then weighing for the pairs it stands for), with every pair that gained a tie.
PAIRS_MAX = 200_000
#: A weight change smaller than this is no change.
EPSILON = 1e-9


@dataclass(frozen=True)
class Predictor:
    name: str
    role: str  # "tool" or "baseline"
    about: str
    #: Scores 1 (the label holds) or 0 (it does not); for `camps`, 0.5 where it makes no call.
    binary: bool = False


PREDICTORS: dict[str, tuple[Predictor, ...]] = {
    "tie-change": (
        Predictor("frustrated", "tool", "1 for a frustrated tie (against the camps), else 0", True),
        Predictor("opposing pressure", "tool", "balance pressure against the tie's sign"),
        Predictor("severity", "tool", "severity of the strongest stress fact the tie is in"),
        Predictor("persistence", "baseline", "nothing changes (one score for all)"),
        Predictor("random", "baseline", "a random score (probability: the base rate)"),
        Predictor("weak tie", "baseline", "the smaller the tie's weight, the higher"),
    ),
    "new-tie": (
        Predictor("implied pressure", "tool", "|balance pressure| on the untied pair"),
        Predictor("severity", "tool", "severity of its implied-tie stress point, if listed"),
        Predictor("persistence", "baseline", "nothing changes (one score for all)"),
        Predictor("random", "baseline", "a random score (probability: the base rate)"),
        Predictor("common neighbours", "baseline", "actors tied to both"),
        Predictor("degree", "baseline", "product of the two actors' numbers of ties"),
    ),
    "new-sign": (
        Predictor("camps", "tool", "1 when the pair shared a camp, 0 when apart", True),
        Predictor("implied pressure", "tool", "signed balance pressure on the pair"),
        Predictor("random", "baseline", "a random score (probability: the base rate)"),
        Predictor("majority sign", "baseline", "share of positive ties of the two actors"),
    ),
    "actor-move": (
        Predictor("torn", "tool", "severity of its torn-actor stress point, else 0"),
        Predictor("swing", "tool", "1 when the optima let it stand elsewhere, else 0", True),
        Predictor("persistence", "baseline", "nothing changes (one score for all)"),
        Predictor("random", "baseline", "a random score (probability: the base rate)"),
        Predictor("few ties", "baseline", "the fewer ties, the higher"),
    ),
}
PREDICTORS["tie-flip"] = PREDICTORS["tie-change"]
#: Robust's figures for actors, when asked for (they cost a robust run per slice).
ROBUST_PREDICTORS = (
    Predictor("elsewhere", "tool", "share of robust's samples placing it apart from its camp"),
    Predictor("margin", "tool", "how little extra frustration moves it (robust's margin)"),
)


def predictors_of(kind: str, extra: tuple[str, ...] = ()) -> tuple[Predictor, ...]:
    """A kind's predictors: the tool's labels (with robust's `extra` ones for actors), then
    the baselines."""
    found = PREDICTORS[kind]
    if kind != "actor-move" or not extra:
        return found
    more = tuple(p for p in ROBUST_PREDICTORS if p.name in extra)
    tools = tuple(p for p in found if p.role == "tool")
    return tools + more + tuple(p for p in found if p.role != "tool")


KINDS = ("tie-change", "tie-flip", "new-tie", "new-sign", "actor-move")
OUTCOMES = {
    "tie-change": "weakens, flips or vanishes",
    "tie-flip": "flips sign",
    "new-tie": "gains a tie",
    "new-sign": "is positive",
    "actor-move": "changes camp",
}


@dataclass(frozen=True)
class Points:
    """One kind's points in one step: outcomes `y`, weights `w` (1, or more for a sampled
    pair standing for others) and each predictor's scores, in one order."""

    kind: str
    y: np.ndarray
    w: np.ndarray
    scores: Mapping[str, np.ndarray]
    #: Untied pairs: how many there were, when only a sample was scored (else None).
    population: int | None = None
    #: What happened, counted (tie-change: weakened, flipped, vanished).
    counts: Mapping[str, int] = field(default_factory=dict)
    #: Ties: the kind of the strongest stress fact each is at stake in ("" for none), so
    #: that a severity's track record can be read per kind of stress point.
    facts: tuple[str, ...] = ()

    @property
    def size(self) -> int:
        return len(self.y)


def step_points(
    before: View,
    after: View,
    facts: Sequence[Stress],
    rng: np.random.Generator,
    robust: Mapping[str, Mapping[str, float]] | None = None,
) -> dict[str, Points]:
    """Every kind's points for the step from `before` to `after`: `facts` are the earlier
    slice's stress facts; `robust`, robust's scores per actor ("elsewhere", "margin"), if
    asked for."""
    seen = set(after.actors)
    severity_of_tie, severity_of_pair, torn = _severities(facts)
    ties = _tie_points(before, after, seen, severity_of_tie, rng)
    pairs, signs = _pair_points(before, after, seen, severity_of_pair, rng)
    actors = _actor_points(before, after, torn, rng, robust or {})
    return {
        "tie-change": ties[0],
        "tie-flip": ties[1],
        "new-tie": pairs,
        "new-sign": signs,
        "actor-move": actors,
    }


def _severities(
    facts: Sequence[Stress],
) -> tuple[
    dict[tuple[str, str], tuple[float, str]], dict[tuple[str, str], float], dict[str, float]
]:
    """The strongest severity per tie at stake (with its fact's kind, the first in the
    stress points' order on equal severity), per implied pair, and per torn actor."""
    from alliances_cli.engine.stress import KINDS as STRESS_KINDS

    rank = {kind: i for i, kind in enumerate(STRESS_KINDS)}
    ties: dict[tuple[str, str], tuple[float, str]] = {}
    pairs: dict[tuple[str, str], float] = {}
    torn: dict[str, float] = {}
    for fact in facts:
        value = fact.severity
        if fact.kind == "implied-tie":
            key = _pair(fact.actors[0], fact.actors[1])
            pairs[key] = max(pairs.get(key, 0.0), value)
            continue
        if fact.kind == "torn-actor":
            torn[fact.actors[0]] = max(torn.get(fact.actors[0], 0.0), value)
        for a, b, _ in fact.at_stake:
            key = _pair(a, b)
            known = ties.get(key)
            if (
                known is None
                or value > known[0]
                or (value == known[0] and rank[fact.kind] < rank[known[1]])
            ):
                ties[key] = (value, fact.kind)
    return ties, pairs, torn


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _tie_points(
    before: View,
    after: View,
    seen: set[str],
    severity: Mapping[tuple[str, str], tuple[float, str]],
    rng: np.random.Generator,
) -> tuple[Points, Points]:
    weights, later = before.weights, after.weights
    kinds: list[str] = []
    rows: list[tuple[float, ...]] = []
    counts = {"weakened": 0, "flipped": 0, "vanished": 0}
    for tie in before.ties:
        a, b = tie.a, tie.b
        if a not in seen or b not in seen:
            continue
        w0 = tie.weight
        w1 = later.get(a, {}).get(b, 0.0)
        if abs(w1) < EPSILON:
            outcome = "vanished"
        elif (w1 > 0) != (w0 > 0):
            outcome = "flipped"
        elif abs(w1) < abs(w0) - EPSILON:
            outcome = "weakened"
        else:
            outcome = ""
        if outcome:
            counts[outcome] += 1
        against = -math.copysign(1.0, w0) * pressure(weights, a, b, enemies=before.strict)
        strongest = severity.get(_pair(a, b), (0.0, ""))
        kinds.append(strongest[1])
        rows.append(
            (
                float(bool(outcome)),
                float(outcome == "flipped"),
                float(tie.frustrated),
                max(0.0, against),
                strongest[0],
                -abs(w0),
            )
        )
    table = np.array(rows, dtype=float).reshape(-1, 6)
    n = len(table)
    scores = {
        "frustrated": table[:, 2],
        "opposing pressure": table[:, 3],
        "severity": table[:, 4],
        "persistence": np.zeros(n),
        "random": _random(rng, n),
        "weak tie": table[:, 5],
    }
    w = np.ones(n)
    facts = tuple(kinds)
    change = Points("tie-change", table[:, 0].astype(bool), w, scores, counts=counts, facts=facts)
    flip = Points("tie-flip", table[:, 1].astype(bool), w, scores, counts=counts, facts=facts)
    return change, flip


def _pair_points(
    before: View,
    after: View,
    seen: set[str],
    severity: Mapping[tuple[str, str], float],
    rng: np.random.Generator,
) -> tuple[Points, Points]:
    """Untied pairs of actors in view before and after (gaining a tie or not), and the signs
    of the ties they gained."""
    from scipy import sparse

    order = list(before.actors)
    index = {a: i for i, a in enumerate(order)}
    n = len(order)
    rows, cols, vals = [], [], []
    for (a, b), data in before.edges.items():
        i, j = index[a], index[b]
        rows += [i, j]
        cols += [j, i]
        vals += [data.weight, data.weight]
    signed = sparse.csr_matrix((vals, (rows, cols)), shape=(n, n), dtype=float)
    tied = (signed != 0).astype(float).tocsr()
    degree = np.asarray(tied.sum(axis=1)).ravel()
    common = np.array(sorted(index[a] for a in order if a in seen), dtype=np.int64)
    tied_codes = np.array(sorted(i * n + j for i, j in zip(rows, cols, strict=True)), np.int64)

    gained: list[tuple[int, int, float]] = []
    for (a, b), data in after.edges.items():
        if a in index and b in index and abs(data.weight) >= EPSILON:
            i, j = sorted((index[a], index[b]))
            if before.weights[a].get(b) is None:
                gained.append((i, j, data.weight))
    gained.sort()
    gain_codes = np.array([i * n + j for i, j, _ in gained], dtype=np.int64)

    m = len(common)
    population = m * (m - 1) // 2 - _tied_among(tied_codes, common, n) - len(gained)
    if population + len(gained) <= PAIRS_MAX:
        ii, jj = np.triu_indices(m, 1)
        first, second = common[ii], common[jj]
        codes = first * n + second
        keep = ~np.isin(codes, tied_codes) & ~np.isin(codes, gain_codes)
        first, second = first[keep], second[keep]
        weight = 1.0
        sampled = None
    else:
        draws = rng.integers(0, m, size=(PAIRS_MAX, 2))
        draws = draws[draws[:, 0] != draws[:, 1]]
        first = common[draws.min(axis=1)]
        second = common[draws.max(axis=1)]
        codes = first * n + second
        keep = ~np.isin(codes, tied_codes) & ~np.isin(codes, gain_codes)
        first, second = first[keep], second[keep]
        weight = population / max(1, len(first))
        sampled = population + len(gained)
    gi = np.array([g[0] for g in gained], dtype=np.int64)
    gj = np.array([g[1] for g in gained], dtype=np.int64)
    first = np.concatenate([gi, first])
    second = np.concatenate([gj, second])
    y = np.zeros(len(first), dtype=bool)
    y[: len(gained)] = True
    w = np.concatenate([np.ones(len(gained)), np.full(len(first) - len(gained), weight)])

    def rowdot(matrix: sparse.csr_matrix, p: np.ndarray, q: np.ndarray) -> np.ndarray:
        if len(p) == 0:
            return np.zeros(0)
        return np.asarray(matrix[p].multiply(matrix[q]).sum(axis=1)).ravel()

    push = rowdot(signed, first, second)
    if not before.strict:
        # With any number of camps a common enemy binds nobody (as the stress points count).
        push = push - rowdot(signed.minimum(0).tocsr(), first, second)
    codes = first * n + second
    listed = np.zeros(len(first))
    if severity:
        keys = np.array([index[a] * n + index[b] for a, b in severity if a in index and b in index])
        values = [severity[(a, b)] for a, b in severity if a in index and b in index]
        lookup = dict(zip(keys.tolist(), values, strict=True))
        hits = np.nonzero(np.isin(codes, keys))[0]
        for h in hits.tolist():
            listed[h] = lookup[int(codes[h])]
    pair_scores = {
        "implied pressure": np.abs(push),
        "severity": listed,
        "persistence": np.zeros(len(first)),
        "random": _random(rng, len(first)),
        "common neighbours": rowdot(tied, first, second),
        "degree": degree[first] * degree[second],
    }
    pairs = Points("new-tie", y, w, pair_scores, population=sampled)

    k = len(gained)
    positive = np.asarray((signed > 0).astype(float).sum(axis=1)).ravel()
    share = np.where(degree > 0, positive / np.maximum(degree, 1), 0.5)
    camp = before.camp_index
    together = np.array(
        [
            0.5
            if (order[i] not in camp or order[j] not in camp)
            else float(camp[order[i]] == camp[order[j]])
            for i, j, _ in gained
        ]
    ).reshape(-1)
    sign_scores = {
        "camps": together,
        "implied pressure": push[:k],
        "random": _random(rng, k),
        "majority sign": (share[gi] + share[gj]) / 2 if k else np.zeros(0),
    }
    signs = Points(
        "new-sign", np.array([g[2] > 0 for g in gained], dtype=bool), np.ones(k), sign_scores
    )
    return pairs, signs


def _tied_among(tied_codes: np.ndarray, common: np.ndarray, n: int) -> int:
    """How many ties (each stored both ways in `tied_codes`) join two of `common`."""
    inside = np.zeros(n, dtype=bool)
    inside[common] = True
    first, second = tied_codes // n, tied_codes % n
    return int(np.count_nonzero(inside[first] & inside[second] & (first < second)))


def _actor_points(
    before: View,
    after: View,
    torn: Mapping[str, float],
    rng: np.random.Generator,
    robust: Mapping[str, Mapping[str, float]],
) -> Points:
    """Actors in a camp before and after: did each leave its company (`moved_on`)?"""
    actors = [a for a in before.actors if a in before.camp_index and a in after.camp_index]
    swing = {s.actor: s.company for s in before.optima.swing}
    n = len(actors)
    scores = {
        "torn": np.array([torn.get(a, 0.0) for a in actors], dtype=float),
        "swing": np.array([float(a in swing) for a in actors], dtype=float),
        **{
            name: np.array([values.get(a, 0.0) for a in actors], dtype=float)
            for name, values in robust.items()
        },
        "persistence": np.zeros(n),
        "random": _random(rng, n),
        "few ties": np.array([-float(len(before.weights[a])) for a in actors], dtype=float),
    }
    y = np.array(moved_on(before, after, actors, swing), dtype=bool)
    return Points("actor-move", y, np.ones(n), scores)


def moved_on(
    before: View,
    after: View,
    actors: Sequence[str],
    options: Mapping[str, tuple[tuple[str, ...], ...]],
) -> list[bool]:
    """For each actor, whether its company after (its camp-mates, among `actors`) overlaps
    every company its ties allowed before by less than MATCH_MIN (Jaccard; alone and alone
    count as the same company): the camp it was shown in, or for a swing actor any of the
    places its optima gave it. A swing actor's shown camp is one pick among optima, and
    moving away from the pick alone is no change of the ties' making."""
    from alliances_cli.engine.timeline import MATCH_MIN

    common = set(actors)
    camp_b, camp_a = before.camp_index, after.camp_index
    size_b: dict[int, int] = {}
    size_a: dict[int, int] = {}
    shared: dict[tuple[int, int], int] = {}
    for a in actors:
        size_b[camp_b[a]] = size_b.get(camp_b[a], 0) + 1
        size_a[camp_a[a]] = size_a.get(camp_a[a], 0) + 1
        key = (camp_b[a], camp_a[a])
        shared[key] = shared.get(key, 0) + 1
    later = [set(c.members) & common for c in after.camps]
    found = []
    for a in actors:
        b, c = camp_b[a], camp_a[a]
        if a in options:
            now = later[c] - {a}
            found.append(
                all(_jaccard(set(o) & common, now) < MATCH_MIN - 1e-12 for o in options[a])
            )
            continue
        inter = shared[b, c] - 1
        union = size_b[b] + size_a[c] - shared[b, c] - 1
        found.append(union > 0 and inter / union < MATCH_MIN - 1e-12)
    return found


def _jaccard(first: set[str], second: set[str]) -> float:
    union = first | second
    return len(first & second) / len(union) if union else 1.0


def _random(rng: np.random.Generator, n: int) -> np.ndarray:
    """The random baseline's scores, on a grid of 1/1000 (ties count half, and a step's
    tally stays small)."""
    return np.round(rng.random(n), 3)
