"""Hostile and broken input: every command ends with a documented exit code and one clear line.

The corpus in tests/hostile/ holds files as they arrive from colleagues, downloads and
generators (truncated, binary, mis-encoded, aliased, deeply nested, mistyped); enormous files
are generated here. Each has its expected outcome below. The corpus runs in-process (the same
`cli.run` the console script calls, which turns any escaped exception into exit 70, so a
traceback cannot hide); what only a real process shows (a YAML tag that would run code, the
limits set by environment variables, endless input) runs in a subprocess. In-process, the
corpus takes 5.6 s of test time instead of 19.5 s.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import BUNDLED, ONE_LINE, alliances_command, run, run_process

HOSTILE = Path(__file__).resolve().parent / "hostile"

#: file -> (exit code, the first line of stderr after "file:")
EXPECTED: dict[str, tuple[int, str]] = {
    "anchors-in-moderation.yaml": (0, ""),
    "truncated.csv.gz": (
        1,
        " not a readable gzip file (Compressed file ended before the end-of-stream marker was "
        "reached); check that it was copied whole",
    ),
    "two-files.zip": (
        1,
        " a zip archive of 2 files; give it one file, or unzip it and name the file",
    ),
    "control-byte-in-comment.yaml": (
        1,
        "3:34: control character U+0001 is not allowed in YAML, even in a comment; remove it "
        "(or write it as an escape in a double-quoted string)",
    ),
    "tag-misfit.yaml": (
        1,
        "1:5: 'x' is not a valid bool for its tag '!!bool'; remove the tag or quote the value "
        "as text",
    ),
    "lone-surrogate.yaml": (
        1,
        "2:8: lone surrogate U+D800 in text: half of a character, not text; write the whole "
        "character (or its \\UXXXXXXXX escape)",
    ),
    "no-theaters.yaml": (1, "4:10: a scenario needs at least one theater; list them here"),
    "event-without-steps.yaml": (
        1,
        "5:22: an event needs at least one operation under 'do'",
    ),
    "event-bomb.yaml": (
        1,
        "21:10: event 'e14' expands to 16,384 operations through the events it applies (at "
        "most 10,000); apply fewer events, or write the operations out",
    ),
    "billion-laughs.yaml": (
        1,
        "1:20: aliases ('*name') expand to more than 100,000 values; "
        "write the data out instead of repeating it through aliases",
    ),
    "binary.yaml": (1, " binary data (a NUL byte), not a text file"),
    "control-character.yaml": (
        1,
        "9:8: control character U+001B in text; remove it (only tab and newline are allowed)",
    ),
    "deep-block.yaml": (1, "66:131: nesting deeper than 64 levels; a scenario never needs it"),
    "deep-flow.yaml": (1, "1:68: nesting deeper than 64 levels; a scenario never needs it"),
    "duplicated-actor.yaml": (
        1,
        "26:10: duplicate actor id 'iran' (first at line 25); ids must be unique",
    ),
    "edge-list-control.csv": (
        1,
        "2:3: control character U+001B in a name; remove it (only tab and newline are allowed)",
    ),
    "exponent-as-text.yaml": (
        1,
        "47:13: 'stance' is the text '1e999', not a number (YAML reads quoted numbers, and "
        "exponents without a '.', as text); write a plain number from -1 to +1",
    ),
    "flow-garbage.yaml": (
        1,
        "1:3: invalid YAML: check the indentation and quoting [expected the node content, but "
        "found '}']",
    ),
    "huge-integer.yaml": (1, "47:13: 'stance' is a 401-digit number; it must be from -1 to +1"),
    "mistyped.yaml": (
        1,
        "22:74: 'capability' must be a number greater than 0 (default 1), not a list",
    ),
    "nan-confidence.yaml": (1, "48:17: 'confidence' is not a number (NaN); it must be in (0, 1]"),
    "nul-in-edge-list.csv": (1, " binary data (a NUL byte), not a text file"),
    "python-object.yaml": (
        1,
        "2:8: unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'; remove it",
    ),
    "tabs.yaml": (
        1,
        "22:1: invalid YAML: a tab where YAML needs spaces; indent with spaces, not tabs",
    ),
    "truncated.yaml": (
        1,
        "75:21: invalid YAML: a list in brackets is not closed (opened at line 75); add ']'",
    ),
    "unterminated-quote.csv": (1, "4:1: 1 fields where the header has 3"),
    "utf16.yaml": (1, " UTF-16 text; save the file as UTF-8"),
    "windows-1252.yaml": (1, "2:8: not UTF-8 text; save the file as UTF-8"),
}


def _fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), os.stat(path).st_mtime_ns


def assert_clean_failure(done: subprocess.CompletedProcess[str], code: int = 1) -> list[str]:
    """The documented code, nothing on stdout, and only one-line messages on stderr."""
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert lines, "an error must say what is wrong"
    for line in lines:
        assert ONE_LINE.match(line), line
    return lines


def test_every_corpus_file_has_an_expected_outcome() -> None:
    assert sorted(p.name for p in HOSTILE.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_gets_its_documented_outcome_from_every_command_that_reads_it(
    name: str, tmp_path: Path
) -> None:
    path = HOSTILE / name
    code, first = EXPECTED[name]
    before = _fingerprint(path)
    shown = run("show", str(path), "-f", "json", "-o", "out.json", cwd=tmp_path)
    checked = run("validate", str(path), cwd=tmp_path)
    assert _fingerprint(path) == before, "an input file was modified"
    if code == 0:
        assert shown.returncode == checked.returncode == 0, shown.stderr + checked.stderr
        assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["theaters"]
        return
    lines = assert_clean_failure(shown, code)
    assert lines[0] == f"{path}:{first}"
    assert checked.returncode == code
    assert checked.stdout.splitlines()[0] == lines[0]
    for command in (["graph", str(path), "-o", "map.svg"], ["import", str(path), "-o", "s.yaml"]):
        other = run(*command, cwd=tmp_path)
        assert assert_clean_failure(other, code)[0] == lines[0], command
    assert _fingerprint(path) == before, "an input file was modified"
    assert list(tmp_path.iterdir()) == [], "a failed command left a file behind"


def test_a_yaml_tag_never_runs_code(tmp_path: Path) -> None:
    done = run_process("show", str(HOSTILE / "python-object.yaml"), cwd=tmp_path)
    assert_clean_failure(done)
    assert not (tmp_path / "PWNED").exists()


def test_billion_laughs_is_refused_while_expanding_only_what_the_limit_allows() -> None:
    from alliances_cli.scenario import yamldoc
    from alliances_cli.scenario.errors import ScenarioError
    from alliances_cli.scenario.load import load_file

    visited = 0
    convert = yamldoc._Converter.convert

    def counting(self: yamldoc._Converter, *args: object, **kwargs: object) -> object:
        nonlocal visited
        visited += 1
        return convert(self, *args, **kwargs)  # type: ignore[arg-type]

    yamldoc._Converter.convert = counting  # type: ignore[method-assign]
    try:
        with pytest.raises(ScenarioError):
            load_file(str(HOSTILE / "billion-laughs.yaml"))
    finally:
        yamldoc._Converter.convert = convert  # type: ignore[method-assign]
    # The file stands for 10**10 values; the loader stops at its limit, not after expanding.
    assert visited <= yamldoc.MAX_ALIASED_VALUES + 1_000


# -- enormous inputs, generated -----------------------------------------------------------------


def _many_actors(count: int) -> str:
    ids = [f"a{i}" for i in range(count)]
    lines = ["id: many", "title: Many", "actors:", *[f"  - {{id: {a}}}" for a in ids]]
    lines += ["theaters:", f"  - {{id: t, actors: [{', '.join(ids[:3])}]}}"]
    return "\n".join(lines) + "\n"


def test_too_many_actors_is_refused_and_the_variable_lifts_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(_many_actors(10_001), encoding="utf-8")
    expected = [
        f"{path}:3:1: 10,001 actors, over the limit of 10,000; "
        "set ALLIANCES_MAX_ACTORS to a larger number to allow more"
    ]
    limit = {"ALLIANCES_MAX_ACTORS": "10000"}
    assert assert_clean_failure(run("show", str(path), "-f", "json", env=limit)) == expected
    checked = run("validate", str(path), env=limit)
    assert (checked.returncode, checked.stdout.splitlines()) == (1, expected)
    allowed = run("validate", str(path), env={"ALLIANCES_MAX_ACTORS": "20000"})
    assert allowed.returncode == 0, allowed.stderr
    assert "10,001 actors" in allowed.stdout


def test_an_analysis_that_would_run_out_of_memory_is_refused_up_front() -> None:
    done = run("show", str(BUNDLED), env={"ALLIANCES_MEMORY_MB": "100"})
    assert done.returncode == 4 and done.stdout == ""
    assert done.stderr.startswith("alliances: analysing 25 ties needs about 0.3 GB of memory")
    assert "0.1 GB is available" in done.stderr and "--theater" in done.stderr
    assert run("show", str(BUNDLED), env={"ALLIANCES_MEMORY_MB": "4000"}).returncode == 0


def test_a_bad_limit_variable_is_an_error_not_a_crash() -> None:
    done = run("show", str(BUNDLED), env={"ALLIANCES_MAX_TIES": "lots"})
    assert assert_clean_failure(done) == [
        "ALLIANCES_MAX_TIES: must be a whole number above 0, not 'lots'; unset it"
    ]


def test_too_many_edge_list_rows_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("source,target,sign\n" + "".join(f"a{i},b{i},+1\n" for i in range(11)))
    done = run("show", str(path), env={"ALLIANCES_MAX_TIES": "10"})
    assert assert_clean_failure(done) == [
        f"{path}: 11 rows, over the limit of 10; "
        "set ALLIANCES_MAX_TIES to a larger number to allow more"
    ]


def test_an_oversized_file_or_stream_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# padding\n" * (2 * 1024 * 1024 // 10 + 1))  # just over 2 MB
    limit = {"ALLIANCES_MAX_FILE_MB": "2"}
    message = (
        "larger than the limit of 2 megabytes; "
        "set ALLIANCES_MAX_FILE_MB to a larger number to allow more"
    )
    assert assert_clean_failure(run("show", str(big), env=limit)) == [f"{big}: {message}"]
    piped = run("show", "-", input=big.read_text(), env=limit)
    assert assert_clean_failure(piped) == [f"<stdin>: {message}"]
    if Path("/dev/zero").exists():  # an endless input ends at the limit
        endless = run("show", "/dev/zero", env=limit)
        assert assert_clean_failure(endless) == [f"/dev/zero: {message}"]


def test_overlong_text_is_refused_with_its_position(tmp_path: Path) -> None:
    path = tmp_path / "long.yaml"
    text = BUNDLED.read_text(encoding="utf-8").replace("name: Turkey", "name: " + "T" * 100_001, 1)
    path.write_text(text, encoding="utf-8")
    assert assert_clean_failure(run("show", str(path))) == [
        f"{path}:24:24: text of 100,001 characters, over the 100,000-character limit; shorten it"
    ]


# -- names in any script ---------------------------------------------------------------------------

NAMES = {
    "eg": "مصر",  # Arabic, right to left
    "ru": "Россия",  # Cyrillic
    "il": "ישראל",  # Hebrew, right to left
    "fl": "🏳️‍🌈 coalition",  # emoji joined by zero-width joiners
    "cm": "Zoë Ñandú e\u0301",  # combining acute accent
    "lr": "Left \u202eto right",  # a right-to-left override, which could reorder a terminal
    "ln": "Long " + "x" * 5_000,
}


def _script_scenario(tmp_path: Path) -> Path:
    ids = list(NAMES)
    lines = ["id: scripts", "title: 'Names | in <b>any</b> script'", "actors:"]
    lines += [f"  - {{id: {a}, name: {json.dumps(NAMES[a], ensure_ascii=False)}}}" for a in ids]
    lines += ["theaters:", f"  - {{id: t, actors: [{', '.join(ids)}]}}", "ties:"]
    lines += [
        f"  - {{between: [{a}, {b}], stance: {'ally' if (i + j) % 2 else 'rival'}}}"
        for i, a in enumerate(ids)
        for j, b in enumerate(ids)
        if i < j
    ]
    lines += ["events:", "  - {id: lr-out, do: [{exclude: lr, from: t}]}"]
    path = tmp_path / "scripts.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "ndjson", "csv", "tsv", "yaml"])
def test_names_in_any_script_come_out_whole_and_safe_in_every_format(
    tmp_path: Path, fmt: str
) -> None:
    path = _script_scenario(tmp_path)
    done = run("actors", str(path), "-f", fmt)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    if fmt in ("text", "markdown"):  # for people: nothing that can reorder or recolour a screen
        assert "\u202e" not in out and "\x1b" not in out
        escaped = "Left \\u202eto right"
        assert (escaped if fmt == "text" else escaped.replace("\\", "\\\\")) in out
    else:  # for programs: the data exactly as written
        assert NAMES["lr"] in out
    for key in ("eg", "ru", "il", "fl", "cm", "ln"):
        assert NAMES[key] in out, key
    if fmt == "markdown":
        assert "Names \\| in &lt;b&gt;any&lt;/b&gt; script" in out
    if fmt == "json":
        shown = {a["id"]: a["name"] for a in json.loads(out)["actors"]}
        assert shown == NAMES


def test_every_command_copes_with_names_in_any_script(tmp_path: Path) -> None:
    path = _script_scenario(tmp_path)
    for args in (
        ["show", str(path)],
        ["show", str(path), "-f", "csv"],
        ["ties", str(path)],
        ["whatif", str(path), "exclude:lr@t"],
        ["sweep", str(path)],
    ):
        done = subprocess.run(
            [alliances_command(), *args], capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, (args, done.stderr)
        assert "\u202e" not in done.stdout or args[-2:] == ["-f", "csv"]
