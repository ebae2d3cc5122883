"""Signed edge lists (CSV, TSV or semicolon-separated, with a header) -> a scenario.

Published signed networks usually come as `source,target,sign` rows. Columns, by header name
(any case): `source` and `target` (or `from` and `to`; required), one of `sign` (+1, -1, 0,
+, -), `stance` (a number from -1 to +1 or a stance word) or `weight` (a signed number: the
weights are divided by the largest absolute weight when any lies outside -1..+1, so the
strongest tie is a full-strength stance), and optionally `theater` (an empty cell: the pair's
general stance) and `confidence`. Other columns are ignored, unless a name is close to one of
these (a misspelt `confidnce` is an error, not silently dropped). Without a `theater` column
all ties are in one theater, `all`. The delimiter is a tab for .tsv files or a header holding
one, a semicolon for a header holding one and no comma, and a comma otherwise.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import Any

from alliances_cli.scenario import limits
from alliances_cli.scenario.errors import ScenarioError
from alliances_cli.scenario.model import (
    Actor,
    Scenario,
    Theater,
    TheaterStance,
    Tie,
)
from alliances_cli.scenario.positions import Pos, Problem, quoted
from alliances_cli.scenario.textcheck import unfit_text
from alliances_cli.scenario.vocabulary import ID_PATTERN, STANCE_WORDS, suggest

KNOWN_COLUMNS = ("source", "target", "sign", "stance", "weight", "theater", "confidence")
#: Other names published edge lists give these columns.
ALIASES = {"from": "source", "to": "target"}
#: Value columns, of which an edge list has one.
VALUE_COLUMNS = ("sign", "stance", "weight")


def delimiter_of(path: str, header: str) -> str:
    """Tab for .tsv or a header with a tab; a semicolon for a header with one and no comma;
    else a comma."""
    if path.lower().endswith(".tsv") or "\t" in header:
        return "\t"
    if ";" in header and "," not in header:
        return ";"
    return ","


def header_fields(line: str) -> set[str]:
    """The column names of a header line, aliases resolved, in lower case."""
    names = {f.strip().strip('"').lower() for f in re.split(r"[,;\t]", line)}
    return {ALIASES.get(n, n) for n in names}


ErrorAt = Callable[[int, int, str], None]


@dataclass(slots=True)
class _Pair:
    a: str
    b: str
    general: tuple[float, float] | None = None
    line: int = 0  # of the general row, for a second one's error
    theaters: list[TheaterStance] | None = None  # made for the first theater row


def slug(text: str) -> str:
    """An id for a name that is not one: lower case, runs of other characters as '-'."""
    cleaned = re.sub(r"[^a-z0-9_.]+", "-", text.strip().lower()).strip("-.")
    return cleaned or "actor"


def load_edge_list(text: str, path: str) -> Scenario:
    """Read an edge list, reporting every malformed row as file:line:col."""
    problems: list[Problem] = []
    lines = text.splitlines()
    delimiter = delimiter_of(path, lines[0] if lines else "")

    def error(line: int, col: int, message: str) -> None:
        problems.append(Problem(path, Pos(line, col), message))

    def column_of(line: int, index: int) -> int:
        raw = lines[line - 1] if 0 < line <= len(lines) else ""
        if '"' in raw:
            return 1
        parts = raw.split(delimiter)
        return 1 + sum(len(p) + 1 for p in parts[:index])

    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ScenarioError(
            [Problem(path, None, "empty file; an edge list needs a header row")]
        ) from None
    except csv.Error as exc:
        raise ScenarioError([Problem(path, Pos(1, 1), f"unreadable header: {exc}")]) from None
    rows = sum(1 for line in lines[1:] if line.strip())
    too_many = limits.over(limits.TIES, rows, "rows")
    if too_many:
        raise ScenarioError([Problem(path, None, too_many)])
    names = [ALIASES.get(h.strip().lower(), h.strip().lower()) for h in header]
    index = {name: i for i, name in enumerate(names)}
    for i, name in enumerate(names):
        if name not in KNOWN_COLUMNS:
            hint = suggest(name, KNOWN_COLUMNS)
            if hint:
                error(1, column_of(1, i), f"unknown column {quoted(header[i])}{hint}")
    for required in ("source", "target"):
        if required not in index:
            error(
                1,
                1,
                f"the header has no '{required}' column; an edge list needs source,target,sign "
                "(or from,to,weight)",
            )
    present = [c for c in VALUE_COLUMNS if c in index]
    if not present:
        error(
            1,
            1,
            "the header has no 'sign', 'stance' or 'weight' column; add one "
            "(+1/-1, a stance from -1 to +1, or a signed weight)",
        )
    if len(present) > 1:
        error(
            1,
            column_of(1, index[present[1]]),
            f"both {quoted(present[0])} and {quoted(present[1])} columns; keep one",
        )
    if problems:
        raise ScenarioError(problems)

    actor_names: dict[str, str] = {}  # id -> original name
    id_of: dict[str, str] = {}  # original name -> id
    actor_order: list[str] = []
    theater_order: list[str] = []
    engaged: dict[str, dict[str, None]] = {}
    # By pair, the two ids in sorted order (a frozenset per pair took 1.2 s and 0.2 GB of a
    # million rows). A pair's theater rows are few: their first lines are kept apart.
    entries: dict[tuple[str, str], _Pair] = {}
    first_line: dict[tuple[str, str, str], int] = {}

    def actor_id(name: str, line: int, field: str) -> str | None:
        known = id_of.get(name)
        if known is not None:  # seen before, as written: checked then
            return known
        name = name.strip()
        if not name:
            error(line, column_of(line, index[field]), "empty actor name")
            return None
        unfit = unfit_text(name, "a name")
        if unfit:
            error(line, column_of(line, index[field]), unfit)
            return None
        ident = id_of.get(name)
        if ident is None:
            # A name that is no id becomes one; names that come out alike (any two in a
            # script without Latin letters) are told apart by a number, never merged.
            base = name if ID_PATTERN.match(name) else slug(name)
            ident, n = base, 1
            while ident in actor_names:
                n += 1
                ident = f"{base}-{n}"
            id_of[name] = ident
            actor_names[ident] = name
            actor_order.append(ident)
        return ident

    value_column = present[0]
    scale = _weight_scale(lines, delimiter, index) if value_column == "weight" else 1.0

    def value_error(line: int, _col: int, message: str) -> None:
        # The column is worked out only for a row with a mistake: most rows have none.
        error(line, column_of(line, index[value_column]), message)

    needed = 1 + max(index[c] for c in ("source", "target", value_column))
    width = len(header)
    at_source, at_target, at_value = index["source"], index["target"], index[value_column]
    at_confidence = index.get("confidence")
    at_theater = index.get("theater")
    for line, row in _rows(reader, path):
        if not "".join(row).strip():  # a blank row
            continue
        if len(row) > width or len(row) < needed:
            error(line, 1, f"{len(row)} fields where the header has {width}")
            continue
        if len(row) < width:
            row = row + [""] * (width - len(row))  # trailing optional cells left out: empty
        a = actor_id(row[at_source], line, "source")
        b = actor_id(row[at_target], line, "target")
        text = row[at_value].strip()
        if value_column == "sign":
            stance = _sign(text, line, 0, value_error)
        elif value_column == "weight":
            stance = _weight(text, scale, line, 0, value_error)
        else:
            stance = _stance(text, line, 0, value_error)
        confidence = 1.0
        written = row[at_confidence].strip() if at_confidence is not None else ""
        if written and at_confidence is not None:
            try:
                confidence = float(written)
            except ValueError:
                confidence = math.nan
            if not (math.isfinite(confidence) and 0 < confidence <= 1):
                error(
                    line,
                    column_of(line, at_confidence),
                    f"confidence {quoted(written)} must be in (0, 1]",
                )
                continue
        theater: str | None = None
        if at_theater is not None and row[at_theater].strip():  # empty: the general stance
            theater = row[at_theater].strip()
            if not ID_PATTERN.match(theater):
                error(
                    line,
                    column_of(line, at_theater),
                    f"theater {quoted(theater)} is not an id; use letters, digits, '-', '_' or '.'",
                )
                continue
        if a is None or b is None or stance is None:
            continue
        if a == b:
            error(line, column_of(line, index["source"]), f"a tie of {quoted(a)} with itself")
            continue
        pair = (a, b) if a < b else (b, a)
        slot = entries.get(pair)
        if theater is None:
            first = None if slot is None or slot.general is None else slot.line
        else:
            first = first_line.setdefault((*pair, theater), line)
            first = None if first == line else first
        if first is not None:
            where = f" in {theater}" if theater else ""
            error(
                line,
                1,
                f"a second tie {a}–{b}{where} (first at line {first}); keep one row per pair",
            )
            continue
        bucket = theater or "all"
        if bucket not in engaged:
            engaged[bucket] = {}
            theater_order.append(bucket)
        members = engaged[bucket]
        members[a] = members[b] = None
        if slot is None:
            slot = entries[pair] = _Pair(a, b)
        if theater is None:
            slot.general = (stance, confidence)
            slot.line = line
        else:
            if slot.theaters is None:
                slot.theaters = []
            slot.theaters.append(
                TheaterStance(theater, stance, None if confidence == 1.0 else confidence)
            )
    if problems:
        raise ScenarioError(sorted(problems, key=lambda p: (p.pos or Pos(0, 0), p.message)))
    if not actor_order:
        raise ScenarioError(
            [Problem(path, None, "no ties: the edge list has a header and no rows")]
        )
    too_many = limits.over(limits.ACTORS, len(actor_order))
    if too_many:
        raise ScenarioError([Problem(path, None, too_many)])
    ties = []
    for slot in entries.values():
        general_stance, confidence = slot.general if slot.general else (None, 1.0)
        theaters = tuple(slot.theaters) if slot.theaters else ()
        ties.append(Tie(slot.a, slot.b, general_stance, confidence, theaters=theaters))
    stem = FilePath(path).stem if path not in ("-", "<stdin>") else "stdin"
    return Scenario(
        id=slug(stem),
        title="Signed network from standard input"
        if stem == "stdin"
        else f"Signed network {FilePath(path).name}",
        actors=tuple(Actor(id=a, name=actor_names[a], kind="other") for a in actor_order),
        theaters=tuple(
            Theater(id=t, name="the network" if t == "all" else t, actors=tuple(engaged[t]))
            for t in theater_order
        ),
        ties=tuple(ties),
        path=path,
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
    for row in csv.reader(lines[1:], delimiter=delimiter):
        if len(row) > index["weight"]:
            try:
                value = abs(float(row[index["weight"]]))
            except ValueError:
                continue
            if math.isfinite(value):
                largest = max(largest, value)
    return largest if largest > 1 else 1.0


def _weight(text: str, scale: float, line: int, col: int, error: ErrorAt) -> float | None:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        error(line, col, f"weight {quoted(text)} must be a number (its sign says ally or enemy)")
        return None
    return value / scale


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
