"""YAML text -> plain Python data, with the position of every value and key.

PyYAML's own loaders forget positions and silently keep the last of two duplicate keys; a
scenario is written by hand, so both matter. We compose the node tree with the safe loader and
convert it ourselves, recording where each value and key came from.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from alliances_cli.scenario.portable_yaml import PortableLoader
from alliances_cli.scenario.positions import Pos
from alliances_cli.scenario.textcheck import unfit_text

Path = tuple[str | int, ...]

#: More values than this reached through aliases is refused: a "billion laughs" file expands
#: exponentially through aliases while its text stays tiny. (Plain values are bounded by the
#: file size limit.)
MAX_ALIASED_VALUES = 100_000
#: Deeper nesting is refused; a scenario needs five or six levels.
MAX_DEPTH = 64
#: Longer text values are refused: a name or a quote is never a megabyte long.


class Document:
    """Converted YAML data with positions, keyed by path (a tuple of keys and list indices).

    Positions are kept as the parser's marks and become `Pos` only when asked for: only an
    error message needs one, and making one per value was a fifth of reading a scenario.
    """

    def __init__(self, data: Any) -> None:
        self.data = data
        self.value_marks: dict[Path, yaml.Mark] = {}
        self.key_marks: dict[Path, yaml.Mark] = {}
        #: Unquoted values that YAML 1.1 read as something other than text (`010` as 8, `yes`
        #: as true, `12:30` as 750), as they were written: a field that holds text takes them.
        self.plain: dict[Path, str] = {}

    def pos(self, path: Path) -> Pos | None:
        """Where the value at `path` starts, or the nearest enclosing value's position."""
        while True:
            if path in self.value_marks:
                return _at(self.value_marks[path])
            if not path:
                return None
            path = path[:-1]

    def pos_of_key(self, path: Path) -> Pos | None:
        """Where the key naming the value at `path` is written."""
        mark = self.key_marks.get(path)
        return self.pos(path) if mark is None else _at(mark)


class YamlError(Exception):
    """The text is not YAML we accept; carries one positioned problem."""

    def __init__(self, pos: Pos | None, message: str, *, syntax: bool = False) -> None:
        super().__init__(message)
        self.pos = pos
        self.message = message
        #: A syntax error, worded by the parser (the others are ours, whatever the parser).
        self.syntax = syntax


def _pos(node: yaml.Node) -> Pos:
    return _at(node.start_mark)


def _at(mark: yaml.Mark) -> Pos:
    return Pos(mark.line + 1, mark.column + 1)


# libyaml's loader is several times faster; the pure-Python one words its errors the same way
# on every machine, so a file that fails is parsed again with it for the message.
_FAST: type[yaml.SafeLoader] | None = getattr(yaml, "CSafeLoader", None)
_LINE_BOMS = re.compile("^\ufeff+", re.M)


def parse(text: str) -> tuple[Document, list[tuple[Pos, str]]]:
    """Parse one YAML document; return it with the duplicate keys found (position, message).

    Raises YamlError for text that is not YAML, holds several documents, or uses features a
    scenario has no use for (tags that construct objects, merge keys, runaway aliases).
    """
    # A byte-order mark may open any line for libyaml; PyYAML takes all but the first for text.
    text = _LINE_BOMS.sub("", text)
    if _FAST is not None:
        try:
            return _parse(text, _FAST)
        except YamlError as exc:
            if not exc.syntax:
                raise
            if "nesting depth" in exc.message:  # libyaml's own limit, at 1,000 levels
                where = _too_deep(text, _FAST) or _too_deep(text, PortableLoader)
                raise YamlError(where, _DEEP) from None
    try:
        return _parse(text, PortableLoader)
    except RecursionError:
        # PyYAML's own composer recurses once per level; the parser's events do not.
        raise YamlError(_too_deep(text, PortableLoader), _DEEP) from None


_DEEP = f"nesting deeper than {MAX_DEPTH} levels; a scenario never needs it"
#: How a tab where YAML wants spaces is said (and recognised, to read trailing tabs again).
TAB_WORDS = "a tab where YAML needs spaces"


