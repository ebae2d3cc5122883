"""The application shell (cli/app.py, cli/executor.py): pure pieces in-process, usage
errors in a real process."""

from __future__ import annotations

import pytest
from conftest import invoke, run_process

from alliances_cli import exitcodes
from alliances_cli.cli.app import globals_first
from alliances_cli.cli.executor import cores


def test_global_options_typed_after_the_command_move_before_it() -> None:
    assert globals_first(["show", "x.yaml", "-q", "--as-of", "2016", "--actors=a.csv"]) == [
        "-q",
        "--as-of",
        "2016",
        "--actors=a.csv",
        "show",
        "x.yaml",
    ]
    # Nothing after `--` moves: it may be a file named like an option.
    assert globals_first(["show", "--", "-q"]) == ["show", "--", "-q"]


def test_one_run_after_another_in_one_process_gives_the_same_answer() -> None:
    # The Click command is built once and reused: nothing of one line leaks into the next.
    first = invoke("show", "--theater", "mosul", "-f", "json")
    bad = invoke("show", "--as-off", "2016")
    again = invoke("show", "--theater", "mosul", "-f", "json")
    assert first.returncode == again.returncode == exitcodes.OK
    assert first.stdout == again.stdout
    assert bad.returncode == exitcodes.USAGE and "No such option: --as-off" in bad.stderr


def test_the_default_number_of_workers_is_the_cores_this_process_may_use() -> None:
    assert cores() >= 1


@pytest.mark.parametrize(
    "args",
    [
        ["show", "--theater", "\u202eevil"],
        ["robust", "--actor", "\u202eevil"],
        ["timeline", "--theater", "\u202eevil"],
        ["show", "--\u202eevil"],
    ],
    ids=["show-theater", "robust-actor", "timeline-theater", "unknown-option"],
)
def test_usage_errors_escape_what_was_typed(args: list[str]) -> None:
    # A right-to-left override echoed raw makes a line read otherwise (issue 34, item 3).
    done = run_process(*args)
    assert done.returncode == 2
    assert "\u202e" not in done.stderr and "\\u202eevil" in done.stderr
