"""Before -> after: what a what-if changed in the coalitions, the stress and the ties.

Camps have no identity of their own, so before and after camps are matched by overlap: each
after-camp is matched to the before-camp with which it shares the most members (ties broken by
the before-camp's rank), one to one, strongest overlaps first. An actor "moves" when its camp
after is not the match of its camp before.

Where a view has several optimal partitions, the one shown is a pick; what the ties leave
open is kept beside each change: a mover whose ties could not decide where it stood before,
and actors the event settles or unsettles without moving them.
"""

from __future__ import annotations

from dataclasses import dataclass

from alliances_cli.engine.analysis import Analysis, match
from alliances_cli.engine.stress import Stress
from alliances_cli.engine.view import TieView, View

#: Severity changes smaller than this are rounding, not change.
SEVERITY_EPSILON = 0.005
WEIGHT_EPSILON = 1e-9


@dataclass(frozen=True)
class Move:
    actor: str
    before: tuple[str, ...]  # camp-mates before, the actor included
    after: tuple[str, ...]
    #: Where the ties let it stand before, when they could not decide (a swing actor of the
    #: view: each company it keeps in some optimum, without it); else empty.
    options: tuple[tuple[str, ...], ...] = ()

    @property
    def undecided(self) -> bool:
        """The camp it leaves was one pick among optima, not where its ties put it."""
        return bool(self.options)

    @property
    def foreseen(self) -> bool:
        """Undecided before, and where it stands now was one of its options then: the event
        settles it rather than moving it."""
        if not self.after:  # unaligned now (no tie left): a place it had no option of
            return False
        now = set(self.after) - {self.actor}
        return any(set(option) == now for option in self.options)


@dataclass(frozen=True)
class ViewChange:
    id: str | None
    moved: tuple[Move, ...]
    merged: tuple[tuple[tuple[str, ...], ...], ...]  # before-camps that became one
    split: tuple[tuple[tuple[str, ...], ...], ...]  # after-camps that were one
    entered: tuple[str, ...]
    left: tuple[str, ...]
    frustration_before: float
    frustration_after: float
    optimal: bool
    #: Swing actors before that the event leaves firm, without a move (where they stand is
    #: now decided), and firm actors it leaves swinging (where they stand is no longer).
    settled: tuple[str, ...] = ()
    unsettled: tuple[str, ...] = ()

    @property
    def frustration_delta(self) -> float:
        return self.frustration_after - self.frustration_before

    @property
    def changed(self) -> bool:
        return bool(
            self.moved
            or self.merged
            or self.split
            or self.entered
            or self.left
            or self.settled
            or self.unsettled
            or abs(self.frustration_delta) > WEIGHT_EPSILON
        )


@dataclass(frozen=True)
class StressChange:
    change: str  # "added", "resolved" or "changed"
    before: Stress | None
    after: Stress | None

    @property
    def stress(self) -> Stress:
        found = self.after or self.before
        assert found is not None
        return found


@dataclass(frozen=True)
class TieChange:
    theater: str | None
    a: str
    b: str
    #: "added", "removed", "changed" (stance or confidence), "pressure" (only the pressure or
    #: whether it is frustrated); in the overall view also "basis": the same score, but from
    #: other theaters (or from the general stance)
    change: str
    before: TieView | None
    after: TieView | None


@dataclass(frozen=True)
class Changes:
    views: tuple[ViewChange, ...]
    stress: tuple[StressChange, ...]
    ties: tuple[TieChange, ...]

    @property
    def moved_actors(self) -> tuple[str, ...]:
        """Actors that changed camp in any view, sorted."""
        return tuple(sorted({m.actor for v in self.views for m in v.moved}))

    @property
    def empty(self) -> bool:
        return not (any(v.changed for v in self.views) or self.stress or self.ties)

    def frustration_delta(self) -> float:
        """The change in frustration summed over the theaters (the overall view excluded)."""
        return sum(v.frustration_delta for v in self.views if v.id is not None)


def compare(before: Analysis, after: Analysis, *, ties: bool = True) -> Changes:
    """What changed from `before` to `after`; `ties=False` skips the ties and what the ties
    leave undecided (a sweep's case: it counts moves over many events)."""
    views = [
        _compare_view(b, a, swings=ties)
        for b, a in zip(before.theaters, after.theaters, strict=True)
    ]
    views.append(_compare_view(before.overall, after.overall, swings=ties))
    changed: list[TieChange] = []
    if ties:
        for b, a in zip(
            (*before.theaters, before.overall), (*after.theaters, after.overall), strict=True
        ):
            changed.extend(_compare_ties(b, a))
    return Changes(tuple(views), _compare_stress(before, after), tuple(changed))


def _swinging(view: View) -> set[str]:
    """Actors whose camp-mates differ between the view's optima (in some swing pair; the
    swing actors named are only a cover of those pairs)."""
    return {a for pair in view.optima.swing_pairs for a in pair}


