"""Text reports as plain blocks: styled lines and grids, with no dependencies.

A report is built once as blocks, then drawn by Rich for a terminal (colour, wrapping to the
window) or by `render_plain` for a pipe or a file. Importing Rich costs about 27 ms, more than
some commands' whole run, and a pipe gets nothing from it: `render_plain` draws the same layout
as Rich does for a borderless table (cells padded by one space, two between columns), so the
same report reads the same either way.

User text is made printable here (`printable`), whatever draws it: control characters would
otherwise move the cursor, recolour the terminal or forge lines.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import Literal

Justify = Literal["left", "right"]


def printable(text: str, *, keep_newlines: bool = True) -> str:
    """`text` with control and bidirectional-override characters shown as escapes.

    Newlines are kept where a cell may span lines; tabs become a space. Everything else that
    is not printable (C0/C1 controls, DEL, and the bidi embedding/override/isolate controls that
    can reorder what a terminal shows) becomes a visible `\\x..`/`\\u....` escape.
    """
    if text.isprintable():
        return text
    out: list[str] = []
    for ch in text:
        if ch == "\n" and keep_newlines:
            out.append(ch)
        elif ch == "\t":
            out.append(" ")
        elif ch.isprintable() or (ch not in _BIDI_CONTROLS and _harmless_format(ch)):
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
    return "".join(out)


#: Explicit bidirectional formatting: embeddings, overrides and isolates (Unicode UAX #9).
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _harmless_format(ch: str) -> bool:
    """Zero-width joiners, marks and selectors that shape emoji and scripts, not the screen."""
    return unicodedata.category(ch) == "Cf"


def display_width(text: str) -> int:
    """Terminal columns `text` takes: wide East Asian characters 2, combining marks 0."""
    if text.isascii():
        return len(text)
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


class Styled:
    """A run of text in spans, each with a Rich style name ("" for none). May span lines."""

    __slots__ = ("spans",)

    def __init__(self, text: str = "", style: str = "") -> None:
        self.spans: list[tuple[str, str]] = []
        if text:
            self.append(text, style)

    def append(self, text: str, style: str = "") -> Styled:
        self.spans.append((printable(text), style))
        return self

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.spans)


class Column:
    """A column; `keep` marks values a user may type (ids, names of scenarios): a narrow
    terminal shrinks or wraps other columns, never these."""

    __slots__ = ("header", "justify", "keep", "no_wrap", "style")

    def __init__(
        self,
        header: str,
        justify: Justify = "left",
        style: str = "",
        no_wrap: bool = False,
        keep: bool = False,
    ) -> None:
        self.header = header
        self.justify: Justify = justify
        self.style = style
        self.no_wrap = no_wrap or keep
        self.keep = keep


class Grid:
    """A borderless table with a header row and an optional title above it."""

    __slots__ = ("columns", "rows", "title")

    def __init__(self, title: Styled | None = None) -> None:
        self.title = title
        self.columns: list[Column] = []
        self.rows: list[list[Styled]] = []

    def add_column(
        self,
        header: str,
        justify: Justify = "left",
        style: str = "",
        no_wrap: bool = False,
        keep: bool = False,
    ) -> None:
        self.columns.append(Column(header, justify, style, no_wrap, keep))

    def add_row(self, *cells: Styled | str) -> None:
        self.rows.append([c if isinstance(c, Styled) else Styled(c) for c in cells])


Block = Styled | Grid


def render_plain(blocks: Iterable[Block]) -> str:
    """Blocks as plain lines, no trailing blanks: what a pipe or a file gets."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Grid):
            lines += _grid_lines(block)
        else:
            lines += block.plain.split("\n")
    return "".join(line.rstrip() + "\n" for line in lines)


def _grid_lines(grid: Grid) -> list[str]:
    table: list[list[list[str]]] = [[[c.header] for c in grid.columns]]
    table += [[cell.plain.split("\n") for cell in row] for row in grid.rows]
    widths = [
        max((display_width(line) for row in table for line in row[i]), default=0)
        for i in range(len(grid.columns))
    ]
    lines = [] if grid.title is None else grid.title.plain.split("\n")
    for row in table:
        for k in range(max((len(cell) for cell in row), default=1)):
            parts = []
            for cell, width, column in zip(row, widths, grid.columns, strict=True):
                text = cell[k] if k < len(cell) else ""
                if column.justify == "right":
                    text = text.rstrip()
                    parts.append(f" {' ' * (width - display_width(text))}{text} ")
                else:
                    parts.append(f" {text}{' ' * (width - display_width(text))} ")
            lines.append("".join(parts))
    return lines


def to_rich(blocks: Sequence[Block]) -> list[object]:
    """Blocks as Rich renderables, for a terminal."""
    from rich.table import Table
    from rich.text import Text

    def text(styled: Styled) -> Text:
        result = Text()
        for part, style in styled.spans:
            result.append(part, style=style or None)
        return result

    out: list[object] = []
    for block in blocks:
        if isinstance(block, Styled):
            out.append(text(block))
            continue
        title = text(block.title) if block.title is not None else None
        table = Table(title=title, title_justify="left", box=None)
        for i, column in enumerate(block.columns):
            widest = max(
                (display_width(row[i].plain) for row in block.rows if i < len(row)), default=0
            )
            table.add_column(
                column.header,
                justify=column.justify,
                style=column.style or None,
                no_wrap=column.no_wrap,
                min_width=max(widest, display_width(column.header)) if column.keep else None,
            )
        for row in block.rows:
            table.add_row(*(text(cell) for cell in row))
        out.append(table)
    return out
