"""Coalitions, what-ifs and sweeps, and their exports and pictures."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from alliances_cli.api.output import Output, plain
from alliances_cli.scenario.errors import EventError
from alliances_cli.scenario.model import Event, Scenario

if TYPE_CHECKING:
    from alliances_cli.engine import analysis as engine
    from alliances_cli.engine.backtest.history import TrackRecord
    from alliances_cli.engine.chunks import Runner
    from alliances_cli.engine.diff import Changes
    from alliances_cli.engine.events import Applied
    from alliances_cli.engine.overall import Hedge, Split
    from alliances_cli.engine.stress import Stress
    from alliances_cli.engine.sweep import SweepResult
    from alliances_cli.engine.view import View
from alliances_cli.api.checks import (
    Overall,
    current_of,
    picture_format,
    rule_of,
    theater_of,
    time_limit_of,
)


@dataclass(frozen=True)
class Analysis:
    """Coalitions per theater and overall, the stress points and the balance (`show`).

    `result` is the engine's analysis, for everything below the summaries here: views with
    their camps, ties, optima and balance; stress points as data.
    """

    result: engine.Analysis

    @property
    def scenario(self) -> Scenario:
        return self.result.scenario

    def view(self, theater: str | None = None) -> View:
        """One theater's view, or (None) the overall view."""
        return self.result.view(theater)

    def camps(self, theater: str | None = None) -> list[tuple[str, ...]]:
        """The members of each camp of a theater (None: overall), strongest camp first."""
        return [c.members for c in self.view(theater).camps]

    @property
    def stress(self) -> tuple[Stress, ...]:
        """The stress points, most severe first."""
        return self.result.stress

    @property
    def splits(self) -> tuple[Split, ...]:
        """Pairs the theaters divide evenly, which the overall view does not decide."""
        return self.result.splits

    @property
    def hedges(self) -> tuple[Hedge, ...]:
        """Actors whose camp in some theater lines up with another overall camp."""
        return self.result.hedges

    def summary(self, stress: Stress) -> str:
        """The sentence the reports print for a stress point or a facet."""
        from alliances_cli.reports.stress import summary

        return summary(self.result, stress)

    def to_dict(self, top: int | None = None) -> dict[str, Any]:
        """The `alliances show --format json` document (at most `top` stress points)."""
        from alliances_cli.reports.show_data import show_data

        return show_data(self.result, top)

    def text(self, top: int | None = 10, evidence: bool = False) -> str:
        """The `alliances show` report, as plain text (`top` None or 0: every stress point)."""
        return plain(self.output(top or 0, evidence).report())

    def output(
        self,
        top: int | None = None,
        evidence: bool = False,
        width: int | None = None,
        history: TrackRecord | None = None,
    ) -> Output:
        """What `alliances show` prints: at most `top` stress points (0: all; None: ten in
        the report, all in the machine forms), their evidence quoted with `evidence`, the
        report fitted to a terminal `width`; with `history` (`load_calibration`), each
        stress point's track record beside its severity."""
        from alliances_cli.reports.show import DEFAULT_TOP, show_report, show_result

        shown = DEFAULT_TOP if top is None else (top or None)
        return Output(
            lambda: show_result(self.result, top or None, history),
            lambda: show_report(self.result, shown, evidence, width, history),
        )


def analyse(
    scenario: Scenario,
    *,
    theater: str | None = None,
    camps_limit: int | None = None,
    overall: Overall = "consensus",
    time_limit: float | None = None,
) -> Analysis:
    """Solve every theater (or only `theater`) and the overall view; find the stress points.

    `camps_limit` allows at most that many camps per view; `overall` picks the overall rule. The
    exact search stops at a fixed node budget (the same answer on any machine); `time_limit`
    gives each view that many seconds instead, to prove more.
    """
    scenario = current_of(scenario)
    from alliances_cli.engine.analysis import analyse as run

    theaters = None if theater is None else [theater_of(scenario, theater).id]
    return Analysis(
        run(
            scenario,
            theaters=theaters,
            camps_limit=camps_limit,
            overall=rule_of(overall),
            time_limit=time_limit_of(time_limit),
        )
    )