def _compare_view(before: View, after: View, swings: bool = True) -> ViewChange:
    if before is after:  # a view met again: nothing moved
        return ViewChange(
            before.id, (), (), (), (), (), before.frustration, after.frustration, before.optimal
        )
    matched = match(before, after)
    was, now = (_swinging(before), _swinging(after)) if swings else (set(), set())
    options = {s.actor: s.company for s in before.optima.swing} if swings else {}
    moved = []
    for actor in sorted(set(before.actors) & set(after.actors)):
        cb, ca = before.camp_of(actor), after.camp_of(actor)
        if cb is None and ca is None:
            continue
        if cb is None or ca is None or matched.get(ca) != cb:
            moved.append(
                Move(
                    actor,
                    () if cb is None else before.camps[cb].members,
                    () if ca is None else after.camps[ca].members,
                    options=options.get(actor, ()),
                )
            )
    movers = {m.actor for m in moved}
    common = set(before.actors) & set(after.actors)
    merged = []
    for index, camp in enumerate(after.camps):
        sources = sorted(
            {before.camp_of(m) for m in camp.members if m in common} - {None}  # type: ignore[type-var]
        )
        origins = [before.camps[j].members for j in sources if j is not None]
        # A merger: two before-camps of two or more members each now wholly (as far as they
        # remain) inside one after-camp; one actor joining a camp is a move.
        whole = [
            members
            for members in origins
            if all(after.camp_of(m) == index for m in members if m in common)
            and sum(m in common for m in members) >= 2
        ]
        if len(whole) >= 2:
            merged.append(tuple(whole))
    split = []
    for camp in before.camps:
        parts: dict[int, int] = {}
        for m in camp.members:
            target = after.camp_of(m) if m in common else None
            if target is not None:
                parts[target] = parts.get(target, 0) + 1
        # A split: two or more members each in two after-camps; one actor leaving is a move.
        targets = sorted(i for i, n in parts.items() if n >= 2)
        if len(targets) >= 2:
            split.append(tuple(after.camps[i].members for i in targets))
    return ViewChange(
        id=before.id,
        moved=tuple(moved),
        merged=tuple(merged),
        split=tuple(split),
        entered=tuple(a for a in after.actors if a not in common),
        left=tuple(a for a in before.actors if a not in common),
        frustration_before=before.frustration,
        frustration_after=after.frustration,
        optimal=before.optimal and after.optimal,
        settled=tuple(sorted((was - now) & common - movers)),
        unsettled=tuple(sorted((now - was) & common - movers)),
    )


def _key(stress: Stress) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    return (stress.kind, stress.actors, stress.theaters)


def _compare_stress(before: Analysis, after: Analysis) -> tuple[StressChange, ...]:
    """Stress points added, resolved or changed in severity, matched by kind, actors, theaters."""
    changes = list(_changes(before.stress, after.stress))
    order = {"added": 0, "changed": 1, "resolved": 2}
    changes.sort(
        key=lambda c: (
            order[c.change],
            -max((c.before.severity if c.before else 0), (c.after.severity if c.after else 0)),
            _key(c.stress),
        )
    )
    return tuple(changes)


def _changes(before: tuple[Stress, ...], after: tuple[Stress, ...]) -> tuple[StressChange, ...]:
    """Compared by fact, not by headline: a point folded as a facet under another point on
    one side is still there (a change of severity at most), not added or resolved."""
    old, new = _facts(before), _facts(after)
    changes = []
    for stress in after:
        key = _key(stress)
        if key not in old:
            changes.append(StressChange("added", None, stress))
        elif abs(old[key].severity - stress.severity) >= SEVERITY_EPSILON:
            changes.append(StressChange("changed", old[key], stress))
    shown = {_key(s) for s in after}
    for stress in before:
        key = _key(stress)
        if key not in new:
            changes.append(StressChange("resolved", stress, None))
        elif key not in shown and abs(new[key].severity - stress.severity) >= SEVERITY_EPSILON:
            changes.append(StressChange("changed", stress, new[key]))
    return tuple(changes)


def _facts(
    points: tuple[Stress, ...],
) -> dict[tuple[str, tuple[str, ...], tuple[str, ...]], Stress]:
    """Every fact of a list of stress points, facets included, by kind, actors and theaters."""
    found: dict[tuple[str, tuple[str, ...], tuple[str, ...]], Stress] = {}
    for point in points:
        for fact in (point, *point.facets):
            found.setdefault(_key(fact), fact)
    return found


def _compare_ties(before: View, after: View) -> list[TieChange]:
    old = {(t.a, t.b): t for t in before.ties}
    new = {(t.a, t.b): t for t in after.ties}
    changes = []
    for pair in sorted(set(old) | set(new)):
        b, a = old.get(pair), new.get(pair)
        if b is None:
            changes.append(TieChange(before.id, *pair, "added", None, a))
        elif a is None:
            changes.append(TieChange(before.id, *pair, "removed", b, None))
        elif abs(a.weight - b.weight) > WEIGHT_EPSILON:
            changes.append(TieChange(before.id, *pair, "changed", b, a))
        elif before.id is None and before.edges[pair].theaters != after.edges[pair].theaters:
            changes.append(TieChange(before.id, *pair, "basis", b, a))
        elif abs(a.pressure - b.pressure) > WEIGHT_EPSILON or a.frustrated != b.frustrated:
            changes.append(TieChange(before.id, *pair, "pressure", b, a))
    return changes
