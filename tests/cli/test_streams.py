"""Streams and terminals: no escape codes in a pipe, colour at a terminal, quiet, closed
pipes, widths, the pager, completion."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from conftest import alliances_command, run
from shell import COMMANDS, Terminal

ANSI = re.compile(r"\x1b\[")


def _at_a_terminal(argv: list[str], columns: int, rows: int, env: dict[str, str]) -> str:
    """Run with stdin and stdout on a pseudo-terminal of the given size: what it shows."""
    terminal = Terminal(columns, rows)
    full = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    full.update({"COLUMNS": str(columns), "LINES": str(rows), **env})
    try:
        done = subprocess.run(
            argv,
            stdin=terminal.follower,
            stdout=terminal.follower,
            stderr=subprocess.PIPE,
            env=full,
            timeout=60,
            check=False,
        )
    finally:
        shown = terminal.shown()
    assert done.returncode == 0, done.stderr
    return re.sub(r"\x1b\[[0-9;]*m", "", shown)


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("fmt", ["text", "json", "ndjson", "csv", "tsv", "yaml", "markdown"])
def test_piped_output_has_no_escape_codes(command: str, fmt: str) -> None:
    result = run(*COMMANDS[command], "--format", fmt)
    assert result.returncode == 0, result.stderr
    assert result.stdout and not ANSI.search(result.stdout)
    if fmt == "markdown":
        assert result.stdout.startswith("# ")


def test_no_colour_even_when_forced_terminal_is_refused_by_no_color(tmp_path: Path) -> None:
    script = tmp_path / "capture.txt"
    # `script` gives the command a real terminal; NO_COLOR and --no-color must still win.
    for env, args in (({"NO_COLOR": "1"}, []), ({}, ["--no-color"])):
        command = " ".join([alliances_command(), *args, "show", "--top", "1"])
        done = subprocess.run(
            ["script", "-qec", command, str(script)],
            capture_output=True,
            text=True,
            env={**os.environ, **env, "TERM": "xterm-256color", "PAGER": "cat"},
        )
        if done.returncode != 0 and "script" in done.stderr:
            pytest.skip("no `script` to make a terminal")
        assert not ANSI.search(script.read_text(encoding="utf-8", errors="replace"))


def test_a_terminal_gets_colour(tmp_path: Path) -> None:
    capture = tmp_path / "capture.txt"
    done = subprocess.run(
        ["script", "-qec", f"{alliances_command()} show --top 1", str(capture)],
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "NO_COLOR"}
        | {"TERM": "xterm-256color", "PAGER": "cat"},
    )
    if done.returncode != 0:
        pytest.skip("no `script` to make a terminal")
    assert ANSI.search(capture.read_text(encoding="utf-8", errors="replace"))


def test_quiet_keeps_results_and_drops_messages(tmp_path: Path) -> None:
    target = tmp_path / "saved.yaml"
    loud = run(
        "whatif", "mosul-aleppo-2016", "turkey-exclusion", "--save", str(target), "-f", "json"
    )
    quiet = run(
        "-q", "whatif", "mosul-aleppo-2016", "turkey-exclusion", "--save", str(target), "-f", "json"
    )
    assert "saved the resulting scenario" in loud.stderr
    assert quiet.stderr == ""
    assert quiet.stdout == loud.stdout


@pytest.mark.parametrize("fmt", ["ndjson", "csv", "text"])
def test_closed_pipe_ends_quietly_with_success(fmt: str) -> None:
    done = subprocess.run(
        f"set -o pipefail; '{alliances_command()}' ties --format {fmt} | head -1",
        shell=True,
        capture_output=True,
        text=True,
        executable="/bin/bash",
    )
    assert done.returncode == 0
    assert done.stderr == ""
    assert len(done.stdout.splitlines()) == 1


def test_long_names_are_never_cut_when_piped() -> None:
    name = "The Extremely Long Official Name of a Coalition Member " * 4
    text = (
        "id: long\ntitle: long\n"
        f"actors: [{{id: a, name: '{name.strip()}'}}, {{id: b}}]\n"
        "theaters: [{id: t, actors: [a, b]}]\n"
        "ties: [{between: [a, b], stance: ally}]\n"
    )
    for command in (["show", "-"], ["actors", "-"]):
        result = run(*command, input=text)
        assert name.strip() in result.stdout


@pytest.mark.parametrize(
    ("words", "cword", "expected"),
    [
        ("alliances whatif mosul-aleppo-2016 tur", "3", ["turkey-exclusion", "turkey-joins-mosul"]),
        ("alliances whatif mosul-aleppo-2016 exclude:tu", "3", ["exclude:turkey"]),
        ("alliances whatif mosul-aleppo-2016 exclude:turkey@m", "3", ["exclude:turkey@mosul"]),
        ("alliances show --theater a", "3", ["aleppo"]),
        ("alliances ties --actor ir", "3", ["iran", "iraq"]),
    ],
)
def test_bash_completion_offers_the_scenarios_names(
    words: str, cword: str, expected: list[str]
) -> None:
    result = run(
        env={"_ALLIANCES_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": cword}
    )
    assert result.returncode == 0
    assert sorted(result.stdout.split()) == sorted(expected)


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize(
    ("command", "typed"),
    [
        (["scenarios"], ["mosul-aleppo-2016"]),
        (["events"], ["turkey-exclusion", "nusra-leaves-aleppo", "turkey-joins-mosul"]),
        (["ties", "--actor", "turkey"], ["turkey", "nusra", "aleppo"]),
        (["actors"], ["turkey", "nusra"]),
    ],
    ids=lambda v: v[0] if isinstance(v, list) else str(v),
)
def test_values_to_type_are_never_cut_at_a_terminal(
    command: list[str], typed: list[str], columns: int
) -> None:
    shown = _at_a_terminal([alliances_command(), *command], columns, 40, {"PAGER": "cat"})
    words = set(re.findall(r"[\w.-]+…?", shown))
    assert set(typed) <= words, shown
    cut = [w for w in words if w.endswith("…") and any(t.startswith(w[:-1]) for t in typed)]
    assert cut == [], shown


def test_long_text_at_a_terminal_goes_through_the_pager(tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    pager = {"PAGER": f"cat > {paged}"}
    shown = _at_a_terminal([alliances_command(), "show"], 80, 24, pager)
    assert "Coalitions" in paged.read_text() and "Coalitions" not in shown
    paged.unlink()
    direct = _at_a_terminal([alliances_command(), "show", "--no-pager"], 80, 24, pager)
    assert "Coalitions" in direct and not paged.exists()
    short = _at_a_terminal([alliances_command(), "scenarios"], 80, 24, pager)
    assert "mosul-aleppo-2016" in short and not paged.exists()  # it fits: no pager


@pytest.mark.parametrize("columns", [80, 120])
def test_show_fits_the_terminal_width_and_keeps_every_stress_point_whole(columns: int) -> None:
    shown = _at_a_terminal([alliances_command(), "show", "--no-pager"], columns, 40, {})
    lines = shown.replace("\r", "").splitlines()
    assert max(len(line) for line in lines) <= columns
    flat = " ".join(shown.split())
    for stress in json.loads(run("show", "-f", "json").stdout)["stress"]:
        # Narrow: kind, summary and evidence run as one wrapped paragraph; wide: columns.
        paragraph = f"{stress['kind']}: {stress['summary']}"
        assert (paragraph in flat) == (columns < 100)
        assert " ".join(stress["summary"].split()[:4]) in flat
