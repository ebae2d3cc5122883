"""The Environment owns the streams and what they are: colour, width, quiet, memory."""

from __future__ import annotations

import io
import sys

import pytest

from alliances_cli.cli.env import PIPE_WIDTH, Environment, one_line


def _detected(monkeypatch: pytest.MonkeyPatch, tty: bool, **environ: str) -> Environment:
    for name in ("NO_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    stream = io.StringIO()
    stream.isatty = lambda: tty  # type: ignore[method-assign]
    for name in ("stdin", "stdout", "stderr"):
        monkeypatch.setattr(sys, name, stream)
    return Environment.detect()


def test_colour_only_at_a_terminal_and_never_with_no_color_or_a_dumb_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert _detected(monkeypatch, tty=True).color
    assert _detected(monkeypatch, tty=True).pager
    assert not _detected(monkeypatch, tty=False).color
    assert not _detected(monkeypatch, tty=True, NO_COLOR="1").color
    assert not _detected(monkeypatch, tty=True, TERM="dumb").color


def test_a_pipe_gets_plain_unwrapped_text() -> None:
    out = io.StringIO()
    console = Environment(stdout=out).console()
    assert console.width == PIPE_WIDTH and console.no_color
    console.print("[bold]x[/bold] " + "y" * 300)  # markup is not read: user text is text
    assert out.getvalue() == "[bold]x[/bold] " + "y" * 300 + "\n"


def test_quiet_silences_messages_but_not_errors_and_both_stay_one_line() -> None:
    err = io.StringIO()
    env = Environment(stderr=err, quiet=True)
    env.message("hidden")
    env.error("bad\nforged line\x1b[2J")
    assert err.getvalue().count("\n") == 1 and "hidden" not in err.getvalue()
    assert "\x1b" not in err.getvalue() and "forged line" in err.getvalue()
    assert one_line("plain text") == "plain text"


def test_the_memory_share_can_be_set_and_a_bad_setting_means_unknown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ALLIANCES_MEMORY_MB", "512")
    assert Environment().memory() == 512 * 1024 * 1024
    monkeypatch.setenv("ALLIANCES_MEMORY_MB", "lots")
    assert Environment().memory() is None


def test_inputs_are_protected_unless_overwriting_them_was_asked_for() -> None:
    env = Environment()
    env.inputs.append("scenario.yaml")
    assert env.protected() == ["scenario.yaml"]
    env.overwrite_input = True
    assert env.protected() == []
