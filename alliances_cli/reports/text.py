"""Results -> text reports for people: styled lines and grids (see `blocks`).

User text always goes into `Styled` spans, never into Rich markup strings, so a name such as
"[bold]" prints as written, and `Styled` makes control characters visible.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from alliances_cli.reports.describe import describe
from alliances_cli.reports.render.blocks import Block, Grid, Styled
from alliances_cli.reports.render.formats import Result, cell
from alliances_cli.reports.stress import summary
from alliances_cli.scenario.model import Event, Scenario
from alliances_cli.scenario.vocabulary import signed

if TYPE_CHECKING:
    from alliances_cli.engine.analysis import Analysis
    from alliances_cli.engine.diff import Changes, TieChange
    from alliances_cli.engine.events import Applied
    from alliances_cli.engine.solver.optima import Swing
    from alliances_cli.engine.stress import Stress
    from alliances_cli.engine.sweep import SweepResult
    from alliances_cli.engine.view import TieView, View

#: Stress points the text report lists when --top is not given.
DEFAULT_TOP = 10


def heading(scenario: Scenario, extra: str = "") -> Styled:
    text = Styled(scenario.title, style="bold")
    details = [scenario.id]
    if scenario.as_of:
        details.append(f"as of {scenario.as_of}")
    text.append(f"  ({', '.join(details)}){extra}", style="dim")
    return text


#: Members a text report lists per camp; a camp of thousands is a wall no one reads.
SHOWN_MEMBERS = 25


def _members(scenario: Scenario, members: Sequence[str]) -> Styled:
    shown = ", ".join(scenario.actor_name(m) for m in members[:SHOWN_MEMBERS])
    text = Styled(shown)
    if len(members) > SHOWN_MEMBERS:
        more = len(members) - SHOWN_MEMBERS
        text.append(f" and {more:,} more (all in --format json)", style="dim")
    return text


def coalitions_table(analysis: Analysis) -> Grid:
    scenario = analysis.scenario
    table = Grid(Styled("Coalitions", style="bold"))
    table.add_column("Theater", style="cyan", no_wrap=True)
    table.add_column("Camp", style="bold")
    table.add_column("Members")
    views = analysis.shown
    for view in views:
        label = Styled(view.id or "overall")
        for i, camp in enumerate(view.camps):
            table.add_row(
                label if i == 0 else Styled(""), Styled(camp.name), _members(scenario, camp.members)
            )
        if view.unaligned:
            table.add_row(
                label if not view.camps else Styled(""),
                Styled("unaligned", style="dim italic"),
                _members(scenario, view.unaligned),
            )
    return table


def _evidence_refs(scenario: Scenario, stress: Stress) -> Styled:
    """Compact references: '¶1, ¶6' when one source, 'src ¶1; other ¶2' otherwise."""
    by_source: dict[str, list[str]] = {}
    for ref in stress.evidence:
        places = by_source.setdefault(ref.evidence.source, [])
        at = ref.evidence.at or "?"
        if at not in places:
            places.append(at)
    parts = []
    for source, places in by_source.items():
        places = sorted(places, key=_natural)
        joined = ", ".join(places)
        parts.append(joined if len(scenario.sources) == 1 else f"{source} {joined}")
    return Styled("; ".join(parts) or "-")


def _natural(text: str) -> tuple[int, str]:
    digits = "".join(ch for ch in text if ch.isdigit())
    return (int(digits) if digits else 0, text)


#: Below this many terminal columns, `show` lists stress points compactly: the kind and the
#: evidence run with the summary instead of taking columns of their own.
COMPACT_WIDTH = 100


def stress_table(analysis: Analysis, top: int | None, compact: bool = False) -> Grid:
    shown = analysis.stress if top is None else analysis.stress[:top]
    total = len(analysis.stress)
    title = Styled("Stress points", style="bold")
    if len(shown) < total:
        title.append(f" (top {len(shown)} of {total}; --top 0 for all)", style="dim")
    table = Grid(title)
    table.add_column("#", justify="right", style="dim")
    table.add_column("Sev.", justify="right")
    if compact:
        table.add_column("Kind, summary and evidence")
        for i, stress in enumerate(shown, 1):
            line = Styled(stress.kind, style="magenta").append(f": {summary(analysis, stress)}")
            line.append(f" ({_evidence_refs(analysis.scenario, stress).plain})", style="dim")
            table.add_row(Styled(str(i)), Styled(f"{stress.severity:.2f}"), line)
        return table
    table.add_column("Kind", style="magenta", no_wrap=True)
    table.add_column("Summary")
    table.add_column("Evidence", style="dim")
    for i, stress in enumerate(shown, 1):
        table.add_row(
            Styled(str(i)),
            Styled(f"{stress.severity:.2f}"),
            Styled(stress.kind),
            Styled(summary(analysis, stress)),
            _evidence_refs(analysis.scenario, stress),
        )
    return table


def evidence_details(analysis: Analysis, top: int | None) -> list[Block]:
    """Every stress point's evidence in full: tie, theater, source, place and words."""
    shown = analysis.stress if top is None else analysis.stress[:top]
    lines: list[Block] = [Styled("Evidence", style="bold")]
    for i, stress in enumerate(shown, 1):
        lines.append(Styled(f"{i}. {stress.kind}: {summary(analysis, stress)}"))
        for facet in stress.facets:
            lines.append(Styled(f"   also {facet.kind}: {summary(analysis, facet)}", style="dim"))
        for ref in stress.evidence:
            where = f" in {ref.theater}" if ref.theater else ""
            line = Styled(f"   {ref.tie[0]}–{ref.tie[1]}{where}: ", style="dim")
            line.append(f"{ref.evidence.source} {ref.evidence.at or ''}".rstrip())
            if ref.evidence.says:
                line.append(f' "{ref.evidence.says}"', style="italic")
            lines.append(line)
    return lines


