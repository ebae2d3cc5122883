"""Signed edge lists (CSV, TSV or semicolon-separated, with a header) -> a scenario.

Published signed networks usually come as `source,target,sign` rows. Columns, by header name
(any case): `source` and `target` (or `from` and `to`; required), one of `sign` (+1, -1, 0,
+, -), `stance` (a number from -1 to +1 or a stance word) or `weight` (a signed number: the
weights are divided by the largest absolute weight when any lies outside -1..+1, so the
strongest tie is a full-strength stance, or mapped from a given scale), and optionally
`theater` (an empty cell: the pair's general stance), `confidence` and `date` (or
`timestamp`, `time`, `day`: Unix seconds, an ISO date or YYYYMMDD; a dated rating holds from
its day on). Other columns are ignored, unless a name is close to one of these (a misspelt
`confidnce` is an error, not silently dropped). Without a `theater` column all ties are in one
theater, `all`. A row is one actor's rating of another: several rows of one pair, in either
direction, are combined into one tie (`ratings.py`). The delimiter is a tab for .tsv files or
a header holding one, a semicolon for a header holding one and no comma, and a comma
otherwise. SNAP's text files (comment lines, no header) are read by position (`load_snap`).
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable, Iterator
from pathlib import Path as FilePath
from typing import Any

from alliances_cli.scenario import limits
from alliances_cli.scenario.errors import ScenarioError
from alliances_cli.scenario.importers.ratings import (
    Collected,
    Rules,
    Summary,
    add_rating,
    rating_day,
    ties_of,
    to_stance,
)
from alliances_cli.scenario.importers.sniff import SNAP_COLUMNS, SNAP_ROW, column_names
from alliances_cli.scenario.model import Actor, Engagement, Reading, Scenario, Theater
from alliances_cli.scenario.positions import Pos, Problem, quoted
from alliances_cli.scenario.reading import plain_name
from alliances_cli.scenario.textcheck import unfit_text
from alliances_cli.scenario.vocabulary import ID_PATTERN, STANCE_WORDS, suggest

KNOWN_COLUMNS = (
    "source",
    "target",
    "sign",
    "stance",
    "weight",
    "theater",
    "confidence",
    "date",
    # The other columns of the tool's own ties table (`alliances ties -f csv`), read back:
    "origin",
    "evidence",
    "note",
    "derived weight",
)
#: Value columns, of which an edge list has one.
VALUE_COLUMNS = ("sign", "stance", "weight")


def delimiter_of(path: str, header: str) -> str:
    """Tab for .tsv or a header with a tab; a semicolon for a header with one and no comma;
    else a comma."""
    if plain_name(path).lower().endswith(".tsv") or "\t" in header:
        return "\t"
    if ";" in header and "," not in header:
        return ";"
    return ","


ErrorAt = Callable[[int, int, str], None]


def slug(text: str) -> str:
    """An id for a name that is not one: lower case, runs of other characters as '-'."""
    cleaned = re.sub(r"[^a-z0-9_.]+", "-", text.strip().lower()).strip("-.")
    return cleaned or "actor"


def load_edge_list(text: str, path: str, rules: Rules | None = None) -> Scenario:
    """Read an edge list, reporting every malformed row as file:line:col."""
    reader = _EdgeList(text, path, rules=rules)
    reader.read_rows()
    return reader.scenario()


def load_snap(text: str, path: str, rules: Rules | None = None) -> Scenario:
    """Read a SNAP text file as an edge list whose columns are source, target, weight and
    (if there is a fourth) time by position (a sign of ±1 is a full-strength weight);
    comment lines are skipped, so every row keeps its line number."""
    lines = ["" if line.lstrip().startswith("#") else line.rstrip() for line in text.splitlines()]
    first = next(line for line in lines if line.strip())
    found = SNAP_ROW.match(first)
    delimiter = "," if found and found.group("sep") == "," else "\t" if "\t" in first else " "
    width = len([f for f in re.split(r"[\t ,]+", first.strip()) if f])
    reader = _EdgeList(
        "\n".join(lines), path, columns=SNAP_COLUMNS[:width], delimiter=delimiter, rules=rules
    )
    reader.read_rows()
    return reader.scenario()


class _EdgeList:
    """One edge list being read: its header checked, then row by row, then the scenario."""

    def __init__(
        self,
        text: str,
        path: str,
        columns: list[str] | None = None,
        delimiter: str | None = None,
        rules: Rules | None = None,
    ) -> None:
        """`columns`: the columns by position of a file without a header (rows from line 1)."""
        self.path = path
        self.rules = rules or Rules()
        self.problems: list[Problem] = []
        self.lines = text.splitlines()
        self.delimiter = delimiter or delimiter_of(path, self.lines[0] if self.lines else "")
        self.reader = csv.reader(
            self.lines, delimiter=self.delimiter, skipinitialspace=self.delimiter == " "
        )
        self.first_row = 0 if columns else 1  # the index in `lines` of the first data row
        self.header = list(columns) if columns else self._header()
        if columns:
            self._check_size()
        names = column_names(self.header)
        self.index = {name: i for i, name in enumerate(names)}
        self.value_column = self._check_columns(names)
        self.actor_names: dict[str, str] = {}  # id -> original name
        self.id_of: dict[str, str] = {}  # original name -> id
        self.actor_order: list[str] = []
        self.theater_order: list[str] = []
        self.engaged: dict[str, dict[str, None]] = {}
        # By pair, the two ids in sorted order (a frozenset per pair took 1.2 s and 0.2 GB of
        # a million rows), and theater.
        self.collected: Collected = {}
        self.dated = "date" in self.index
        #: The first day each actor is rated or rates in each theater (dated lists only).
        self.first_day: dict[tuple[str, str], str] = {}
        self.last_day: str | None = None  # the latest day a rating is dated
        self.rows = 0
        self.largest = 1.0  # what weights are divided by
        self.by_theater = "theater" in self.index
        self.seen: set[tuple[str, str]] = set()  # pairs met, with a theater column
        self.flipped: set[tuple[str, str]] = set()

    def error(self, line: int, col: int, message: str) -> None:
        self.problems.append(Problem(self.path, Pos(line, col), message))

    def column_of(self, line: int, index: int) -> int:
        """The column where a row's field starts (1 when quoting makes it uncertain)."""
        raw = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        if '"' in raw:
            return 1
        parts = raw.split(self.delimiter)
        return 1 + sum(len(p) + 1 for p in parts[:index])

    def _header(self) -> list[str]:
        path = self.path
        try:
            header = next(self.reader)
        except StopIteration:
            raise ScenarioError(
                [Problem(path, None, "empty file; an edge list needs a header row")]
            ) from None
        except csv.Error as exc:
            raise ScenarioError([Problem(path, Pos(1, 1), f"unreadable header: {exc}")]) from None
        self._check_size()
        return header

    def _check_size(self) -> None:
        rows = sum(1 for line in self.lines[self.first_row :] if line.strip())
        too_many = limits.over(limits.TIES, rows, "rows")
        if too_many:
            raise ScenarioError([Problem(self.path, None, too_many)])

    def _check_columns(self, names: list[str]) -> str:
        """The value column (sign, stance or weight); every header problem said at once."""
        index = self.index
        for i, name in enumerate(names):
            if name not in KNOWN_COLUMNS:
                hint = suggest(name, KNOWN_COLUMNS)
                if hint:
                    self.error(
                        1, self.column_of(1, i), f"unknown column {quoted(self.header[i])}{hint}"
                    )
        for required in ("source", "target"):
            if required not in index:
                self.error(
                    1,
                    1,
                    f"the header has no '{required}' column; an edge list needs "
                    "source,target,sign (or from,to,weight)",
                )
        present = [c for c in VALUE_COLUMNS if c in index]
        if not present:
            self.error(
                1,
                1,
                "the header has no 'sign', 'stance' or 'weight' column; add one "
                "(+1/-1, a stance from -1 to +1, or a signed weight)",
            )
        if len(present) > 1:
            self.error(
                1,
                self.column_of(1, index[present[1]]),
                f"both {quoted(present[0])} and {quoted(present[1])} columns; keep one",
            )
        if self.problems:
            raise ScenarioError(self.problems)
        return present[0]

    def actor_id(self, name: str, line: int, field: str) -> str | None:
        """The id of an actor named in a row (made from its name the first time)."""
        known = self.id_of.get(name)
        if known is not None:  # seen before, as written: checked then
            return known
        name = name.strip()
        if not name:
            self.error(line, self.column_of(line, self.index[field]), "empty actor name")
            return None
        unfit = unfit_text(name, "a name")
        if unfit:
            self.error(line, self.column_of(line, self.index[field]), unfit)
            return None
        ident = self.id_of.get(name)
        if ident is None:
            # A name that is no id becomes one; names that come out alike (any two in a
            # script without Latin letters) are told apart by a number, never merged.
            base = name if ID_PATTERN.match(name) else slug(name)
            ident, n = base, 1
            while ident in self.actor_names:
                n += 1
                ident = f"{base}-{n}"
            self.id_of[name] = ident
            self.actor_names[ident] = name
            self.actor_order.append(ident)
        return ident

    def read_rows(self) -> None:
        """Every row, each one's problems said with its line and column."""
        index, value_column = self.index, self.value_column
        scale = self.rules.scale
        if scale is not None and value_column != "weight":
            raise ScenarioError(
                [
                    Problem(
                        self.path,
                        Pos(1, 1),
                        f"a rating scale applies to a 'weight' column; this edge list has "
                        f"'{value_column}' (already -1..+1)",
                    )
                ]
            )
        if value_column == "weight" and scale is None:
            self.largest = _weight_scale(self.lines[self.first_row :], self.delimiter, index)
        parse = {"sign": _sign, "stance": _stance}.get(value_column)

        def value_error(line: int, _col: int, message: str) -> None:
            # The column is worked out only for a row with a mistake: most rows have none.
            self.error(line, self.column_of(line, index[value_column]), message)

        needed = 1 + max(index[c] for c in ("source", "target", value_column))
        width = len(self.header)
        at_source, at_target, at_value = index["source"], index["target"], index[value_column]
        at_confidence, at_theater = index.get("confidence"), index.get("theater")
        at_date = index.get("date")
        # The tool's own ties table repeats a general stance for each theater ("inherited").
        at_origin = index.get("origin")
        for line, row in _rows(self.reader, self.path):
            if not "".join(row).strip():  # a blank row
                continue
            if len(row) > width or len(row) < needed:
                self.error(line, 1, f"{len(row)} fields where the header has {width}")
                continue
            if len(row) < width:
                row = row + [""] * (width - len(row))  # trailing optional cells left out: empty
            if at_origin is not None and row[at_origin].strip() == "inherited":
                continue
            a = self.actor_id(row[at_source], line, "source")
            b = self.actor_id(row[at_target], line, "target")
            text = row[at_value].strip()
            if parse is None:
                stance = _weight(text, self.largest, line, 0, value_error, scale)
            else:
                stance = parse(text, line, 0, value_error)
            confidence = 1.0
            if at_confidence is not None and row[at_confidence].strip():
                written = self._confidence(row[at_confidence].strip(), line, at_confidence)
                if written is None:
                    continue
                confidence = written
            theater = None  # the general stance: no theater column, or an empty cell
            if at_theater is not None and row[at_theater].strip():
                theater = self._theater(row[at_theater].strip(), line, at_theater)
                if theater is None:
                    continue
            when = ""
            if at_date is not None:
                found = rating_day(row[at_date])
                if found is None:
                    self.error(
                        line,
                        self.column_of(line, at_date),
                        f"time {quoted(row[at_date].strip())} is no date; give Unix seconds, "
                        "YYYY-MM-DD or YYYYMMDD",
                    )
                    continue
                when = found
            if a is None or b is None or stance is None:
                continue
            if a == b:
                self.error(
                    line, self.column_of(line, index["source"]), f"a tie of {quoted(a)} with itself"
                )
                continue
            self.add(a, b, theater, stance, confidence, when)

    def _confidence(self, written: str, line: int, at: int) -> float | None:
        """A confidence cell as a number in (0, 1]; None if it is none (said)."""
        try:
            confidence = float(written)
        except ValueError:
            confidence = math.nan
        if not (math.isfinite(confidence) and 0 < confidence <= 1):
            self.error(
                line, self.column_of(line, at), f"confidence {quoted(written)} must be in (0, 1]"
            )
            return None
        return confidence

    def _theater(self, theater: str, line: int, at: int) -> str | None:
        """A theater cell, if it is an id; None if it is not (said)."""
        if not ID_PATTERN.match(theater):
            self.error(
                line,
                self.column_of(line, at),
                f"theater {quoted(theater)} is not an id; use letters, digits, '-', '_' or '.'",
            )
            return None
        return theater

    def add(
        self, a: str, b: str, theater: str | None, stance: float, confidence: float, when: str
    ) -> None:
        """Record a row's rating of `b` by `a` (in `theater`; None: generally), from `when`."""
        self.rows += 1
        bucket = theater or "all"
        if bucket not in self.engaged:
            self.engaged[bucket] = {}
            self.theater_order.append(bucket)
        members = self.engaged[bucket]
        members[a] = members[b] = None
        if when:
            if self.last_day is None or when > self.last_day:
                self.last_day = when
            for actor in (a, b):
                known = self.first_day.get((bucket, actor))
                if known is None or when < known:
                    self.first_day[(bucket, actor)] = when
        key = (a, b, theater) if a < b else (b, a, theater)
        if self.by_theater:
            met = key[:2] in self.seen
            self.seen.add(key[:2])
        else:
            met = key in self.collected
        if b < a and not met:
            self.flipped.add(key[:2])  # the tie is written as its first row names it
        add_rating(self.collected, key, a < b, when, stance, confidence)

    def scenario(self) -> Scenario:
        """The network as a scenario, or every problem found."""
        path = self.path
        if self.problems:
            raise ScenarioError(
                sorted(self.problems, key=lambda p: (p.pos or Pos(0, 0), p.message))
            )
        if not self.actor_order:
            raise ScenarioError(
                [Problem(path, None, "no ties: the edge list has a header and no rows")]
            )
        too_many = limits.over(limits.ACTORS, len(self.actor_order))
        if too_many:
            raise ScenarioError([Problem(path, None, too_many)])
        ties = ties_of(self.collected, self.rules, self.dated, self.flipped)
        stem = FilePath(plain_name(path)).stem if path not in ("-", "<stdin>") else "stdin"
        return Scenario(
            id=slug(stem),
            title="Signed network from standard input"
            if stem == "stdin"
            else f"Signed network {FilePath(path).name}",
            actors=tuple(
                Actor(id=a, name=self.actor_names[a], kind="other") for a in self.actor_order
            ),
            theaters=tuple(self._network_theater(t) for t in self.theater_order),
            ties=tuple(ties),
            path=path,
            reading=self.reading(),
        )

    def _network_theater(self, bucket: str) -> Theater:
        """A theater of the network: dated, each actor engaged from its first rating there."""
        actors = tuple(self.engaged[bucket])
        periods = (
            tuple(Engagement(a, since=self.first_day[(bucket, a)]) for a in actors)
            if self.dated
            else ()
        )
        name = "the network" if bucket == "all" else bucket
        return Theater(id=bucket, name=name, actors=actors, periods=periods)

    def reading(self) -> Reading:
        """What the rows were and what combining them did."""
        summary = Summary()
        for entry in self.collected.values():
            summary.count(entry, self.rules)
        scale = self.rules.scale
        if scale is None and self.largest > 1:
            scale = (-self.largest, self.largest)
        return Reading(
            rows=self.rows,
            pairs=(
                len({(a, b) for a, b, _ in self.collected})
                if self.by_theater
                else len(self.collected)
            ),
            both_ways=summary.both_ways,
            opposed=summary.opposed,
            repeated=summary.repeated,
            combine=self.rules.combine,
            scale=scale,
            scale_from_data=self.rules.scale is None and scale is not None,
            first=min(self.first_day.values(), default=None),
            last=self.last_day,
            count_confidence=self.rules.count_confidence,
        )


