"""What holds each camp together, and what would move each actor out of it.

A camp's **resilience** is the least sum of confidence x |stance change| over the ties that
touch its members after which no optimal partition keeps them all in one camp (by the
margin). It gives "firm" a number in the units of frustration: a camp of resilience 0.13
breaks if one partner's stance moves by 0.13 / its confidence. An actor's **exit** is the
least change to its own ties after which it leaves its camp, for the report page.
"""

from __future__ import annotations

import time
from collections.abc import Collection
from dataclasses import dataclass

from alliances_cli.engine.levers.goals import Goal, break_camp, leave
from alliances_cli.engine.levers.search import LeastChange, Movable, Plan, least_change
from alliances_cli.engine.view import View

#: Views with more actors than this get no resilience (a search per camp): a random view of
#: 12 actors takes 2.6 s, of 16 actors 10 s, of 20 actors 22 s. A nearly balanced view (its
#: frustration at most NEARLY_BALANCED of its tie weight), where few partitions come close to
#: the optimum, gets it up to RESILIENCE_TIMED actors (the 16 Highland tribes: 0.75 s). Under a
#: time limit, every view up to RESILIENCE_TIMED actors, as long as the time lasts.
RESILIENCE_MAX_ACTORS = 12
RESILIENCE_TIMED = 25
NEARLY_BALANCED = 0.05


def resilience_reach(view: View, timed: bool) -> bool:
    """Whether `resilience` searches this view (module constants)."""
    n = len(view.order)
    if n <= RESILIENCE_MAX_ACTORS:
        return True
    if n > RESILIENCE_TIMED:
        return False
    return timed or view.frustration <= NEARLY_BALANCED * view.total_weight


@dataclass(frozen=True)
class Resilience:
    view: str | None
    leader: str
    cost: float  # no change cheaper than this breaks the camp
    proven: bool  # and the plan found costs that (up to rounding), checked exactly
    plan: Plan | None  # the cheapest way to break it, if the search found one


def in_view(
    view: View,
    goal: Goal,
    actors: Collection[str],
    margin: float,
    plans: int,
    time_limit: float | None = None,
) -> LeastChange:
    """`least_change` in `view`, the ties touching `actors` free to move."""
    movable = [
        Movable(a, b, e.stance, e.confidence)
        for (a, b), e in sorted(view.edges.items())
        if a in actors or b in actors
    ]
    return least_change(
        list(view.order),
        {k: e.weight for k, e in view.edges.items()},
        movable,
        goal,
        view=view.id,
        camps_limit=view.camps_limit,
        margin=margin,
        plans=plans,
        time_limit=time_limit,
    )


def resilience(view: View, margin: float = 0.01, deadline: float | None = None) -> list[Resilience]:
    """The resilience of each camp of two or more members in `view`, camp by camp; with a
    `deadline` (a `time.monotonic()` time), in larger views too, each search given the time
    left, and none once it has run out."""
    if not resilience_reach(view, deadline is not None):
        return []
    found = []
    for camp in view.camps:
        if len(camp.members) < 2:
            continue
        left = None if deadline is None else deadline - time.monotonic()
        if left is not None and left <= 0:
            break
        goal = break_camp(camp.leader, camp.members)
        result = in_view(view, goal, set(camp.members), margin, plans=1, time_limit=left)
        plan = result.plans[0] if result.plans else None
        cost = 0.0 if result.met_now else result.bound
        found.append(Resilience(view.id, camp.leader, cost, result.proven, plan))
    return found


#: Views with more actors than this get no exits in the report page (a search per actor).
EXITS_MAX_ACTORS = 12


def exits(view: View, margin: float = 0.01) -> dict[str, LeastChange]:
    """For each actor of a small view, the two cheapest distinct changes to its own ties
    after which it leaves its camp in every optimum (by the margin); none for larger views."""
    if len(view.order) > EXITS_MAX_ACTORS:
        return {}
    found = {}
    for camp in view.camps:
        for actor in camp.members:
            mates = [m for m in camp.members if m != actor]
            found[actor] = in_view(view, leave(actor, mates), {actor}, margin, plans=2)
    return found
