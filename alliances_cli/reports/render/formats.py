"""One set of machine formats for every command: json, ndjson, csv, tsv, yaml, markdown.

A command's result is a JSON document plus named tables of rows. Document formats (json, yaml)
print the document; row formats (ndjson, csv, tsv) print one table, chosen with `--table`
(the first is the default); markdown prints every table, a report to paste into a document.
None of them goes through Rich, so nothing wraps and no escape code is ever written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from alliances_cli.scenario.record import record

FORMATS = ("text", "json", "ndjson", "csv", "tsv", "yaml", "markdown")
ROW_FORMATS = ("ndjson", "csv", "tsv")


@record()
class Table:
    name: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


class Lines:
    """The items of a large list of records, most of them already written as compact JSON on
    one line (`records.py`), which the writer copies as they are; the others are data."""

    __slots__ = ("lines",)

    def __init__(self, lines: list[Any]) -> None:
        self.lines = lines

    def __len__(self) -> int:
        return len(self.lines)

    def items(self) -> list[Any]:
        import json

        return [json.loads(item) if isinstance(item, str) else item for item in self.lines]


class Result:
    """What a command found: a document for json/yaml, tables for the row formats.

    Either may be given as a function that builds it on first use: a large network's JSON
    document and its tables each cost seconds, and a command prints only one of them.
    `for_json`, if given, builds the same document for the JSON writer, with some of its
    large lists already written (`Lines`).
    """

    __slots__ = ("_document", "_make_document", "_make_tables", "_tables", "for_json", "title")

    def __init__(
        self,
        title: str,
        document: dict[str, Any] | Callable[[], dict[str, Any]],
        tables: tuple[Table, ...] | Callable[[], tuple[Table, ...]] = (),
        for_json: Callable[[], dict[str, Any]] | None = None,
    ) -> None:
        self.title = title
        self._document = None if callable(document) else document
        self._make_document = document if callable(document) else None
        self._tables = None if callable(tables) else tables
        self._make_tables = tables if callable(tables) else None
        self.for_json = for_json

    @property
    def document(self) -> dict[str, Any]:
        if self._document is None:
            assert self._make_document is not None
            self._document = self._make_document()
        return self._document

    @property
    def tables(self) -> tuple[Table, ...]:
        if self._tables is None:
            assert self._make_tables is not None
            self._tables = self._make_tables()
        return self._tables

    def table(self, name: str | None) -> Table:
        if name is None:
            return self.tables[0]
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(name)

    @property
    def table_names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.tables)


#: Documents with more list items than this put each item of a list on one line: Python's
#: indenting encoder is pure Python, and took 10 s of `show --format json` on 10,000 actors
#: and 200,000 ties; the compact encoder is in C.
ONE_LINE_ITEMS = 5_000


#: In such a document, a list item holding more list items than this is outlined in turn.
ONE_LINE_MAX = 100


def to_json(data: Any) -> str:
    """Indented, key order as built, non-ASCII kept: the same input gives the same bytes.

    A large document (over ONE_LINE_ITEMS list items in all) keeps its outline indented and
    writes each list item on one line, compact: the same data, written 4x faster.
    """
    return "".join(json_pieces(data))


def json_pieces(data: Any) -> list[str]:
    """`to_json(data)` in pieces, to be written one after the other: joined into one string,
    then encoded whole, a million ties' 400 MB document was copied three more times (3 s)."""
    import json

    if _items(data, ONE_LINE_ITEMS) <= ONE_LINE_ITEMS:
        return [
            json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False, default=_lines_items)
            + "\n"
        ]
    parts: list[str] = []
    _outline(data, "", parts, {})
    parts.append("\n")
    return parts


#: Lines per piece of a long list in `json_pieces`.
PIECE_LINES = 4096


def _list_pieces(lines: list[str], inner: str, indent: str, parts: list[str]) -> None:
    separator = f",\n{inner}"
    parts.append(f"[\n{inner}")
    for start in range(0, len(lines), PIECE_LINES):
        if start:
            parts.append(separator)
        parts.append(separator.join(lines[start : start + PIECE_LINES]))
    parts.append(f"\n{indent}]")


def _one_line_encoder() -> Callable[[Any], str]:
    """Compact JSON of one item, by the C encoder made once: `JSONEncoder.encode` builds a new
    one per call, which took 6 s of a million items."""
    import json
    from json import encoder as json_encoder

    make = getattr(json_encoder, "c_make_encoder", None)
    if make is None:  # no C accelerator: the pure-Python encoder, the same output
        return json.JSONEncoder(
            ensure_ascii=False, allow_nan=False, separators=(", ", ": "), default=_lines_items
        ).encode

    encoder = make(
        None,  # no check for cycles: the documents are trees
        _lines_items,
        json_encoder.encode_basestring,
        None,
        ": ",
        ", ",
        False,
        False,
        False,
    )
    return lambda item: "".join(encoder(item, 0))


def _lines_items(value: Any) -> Any:
    if isinstance(value, Lines):
        return value.items()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _items(data: Any, limit: int) -> int:
    """List items in `data`, counted until `limit` is passed."""
    count = 0
    stack = [data]
    while stack and count <= limit:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            count += len(item)
            stack.extend(item)
        elif isinstance(item, Lines):
            count += len(item)
    return count


