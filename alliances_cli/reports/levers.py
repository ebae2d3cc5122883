"""`alliances levers`: the cheapest plans that meet a goal, for people and for scripts.

The text says the goal, where the view stands now, which ties may change, then the plans as
sentences with what each does, and the certificate: the proven least cost, or why there is
none. Every figure a sentence cites is a field of the engine's record.
"""

from __future__ import annotations

import math
import shlex
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from alliances_cli.reports.common import company, heading, scenario_header
from alliances_cli.reports.render.blocks import Block, Grid, Styled
from alliances_cli.reports.render.formats import Result, table
from alliances_cli.reports.render.numbers import num, stance

if TYPE_CHECKING:
    from alliances_cli.engine.levers import Change, Goal, LeastChange, Plan
    from alliances_cli.scenario.model import Event, Scenario

LEVERS_SCHEMA = "alliances/levers/1"


@dataclass(frozen=True)
class Planned:
    """A search for the least change, with what the reports say around it."""

    scenario: Scenario
    found: LeastChange
    theater: str
    #: Whose ties may change; None: every tie of the theater.
    movers: tuple[str, ...] | None
    camps_limit: int | None = None
    #: How the command line named the scenario, for the `whatif` line the text suggests
    #: (None: a placeholder; "": the bundled default, named by nothing).
    source: str | None = None
    #: The events applied before planning (names or inline tokens), in order: a plan holds
    #: after them.
    after: tuple[str, ...] = ()


PLAN_COLUMNS = (
    "plan",
    "cost",
    "least",
    "lead",
    "proven",
    "a",
    "b",
    "theater",
    "stance",
    "to",
    "change",
    "confidence",
    "new",
)
LEVER_COLUMNS = ("a", "b", "theater", "stance", "confidence", "new")


# -- data -----------------------------------------------------------------------------------------


def levers_data(levers: Planned) -> dict[str, Any]:
    """The `alliances levers --format json` document."""
    found = levers.found
    return {
        "schema": LEVERS_SCHEMA,
        "scenario": scenario_header(levers.scenario),
        "theater": levers.theater,
        "camps_limit": levers.camps_limit,
        "goal": _goal_data(found.goal),
        "margin": num(found.margin),
        "max_ties": found.max_ties,
        "now": {"meets_goal": found.met_now, "lead": _finite(found.lead)},
        "levers": [
            {
                "a": m.a,
                "b": m.b,
                "stance": num(m.stance),
                "confidence": num(m.confidence),
                "new": m.new,
            }
            for m in found.movable
        ],
        "plans": [_plan_data(levers, rank, plan) for rank, plan in enumerate(found.plans, 1)],
        "bound": _finite(found.bound),
        "proven": found.proven,
        "feasible": found.feasible,
        "stopped": found.stopped,
        "rounds": found.rounds,
    }


def _finite(value: float) -> float | None:
    return num(value) if math.isfinite(value) else None


def _goal_data(goal: Goal) -> dict[str, Any]:
    return {
        "kind": goal.kind,
        "actors": list(goal.subjects),
        "together": [list(p) for p in goal.together],
        "apart": [list(p) for p in goal.apart],
        "broken": [list(m) for m in goal.broken],
        "joined": list(goal.joined),
    }


def _plan_data(levers: Planned, rank: int, plan: Plan) -> dict[str, Any]:
    return {
        "plan": rank,
        "cost": num(plan.cost),
        "least": num(plan.least),
        "lead": num(plan.lead),
        "proven": plan.proven,
        "changes": [
            {
                "a": c.a,
                "b": c.b,
                "theater": levers.theater,
                "stance": num(c.stance),
                "to": c.to,
                "change": num(c.to - c.stance),
                "confidence": num(c.confidence),
                "new": c.new,
            }
            for c in plan.changes
        ],
        "camps_after": [list(c) for c in plan.camps],
    }


def levers_result(levers: Planned) -> Result:
    """The machine formats: the document, a row per change of each plan, a row per lever."""
    document = levers_data(levers)
    rows = [
        (
            p["plan"],
            p["cost"],
            p["least"],
            p["lead"],
            p["proven"],
            c["a"],
            c["b"],
            c["theater"],
            c["stance"],
            c["to"],
            c["change"],
            c["confidence"],
            c["new"],
        )
        for p in document["plans"]
        for c in p["changes"]
    ]
    lever_rows = [
        (m["a"], m["b"], levers.theater, m["stance"], m["confidence"], m["new"])
        for m in document["levers"]
    ]
    return Result(
        title=f"{levers.scenario.title}: levers",
        document=document,
        tables=(table("plans", PLAN_COLUMNS, rows), table("levers", LEVER_COLUMNS, lever_rows)),
    )


