"""YAML text -> plain Python data, with the position of every value and key.

PyYAML's own loaders forget positions and silently keep the last of two duplicate keys; a
scenario is written by hand, so both matter. We compose the node tree with the safe loader and
convert it ourselves, recording where each value and key came from.
"""

from __future__ import annotations

from typing import Any

import yaml

from alliances_cli.scenario.positions import Pos

Path = tuple[str | int, ...]

#: More nodes than this (counting every use of an alias) is refused: a "billion laughs" file
#: expands exponentially through aliases while its text stays tiny.
MAX_NODES = 200_000
MAX_DEPTH = 64


class Document:
    """Converted YAML data with positions, keyed by path (a tuple of keys and list indices)."""

    def __init__(self, data: Any) -> None:
        self.data = data
        self.value_pos: dict[Path, Pos] = {}
        self.key_pos: dict[Path, Pos] = {}

    def pos(self, path: Path) -> Pos | None:
        """Where the value at `path` starts, or the nearest enclosing value's position."""
        while True:
            if path in self.value_pos:
                return self.value_pos[path]
            if not path:
                return None
            path = path[:-1]

    def pos_of_key(self, path: Path) -> Pos | None:
        """Where the key naming the value at `path` is written."""
        return self.key_pos.get(path) or self.pos(path)


class YamlError(Exception):
    """The text is not YAML we accept; carries one positioned problem."""

    def __init__(self, pos: Pos | None, message: str) -> None:
        super().__init__(message)
        self.pos = pos
        self.message = message


def _pos(node: yaml.Node) -> Pos:
    return Pos(node.start_mark.line + 1, node.start_mark.column + 1)


# libyaml's loader is several times faster; the pure-Python one words its errors the same way
# on every machine, so a file that fails is parsed again with it for the message.
_FAST: type[yaml.SafeLoader] | None = getattr(yaml, "CSafeLoader", None)


def parse(text: str) -> tuple[Document, list[tuple[Pos, str]]]:
    """Parse one YAML document; return it with the duplicate keys found (position, message).

    Raises YamlError for text that is not YAML, holds several documents, or uses features a
    scenario has no use for (tags that construct objects, merge keys, runaway aliases).
    """
    if _FAST is not None:
        try:
            return _parse(text, _FAST)
        except YamlError:
            pass
    return _parse(text, yaml.SafeLoader)


def _parse(
    text: str, loader_class: type[yaml.SafeLoader]
) -> tuple[Document, list[tuple[Pos, str]]]:
    loader = loader_class(text)
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
                    pos, "more than one YAML document ('---'); keep one scenario per file"
                ) from None
            raise YamlError(
                pos, f"invalid YAML: {problem}; check the indentation and quoting"
            ) from None
        except yaml.YAMLError as exc:
            raise YamlError(None, f"invalid YAML: {exc}") from None
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
        self.count = 0

    def convert(self, node: yaml.Node, path: Path, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise YamlError(
                _pos(node),
                f"the document expands to more than {MAX_NODES:,} values (through aliases?); "
                "write the data out without '*alias' repetition",
            )
        if depth > MAX_DEPTH:
            raise YamlError(
                _pos(node), f"nesting deeper than {MAX_DEPTH} levels; a scenario never needs it"
            )
        self.doc.value_pos.setdefault(path, _pos(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                raise YamlError(_pos(node), f"unsupported YAML tag '{node.tag}'; remove it")
            return [self.convert(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if node.tag == "tag:yaml.org,2002:str":
            return node.value
        if node.tag not in _SCALAR_TAGS:
            raise YamlError(_pos(node), f"unsupported YAML tag '{node.tag}'; remove it")
        try:
            return self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            raise YamlError(_pos(node), f"unreadable value: {exc}; quote it as text") from None

    def _mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict[str, Any]:
        if node.tag != "tag:yaml.org,2002:map":
            raise YamlError(_pos(node), f"unsupported YAML tag '{node.tag}'; remove it")
        result: dict[str, Any] = {}
        first_seen: dict[str, Pos] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlError(
                    _pos(key_node), "merge keys ('<<') are not supported; write the fields out"
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError(_pos(key_node), "a key must be plain text, not a list or mapping")
            # Field names are text: `yes:` or `1:` name a field, not a boolean or a number.
            key = str(key_node.value)
            if key in first_seen:
                first = first_seen[key]
                self.duplicates.append(
                    (
                        _pos(key_node),
                        f"duplicate key '{key}' (first at line {first.line}); "
                        "YAML would silently keep only the last one: remove or merge them",
                    )
                )
                continue
            first_seen[key] = _pos(key_node)
            child: Path = (*path, key)
            self.doc.key_pos[child] = _pos(key_node)
            result[key] = self.convert(value_node, child, depth + 1)
        return result


_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
