"""Camps over time."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from alliances_cli.api.output import Output, plain
from alliances_cli.scenario.model import Scenario

if TYPE_CHECKING:
    from alliances_cli.engine import timeline as timelines
    from alliances_cli.engine.chunks import Runner
from alliances_cli.api.checks import (
    Overall,
    full_date,
    picture_format,
    rule_of,
    step_of,
    theater_of,
)


@dataclass(frozen=True)
class Timeline:
    """Camps over time (`timeline`): each slice's camps with identities kept across slices,
    what split, merged, formed or dissolved, who moved when, and the frustration."""

    line: timelines.Timeline = field(repr=False)
    title: str

    def to_dict(self) -> dict[str, Any]:
        """The `alliances timeline --format json` document."""
        from alliances_cli.reports.timeline import timeline_data

        return timeline_data(self.line)

    def text(self, top: int | None = 40) -> str:
        """The `alliances timeline` report, as plain text (`top` None or 0: every change)."""
        return plain(self.output(top or 0).report())

    def output(self, top: int | None = None) -> Output:
        """What `alliances timeline` prints: the report lists at most `top` changes (None:
        40; 0: all); the machine forms hold them all."""
        from alliances_cli.reports.timeline import timeline_report, timeline_result

        return Output(
            lambda: timeline_result(self.line),
            lambda: timeline_report(self.line, self.title, 40 if top is None else (top or None)),
        )

    def draw(self, path: str | os.PathLike[str], *, inputs: Sequence[str] = ()) -> None:
        """Draw the camps over time as an alluvial picture (.svg, .png or .pdf), atomically."""
        from alliances_cli.output import write_atomic_with
        from alliances_cli.reports.drawing.alluvial import draw_alluvial

        path = os.fspath(path)
        fmt = picture_format(path)
        write_atomic_with(
            path, lambda tmp: draw_alluvial(self.line, self.title, tmp, fmt), inputs=inputs
        )


def timeline(
    source: Scenario | Sequence[Scenario],
    *,
    at: Sequence[str] = (),
    every: str | None = None,
    labels: Sequence[str] | None = None,
    theater: str | None = None,
    camps_limit: int | None = None,
    overall: Overall = "consensus",
    progress: Callable[[int, int], None] | None = None,
    runner: Runner | None = None,
) -> Timeline:
    """The camps of each time slice, with each camp's identity kept across slices.

    One dated scenario: a slice on each day in `at`, or every `every` ("1y", "6m", "2w",
    "30d") from its first date to its last, or (neither) on each date it names. Several
    scenarios (such as yearly networks): a slice each, in order, labelled by `labels` (by
    default each one's `as_of`, or its id). `theater` follows one theater instead of the
    overall view; a `runner` solves the slices elsewhere (the same result). Raises
    `ValueError` for a bad date or step, `UnknownId` for a theater.
    """
    from alliances_cli.engine import timeline as run

    slices = slices_of(source, at, every, labels)
    titles = {scenario.title for _, _, scenario in slices}
    title = titles.pop() if len(titles) == 1 else "Timeline"
    if theater is not None:
        theater = followed(slices, theater)
    found = run.timeline(
        slices,
        theater=theater,
        camps_limit=camps_limit,
        overall=rule_of(overall),
        progress=progress,
        runner=runner,
    )
    return Timeline(found, title)


def slices_of(
    source: Scenario | Sequence[Scenario],
    at: Sequence[str] = (),
    every: str | None = None,
    labels: Sequence[str] | None = None,
) -> list[tuple[str, str | None, Scenario]]:
    """(label, day, scenario) per slice, as `timeline` and `backtest` cut them; `ValueError`
    for a bad date or step, or no scenario."""
    from alliances_cli.engine import timeline as run

    if isinstance(source, Scenario):
        for when in at:
            full_date(when)
        step = None if every is None else step_of(every, "step", "1y")
        slices = run.dated_slices(source, run.slice_days(source, at_days=at, every=step))
    else:
        if at or every:
            raise ValueError("at and every slice one dated scenario, not several")
        slices = run.series_slices(source, labels)
    if not slices:
        raise ValueError("no slice to make: give at least one scenario")
    return slices


def followed(slices: Sequence[tuple[str, str | None, Scenario]], theater: str) -> str:
    """The theater's id, checked in every slice (`UnknownId` where one lacks it)."""
    found: str = theater_of(slices[0][2], theater).id
    for _, _, scenario in slices:
        theater_of(scenario, found)
    return found