def balance_table(analysis: Analysis) -> Grid:
    table = Grid(Styled("Balance", style="bold"))
    table.add_column("Theater", style="cyan", no_wrap=True)
    table.add_column("Frustration", justify="right")
    table.add_column("Normalised", justify="right")
    table.add_column("Balanced triangles", justify="right")
    table.add_column("Partition")
    views = analysis.shown
    for view in views:
        share = (
            "-"
            if view.balanced_share is None
            else f"{view.balanced_triangles}/{view.triangles} ({view.balanced_share:.0%})"
        )
        if view.optimal:
            status = Styled("proven optimal", style="green")
            count = view.optima.count or 1
            if count > 1:
                more = "" if view.optima.exact else " at least"
                status.append(f", one of{more} {count:,}", style="yellow")
            elif view.optima.exact:
                status.append(", unique", style="green")
        else:
            bound = f"lower bound {view.lower_bound:.2f}" if view.lower_bound > 0 else "not proven"
            status = Styled(f"heuristic ({bound})", style="yellow")
        table.add_row(
            Styled(view.id or "overall"),
            Styled(f"{view.frustration:.2f}"),
            Styled(f"{view.normalised_frustration:.0%}"),
            Styled(share),
            status,
        )
    return table


def proof_line(analysis: Analysis) -> list[Block]:
    """Say which views are not proven optimal, and what would search further."""
    views = analysis.shown
    open_views = [v for v in views if not v.optimal]
    if not open_views:
        return []
    names = ", ".join(v.id or "overall" for v in open_views)
    if analysis.time_limit is not None:
        more = f"the exact search stopped after its {analysis.time_limit:g} s"
        from alliances_cli.engine.solver import search_kernel

        if not search_kernel.installed():
            more += "; pip install 'alliances[fast]' makes it about 25 times faster"
    elif any(v.method == "exact" and v.lower_bound > 0 for v in open_views):
        more = "the exact search stopped at its node budget; --time-limit SECONDS searches longer"
    else:
        more = "no exact search runs on components this large"
    text = Styled(f"Not proven optimal: {names}. ", style="yellow")
    text.append(f"The partitions shown are the best found ({more}).", style="dim")
    return [text]


