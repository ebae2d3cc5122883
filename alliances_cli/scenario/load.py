"""Read a scenario file, report every problem with its position, and build the model."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar

from alliances_cli.scenario.dates import day, overlap
from alliances_cli.scenario.errors import ScenarioError
from alliances_cli.scenario.model import (
    Actor,
    ApplyEvent,
    CampLabel,
    Engagement,
    Event,
    Evidence,
    Exclude,
    Include,
    Operation,
    Remove,
    Scenario,
    SetTie,
    ShiftTie,
    Source,
    Theater,
    TheaterStance,
    Tie,
)
from alliances_cli.scenario.positions import Pos, Problem
from alliances_cli.scenario.vocabulary import (
    ACTOR_KINDS,
    DATE_PATTERN,
    ID_PATTERN,
    STANCE_WORDS,
    suggest,
)

if TYPE_CHECKING:
    from alliances_cli.scenario.yamldoc import Document, Path

T = TypeVar("T")

#: Operations one event may expand to through the events it applies.
MAX_EXPANDED_OPERATIONS = 10_000


def read_bytes(path: str) -> bytes:
    """The file's bytes, or a ScenarioError that says plainly why they cannot be had."""
    import os

    def fail(message: str) -> ScenarioError:
        return ScenarioError([Problem(path, None, message)])

    try:
        if os.path.isdir(path):
            raise fail("is a directory; give the path of a scenario file")
        with open(path, "rb") as handle:
            return read_limited(handle, path)
    except FileNotFoundError:
        raise fail("no such file; check the path (or run 'alliances scenarios')") from None
    except PermissionError:
        raise fail("permission denied; check the file's permissions") from None
    except OSError as exc:
        raise fail(f"cannot read: {exc.strerror or exc}") from None


def read_limited(handle: BinaryIO, path: str) -> bytes:
    """All of `handle` (a file or a pipe), refused past the file size limit."""
    from alliances_cli.scenario import limits

    allowed = limits.max_file_bytes()
    data = handle.read(allowed + 1)
    if len(data) > allowed:
        megabytes = allowed // (1024 * 1024)
        message = f"larger than the limit of {megabytes:,} megabytes; {limits.lift(limits.FILE_MB)}"
        raise ScenarioError([Problem(path, None, message)])
    return data


