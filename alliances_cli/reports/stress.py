"""Stress points -> sentences: one function per kind, from the facts the engine found.

Every sentence names actors and theaters by their display names and camps by their names in
the view, and never names an actor's own camp after that actor ("its own camp").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from alliances_cli.reports.render.numbers import percent
from alliances_cli.scenario.vocabulary import signed

if TYPE_CHECKING:
    from alliances_cli.engine.analysis import Analysis
    from alliances_cli.engine.stress import Stress, TieRef


def summary(analysis: Analysis, stress: Stress) -> str:
    """The one-line sentence for a stress point (or a facet)."""
    return _WRITERS[stress.kind](analysis, stress)


def figures(analysis: Analysis, stress: Stress) -> dict[str, Any]:
    """The figures its sentence cites beyond the ties' own weights, for the JSON record:
    a torn actor's camps and net pulls, a frustrated tie's share of its first actor's tie
    weight, an implied tie's pressure per theater, a tension's pressure."""
    from alliances_cli.reports.render.numbers import num

    if stress.kind == "torn-actor" and stress.camps:
        home, away = stress.camps
        view = analysis.view(home.theater)
        return {
            "camp": view.camps[home.camp].leader,
            "net": num(home.pull),
            "pulled_by": view.camps[away.camp].leader,
            "pull": num(away.pull),
        }
    if stress.kind == "frustrated-tie":
        return {"share": num(stress.balance)}
    if stress.kind == "disagreement":
        return {"gives": num(stress.rated[0]), "gets": num(stress.rated[1])}
    if stress.kind == "implied-tie":
        return {"pressures": [num(p) for p in stress.pressures or (stress.pressure,)]}
    if stress.kind == "tension":
        return {"pressure": num(stress.pressure)}
    return {}


def word(stance: float) -> str:
    """The plural relation word for a stance ("partners", "rivals")."""
    if stance >= 0.8:
        return "allies"
    if stance >= 0.45:
        return "partners"
    if stance > 0:
        return "friendly"
    if stance > -0.45:
        return "wary of each other"
    if stance > -0.8:
        return "rivals"
    return "enemies"


def the_camp(name: str) -> str:
    """'the Russia camp'; 'The Pact camp' for a name that brings its own article."""
    if name[:4].lower() == "the ":
        return f"{name} camp"
    return f"the {name} camp"


def _theater(analysis: Analysis, theater: str | None) -> str:
    if theater is None:
        return "overall"
    return analysis.scenario.theater_by_id[theater].name


def _name(analysis: Analysis, actor: str) -> str:
    return analysis.scenario.actor_name(actor)


def _pair(analysis: Analysis, tie: TieRef) -> str:
    return f"{_name(analysis, tie.a)} and {_name(analysis, tie.b)}"


def _cross_theater(analysis: Analysis, s: Stress) -> str:
    pos, neg = s.ties
    return (
        f"{_pair(analysis, pos)} are {word(pos.stance)} in {_theater(analysis, pos.theater)} "
        f"({signed(pos.weight)}) but {word(neg.stance)} in {_theater(analysis, neg.theater)} "
        f"({signed(neg.weight)})"
    )


def _disagreement(analysis: Analysis, s: Stress) -> str:
    first, second = (_name(analysis, a) for a in s.actors)
    gives, gets = s.rated
    (tie,) = s.ties
    combined = (
        f"the tie counts {signed(tie.weight)}"
        if tie.weight
        else "combined, they cancel out: no tie counts"
    )
    return (
        f"{first} rates {second} {signed(gives)} but {second} rates {first} {signed(gets)} "
        f"in {_theater(analysis, tie.theater)}; {combined}"
    )


def _torn_actor(analysis: Analysis, s: Stress) -> str:
    actor = s.actors[0]
    who = _name(analysis, actor)
    if not s.camps:  # across theaters: each partner with and against
        pieces = []
        for together, apart in zip(s.ties[::2], s.ties[1::2], strict=True):
            other = together.b if together.a == actor else together.a
            pieces.append(
                f"with {_name(analysis, other)} in {_theater(analysis, together.theater)}, "
                f"against it in {_theater(analysis, apart.theater)}"
            )
        return f"{who} changes sides between theaters: " + "; ".join(pieces)
    home, away = s.camps
    view = analysis.view(home.theater)
    where = _theater(analysis, home.theater)
    camp = view.camps[home.camp]
    stands = (
        "leads its own camp"
        if camp.leader == actor and not camp.named
        else f"stands with {the_camp(camp.name)}"
    )
    own = _pull(analysis, s, actor, home.camp, home.pull)
    towards = the_camp(view.camps[away.camp].name)
    text = (
        f"{who} {stands} in {where} {own} yet is pulled towards {towards} "
        f"{_pull(analysis, s, actor, away.camp, away.pull)}"
    )
    if abs(home.pull - away.pull) < 1e-9:
        text += "; the pulls are equal, so its ties cannot decide between the two"
    return text


#: Ties named per camp in a torn actor's sentence, the strongest first.
TORN_TIES_NAMED = 3


def _pull(analysis: Analysis, s: Stress, actor: str, camp: int, net: float) -> str:
    """'(net +0.47: United States +0.77, YPG -0.30)': a camp's net pull and the ties that
    make it (those the stress point cites into that camp)."""
    view = analysis.view(s.theaters[0])
    into = [t for t in s.ties if view.camp_of(t.b if t.a == actor else t.a) == camp]
    named = [
        f"{_name(analysis, t.b if t.a == actor else t.a)} {signed(t.weight)}"
        for t in into[:TORN_TIES_NAMED]
    ]
    if len(into) > TORN_TIES_NAMED:
        named[-1] += f" and {len(into) - TORN_TIES_NAMED} more"
    return f"(net {signed(net)}: {', '.join(named)})"


def _frustrated_tie(analysis: Analysis, s: Stress) -> str:
    """From the side the tie weighs most for (`s.actors[0]`), with that share."""
    (t,) = s.ties
    first, second = s.actors
    outcome = "yet stand in different camps" if t.weight > 0 else "yet share a camp"
    return (
        f"{_name(analysis, first)} and {_name(analysis, second)} are {word(t.stance)} in "
        f"{_theater(analysis, t.theater)} ({signed(t.weight)}) {outcome}; the tie is "
        f"{percent(s.balance)} of {_name(analysis, first)}'s tie weight there"
    )


def _triangle(analysis: Analysis, s: Stress) -> str:
    where = _theater(analysis, s.theaters[0])
    frustrated = s.ties[0]
    negatives = [t for t in s.ties if t.weight < 0]
    if len(negatives) == 1:
        (n,) = negatives
        third = next(x for x in s.actors if x not in (n.a, n.b))
        text = (
            f"{_pair(analysis, n)} are both aligned with {_name(analysis, third)} in {where} "
            "but opposed to each other"
        )
    else:
        a, b, c = (_name(analysis, x) for x in s.actors)
        text = f"{a}, {b} and {c} are all opposed in {where}, yet two camps must hold them"
    return f"{text}; the coalitions frustrate {_pair(analysis, frustrated)}"


def _tension(analysis: Analysis, s: Stress) -> str:
    (t,) = s.ties
    toward = "alignment" if s.pressure > 0 else "opposition"
    return (
        f"{_pair(analysis, t)} are {word(t.stance)} in {_theater(analysis, t.theater)} "
        f"({signed(t.weight)}), yet the ties around them push towards {toward} "
        f"({signed(s.pressure)})"
    )


def _implied_tie(analysis: Analysis, s: Stress) -> str:
    """One theater: '... in Aleppo; balance implies opposition (-1.62): <why>'; several (one
    gap, the strongest pressure first): '... in Aleppo or Mosul; balance implies opposition in
    Aleppo (-1.62: <why>) and alignment in Mosul (+0.40: <why>)'."""
    a, b = s.actors
    where = [_theater(analysis, t) for t in s.theaters]
    reasons = []
    for via, (ta, tb) in zip(s.via, zip(s.ties[::2], s.ties[1::2], strict=True), strict=True):
        through = _name(analysis, via)
        if ta.weight > 0 and tb.weight > 0:
            reasons.append(f"both are aligned with {through}")
        elif ta.weight < 0 and tb.weight < 0:
            reasons.append(f"both oppose {through}, and two camps cannot keep all three apart")
        else:
            reasons.append(f"one is aligned with {through}, which the other opposes")
    head = f"{_name(analysis, a)} and {_name(analysis, b)} have no tie in {' or '.join(where)}"
    pressures = s.pressures or (s.pressure,)
    if len(where) == 1:
        (p,) = pressures
        return f"{head}; balance implies {_toward(p)} ({signed(p)}): {reasons[0]}"
    parts = [
        f"{_toward(p)} in {w} ({signed(p)}: {r})"
        for w, p, r in zip(where, pressures, reasons, strict=True)
    ]
    return f"{head}; balance implies " + " and ".join(parts)


def _toward(pressure: float) -> str:
    return "alignment" if pressure > 0 else "opposition"


_WRITERS: dict[str, Callable[[Analysis, Stress], str]] = {
    "cross-theater": _cross_theater,
    "disagreement": _disagreement,
    "torn-actor": _torn_actor,
    "frustrated-tie": _frustrated_tie,
    "unbalanced-triangle": _triangle,
    "tension": _tension,
    "implied-tie": _implied_tie,
}