def company(scenario: Scenario, members: Sequence[str]) -> str:
    """Who an actor stands with, in words: 'alone', 'with A', 'with A, B and C'."""
    if not members:
        return "alone"
    names = [scenario.actor_name(m) for m in members]
    if len(names) > 3:
        names = [*names[:2], f"{len(names) - 2} others"]
    return "with " + (names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}")


#: Options listed for a swing actor before the rest are counted.
SWING_OPTIONS = 3


def swing_sentence(scenario: Scenario, swing: Swing) -> str:
    """'X may stand alone, with A or with B'; many options are counted, not listed."""
    options = [company(scenario, c) for c in swing.company]
    who = scenario.actor_name(swing.actor)
    if len(options) > SWING_OPTIONS:
        return f"{who} may stand {options[0]} or in any of {len(options) - 1} other places"
    listed = options[0] if len(options) == 1 else f"{', '.join(options[:-1])} or {options[-1]}"
    return f"{who} may stand {listed}"


def optima_lines(analysis: Analysis) -> list[Block]:
    """Views with several optimal partitions, and who swings between them."""
    views = analysis.shown
    table = Grid(Styled("Several optima", style="bold"))
    table.add_column("Theater", style="cyan", no_wrap=True)
    table.add_column("Which partition, and who may stand elsewhere")
    for view in views:
        optima = view.optima
        if optima.count is None or optima.count < 2:
            continue
        count = f"{'at least ' if not optima.exact else ''}{optima.count:,}"
        # The best connected first: their moves say most about the view.
        strength = {a: sum(abs(w) for w in view.weights.get(a, {}).values()) for a in view.actors}
        ranked = sorted(optima.swing, key=lambda s: -round(strength.get(s.actor, 0.0), 9))
        swings = "; ".join(swing_sentence(analysis.scenario, s) for s in ranked[:3])
        if len(ranked) > 3:
            swings += f"; {len(ranked) - 3} more swing actors (all in --format json)"
        table.add_row(Styled(view.id or "overall"), Styled(f"{count} optimal partitions: {swings}"))
    return [table, Styled("")] if table.rows else []


def overall_lines(analysis: Analysis) -> list[Block]:
    """How the overall view was made, and what it leaves undecided."""
    if analysis.overall_rule != "consensus":
        return []
    scenario = analysis.scenario
    lines: list[Block] = [
        Styled(
            "Overall: actors share a camp when they stand together in more of their shared "
            "theaters than apart.",
            style="dim",
        )
    ]
    theater = lambda t: scenario.theater_by_id[t].name  # noqa: E731
    for split in analysis.splits:
        text = Styled(" split: ", style="yellow")
        text.append(
            f"{scenario.actor_name(split.a)} and {scenario.actor_name(split.b)} stand together "
            f"in {', '.join(map(theater, split.together))}, apart in "
            f"{', '.join(map(theater, split.apart))}"
        )
        lines.append(text)
    swing = {s.actor for s in analysis.overall.optima.swing}
    for hedge in analysis.hedges:
        if hedge.actor in swing:
            continue  # its overall camp is one of several: the optima say so
        view = analysis.view(hedge.theater)
        who = scenario.actor_name(hedge.actor)
        home = _camp_words(analysis.overall, hedge.overall_camp, hedge.actor)
        there = _camp_words(view, hedge.theater_camp, hedge.actor)
        text = Styled(" hedging: ", style="yellow")
        text.append(f"{who} is in {home} overall but stands with {there} in {view.name}")
        lines.append(text)
    return [*lines, Styled("")]


def _camp_words(view: View, leader: str, actor: str) -> str:
    """'the Russia camp', or 'its own camp' when `actor` leads it: never a camp named after
    the actor in a sentence about that actor."""
    found = view.camp_by_leader(leader)
    if found is not None and found.leader == actor and not found.named:
        return "its own camp"
    return f"the {found.name if found else leader} camp"


