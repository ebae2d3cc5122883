"""The installed `alliances` command, run in real subprocesses and pipes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from conftest import BROKEN, BUNDLED, alliances_command, run, run_process

ANSI = re.compile(r"\x1b\[")
POSITIONED = re.compile(r"^[^:]+:\d+:\d+: \S")


def test_version_from_the_script_and_the_module() -> None:
    from alliances_cli import __version__

    assert run("--version").stdout == f"alliances {__version__}\n"
    module = subprocess.run(
        [sys.executable, "-m", "alliances_cli", "--version"], capture_output=True, text=True
    )
    assert module.stdout == f"alliances {__version__}\n"


def test_help_documents_the_exit_codes() -> None:
    result = run("--help")
    assert result.returncode == 0
    for code in ("0:", "1:", "2:", "3:", "70:", "130:"):
        assert code in result.stdout


def test_show_without_a_file_uses_the_bundled_scenario_from_any_directory(tmp_path: Path) -> None:
    result = run("show", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Coalitions" in result.stdout and "Stress points" in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize("env", [{}, {"NO_COLOR": "1"}, {"TERM": "dumb"}])
def test_piped_text_has_no_escape_codes_or_trailing_blanks(env: dict[str, str]) -> None:
    result = run("show", env=env)
    assert result.returncode == 0
    assert not ANSI.search(result.stdout)
    assert all(line == line.rstrip() for line in result.stdout.splitlines())


def test_json_output_follows_the_documented_shape() -> None:
    result = run("show", "--format", "json")
    assert result.returncode == 0 and result.stderr == ""
    data = json.loads(result.stdout)
    assert data["schema"] == "alliances/show/2"
    assert data["scenario"]["id"] == "mosul-aleppo-2016"
    for view in [*data["theaters"], data["overall"]]:
        assert {"coalitions", "unaligned", "frustration", "optimal"} <= set(view)
        for camp in view["coalitions"]:
            assert camp["members"] and all(isinstance(m, str) for m in camp["members"])
    assert [t["id"] for t in data["theaters"]] == ["mosul", "aleppo"]
    assert "id" not in data["overall"]
    for stress in data["stress"]:
        assert {"kind", "actors", "theaters", "severity", "summary", "evidence"} <= set(stress)
        for facet in stress["facets"]:
            assert {"kind", "actors", "summary", "evidence"} <= set(facet)
    assert len(data["stress"]) == data["stress_total"]
    assert data["overall_rule"] == "consensus"
    assert {"count", "exact", "unique", "swing", "swing_pairs"} <= set(data["overall"]["optima"])


def test_same_input_gives_byte_identical_output() -> None:
    # Separate processes: each hashes strings with its own seed.
    for args in (("show", "--format", "json"), ("show",)):
        assert run_process(*args).stdout == run_process(*args).stdout


def test_top_limits_the_stress_list() -> None:
    data = json.loads(run("show", "--format", "json", "--top", "3").stdout)
    assert len(data["stress"]) == 3 and data["stress_total"] > 3


def test_closed_pipe_ends_quietly() -> None:
    result = subprocess.run(
        f"'{alliances_command()}' show --format json | head -1",
        shell=True,
        capture_output=True,
        text=True,
        executable="/bin/bash",
    )
    assert result.stdout == "{\n"
    assert result.stderr == ""


def test_stdin_is_read_with_a_dash() -> None:
    result = run("show", "-", "--format", "json", input=BUNDLED.read_text(encoding="utf-8"))
    assert result.returncode == 0
    assert json.loads(result.stdout)["scenario"]["id"] == "mosul-aleppo-2016"


def test_output_file_gets_the_same_result(tmp_path: Path) -> None:
    target = tmp_path / "show.json"
    result = run("show", "--format", "json", "-o", str(target))
    assert result.returncode == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8") == run("show", "--format", "json").stdout
    assert [p.name for p in tmp_path.iterdir()] == ["show.json"]


def test_validate_accepts_the_bundled_scenario() -> None:
    result = run("validate", str(BUNDLED))
    assert result.returncode == 0
    assert result.stdout.startswith(f"{BUNDLED}: valid (9 actors, 2 theaters")


def test_validate_reports_every_problem_of_every_file_in_one_run_and_exits_1() -> None:
    files = sorted(BROKEN.glob("*.yaml"))
    result = run("validate", str(BUNDLED), *map(str, files))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{BUNDLED}: valid")
    expected = [
        f"{path}:{line.removeprefix('# expect: ')}"
        for path in files
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("# expect: ")
    ]
    assert lines[1:] == expected
    assert result.stderr == f"{len(files)} of {len(files) + 1} file(s) invalid\n"


def test_show_on_a_broken_file_prints_positions_on_stderr_and_exits_1() -> None:
    broken = BROKEN / "unknown-references.yaml"
    result = run("show", str(broken))
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines and all(POSITIONED.match(line) for line in lines)
    assert "did you mean 'turkey'?" in result.stderr


@pytest.mark.parametrize(
    "args",
    [(), ("show", "--no-such-option"), ("show", "--top", "-1"), ("show", "--theater", "mosl")],
)
def test_usage_errors_exit_2_without_traceback(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_missing_file_exits_1_with_one_line() -> None:
    result = run("show", "no-such-scenario.yaml")
    assert result.returncode == 1
    assert result.stderr == (
        "no-such-scenario.yaml: no such file; check the path (or run 'alliances scenarios')\n"
    )


MARKUP = """
id: markup
title: "[bold]Not markup[/bold]"
actors:
  - {id: a, name: "[red]Alpha[/red] of a very long name that a terminal would wrap somewhere"}
  - {id: b, name: "Беларусь [b]"}