def plan_events(levers: Planned) -> tuple[Event, ...]:
    """Each plan as a named event that sets the stances it changes, ids `plan-1`, ..."""
    from alliances_cli.scenario.model import ApplyEvent, Event, SetTie

    taken = {e.id for e in levers.scenario.events}
    # Named events planned after are applied first; inline ones can only be said.
    first = tuple(ApplyEvent(e) for e in levers.after if e in taken)
    told = [e for e in levers.after if e not in taken]
    found = []
    for rank, plan in enumerate(levers.found.plans, 1):
        name = f"plan-{rank}"
        while name in taken:
            name = f"levers-{name}"
        after = f"; apply after {', '.join(told)}" if told else ""
        found.append(
            Event(
                name,
                title=f"{_goal_words(levers.scenario, levers.found.goal)}: plan {rank}",
                description=f"Found by alliances levers in '{levers.theater}'; "
                f"cost {plan.cost:.2f} (confidence x stance change){after}.",
                operations=first
                + tuple(
                    SetTie(c.a, c.b, stance=c.to, theater=levers.theater) for c in plan.changes
                ),
            )
        )
    return tuple(found)


# -- text -----------------------------------------------------------------------------------------


def levers_report(levers: Planned) -> list[Block]:
    scenario, found = levers.scenario, levers.found
    where = levers.theater
    limit = f", at most {levers.camps_limit} camps" if levers.camps_limit else ""
    parts: list[Block] = [
        heading(scenario),
        Styled(""),
        Styled("Goal", style="bold").append(
            f" in {where}{limit}: {_goal_words(scenario, found.goal)}, in every optimal "
            f"partition, by at least {found.margin:.2f} (the margin)."
        ),
        Styled(_now_words(levers)),
        Styled(_lever_words(levers), style="dim"),
        Styled(""),
    ]
    if found.met_now:
        return [*parts, Styled("Nothing needs to change.", style="green")]
    if found.plans:
        parts.append(_plans_grid(levers))
        parts.append(Styled(""))
    parts += [Styled(line) for line in _certificate(levers)]
    if found.plans:
        parts += [Styled(""), Styled(_try_line(levers), style="dim")]
    return parts


def _goal_words(scenario: Scenario, goal: Goal) -> str:
    name = scenario.actor_name
    if goal.kind in ("move", "leave"):
        actor = goal.subjects[0]
        mates = [b if a == actor else a for a, b in goal.apart]
        left = f"leaves its camp ({company(scenario, mates)})" if mates else ""
        if goal.kind == "move":
            joins = f"stands with {name(goal.subjects[1])}"
            return f"{name(actor)} {left} and {joins}" if left else f"{name(actor)} {joins}"
        if mates:
            return f"{name(actor)} {left}"
        return f"{name(actor)}, alone now, stands with someone"
    if goal.kind == "together":
        return f"{name(goal.subjects[0])} and {name(goal.subjects[1])} stand together"
    if goal.kind == "apart":
        return f"{name(goal.subjects[0])} and {name(goal.subjects[1])} stand apart"
    members = goal.broken[0]
    return f"the camp of {name(goal.subjects[0])} ({_listed(scenario, members)}) breaks up"


def _listed(scenario: Scenario, actors: tuple[str, ...] | list[str]) -> str:
    named = [scenario.actor_name(a) for a in actors]
    if len(named) > 4:
        named = [*named[:3], f"{len(named) - 3} others"]
    return named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"


def _now_words(levers: Planned) -> str:
    found = levers.found
    lead = found.lead
    if found.met_now:
        return (
            f"Now: it holds; the best partition that misses it has {lead:.2f} more "
            "frustration than the optimum."
        )
    if not math.isfinite(lead):
        return "Now: no partition at all meets it under the camp limit."
    if lead < -1e-9:
        return (
            f"Now: it does not hold; the best partition that meets it has {-lead:.2f} more "
            "frustration than the optimum."
        )
    if lead <= 1e-9:
        return (
            "Now: undecided; a partition that meets it and one that misses it are equally "
            "good, so the ties alone cannot say."
        )
    return f"Now: it holds by {lead:.2f} only, less than the margin."


def _lever_words(levers: Planned) -> str:
    found = levers.found
    existing = [m for m in found.movable if not m.new]
    new = len(found.movable) - len(existing)
    words = f"Levers: {len(existing)} tie{'s' * (len(existing) != 1)}"
    if new:
        words += f" and {new} new one{'s' * (new != 1)}"
    if levers.movers is None:
        words += f", every one in {levers.theater}"
    else:
        words += f" of {_listed(levers.scenario, levers.movers)} in {levers.theater}"
    words += f", each stance within -1..+1{'' if new else ' (no new ties: --allow-new)'}"
    if found.max_ties is not None:
        words += f", at most {found.max_ties} changed"
    return words + "; cost: the sum of confidence x |stance change|, in units of frustration."


def _plans_grid(levers: Planned) -> Grid:
    scenario, found = levers.scenario, levers.found
    title = "Cheapest plans" if found.proven else "Plans found (not proven cheapest)"
    grid = Grid(Styled(title, style="bold"))
    grid.add_column("Plan", justify="right")
    grid.add_column("Cost", justify="right")
    grid.add_column("Change")
    grid.add_column("Then")
    for rank, plan in enumerate(found.plans, 1):
        lines = [_change_words(c) for c in plan.changes]
        grid.add_row(
            str(rank), f"{plan.cost:.2f}", "\n".join(lines), _then(scenario, found.goal, plan)
        )
    return grid


