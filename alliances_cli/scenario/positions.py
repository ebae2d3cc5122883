"""Positions in input files and the problems found there (no dependencies: cheap to import)."""

from __future__ import annotations

from alliances_cli.scenario.record import record


@record(order=True)
class Pos:
    """A 1-based line and column in a file."""

    line: int
    col: int


@record()
class Problem:
    """One thing wrong with an input file, at a position where there is one."""

    file: str
    pos: Pos | None
    message: str

    def __str__(self) -> str:
        if self.pos is None:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.pos.line}:{self.pos.col}: {self.message}"


#: Longer text is cut where a message repeats it: the position says where the rest is.
SHOWN_CHARS = 60


def quoted(text: str) -> str:
    """User text as a message quotes it: in quotes, cut at SHOWN_CHARS characters."""
    return f"'{text}'" if len(text) <= SHOWN_CHARS else f"'{text[:SHOWN_CHARS]}…'"
