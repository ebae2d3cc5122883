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
