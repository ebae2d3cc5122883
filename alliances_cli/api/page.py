"""The report page: everything in one self-contained HTML file."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from alliances_cli.api.analysis import analyse, whatif
from alliances_cli.api.checks import Overall, current_of
from alliances_cli.api.robust import robust
from alliances_cli.scenario.model import Event, Scenario

if TYPE_CHECKING:
    from alliances_cli.engine.backtest.history import TrackRecord


def report(
    scenario: Scenario,
    events: Iterable[str | Event] = (),
    *,
    samples: int = 500,
    seed: int = 0,
    camps_limit: int | None = None,
    overall: Overall = "consensus",
    extra: Sequence[Event] = (),
    history: TrackRecord | None = None,
    workers: int = 1,
) -> str:
    """One self-contained HTML page (`alliances report`): maps, stress points, balance,
    before and after each named event of the scenario (or, given `events`, those applied
    together in order, as `whatif` does), and `samples` redraws of `robust` (0: none). It
    makes no network request; the same input gives the same text. A named event that cannot
    apply is left out of the what-ifs and listed there with why (`report_page` returns
    them); events asked for by name must all apply (`EventError`). With `history`
    (`load_calibration`), each stress point shows its track record. `workers` processes
    draw the samples (the page is the same with any number)."""
    return report_page(
        scenario,
        events,
        samples=samples,
        seed=seed,
        camps_limit=camps_limit,
        overall=overall,
        extra=extra,
        history=history,
        workers=workers,
    )[0]


def report_page(
    scenario: Scenario,
    events: Iterable[str | Event] = (),
    *,
    samples: int = 500,
    seed: int = 0,
    camps_limit: int | None = None,
    overall: Overall = "consensus",
    extra: Sequence[Event] = (),
    history: TrackRecord | None = None,
    workers: int = 1,
) -> tuple[str, list[tuple[str, str]]]:
    """`report`'s page, and the named events it left out, each with why it cannot apply."""
    from alliances_cli.reports.html import WhatIfPart, render_report
    from alliances_cli.scenario.errors import EventError
    from alliances_cli.scenario.positions import quoted
    from alliances_cli.version import __version__

    scenario = current_of(scenario)
    point = analyse(scenario, camps_limit=camps_limit, overall=overall)
    chosen = list(events)
    if chosen:
        plans = [(chosen, ", ".join(e if isinstance(e, str) else e.id for e in chosen))]
    else:
        plans = [([e.id], e.title or e.id) for e in (*scenario.events, *extra)]
    parts = []
    skipped: list[tuple[str, str]] = []
    for plan, title in plans:
        try:
            found = whatif(scenario, plan, camps_limit=camps_limit, overall=overall, extra=extra)
        except EventError as exc:
            if chosen:  # asked for by name: as whatif, refused
                raise
            name = str(plan[0])
            skipped.append((name, exc.message.removeprefix(f"event {quoted(name)}: ")))
            continue
        parts.append(
            WhatIfPart(
                "+".join(e if isinstance(e, str) else e.id for e in plan),
                title,
                found.before.result,
                found.after.result,
                found.to_dict(),
            )
        )
    odds = None
    if samples > 0:
        odds = robust(
            scenario,
            samples=samples,
            seed=seed,
            camps_limit=camps_limit,
            overall=overall,
            workers=workers,
        ).to_dict()
    from alliances_cli.engine.levers.camps import exits

    moves = {view.id: exits(view) for view in point.result.theaters if view.id is not None}
    shown = point.to_dict()
    if history is not None:
        from alliances_cli.reports.show import history_data

        shown["history"] = history_data(history, point.result, None)
    page = render_report(scenario, point.result, shown, parts, odds, __version__, skipped, moves)
    return page, skipped
