"""The public Python surface: everything the command line does, from a notebook or a script.

Functions take a `Scenario` (from `load`, `load_text` or `load_edge_list`) and return immutable
records. Each record's `to_dict()` is the JSON document the matching command prints with
`--format json` (docs/output.md), and `text()` is its text report. Errors are the exceptions
the command line turns into exit code 1: `ScenarioError` (every problem of an invalid file, by
line and column) and `EventError` (an event that cannot apply).

    >>> import alliances_cli as al
    >>> analysis = al.analyse(al.load())
    >>> analysis.camps("mosul")[0]
    ('us', 'iran', 'iraq', 'pmf')
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from alliances_cli.output import OutputError as OutputError
from alliances_cli.scenario.errors import EventError as EventError
from alliances_cli.scenario.errors import ScenarioError as ScenarioError
from alliances_cli.scenario.errors import UnknownId as UnknownId
from alliances_cli.scenario.model import Actor, Event, Scenario

if TYPE_CHECKING:
    from alliances_cli.engine import analysis as engine
    from alliances_cli.engine import timeline as timelines
    from alliances_cli.engine.chunks import Runner
    from alliances_cli.engine.diff import Changes
    from alliances_cli.engine.events import Applied
    from alliances_cli.engine.overall import Hedge, Split
    from alliances_cli.engine.stress import Stress
    from alliances_cli.engine.sweep import SweepResult
    from alliances_cli.engine.view import View
    from alliances_cli.reports.render.formats import Result
    from alliances_cli.reports.robust import Findings

#: The public names; `import alliances_cli` re-exports them (with `__version__`).
__all__ = [
    "Actors",
    "Analysis",
    "EventError",
    "EventImport",
    "OutputError",
    "Robust",
    "ScenarioError",
    "Sweep",
    "Ties",
    "Timeline",
    "UnknownId",
    "WhatIf",
    "analyse",
    "apply",
    "as_of",
    "clear_caches",
    "draw",
    "dump",
    "export",
    "import_events",
    "list_actors",
    "list_ties",
    "load",
    "load_edge_list",
    "load_text",
    "report",
    "robust",
    "save",
    "sweep",
    "timeline",
    "whatif",
]

#: How the overall view is made: "consensus" or "mean" (docs/output.md).
Overall = str
#: "positive", "negative" or "neutral".
Sign = str


# -- loading ------------------------------------------------------------------------------------


def load(source: str | os.PathLike[str] | None = None) -> Scenario:
    """A scenario from a YAML file, a CSV/TSV signed edge list (a path, as text or a `Path`),
    or a bundled scenario's name.

    No source: the bundled `mosul-aleppo-2016`. Raises `ScenarioError` for an invalid file.
    """
    from alliances_cli.scenario.bundled import resolve
    from alliances_cli.scenario.load import load_file

    return load_file(resolve(None if source is None else os.fspath(source)))


def load_text(text: str, path: str = "<text>") -> Scenario:
    """A scenario from text: YAML, or a signed edge list if it looks like one. `path` names it
    in error messages."""
    from alliances_cli.scenario.load import load_any

    return load_any(text, path)


def load_edge_list(text: str, path: str = "<edge list>") -> Scenario:
    """A scenario from a signed edge list (`source,target,sign` or `stance`; see the README)."""
    from alliances_cli.scenario.importers.edgelist import load_edge_list as load

    return load(text, path)


def as_of(scenario: Scenario, date: str | None = None) -> Scenario:
    """The scenario as of `date` (YYYY-MM-DD, YYYY-MM or YYYY): only the ties, per-theater
    stances and theater engagements whose `from`/`until` periods hold that day; `date`
    becomes its `as_of`. No date: as of the scenario's own `as_of`, or else the latest date
    it names. Every analysis reads a dated scenario this way. Raises `ValueError` for a text
    that is no date."""
    from alliances_cli.engine.dated import at, current

    return current(scenario) if date is None else at(scenario, date)


def _full_date(text: str) -> str:
    """The full date a written date stands for; `ValueError` if it is none."""
    from alliances_cli.scenario.dates import day

    full = day(text)
    if full is None:
        raise ValueError(f"{text!r} is not a date; write YYYY-MM-DD, YYYY-MM or YYYY")
    return full


def _step(text: str, what: str, example: str) -> tuple[int, str]:
    """A step of days, weeks, months or years ("1m"); `ValueError` if it is none."""
    from alliances_cli.scenario.dates import step

    found = step(text)
    if found is None:
        raise ValueError(f"{text!r} is not a {what}; write a count and d, w, m or y: {example}")
    return found


def _current(scenario: Scenario) -> Scenario:
    from alliances_cli.engine.dated import current

    return current(scenario)


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


# -- listings -----------------------------------------------------------------------------------


class _Listing:
    """A listing's JSON document and text table, from its `report`."""

    report: Result

    def to_dict(self) -> dict[str, Any]:
        return self.report.document

    def text(self) -> str:
        from alliances_cli.reports.common import heading_text, result_tables
        from alliances_cli.reports.render.blocks import render_plain

        return render_plain([heading_text(self.report.title), *result_tables(self.report)])