def _in_words(exc: yaml.MarkedYAMLError, problem: str) -> str:
    """A YAML syntax error as a person would say it, with what to do; PyYAML's own words
    follow in brackets only where we have none of our own (its tokens, such as
    '<block mapping start>', mean nothing to a reader)."""
    said = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    opened = exc.context_mark
    where = f" (opened at line {opened.line + 1})" if opened else ""
    if "'\\t'" in said:
        plain = f"{TAB_WORDS}; indent with spaces, not tabs"
    elif said.startswith("expected <block end>"):
        column = f", column {opened.column + 1}" if opened else ""
        block = f" (the block at line {opened.line + 1}{column})" if opened else ""
        plain = (
            f"this line's indentation does not line up with the lines above it{block}; "
            "indent the keys of one mapping (or the '-' items of one list) exactly alike"
        )
    elif said == "mapping values are not allowed here":
        plain = (
            "a ': ' where no new key can start; quote text that holds ': ' "
            '(title: "a: b"), or fix the indentation'
        )
    elif said.startswith("could not find expected ':'"):
        plain = "a line that is not 'key: value' inside a mapping; add ': ' or fix the indentation"
    elif said.startswith(("expected ',' or ']'", "expected ',' or '}'")):
        closing = "]" if "']'" in said else "}"
        kind = "list" if closing == "]" else "mapping"
        plain = f"a {kind} in brackets is not closed{where}; add '{closing}'"
    elif "quoted scalar" in context:
        plain = f"a quote is not closed{where}; close it, or escape the quote inside the text"
    elif "unexpected end of stream" in said:
        plain = f"the file ends inside something still open{where}; close it"
    else:
        return f"invalid YAML: check the indentation and quoting [{problem}]"
    return f"invalid YAML: {plain}"


def _reader_pos(text: str, position: int) -> Pos:
    """Line and column (from 1) of a character offset."""
    line = text.count("\n", 0, position) + 1
    return Pos(line, position - (text.rfind("\n", 0, position) + 1) + 1)


def _unprintable(exc: yaml.reader.ReaderError) -> str:
    """A control character YAML does not allow, named in words, and what to do."""
    char = exc.character
    code = f"U+{char:04X}" if isinstance(char, int) else repr(char)
    return (
        f"control character {code} is not allowed in YAML, even in a comment; "
        "remove it (or write it as an escape in a double-quoted string)"
    )