def decode(data: bytes, path: str) -> str:
    """UTF-8 text (a BOM is allowed), refusing binary data with a message that says so."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ScenarioError([Problem(path, None, "UTF-16 text; save the file as UTF-8")])
    if b"\0" in data:
        raise ScenarioError([Problem(path, None, "binary data (a NUL byte), not a text file")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ScenarioError(
            [Problem(path, Pos(line, col), "not UTF-8 text; save the file as UTF-8")]
        ) from None


def load_file(path: str) -> Scenario:
    """Read and validate a scenario file: YAML, or a signed edge list (CSV/TSV)."""
    return load_any(decode(read_bytes(path), path), path)


def load_stream(stream: Any) -> Scenario:
    """A scenario (YAML or edge list) from a text stream, such as standard input: its bytes
    when it has them (the size limit and the UTF-8 check apply), else its text."""
    name = "<stdin>"
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        return load_any(decode(read_limited(buffer, name), name), name)
    import io

    data = stream.read().encode("utf-8", "surrogateescape")
    return load_any(decode(read_limited(io.BytesIO(data), name), name), name)


def load_any(text: str, path: str) -> Scenario:
    if looks_like_edge_list(path, text):
        from alliances_cli.scenario.importers.edgelist import load_edge_list

        return load_edge_list(text, path)
    return load_text(text, path)


EDGE_LIST_SUFFIXES = (".csv", ".tsv")


def looks_like_edge_list(path: str, text: str) -> bool:
    """By extension, or (for stdin) by a header line naming source and target."""
    if path.lower().endswith(EDGE_LIST_SUFFIXES):
        return True
    from alliances_cli.scenario.importers.edgelist import header_fields

    head = text[:65536].splitlines()  # the header is the first non-blank line
    first = next((line for line in head if line.strip()), "")
    return {"source", "target"} <= header_fields(first)


def load_events_file(path: str, scenario: Scenario) -> tuple[Event, ...]:
    """Read a separate file of named events (`events: [...]`) that act on `scenario`."""
    text = decode(read_bytes(path), path)
    if not text.strip():
        raise ScenarioError([Problem(path, None, "empty file; an events file holds 'events:'")])
    from alliances_cli.scenario.yamldoc import YamlError, parse  # not for edge lists

    try:
        doc, duplicates = parse(text)
    except YamlError as exc:
        raise ScenarioError([Problem(path, exc.pos, exc.message)]) from None
    checker = _Checker(doc, path)
    for pos, message in duplicates:
        checker.problems.append(Problem(path, pos, message))
    root = checker.mapping(doc.data, (), {"events": True}, "an events file")
    events: list[Event] = []
    if root is not None and "events" in root:
        events = checker.events(
            root,
            [a.id for a in scenario.actors],
            [t.id for t in scenario.theaters],
            known=[e.id for e in scenario.events],
        )
        for i, event in enumerate(events):
            if event.id in scenario.event_by_id:
                checker.error(
                    ("events", i, "id"),
                    f"event '{event.id}' is already defined in the scenario; rename it",
                )
    if checker.problems:
        raise ScenarioError(
            sorted(set(checker.problems), key=lambda p: (p.pos or Pos(0, 0), p.message))
        )
    return tuple(events)


def load_text(text: str, path: str = "<scenario>") -> Scenario:
    """Validate scenario text and build the model, or raise ScenarioError with every problem."""
    if not text.strip():
        raise ScenarioError(
            [Problem(path, None, "empty file; a scenario needs id, title, actors and theaters")]
        )
    from alliances_cli.scenario.yamldoc import YamlError, parse  # not for edge lists

    try:
        doc, duplicates = parse(text)
    except YamlError as exc:
        raise ScenarioError([Problem(path, exc.pos, exc.message)]) from None
    if doc.data is None and not duplicates:
        raise ScenarioError(
            [Problem(path, None, "empty file; a scenario needs id, title, actors and theaters")]
        )
    checker = _Checker(doc, path)
    for pos, message in duplicates:
        checker.problems.append(Problem(path, pos, message))
    scenario = checker.scenario()
    if checker.problems or scenario is None:
        problems = sorted(set(checker.problems), key=lambda p: (p.pos or Pos(0, 0), p.message))
        raise ScenarioError(problems)
    return scenario


_TOP_FIELDS = {
    "id": True,
    "title": True,
    "as_of": False,
    "description": False,
    "sources": False,
    "actors": True,
    "theaters": True,
    "ties": False,
    "events": False,
    "camps": False,
}
_CAMP_FIELDS = {"name": True, "tag": False, "actors": False}
_SOURCE_FIELDS = {"id": True, "title": True, "publisher": False, "date": False, "url": False}
_ACTOR_FIELDS = {"id": True, "name": False, "kind": False, "tags": False, "capability": False}
_THEATER_FIELDS = {
    "id": True,
    "name": False,
    "actors": True,
    "note": False,
    "weight": False,
}
_TIE_FIELDS = {
    "between": True,
    "stance": False,
    "confidence": False,
    "evidence": False,
    "note": False,
    "in": False,
    "from": False,
    "until": False,
}
_THEATER_STANCE_FIELDS = {
    "stance": True,
    "confidence": False,
    "evidence": False,
    "note": False,
    "from": False,
    "until": False,
}
_ENGAGEMENT_FIELDS = {"id": True, "from": False, "until": False}
_EVIDENCE_FIELDS = {"source": True, "at": False, "says": False}
_EVENT_FIELDS = {"id": True, "title": False, "description": False, "do": True}
_OPERATION_FIELDS: dict[str, dict[str, bool]] = {
    "exclude": {"exclude": True, "from": False},
    "remove": {"remove": True},
    "include": {"include": True, "in": True},
    "set": {"set": True, "stance": False, "confidence": False, "in": False},
    "shift": {"shift": True, "by": True, "in": False},
    "apply": {"apply": True},
}


def _float(value: float) -> float:
    """As a float; an integer too large for one becomes infinity (and is then refused)."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


