"""The environment a command runs in: its streams, what they are, and how to speak on them.

One object owns stdin, stdout and stderr, whether each is a terminal, colour, `--quiet` and
`--debug`, and is handed to every command (as httpie's `Environment` is), so `NO_COLOR`,
`--no-color`, `TERM=dumb` and a piped stdout are honoured in one place, and a test can run any
command in-process with streams of its own.
"""

from __future__ import annotations

import os
import sys
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import Console

#: Width given to Rich when stdout is not a terminal: wide enough that nothing wraps.
PIPE_WIDTH = 10_000


class Environment:
    """Streams (default: the process's) and what they are; a plain class, since the
    dataclasses module alone costs half a millisecond of every command's start."""

    def __init__(
        self,
        stdin: IO[str] | None = None,
        stdout: IO[str] | None = None,
        stderr: IO[str] | None = None,
        *,
        stdout_tty: bool = False,
        stderr_tty: bool = False,
        color: bool = False,
        quiet: bool = False,
        debug: bool = False,
    ) -> None:
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr
        self.stdout_tty = stdout_tty
        self.stderr_tty = stderr_tty
        self.color = color
        self.quiet = quiet
        self.debug = debug
        #: May an output replace one of the command's inputs (`--overwrite-input`)?
        self.overwrite_input = False
        #: The files the command has read, which its outputs must not replace.
        self.inputs: list[str] = []
        #: An actor file (`--actors`) to apply to the scenario read.
        self.actors_file: str | None = None
        #: The day to read dated scenarios as of (`--as-of`), as written.
        self.as_of: str | None = None
        #: How an edge list's ratings become stances (`--combine`, `--scale`,
        #: `--count-confidence`).
        self.combine: str | None = None
        self.scale: str | None = None
        self.count_confidence = False
        #: Page text longer than the terminal: when stdout and stdin are terminals (off with
        #: `--no-pager`).
        self.pager = False
        self._timer: Any = None
        self._waiting_shown = False

    def rows(self) -> int:
        """The terminal's height in lines."""
        import shutil

        return shutil.get_terminal_size().lines

    def width(self) -> int | None:
        """The terminal's width in columns, or None when stdout is not a terminal."""
        import shutil

        return shutil.get_terminal_size().columns if self.stdout_tty else None

    def memory(self) -> int | None:
        """Bytes a command may use: ALLIANCES_MEMORY_MB if set (a container's share), else
        what the system reports available (Linux); None if unknown."""
        raw = os.environ.get("ALLIANCES_MEMORY_MB", "").strip()
        if raw:
            try:
                return int(float(raw) * 1024 * 1024)
            except ValueError:
                return None
        try:
            with open("/proc/meminfo", encoding="ascii") as info:
                for line in info:
                    if line.startswith("MemAvailable:"):
                        return int(line.split()[1]) * 1024
        except (OSError, ValueError, IndexError):
            pass
        return None

    def protected(self) -> list[str]:
        """The paths an output may not replace."""
        return [] if self.overwrite_input else list(self.inputs)

    @classmethod
    def detect(cls) -> Environment:
        """The process's own streams, as they are."""
        stdout_tty = _isatty(sys.stdout)
        wants_color = not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
        env = cls(
            stdout_tty=stdout_tty,
            stderr_tty=_isatty(sys.stderr),
            color=wants_color and stdout_tty,
        )
        # A pager waits for keys: only when someone is at the keyboard too.
        env.pager = stdout_tty and _isatty(sys.stdin)
        return env

    def console(self) -> Console:
        """A Rich console for results: plain and unwrapped unless writing to a terminal."""
        from rich.console import Console

        on_tty = self.stdout_tty
        return Console(
            file=self.stdout,
            force_terminal=self.color and on_tty,
            no_color=not (self.color and on_tty),
            color_system="auto" if self.color and on_tty else None,
            width=None if on_tty else PIPE_WIDTH,
            highlight=False,
            emoji=False,
            markup=False,
            soft_wrap=not on_tty,
        )

    def write(self, text: str | Sequence[str]) -> None:
        """Results, as they are (whole, or pieces in turn), on stdout."""
        if isinstance(text, str):
            self.stdout.write(text)
        else:
            for piece in text:
                self.stdout.write(piece)
        self.stdout.flush()

    def message(self, text: str) -> None:
        """A message for the person, on stderr; silenced by --quiet."""
        self.settled()
        if not self.quiet:
            print(one_line(text), file=self.stderr)

    def error(self, text: str) -> None:
        """An error line on stderr; never silenced."""
        self.settled()
        print(one_line(text), file=self.stderr)

    def progress(self, text: str, *, done: bool) -> None:
        """A progress line at a terminal, redrawn in place, and erased when done."""
        print(f"\r\x1b[2K{'' if done else text}", end="", file=self.stderr, flush=True)

    def patience(self, text: str, after: float = 1.0) -> None:
        """Show `text` as a progress line at a terminal if the work outlasts `after` seconds,
        so that a long search is not taken for a hang; `settled` erases it."""
        if not self.stderr_tty or self.quiet:
            return
        import threading

        def show() -> None:
            self._waiting_shown = True
            self.progress(text, done=False)

        self._timer = threading.Timer(after, show)
        self._timer.daemon = True
        self._timer.start()

    def settled(self) -> None:
        """The work is done: stop waiting, and erase the line if it was shown."""
        timer, self._timer = self._timer, None
        if timer is None:
            return
        timer.cancel()
        timer.join()
        if self._waiting_shown:
            self._waiting_shown = False
            self.progress("", done=True)


def one_line(text: str) -> str:
    """Messages quote user text and file names: escape what could forge lines or move the cursor."""
    if text.isprintable():
        return text
    from alliances_cli.api.output import printable

    return printable(text)


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