@dataclass(frozen=True)
class WhatIf:
    """Before -> after: the scenario with events applied, and what changed (`whatif`)."""

    before: Analysis
    after: Analysis
    applied: Applied
    changes: Changes

    @property
    def scenario(self) -> Scenario:
        """The scenario after the events."""
        return self.applied.scenario

    @property
    def moved(self) -> tuple[str, ...]:
        """Actors that changed camp in any view."""
        return self.changes.moved_actors

    def to_dict(self, top: int | None = None) -> dict[str, Any]:
        """The `alliances whatif --format json` document."""
        from alliances_cli.reports.whatif import whatif_data

        return whatif_data(self.before.result, self.after.result, self.applied, self.changes, top)

    def text(self) -> str:
        """The `alliances whatif` report, as plain text."""
        return plain(self.output().report())

    def output(self, top: int | None = None) -> Output:
        """What `alliances whatif` prints: the report, and the machine forms with at most
        `top` stress points before and after (None or 0: all)."""
        from alliances_cli.reports.whatif import whatif_report, whatif_result

        before, after = self.before.result, self.after.result
        return Output(
            lambda: whatif_result(before, after, self.applied, self.changes, top or None),
            lambda: whatif_report(before, after, self.applied, self.changes),
        )

    def saved(self) -> Scenario:
        """The scenario after the events as `whatif --save` writes it: titled after them, with
        the named events that still apply."""
        from alliances_cli.engine.events import still_valid_events
        from alliances_cli.scenario.record import replace

        names = ", ".join(e.id for e in self.applied.events) or "no events"
        result = self.applied.scenario
        return replace(
            result, title=f"{result.title} (after {names})", events=still_valid_events(result)
        )


def apply(
    scenario: Scenario, events: Iterable[str | Event], extra: Sequence[Event] = ()
) -> Applied:
    """Apply events in order: named events of the scenario (or of `extra`), inline events
    (`shift:us:iran=+0.3`), or `Event` records. Raises `EventError` if one cannot apply."""
    scenario = current_of(scenario)
    from alliances_cli.engine.events import apply_events, resolve_events

    chosen: list[Event] = []
    names: list[str] = []
    for item in events:
        if isinstance(item, Event):
            chosen.extend(resolve_events(scenario, names, extra))
            names = []
            chosen.append(item)
        else:
            names.append(item)
    chosen.extend(resolve_events(scenario, names, extra))
    return apply_events(scenario, chosen, extra)


def whatif(
    scenario: Scenario,
    events: Iterable[str | Event] = (),
    *,
    theater: str | None = None,
    camps_limit: int | None = None,
    overall: Overall = "consensus",
    extra: Sequence[Event] = (),
    time_limit: float | None = None,
) -> WhatIf:
    """Apply `events` (as `apply` does) and compare the analyses before and after (of every
    theater, or only `theater`).

    Where a view has several optimal partitions after the events, the one shown is the
    earlier partition repaired, when that reaches the optimum (docs/output.md).
    """
    scenario = current_of(scenario)
    from alliances_cli.engine.analysis import analyse as run
    from alliances_cli.engine.diff import compare

    applied = apply(scenario, events, extra)
    rule = rule_of(overall)
    theaters = None if theater is None else [theater_of(scenario, theater).id]
    limit = time_limit_of(time_limit)
    before = run(
        scenario, theaters=theaters, camps_limit=camps_limit, overall=rule, time_limit=limit
    )
    after = run(
        applied.scenario,
        theaters=theaters,
        camps_limit=camps_limit,
        overall=rule,
        prior=before,
        time_limit=limit,
    )
    return WhatIf(Analysis(before), Analysis(after), applied, compare(before, after))


