"""Dyadic event files, read a line at a time: GDELT 1.0 and 2.0, ICEWS, and a plain CSV
(ACLED and PLOVER/POLECAT are in `eventformats.py`; `eventfiles.py` opens files and picks
the reader).

Each reader yields `Happening` records and reports malformed lines to a `Tally`; nothing is
held but the line being read, so memory does not grow with the file. Formats, after the
published codebooks:

- GDELT event files: tab-separated, no header; 58 columns (1.0 daily files), 57 (1.0 backfile,
  no SOURCEURL) or 61 (2.0, which adds an ADM2 code per place). Used: GLOBALEVENTID (0),
  SQLDATE (1, YYYYMMDD), Actor1Code (5), Actor1CountryCode (7), Actor2Code (15),
  Actor2CountryCode (17), EventCode (26), GoldsteinScale (30), NumSources (32), SOURCEURL (last).
- ICEWS: tab-separated with a header: Event ID, Event Date, Source Name, Source Country,
  Target Name, Target Country, CAMEO Code, Intensity, Story ID (Intensity is the score).
- CSV: a header with date, source, target, score, and optionally id, url, sources, code.
"""

from __future__ import annotations

import csv
import math
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, NamedTuple

from alliances_cli.scenario.errors import ScenarioError
from alliances_cli.scenario.positions import Pos, Problem

#: Malformed lines reported one by one; the rest are counted.
SHOWN_PROBLEMS = 20

FORMATS = ("auto", "gdelt", "icews", "csv", "acled", "plover")
FORMAT_NAMES = {
    "gdelt1": "GDELT 1.0",
    "gdelt2": "GDELT 2.0",
    "icews": "ICEWS",
    "csv": "CSV",
    "acled": "ACLED",
    "plover": "PLOVER",
    "polecat": "POLECAT",
}


class Happening(NamedTuple):
    """One event: who did what to whom, when, how cooperative (+) or hostile (-)."""

    line: int
    id: str
    date: str  # YYYY-MM-DD
    source: str  # the codes or names as written
    target: str
    source_country: str
    target_country: str
    score: float
    reports: int  # sources reporting it (1 where the format has no count)
    url: str
    code: str  # CAMEO code, if any


@dataclass
class Tally:
    """What reading found besides events: malformed lines (the first few, then a count)."""

    problems: list[str] = field(default_factory=list)
    #: The same lines as (file, line, message), to place them in an error.
    placed: list[tuple[str, int, str]] = field(default_factory=list)
    malformed: int = 0
    lines: int = 0
    #: Repeated reports of one event dropped by `one_a_day`.
    duplicates: int = 0
    formats: Counter[str] = field(default_factory=Counter)

    def bad(self, path: str, line: int, message: str) -> None:
        self.malformed += 1
        if len(self.problems) < SHOWN_PROBLEMS:
            self.problems.append(f"{path}:{line}: {message}")
            self.placed.append((path, line, message))


def refuse(path: str, line: int | None, message: str) -> ScenarioError:
    """A file whose format cannot be told, or is not the one asked for."""
    return ScenarioError([Problem(path, None if line is None else Pos(line, 1), message)])


def split_fields(line: str) -> list[str]:
    text = line.rstrip("\r\n")
    return text.split("\t") if "\t" in text else next(csv.reader([text]), [])


def parse_date(text: str) -> str | None:
    """YYYYMMDD or YYYY-MM-DD (or a longer timestamp starting so) as YYYY-MM-DD, if valid."""
    text = text.strip()
    if len(text) >= 8 and text[:8].isdigit():
        text = f"{text[:4]}-{text[4:6]}-{text[6:8]}"
    else:
        text = text[:10]
    import datetime as dt

    try:
        return dt.date.fromisoformat(text).isoformat() if len(text) == 10 else None
    except ValueError:
        return None


