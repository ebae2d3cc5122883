"""`alliances whatif` and `alliances events`: what-if events listed, and before -> after."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from alliances_cli.reports.common import (
    frustration_legend,
    heading,
    names,
    scenario_header,
    view_label,
)
from alliances_cli.reports.describe import describe
from alliances_cli.reports.render.blocks import Block, Grid, Styled
from alliances_cli.reports.render.formats import Result, table
from alliances_cli.reports.render.numbers import num
from alliances_cli.reports.show import large, swing_options
from alliances_cli.reports.show_data import ListWriters, show_data
from alliances_cli.reports.show_records import AS_LINES
from alliances_cli.reports.stress import summary, the_camp
from alliances_cli.scenario.dump import operation_to_data
from alliances_cli.scenario.model import Event, Scenario
from alliances_cli.scenario.vocabulary import signed

if TYPE_CHECKING:
    from alliances_cli.engine.analysis import Analysis
    from alliances_cli.engine.diff import Changes, TieChange, ViewChange
    from alliances_cli.engine.events import Applied
    from alliances_cli.engine.view import TieView, View


def events_table(scenario: Scenario, events: Sequence[Event]) -> Block:
    if not events:
        return Styled("No named events in this scenario.")
    table = Grid(Styled("Events", style="bold"))
    table.add_column("Event", style="cyan", keep=True)
    table.add_column("Title", style="bold")
    table.add_column("Operations")
    table.add_column("Description", style="dim")
    for event in events:
        table.add_row(
            Styled(event.id),
            Styled(event.title or ""),
            Styled("\n".join(describe(op) for op in event.operations)),
            Styled((event.description or "").strip()),
        )
    return table


def whatif_report(
    before: Analysis, after: Analysis, applied: Applied, changes: Changes
) -> list[Block]:
    """The whole `alliances whatif` screen: the events, then what changed, table by table."""
    scenario = before.scenario
    parts: list[Block] = [heading(scenario), Styled(""), _steps(applied)]
    for note in applied.notes:
        parts.append(Styled(f"note: {note.event}: {note.message}", style="yellow"))
    parts.append(Styled(""))
    if changes.empty:
        parts.append(Styled("No change: the same camps, stress points and ties."))
        return parts
    parts += [_camps_table(before, after, changes), Styled("")]
    scored = after.overall_rule == "consensus"  # "single" with one theater
    parts += [_frustration_table(changes), frustration_legend(scored, normalised=False), Styled("")]
    if changes.stress:
        parts += [_stress_table(before, after, changes), Styled("")]
    stance_changes = [t for t in changes.ties if t.change != "pressure" and t.theater is not None]
    if stance_changes:
        parts += [_ties_table(stance_changes), Styled("")]
    parts += _overall_basis(before, after, changes)
    pressure = _pressure_table(changes)
    if pressure is not None:
        parts += [pressure, Styled("")]
    return parts[:-1]


def _steps(applied: Applied) -> Styled:
    steps = Styled("What if", style="bold")
    for i, event in enumerate(applied.events, 1):
        steps.append(f"\n {i}. ")
        steps.append(event.id, style="cyan")
        if event.title:
            steps.append(f": {event.title}")
        for op in event.operations:
            steps.append(f"\n      {describe(op)}", style="dim")
    return steps


def _camps_table(before: Analysis, after: Analysis, changes: Changes) -> Grid:
    """What changed in each view's camps, camps by their names: a split or a merge said once,
    its movers not again as moves."""
    scenario = before.scenario
    camps = Grid(Styled("Camps", style="bold"))
    camps.add_column("View", style="cyan", no_wrap=True)
    camps.add_column("Change")
    for view in changes.views:
        old = _view_of(before, view.id)
        new = _view_of(after, view.id)
        lines = []
        if view.left:
            lines.append(f"left: {names(scenario, view.left)}")
        if view.entered:
            lines.append(f"entered: {names(scenario, view.entered)}")
        explained: list[set[str]] = []  # camps whose regrouping a line already says
        for group in view.merged:
            whole = _camp_words(scenario, new, [a for c in group for a in c])
            named = sorted((_camp_words(scenario, old, c) for c in group), key=lambda n: n != whole)
            lines.append(f"{_listed(named)} merged into {whole}")
            explained.append({a for c in group for a in c})
        for group in view.split:
            whole = _camp_words(scenario, old, [a for c in group for a in c])
            named = sorted((_camp_words(scenario, new, c) for c in group), key=lambda n: n != whole)
            lines.append(f"{whole} split into {_listed(named)}")
            explained.append({a for c in group for a in c})
        for move in view.moved:
            if set(move.before) in explained or set(move.after) in explained:
                continue  # a member of a camp that split, or of camps that merged
            who = scenario.actor_name(move.actor)
            if move.undecided:  # the camp it leaves was a pick, not where its ties put it
                if not move.foreseen:
                    said = f"moves {_whither(scenario, new, move.actor, move.after)}"
                elif len(move.after) == 1:
                    said = "now stands alone"
                else:
                    said = f"now stands with {_camp_words(scenario, new, move.after)}"
                lines.append(f"{who} {said}; {_before(before, old, move.actor)}")
                continue
            lines.append(
                f"{who} moves {_whence(scenario, old, move.actor, move.before)} "
                f"{_whither(scenario, new, move.actor, move.after)}"
            )
        lines += _settling(before, after, old, new, view)
        camps.add_row(Styled(view_label(view.id)), Styled("\n".join(lines) or "no change"))
    return camps


#: Actors settled or unsettled by the events, named per view in the text (JSON lists all).
SETTLING_SHOWN = 3


def _settling(
    before: Analysis, after: Analysis, old: View | None, new: View | None, change: ViewChange
) -> list[str]:
    """Actors the events settle or unsettle without moving them, best connected first."""
    scenario = before.scenario
    lines = []
    for actor in _ranked(new, change.settled)[:SETTLING_SHOWN]:
        camp = new.camp_of(actor) if new else None
        members = new.camps[camp].members if new and camp is not None else (actor,)
        where = "alone" if len(members) == 1 else f"with {_camp_words(scenario, new, members)}"
        lines.append(
            f"{scenario.actor_name(actor)}: the ties now place it {where}; "
            f"{_before(before, old, actor)}"
        )
    if len(change.settled) > SETTLING_SHOWN:
        lines.append(
            f"{len(change.settled) - SETTLING_SHOWN} more now placed (all in --format json)"
        )
    for actor in _ranked(new, change.unsettled)[:SETTLING_SHOWN]:
        lines.append(f"{scenario.actor_name(actor)} may now stand {_options(after, new, actor)}")
    if len(change.unsettled) > SETTLING_SHOWN:
        lines.append(
            f"{len(change.unsettled) - SETTLING_SHOWN} more no longer placed by their ties "
            "(all in --format json)"
        )
    return lines


def _ranked(view: View | None, actors: Sequence[str]) -> list[str]:
    """The best connected first: what happens to them says most about the view."""
    if view is None:
        return list(actors)
    strength = view.strengths
    return sorted(actors, key=lambda a: -round(strength.get(a, 0.0), 9))


def _options(analysis: Analysis, view: View | None, actor: str) -> str:
    """Where the ties of `view` let `actor` stand, and why they cannot choose; for an actor
    in a swing pair but not among the swing actors named, the actors it may or may not join."""
    if view is None:
        return "in several places"
    swing = next((s for s in view.optima.swing if s.actor == actor), None)
    if swing is None:
        partners = sorted(
            {b for pair in view.optima.swing_pairs if actor in pair for b in pair} - {actor}
        )
        return f"with or apart from {names(analysis.scenario, partners)}"
    splits = {frozenset((p.a, p.b)) for p in analysis.splits} if view.id is None else set()
    return swing_options(analysis.scenario, swing, view, splits)


def _before(analysis: Analysis, view: View | None, actor: str) -> str:
    return f"before, it could stand {_options(analysis, view, actor)}"


def _view_of(analysis: Analysis, view: str | None) -> View | None:
    try:
        return analysis.view(view)
    except KeyError:
        return None


def _camp_words(scenario: Scenario, view: View | None, members: Sequence[str]) -> str:
    """'the Russia camp' for a camp of the view, by its members; else its members listed."""
    found = (
        None
        if view is None
        else next((c for c in view.camps if set(c.members) == set(members)), None)
    )
    if found is None or len(members) == 1:
        return f"[{names(scenario, members)}]"
    return the_camp(found.name)


def _whence(scenario: Scenario, view: View | None, actor: str, members: Sequence[str]) -> str:
    if not members:  # no tie in the view: in no camp
        return "from being unaligned"
    if len(members) == 1:
        return "from standing alone"
    return f"from {_camp_words(scenario, view, members)}"


def _whither(scenario: Scenario, view: View | None, actor: str, members: Sequence[str]) -> str:
    if not members:
        return "to being unaligned (no tie left in the view)"
    if len(members) == 1:
        return "to stand alone"
    return f"to {_camp_words(scenario, view, members)}"


def _listed(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _frustration_table(changes: Changes) -> Grid:
    frustration = Grid(Styled("Frustration", style="bold"))
    frustration.add_column("View", style="cyan", no_wrap=True)
    for column in ("Before", "After", "Change"):
        frustration.add_column(column, justify="right")
    for view in changes.views:
        frustration.add_row(
            Styled(view_label(view.id)),
            Styled(f"{view.frustration_before:.2f}"),
            Styled(f"{view.frustration_after:.2f}"),
            Styled(signed(view.frustration_delta)),
        )
    return frustration


#: How each kind of stress change is marked in the text.
STRESS_MARKS = {
    "added": ("+ added", "red"),
    "resolved": ("- resolved", "green"),
    "changed": ("~ changed", "yellow"),
}


def _stress_table(before: Analysis, after: Analysis, changes: Changes) -> Grid:
    stress = Grid(Styled("Stress points", style="bold"))
    stress.add_column("Change", no_wrap=True)
    stress.add_column("Sev.", justify="right", no_wrap=True)
    stress.add_column("Kind", style="magenta", no_wrap=True)
    stress.add_column("Summary")
    for change in changes.stress:
        label, style = STRESS_MARKS[change.change]
        old = f"{change.before.severity:.2f}" if change.before else ""
        new = f"{change.after.severity:.2f}" if change.after else ""
        severity = f"{old} → {new}" if old and new else old or new
        stress.add_row(
            Styled(label, style=style),
            Styled(severity),
            Styled(change.stress.kind),
            Styled(summary(after if change.after else before, change.stress)),
        )
    return stress


def _ties_table(stance_changes: list[TieChange]) -> Grid:
    ties = Grid(Styled("Ties", style="bold"))
    ties.add_column("Theater", style="cyan", no_wrap=True)
    ties.add_column("Tie", no_wrap=True)
    ties.add_column("Change")
    ties.add_column("Weight", justify="right")
    for t in stance_changes:
        old = signed(t.before.weight) if t.before else "-"
        new = signed(t.after.weight) if t.after else "-"
        ties.add_row(
            Styled(t.theater or ""),
            Styled(f"{t.a}–{t.b}"),
            Styled(t.change),
            Styled(f"{old} → {new}"),
        )
    return ties


def _pressure_table(changes: Changes) -> Grid | None:
    """The ties whose balance pressure changed most, largest first (None: none did)."""
    pressure = [
        t for t in changes.ties if t.theater is not None and abs(_pressure_change(t)) >= 0.005
    ]
    if not pressure:
        return None
    # Rounded, so that changes that print alike are ordered by name, not by float noise.
    pressure.sort(key=lambda t: (-round(abs(_pressure_change(t)), 9), t.theater or "", t.a, t.b))
    shown = pressure[:PRESSURE_ROWS]
    title = Styled("Balance pressure on ties", style="bold")
    if len(shown) < len(pressure):
        title.append(
            f" (largest {len(shown)} of {len(pressure)} changes; all in --format json)",
            style="dim",
        )
    table = Grid(title)
    table.add_column("Theater", style="cyan", no_wrap=True)
    table.add_column("Tie", no_wrap=True)
    table.add_column("Weight", justify="right")
    table.add_column("Pressure", justify="right")
    for t in shown:
        assert t.before is not None and t.after is not None
        table.add_row(
            Styled(t.theater or ""),
            Styled(f"{t.a}–{t.b}"),
            Styled(signed(t.after.weight)),
            Styled(f"{signed(t.before.pressure)} → {signed(t.after.pressure)}"),
        )
    return table


def _basis(analysis: Analysis, a: str, b: str, tie: TieView | None) -> str:
    if tie is None:
        split = next((s for s in analysis.splits if {s.a, s.b} == {a, b}), None)
        if split is None:
            return "no score"
        together, apart = "+".join(split.together), "+".join(split.apart)
        return f"split (together in {together}, apart in {apart})"
    where = "+".join(tie.theaters) if tie.theaters else "general stance"
    return f"{signed(tie.weight)} ({where})"


def _overall_basis(before: Analysis, after: Analysis, changes: Changes) -> list[Block]:
    """What the overall view is made of: pair scores that changed, or that now come from the
    general stance (or from theaters, or from nothing) where they came from something else."""

    def source(tie: TieView | None) -> str:
        return "none" if tie is None else ("theaters" if tie.theaters else "general")

    rows = [
        t
        for t in changes.ties
        if t.theater is None
        and t.change != "pressure"
        and (t.change != "basis" or source(t.before) != source(t.after))
    ]
    if not rows:
        return []

    def size(t: TieChange) -> float:
        old = t.before.weight if t.before else 0.0
        new = t.after.weight if t.after else 0.0
        return abs(new - old)

    rows.sort(key=lambda t: (-round(size(t), 9), t.a, t.b))
    shown = rows[:PRESSURE_ROWS]
    title = Styled("Overall view: what each pair's score is made of", style="bold")
    if len(shown) < len(rows):
        title.append(f" (largest {len(shown)} of {len(rows)}; all in --format json)", style="dim")
    table = Grid(title)
    table.add_column("Pair", no_wrap=True)
    table.add_column("Before")
    table.add_column("After")
    name = before.scenario.actor_name
    for t in shown:
        table.add_row(
            Styled(f"{name(t.a)} – {name(t.b)}"),
            Styled(_basis(before, t.a, t.b, t.before)),
            Styled(_basis(after, t.a, t.b, t.after)),
        )
    return [table, Styled("")]


def _pressure_change(tie: TieChange) -> float:
    if tie.before is None or tie.after is None:
        return 0.0
    return tie.after.pressure - tie.before.pressure


#: Rows of the largest pressure changes that the text report of a what-if lists.
PRESSURE_ROWS = 8


WHATIF_SCHEMA = "alliances/whatif/2"


EVENTS_SCHEMA = "alliances/events/1"


def event_data(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "inline": ":" in event.id,
        "title": event.title,
        "description": event.description,
        "operations": [
            {**operation_to_data(op), "summary": describe(op)} for op in event.operations
        ],
    }


def events_data(scenario: Scenario, events: Sequence[Event]) -> dict[str, Any]:
    """The `alliances events --format json` document."""
    return {
        "schema": EVENTS_SCHEMA,
        "scenario": scenario_header(scenario),
        "events": [event_data(e) for e in events],
    }


def _tie_state(tie: TieView | None) -> dict[str, Any] | None:
    if tie is None:
        return None
    return {
        "stance": num(tie.stance),
        "confidence": num(tie.confidence),
        "weight": num(tie.weight),
        "pressure": num(tie.pressure),
        "frustrated": tie.frustrated,
        "theaters": list(tie.theaters),
    }


def changes_data(before: Analysis, after: Analysis, changes: Changes) -> dict[str, Any]:

    return {
        "moved": list(changes.moved_actors),
        "views": [
            {
                "id": v.id,
                "moved": [
                    {
                        "actor": m.actor,
                        "before": list(m.before),
                        "after": list(m.after),
                        "undecided": m.undecided,
                    }
                    for m in v.moved
                ],
                "merged": [[list(c) for c in group] for group in v.merged],
                "split": [[list(c) for c in group] for group in v.split],
                "entered": list(v.entered),
                "left": list(v.left),
                "settled": list(v.settled),
                "unsettled": list(v.unsettled),
                "frustration": {
                    "before": num(v.frustration_before),
                    "after": num(v.frustration_after),
                    "delta": num(v.frustration_delta),
                },
            }
            for v in changes.views
        ],
        "stress": [
            {
                "change": c.change,
                "kind": c.stress.kind,
                "actors": list(c.stress.actors),
                "theaters": list(c.stress.theaters),
                "severity_before": None if c.before is None else num(c.before.severity),
                "severity_after": None if c.after is None else num(c.after.severity),
                "summary": summary(after if c.after else before, c.stress),
            }
            for c in changes.stress
        ],
        "ties": [
            {
                "theater": t.theater,
                "actors": [t.a, t.b],
                "change": t.change,
                "before": _tie_state(t.before),
                "after": _tie_state(t.after),
            }
            for t in changes.ties
        ],
    }


def whatif_data(
    before: Analysis,
    after: Analysis,
    applied: Applied,
    changes: Changes,
    top: int | None = None,
    *,
    writers: ListWriters | None = None,
) -> dict[str, Any]:
    """The `alliances whatif --format json` document (`writers`: see `ListWriters`)."""
    return {
        "schema": WHATIF_SCHEMA,
        "scenario": scenario_header(before.scenario),
        "events": [event_data(e) for e in applied.events],
        "notes": [{"event": n.event, "message": n.message} for n in applied.notes],
        "before": show_data(before, top, writers=writers),
        "after": show_data(after, top, writers=writers),
        "changes": changes_data(before, after, changes),
    }


#: The columns of whatif's tables (`--table NAME`).
WHATIF_COLUMNS = {
    "moves": ("view", "actor", "before", "after"),
    "frustration": ("view", "before", "after", "delta"),
    "stress": (
        "change",
        "kind",
        "actors",
        "theaters",
        "severity_before",
        "severity_after",
        "summary",
    ),
    "ties": (
        "theater",
        "a",
        "b",
        "change",
        "weight_before",
        "weight_after",
        "pressure_before",
        "pressure_after",
    ),
}


def whatif_result(
    before: Analysis, after: Analysis, applied: Applied, changes: Changes, top: int | None
) -> Result:
    """What `whatif` prints in the machine formats: its tables and its JSON document."""
    names = ", ".join(e.id for e in applied.events) or "no events"
    rows = _whatif_rows(before, after, changes)
    return Result(
        title=f"{before.scenario.title}: what if {names}",
        document=lambda: whatif_data(before, after, applied, changes, top),
        for_json=(lambda: whatif_data(before, after, applied, changes, top, writers=AS_LINES))
        if large(before, after)
        else None,
        tables=tuple(table(name, WHATIF_COLUMNS[name], rows[name]) for name in WHATIF_COLUMNS),
    )


def _whatif_rows(
    before: Analysis, after: Analysis, changes: Changes
) -> dict[str, list[tuple[Any, ...]]]:
    moves = [
        (view_label(v.id), m.actor, list(m.before), list(m.after))
        for v in changes.views
        for m in v.moved
    ]
    frustration = [
        (
            view_label(v.id),
            num(v.frustration_before),
            num(v.frustration_after),
            num(v.frustration_delta),
        )
        for v in changes.views
    ]
    stress = [
        (
            c.change,
            c.stress.kind,
            list(c.stress.actors),
            list(c.stress.theaters),
            None if c.before is None else num(c.before.severity),
            None if c.after is None else num(c.after.severity),
            summary(after if c.after else before, c.stress),
        )
        for c in changes.stress
    ]

    def value(tie: Any, name: str) -> Any:
        return None if tie is None else num(getattr(tie, name))

    ties = [
        (
            view_label(t.theater),
            t.a,
            t.b,
            t.change,
            value(t.before, "weight"),
            value(t.after, "weight"),
            value(t.before, "pressure"),
            value(t.after, "pressure"),
        )
        for t in changes.ties
    ]
    return {"moves": moves, "frustration": frustration, "stress": stress, "ties": ties}


def events_result(scenario: Scenario, events: Sequence[Event]) -> Result:
    rows = []
    for event in events:
        for step, op in enumerate(event.operations, 1):
            action = next(iter(operation_to_data(op)))
            rows.append((event.id, event.title, step, action, describe(op)))
    return Result(
        title=f"{scenario.title}: events",
        document=events_data(scenario, events),
        tables=(table("events", ("event", "title", "step", "action", "operation"), rows),),
    )
