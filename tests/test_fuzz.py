"""Fuzzing: mutated scenarios never crash, hang, write files or change the input.

Hypothesis mutates the bundled scenario's text (cuts, duplicated and swapped lines, shifted
indentation, hostile tokens put in and values replaced) and runs the commands on each mutant.
Every command must succeed or fail with a documented exit code and one-line messages, within a
time bound. More cases: ALLIANCES_FUZZ_EXAMPLES=2000 pytest tests/test_fuzz.py
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from conftest import BUNDLED, ONE_LINE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from alliances_cli.cli import app

EXAMPLES = int(os.environ.get("ALLIANCES_FUZZ_EXAMPLES", "60"))
SECONDS_PER_CASE = 60  # a hang guard, far above any real run
ORIGINAL = BUNDLED.read_text(encoding="utf-8")

NASTY = [
    "",
    "[",
    "]",
    "{",
    "}",
    ":",
    "- ",
    "&a ",
    "*a",
    "*nowhere",
    "!!python/object/apply:os.system ['true']",
    "!!binary aGk=",
    "<<: *a",
    ".nan",
    "-.inf",
    "1e999",
    "9" * 400,
    "-1.5",
    "0x7f",
    "null",
    "~",
    "yes",
    "2016-13-45",
    "\t",
    "'",
    '"',
    "#",
    "---",
    "...",
    "? ",
    "|",
    ">",
    "%YAML 1.1",
    "\u202e",
    "\ufeff",
    "مصر",
    "🏳️‍🌈",
    "e\u0301",
    "\\e[31m",
    '"\\x1b"',
    '"\\u0000"',
    "x" * 3000,
]

COMMANDS = [
    ["validate", "{f}"],
    ["show", "{f}", "-f", "json"],
    ["show", "{f}", "--evidence"],
    ["events", "{f}", "-f", "csv"],
    ["ties", "{f}", "-f", "tsv"],
    ["actors", "{f}", "-f", "markdown"],
    ["whatif", "{f}", "turkey-exclusion", "-f", "json"],
    ["whatif", "{f}", "shift:us:iran=+0.5", "is-falls-in-iraq"],
    ["sweep", "{f}", "-m", "1", "-j", "1", "-f", "csv"],
]


@st.composite
def mutants(draw: st.DrawFn) -> str:
    """The bundled scenario's text after one to four random edits."""
    text = ORIGINAL
    for _ in range(draw(st.integers(1, 4))):
        lines = text.split("\n")
        edit = draw(
            st.sampled_from(["cut", "insert", "value", "duplicate", "swap", "indent", "end"])
        )
        at = draw(st.integers(0, max(len(text) - 1, 0)))
        line = draw(st.integers(0, max(len(lines) - 1, 0)))
        if edit == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 200)) :]
        elif edit == "insert":
            text = text[:at] + draw(st.sampled_from(NASTY)) + text[at:]
        elif edit == "value":
            values = list(re.finditer(r"(?<=: )[^,\n{}\[\]]+", text))
            if values:
                found = values[draw(st.integers(0, len(values) - 1))]
                text = text[: found.start()] + draw(st.sampled_from(NASTY)) + text[found.end() :]
        elif edit == "duplicate":
            text = "\n".join([*lines[: line + 1], lines[line], *lines[line + 1 :]])
        elif edit == "swap":
            other = draw(st.integers(0, max(len(lines) - 1, 0)))
            lines[line], lines[other] = lines[other], lines[line]
            text = "\n".join(lines)
        elif edit == "indent":
            lines[line] = draw(st.sampled_from(["  ", " ", "\t"])) + lines[line]
            text = "\n".join(lines)
        else:
            text = text[:at]
    return text


@contextmanager
def time_bound(seconds: int) -> Iterator[None]:
    def hung(signum: int, frame: object) -> None:
        raise TimeoutError(f"a command ran for more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _check(args: list[str], code: int, stdout: str, stderr: str) -> None:
    where = f"{args}: {stderr[-500:]}"
    assert code in (0, 1), where  # 70 would be a bug; 2 a usage error we did not make
    assert "Traceback" not in stdout + stderr, where
    if args[0] == "validate":
        messages = stdout.splitlines() if code else stderr.splitlines()
        assert code == 0 or stderr.strip() == "1 of 1 file(s) invalid", where
    else:
        messages = stderr.splitlines()
    if code == 0:
        assert stdout.strip(), where
        if "json" in args:
            json.loads(stdout)
        return
    assert messages, where
    for message in messages:
        assert ONE_LINE.match(message), (args, message)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutants())
def test_mutated_scenarios_never_crash_hang_write_or_change_the_input(text: str) -> None:
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "mutant.yaml"
        path.write_text(text, encoding="utf-8")
        before = hashlib.sha256(path.read_bytes()).hexdigest(), os.stat(path).st_mtime_ns
        cwd = os.getcwd()
        os.chdir(work)
        try:
            for template in COMMANDS:
                args = [a.replace("{f}", str(path)) for a in template]
                with time_bound(SECONDS_PER_CASE):
                    result = runner.invoke(app, args)
                if result.exception and not isinstance(result.exception, SystemExit):
                    raise result.exception
                _check(args, result.exit_code, result.stdout, result.stderr)
        finally:
            os.chdir(cwd)
        assert (hashlib.sha256(path.read_bytes()).hexdigest(), os.stat(path).st_mtime_ns) == before
        assert sorted(os.listdir(work)) == ["mutant.yaml"], "a command wrote a file"