def _score(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and -10 <= value <= 10 else None


def _reports(text: str) -> int:
    text = text.strip()
    return int(text) if text.isdigit() and int(text) > 0 else 1


def gdelt(
    path: str, first: str, stream: IO[str], tally: Tally, skipped: int
) -> Iterator[Happening]:
    dates: dict[str, str | None] = {}
    number = skipped
    for number, line in enumerate(chain(first, stream), skipped + 1):
        fields = line.rstrip("\r\n").split("\t")
        n = len(fields)
        if n not in (57, 58, 61):
            if line.strip():
                tally.bad(path, number, f"{n} columns; GDELT event rows have 57, 58 or 61")
            continue
        tally.formats["gdelt2" if n == 61 else "gdelt1"] += 1
        raw = fields[1]
        when = dates.get(raw)
        if when is None and raw not in dates:
            when = dates[raw] = parse_date(raw)
        if when is None:
            tally.bad(path, number, f"SQLDATE is {raw[:20]!r}, not a date YYYYMMDD")
            continue
        score = _score(fields[30])
        if score is None:
            tally.bad(path, number, f"GoldsteinScale is {fields[30][:20]!r}, not -10..+10")
            continue
        yield Happening(
            number,
            fields[0].strip(),
            when,
            fields[5].strip(),
            fields[15].strip(),
            fields[7].strip(),
            fields[17].strip(),
            score,
            _reports(fields[32]),
            fields[-1].strip() if n != 57 else "",
            fields[26].strip(),
        )
    tally.lines += number


_ICEWS = {
    "event id": "id",
    "event date": "date",
    "source name": "source",
    "source country": "source_country",
    "target name": "target",
    "target country": "target_country",
    "cameo code": "code",
    "intensity": "score",
    "story id": "story",
}


def icews(
    path: str, first: str, stream: IO[str], tally: Tally, skipped: int
) -> Iterator[Happening]:
    width, where = tab_header(first, _ICEWS)
    missing = [
        n
        for n in ("event date", "source name", "target name", "intensity")
        if _ICEWS[n] not in where
    ]
    if missing:
        raise refuse(path, skipped + 1, f"the ICEWS header has no {', '.join(missing)} column")
    for number, get in tab_rows(path, width, where, stream, tally, skipped):
        tally.formats["icews"] += 1
        checked = _when_and_score(get, ("Event Date", "Intensity"), path, number, tally)
        if checked is None:
            continue
        when, score = checked
        story = get("story")
        yield Happening(
            number,
            get("id") or f"line {number}",
            when,
            get("source"),
            get("target"),
            get("source_country"),
            get("target_country"),
            score,
            1,
            f"story {story}" if story else "",
            get("code"),
        )


def tab_header(first: str, names: dict[str, str]) -> tuple[int, dict[str, int]]:
    """A tab-separated header line's width, and the place of each column `names` knows (by
    its name in lower case), under the key `names` gives it."""
    header = [f.strip().lower() for f in first.rstrip("\r\n").split("\t")]
    return len(header), {names[name]: i for i, name in enumerate(header) if name in names}


def tab_rows(
    path: str,
    width: int,
    where: dict[str, int],
    stream: IO[str],
    tally: Tally,
    skipped: int,
) -> Iterator[tuple[int, Callable[[str], str]]]:
    """The rows of a tab-separated file after its header line: (line number, a getter of a
    column by its key in `where`, "" for a column the header lacks); a row of another width
    is reported, blank lines skipped. Counts the lines read in `tally`."""
    number = skipped + 1
    for number, line in enumerate(stream, skipped + 2):
        if not line.strip():
            continue
        fields = line.rstrip("\r\n").split("\t")
        if len(fields) != width:
            tally.bad(path, number, f"{len(fields)} columns; the header has {width}")
            continue

        def get(key: str, fields: list[str] = fields) -> str:
            return fields[where[key]].strip() if key in where else ""

        yield number, get
    tally.lines += number


def csv_events(
    path: str, first: str, stream: IO[str], tally: Tally, skipped: int
) -> Iterator[Happening]:
    delimiter = "\t" if "\t" in first else ","
    header = [f.strip().lower() for f in next(csv.reader([first], delimiter=delimiter))]
    where = {name: i for i, name in enumerate(header)}
    missing = [n for n in ("date", "source", "target", "score") if n not in where]
    if missing:
        raise refuse(path, skipped + 1, f"the header has no {', '.join(missing)} column")
    number = skipped + 1
    rows = csv.reader(stream, delimiter=delimiter)
    while True:
        try:
            fields = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:
            number = rows.line_num + skipped + 1
            tally.bad(path, number, f"not CSV: {exc}")
            continue
        number = rows.line_num + skipped + 1
        if not any(f.strip() for f in fields):
            continue
        if len(fields) != len(header):
            tally.bad(path, number, f"{len(fields)} fields; the header has {len(header)}")
            continue
        tally.formats["csv"] += 1

        def get(key: str, fields: list[str] = fields) -> str:
            return fields[where[key]].strip() if key in where else ""

        checked = _when_and_score(get, ("date", "score"), path, number, tally)
        if checked is None:
            continue
        when, score = checked
        yield Happening(
            number,
            get("id") or f"line {number}",
            when,
            get("source"),
            get("target"),
            "",
            "",
            score,
            _reports(get("sources")),
            get("url"),
            get("code"),
        )
    tally.lines += number


def _when_and_score(
    get: Callable[[str], str], names: tuple[str, str], path: str, number: int, tally: Tally
) -> tuple[str, float] | None:
    """A row's day and score, or None (reported as malformed) if either is not one;
    `names` are the columns' names as the format's header writes them."""
    when = parse_date(get("date"))
    if when is None:
        tally.bad(path, number, f"{names[0]} is {get('date')[:20]!r}; write YYYY-MM-DD")
        return None
    score = _score(get("score"))
    if score is None:
        tally.bad(path, number, f"{names[1]} is {get('score')[:20]!r}; write a number in -10..+10")
        return None
    return when, score


def chain(first: str, stream: IO[str]) -> Iterator[str]:
    yield first
    yield from stream
