"""Event files opened, their format told from the first line, and read in turn: the one way
in of `import-events` (the readers are in `eventdata.py` and `eventformats.py`)."""

from __future__ import annotations

import gzip
import io
import zipfile
from collections.abc import Iterator, Sequence
from typing import IO

from alliances_cli.scenario.importers import eventformats
from alliances_cli.scenario.importers.eventdata import (
    Happening,
    Tally,
    csv_events,
    gdelt,
    icews,
    refuse,
    split_fields,
)


def open_text(path: str, stdin: IO[str] | None = None) -> IO[str]:
    """A text stream of a file, '-' (stdin), or a .gz or one-member .zip (as GDELT ships)."""
    if path == "-":
        assert stdin is not None
        return stdin
    if path.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8", errors="replace", newline="")
    if path.lower().endswith(".zip"):
        archive = zipfile.ZipFile(path)
        names = [n for n in archive.namelist() if not n.endswith("/")]
        if len(names) != 1:
            raise refuse(path, None, f"the archive holds {len(names)} files; give one file")
        return io.TextIOWrapper(archive.open(names[0]), encoding="utf-8", errors="replace")
    return open(path, encoding="utf-8", errors="replace", newline="")


def read(path: str, stream: IO[str], fmt: str, tally: Tally) -> Iterator[Happening]:
    """The events of one file in format `fmt` ("auto": told from its first line)."""
    first = stream.readline()
    skipped = 0
    while first and not first.strip():
        first = stream.readline()
        skipped += 1
    if not first:
        return
    chosen = detect(first) if fmt == "auto" else fmt
    if chosen is None:
        raise refuse(
            path,
            skipped + 1,
            "cannot tell the event format from this line; give --format gdelt, icews, csv, "
            "acled or plover",
        )
    if chosen in ("acled", "plover", "polecat"):
        if chosen == "plover" and not first.lstrip().startswith("{"):
            chosen = "polecat"  # PLOVER-coded, tab-separated with a header
        reader = getattr(eventformats, chosen)
        yield from reader(path, first, stream, tally, skipped)
    elif chosen == "gdelt":
        yield from gdelt(path, first, stream, tally, skipped)
    elif chosen == "icews":
        yield from icews(path, first, stream, tally, skipped)
    else:
        yield from csv_events(path, first, stream, tally, skipped)


def detect(first: str) -> str | None:
    """The format a file's first line shows, or None."""
    fields = first.rstrip("\r\n").split("\t")
    if len(fields) in (57, 58, 61) and fields[0].strip().isdigit():
        return "gdelt"
    if first.lstrip().startswith("{"):
        return "plover"
    names = {f.strip().lower() for f in split_fields(first)}
    if {"event date", "source name", "target name"} <= names:
        return "icews"
    if {"event date", "event type", "actor name"} <= names:
        return "polecat"
    if {"event_date", "actor1", "actor2", "event_type"} <= names:
        return "acled"
    if {"date", "source", "target", "score"} <= names:
        return "csv"
    return None


def one_a_day(happenings: Iterator[Happening], tally: Tally) -> Iterator[Happening]:
    """Each event once per pair (in its direction), type and day: the usual remedy for one
    event reported many times (ICEWS and GDELT keep every report). What it drops is counted in
    `tally.duplicates`. Memory grows with the distinct pair-type-days met."""
    seen: set[tuple[str, str, str, str]] = set()
    for event in happenings:
        key = (event.source, event.target, event.code, event.date)
        if key in seen:
            tally.duplicates += 1
            continue
        seen.add(key)
        yield event


def read_files(
    paths: Sequence[str], fmt: str, tally: Tally, stdin: IO[str] | None = None
) -> Iterator[Happening]:
    """The events of every file in turn, a line at a time. A file that cannot be read (missing,
    a folder, a truncated or corrupt .gz or .zip) is a one-line error naming it."""
    for path in paths:
        try:
            stream = open_text(path, stdin)
            try:
                yield from read(path, stream, fmt, tally)
            finally:
                if path != "-":
                    stream.close()
        except (OSError, EOFError, zipfile.BadZipFile) as exc:
            reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
            raise refuse(path, None, f"cannot read it: {reason}") from None
