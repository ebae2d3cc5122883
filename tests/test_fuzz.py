"""Fuzzing: mutated inputs never crash, hang, write files or change the input.

Hypothesis takes a seed (every bundled scenario, documented example, test scenario and edge
list, and the published networks when ../shared is there) and mutates it: structured edits of
its text (cuts, duplicated and swapped lines, shifted indentation, hostile tokens put in and
values replaced) or byte-level ones (flipped, inserted and deleted bytes, control bytes, broken
UTF-8). Every command runs on each mutant and must succeed or fail with a documented exit code
and one-line messages, within a time bound; what `import` writes must validate.

A run covers EXAMPLES mutants x len(COMMANDS) command runs. Each shard draws the same mutants
every run (a fixed seed), so a red run is a regression and the suite's time is steady. New
mutants, and more of them: ALLIANCES_FUZZ_EXPLORE=1 ALLIANCES_FUZZ_EXAMPLES=2000 pytest
tests/test_fuzz.py
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import BUNDLED, ONE_LINE, invoke
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

import alliances_cli

EXAMPLES = int(os.environ.get("ALLIANCES_FUZZ_EXAMPLES", "300"))
SECONDS_PER_CASE = 60  # a hang guard, far above any real run
ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data" / "signed-networks"
SEEDS = sorted(
    {
        BUNDLED,
        *ROOT.glob("scenarios/*.yaml"),
        *ROOT.glob("docs/examples/*.yaml"),
        *ROOT.glob("tests/broken/*.yaml"),
        *ROOT.glob("tests/hostile/*.yaml"),
        *ROOT.glob("tests/hostile/*.csv"),
        *ROOT.glob("tests/events/*"),
        *SHARED.glob("*.csv"),
        *sorted(SHARED.glob("cow/*.csv"))[:2],
    }
)

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
    ["import", "{f}"],
    ["graph", "{f}", "-f", "dot"],
    ["show", "{f}", "-f", "json"],
    ["show", "{f}", "--evidence"],
    ["events", "{f}", "-f", "csv"],
    ["ties", "{f}", "-f", "tsv"],
    ["actors", "{f}", "-f", "markdown"],
    ["whatif", "{f}", "{event}", "-f", "json"],
    ["whatif", "{f}", "shift:{a}:{b}=+0.5", "{event}"],
    ["sweep", "{f}", "-m", "1", "-j", "1", "-f", "csv"],
    ["robust", "{f}", "-s", "8", "-j", "1", "-a", "{a}", "-f", "json"],
    ["levers", "{f}", "--apart", "{a}", "{b}", "-t", "{t}", "--plans", "1", "-f", "json"],
    ["timeline", "{f}", "-f", "json"],
    ["backtest", "{f}", "{f}", "-t", "{t}", "--resamples", "10", "-f", "json"],
    ["import-events", "{f}", "-w", "1m"],
    ["report", "{f}", "-s", "4"],
]


@st.composite
def mutants(draw: st.DrawFn, seeds: list[Path]) -> tuple[str, bytes]:
    """A seed's name and its bytes after one to four structured or byte-level edits."""
    seed = draw(st.sampled_from(seeds))
    data = seed.read_bytes()
    if draw(st.booleans()):
        text = data.decode("utf-8", errors="surrogateescape")
        text = _edit_text(draw, text)
        data = text.encode("utf-8", errors="surrogateescape")
    else:
        data = _edit_bytes(draw, data)
    return seed.name, data


def _edit_text(draw: st.DrawFn, text: str) -> str:
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
            values = list(re.finditer(r"(?<=: )[^,\n{}\[\]]+|(?<=,)[^,\n]+", text))
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


#: Bytes a byte-level edit puts in: C0 and C1 controls, DEL, a BOM, broken and overlong UTF-8,
#: a lone surrogate's encoding, U+FFFE, and YAML's own punctuation.
BYTES = [bytes([b]) for b in (0, 1, 7, 8, 11, 12, 13, 27, 127)] + [
    b"\xc2\x85",
    b"\xc2\x9b",
    b"\xef\xbb\xbf",
    b"\xff",
    b"\xc3",
    b"\xc0\xaf",
    b"\xed\xa0\x80",
    b"\xef\xbf\xbe",
    b"\r\n",
    b":",
    b"-",
    b",",
    b";",
    b"\t",
]


