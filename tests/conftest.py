"""Shared helpers: the bundled scenario, and running the installed `alliances` command."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from alliances_cli.cli import Environment
from alliances_cli.cli import run as cli_run

# In CI (`CI` set, as .ci/run is run) the property tests draw the same examples every run: a
# red CI means a change broke something, never an unlucky draw, and the suite's time is the
# same each run. At a desk they draw new examples each run, and keep what fails in
# .hypothesis/ to replay it (one such draw found the compiled and Python searches apart).
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "scenarios" / "mosul-aleppo-2016.yaml"
BROKEN = Path(__file__).resolve().parent / "broken"
#: What every error line looks like: `file:line:col: what; how` or `file: what`.
ONE_LINE = re.compile(r"^[^\n]+?(:\d+:\d+)?: [^\n]+$")


#: A scenario whose event `c-leaves` cannot apply ('c' is engaged nowhere) and whose event
#: `nudge` can: what validate, whatif and report must agree on.
ONE_EVENT_CANNOT_APPLY = (
    "id: t\ntitle: t\nactors: [{id: c}, {id: us}, {id: turkey}]\n"
    "theaters: [{id: t, actors: [us, turkey]}]\n"
    "ties: [{between: [us, turkey], stance: ally}]\n"
    "events:\n"
    "  - id: c-leaves\n"
    "    do: [{exclude: c, from: t}]\n"
    "  - id: nudge\n"
    "    do: [{shift: [us, turkey], by: -0.2, in: t}]\n"
)


def alliances_command() -> str:
    """The console script installed beside this Python, as a user would run it."""
    beside = Path(sys.executable).parent / "alliances"
    if beside.exists():
        return str(beside)
    found = shutil.which("alliances")
    if found is None:
        pytest.fail("the 'alliances' command is not installed: pip install -e '.[test]'")
    return found


@dataclass(frozen=True)
class Ran:
    """What a command did: its exit code and what it wrote (as `subprocess.run` reports)."""

    returncode: int
    stdout: str
    stderr: str


def invoke(*args: str, input: str | None = None) -> Ran:
    """Run `alliances ARGS` in this process, with an environment of captured streams."""
    env = Environment(stdin=io.StringIO(input or ""), stdout=io.StringIO(), stderr=io.StringIO())
    code = cli_run(list(args), env)
    assert isinstance(env.stdout, io.StringIO) and isinstance(env.stderr, io.StringIO)
    return Ran(code, env.stdout.getvalue(), env.stderr.getvalue())


def run(
    *args: str,
    input: str | None = None,
    env: dict[str, str] | None = None,
    cwd: str | Path | None = None,
) -> Ran | subprocess.CompletedProcess[str]:
    """Run `alliances ARGS`: in-process (in `cwd`, if given, and back), unless the test sets
    environment variables or runs a sweep (its worker processes are forked): then in a real
    subprocess (`run_process`). (The hostile corpus ran 120 subprocesses only to set a
    working directory: 24 s of the suite's test time.)"""
    if env is not None or "sweep" in args:
        return run_process(*args, input=input, env=env, cwd=cwd)
    if cwd is None:
        return invoke(*args, input=input)
    here = os.getcwd()
    os.chdir(cwd)
    try:
        return invoke(*args, input=input)
    finally:
        os.chdir(here)


def run_process(
    *args: str,
    input: str | None = None,
    env: dict[str, str] | None = None,
    cwd: str | Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `alliances ARGS` in a real subprocess, stdout and stderr captured (not a terminal):
    for what only a real process shows (exit status, pipes, signals, the environment)."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    full_env.update(env or {})
    return subprocess.run(
        [alliances_command(), *args],
        input=input,
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=120,
    )


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """How many fuzz cases this run covered (tests/test_fuzz.py)."""
    fuzz = sys.modules.get("test_fuzz")
    if fuzz is not None and fuzz._COVERED[0]:
        seeds = len(fuzz.SEEDS)
        terminalreporter.write_line(
            f"fuzz: {fuzz._COVERED[0]:,} command runs on mutants of {seeds} seed files"
        )


def set_partitions(items: list[str]) -> Iterator[list[list[str]]]:
    """Every partition of `items` into camps: the brute-force oracle of the solver's tests."""
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for smaller in set_partitions(rest):
        for i in range(len(smaller)):
            yield [*smaller[:i], [first, *smaller[i]], *smaller[i + 1 :]]
        yield [[first], *smaller]