def _change_words(change: Change) -> str:
    tie = f"{change.a}–{change.b}"
    if change.new:
        return f"create {tie} at {stance(change.to)} (no tie now)"
    verb = "raise" if change.to > change.stance else "lower"
    delta = stance(change.to - change.stance)
    return f"{verb} {tie} from {stance(change.stance)} to {stance(change.to)} ({delta})"


def _then(scenario: Scenario, goal: Goal, plan: Plan) -> str:
    camp_of = {a: i for i, camp in enumerate(plan.camps) for a in camp}

    def mates(actor: str) -> list[str]:
        return [a for a in plan.camps[camp_of[actor]] if a != actor]

    name = scenario.actor_name
    if goal.kind in ("move", "leave", "together"):
        actor = goal.subjects[0]
        return f"{name(actor)} stands {company(scenario, mates(actor))}"
    if goal.kind == "apart":
        a, b = goal.subjects
        return f"{name(a)} {company(scenario, mates(a))}; {name(b)} {company(scenario, mates(b))}"
    members = set(goal.broken[0])
    parts = [
        _listed(scenario, [a for a in camp if a in members])
        for camp in plan.camps
        if members & set(camp)
    ]
    return "split: " + " | ".join(parts)


def _certificate(levers: Planned) -> list[str]:
    found = levers.found
    if not found.feasible:
        return [
            "No plan within these levers meets the goal (proven): even at -1 or +1 the ties "
            "allowed cannot. Allow more: --ties-of, --any-tie, --allow-new, fewer --fixed, a "
            "larger --max-ties."
        ]
    lines = []
    if not found.plans:
        if found.stopped == "time":
            why = "the search stopped at its time limit (a longer --time-limit may find one)"
        else:
            why = f"the search stopped after {found.rounds} rounds"
        known = (
            f"no plan cheaper than {_floor(found.bound)} exists"
            if found.bound > 0
            else "nothing is proven about its cost"
        )
        return [f"No plan found: {why}; {known}."]
    first = found.plans[0]
    if found.proven:
        line = f"Proven: no plan cheaper than {_floor(found.bound)} exists"
        if first.cost - found.bound >= 0.005:
            line += "; the plans cost more only by rounding their stances"
        lines.append(line + ".")
    elif found.stopped is not None and len(found.plans) == 1 and not found.proven:
        why = "at its time limit" if found.stopped == "time" else f"after {found.rounds} rounds"
        works = (
            "the exact solver checked that it meets the goal"
            if first.proven
            else "the exact solver ran out of time checking that it meets the goal"
        )
        lines.append(
            f"Not proven cheapest: the search stopped {why}, so the plan above is one that "
            f"works, found by pushing the levers towards the goal ({works}); no plan cheaper "
            f"than {_floor(found.bound)} exists."
        )
    else:
        lines.append(
            "Not proven: the exact search did not finish on every partition that misses the "
            f"goal, so a plan may fall short; no plan cheaper than {_floor(found.bound)} exists."
        )
    # Rounding may list a plan that is not the program's first ahead of it: compare each
    # with the least of them all.
    least = min(p.least for p in found.plans)
    equal = [r for r, p in enumerate(found.plans, 1) if abs(p.least - least) < 1e-6]
    if len(equal) > 1:
        ranks = [str(r) for r in equal]
        listed = f"{', '.join(ranks[:-1])} and {ranks[-1]}"
        lines.append(
            f"Plans {listed} are equally cheap before rounding: the ties cannot choose "
            "between them, and mixtures of them cost the same."
        )
    if len(found.plans) < found.asked:
        if found.stopped is None:
            lines.append(
                f"No other distinct plan exists within these levers (asked for {found.asked}; "
                "a distinct plan leaves at least one tie of each plan above unchanged)."
            )
        else:
            lines.append(
                f"The search stopped ({found.stopped}) before plan {len(found.plans) + 1}."
            )
    return lines


def _floor(value: float) -> str:
    """A lower bound to two decimals, never above itself by more than 0.0005 (the program's
    tolerances and its per-tie cost; docs/levers.md)."""
    return f"{math.floor(value * 100 + 0.05) / 100:.2f}"


def _try_line(levers: Planned) -> str:
    plan = levers.found.plans[0]
    source = "SCENARIO" if levers.source is None else levers.source and shlex.quote(levers.source)
    words = ["alliances whatif", source] if source else ["alliances whatif"]
    words += [shlex.quote(e) for e in levers.after]
    words += [shlex.quote(f"set:{c.a}:{c.b}={c.to!r}@{levers.theater}") for c in plan.changes]
    return f"Try plan 1: {' '.join(words)}   (every plan as events: --save FILE)"
