"""The application shell (cli/app.py, cli/executor.py): pure pieces in-process, usage
errors in a real process."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ONE_EVENT_CANNOT_APPLY, ROOT, invoke, run, run_process

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


def test_a_global_option_misspelt_after_the_command_gets_the_suggestion_it_gets_before() -> None:
    after = run("show", "--as-off", "2020")
    before = run("--as-off", "2020", "show")
    assert after.returncode == before.returncode == 2
    assert "No such option: --as-off (Possible options: --as-of)" in after.stderr
    assert "(Possible options: --as-of)" in before.stderr
    assert "Possible options" not in run("show", "--bogus").stderr  # nothing unrelated


def test_an_as_of_past_everything_the_scenario_dates_is_said() -> None:
    ukraine = str(ROOT / "docs" / "examples" / "ukraine-2014-2022.yaml")
    late = run("show", ukraine, "--as-of", "2061")
    assert late.returncode == 0
    assert late.stderr == (
        "alliances: --as-of 2061 is after the last date the scenario names (2022-08-01); "
        "it reads the state from then on\n"
    )
    assert run("show", ukraine, "--as-of", "2016").stderr == ""


def test_a_missing_file_is_answered_with_the_file_beside_it_whose_name_is_close(
    tmp_path: Path,
) -> None:
    (tmp_path / "libya-2020.yaml").write_text("id: x\n", encoding="utf-8")
    typo = tmp_path / "libya2020.yaml"
    missing = run("show", str(typo))
    assert missing.returncode == 1
    assert missing.stderr == (
        f"{typo}: no such file; did you mean '{tmp_path / 'libya-2020.yaml'}'?\n"
    )
    far = run("show", str(tmp_path / "karabakh.yaml"))
    assert "did you mean" not in far.stderr


def test_validate_tries_every_named_event_as_whatif_would(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(
        ONE_EVENT_CANNOT_APPLY,
        encoding="utf-8",
    )
    checked = run("validate", str(path))
    refused = run("whatif", str(path), "c-leaves")
    assert checked.returncode == refused.returncode == 1
    assert checked.stdout == refused.stderr  # the same line, placed on the step
    assert checked.stdout.startswith(f"{path}:8:10: event 'c-leaves': 'c' is not engaged in 't'")
    assert run("whatif", str(path), "nudge").returncode == 0


def test_a_dated_scenarios_events_are_tried_on_each_day_it_names(tmp_path: Path) -> None:
    path = tmp_path / "dated.yaml"
    path.write_text(
        "id: d\ntitle: d\nactors: [{id: a}, {id: b}]\n"
        "theaters: [{id: t, actors: [a, b]}]\n"
        "ties:\n"
        "  - {between: [a, b], stance: ally, until: 2016-06}\n"
        "events:\n"
        "  - id: cool\n"
        "    do: [{shift: [a, b], by: -0.5}]\n",
        encoding="utf-8",
    )
    # Read as of its latest date, 2016-06, the tie has ended: whatif refuses the event there.
    checked = run("validate", str(path))
    assert checked.returncode == 1 == run("whatif", str(path), "cool").returncode
    assert "no tie between 'a' and 'b'" in checked.stdout
    assert checked.stdout.rstrip().endswith("(as of 2016-06-01)")
    assert run("whatif", str(path), "cool", "--as-of", "2016-01").returncode == 0


LONG = "x" * 300


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["whatif", f"set:{LONG}:us=0.5"], 1),
        (["whatif", f"shift:us:iran={LONG}"], 1),
        (["show", "--theater", LONG], 2),
        (["robust", "--actor", LONG, "-s", "1"], 2),
        (["levers", "--move", LONG, "-t", "aleppo"], 2),
        (["sweep", "--executor", "dask", "--scheduler", LONG], 2),
    ],
    ids=["inline-actor", "inline-number", "theater", "actor", "levers", "scheduler"],
)
def test_long_values_are_quoted_cut_as_scenario_messages_cut_them(
    args: list[str], code: int
) -> None:
    """What a user typed is echoed up to 60 characters, then '…', wherever it is quoted
    (issue 34, item 7): a message stays one readable line."""
    done = run(*args)
    assert done.returncode == code
    assert "x" * 61 not in done.stderr and "x" * 60 + "…" in done.stderr
