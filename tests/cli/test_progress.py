"""Progress at a terminal, on stderr, erased when done; nothing of it in a pipe."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from conftest import alliances_command
from shell import Terminal, dense_network, many_events_scenario


def _with_stderr_at_a_terminal(argv: list[str]) -> tuple[str, str]:
    """Run with stderr on a pseudo-terminal and stdout piped: (stdout, what the terminal shows)."""
    terminal = Terminal()
    try:
        at_terminal = subprocess.run(
            argv, stdout=subprocess.PIPE, stderr=terminal.follower, check=True, timeout=120
        )
    finally:
        shown = terminal.shown()
    return at_terminal.stdout.decode(), shown


def test_sweep_progress_goes_to_a_terminal_on_stderr_and_stdout_keeps_only_the_result(
    tmp_path: Path,
) -> None:
    scenario = tmp_path / "big.yaml"
    scenario.write_text(many_events_scenario(events=7), encoding="utf-8")
    argv = [alliances_command(), "sweep", str(scenario), "-f", "json", "-j", "2"]
    piped = subprocess.run(argv, capture_output=True, text=True, check=True)
    assert piped.stderr == ""  # no progress into a pipe or file
    stdout, shown = _with_stderr_at_a_terminal(argv)
    assert stdout == piped.stdout
    steps = [int(p) for p in re.findall(r"sweep: (\d+)%", shown)]
    assert steps == sorted(steps) and steps[-1] >= 90 and len(steps) > 10
    assert shown.endswith("\r\x1b[2K")  # erased when done: nothing is left on the screen


def test_robust_progress_goes_to_a_terminal_and_is_erased() -> None:
    argv = [alliances_command(), "robust", "-s", "400", "-j", "2", "-f", "json"]
    piped = subprocess.run(argv, capture_output=True, text=True, check=True)
    assert piped.stderr == ""
    stdout, shown = _with_stderr_at_a_terminal(argv)
    assert stdout == piped.stdout
    steps = [int(p) for p in re.findall(r"robust: (\d+)%", shown)]
    assert steps == sorted(steps) and steps[-1] >= 90
    assert shown.endswith("\r\x1b[2K")


@pytest.mark.parametrize("command", [["show"], ["whatif", "exclude:a0@all"]])
def test_a_large_analysis_is_announced_at_a_terminal_only(
    tmp_path: Path, command: list[str]
) -> None:
    edges = tmp_path / "large.csv"  # a ring of 2,500 allies, each tied to the next two
    rows = [f"a{i},a{(i + step) % 2_500},1" for i in range(2_500) for step in (1, 2)]
    edges.write_text("source,target,sign\n" + "\n".join(rows) + "\n", encoding="utf-8")
    argv = [alliances_command(), command[0], str(edges), *command[1:], "-f", "json"]
    piped = subprocess.run(argv, capture_output=True, text=True, check=True)
    assert piped.stderr == ""
    stdout, shown = _with_stderr_at_a_terminal(argv)
    assert stdout == piped.stdout
    assert shown.strip() == "alliances: analysing 2,500 actors and 5,000 ties..."
    if command == ["show"]:  # --quiet is the shell's, the same for every command
        quiet = _with_stderr_at_a_terminal([*argv[:1], "--quiet", *argv[1:]])
        assert quiet == (piped.stdout, "")


def test_a_search_that_outlasts_a_second_says_so_at_a_terminal_then_erases_it(
    tmp_path: Path,
) -> None:
    path = dense_network(tmp_path, 40, 378, 2)
    argv = [alliances_command(), "show", str(path), "-f", "json", "--time-limit", "2"]
    stdout, shown = _with_stderr_at_a_terminal(argv)
    assert json.loads(stdout)["theaters"][0]["frustration"] > 0
    assert "alliances: looking for the best camps (40 actors, 378 ties)..." in shown
    assert shown.endswith("\r\x1b[2K")
    piped = subprocess.run(argv, capture_output=True, text=True, check=True)
    assert piped.stderr == ""


def test_import_events_counts_what_it_read_at_a_terminal_and_erases_it(tmp_path: Path) -> None:
    events = tmp_path / "events.csv"
    rows = [f"2016-01-{1 + i % 28:02d},a{i % 7},a{(i + 1) % 7},{1 + i % 5}" for i in range(250_000)]
    events.write_text("date,source,target,score\n" + "\n".join(rows) + "\n", encoding="utf-8")
    argv = [alliances_command(), "import-events", str(events)]
    piped = subprocess.run(argv, capture_output=True, text=True, check=True)
    assert "events read" in piped.stderr and "\r" not in piped.stderr  # no progress in a pipe
    stdout, shown = _with_stderr_at_a_terminal(argv)
    assert stdout == piped.stdout
    assert re.findall(r"import-events: ([\d,]+) events read", shown) == ["100,000", "200,000"]
    # Erased before the summary, which stays.
    assert shown.endswith(
        "\r\x1b[2K250,000 events read, 250,000 used: 7 ties among 7 actors, as of 2016-01-28\r\n"
    )


def test_a_short_but_slow_run_shows_progress_once_a_second_has_passed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Under 50 steps progress stayed silent, though 20 robust samples of a 40-actor view
    take 10 s: now it shows once a second has passed; a quick short run still shows none."""
    import time

    from alliances_cli.cli.executor import progress_printer

    shown: list[tuple[str, bool]] = []

    class Screen:
        stderr_tty, quiet = True, False

        def progress(self, text: str, *, done: bool) -> None:
            shown.append((text, done))

    now = [100.0]
    monkeypatch.setattr(time, "monotonic", lambda: now[0])
    show = progress_printer(Screen(), "robust")  # type: ignore[arg-type]
    assert show is not None
    show(1, 20)
    assert shown == []
    now[0] += 1.5
    show(2, 20)
    show(20, 20)
    assert shown == [("robust: 10%", False), ("robust: 100%", True)]
