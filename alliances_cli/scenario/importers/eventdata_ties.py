"""Events into ties: decayed sums of cooperation and conflict per pair, as eventnet does
(Lerner; see docs/events.md).

For each pair of actors, cooperation C is the sum of the positive scores of their events and
conflict K the sum of the negative ones' magnitudes, each event weighted by 2^(-age / half-life)
(age in days, up to the day the tie describes). Then

    stance     = (C - K) / (C + K)
    confidence = R / (R + 10)     (R: the reports of the events, weighted the same way)

and pairs with C + K under MIN_WEIGHT are left out. Evidence: the strongest few events (by
score, then reports, then date). One snapshot as of a day, or one tie per window (`--window`)
with dates `from` and `until`, the sums carried from window to window with their decay; a
window's tie is dated from the window's last day (the day its sums describe) to the next
window's, and the scenario is as of the last window's last day.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from alliances_cli.scenario import limits
from alliances_cli.scenario.dates import window_of, window_start
from alliances_cli.scenario.errors import ScenarioError
from alliances_cli.scenario.importers.eventdata import FORMAT_NAMES, Happening, Tally
from alliances_cli.scenario.model import Actor, Evidence, Scenario, Source, Theater, Tie
from alliances_cli.scenario.positions import Pos, Problem
from alliances_cli.scenario.vocabulary import ID_PATTERN

HALF_LIFE = 30.0
#: Pairs whose decayed cooperation and conflict add up to less are left out (eventnet's 0.01).
MIN_WEIGHT = 0.01
#: Reports for a confidence of one half.
HALF_SURE_REPORTS = 10.0
#: Events kept as evidence per tie.
EVIDENCE_PER_TIE = 3
#: How often reading reports its progress, in events.
PROGRESS_EVENTS = 100_000


@dataclass(frozen=True)
class ActorMap:
    """Codes (or names) in event files -> scenario actor ids, and the actors' names."""

    codes: dict[str, str]
    names: dict[str, str]


def load_actor_map(text: str, path: str) -> ActorMap:
    """A CSV with a header `code,actor` (and optionally `name`): each code's actor."""
    import csv

    from alliances_cli.scenario.textcheck import unfit_text

    problems: list[Problem] = []
    rows = list(csv.reader(line for line in text.splitlines() if not line.startswith("#")))
    if not rows:
        raise ScenarioError([Problem(path, None, "empty; write a header code,actor[,name]")])
    header = [h.strip().lower() for h in rows[0]]
    if "code" not in header or "actor" not in header:
        raise ScenarioError(
            [Problem(path, Pos(1, 1), "the header needs the columns code and actor (and name)")]
        )
    where = {h: i for i, h in enumerate(header)}
    codes: dict[str, str] = {}
    names: dict[str, str] = {}
    data_lines = [i + 1 for i, line in enumerate(text.splitlines()) if not line.startswith("#")]
    for row, line in zip(rows[1:], data_lines[1:], strict=False):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(
                Problem(path, Pos(line, 1), f"{len(row)} fields; the header has {len(header)}")
            )
            continue
        code = row[where["code"]].strip()
        actor = row[where["actor"]].strip()
        if not code:
            problems.append(Problem(path, Pos(line, 1), "empty code"))
            continue
        if not ID_PATTERN.match(actor):
            problems.append(
                Problem(
                    path,
                    Pos(line, 1),
                    f"actor {actor!r} is no id; use letters, digits, '_', '.', '-' (us, iran)",
                )
            )
            continue
        if code in codes and codes[code] != actor:
            problems.append(
                Problem(path, Pos(line, 1), f"code {code!r} maps to '{codes[code]}' already")
            )
            continue
        codes[code] = actor
        if "name" in where and row[where["name"]].strip():
            name = row[where["name"]].strip()
            unfit = unfit_text(name, "a name")
            if unfit:
                problems.append(Problem(path, Pos(line, 1), unfit))
                continue
            names.setdefault(actor, name)
    if problems:
        raise ScenarioError(problems)
    return ActorMap(codes, names)


class _Resolver:
    """Which actor a code stands for: the map's entry for the code, or for its longest
    leading run of three-letter CAMEO segments (USAGOV -> USA), or for the country code;
    without a map, the code itself (made an id)."""

    def __init__(self, actor_map: ActorMap | None) -> None:
        self.map = actor_map
        self.cache: dict[tuple[str, str], str | None] = {}

    def __call__(self, code: str, country: str) -> str | None:
        key = (code, country)
        if key in self.cache:
            return self.cache[key]
        found = self._resolve(code, country)
        self.cache[key] = found
        return found

    def _resolve(self, code: str, country: str) -> str | None:
        if self.map is None:
            if ID_PATTERN.match(code):
                return code
            from alliances_cli.scenario.importers.edgelist import slug

            made = slug(code)
            return made if ID_PATTERN.match(made) else None
        codes = self.map.codes
        if code in codes:
            return codes[code]
        for end in range(len(code) - len(code) % 3 or len(code) - 3, 0, -3):
            if code[:end] in codes:
                return codes[code[:end]]
        return codes.get(country) if country else None


