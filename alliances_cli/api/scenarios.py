"""Scenarios in and out: loading, reading as of a day, writing, listing, importing event data."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from alliances_cli.api.output import Output, plain
from alliances_cli.scenario.model import Actor, Event, Scenario

if TYPE_CHECKING:
    from alliances_cli.reports.render.formats import Result
from alliances_cli.api.checks import Sign, actor_of, current_of, full_date, step_of, theater_of


def load(
    source: str | os.PathLike[str] | None = None,
    *,
    as_of: str | None = None,
    actors: str | os.PathLike[str] | None = None,
    stdin: IO[str] | None = None,
    combine: str = "mean",
    scale: tuple[float, float] | None = None,
    count_confidence: bool = False,
) -> Scenario:
    """A scenario from a YAML file, a CSV/TSV signed edge list (a path, as text or a `Path`),
    a bundled scenario's name, or "-" (the text of `stdin`, default: standard input).

    No source: the bundled `mosul-aleppo-2016`. `as_of` reads it as of that day (`as_of()`);
    `actors` names a CSV of actors (id, name, kind, capability, tags) that names and describes
    the actors read, such as an imported network's. Raises `ScenarioError` for an invalid or
    missing file.

    For an edge list: `combine` is the rule that makes a pair's several ratings one stance
    (mean, min, max, sum or agree; see docs/formats.md), `scale` the rating scale (MIN, MAX)
    mapped to stances -1..+1 (default: the data's largest |weight|), `count_confidence` sets
    each pair's confidence from its number of ratings, n / (n + 1). `scenario.reading` says
    what reading did.
    """
    import sys

    from alliances_cli.scenario.bundled import resolve
    from alliances_cli.scenario.load import load_file, load_stream

    rules = _rules(combine, scale, count_confidence)
    path = resolve(None if source is None else os.fspath(source))
    scenario = load_stream(stdin or sys.stdin, rules) if path == "-" else load_file(path, rules)
    if actors is not None:
        from alliances_cli.scenario.importers.actorfile import apply_actor_file
        from alliances_cli.scenario.reading import decode, read_bytes

        where = os.fspath(actors)
        scenario = apply_actor_file(scenario, decode(read_bytes(where), where), where)
    if as_of is None:
        return scenario
    from alliances_cli.engine.dated import at

    return at(scenario, as_of)


def scenario_path(source: str | os.PathLike[str] | None = None) -> str:
    """The file `load(source)` reads: the path itself, a bundled scenario's file for its name,
    the default scenario's for none; "-" stays "-" (standard input)."""
    from alliances_cli.scenario.bundled import resolve

    return resolve(None if source is None else os.fspath(source))


def bundled_names() -> dict[str, Path]:
    """The bundled scenarios' names and files, by name (`load(name)` reads one)."""
    from alliances_cli.scenario.bundled import bundled

    return bundled()


def load_events(path: str | os.PathLike[str], scenario: Scenario) -> tuple[Event, ...]:
    """The named events of a separate file (`events: [...]`) that act on `scenario`."""
    from alliances_cli.scenario.load import load_events_file

    return load_events_file(os.fspath(path), scenario)


def _rules(combine: str, scale: tuple[float, float] | None, count_confidence: bool) -> Any:
    """The edge-list reading rules `load` documents, checked; None for the defaults (the
    reader's own), so that loading a YAML scenario imports nothing of the edge-list reader."""
    if combine == "mean" and scale is None and not count_confidence:
        return None
    from alliances_cli.scenario.importers.ratings import RULES, Rules

    if combine not in RULES:
        raise ValueError(f"unknown rule {combine!r}; use one of {', '.join(RULES)}")
    if scale is not None and not scale[0] < scale[1]:
        raise ValueError(f"the scale {scale!r} must run from a lower to a higher rating")
    return Rules(combine, scale, count_confidence)


def load_text(
    text: str,
    path: str = "<text>",
    *,
    combine: str = "mean",
    scale: tuple[float, float] | None = None,
    count_confidence: bool = False,
) -> Scenario:
    """A scenario from text: YAML, or a signed edge list if it looks like one (read with the
    rules `load` describes). `path` names it in error messages."""
    from alliances_cli.scenario.load import load_any

    return load_any(text, path, _rules(combine, scale, count_confidence))


def load_edge_list(
    text: str,
    path: str = "<edge list>",
    *,
    combine: str = "mean",
    scale: tuple[float, float] | None = None,
    count_confidence: bool = False,
) -> Scenario:
    """A scenario from a signed edge list (`source,target,sign`, `stance` or `weight`, with
    `date` and `theater` columns if it has them; see docs/formats.md)."""
    from alliances_cli.scenario.importers.edgelist import load_edge_list as load

    return load(text, path, _rules(combine, scale, count_confidence))


def as_of(scenario: Scenario, date: str | None = None) -> Scenario:
    """The scenario as of `date` (YYYY-MM-DD, YYYY-MM or YYYY): only the ties, per-theater
    stances and theater engagements whose `from`/`until` periods hold that day; `date`
    becomes its `as_of`. No date: as of the scenario's own `as_of`, or else the latest date
    it names. Every analysis reads a dated scenario this way. Raises `ValueError` for a text
    that is no date."""
    from alliances_cli.engine.dated import at, current

    return current(scenario) if date is None else at(scenario, date)


#: The dates of a dated scenario its events are tried on, at most (the latest ones).
EVENT_CHECK_DATES = 50


def event_problems(scenario: Scenario) -> list[str]:
    """Why each named event of `scenario` cannot apply on its own, as one line each
    (`file:line:col: ...` where the event's step has a place): tried as of the scenario's own
    day and, for a dated scenario, as of each day it names (the latest EVENT_CHECK_DATES), so
    that `validate` accepts what `whatif`, `robust` and `report` can run."""
    from alliances_cli.engine.dated import at, dates, default_date, is_dated
    from alliances_cli.engine.events import apply_events
    from alliances_cli.scenario.errors import EventError

    if not scenario.events:
        return []
    views: list[tuple[str | None, Scenario]] = [(None, scenario)]
    if is_dated(scenario):
        days = dates(scenario)[-EVENT_CHECK_DATES:]
        own = default_date(scenario)
        if own is not None and full_date(own) not in days:
            days.append(full_date(own))
        views = [(when, at(scenario, when)) for when in days]
    found: dict[tuple[str, str], str] = {}
    for event in scenario.events:
        for when, model in views:
            try:
                apply_events(model, [event])
            except EventError as exc:
                text = str(exc)
                if not (exc.file and exc.pos):
                    text = f"{scenario.path or '<scenario>'}: {text}"
                if when is not None:
                    text += f" (as of {when})"
                found.setdefault((event.id, exc.message), text)
    return list(found.values())


def latest_date(scenario: Scenario) -> str | None:
    """The latest day a dated scenario names (YYYY-MM-DD: after it nothing changes), or None
    for an undated one."""
    from alliances_cli.engine.dated import dates

    named = dates(scenario)
    return named[-1] if named else None


def dump(scenario: Scenario) -> str:
    """The scenario as YAML that `load_text` reads back into an equal scenario."""
    from alliances_cli.scenario.dump import dump_scenario

    return dump_scenario(scenario)


def save(
    scenario: Scenario,
    path: str | os.PathLike[str],
    *,
    header: str | None = None,
    inputs: Sequence[str] = (),
) -> None:
    """Write the scenario as YAML to `path`, atomically (readers see the old file or the new
    one, never a part), or straight into a device or pipe; `header` is a comment line put
    first. A path that is one of `inputs` is refused (`OutputError`)."""
    from alliances_cli.output import write_atomic

    comment = "" if header is None else f"# {header}\n"
    write_atomic(os.fspath(path), comment + dump(scenario), inputs=inputs)


class Listing:
    """A listing's JSON document and text table, from its `report`."""

    report: Result

    def to_dict(self) -> dict[str, Any]:
        return self.report.document

    def text(self) -> str:
        """What the listing command prints, as plain text."""
        return plain(self.output().report())

    def output(self) -> Output:
        """What the listing command prints: its table, or its document."""
        return Output(lambda: self.report)


@dataclass(frozen=True)
class Events(Listing):
    """The named what-if events of a scenario (and of an events file), as `alliances events`
    lists them."""

    scenario: Scenario
    events: tuple[Event, ...]

    @cached_property
    def report(self) -> Result:  # type: ignore[override]
        """The listing as a report: its JSON document and its table."""
        from alliances_cli.reports.whatif import events_result

        return events_result(self.scenario, self.events)

    def output(self) -> Output:
        """What `alliances events` prints: each event with its operations."""
        from alliances_cli.reports.common import heading
        from alliances_cli.reports.whatif import events_table

        return Output(
            lambda: self.report,
            lambda: [heading(self.scenario), events_table(self.scenario, self.events)],
        )


def list_events(scenario: Scenario, extra: Sequence[Event] = ()) -> Events:
    """The scenario's named what-if events, then those of `extra` (an events file's)."""
    return Events(scenario, (*scenario.events, *extra))


@dataclass(frozen=True)
class Bundled(Listing):
    """The scenarios that ship with alliances, as `alliances scenarios` lists them."""

    found: dict[str, tuple[Path, Scenario]] = field(repr=False)

    @cached_property
    def report(self) -> Result:  # type: ignore[override]
        from alliances_cli.reports.listings import scenarios_result

        return scenarios_result(self.found)


def bundled_scenarios() -> Bundled:
    """Every bundled scenario by name, with its file, loaded."""
    from alliances_cli.scenario.bundled import bundled
    from alliances_cli.scenario.load import load_file

    return Bundled({name: (path, load_file(str(path))) for name, path in bundled().items()})


def glossary(term: str | None = None) -> str:
    """The glossary of every figure printed (`alliances glossary`): its definitions, or those
    of `term`. Raises LookupError naming the terms when none matches, OSError when the text
    is missing from this installation."""
    from alliances_cli.reports.glossary import definitions, entries, glossary_path, terms

    text = glossary_path().read_text(encoding="utf-8")
    found = definitions(text) if term is None else entries(text, term)
    if not found:
        raise LookupError(", ".join(t.lower() for t in terms(text)))
    return "\n\n".join(found) + "\n"


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema of the scenario format (`alliances schema`), for editors."""
    from alliances_cli.scenario.schema import scenario_schema as schema

    return schema()


@dataclass(frozen=True)
class Actors(Listing):
    """Actors of a scenario, as `alliances actors` lists them."""

    scenario: Scenario
    actors: tuple[Actor, ...]

    @cached_property
    def report(self) -> Result:  # type: ignore[override]
        """The listing as a report: its JSON document and its table."""
        from alliances_cli.reports.listings import actors_result

        return actors_result(self.scenario, [a.id for a in self.actors])


def list_actors(
    scenario: Scenario, *, theater: str | None = None, tag: str | None = None
) -> Actors:
    """The actors, optionally only those engaged in `theater` or carrying `tag`."""
    scenario = current_of(scenario)
    engaged = None if theater is None else set(theater_of(scenario, theater).actors)
    return Actors(
        scenario,
        tuple(
            a
            for a in scenario.actors
            if (engaged is None or a.id in engaged) and (tag is None or tag in a.tags)
        ),
    )


@dataclass(frozen=True)
class TieRow:
    """A tie's stance where it applies: with no theater, its general stance (`origin`
    "general"); in a theater, its own entry there ("theater") or its general stance
    ("inherited")."""

    a: str
    b: str
    theater: str | None
    origin: str
    stance: float
    confidence: float
    weight: float
    evidence: str
    note: str | None


@dataclass(frozen=True)
class Ties(Listing):
    """Ties of a scenario, one row per general stance and per theater where one applies."""

    scenario: Scenario
    rows: tuple[TieRow, ...]

    @cached_property
    def report(self) -> Result:  # type: ignore[override]
        """The listing as a report: its JSON document and its table."""
        from alliances_cli.reports.listings import ties_result

        return ties_result(self.scenario, [tuple(vars(r).values()) for r in self.rows])


def list_ties(
    scenario: Scenario,
    *,
    actors: Sequence[str] = (),
    theater: str | None = None,
    sign: Sign | None = None,
) -> Ties:
    """The ties, optionally only those of `actors` (two: the tie between them), in `theater`,
    or of one sign. Unknown ids raise `UnknownId` with a suggestion."""
    scenario = current_of(scenario)
    from alliances_cli.reports.listings import tie_rows

    if theater is not None:
        theater_of(scenario, theater)
    for name in actors:
        actor_of(scenario, name)
    rows = (TieRow(*row) for row in tie_rows(scenario, scenario.ties))
    kept = tuple(
        r
        for r in rows
        if (theater is None or r.theater == theater)
        and all(name in (r.a, r.b) for name in actors)
        and (
            sign is None
            or (sign == "positive" and r.stance > 0)
            or (sign == "negative" and r.stance < 0)
            or (sign == "neutral" and r.stance == 0)
        )
    )
    return Ties(scenario, kept)


@dataclass(frozen=True)
class EventImport:
    """A scenario made from dyadic event files (`import-events`), and what became of the
    events read: used, or left out and why."""

    scenario: Scenario
    imported: Any = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The counts: events read, used, and left out by reason; malformed lines."""
        found = self.imported
        return {
            "events": found.events + found.tally.duplicates,
            "used": found.used,
            "unmapped_events": found.unmapped_events,
            "unmapped": dict(found.unmapped.most_common()),
            "one_sided": found.one_sided,
            "same_actor": found.same_actor,
            "neutral": found.neutral,
            "after_as_of": found.later,
            "duplicates": found.tally.duplicates,
            "malformed": found.tally.malformed,
            "problems": list(found.tally.problems),
            "windows": found.windows,
            "actors": len(self.scenario.actors),
            "ties": len(self.scenario.ties),
        }


