"""Positions in input files and the problems found there (no dependencies: cheap to import)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Pos:
    """A 1-based line and column in a file."""

    line: int
    col: int


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, at a position where there is one."""

    file: str
    pos: Pos | None
    message: str

    def __str__(self) -> str:
        if self.pos is None:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.pos.line}:{self.pos.col}: {self.message}"