@dataclass
class Imported:
    """A scenario made from event files, and what became of every event read."""

    scenario: Scenario
    tally: Tally
    events: int = 0
    used: int = 0
    #: Events left out for a code the map does not name, and those codes' counts.
    unmapped_events: int = 0
    unmapped: Counter[str] = field(default_factory=Counter)
    one_sided: int = 0
    same_actor: int = 0
    neutral: int = 0
    later: int = 0
    windows: int = 0


def events_to_scenario(
    happenings: Iterable[Happening],
    tally: Tally,
    *,
    paths: Sequence[str],
    actor_map: ActorMap | None = None,
    half_life: float = HALF_LIFE,
    as_of: str | None = None,
    every: tuple[int, str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Imported:
    """Read every event once and make the scenario of their ties (see the module's rule);
    `progress` is told the events read every PROGRESS_EVENTS."""
    resolve = _Resolver(actor_map)
    ordinals: dict[str, int] = {}
    windows: dict[str, int] = {}
    limit_day = None if as_of is None else dt.date.fromisoformat(as_of).toordinal()
    sums = _Sums(half_life)
    counts = Imported(scenario=Scenario(id="x", title="x"), tally=tally)
    latest = 0
    for event in happenings:
        counts.events += 1
        if progress is not None and counts.events % PROGRESS_EVENTS == 0:
            progress(counts.events)
        # A side with no code but a country code is that country (GDELT leaves the code empty
        # for some actors it knows only by country).
        source = event.source or event.source_country
        target = event.target or event.target_country
        if not source or not target:
            counts.one_sided += 1
            continue
        a = resolve(source, event.source_country)
        b = resolve(target, event.target_country)
        if a is None or b is None:
            counts.unmapped_events += 1
            if a is None:
                counts.unmapped[source] += 1
            if b is None:
                counts.unmapped[target] += 1
            continue
        if a == b:
            counts.same_actor += 1
            continue
        if event.score == 0:
            counts.neutral += 1
            continue
        day = ordinals.get(event.date)
        if day is None:
            day = ordinals[event.date] = dt.date.fromisoformat(event.date).toordinal()
        if limit_day is not None and day > limit_day:
            counts.later += 1
            continue
        counts.used += 1
        latest = max(latest, day)
        if every is None:
            window, end = 0, day
        else:
            window = windows.get(event.date, -1)
            if window < 0:
                window = windows[event.date] = window_of(dt.date.fromordinal(day), every)
            end = window_start(window + 1, every).toordinal() - 1
        sums.add((a, b, window) if a < b else (b, a, window), day, end, event)
    if as_of is None and latest:
        as_of = dt.date.fromordinal(latest).isoformat()
    if every is None:
        ties = _snapshot(sums.sums, sums.strongest, sums.factor, as_of, half_life)
    else:
        ties = _windows(sums.sums, sums.strongest, sums.factor, every, latest, half_life)
        counts.windows = len({w for _, _, w in sums.sums})
    if not ties:
        # The malformed lines first, each on its line (they are often the reason), then why.
        names = ", ".join(p if p != "-" else "standard input" for p in paths)
        placed = [Problem(f"{path}:{line}", None, what) for path, line, what in tally.placed]
        why = Problem(names or "events", None, "no event became a tie; " + _why(counts))
        raise ScenarioError([*placed, why])
    counts.scenario = _scenario(ties, paths, actor_map, as_of, every, half_life, tally)
    return counts


#: An event as evidence is ranked by its score, reports, date and id.
Ranked = tuple[float, int, str, str, Happening]


class _Sums:
    """Per pair and window, decayed cooperation and conflict, and the strongest events."""

    def __init__(self, half_life: float) -> None:
        self.half_life = half_life
        self.factors: dict[int, float] = {}
        # (a, b, window) -> [cooperation, conflict, events, reports, reference day]
        self.sums: dict[tuple[str, str, int], list[float]] = {}
        self.strongest: dict[tuple[str, str, int], list[Ranked]] = {}

    def factor(self, age: int) -> float:
        """What an event `age` days old counts for: 2^(-age / half-life), computed once."""
        f = self.factors.get(age)
        if f is None:
            f = self.factors[age] = 0.5 ** (age / self.half_life)
        return f

    def add(self, key: tuple[str, str, int], day: int, end: int, event: Happening) -> None:
        """Count one event of the pair and window `key`, on `day`; the window ends on `end`."""
        slot = self.sums.get(key)
        if slot is None:
            slot = self.sums[key] = [0.0, 0.0, 0.0, 0.0, float(end)]
        reference = int(slot[4])
        if day > reference:  # snapshots only: bring the sums forward to this day
            f = self.factor(day - reference)
            slot[0] *= f
            slot[1] *= f
            slot[3] *= f
            slot[4] = float(day)
            weight = 1.0
        else:
            weight = self.factor(reference - day)
        if event.score > 0:
            slot[0] += event.score * weight
        else:
            slot[1] -= event.score * weight
        slot[2] += 1
        slot[3] += event.reports * weight
        rank = (abs(event.score), event.reports, event.date, event.id, event)
        kept = self.strongest.setdefault(key, [])
        if len(kept) < EVIDENCE_PER_TIE or rank[:4] > kept[-1][:4]:
            kept.append(rank)
            kept.sort(key=lambda r: r[:4], reverse=True)
            del kept[EVIDENCE_PER_TIE:]


def _why(counts: Imported) -> str:
    """Why events were left out, most common reason first."""
    reasons = [
        (counts.unmapped_events, "with a code the actor map does not name"),
        (counts.one_sided, "with one actor only"),
        (counts.same_actor, "of an actor with itself"),
        (counts.neutral, "with a score of 0"),
        (counts.later, "after the as-of day"),
    ]
    reasons.append((counts.tally.malformed, "skipped as malformed"))
    told = [f"{n:,} {what}" for n, what in sorted(reasons, key=lambda r: -r[0]) if n]
    read = f"{_events(counts.events)} read"
    return read + (": " + "; ".join(told) if told else "")


_Tie = tuple[str, str, str | None, str | None, float, float, float, float, list[Happening]]


def _snapshot(
    sums: dict[tuple[str, str, int], list[float]],
    strongest: dict[tuple[str, str, int], list[tuple[float, int, str, str, Happening]]],
    factor: Callable[[int], float],
    as_of: str | None,
    half_life: float,
) -> list[_Tie]:
    end = dt.date.fromisoformat(as_of).toordinal() if as_of else 0
    ties: list[_Tie] = []
    for key in sorted(sums):
        coop, conflict, n, reports, reference = sums[key]
        f = factor(end - int(reference))
        coop, conflict, reports = coop * f, conflict * f, reports * f
        if coop + conflict < MIN_WEIGHT:
            continue
        evidence = [r[4] for r in strongest[key]]
        ties.append((key[0], key[1], None, None, coop, conflict, n, reports, evidence))
    return ties


def _windows(
    sums: dict[tuple[str, str, int], list[float]],
    strongest: dict[tuple[str, str, int], list[tuple[float, int, str, str, Happening]]],
    factor: Callable[[int], float],
    every: tuple[int, str],
    latest: int,
    half_life: float,
) -> list[_Tie]:
    if not sums:
        return []
    last = window_of(dt.date.fromordinal(latest), every)
    by_pair: dict[tuple[str, str], dict[int, list[float]]] = {}
    for (a, b, w), slot in sums.items():
        by_pair.setdefault((a, b), {})[w] = slot
    ties: list[_Tie] = []
    for pair in sorted(by_pair):
        own = by_pair[pair]
        coop = conflict = n = reports = 0.0
        carried: list[Happening] = []
        previous_end = None
        for w in range(min(own), last + 1):
            end = window_start(w + 1, every).toordinal() - 1
            if previous_end is not None:
                f = factor(end - previous_end)
                coop, conflict, reports = coop * f, conflict * f, reports * f
            previous_end = end
            mine = own.get(w)
            fresh: list[Happening] = []
            if mine is not None:
                coop += mine[0]
                conflict += mine[1]
                n += mine[2]
                reports += mine[3]
                fresh = [r[4] for r in strongest[(pair[0], pair[1], w)]]
            carried = (fresh + [e for e in carried if e not in fresh])[:EVIDENCE_PER_TIE]
            if coop + conflict < MIN_WEIGHT:
                continue
            # In force from the window's last day (what it sums is known then) until the next
            # window's: `--as-of` a day inside a window shows the window before, never events
            # still to come.
            since = dt.date.fromordinal(end).isoformat()
            until = (window_start(w + 2, every) - dt.timedelta(days=1)).isoformat()
            ties.append((pair[0], pair[1], since, until, coop, conflict, n, reports, carried))
    return ties


def _events(n: float) -> str:
    return "1 event" if n == 1 else f"{int(n):,} events"


def _clean(text: str, most: int = 200) -> str:
    if text.isprintable():  # nearly always: no walk over the characters (10 M calls a 1 M rows)
        return text[:most].strip()
    return "".join(ch for ch in text if ch.isprintable())[:most].strip()


def _evidence(event: Happening, prefix: str, kind: str, sources: dict[str, Source]) -> Evidence:
    """An event as a tie's evidence, its source added to `sources` the first time."""
    from alliances_cli.scenario.importers.edgelist import slug

    ident = f"{prefix}-{slug(event.id)}"
    if ident not in sources:
        url = event.url if event.url.startswith(("http://", "https://")) else None
        sources[ident] = Source(
            id=ident,
            title=_clean(f"{kind} event {event.id}"),
            date=event.date,
            url=None if url is None or not url.isprintable() or " " in url else url,
        )
    # CAMEO codes are numbers; ACLED and PLOVER name their event types.
    cameo = f", CAMEO {event.code}" if event.code.isdigit() else ""
    cameo = cameo or (f", {event.code}" if event.code else "")
    plural = "s" if event.reports != 1 else ""
    says = _clean(
        f"{event.date}: {event.source} -> {event.target}{cameo}, score "
        f"{event.score:+g}, {event.reports} report{plural}"
    )
    at = _clean(event.url) if event.url and not event.url.startswith("http") else None
    return Evidence(ident, at or None, says)


def _scenario(
    ties: list[_Tie],
    paths: Sequence[str],
    actor_map: ActorMap | None,
    as_of: str | None,
    every: tuple[int, str] | None,
    half_life: float,
    tally: Tally,
) -> Scenario:
    from alliances_cli.scenario.importers.edgelist import slug

    names = [Path(p).name if p != "-" else "standard input" for p in paths]
    formats = sorted(FORMAT_NAMES[f] for f in tally.formats) or ["events"]
    prefix = {"GDELT 1.0": "gdelt", "GDELT 2.0": "gdelt", "ICEWS": "icews"}.get(formats[0], "event")
    sources: dict[str, Source] = {}
    made: list[Tie] = []
    actors: set[str] = set()
    for a, b, since, until, coop, conflict, n, reports, evidence in ties:
        actors.update((a, b))
        proofs = [_evidence(event, prefix, formats[0], sources) for event in evidence]
        stance = round((coop - conflict) / (coop + conflict), 2) + 0.0
        confidence = max(0.01, round(reports / (reports + HALF_SURE_REPORTS), 2))
        day = until or as_of
        note = (
            f"{_events(n)}: cooperation {coop:.2f}, conflict {conflict:.2f}, reports "
            f"{reports:.2f}, decayed to {day} with a half-life of {half_life:g} days"
            if since is None
            else f"{_events(n)} to this window's end: cooperation {coop:.2f}, conflict "
            f"{conflict:.2f}, reports {reports:.2f} (half-life {half_life:g} days)"
        )
        made.append(
            Tie(
                a=a,
                b=b,
                stance=stance,
                confidence=confidence,
                evidence=tuple(proofs),
                note=note,
                since=since,
                until=until,
            )
        )
    too_many = limits.over(limits.ACTORS, len(actors)) or limits.over(limits.TIES, len(made))
    if too_many:
        raise ScenarioError([Problem(", ".join(names), None, too_many + " (or map fewer codes)")])
    known = actor_map.names if actor_map is not None else {}
    stem = Path(paths[0]).stem if paths and paths[0] != "-" else "events"
    window = "" if every is None else f", one tie per pair and window of {every[0]}{every[1]}"
    if every is not None:
        as_of = max(t.since for t in made if t.since is not None)
    return Scenario(
        id=slug(stem),
        title=_clean(f"Events from {', '.join(names)}"),
        as_of=as_of,
        description=(
            f"Imported by 'alliances import-events' from {', '.join(formats)} events{window}: "
            f"cooperation C and conflict K decayed with a half-life of {half_life:g} days, "
            f"stance (C - K) / (C + K), confidence R / (R + {HALF_SURE_REPORTS:g}) for R "
            "decayed reports."
        ),
        sources=tuple(sources[k] for k in sorted(sources)),
        actors=tuple(Actor(id=a, name=known.get(a, a), kind="other") for a in sorted(actors)),
        theaters=(Theater(id="events", name="Events", actors=tuple(sorted(actors))),),
        ties=tuple(made),
    )
