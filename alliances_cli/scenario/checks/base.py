"""The checker's primitives: walk converted YAML, and report every problem with its position.

A checker collects problems instead of stopping at the first, so that `validate` lists them
all. This module holds the shapes every section shares (mappings, lists, text, ids, numbers,
stances, dates, evidence); `sections.py` and `events.py` check the sections themselves.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any

from alliances_cli.scenario.dates import day
from alliances_cli.scenario.model import Evidence
from alliances_cli.scenario.positions import Problem, quoted
from alliances_cli.scenario.vocabulary import (
    DATE_PATTERN,
    ID_PATTERN,
    STANCE_WORDS,
    hinted,
    suggest,
)

if TYPE_CHECKING:
    from alliances_cli.scenario.yamldoc import Document, Path

EVIDENCE_FIELDS = {"source": True, "at": False, "says": False}


class Checker:
    """Walks the converted YAML, collecting problems instead of stopping at the first."""

    def __init__(self, doc: Document, file: str) -> None:
        self.doc = doc
        self.file = file
        self.problems: list[Problem] = []

    def kind(self, value: Any, path: Path) -> str:
        """What `value` is, in words, with the token as typed when YAML 1.1 changed it
        (`no` is shown as typed, not as `false`)."""
        typed = self.doc.plain.get(path)
        if isinstance(value, bool) and typed:
            return f"the yes/no value '{typed}'"
        return kind_of(value)

    def error(self, path: Path, message: str, *, at_key: bool = False) -> None:
        pos = self.doc.pos_of_key(path) if at_key else self.doc.pos(path)
        self.problems.append(Problem(self.file, pos, message))

    def mapping(
        self, value: Any, path: Path, fields: dict[str, bool], what: str
    ) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.error(path, f"{what} must be a mapping of fields, not {self.kind(value, path)}")
            return None
        for key in value:
            if key not in fields:
                self.error(
                    (*path, key),
                    f"unknown field {shown(key)} in {what}{suggest(key, fields)}"
                    + ("" if suggest(key, fields) else f"; allowed: {', '.join(fields)}"),
                    at_key=True,
                )
        for key, required in fields.items():
            if required and key not in value:
                self.error(path, f"{what} is missing the required field '{key}'")
        return value

    def sequence(self, value: Any, path: Path, what: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(path, f"'{path[-1]}' must be a list of {what}, not {self.kind(value, path)}")
            return []
        return value

    def text(
        self, mapping: dict[str, Any], path: Path, key: str, *, required: bool = False
    ) -> str | None:
        """Text at `key`; a required key that is present but empty is a problem here (its
        absence is reported by `mapping`)."""
        if key not in mapping or mapping[key] is None:
            if required and key in mapping:
                typed = self.doc.plain.get((*path, key))
                hint = f" ({typed!r} reads as nothing; quote it: '{typed}')" if typed else ""
                self.error((*path, key), f"'{key}' is empty{hint}; write some text")
            return None
        value = self.typed(mapping[key], (*path, key))
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.error((*path, key), f"'{key}' must be text, not {self.kind(value, (*path, key))}")
            return None
        if not isinstance(value, str):
            return str(value)
        if not value.strip():
            self.error((*path, key), f"'{key}' is empty; write some text or leave the field out")
            return None
        return value

    def typed(self, value: Any, path: Path) -> Any:
        """A value as the user typed it, where YAML 1.1 would have read unquoted text as
        something else: `010` stays "010" (not 8), `yes` stays "yes"; `null` stays nothing."""
        if value is not None and not isinstance(value, str) and path in self.doc.plain:
            return self.doc.plain[path]
        return value

    def ident(self, value: Any, path: Path, what: str) -> str | None:
        value = self.typed(value, path)
        if value is None and path in self.doc.plain:
            typed = self.doc.plain[path] or "nothing"
            self.error(
                path,
                f"{what} is {typed!r}, which YAML reads as nothing; quote it ('{typed}') "
                "to use it as an id",
            )
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            self.error(path, f"{what} must be an id such as 'us', not {self.kind(value, path)}")
            return None
        text = str(value)
        if not ID_PATTERN.match(text):
            self.error(
                path,
                f"{what} {shown(text)} is not a valid id; use letters, digits, '-', '_' or '.', "
                "starting with a letter or digit",
            )
            return None
        return text

    def reference(self, value: Any, path: Path, known: Collection[str], what: str) -> str | None:
        """An id that must name something `known` (a dict or set keeps large files fast)."""
        ident = self.ident(value, path, f"{what} id")
        if ident is None:
            return None
        if ident not in known:
            self.error(path, f"unknown {what} {shown(ident)}{suggest(ident, known)}")
            return None
        return ident

    def number(
        self,
        mapping: dict[str, Any],
        path: Path,
        key: str,
        check: Callable[[float], bool],
        expected: str,
    ) -> float | None:
        value = mapping.get(key)
        where = (*path, key)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.error(where, f"'{key}' must be a number {expected}, not {self.kind(value, where)}")
            return None
        number = as_float(value)
        if not math.isfinite(number) or not check(number):
            self.error(where, f"'{key}' is {shown(value)}; it must be {expected}")
            return None
        return number

    def stance(self, value: Any, path: Path, key: str = "stance") -> float | None:
        if isinstance(value, str):
            word = value.strip().lower()
            if word in STANCE_WORDS:
                return STANCE_WORDS[word]
            if numeric(word):
                self.error(
                    path,
                    f"'{key}' is the text {shown(value)}, not a number (YAML reads quoted numbers, "
                    "and exponents without a '.', as text); write a plain number from -1 to +1",
                )
                return None
            self.error(
                path,
                f"unknown stance word {shown(value)}"
                + hinted(
                    suggest(word, STANCE_WORDS),
                    f"use a number from -1 to +1 or one of: {', '.join(STANCE_WORDS)}",
                ),
            )
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.error(
                path,
                f"'{key}' must be a number from -1 to +1 or a word, not {self.kind(value, path)}",
            )
            return None
        number = as_float(value)
        if not math.isfinite(number) or not -1.0 <= number <= 1.0:
            self.error(path, f"'{key}' is {shown(value)}; it must be from -1 to +1")
            return None
        return number

    def unique(self, ids: list[tuple[str, Path]], what: str) -> set[str]:
        seen: dict[str, Path] = {}
        for ident, path in ids:
            if ident in seen:
                first = self.doc.pos(seen[ident])
                line = f" (first at line {first.line})" if first else ""
                self.error(path, f"duplicate {what} id '{ident}'{line}; ids must be unique")
            else:
                seen[ident] = path
        return set(seen)

    def too_large(self, root: dict[str, Any]) -> bool:
        """Whether the actors or ties are more than the limits allow (then nothing else is read)."""
        from alliances_cli.scenario import limits

        found = False
        for key, which in (("actors", limits.ACTORS), ("ties", limits.TIES)):
            items = root.get(key)
            message = limits.over(which, len(items)) if isinstance(items, list) else None
            if message:
                self.error((key,), message, at_key=True)
                found = True
        return found

    def date(self, mapping: dict[str, Any], path: Path, key: str) -> str | None:
        value = mapping.get(key)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
            return str(value)
        if isinstance(value, str) and DATE_PATTERN.match(value.strip()):
            if day(value) is None:
                self.error(
                    (*path, key),
                    f"'{key}' is {shown(value)}, which is no day of the calendar; "
                    "write a real month and day (YYYY-MM-DD)",
                )
                return None
            return value.strip()
        self.error(
            (*path, key),
            f"'{key}' is {shown(value)}; write a date as YYYY-MM-DD (or YYYY-MM, YYYY)",
        )
        return None

    def period(self, m: dict[str, Any], path: Path) -> tuple[str | None, str | None]:
        """A mapping's `from` and `until` dates; a period that ends before it starts is an
        error (reported, and read as no period)."""
        since = self.date(m, path, "from")
        until = self.date(m, path, "until")
        if since is not None and until is not None and not str(day(since)) < str(day(until)):
            self.error(
                (*path, "until"),
                f"the period ends ({until}) before it starts ({since}); 'until' is the first "
                "day it no longer holds, after 'from'",
            )
            return None, None
        return since, until

    def evidence(self, value: Any, path: Path, source_ids: Collection[str]) -> tuple[Evidence, ...]:
        items = [value] if isinstance(value, dict) else self.sequence(value, path, "evidence")
        result: list[Evidence] = []
        for j, item in enumerate(items):
            where: Path = path if isinstance(value, dict) else (*path, j)
            m = self.mapping(item, where, EVIDENCE_FIELDS, "a piece of evidence")
            if m is None or "source" not in m:
                continue
            source = self.reference(m["source"], (*where, "source"), source_ids, "source")
            if source is None:
                continue
            result.append(Evidence(source, self.text(m, where, "at"), self.text(m, where, "says")))
        return tuple(result)

    def confidence(self, m: dict[str, Any], path: Path) -> float | None:
        if "confidence" not in m:
            return None
        return self.number(m, path, "confidence", lambda x: 0 < x <= 1, "in (0, 1]")

    def ratings(self, m: dict[str, Any], path: Path, pair: tuple[str, str] | None) -> Any:
        """`ratings: {a: stance, b: stance}`: how each end of the tie rated the other (for
        directed data), as a `Ratings` record; None if absent or wrong (said)."""
        if "ratings" not in m or pair is None:
            return None
        from alliances_cli.scenario.model import Ratings

        where = (*path, "ratings")
        value = m["ratings"]
        if not isinstance(value, dict) or not value or not set(value) <= set(pair):
            self.error(
                where,
                f"'ratings' maps the tie's ends to the stance each gave the other, such as "
                f"{{{pair[0]}: 0.8, {pair[1]}: -0.6}}; not {shown(value)}",
            )
            return None
        given = {actor: self.stance(value[actor], (*where, actor), key=actor) for actor in value}
        if any(v is None for v in given.values()):
            return None
        return Ratings(given.get(pair[0]), given.get(pair[1]))

    def pair(self, value: Any, path: Path, actor_ids: Collection[str]) -> tuple[str, str] | None:
        if not isinstance(value, list) or len(value) != 2:
            self.error(
                path,
                f"a pair must be a list of two actor ids such as [us, iran], not {shown(value)}",
            )
            return None
        a = self.reference(value[0], (*path, 0), actor_ids, "actor")
        b = self.reference(value[1], (*path, 1), actor_ids, "actor")
        if a is None or b is None:
            return None
        if a == b:
            self.error(path, f"a tie of actor '{a}' with itself; a tie joins two different actors")
            return None
        return a, b


def as_float(value: float) -> float:
    """As a float; an integer too large for one becomes infinity (and is then refused)."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def kind_of(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the yes/no value '{str(value).lower()}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"a number ({shown(value)})"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"a date ({value.isoformat()})"
    return f"text ({shown(value)})" if isinstance(value, str) else type(value).__name__


def shown(value: Any) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return "not a number (NaN)"
        if math.isinf(value):
            return "infinite"
        return f"{value:g}"
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, (list, dict)):
        return kind_of(value)
    if isinstance(value, bool):  # as YAML spells it, not Python
        return f"{str(value).lower()} (a yes/no value)"
    if value is None:
        return "empty"
    if isinstance(value, int) and abs(value) >= 10**15:
        return f"a {len(str(abs(value)))}-digit number"
    return str(value)
