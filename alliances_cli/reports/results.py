"""Each command's result as a Result: its JSON document and its tables (docs/output.md)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alliances_cli.reports.data import (
    events_data,
    scenario_header,
    show_data,
    sweep_data,
    whatif_data,
)
from alliances_cli.reports.describe import describe
from alliances_cli.reports.render.formats import ONE_LINE_ITEMS, Result, Table, table
from alliances_cli.reports.render.numbers import num
from alliances_cli.reports.render.records import AS_LINES
from alliances_cli.scenario.dump import operation_to_data
from alliances_cli.scenario.model import Event, Scenario, Tie

if TYPE_CHECKING:
    from alliances_cli.engine.analysis import Analysis
    from alliances_cli.engine.diff import Changes
    from alliances_cli.engine.events import Applied
    from alliances_cli.engine.stress import EvidenceRef, Stress
    from alliances_cli.engine.sweep import SweepResult


def _label(view_id: str | None) -> str:
    return view_id or "overall"


def evidence_refs(refs: Sequence[EvidenceRef]) -> str:
    """'source at; source at' without repeats, for one cell."""
    seen: list[str] = []
    for ref in refs:
        text = f"{ref.evidence.source} {ref.evidence.at or ''}".strip()
        if text not in seen:
            seen.append(text)
    return "; ".join(seen)


def _stress_rows(analysis: Analysis, stress: Sequence[Stress]) -> list[tuple[Any, ...]]:
    from alliances_cli.reports.stress import summary

    return [
        (
            rank,
            s.kind,
            list(s.actors),
            list(s.theaters),
            num(s.severity),
            summary(analysis, s),
            len(s.facets),
            evidence_refs(s.evidence),
        )
        for rank, s in enumerate(stress, 1)
    ]


STRESS_COLUMNS = (
    "rank",
    "kind",
    "actors",
    "theaters",
    "severity",
    "summary",
    "facets",
    "evidence",
)


def show_result(analysis: Analysis, top: int | None) -> Result:
    return Result(
        title=analysis.scenario.title,
        document=lambda: show_data(analysis, top),
        tables=lambda: _show_tables(analysis, top),
        for_json=(lambda: show_data(analysis, top, writers=AS_LINES)) if _large(analysis) else None,
    )


def _large(*analyses: Analysis) -> bool:
    """Whether the JSON document will be outlined (`formats.to_json`): then its long lists
    are written from templates (`records.py`)."""
    return sum(len(v.edges) for a in analyses for v in a.shown) > ONE_LINE_ITEMS


def _show_tables(analysis: Analysis, top: int | None) -> tuple[Table, ...]:
    views = [*analysis.theaters, analysis.overall]
    coalitions: list[tuple[Any, ...]] = []
    for view in views:
        swing = {s.actor for s in view.optima.swing}
        for rank, camp in enumerate(view.camps, 1):
            for actor in camp.members:
                coalitions.append(
                    (_label(view.id), rank, camp.name, camp.leader, actor, actor in swing)
                )
        for actor in view.unaligned:
            coalitions.append((_label(view.id), None, "unaligned", None, actor, False))
    stress = analysis.stress if top is None else analysis.stress[:top]
    ties = [
        (
            _label(view.id),
            t.a,
            t.b,
            num(t.stance),
            num(t.confidence),
            num(t.weight),
            num(t.pressure),
            t.frustrated,
            list(t.theaters),
        )
        for view in views
        for t in view.ties
    ]
    balance = [
        (
            _label(v.id),
            num(v.frustration),
            num(v.normalised_frustration),
            num(v.total_weight),
            v.triangles,
            v.balanced_triangles,
            v.optimal,
            v.method,
            num(v.lower_bound),
            v.optima.count,
            v.optima.exact,
        )
        for v in views
    ]
    return (
        table(
            "coalitions",
            ("theater", "camp_rank", "camp", "leader", "actor", "swing"),
            coalitions,
        ),
        table("stress", STRESS_COLUMNS, _stress_rows(analysis, stress)),
        table(
            "ties",
            (
                "theater",
                "a",
                "b",
                "stance",
                "confidence",
                "weight",
                "pressure",
                "frustrated",
                "theaters",
            ),
            ties,
        ),
        table(
            "balance",
            (
                "theater",
                "frustration",
                "normalised_frustration",
                "total_weight",
                "triangles",
                "balanced_triangles",
                "optimal",
                "method",
                "lower_bound",
                "optima",
                "optima_exact",
            ),
            balance,
        ),
    )


def whatif_result(
    before: Analysis, after: Analysis, applied: Applied, changes: Changes, top: int | None
) -> Result:
    moves = [
        (_label(v.id), m.actor, list(m.before), list(m.after))
        for v in changes.views
        for m in v.moved
    ]
    frustration = [
        (
            _label(v.id),
            num(v.frustration_before),
            num(v.frustration_after),
            num(v.frustration_delta),
        )
        for v in changes.views
    ]
    from alliances_cli.reports.stress import summary

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
            _label(t.theater),
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
    names = ", ".join(e.id for e in applied.events) or "no events"
    return Result(
        title=f"{before.scenario.title}: what if {names}",
        document=lambda: whatif_data(before, after, applied, changes, top),
        for_json=(lambda: whatif_data(before, after, applied, changes, top, writers=AS_LINES))
        if _large(before, after)
        else None,
        tables=(
            table("moves", ("view", "actor", "before", "after"), moves),
            table("frustration", ("view", "before", "after", "delta"), frustration),
            table(
                "stress",
                (
                    "change",
                    "kind",
                    "actors",
                    "theaters",
                    "severity_before",
                    "severity_after",
                    "summary",
                ),
                stress,
            ),
            table(
                "ties",
                (
                    "theater",
                    "a",
                    "b",
                    "change",
                    "weight_before",
                    "weight_after",
                    "pressure_before",
                    "pressure_after",
                ),
                ties,
            ),
        ),
    )


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


def sweep_result(result: SweepResult) -> Result:
    outcomes = [
        (
            rank,
            list(o.events),
            list(o.moved),
            num(o.frustration_delta),
            num(o.overall_frustration_delta),
            o.stress_added,
            o.stress_resolved,
            o.stress_changed,
            o.error,
        )
        for rank, o in enumerate(result.outcomes, 1)
    ]
    return Result(
        title=f"{result.scenario.title}: sweep",
        document=sweep_data(result),
        tables=(
            table(
                "outcomes",
                (
                    "rank",
                    "events",
                    "moved",
                    "frustration_delta",
                    "overall_frustration_delta",
                    "stress_added",
                    "stress_resolved",
                    "stress_changed",
                    "error",
                ),
                outcomes,
            ),
            table(
                "interactions",
                ("events", "moved_only_together", "frustration_excess"),
                [
                    (list(i.events), list(i.moved_only_together), num(i.frustration_excess))
                    for i in result.interactions
                ],
            ),
            table(
                "order",
                ("events", "detail"),
                [(list(e.events), e.detail) for e in result.order_effects],
            ),
        ),
    )


def scenarios_result(found: dict[str, tuple[Path, Scenario]]) -> Result:
    rows = [
        (
            name,
            s.title,
            s.as_of,
            len(s.actors),
            len(s.theaters),
            len(s.ties),
            [e.id for e in s.events],
            str(path),
        )
        for name, (path, s) in found.items()
    ]
    columns = ("name", "title", "as_of", "actors", "theaters", "ties", "events", "path")
    return Result(
        title="Bundled scenarios",
        document={
            "schema": "alliances/scenarios/1",
            "scenarios": [dict(zip(columns, row, strict=True)) for row in rows],
        },
        tables=(table("scenarios", columns, rows),),
    )


ACTOR_COLUMNS = ("id", "name", "kind", "tags", "capability", "theaters")


def actors_result(scenario: Scenario, actor_ids: Sequence[str]) -> Result:
    rows = []
    for actor_id in actor_ids:
        actor = scenario.actor_by_id[actor_id]
        engaged = [t.id for t in scenario.theaters if actor.id in t.actors]
        rows.append(
            (actor.id, actor.name, actor.kind, list(actor.tags), num(actor.capability), engaged)
        )
    return Result(
        title=f"{scenario.title}: actors",
        document={
            "schema": "alliances/actors/1",
            "scenario": scenario_header(scenario),
            "actors": [dict(zip(ACTOR_COLUMNS, row, strict=True)) for row in rows],
        },
        tables=(table("actors", ACTOR_COLUMNS, rows),),
    )


TIE_COLUMNS = (
    "a",
    "b",
    "theater",
    "origin",
    "stance",
    "confidence",
    "weight",
    "evidence",
    "note",
)


def tie_rows(scenario: Scenario, ties: Sequence[Tie]) -> list[tuple[Any, ...]]:
    """A row for each tie's general stance, and one per theater where a stance applies.

    `origin` says where a row's stance comes from: `general` (the tie's general stance, on the
    row with no theater), `theater` (the tie's own entry for that theater) or `inherited` (the
    general stance, applying in a theater where both actors are engaged).
    """
    rows: list[tuple[Any, ...]] = []
    for tie in ties:
        if tie.stance is not None:
            rows.append(
                _tie_row(tie, None, "general", tie.stance, tie.confidence, tie.evidence, tie.note)
            )
        for theater in scenario.theaters:
            entry = tie.in_theater(theater.id)
            engaged = tie.a in theater.actors and tie.b in theater.actors
            found = tie.effective(theater.id)
            if found is None or (entry is None and not engaged):
                continue
            stance, confidence, evidence = found
            origin = "theater" if entry is not None else "inherited"
            note = entry.note if entry is not None and entry.note else tie.note
            rows.append(_tie_row(tie, theater.id, origin, stance, confidence, evidence, note))
    return rows


def _tie_row(
    tie: Tie,
    theater: str | None,
    origin: str,
    stance: float,
    confidence: float,
    evidence: Sequence[Any],
    note: str | None,
) -> tuple[Any, ...]:
    refs = "; ".join(dict.fromkeys(f"{e.source} {e.at or ''}".strip() for e in evidence))
    return (
        tie.a,
        tie.b,
        theater,
        origin,
        num(stance),
        num(confidence),
        num(stance * confidence),
        refs,
        note,
    )


def ties_result(scenario: Scenario, rows: Sequence[tuple[Any, ...]]) -> Result:
    return Result(
        title=f"{scenario.title}: ties",
        document={
            "schema": "alliances/ties/1",
            "scenario": scenario_header(scenario),
            "ties": [dict(zip(TIE_COLUMNS, row, strict=True)) for row in rows],
        },
        tables=(table("ties", TIE_COLUMNS, list(rows)),),
    )