@dataclass(frozen=True)
class Actors(_Listing):
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
    scenario = _current(scenario)
    engaged = None if theater is None else set(_theater(scenario, theater).actors)
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
class Ties(_Listing):
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
    scenario = _current(scenario)
    from alliances_cli.reports.listings import tie_rows

    if theater is not None:
        _theater(scenario, theater)
    for name in actors:
        _actor(scenario, name)
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


# -- analysis -----------------------------------------------------------------------------------


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
        """The `alliances show` report, as plain text."""
        from alliances_cli.reports.render.blocks import render_plain
        from alliances_cli.reports.show import show_report

        return render_plain(show_report(self.result, top or None, evidence))


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
    scenario = _current(scenario)
    from alliances_cli.engine.analysis import analyse as run

    theaters = None if theater is None else [_theater(scenario, theater).id]
    return Analysis(
        run(
            scenario,
            theaters=theaters,
            camps_limit=camps_limit,
            overall=_rule(overall),
            time_limit=_time_limit(time_limit),
        )
    )


def _time_limit(seconds: float | None) -> float | None:
    if seconds is not None and not seconds > 0:
        raise ValueError(f"time_limit must be a positive number of seconds, not {seconds!r}")
    return seconds


# -- events -------------------------------------------------------------------------------------


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
        from alliances_cli.reports.render.blocks import render_plain
        from alliances_cli.reports.whatif import whatif_report

        return render_plain(
            whatif_report(self.before.result, self.after.result, self.applied, self.changes)
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
    scenario = _current(scenario)
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
    scenario = _current(scenario)
    from alliances_cli.engine.analysis import analyse as run
    from alliances_cli.engine.diff import compare

    applied = apply(scenario, events, extra)
    rule = _rule(overall)
    theaters = None if theater is None else [_theater(scenario, theater).id]
    limit = _time_limit(time_limit)
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
        """The `alliances sweep` report, as plain text."""
        from alliances_cli.reports.render.blocks import render_plain
        from alliances_cli.reports.sweep import sweep_report

        return render_plain(sweep_report(self.result, top or None))


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
    scenario = _current(scenario)
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


@dataclass(frozen=True)
class Robust:
    """How sure the coalitions are (`robust`): odds from samples, exact margins, and the
    tipping points of one actor if asked."""

    findings: Findings = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The `alliances robust --format json` document."""
        from alliances_cli.reports.robust import robust_data

        return robust_data(self.findings)

    def text(self, top: int | None = 10) -> str:
        """The `alliances robust` report, as plain text."""
        from alliances_cli.reports.render.blocks import render_plain
        from alliances_cli.reports.robust import robust_report

        return render_plain(robust_report(self.findings, top or None))


#: Views with more actors than this get no exact margins (each costs a solve per actor).
MARGIN_MAX_ACTORS = 60


def robust(
    scenario: Scenario,
    events: Iterable[str | Event] = (),
    *,
    samples: int = 1000,
    seed: int = 0,
    noise: str = "flip",
    actor: str | None = None,
    theater: str | None = None,
    camps_limit: int | None = None,
    overall: Overall = "consensus",
    extra: Sequence[Event] = (),
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
    runner: Runner | None = None,
) -> Robust:
    """Re-solve the coalitions on `samples` random redraws of the ties (noise "flip" or
    "bootstrap"; docs/robust.md), after `events` if any (then paired with the same draws
    before, to say how often the events move each actor); with exact margins for every actor
    and camp-sharing pair, and, for `actor`, the smallest change to one tie's stance that
    moves it. The same `seed` gives the same result with any number of `workers`, and with a
    `runner` (such as `alliances_cli.cluster.DaskRunner`)."""
    scenario = _current(scenario)
    from alliances_cli.engine.analysis import analyse as run
    from alliances_cli.engine.margins import margins, tipping_points
    from alliances_cli.engine.robust import robust as sample
    from alliances_cli.reports.robust import Findings

    rule = _rule(overall)
    theaters = None if theater is None else [_theater(scenario, theater).id]
    if actor is not None:
        actor = _actor(scenario, actor).id
    chosen = list(events)
    before = run(scenario, theaters=theaters, camps_limit=camps_limit, overall=rule)
    after = None
    if chosen or extra:
        applied = apply(scenario, chosen, extra)
        after = run(
            applied.scenario, theaters=theaters, camps_limit=camps_limit, overall=rule, prior=before
        )
    odds = sample(
        before,
        after=after,
        events=[e if isinstance(e, str) else e.id for e in chosen] + [e.id for e in extra],
        samples=samples,
        seed=seed,
        noise=noise,
        workers=workers,
        progress=progress,
        runner=runner,
    )
    point = odds.analysis
    views = point.shown
    actor_margins, pair_margins, tipping = [], [], []
    for view in views:
        if len(view.order) > MARGIN_MAX_ACTORS:
            continue
        found, pairs = margins(view)
        actor_margins += found
        pair_margins += pairs
        if actor is not None and view.id is not None:
            tipping += tipping_points(view, actor)[:3]
    tipping.sort(key=lambda t: (abs(t.to - t.stance), t.view or "", t.a, t.b))
    return Robust(Findings(odds, actor_margins, pair_margins, tipping, actor))


# -- time ---------------------------------------------------------------------------------------


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
        """The `alliances timeline` report, as plain text."""
        from alliances_cli.reports.render.blocks import render_plain
        from alliances_cli.reports.timeline import timeline_report

        return render_plain(timeline_report(self.line, self.title, top or None))

    def draw(self, path: str | os.PathLike[str], *, inputs: Sequence[str] = ()) -> None:
        """Draw the camps over time as an alluvial picture (.svg, .png or .pdf), atomically."""
        from alliances_cli.output import write_atomic_with
        from alliances_cli.reports.drawing.alluvial import draw_alluvial

        path = os.fspath(path)
        fmt = path.rsplit(".", 1)[-1].lower()
        if fmt not in ("svg", "png", "pdf"):
            raise ValueError(f"cannot draw {fmt!r}; use svg, png or pdf")
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

    if isinstance(source, Scenario):
        for when in at:
            _full_date(when)
        step = None if every is None else _step(every, "step", "1y")
        days = run.slice_days(source, at_days=at, every=step)
        slices = run.dated_slices(source, days)
        title = source.title
    else:
        if at or every:
            raise ValueError("at and every slice one dated scenario, not several")
        names = list(labels) if labels is not None else [s.as_of or s.id for s in source]
        if len(names) != len(source):
            raise ValueError(f"{len(names)} labels for {len(source)} scenarios")
        slices = [(n, s.as_of, _current(s)) for n, s in zip(names, source, strict=True)]
        title = source[0].title if len({s.title for s in source}) == 1 else "Timeline"
    if not slices:
        raise ValueError("no slice to make: give at least one scenario")
    if theater is not None:
        theater = _theater(slices[0][2], theater).id
        for _, _, scenario in slices:
            _theater(scenario, theater)
    found = run.timeline(
        slices,
        theater=theater,
        camps_limit=camps_limit,
        overall=_rule(overall),
        progress=progress,
        runner=runner,
    )
    return Timeline(found, title)


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
            "events": found.events,
            "used": found.used,
            "unmapped_events": found.unmapped_events,
            "unmapped": dict(found.unmapped.most_common()),
            "one_sided": found.one_sided,
            "same_actor": found.same_actor,
            "neutral": found.neutral,
            "after_as_of": found.later,
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
) -> EventImport:
    """Turn dyadic event files (GDELT 1.0/2.0, ICEWS, or CSV; `fmt` "auto" tells them by
    their first line) into a scenario of signed ties, read a line at a time.

    `actor_map` is a CSV `code,actor[,name]` mapping codes to actors (without one, each code
    is an actor). Scores are decayed with `half_life` days up to `as_of` (default: the last
    event's day); `window` ("1m", "1y", ...) makes one dated tie per pair and window instead.
    `progress` is called with the events read so far, every 100,000. Raises `ScenarioError`
    for a bad map, a file whose format cannot be told, or events that make no tie;
    `ValueError` for a bad option.
    """
    import zipfile

    from alliances_cli.scenario.importers.eventdata import FORMATS, Tally, open_text, read
    from alliances_cli.scenario.importers.eventdata_ties import events_to_scenario, load_actor_map
    from alliances_cli.scenario.load import decode, read_bytes
    from alliances_cli.scenario.positions import Problem

    if fmt not in FORMATS:
        raise ValueError(f"unknown event format {fmt!r}; use {', '.join(FORMATS)}")
    if not half_life > 0:
        raise ValueError("the half-life must be a positive number of days")
    full = None if as_of is None else _full_date(as_of)
    every = None if window is None else _step(window, "window", "1m")
    mapping = None
    if actor_map is not None:
        where = os.fspath(actor_map)
        mapping = load_actor_map(decode(read_bytes(where), where), where)
    names = [os.fspath(p) for p in paths]
    tally = Tally()

    def happenings() -> Any:
        for name in names:
            try:
                stream = open_text(name, stdin)
                try:
                    yield from read(name, stream, fmt, tally)
                finally:
                    if name != "-":
                        stream.close()
            except (OSError, EOFError, zipfile.BadZipFile) as exc:
                # A missing file, a directory, a truncated or corrupt .gz or .zip.
                reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
                raise ScenarioError([Problem(name, None, f"cannot read it: {reason}")]) from None

    found = events_to_scenario(
        happenings(),
        tally,
        paths=names,
        actor_map=mapping,
        half_life=half_life,
        as_of=full,
        every=every,
        progress=progress,
    )
    return EventImport(found.scenario, found)


# -- the report page ----------------------------------------------------------------------------


def report(
    scenario: Scenario,
    events: Iterable[str | Event] = (),
    *,
    samples: int = 500,
    seed: int = 0,
    camps_limit: int | None = None,
    overall: Overall = "consensus",
    extra: Sequence[Event] = (),
) -> str:
    """One self-contained HTML page (`alliances report`): maps, stress points, balance,
    before and after each named event of the scenario (or, given `events`, those applied
    together in order, as `whatif` does), and `samples` redraws of `robust` (0: none). It
    makes no network request; the same input gives the same text."""
    from alliances_cli.reports.html import WhatIfPart, render_report
    from alliances_cli.version import __version__

    scenario = _current(scenario)
    point = analyse(scenario, camps_limit=camps_limit, overall=overall)
    chosen = list(events)
    if chosen:
        plans = [(chosen, ", ".join(e if isinstance(e, str) else e.id for e in chosen))]
    else:
        plans = [([e.id], e.title or e.id) for e in (*scenario.events, *extra)]
    parts = []
    for plan, title in plans:
        found = whatif(scenario, plan, camps_limit=camps_limit, overall=overall, extra=extra)
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
            scenario, samples=samples, seed=seed, camps_limit=camps_limit, overall=overall
        ).to_dict()
    return render_report(scenario, point.result, point.to_dict(), parts, odds, __version__)


# -- exports ------------------------------------------------------------------------------------


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
    scenario = _current(scenario)
    from alliances_cli.engine.analysis import analyse as run
    from alliances_cli.output import write_atomic_with
    from alliances_cli.reports.drawing.picture import panel_builder, render

    path = os.fspath(path)
    chosen = fmt or path.rsplit(".", 1)[-1].lower()
    if chosen not in ("svg", "png", "pdf"):
        raise ValueError(f"cannot draw {chosen!r}; use svg, png or pdf")
    applied = apply(scenario, events, extra)
    theaters = None if theater is None else [_theater(scenario, theater).id]
    rule = _rule(overall_rule)
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


# -- helpers ------------------------------------------------------------------------------------


def _rule(overall: str) -> str:
    if overall not in ("consensus", "mean"):
        raise ValueError(f"unknown overall rule {overall!r}; use 'consensus' or 'mean'")
    return overall


def _theater(scenario: Scenario, theater: str) -> Any:
    found = scenario.theater_by_id.get(theater)
    if found is None:
        raise UnknownId("theater", _unknown("theater", theater, scenario.theater_by_id))
    return found


def _actor(scenario: Scenario, actor: str) -> Actor:
    found = scenario.actor_by_id.get(actor)
    if found is None:
        names = {a.id: a.name for a in scenario.actors}
        raise UnknownId("actor", _unknown("actor", actor, scenario.actor_by_id, names))
    return found


def _unknown(
    what: str, name: str, known: Iterable[str], names: dict[str, str] | None = None
) -> str:
    """'unknown theater 'x'; did you mean 'y'? (known: ...)': actors are too many to list."""
    from alliances_cli.scenario.vocabulary import suggest

    known = list(known)
    listed = f" (known: {', '.join(known)})" if what == "theater" else ""
    return f"unknown {what} '{name}'{suggest(name, known, names)}{listed}"