def import_events(
    paths: Sequence[str | os.PathLike[str]],
    *,
    fmt: str = "auto",
    actor_map: str | os.PathLike[str] | None = None,
    half_life: float = 30.0,
    as_of: str | None = None,
    window: str | None = None,
    stdin: Any = None,
    progress: Callable[[int], None] | None = None,
    dedup: str | None = None,
) -> EventImport:
    """Turn dyadic event files (GDELT 1.0/2.0, ICEWS, CSV, ACLED, PLOVER or POLECAT; `fmt`
    "auto" tells them by their first line) into a scenario of signed ties, read a line at a
    time. `dedup="one-a-day"` keeps one event per pair, type and day.

    `actor_map` is a CSV `code,actor[,name]` mapping codes to actors (without one, each code
    is an actor). Scores are decayed with `half_life` days up to `as_of` (default: the last
    event's day); `window` ("1m", "1y", ...) makes one dated tie per pair and window instead.
    `progress` is called with the events read so far, every 100,000. Raises `ScenarioError`
    for a bad map, a file whose format cannot be told, or events that make no tie;
    `ValueError` for a bad option.
    """
    from alliances_cli.scenario.importers.eventdata import FORMATS, Tally
    from alliances_cli.scenario.importers.eventdata_ties import events_to_scenario, load_actor_map
    from alliances_cli.scenario.importers.eventfiles import one_a_day, read_files
    from alliances_cli.scenario.reading import decode, read_bytes

    if fmt not in FORMATS:
        raise ValueError(f"unknown event format {fmt!r}; use {', '.join(FORMATS)}")
    if dedup not in (None, "one-a-day"):
        raise ValueError(f"unknown de-duplication {dedup!r}; use one-a-day")
    if not half_life > 0:
        raise ValueError("the half-life must be a positive number of days")
    full = None if as_of is None else full_date(as_of)
    every = None if window is None else step_of(window, "window", "1m")
    mapping = None
    if actor_map is not None:
        where = os.fspath(actor_map)
        mapping = load_actor_map(decode(read_bytes(where), where), where)
    names = [os.fspath(p) for p in paths]
    tally = Tally()
    happenings = read_files(names, fmt, tally, stdin)
    found = events_to_scenario(
        one_a_day(happenings, tally) if dedup else happenings,
        tally,
        paths=names,
        actor_map=mapping,
        half_life=half_life,
        as_of=full,
        every=every,
        progress=progress,
    )
    return EventImport(found.scenario, found)
