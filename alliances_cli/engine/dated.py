"""A dated scenario as of one day: the ties, stances and engagements that hold then.

Ties, per-theater stances and theater engagements may carry `from` and `until` dates; every
analysis reads the scenario as of one day. Without a day asked for, that is the scenario's
`as_of`, or else the latest date it names (the newest state it describes).
"""

from __future__ import annotations

from collections.abc import Iterator

from alliances_cli.scenario.dates import day, holds
from alliances_cli.scenario.model import Scenario, Theater, Tie
from alliances_cli.scenario.record import replace


def dates(scenario: Scenario) -> list[str]:
    """Every date the scenario's periods name, as full dates, sorted: the days it changes."""
    return sorted({day(d) or d for period in _periods(scenario) for d in period if d is not None})


def _periods(scenario: Scenario) -> Iterator[tuple[str | None, str | None]]:
    for tie in scenario.ties:
        yield tie.since, tie.until
        for entry in tie.theaters:
            yield entry.since, entry.until
    for theater in scenario.theaters:
        for period in theater.periods:
            yield period.since, period.until


def is_dated(scenario: Scenario) -> bool:
    """Whether anything in the scenario holds only for a period."""
    return scenario.dated


def default_date(scenario: Scenario) -> str | None:
    """The day a scenario is read as of when none is asked for (None: it is not dated)."""
    if scenario.as_of is not None:
        return scenario.as_of
    latest: tuple[str, str] | None = None
    for since, until in _periods(scenario):
        for written in (since, until):
            if written is not None and (latest is None or (day(written) or "") > latest[0]):
                latest = (day(written) or written, written)
    return None if latest is None else latest[1]


def current(scenario: Scenario) -> Scenario:
    """The scenario as of its default day (itself, if nothing in it is dated)."""
    if not is_dated(scenario):
        return scenario
    when = default_date(scenario)
    return scenario if when is None else at(scenario, when)


def at(scenario: Scenario, when: str) -> Scenario:
    """The scenario as of `when` (YYYY-MM-DD, YYYY-MM or YYYY; as written, it becomes the
    scenario's `as_of`): only the ties, per-theater stances and engagements that hold then."""
    full = day(when)
    if full is None:
        raise ValueError(f"not a date: {when!r}")
    if not is_dated(scenario):
        return scenario if scenario.as_of == when else replace(scenario, as_of=when)
    ties = tuple(t for tie in scenario.ties if (t := _tie_at(tie, full)) is not None)
    theaters = tuple(_theater_at(t, full) for t in scenario.theaters)
    return replace(scenario, as_of=when, ties=ties, theaters=theaters)


def _tie_at(tie: Tie, full: str) -> Tie | None:
    if not holds(tie.since, tie.until, full):
        return None
    if not any(e.since or e.until for e in tie.theaters):
        return tie
    entries = tuple(e for e in tie.theaters if holds(e.since, e.until, full))
    if not entries and tie.stance is None:
        return None
    return replace(tie, theaters=entries)


def _theater_at(theater: Theater, full: str) -> Theater:
    if not theater.periods:
        return theater
    dated = {p.actor for p in theater.periods}
    engaged = {p.actor for p in theater.periods if holds(p.since, p.until, full)}
    actors = tuple(a for a in theater.actors if a not in dated or a in engaged)
    return replace(theater, actors=actors)