theaters: [{id: t, actors: [a, b]}]
ties: [{between: [a, b], stance: enemy}]
"""


def test_user_text_is_printed_literally_and_never_cut_when_piped() -> None:
    result = run("show", "-", input=MARKUP)
    assert result.returncode == 0, result.stderr
    assert "[bold]Not markup[/bold]" in result.stdout
    assert "[red]Alpha[/red] of a very long name that a terminal would wrap somewhere" in (
        result.stdout
    )
    assert "Беларусь [b]" in result.stdout


def test_scenarios_lists_the_bundled_scenario() -> None:
    text = run("scenarios")
    assert text.returncode == 0 and "mosul-aleppo-2016" in text.stdout
    data = json.loads(run("scenarios", "--format", "json").stdout)
    assert [s["name"] for s in data["scenarios"]] == ["mosul-aleppo-2016"]


def test_schema_is_a_valid_json_schema_that_accepts_a_minimal_scenario() -> None:
    schema = json.loads(run("schema").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(
        {
            "id": "x",
            "title": "t",
            "actors": [{"id": "a"}],
            "theaters": [{"id": "m", "actors": ["a"]}],
        },
        schema,
    )


def test_no_traceback_even_for_a_hostile_file(tmp_path: Path) -> None:
    hostile = tmp_path / "laughs.yaml"
    rows = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    rows += [f"a{i}: &a{i} [{', '.join(['*a' + str(i - 1)] * 9)}]" for i in range(1, 10)]
    hostile.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run("validate", str(hostile))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "aliases" in result.stdout


def test_input_file_is_never_modified(tmp_path: Path) -> None:
    copy = tmp_path / "copy.yaml"
    copy.write_bytes(BUNDLED.read_bytes())
    before = copy.read_bytes(), os.stat(copy).st_mtime_ns
    for args in (("show", str(copy)), ("validate", str(copy)), ("show", str(copy), "-f", "json")):
        assert run(*args).returncode == 0
    assert (copy.read_bytes(), os.stat(copy).st_mtime_ns) == before


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["-q", "--no-color", "events"], "Events"),  # global flags before the command
        (["shwo"], "Did you mean 'show'?"),  # every command is known for suggestions
        (["--help"], "sweep"),  # and listed in the help
    ],
)
def test_commands_are_found_whatever_precedes_them(args: list[str], expected: str) -> None:
    result = run(*args)
    assert expected in result.stdout + result.stderr


def test_global_options_also_work_after_the_command() -> None:
    quiet = run("whatif", "mosul-aleppo-2016", "turkey-exclusion", "-f", "json", "-q")
    assert quiet.returncode == 0 and quiet.stderr == ""
    assert run("show", "--no-color", "--debug").returncode == 0


def test_whatif_and_graph_take_events_first_with_the_bundled_scenario() -> None:
    named = run("whatif", "turkey-exclusion", "-f", "json")
    explicit = run("whatif", "mosul-aleppo-2016", "turkey-exclusion", "-f", "json")
    assert named.returncode == 0 and named.stdout == explicit.stdout
    assert run("whatif", "shift:us:iran=+0.3", "-f", "json").returncode == 0
    exported = run("graph", "turkey-exclusion", "-f", "dot")
    assert exported.returncode == 0 and exported.stdout.startswith("graph ")


def test_a_word_that_is_no_file_gets_a_hint() -> None:
    event = run("show", "turkey-exclusion")
    assert event.returncode == 1
    assert event.stderr == (
        "turkey-exclusion: no such file; 'turkey-exclusion' is an event: name the scenario "
        "first (alliances whatif mosul-aleppo-2016 turkey-exclusion)\n"
    )
    close = run("actors", "mosul-alepo-2016")
    assert close.stderr == "mosul-alepo-2016: no such file; did you mean 'mosul-aleppo-2016'?\n"


def test_save_dash_is_stdout_and_may_not_share_it_with_the_result(tmp_path: Path) -> None:
    result = tmp_path / "result.json"
    saved = run("whatif", "turkey-exclusion", "--save", "-", "-o", str(result))
    assert saved.returncode == 0, saved.stderr
    assert saved.stdout.startswith("# Saved by 'alliances whatif' after: turkey-exclusion\n")
    assert json.loads(result.read_text())["schema"] == "alliances/whatif/2"
    clash = run("whatif", "turkey-exclusion", "--save", "-")
    assert clash.returncode == 2 and clash.stdout == ""


def test_did_you_mean_finds_ids_across_case_and_display_names() -> None:
    assert "unknown actor 'US'; did you mean 'us'?" in run("whatif", "exclude:US").stderr
    named = run("ties", "--actor", "United States").stderr
    assert "did you mean 'us' (United States)?" in named
    assert "did you mean 'iran'?" in run("whatif", "shift:us:Iran=0.1").stderr