def _sign(text: str, line: int, col: int, error: ErrorAt) -> float | None:
    values = {
        "+1": 1.0,
        "1": 1.0,
        "+": 1.0,
        "-1": -1.0,
        "-": -1.0,
        "0": 0.0,
        "1.0": 1.0,
        "-1.0": -1.0,
    }
    if text in values:
        return values[text]
    error(
        line,
        col,
        f"sign {quoted(text)} must be +1, -1 or 0; for graded values use a 'stance' column",
    )
    return None


def _weight_scale(lines: list[str], delimiter: str, index: dict[str, int]) -> float:
    """What weights are divided by: 1 when all lie in [-1, +1], else the largest |weight|, so
    that the strongest tie is a full-strength stance."""
    largest = 0.0
    for row in csv.reader(lines, delimiter=delimiter, skipinitialspace=delimiter == " "):
        if len(row) > index["weight"]:
            try:
                value = abs(float(row[index["weight"]]))
            except ValueError:
                continue
            if math.isfinite(value):
                largest = max(largest, value)
    return largest if largest > 1 else 1.0


def _weight(
    text: str,
    largest: float,
    line: int,
    col: int,
    error: ErrorAt,
    scale: tuple[float, float] | None = None,
) -> float | None:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        error(line, col, f"weight {quoted(text)} must be a number (its sign says ally or enemy)")
        return None
    if scale is None:
        return value / largest
    stance = to_stance(value, scale)
    if stance is None:
        error(
            line,
            col,
            f"weight {quoted(text)} lies outside the scale {scale[0]:g}:{scale[1]:g}; "
            "widen the scale or correct the row",
        )
    return stance


def _stance(text: str, line: int, col: int, error: ErrorAt) -> float | None:
    if text.lower() in STANCE_WORDS:
        return STANCE_WORDS[text.lower()]
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and -1 <= value <= 1):
        error(line, col, f"stance {quoted(text)} must be a number from -1 to +1 or a stance word")
        return None
    return value


def _rows(reader: Any, path: str) -> Iterator[tuple[int, list[str]]]:
    """(line, fields) of each row; a row the csv module cannot read is a positioned error."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ScenarioError(
                [Problem(path, Pos(reader.line_num, 1), f"unreadable row: {exc}; check quoting")]
            ) from None
        yield reader.line_num, row
