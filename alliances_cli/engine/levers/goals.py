"""What a plan must achieve: a goal on the camps of one view, as clauses a partition meets.

A goal is a conjunction of clauses, each about who shares a camp:

- **together** (a, b): a and b share a camp;
- **apart** (a, b): they do not;
- **broken** (members): the members do not all share one camp;
- **joined** (a): a shares a camp with someone (for an actor that stands alone).

A partition misses the goal when it misses one clause, so the best partition that misses it is
the best of one constrained optimum per clause (`misses`): a tie too strong to frustrate forces
the clause false, as the margins do (`margins.py`).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

Pair = tuple[str, str]


def pair(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


@dataclass(frozen=True)
class Goal:
    """A goal (module doc). `kind` and `subjects` say what was asked, for the sentences:
    ("move", (actor, to)), ("leave", (actor,)), ("together", ...), ("apart", ...),
    ("break", (leader,)); the clauses are what it means."""

    kind: str
    subjects: tuple[str, ...]
    together: tuple[Pair, ...] = ()
    apart: tuple[Pair, ...] = ()
    broken: tuple[tuple[str, ...], ...] = ()
    joined: tuple[str, ...] = ()

    def actors(self) -> tuple[str, ...]:
        """Every actor a clause names, in order of first mention."""
        named: list[str] = list(self.subjects)
        for a, b in (*self.together, *self.apart):
            named += [a, b]
        for members in self.broken:
            named += members
        named += self.joined
        return tuple(dict.fromkeys(named))

    def movers(self) -> tuple[str, ...]:
        """The actors whose ties a plan changes unless told otherwise: the actors the goal
        is about (a camp's members, to break it), not the camp-mates they leave."""
        if self.broken:
            return tuple(dict.fromkeys(a for members in self.broken for a in members))
        return self.subjects

    def met_by(self, camp_of: Mapping[str, int]) -> bool:
        return (
            all(camp_of[a] == camp_of[b] for a, b in self.together)
            and all(camp_of[a] != camp_of[b] for a, b in self.apart)
            and all(len({camp_of[m] for m in members}) > 1 for members in self.broken)
            and all(any(camp_of[o] == camp_of[a] for o in camp_of if o != a) for a in self.joined)
        )

    def misses(self, nodes: Sequence[str]) -> list[dict[Pair, float]]:
        """One forcing per clause: the pairs to keep together (+1) or apart (-1) so that the
        partition misses that clause."""
        found: list[dict[Pair, float]] = []
        found += [{pair(a, b): -1.0} for a, b in self.together]
        found += [{pair(a, b): 1.0} for a, b in self.apart]
        for members in self.broken:
            found.append({pair(a, b): 1.0 for a, b in itertools.pairwise(members)})
        for a in self.joined:
            found.append({pair(a, o): -1.0 for o in nodes if o != a})
        return found

    def meets(self, nodes: Sequence[str]) -> list[dict[Pair, float]]:
        """Forcings whose constrained optima, together, include the best partition meeting
        the goal: the pair clauses forced, and one option of a broken or joined clause each."""
        fixed = {pair(a, b): 1.0 for a, b in self.together}
        fixed.update({pair(a, b): -1.0 for a, b in self.apart})
        options: list[dict[Pair, float]] = [{}]
        for members in self.broken:
            split = [{pair(a, b): -1.0} for i, a in enumerate(members) for b in members[i + 1 :]]
            options = [{**o, **s} for o in options for s in split]
        for a in self.joined:
            options = [{**o, pair(a, b): 1.0} for o in options for b in nodes if b != a]
        return [{**fixed, **o} for o in options]


def move(actor: str, to: str, mates: Sequence[str]) -> Goal:
    """`actor` leaves its camp (shares a camp with none of its present `mates`) and stands
    with `to`."""
    return Goal(
        "move",
        (actor, to),
        together=(pair(actor, to),),
        apart=tuple(pair(actor, m) for m in mates),
    )


def leave(actor: str, mates: Sequence[str]) -> Goal:
    """`actor` leaves its camp: with none of its present `mates`, or, alone now, with
    anyone (as `robust`'s tipping points mean it)."""
    if mates:
        return Goal("leave", (actor,), apart=tuple(pair(actor, m) for m in mates))
    return Goal("leave", (actor,), joined=(actor,))


def together(a: str, b: str) -> Goal:
    return Goal("together", (a, b), together=(pair(a, b),))


def apart(a: str, b: str) -> Goal:
    return Goal("apart", (a, b), apart=(pair(a, b),))


def break_camp(leader: str, members: Sequence[str]) -> Goal:
    """The camp led by `leader` no longer stands whole: its members do not all share a
    camp."""
    return Goal("break", (leader,), broken=(tuple(members),))
