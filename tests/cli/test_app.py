"""The application shell (cli/app.py, cli/executor.py): pure pieces, tested in-process."""

from __future__ import annotations

from conftest import invoke

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