def show_report(
    analysis: Analysis, top: int | None, evidence: bool, width: int | None = None
) -> list[Block]:
    """The whole `alliances show` screen; `width` is the terminal's, if it is one."""
    limit = f" (at most {analysis.camps_limit} camps)" if analysis.camps_limit else ""
    parts: list[Block] = [
        heading(analysis.scenario, limit),
        Styled(""),
        coalitions_table(analysis),
        Styled(""),
        *overall_lines(analysis),
        *optima_lines(analysis),
        stress_table(analysis, top, compact=width is not None and width < COMPACT_WIDTH),
        Styled(""),
        balance_table(analysis),
        *proof_line(analysis),
    ]
    if evidence:
        parts += [Styled(""), *evidence_details(analysis, top)]
    return parts


# -- events, what-ifs and sweeps -------------------------------------------------------------------


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


def _names(scenario: Scenario, actors: Sequence[str]) -> str:
    return ", ".join(scenario.actor_name(a) for a in actors) or "-"


def _view_label(view_id: str | None) -> str:
    return view_id or "overall"


def whatif_report(
    before: Analysis, after: Analysis, applied: Applied, changes: Changes
) -> list[Block]:
    scenario = before.scenario
    parts: list[Block] = [heading(scenario), Styled("")]
    steps = Styled("What if", style="bold")
    for i, event in enumerate(applied.events, 1):
        steps.append(f"\n {i}. ")
        steps.append(event.id, style="cyan")
        if event.title:
            steps.append(f": {event.title}")
        for op in event.operations:
            steps.append(f"\n      {describe(op)}", style="dim")
    parts.append(steps)
    for note in applied.notes:
        parts.append(Styled(f"note: {note.event}: {note.message}", style="yellow"))
    parts.append(Styled(""))
    if changes.empty:
        parts.append(Styled("No change: the same camps, stress points and ties."))
        return parts
    camps = Grid(Styled("Camps", style="bold"))
    camps.add_column("View", style="cyan", no_wrap=True)
    camps.add_column("Change")
    for view in changes.views:
        lines = []
        if view.left:
            lines.append(f"left: {_names(scenario, view.left)}")
        if view.entered:
            lines.append(f"entered: {_names(scenario, view.entered)}")
        for move in view.moved:
            lines.append(
                f"{scenario.actor_name(move.actor)} moves: "
                f"[{_names(scenario, move.before)}] → [{_names(scenario, move.after)}]"
            )
        for group in view.merged:
            lines.append("merged: " + " + ".join(f"[{_names(scenario, c)}]" for c in group))
        for group in view.split:
            lines.append("split into: " + " | ".join(f"[{_names(scenario, c)}]" for c in group))
        camps.add_row(Styled(_view_label(view.id)), Styled("\n".join(lines) or "no change"))
    parts += [camps, Styled("")]
    frustration = Grid(Styled("Frustration", style="bold"))
    frustration.add_column("View", style="cyan", no_wrap=True)
    for column in ("Before", "After", "Change"):
        frustration.add_column(column, justify="right")
    for view in changes.views:
        frustration.add_row(
            Styled(_view_label(view.id)),
            Styled(f"{view.frustration_before:.2f}"),
            Styled(f"{view.frustration_after:.2f}"),
            Styled(signed(view.frustration_delta)),
        )
    parts += [frustration, Styled("")]
    if changes.stress:
        stress = Grid(Styled("Stress points", style="bold"))
        stress.add_column("Change", no_wrap=True)
        stress.add_column("Sev.", justify="right", no_wrap=True)
        stress.add_column("Kind", style="magenta", no_wrap=True)
        stress.add_column("Summary")
        marks = {
            "added": ("+ added", "red"),
            "resolved": ("- resolved", "green"),
            "changed": ("~ changed", "yellow"),
        }
        for change in changes.stress:
            label, style = marks[change.change]
            old = f"{change.before.severity:.2f}" if change.before else ""
            new = f"{change.after.severity:.2f}" if change.after else ""
            severity = f"{old} → {new}" if old and new else old or new
            stress.add_row(
                Styled(label, style=style),
                Styled(severity),
                Styled(change.stress.kind),
                Styled(summary(after if change.after else before, change.stress)),
            )
        parts += [stress, Styled("")]
    stance_changes = [t for t in changes.ties if t.change != "pressure" and t.theater is not None]
    if stance_changes:
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
        parts += [ties, Styled("")]
    parts += _overall_basis(before, after, changes)
    pressure = [
        t for t in changes.ties if t.theater is not None and abs(_pressure_change(t)) >= 0.005
    ]
    if pressure:
        # Rounded, so that changes that print alike are ordered by name, not by float noise.
        pressure.sort(
            key=lambda t: (-round(abs(_pressure_change(t)), 9), t.theater or "", t.a, t.b)
        )
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
        parts += [table, Styled("")]
    return parts[:-1]


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


