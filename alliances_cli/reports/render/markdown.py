"""Text reports as Markdown documents: the same blocks the terminal shows, as headings,
paragraphs, lists and tables, to paste into a brief or a wiki page.

The report's first line becomes the document's title; a grid's title, or a line in bold alone,
a section heading; a numbered line an ordered list item and the indented lines after it its
sub-items; other indented lines a bulleted list. User text is escaped: a name can neither
break a table, start a list or a heading, nor carry raw HTML (the lines of a table cell are
joined by `<br>`, the only tag written).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from alliances_cli.reports.render.blocks import Block, Grid, printable

_SPECIAL = re.compile(r"([\\`*_\[\]|])")
_NUMBERED = re.compile(r"^(\d+)\. (.*)$", re.DOTALL)


def escape(text: str, *, line_start: bool = False) -> str:
    """One line of Markdown that shows `text` as written: no controls, no markup, no HTML;
    at the `line_start`, nothing that would begin a heading or a list either."""
    flat = " ".join(text.replace("\t", " ").split()) if "\n" in text or "\t" in text else text
    shown = _SPECIAL.sub(r"\\\1", printable(flat, keep_newlines=False))
    shown = shown.replace("<", "&lt;").replace(">", "&gt;")
    if line_start and (shown[:1] in ("#", "-", "+", "=") or _NUMBERED.match(shown)):
        return "\\" + shown
    return shown


def human(column: str) -> str:
    """A machine column name for a reader: `camp_rank` -> `Camp rank`."""
    words = column.replace("_", " ")
    return words[:1].upper() + words[1:]


def render_markdown(blocks: Iterable[Block]) -> str:
    out: list[str] = []
    in_list = False  # the last line written is an ordered item or one of its sub-items
    for i, block in enumerate(blocks):
        if isinstance(block, Grid):
            out += _gap(out) + _table(block)
            in_list = False
            continue
        if i == 0:
            title, rest = block.spans[0][0], "".join(t for t, _ in block.spans[1:]).strip()
            out += [f"# {escape(title)}"] + (["", escape(rest, line_start=True)] if rest else [])
            continue
        bold_first = bool(block.spans) and block.spans[0][1] == "bold"
        for k, line in enumerate(block.plain.split("\n")):
            stripped = line.strip()
            if not stripped:
                continue
            indent = len(line) - len(line.lstrip())
            numbered = _NUMBERED.match(stripped)
            if k == 0 and bold_first and block.spans[0][0].split("\n")[0] == line:
                out += [*_gap(out), f"## {escape(stripped)}"]
                in_list = False
            elif numbered:
                out += ([] if in_list else _gap(out)) + [f"{numbered[1]}. {escape(numbered[2])}"]
                in_list = True
            elif indent and in_list:
                out.append("   - " + escape(stripped))
            elif indent:
                out += ([] if out and out[-1][:2] == "- " else _gap(out)) + [
                    "- " + escape(stripped)
                ]
            else:
                out += [*_gap(out), escape(stripped, line_start=True)]
                in_list = False
    return "\n".join(out) + "\n"


def _gap(out: list[str]) -> list[str]:
    return [""] if out and out[-1] else []


def _table(grid: Grid) -> list[str]:
    lines: list[str] = []
    if grid.title is not None:
        title, rest = grid.title.spans[0][0], "".join(t for t, _ in grid.title.spans[1:]).strip()
        lines += [f"## {escape(title)}", ""] + ([escape(rest, line_start=True), ""] if rest else [])
    lines.append("| " + " | ".join(escape(human(c.header)) for c in grid.columns) + " |")
    lines.append(
        "|" + "|".join(" ---: " if c.justify == "right" else " --- " for c in grid.columns) + "|"
    )
    for row in grid.rows:
        lines.append("| " + " | ".join(_cell(cell.plain) for cell in row) + " |")
    return lines


def _cell(text: str) -> str:
    """A table cell: its lines kept apart by `<br>` (the one tag written, by us), so that two
    sentences in one cell do not run together."""
    return "<br>".join(escape(line.strip()) for line in text.split("\n") if line.strip())