def _outline(data: Any, indent: str, parts: list[str], done: dict[int, list[str]]) -> None:
    """`data` with its outline indented and each item of its lists on one line. `done` holds
    lists already written, by identity: a document may hold one list twice (one theater's
    ties, in its view and in the overall view), which is encoded once."""
    import json

    inner = indent + "  "
    if isinstance(data, dict) and data:
        parts.append("{")
        for i, (key, value) in enumerate(data.items()):
            parts.append(f"{',' if i else ''}\n{inner}{json.dumps(key, ensure_ascii=False)}: ")
            _outline(value, inner, parts, done)
        parts.append(f"\n{indent}}}")
    elif isinstance(data, Lines) and data.lines:
        encode = _one_line_encoder()
        texts = [
            item
            if isinstance(item, str)
            else (_outlined(item, inner, done) if _large(item) else encode(item))
            for item in data.lines
        ]
        _list_pieces(texts, inner, indent, parts)
    elif isinstance(data, list) and data and any(isinstance(x, (dict, list)) for x in data):
        lines = done.get(id(data))
        if lines is None:
            encode = _one_line_encoder()
            outlined = False
            if len(data) <= ONE_LINE_MAX:  # few items, each maybe a whole view: look first
                lines = []
                for item in data:
                    if _large(item):
                        lines.append(_outlined(item, inner, done))  # a view, say
                        outlined = True
                    else:
                        lines.append(encode(item))
            else:  # many items, records mostly: only a long line can hold a long list
                lines = [encode(item) for item in data]
                for i, text in enumerate(lines):
                    if len(text) > 3 * ONE_LINE_MAX and _large(data[i]):
                        lines[i] = _outlined(data[i], inner, done)
                        outlined = True
            if not outlined:  # one-line items read the same at any depth
                done[id(data)] = lines
        _list_pieces(lines, inner, indent, parts)
    else:
        parts.append(json.dumps(data, ensure_ascii=False, allow_nan=False, default=_lines_items))


def _outlined(item: Any, inner: str, done: dict[int, list[str]]) -> str:
    """A large list item with an outline of its own, at the depth of its list."""
    inside: list[str] = []
    _outline(item, inner, inside, done)
    return "".join(inside)


def _large(item: Any) -> bool:
    """Whether a list item is too large for one line: it holds a list of more than
    ONE_LINE_MAX items (looked for in its values only, not deeper: this runs per item)."""
    if isinstance(item, (list, Lines)):
        return len(item) > ONE_LINE_MAX
    if isinstance(item, dict):
        return any(
            (isinstance(v, (list, Lines)) and len(v) > ONE_LINE_MAX)
            or (isinstance(v, dict) and _large(v))
            for v in item.values()
        )
    return False


def cell(value: Any) -> str:
    """A value in a CSV/TSV/Markdown cell: lists joined by spaces, null empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return " ".join(cell(v) for v in value)
    return str(value)


def _delimited(table: Table, delimiter: str) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([_one_line(cell(v)) if delimiter == "\t" else cell(v) for v in row])
    return buffer.getvalue()


def _one_line(text: str) -> str:
    return " ".join(text.replace("\t", " ").split()) if ("\n" in text or "\t" in text) else text


def _markdown(result: Result, only: str | None = None) -> str:
    from alliances_cli.reports.render.markdown import escape, human

    lines = [f"# {escape(result.title)}", ""]
    for table in result.tables:
        if only is not None and table.name != only:
            continue
        lines += [f"## {human(table.name)}", ""]
        if not table.rows:
            lines += ["(none)", ""]
            continue
        lines.append("| " + " | ".join(escape(human(c)) for c in table.columns) + " |")
        lines.append("|" + "|".join(" --- " for _ in table.columns) + "|")
        for row in table.rows:
            lines.append("| " + " | ".join(escape(cell(v)) for v in row) + " |")
        lines.append("")
    return "\n".join(lines)


def render(result: Result, fmt: str, table: str | None = None) -> list[str]:
    """The result in a machine format (everything but `text`), in pieces to write in turn."""
    if fmt == "json":
        return json_pieces(result.for_json() if result.for_json else result.document)
    return [_render(result, fmt, table)]


def _render(result: Result, fmt: str, table: str | None) -> str:
    if fmt == "yaml":
        import yaml

        return str(yaml.safe_dump(result.document, sort_keys=False, allow_unicode=True, width=1000))
    if fmt == "markdown":
        return _markdown(result, table)
    chosen = result.table(table)
    if fmt == "ndjson":
        import json

        return "".join(
            json.dumps(record, ensure_ascii=False, allow_nan=False) + "\n"
            for record in chosen.records()
        )
    if fmt in ("csv", "tsv"):
        return _delimited(chosen, "," if fmt == "csv" else "\t")
    raise ValueError(f"unknown format {fmt!r}")


def table(name: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> Table:
    return Table(name, tuple(columns), [tuple(r) for r in rows])
