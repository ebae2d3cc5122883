"""What a command prints: a result that renders itself for people and for scripts.

Every record of the API (an analysis, a what-if, a sweep, ...) gives an `Output`: its report
for people as blocks (headings, sentences, tables) and its machine result (named tables and
a JSON document), each built only when asked for. The command line picks the form; these
functions render it, so that the shell never reaches into the reports layer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alliances_cli.reports.render.blocks import Block as Block
    from alliances_cli.reports.render.formats import Result as Result

#: The formats `Output.machine` writes.
MACHINE_FORMATS = ("json", "ndjson", "csv", "tsv", "yaml", "markdown")


@dataclass(frozen=True)
class Output:
    """A command's result. `blocks`: its report for people (None: the tables of the result
    under its title); `result`: its tables and JSON document."""

    result: Callable[[], Result]
    blocks: Callable[[], list[Block]] | None = None

    @property
    def has_report(self) -> bool:
        """Whether the result has a report of its own for people, beside its tables."""
        return self.blocks is not None

    def report(self) -> list[Block]:
        """The report for people: its own, or the result's tables under its title."""
        if self.blocks is not None:
            return self.blocks()
        return table_blocks(self.result())


def table_blocks(result: Result, table: str | None = None) -> list[Block]:
    """A result's tables (or the one named) under its title, as blocks of text."""
    from alliances_cli.reports.common import heading_text, result_tables

    return [heading_text(result.title), *result_tables(result, table)]


def plain(blocks: Sequence[Block]) -> str:
    """Blocks as plain, unwrapped lines (not a terminal, or a file)."""
    from alliances_cli.reports.render.blocks import render_plain

    return render_plain(blocks)


def rich(blocks: Sequence[Block]) -> list[object]:
    """Blocks as Rich renderables, for a terminal."""
    from alliances_cli.reports.render.blocks import to_rich

    return to_rich(blocks)


def markdown(blocks: Sequence[Block]) -> str:
    """Blocks as Markdown (tables as pipe tables)."""
    from alliances_cli.reports.render.markdown import render_markdown

    return render_markdown(blocks)


def machine(result: Result, fmt: str, table: str | None = None) -> list[str]:
    """The result in a machine format (`MACHINE_FORMATS`), in pieces to write in turn."""
    from alliances_cli.reports.render.formats import render

    return render(result, fmt, table)


def json_text(document: object) -> str:
    """A document as the JSON every command writes (two-space indents, a final newline)."""
    from alliances_cli.reports.render.formats import to_json

    return to_json(document)


def write(path: str, text: str | Sequence[str], *, inputs: Sequence[str] = ()) -> None:
    """Write `text` (whole, or pieces in turn) to `path` atomically: readers see the old file or
    the new one, never a part; a device or pipe is written directly. A path that is one of
    `inputs` is refused (`OutputError`)."""
    from alliances_cli.output import write_atomic

    write_atomic(path, text, inputs=inputs)


def printable(text: str) -> str:
    """User text made safe to print on one line: control and bidirectional-override
    characters shown as escapes."""
    from alliances_cli.reports.render.blocks import printable as escaped

    return escaped(text, keep_newlines=False)