class _Checker:
    """Walks the converted YAML, collecting problems instead of stopping at the first."""

    def __init__(self, doc: Document, file: str) -> None:
        self.doc = doc
        self.file = file
        self.problems: list[Problem] = []

    # -- reporting -------------------------------------------------------------------------

    def kind(self, value: Any, path: Path) -> str:
        """What `value` is, in words, with the token as typed when YAML 1.1 changed it
        (`no` is shown as typed, not as `false`)."""
        typed = self.doc.plain.get(path)
        if isinstance(value, bool) and typed:
            return f"the yes/no value '{typed}'"
        return _kind(value)

    def error(self, path: Path, message: str, *, at_key: bool = False) -> None:
        pos = self.doc.pos_of_key(path) if at_key else self.doc.pos(path)
        self.problems.append(Problem(self.file, pos, message))

    # -- generic shapes ---------------------------------------------------------------------

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
                    f"unknown field {_show(key)} in {what}{suggest(key, fields)}"
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
                f"{what} {_show(text)} is not a valid id; use letters, digits, '-', '_' or '.', "
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
            self.error(path, f"unknown {what} {_show(ident)}{suggest(ident, known)}")
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
        number = _float(value)
        if not math.isfinite(number) or not check(number):
            self.error(where, f"'{key}' is {_show(value)}; it must be {expected}")
            return None
        return number

    def stance(self, value: Any, path: Path, key: str = "stance") -> float | None:
        if isinstance(value, str):
            word = value.strip().lower()
            if word in STANCE_WORDS:
                return STANCE_WORDS[word]
            if _numeric(word):
                self.error(
                    path,
                    f"'{key}' is the text {_show(value)}, not a number (YAML reads quoted numbers, "
                    "and exponents without a '.', as text); write a plain number from -1 to +1",
                )
                return None
            self.error(
                path,
                f"unknown stance word {_show(value)}{suggest(word, STANCE_WORDS)}; use a number "
                f"from -1 to +1 or one of: {', '.join(STANCE_WORDS)}",
            )
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.error(
                path,
                f"'{key}' must be a number from -1 to +1 or a word, not {self.kind(value, path)}",
            )
            return None
        number = _float(value)
        if not math.isfinite(number) or not -1.0 <= number <= 1.0:
            self.error(path, f"'{key}' is {_show(value)}; it must be from -1 to +1")
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

    # -- sections ---------------------------------------------------------------------------

    def scenario(self) -> Scenario | None:
        root = self.mapping(self.doc.data, (), _TOP_FIELDS, "the scenario")
        if root is None or self.too_large(root):
            return None
        scenario_id = None
        if "id" in root:
            scenario_id = self.ident(root["id"], ("id",), "the scenario id")
        title = self.text(root, (), "title", required=True)
        as_of = self.date(root, (), "as_of")
        description = self.text(root, (), "description")
        sources = self.sources(root)
        source_ids = dict.fromkeys(s.id for s in sources)
        actors = self.actors(root)
        actor_ids = dict.fromkeys(a.id for a in actors)
        theaters = self.theaters(root, actor_ids)
        ties = self.ties(root, actor_ids, theaters, source_ids)
        events = self.events(root, actor_ids, dict.fromkeys(t.id for t in theaters))
        camps = self.camps(root, actor_ids, {tag for a in actors for tag in a.tags})
        if "actors" in root and root["actors"] in ([], None):
            self.error(("actors",), "a scenario needs at least one actor; list them here")
        if "theaters" in root and root["theaters"] in ([], None):
            self.error(("theaters",), "a scenario needs at least one theater; list them here")
        if scenario_id is None or title is None:
            return None
        return Scenario(
            id=scenario_id,
            title=title,
            as_of=as_of,
            description=description,
            sources=tuple(sources),
            actors=tuple(actors),
            theaters=tuple(theaters),
            ties=tuple(ties),
            events=tuple(events),
            camps=tuple(camps),
            path=self.file,
        )

    def camps(
        self, root: dict[str, Any], actor_ids: Collection[str], tags: Collection[str]
    ) -> list[CampLabel]:
        """Camp names: each names the camp holding every engaged actor of a tag or a list."""
        result: list[CampLabel] = []
        for i, item in enumerate(self.sequence(root.get("camps"), ("camps",), "camps")):
            path: Path = ("camps", i)
            m = self.mapping(item, path, _CAMP_FIELDS, "a camp name")
            if m is None:
                continue
            name = self.text(m, path, "name", required=True)
            if ("tag" in m) == ("actors" in m):
                self.error(path, "a camp name needs either 'tag' or 'actors' (not both)")
                continue
            tag = None
            members: list[str] = []
            if "tag" in m:
                tag = self.ident(m["tag"], (*path, "tag"), "tag")
                if tag is not None and tag not in tags:
                    self.error(
                        (*path, "tag"),
                        f"no actor carries the tag '{tag}'{suggest(tag, tags)}; "
                        "add it to an actor's tags or name another",
                    )
                    continue
            else:
                for j, actor in enumerate(
                    self.sequence(m.get("actors"), (*path, "actors"), "actor ids")
                ):
                    ref = self.reference(actor, (*path, "actors", j), actor_ids, "actor")
                    if ref is not None and ref not in members:
                        members.append(ref)
                if not members:
                    continue
            if name is not None:
                result.append(CampLabel(name, tag, tuple(members), self.doc.pos(path)))
        return result

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
                    f"'{key}' is {_show(value)}, which is no day of the calendar; "
                    "write a real month and day (YYYY-MM-DD)",
                )
                return None
            return value.strip()
        self.error(
            (*path, key),
            f"'{key}' is {_show(value)}; write a date as YYYY-MM-DD (or YYYY-MM, YYYY)",
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

    def sources(self, root: dict[str, Any]) -> list[Source]:
        result: list[Source] = []
        ids: list[tuple[str, Path]] = []
        for i, item in enumerate(self.sequence(root.get("sources"), ("sources",), "sources")):
            path: Path = ("sources", i)
            m = self.mapping(item, path, _SOURCE_FIELDS, "a source")
            if m is None or "id" not in m:
                continue
            ident = self.ident(m["id"], (*path, "id"), "source id")
            title = self.text(m, path, "title", required=True)
            if ident is None:
                continue
            ids.append((ident, (*path, "id")))
            result.append(
                Source(
                    id=ident,
                    title=title or ident,
                    publisher=self.text(m, path, "publisher"),
                    date=self.date(m, path, "date"),
                    url=self.text(m, path, "url"),
                    pos=self.doc.pos(path),
                )
            )
        self.unique(ids, "source")
        return result

    def actors(self, root: dict[str, Any]) -> list[Actor]:
        result: list[Actor] = []
        ids: list[tuple[str, Path]] = []
        for i, item in enumerate(self.sequence(root.get("actors"), ("actors",), "actors")):
            path: Path = ("actors", i)
            m = self.mapping(item, path, _ACTOR_FIELDS, "an actor")
            if m is None or "id" not in m:
                continue
            ident = self.ident(m["id"], (*path, "id"), "actor id")
            if ident is None:
                continue
            ids.append((ident, (*path, "id")))
            kind = "state"
            if "kind" in m:
                raw = self.text(m, path, "kind")
                if raw is not None and raw not in ACTOR_KINDS:
                    self.error(
                        (*path, "kind"),
                        f"unknown actor kind {_show(raw)}{suggest(raw, ACTOR_KINDS)}; "
                        f"use one of: {', '.join(ACTOR_KINDS)}",
                    )
                elif raw is not None:
                    kind = raw
            tags: list[str] = []
            for j, tag in enumerate(self.sequence(m.get("tags"), (*path, "tags"), "tags")):
                checked = self.ident(tag, (*path, "tags", j), "tag")
                if checked is not None:
                    tags.append(checked)
            capability = 1.0
            if "capability" in m:
                value = self.number(
                    m, path, "capability", lambda x: 0 < x <= 1e6, "greater than 0 (default 1)"
                )
                capability = 1.0 if value is None else value
            result.append(
                Actor(
                    id=ident,
                    name=self.text(m, path, "name") or ident,
                    kind=kind,
                    tags=tuple(tags),
                    capability=capability,
                    pos=self.doc.pos(path),
                )
            )
        self.unique(ids, "actor")
        return result

    def theaters(self, root: dict[str, Any], actor_ids: Collection[str]) -> list[Theater]:
        result: list[Theater] = []
        ids: list[tuple[str, Path]] = []
        for i, item in enumerate(self.sequence(root.get("theaters"), ("theaters",), "theaters")):
            path: Path = ("theaters", i)
            m = self.mapping(item, path, _THEATER_FIELDS, "a theater")
            if m is None or "id" not in m:
                continue
            ident = self.ident(m["id"], (*path, "id"), "theater id")
            if ident is None:
                continue
            ids.append((ident, (*path, "id")))
            engaged: dict[str, list[tuple[str | None, str | None]]] = {}
            periods: list[Engagement] = []
            for j, actor in enumerate(
                self.sequence(m.get("actors"), (*path, "actors"), "actor ids")
            ):
                where: Path = (*path, "actors", j)
                since = until = None
                if isinstance(actor, dict):
                    entry = self.mapping(actor, where, _ENGAGEMENT_FIELDS, "an engaged actor")
                    if entry is None or "id" not in entry:
                        continue
                    since, until = self.period(entry, where)
                    actor, where = entry["id"], (*where, "id")
                ref = self.reference(actor, where, actor_ids, "actor")
                if ref is None:
                    continue
                if any(overlap(p, (since, until)) for p in engaged.get(ref, [])):
                    self.error(
                        where,
                        f"actor '{ref}' is listed twice in this theater for the same days; "
                        "list it once, or give periods that do not overlap (from, until)",
                    )
                    continue
                engaged.setdefault(ref, []).append((since, until))
                if since is not None or until is not None:
                    periods.append(Engagement(ref, since, until, self.doc.pos(where)))
            result.append(
                Theater(
                    id=ident,
                    name=self.text(m, path, "name") or ident,
                    actors=tuple(engaged),
                    note=self.text(m, path, "note"),
                    weight=self.theater_weight(m, path),
                    periods=tuple(periods),
                    pos=self.doc.pos(path),
                )
            )
        self.unique(ids, "theater")
        return result

    def theater_weight(self, m: dict[str, Any], path: Path) -> float:
        if "weight" not in m:
            return 1.0
        value = self.number(m, path, "weight", lambda x: 0 < x <= 1e6, "greater than 0 (default 1)")
        return 1.0 if value is None else value

    def evidence(self, value: Any, path: Path, source_ids: Collection[str]) -> tuple[Evidence, ...]:
        items = [value] if isinstance(value, dict) else self.sequence(value, path, "evidence")
        result: list[Evidence] = []
        for j, item in enumerate(items):
            where: Path = path if isinstance(value, dict) else (*path, j)
            m = self.mapping(item, where, _EVIDENCE_FIELDS, "a piece of evidence")
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

    def pair(self, value: Any, path: Path, actor_ids: Collection[str]) -> tuple[str, str] | None:
        if not isinstance(value, list) or len(value) != 2:
            self.error(
                path,
                f"a pair must be a list of two actor ids such as [us, iran], not {_show(value)}",
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

    def ties(
        self,
        root: dict[str, Any],
        actor_ids: Collection[str],
        theaters: list[Theater],
        source_ids: Collection[str],
    ) -> list[Tie]:
        theater_ids = dict.fromkeys(t.id for t in theaters)
        result: list[Tie] = []
        seen: dict[frozenset[str], list[tuple[Path, tuple[str | None, str | None]]]] = {}
        for i, item in enumerate(self.sequence(root.get("ties"), ("ties",), "ties")):
            path: Path = ("ties", i)
            m = self.mapping(item, path, _TIE_FIELDS, "a tie")
            if m is None or "between" not in m:
                continue
            pair = self.pair(m["between"], (*path, "between"), actor_ids)
            stance = None
            if "stance" in m:
                stance = self.stance(m["stance"], (*path, "stance"))
            elif "in" not in m and set(m) <= set(_TIE_FIELDS):
                # (With an unknown field, the misspelt 'stance' is reported already.)
                self.error(path, "a tie needs a 'stance', or stances per theater under 'in'")
            confidence = self.confidence(m, path)
            evidence = self.evidence(m.get("evidence"), (*path, "evidence"), source_ids)
            per_theater = self.theater_stances(m.get("in"), (*path, "in"), theater_ids, source_ids)
            if "stance" not in m and "in" in m and m["in"] in (None, {}):
                self.error(
                    (*path, "in"),
                    "'in' is empty; give the tie's stances per theater here, or a 'stance'",
                )
                continue
            since, until = self.period(m, path)
            if pair is None:
                continue
            key = frozenset(pair)
            clash = [
                (p, period) for p, period in seen.get(key, []) if overlap(period, (since, until))
            ]
            if clash:
                first = self.doc.pos(clash[0][0])
                line = f" at line {first.line}" if first else ""
                if clash[0][1] == (None, None) and (since, until) == (None, None):
                    fix = "merge them (per-theater stances go under 'in')"
                else:
                    line += " for some of the same days"
                    fix = "make their periods (from, until) not overlap, or merge them"
                self.error(
                    (*path, "between"),
                    f"the tie {pair[0]}–{pair[1]} is already defined{line}; {fix}",
                )
                continue
            seen.setdefault(key, []).append((path, (since, until)))
            result.append(
                Tie(
                    a=pair[0],
                    b=pair[1],
                    stance=stance,
                    confidence=1.0 if confidence is None else confidence,
                    evidence=evidence,
                    note=self.text(m, path, "note"),
                    theaters=per_theater,
                    since=since,
                    until=until,
                    pos=self.doc.pos(path),
                )
            )
        return result

    def theater_stances(
        self, value: Any, path: Path, theater_ids: Collection[str], source_ids: Collection[str]
    ) -> tuple[TheaterStance, ...]:
        if value is None:
            return ()
        if not isinstance(value, dict):
            self.error(path, f"'in' must map theater ids to stances, not {self.kind(value, path)}")
            return ()
        result: list[TheaterStance] = []
        for theater, entry in value.items():
            where: Path = (*path, theater)
            if theater not in theater_ids:
                self.error(
                    where,
                    f"unknown theater {_show(theater)}{suggest(theater, theater_ids)}",
                    at_key=True,
                )
                continue
            if isinstance(entry, dict):
                m = self.mapping(entry, where, _THEATER_STANCE_FIELDS, f"the stance in '{theater}'")
                if m is None or "stance" not in m:
                    continue
                stance = self.stance(m["stance"], (*where, "stance"))
                confidence = self.confidence(m, where)
                evidence = self.evidence(m.get("evidence"), (*where, "evidence"), source_ids)
                note = self.text(m, where, "note")
                since, until = self.period(m, where)
            else:
                stance = self.stance(entry, where, key=theater)
                confidence, evidence, note = None, (), None
                since = until = None
            if stance is not None:
                result.append(
                    TheaterStance(
                        theater,
                        stance,
                        confidence,
                        evidence,
                        note,
                        since,
                        until,
                        self.doc.pos(where),
                    )
                )
        return tuple(result)

    def events(
        self,
        root: dict[str, Any],
        actor_ids: Collection[str],
        theater_ids: Collection[str],
        known: list[str] | None = None,
    ) -> list[Event]:
        items = self.sequence(root.get("events"), ("events",), "events")
        declared = [str(item["id"]) for item in items if isinstance(item, dict) and "id" in item]
        declared += known or []
        result: list[Event] = []
        ids: list[tuple[str, Path]] = []
        for i, item in enumerate(items):
            path: Path = ("events", i)
            m = self.mapping(item, path, _EVENT_FIELDS, "an event")
            if m is None or "id" not in m:
                continue
            ident = self.ident(m["id"], (*path, "id"), "event id")
            if ident is None:
                continue
            ids.append((ident, (*path, "id")))
            operations: list[Operation] = []
            steps = self.sequence(m.get("do"), (*path, "do"), "operations")
            if "do" in m and not steps and m.get("do") in ([], None):
                self.error((*path, "do"), "an event needs at least one operation under 'do'")
            for j, step in enumerate(steps):
                op = self.operation(step, (*path, "do", j), actor_ids, theater_ids, declared)
                if op is not None:
                    operations.append(op)
            result.append(
                Event(
                    id=ident,
                    title=self.text(m, path, "title"),
                    description=self.text(m, path, "description"),
                    operations=tuple(operations),
                    pos=self.doc.pos(path),
                )
            )
        self.unique(ids, "event")
        self.check_apply_cycles(result, ids)
        return result

    def operation(
        self,
        value: Any,
        path: Path,
        actor_ids: Collection[str],
        theater_ids: Collection[str],
        event_ids: Collection[str],
    ) -> Operation | None:
        actions = list(_OPERATION_FIELDS)
        if not isinstance(value, dict):
            self.error(
                path,
                "an operation must be a mapping such as {exclude: turkey, from: mosul}, "
                f"not {self.kind(value, path)}",
            )
            return None
        named = [key for key in value if key in _OPERATION_FIELDS]
        if len(named) > 1:
            self.error(
                path,
                f"an operation does one thing, this one names {' and '.join(named)}; "
                "write one operation for each",
            )
            return None
        if not named:
            hint = next((h for h in (suggest(str(k), actions) for k in value) if h), "")
            keys = ", ".join(map(str, value)) or "nothing"
            self.error(
                path,
                f"an operation needs one of {', '.join(actions)}; this one has {keys}{hint}",
            )
            return None
        action = named[0]
        article = "an" if action[0] in "aeiou" else "a"
        m = self.mapping(value, path, _OPERATION_FIELDS[action], f"{article} '{action}' operation")
        if m is None or any(req and key not in m for key, req in _OPERATION_FIELDS[action].items()):
            return None
        pos = self.doc.pos(path)

        def actor(key: str) -> str | None:
            return self.reference(m[key], (*path, key), actor_ids, "actor")

        def theater(key: str) -> str | None:
            return self.reference(m[key], (*path, key), theater_ids, "theater")

        if action == "exclude":
            who = actor("exclude")
            where = theater("from") if "from" in m else None
            if who is None or ("from" in m and where is None):
                return None
            return Exclude(who, where, pos)
        if action == "remove":
            who = actor("remove")
            return None if who is None else Remove(who, pos)
        if action == "include":
            who, where = actor("include"), theater("in")
            return None if who is None or where is None else Include(who, where, pos)
        if action == "apply":
            ref = self.reference(m["apply"], (*path, "apply"), event_ids, "event")
            return None if ref is None else ApplyEvent(ref, pos)
        pair = self.pair(m[action], (*path, action), actor_ids)
        where = theater("in") if "in" in m else None
        bad_theater = "in" in m and where is None
        if action == "set":
            stance = self.stance(m["stance"], (*path, "stance")) if "stance" in m else None
            confidence = self.confidence(m, path)
            if "stance" not in m and "confidence" not in m:
                self.error(path, "a 'set' operation needs a 'stance' and/or a 'confidence'")
                return None
            if pair is None or bad_theater or ("stance" in m and stance is None):
                return None
            if "confidence" in m and confidence is None:
                return None
            return SetTie(pair[0], pair[1], stance, confidence, where, pos)
        by = self.number(m, path, "by", lambda x: -2 <= x <= 2, "from -2 to +2")
        if pair is None or bad_theater or by is None:
            return None
        return ShiftTie(pair[0], pair[1], by, where, pos)

    def check_apply_cycles(self, events: list[Event], ids: list[tuple[str, Path]]) -> None:
        """Events that apply themselves (through others), and events whose `apply` steps
        expand to more operations than MAX_EXPANDED_OPERATIONS (each applying the next twice
        doubles per level). Linear in the events and their steps."""
        graph = {
            e.id: [op.event for op in e.operations if isinstance(op, ApplyEvent)] for e in events
        }
        steps = {e.id: len(e.operations) for e in events}
        path_of = dict(ids)
        state: dict[str, int] = {}  # 1: on the current path, 2: done
        size: dict[str, int] = {}
        in_cycle: set[str] = set()
        for root in graph:
            if root in state:
                continue
            trail: list[str] = [root]
            pending: list[list[str]] = [list(graph[root])]
            state[root] = 1
            while trail:
                if pending[-1]:
                    nxt = pending[-1].pop()
                    if nxt not in graph:
                        continue  # an unknown event: reported where it is named
                    if state.get(nxt) == 1:
                        cycle = [*trail[trail.index(nxt) :], nxt]
                        if not in_cycle & set(cycle):
                            self.error(
                                path_of[nxt],
                                f"event '{nxt}' applies itself ({' -> '.join(cycle)}); "
                                "break the cycle",
                            )
                        in_cycle.update(cycle)
                    elif nxt not in state:
                        state[nxt] = 1
                        trail.append(nxt)
                        pending.append(list(graph[nxt]))
                    continue
                done = trail.pop()
                pending.pop()
                state[done] = 2
                size[done] = (
                    steps[done]
                    - len(graph[done])
                    + sum(size.get(e, 0) for e in graph[done] if e in graph)
                )
        for event in graph:  # the first in the file
            total = size.get(event, 0)
            if total > MAX_EXPANDED_OPERATIONS and event not in in_cycle:
                self.error(
                    path_of[event],
                    f"event '{event}' expands to {total:,} operations through the events it "
                    f"applies (at most {MAX_EXPANDED_OPERATIONS:,}); apply fewer events, or "
                    "write the operations out",
                )
                break


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the yes/no value '{str(value).lower()}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"a number ({_show(value)})"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"a date ({value.isoformat()})"
    return f"text ({_show(value)})" if isinstance(value, str) else type(value).__name__


def _show(value: Any) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return "not a number (NaN)"
        if math.isinf(value):
            return "infinite"
        return f"{value:g}"
    if isinstance(value, str):
        return f"'{value}'" if len(value) <= SHOWN_CHARS else f"'{value[:SHOWN_CHARS]}…'"
    if isinstance(value, (list, dict)):
        return _kind(value)
    if isinstance(value, bool):  # as YAML spells it, not Python
        return f"{str(value).lower()} (a yes/no value)"
    if value is None:
        return "empty"
    if isinstance(value, int) and abs(value) >= 10**15:
        return f"a {len(str(abs(value)))}-digit number"
    return str(value)


#: Longer text is cut where a message repeats it: the position says where the rest is.
SHOWN_CHARS = 60
