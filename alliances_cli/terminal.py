"""What the process is talking to: which streams are terminals, whether colour is wanted.

One object decides this for every command, so `NO_COLOR`, `--no-color`, `TERM=dumb` and a
piped stdout are honoured in one place.
"""

from __future__ import annotations

import os
import sys
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

#: Width given to Rich when stdout is not a terminal: wide enough that nothing wraps.
PIPE_WIDTH = 10_000


class Terminal:
    def __init__(
        self,
        stdout_tty: bool,
        stderr_tty: bool,
        color: bool,
        quiet: bool = False,
        debug: bool = False,
    ) -> None:
        self.stdout_tty = stdout_tty
        self.stderr_tty = stderr_tty
        self.color = color
        self.quiet = quiet
        self.debug = debug

    @classmethod
    def detect(
        cls, *, no_color: bool = False, quiet: bool = False, debug: bool = False
    ) -> Terminal:
        stdout_tty = _isatty(sys.stdout)
        wants_color = not no_color and not os.environ.get("NO_COLOR")
        wants_color = wants_color and os.environ.get("TERM") != "dumb"
        return cls(stdout_tty, _isatty(sys.stderr), wants_color and stdout_tty, quiet, debug)

    def console(self, file: IO[str] | None = None, *, tty: bool | None = None) -> Console:
        """A Rich console for results: plain and unwrapped unless writing to a terminal."""
        from rich.console import Console

        on_tty = self.stdout_tty if tty is None else tty
        return Console(
            file=file or sys.stdout,
            force_terminal=self.color and on_tty,
            no_color=not (self.color and on_tty),
            color_system="auto" if self.color and on_tty else None,
            width=None if on_tty else PIPE_WIDTH,
            highlight=False,
            emoji=False,
            markup=False,
            soft_wrap=not on_tty,
        )

    def message(self, text: str) -> None:
        """A message for the person, on stderr; silenced by --quiet."""
        if not self.quiet:
            print(one_line(text), file=sys.stderr)

    def error(self, text: str) -> None:
        """An error line on stderr; never silenced."""
        print(one_line(text), file=sys.stderr)


def one_line(text: str) -> str:
    """Messages quote user text and file names: escape what could forge lines or move the cursor."""
    if text.isprintable():
        return text
    from alliances_cli.report.blocks import printable

    return printable(text, keep_newlines=False)


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