def _too_deep(text: str, loader_class: type[yaml.SafeLoader]) -> Pos | None:
    """Where nesting first goes deeper than MAX_DEPTH, found from the parser's events."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader_class):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    return Pos(mark.line + 1, mark.column + 1) if mark else None
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        pass
    return None


def _parse(
    text: str, loader_class: type[yaml.SafeLoader]
) -> tuple[Document, list[tuple[Pos, str]]]:
    try:
        loader = loader_class(text)
    except yaml.reader.ReaderError as exc:
        raise YamlError(_reader_pos(text, exc.position), _unprintable(exc), syntax=True) from None
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            pos = Pos(mark.line + 1, mark.column + 1) if mark else None
            problem = (exc.problem or exc.context or "invalid YAML").strip()
            context = exc.context_mark
            if (
                exc.context
                and context
                and (context.line, context.column) != ((mark.line, mark.column) if mark else None)
            ):
                problem += (
                    f" ({exc.context.strip()} at line {context.line + 1}, "
                    f"column {context.column + 1})"
                )
            if "expected a single document" in (exc.context or ""):
                raise YamlError(
                    pos,
                    "more than one YAML document ('---'); keep one scenario per file",
                    syntax=True,
                ) from None
            raise YamlError(pos, _in_words(exc, problem), syntax=True) from None
        except yaml.YAMLError as exc:
            raise YamlError(None, f"invalid YAML: {exc}", syntax=True) from None
        doc = Document(data=None)
        duplicates: list[tuple[Pos, str]] = []
        if node is None:
            return doc, duplicates
        converter = _Converter(loader, doc, duplicates)
        doc.data = converter.convert(node, (), 0)
        return doc, duplicates
    finally:
        loader.dispose()


class _Converter:
    def __init__(
        self, loader: yaml.SafeLoader, doc: Document, duplicates: list[tuple[Pos, str]]
    ) -> None:
        self.loader = loader
        self.doc = doc
        self.duplicates = duplicates
        self.seen: set[int] = set()
        self.aliased = 0

    def convert(self, node: yaml.Node, path: Path, depth: int, aliased: bool = False) -> Any:
        if id(node) in self.seen:
            aliased = True  # a node met again is an alias's use: its values are copies
        elif isinstance(node, yaml.CollectionNode):
            self.seen.add(id(node))
        if aliased:
            self.aliased += 1
            if self.aliased > MAX_ALIASED_VALUES:
                raise YamlError(
                    _pos(node),
                    f"aliases ('*name') expand to more than {MAX_ALIASED_VALUES:,} values; "
                    "write the data out instead of repeating it through aliases",
                )
        if depth > MAX_DEPTH:
            raise YamlError(_pos(node), _DEEP)
        if path not in self.doc.value_marks:
            self.doc.value_marks[path] = node.start_mark
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth, aliased)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                raise YamlError(_pos(node), f"unsupported YAML tag '{node.tag}'; remove it")
            return [
                self.convert(item, (*path, i), depth + 1, aliased)
                for i, item in enumerate(node.value)
            ]
        if node.tag == "tag:yaml.org,2002:str":
            return _checked_text(node)
        if node.tag not in _SCALAR_TAGS:
            raise YamlError(_pos(node), f"unsupported YAML tag '{node.tag}'; remove it")
        if not getattr(node, "style", None) and not _explicit_tag(self.loader, node):
            self.doc.plain[path] = str(node.value)
        try:
            return self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError, KeyError, TypeError):
            value = str(node.value)
            if (
                node.tag == "tag:yaml.org,2002:timestamp"
                and not _explicit_tag(self.loader, node)
                and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)
            ):
                # A date-shaped day the calendar lacks (2020-02-30): kept as text, so the
                # checks say of each one that the day does not exist, all in one run.
                return value
            shown = value if len(value) <= 60 else value[:60] + "…"
            kind = node.tag.rsplit(":", 1)[-1]
            if _explicit_tag(self.loader, node):
                problem = (
                    f"'{shown}' is not a valid {kind} for its tag "
                    f"'{node.tag.replace('tag:yaml.org,2002:', '!!')}'; remove the tag or "
                    "quote the value as text"
                )
            else:
                problem = f"'{shown}' reads as a {kind} but is not a valid one; quote it as text"
                if kind == "timestamp":
                    problem += ", or write a date as YYYY-MM-DD"
            raise YamlError(_pos(node), problem) from None

    def _mapping(
        self, node: yaml.MappingNode, path: Path, depth: int, aliased: bool
    ) -> dict[str, Any]:
        if node.tag != "tag:yaml.org,2002:map":
            raise YamlError(_pos(node), f"unsupported YAML tag '{node.tag}'; remove it")
        result: dict[str, Any] = {}
        first_seen: dict[str, yaml.Mark] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlError(
                    _pos(key_node), "merge keys ('<<') are not supported; write the fields out"
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError(_pos(key_node), "a key must be plain text, not a list or mapping")
            # Field names are text: `yes:` or `1:` name a field, not a boolean or a number.
            key = _checked_text(key_node)
            if key in first_seen:
                first = first_seen[key]
                self.duplicates.append(
                    (
                        _pos(key_node),
                        f"duplicate key '{key}' (first at line {first.line + 1}); "
                        "YAML would silently keep only the last one: remove or merge them",
                    )
                )
                continue
            child: Path = (*path, key)
            first_seen[key] = self.doc.key_marks[child] = key_node.start_mark
            result[key] = self.convert(value_node, child, depth + 1, aliased)
        return result


_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}


def _explicit_tag(loader: yaml.SafeLoader, node: yaml.Node) -> bool:
    """Whether the file wrote a tag (`!!bool x`) on this value, rather than YAML inferring it:
    the tag differs from the one the value's plain text resolves to."""
    implicit = loader.resolve(yaml.ScalarNode, node.value, (True, False))  # type: ignore[no-untyped-call]
    return bool(node.tag != implicit)


def _checked_text(node: yaml.Node) -> str:
    text = str(node.value)
    problem = unfit_text(text, "text")
    if problem:
        raise YamlError(_pos(node), problem)
    return text