@dataclass(frozen=True)
class Sweep:
    """Every combination of the named events, ranked by impact (`sweep`)."""

    result: SweepResult = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The `alliances sweep --format json` document."""
        from alliances_cli.reports.sweep import sweep_data

        return sweep_data(self.result)

    def text(self, top: int | None = 15) -> str:
        """The `alliances sweep` report, as plain text (`top` None or 0: every combination)."""
        return plain(self.output(top or 0).report())

    def output(self, top: int | None = None) -> Output:
        """What `alliances sweep` prints: the report lists at most `top` combinations (None:
        15; 0: all); the machine forms hold them all."""
        from alliances_cli.reports.sweep import sweep_report, sweep_result

        return Output(
            lambda: sweep_result(self.result),
            lambda: sweep_report(self.result, 15 if top is None else (top or None)),
        )


def sweep(
    scenario: Scenario,
    *,
    max_events: int | None = None,
    camps_limit: int | None = None,
    workers: int = 1,
    extra: Sequence[Event] = (),
    progress: Callable[[int, int], None] | None = None,
    runner: Runner | None = None,
) -> Sweep:
    """Apply every combination of the scenario's named events and of `extra` (up to
    `max_events` at a time); `workers` processes give the same result as one, and so does a
    `runner` (such as `alliances_cli.cluster.DaskRunner`, a Dask cluster). `progress` is
    called with (steps done, steps in all)."""
    scenario = current_of(scenario)
    from alliances_cli.engine.sweep import sweep as run
    from alliances_cli.scenario.record import replace

    if extra:
        scenario = replace(scenario, events=(*scenario.events, *extra))
    if not scenario.events:
        raise EventError(f"scenario '{scenario.id}' has no named events to sweep")
    return Sweep(
        run(
            scenario,
            max_events=max_events,
            camps_limit=camps_limit,
            workers=workers,
            progress=progress,
            runner=runner,
        )
    )


def export(analysis: Analysis | WhatIf, fmt: str, *, overall: bool = False) -> str:
    """The network with its camps as `fmt` "dot", "graphml" or "gexf" text (`graph -f FMT`):
    every theater analysed (after the events, for a what-if), and the overall view with
    `overall`."""
    from alliances_cli.reports.drawing.exports import network, to_dot, to_gexf, to_graphml

    result = analysis.after.result if isinstance(analysis, WhatIf) else analysis.result
    views = [*result.theaters, *([result.overall] if overall or not result.theaters else [])]
    exported = network(result, views)
    if fmt == "dot":
        return to_dot(exported)
    if fmt == "graphml":
        return to_graphml(exported)
    if fmt == "gexf":
        return to_gexf(exported, result.scenario.as_of)
    raise ValueError(f"unknown export format {fmt!r}; use dot, graphml or gexf")


def draw(
    scenario: Scenario,
    path: str | os.PathLike[str],
    *,
    events: Iterable[str | Event] = (),
    fmt: str | None = None,
    theater: str | None = None,
    overall: bool = False,
    compare: bool = False,
    camps_limit: int | None = None,
    overall_rule: Overall = "consensus",
    extra: Sequence[Event] = (),
    inputs: Sequence[str] = (),
) -> None:
    """Draw the coalition map to `path` (`fmt` "svg", "png" or "pdf"; default: its extension),
    after `events`; `compare` draws before and after side by side, actors in the same places.

    Needs matplotlib (`pip install 'alliances[graph]'`). The file is written atomically (a
    device or pipe directly); a path that is one of `inputs` is refused (`OutputError`).
    """
    scenario = current_of(scenario)
    from alliances_cli.engine.analysis import analyse as run
    from alliances_cli.output import write_atomic_with
    from alliances_cli.reports.drawing.picture import panel_builder, render

    path = os.fspath(path)
    chosen = picture_format(path, fmt)
    applied = apply(scenario, events, extra)
    theaters = None if theater is None else [theater_of(scenario, theater).id]
    rule = rule_of(overall_rule)
    old = run(scenario, theaters=theaters, camps_limit=camps_limit, overall=rule)
    after = run(
        applied.scenario, theaters=theaters, camps_limit=camps_limit, overall=rule, prior=old
    )

    def shown(result: engine.Analysis) -> list[View]:
        return [*result.theaters, *([result.overall] if overall or not result.theaters else [])]

    names = ", ".join(e.id for e in applied.events)
    title = scenario.title + (f" — after {names}" if names else "")
    theater_names = {t.id: t.name for t in scenario.theaters}
    build = panel_builder(shown(after), theater_names, shown(old) if compare else None)
    actors = {a.id: a for a in (*scenario.actors, *applied.scenario.actors)}
    analyses = [old, after] if compare else [after]
    columns = 2 if compare else 3
    write_atomic_with(
        path,
        lambda tmp: render(build, analyses, title, tmp, chosen, actors, columns=columns),
        inputs=inputs,
    )


def clear_caches() -> None:
    """Forget every solved view and partition.

    The engine remembers what it solved, keyed on the inputs themselves (immutable records),
    so a repeated question is answered at once and never differently; each cache is bounded
    by entries and by the ties it holds. Clearing frees that memory; nothing else changes.
    """
    from alliances_cli.engine.memo import clear_all

    clear_all()


def prepare_for_large_analysis() -> None:
    """Import the numeric libraries a large analysis will need now, before it starts (the
    command line does this from 100,000 ties; `engine/preload.py` says why)."""
    from alliances_cli.engine.preload import preload_numeric_libraries

    preload_numeric_libraries()