def sweep_report(result: SweepResult, top: int | None) -> list[Block]:
    scenario = result.scenario
    parts: list[Block] = [heading(scenario), Styled("")]
    ok = [o for o in result.outcomes if o.error is None]
    failed = [o for o in result.outcomes if o.error is not None]
    shown = ok if top is None else ok[:top]
    title = Styled(f"Combinations of up to {result.max_events} events, by impact", style="bold")
    if len(shown) < len(ok):
        title.append(f" (top {len(shown)} of {len(ok)}; --top 0 for all)", style="dim")
    table = Grid(title)
    table.add_column("#", justify="right", style="dim")
    table.add_column("Events", style="cyan")
    table.add_column("Moved")
    table.add_column("Frustration", justify="right")
    table.add_column("Stress +/-/~", justify="right")
    for rank, o in enumerate(shown, 1):
        table.add_row(
            Styled(str(rank)),
            Styled(" + ".join(o.events)),
            Styled(_names(scenario, o.moved)),
            Styled(signed(o.frustration_delta)),
            Styled(f"{o.stress_added}/{o.stress_resolved}/{o.stress_changed}"),
        )
    parts.append(table)
    parts.append(Styled(""))
    if result.interactions:
        inter = Grid(Styled("Interacting pairs", style="bold"))
        inter.add_column("Events", style="cyan")
        inter.add_column("Move only together")
        inter.add_column("Frustration beyond the sum", justify="right")
        for i in result.interactions:
            inter.add_row(
                Styled(" + ".join(i.events)),
                Styled(_names(scenario, i.moved_only_together)),
                Styled(signed(i.frustration_excess)),
            )
        parts += [inter, Styled("")]
    else:
        parts += [
            Styled("No pair of events interacts: each pair's effect is the sum of its parts."),
            Styled(""),
        ]
    if result.order_effects:
        order = Grid(Styled("Order matters", style="bold"))
        order.add_column("Events", style="cyan")
        order.add_column("How")
        for e in result.order_effects:
            order.add_row(Styled(" / ".join(e.events)), Styled(e.detail))
        parts += [order, Styled("")]
    if failed:
        parts.append(
            Styled(
                f"{len(failed)} combination(s) cannot apply, e.g. {' + '.join(failed[0].events)}: "
                f"{failed[0].error}",
                style="yellow",
            )
        )
        parts.append(Styled(""))
    return parts[:-1]


# -- any result -----------------------------------------------------------------------------------


def heading_text(title: str) -> Styled:
    return Styled(title, style="bold")


#: Columns of the listings whose values a user types back (ids, bundled scenarios' names):
#: never cut at a narrow terminal.
TYPED_COLUMNS = frozenset({"id", "a", "b", "theater", "event", "events", "name", "actor"})


def result_tables(result: Result, only: str | None = None) -> list[Block]:
    """Every table of a result (or the one named) as a grid: for commands without a report of
    their own, and for `--table` in text."""
    parts: list[Block] = []
    for table in result.tables:
        if only is not None and table.name != only:
            continue
        if not table.rows:
            parts.append(Styled(f"No {table.name}.", style="dim"))
            continue
        grid = Grid()
        for column in table.columns:
            grid.add_column(column, keep=column in TYPED_COLUMNS)
        for row in table.rows:
            grid.add_row(*(Styled(cell(v)) for v in row))
        parts.append(grid)
    return parts
