"""The errors every layer may raise and the CLI turns into exit code 1 (cheap to import).

They live with the scenario, the lowest layer, so that every layer above can raise them."""

from __future__ import annotations

from alliances_cli.scenario.positions import Pos, Problem


class ScenarioError(Exception):
    """A scenario could not be read; holds every problem found, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems

    @classmethod
    def one(cls, file: str, message: str) -> ScenarioError:
        """A single problem with the file as a whole (no line to point at)."""
        return cls([Problem(file, None, message)])


class EventError(Exception):
    """An event or operation that cannot apply; says which and why."""

    def __init__(self, message: str, pos: Pos | None = None, file: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos
        self.file = file

    def __str__(self) -> str:
        if self.file and self.pos:
            return f"{self.file}:{self.pos.line}:{self.pos.col}: {self.message}"
        if self.file:
            return f"{self.file}: {self.message}"
        return self.message


class UnknownId(LookupError):
    """An actor or theater id the scenario does not have; the message suggests the nearest.

    `kind` is "actor" or "theater": the command line names the option it came from.
    """

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
