"""Signed, weighted graphs of a scenario: one per theater, and the overall view.

A tie's weight is its stance scaled by its confidence, so an unsure alliance pulls less than a
sure one. `overall_edges` makes the overall view by the `mean` rule (see `overall.py` for the
default, `consensus`): a pair's overall weight is the mean of its weights in the theaters where
both are engaged and a stance applies, each theater counting by its weight, and, for a pair that
shares no such theater, its general stance (times confidence) if it has one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from alliances_cli.scenario.model import Evidence, Scenario, Tie


class EdgeData(NamedTuple):
    """What a graph edge carries: the numbers and where they come from.

    A named tuple, for speed: views are cached by their edges, so every edge is hashed and
    compared once per view a sweep meets, and a tuple does both in C.
    """

    stance: float
    confidence: float
    weight: float
    evidence: tuple[Evidence, ...]
    theaters: tuple[str, ...]


def engaged(scenario: Scenario, theater: str) -> tuple[str, ...]:
    return scenario.theater_by_id[theater].actors


def theater_edges(scenario: Scenario, theater: str) -> dict[tuple[str, str], EdgeData]:
    """The non-neutral ties that apply in `theater` between actors engaged there."""
    present = set(engaged(scenario, theater))
    edges: dict[tuple[str, str], EdgeData] = {}
    here = (theater,)
    for tie in scenario.ties:
        a, b = tie.a, tie.b
        if a not in present or b not in present:
            continue
        if tie.theaters:
            found = tie.effective(theater)
            if found is None:
                continue
            stance, confidence, evidence = found
        elif tie.stance is None:
            continue
        else:  # `effective` without a stance per theater (an imported network's every tie)
            stance, confidence, evidence = tie.stance, tie.confidence, tie.evidence
        weight = stance * confidence
        if weight == 0:
            continue
        edges[(a, b) if a < b else (b, a)] = EdgeData(stance, confidence, weight, evidence, here)
    return edges


def overall_edges(
    scenario: Scenario,
    theaters: tuple[str, ...],
    per_theater: Mapping[str, Mapping[tuple[str, str], EdgeData]] | None = None,
) -> tuple[tuple[str, ...], dict[tuple[str, str], EdgeData]]:
    """The overall view's actors and edges, by the rule in this module's docstring.

    `per_theater` may pass each theater's edges when the caller has them already.
    """
    actors = list(dict.fromkeys(a for t in theaters for a in engaged(scenario, t)))
    present = set(actors)
    if per_theater is None:
        per_theater = {t: theater_edges(scenario, t) for t in theaters}
    engaged_in = {t: set(engaged(scenario, t)) for t in theaters}
    edges: dict[tuple[str, str], EdgeData] = {}
    for tie in scenario.ties:
        a, b = tie.a, tie.b
        if a not in present or b not in present:
            continue
        key = (a, b) if a < b else (b, a)
        found = [(t, per_theater[t][key]) for t in theaters if key in per_theater[t]]
        if len(found) == 1:
            edges[key] = found[0][1]  # one theater: its edge as it is
        elif found:
            share = [scenario.theater_by_id[t].weight for t, _ in found]
            total = sum(share)
            weight = sum(s * e.weight for s, (_, e) in zip(share, found, strict=True)) / total
            stance = sum(s * e.stance for s, (_, e) in zip(share, found, strict=True)) / total
            evidence: list[Evidence] = []
            for _, e in found:
                evidence.extend(x for x in e.evidence if x not in evidence)
            confidence = weight / stance if stance else 1.0
            edges[key] = EdgeData(
                stance, confidence, weight, tuple(evidence), tuple(t for t, _ in found)
            )
        elif (
            tie.stance is not None
            and tie.stance * tie.confidence != 0
            and not any(a in engaged_in[t] and b in engaged_in[t] for t in theaters)
        ):
            edges[key] = EdgeData(
                tie.stance, tie.confidence, tie.stance * tie.confidence, tie.evidence, ()
            )
    return tuple(actors), edges


def _key(tie: Tie) -> tuple[str, str]:
    return (tie.a, tie.b) if tie.a < tie.b else (tie.b, tie.a)