def _edit_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        edit = draw(st.sampled_from(["flip", "insert", "delete", "random"]))
        if edit == "flip" and at < len(data):
            bit = 1 << draw(st.integers(0, 7))
            data = data[:at] + bytes([data[at] ^ bit]) + data[at + 1 :]
        elif edit == "insert":
            data = data[:at] + draw(st.sampled_from(BYTES)) + data[at:]
        elif edit == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 16)) :]
        else:
            data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    return data


@functools.cache
def _words(seed: str) -> dict[str, str]:
    """Values for the commands' templates: an event and two actor ids of the seed, when it
    loads; made-up ones (an error to report) when it does not."""
    try:
        model = alliances_cli.load(next(p for p in SEEDS if p.name == seed))
    except Exception:
        return {"{a}": "a", "{b}": "b", "{event}": "exclude:a@all", "{t}": "all"}
    a, b = [*(actor.id for actor in model.actors), "a", "b"][:2]
    event = model.events[0].id if model.events else f"exclude:{a}@all"
    theater = model.theaters[0].id if model.theaters else "all"
    return {"{a}": a, "{b}": b, "{event}": event, "{t}": theater}


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
    # 70 would be a bug; 2 a usage error we did not make, but for an actor the mutant lost,
    # or a goal of `levers` its blind choice of actors and theater cannot ask (two actors not
    # both in the theater, a pair already together).
    lost = "Invalid value for '--actor'" in stderr or (
        args[0] == "levers" and "Invalid value for '--" in stderr
    )
    assert code in (0, 1) or (code == 2 and lost), where
    if code == 2:
        return
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
        # In the user's words, not Python's; quoted values cut, so a line stays a line.
        assert not PYTHON_WORDS.search(message), (args, message)
        assert len(message) < 1_000, (args, message[:200])


PYTHON_WORDS = re.compile(r"\b(None|True|False|timedelta|NoneType|dict|str|int)\b|<class ")


#: The EXAMPLES mutants are drawn in this many shards, each its own test drawing from every
#: seed, so that pytest-xdist runs them side by side (one shard took 108 s alone).
SHARDS = 6


@pytest.mark.parametrize("shard", range(SHARDS))
def test_mutated_inputs_never_crash_hang_write_or_change_the_input(shard: int) -> None:
    @settings(
        max_examples=-(-EXAMPLES // SHARDS),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(mutants(SEEDS))
    def mutated(mutant: tuple[str, bytes]) -> None:
        _try_every_command(*mutant)

    if not os.environ.get("ALLIANCES_FUZZ_EXPLORE"):
        # The same mutants every run (a seed per shard): one unlucky draw of costly mutants
        # once took 56 s of test time, another run 17 s.
        mutated = seed(shard)(mutated)
    mutated()


def _try_every_command(name: str, data: bytes) -> None:
    suffix = Path(name).suffix if name.endswith((".csv", ".tsv", ".tab")) else ".yaml"
    words = _words(name)
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / f"mutant{suffix}"
        path.write_bytes(data)
        before = hashlib.sha256(path.read_bytes()).hexdigest(), os.stat(path).st_mtime_ns
        cwd = os.getcwd()
        os.chdir(work)
        try:
            for template in COMMANDS:
                args = [_fill(a, str(path), words) for a in template]
                with time_bound(SECONDS_PER_CASE):
                    result = invoke(*args)
                _check(args, result.returncode, result.stdout, result.stderr)
                if args[0] in ("import", "import-events") and result.returncode == 0:
                    _check_import(Path(work), result.stdout)
        finally:
            os.chdir(cwd)
        assert (hashlib.sha256(path.read_bytes()).hexdigest(), os.stat(path).st_mtime_ns) == before
        assert sorted(os.listdir(work)) == [path.name], "a command wrote a file"
    _COVERED[0] += len(COMMANDS)


def _fill(arg: str, path: str, words: dict[str, str]) -> str:
    for key, value in {"{f}": path, **words}.items():
        arg = arg.replace(key, value)
    return arg


def _check_import(work: Path, written: str) -> None:
    """What `import` writes is a scenario `validate` accepts."""
    imported = work / "imported.yaml"
    imported.write_text(written, encoding="utf-8")
    try:
        checked = invoke("validate", str(imported))
    finally:
        imported.unlink()
    assert checked.returncode == 0, checked.stdout + checked.stderr


#: Command runs on mutants in this session, for the summary line (see conftest).
_COVERED = [0]
