"""Built for shell pipelines: every format, every stream, every exit code, edge lists."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import yaml
from conftest import alliances_command, run

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "signed-networks"
HIGHLAND = SHARED / "highland-tribes.csv"
needs_shared = pytest.mark.skipif(not HIGHLAND.exists(), reason="shared/ signed networks absent")

ANSI = re.compile(r"\x1b\[")

# Every command that prints results, with arguments that make it succeed.
COMMANDS = {
    "show": ["show"],
    "whatif": ["whatif", "mosul-aleppo-2016", "turkey-exclusion", "sanctions-relief"],
    "events": ["events"],
    "sweep": ["sweep", "--max-events", "2"],
    "robust": ["robust", "--samples", "50", "--actor", "turkey"],
    "scenarios": ["scenarios"],
    "actors": ["actors"],
    "ties": ["ties"],
}
DOCUMENTED = Path(__file__).resolve().parent.parent / "docs" / "output.md"


def documented_tables() -> dict[str, dict[str, list[str]]]:
    """Command -> table -> columns, from the lines '- `cmd` table `name`: `a`, `b`, ...'."""
    found: dict[str, dict[str, list[str]]] = {}
    pattern = re.compile(r"^- `(\w+)` table `(\w+)`: (.+)$")
    for line in DOCUMENTED.read_text(encoding="utf-8").splitlines():
        match = pattern.match(line)
        if match:
            listed = match.group(3).split(" (")[0]  # remarks follow in parentheses
            columns = re.findall(r"`(\w+)`", listed)
            found.setdefault(match.group(1), {})[match.group(2)] = columns
    return found


TABLES = documented_tables()


def test_every_result_command_has_its_tables_documented() -> None:
    assert set(TABLES) == set(COMMANDS)


@pytest.mark.parametrize(
    ("command", "table"),
    [(c, t) for c, tables in TABLES.items() for t in tables],
)
def test_csv_tsv_and_ndjson_follow_the_documented_columns(command: str, table: str) -> None:
    columns = TABLES[command][table]
    as_csv = run(*COMMANDS[command], "--format", "csv", "--table", table)
    assert as_csv.returncode == 0, as_csv.stderr
    reader = csv.reader(io.StringIO(as_csv.stdout))
    assert next(reader) == columns
    as_tsv = run(*COMMANDS[command], "--format", "tsv", "--table", table)
    assert as_tsv.stdout.splitlines()[0].split("\t") == columns
    as_ndjson = run(*COMMANDS[command], "--format", "ndjson", "--table", table)
    for line in as_ndjson.stdout.splitlines():
        assert list(json.loads(line)) == columns
    assert len(as_ndjson.stdout.splitlines()) == len(as_csv.stdout.splitlines()) - 1 or (
        "\n" in as_csv.stdout.split("\n", 1)[1].replace("\r", "")  # quoted multi-line cells
    )


@pytest.mark.parametrize("command", list(COMMANDS))
def test_json_and_yaml_carry_the_same_document(command: str) -> None:
    as_json = run(*COMMANDS[command], "--format", "json")
    as_yaml = run(*COMMANDS[command], "--format", "yaml")
    assert as_json.returncode == 0 and as_yaml.returncode == 0
    document = json.loads(as_json.stdout)
    assert document == yaml.safe_load(as_yaml.stdout)
    assert document.get("schema", "").startswith("alliances/")


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


def test_exit_code_1_for_invalid_input_2_for_usage_3_for_thresholds() -> None:
    assert run("show", "nope.yaml").returncode == 1
    assert run("whatif", "mosul-aleppo-2016", "nope").returncode == 1
    assert run("show", "--format", "xml").returncode == 2
    assert run("show", "--table", "nope", "-f", "csv").returncode == 2
    assert run("ties", "--actor", "nobody").returncode == 2
    assert run("show", "--fail-on-stress", "0.25").returncode == 3
    assert run("show", "--fail-on-stress", "0.99").returncode == 0
    assert run("whatif", "mosul-aleppo-2016", "turkey-exclusion", "--fail-if-moved").returncode == 3
    assert run("whatif", "mosul-aleppo-2016", "sanctions-relief", "--fail-if-moved").returncode == 0


def _many_events_scenario(events: int = 14) -> str:
    actors = [f"a{i}" for i in range(24)]
    lines = ["id: big", "title: big", "actors:"]
    lines += [f"  - {{id: {a}}}" for a in actors]
    lines += ["theaters:", f"  - {{id: t, actors: [{', '.join(actors)}]}}", "ties:"]
    for i, a in enumerate(actors):
        for j in range(i + 1, len(actors)):
            stance = 0.7 if (i % 3) == (j % 3) else -0.6
            lines.append(f"  - {{between: [{a}, {actors[j]}], stance: {stance}}}")
    lines.append("events:")
    for k in range(events):
        lines.append(f"  - {{id: e{k}, do: [{{shift: [a{k}, a{k + 1}], by: 0.5}}]}}")
    return "\n".join(lines) + "\n"


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_interrupting_a_long_sweep_exits_130_with_a_short_message(tmp_path: Path) -> None:
    scenario = tmp_path / "big.yaml"
    scenario.write_text(_many_events_scenario(), encoding="utf-8")
    (tmp_path / "out.txt").write_text("the last good result\n", encoding="utf-8")
    _interrupt([alliances_command(), "sweep", str(scenario), "-o", str(tmp_path / "out.txt")])
    # The old output is intact, and no partial or temporary file is left beside it.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.yaml", "out.txt"]
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "the last good result\n"


def _interrupt(argv: list[str]) -> None:
    """Run, press Ctrl-C after two seconds: exit 130, one line on stderr, nothing on stdout."""
    process = subprocess.Popen(
        argv,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # A process started in the background by a shell without job control (a CI script's
        # `pytest &`) ignores SIGINT, and its children inherit that; alliances rightly keeps
        # it. The test is about Ctrl-C at a terminal, where SIGINT has its default action.
        preexec_fn=_default_sigint,
    )
    time.sleep(2.0)
    assert process.poll() is None, f"{argv[1]} finished too soon to interrupt"
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 130
    assert stderr == "alliances: interrupted\n"
    assert stdout == ""


def test_interrupting_robust_in_its_workers_exits_130_and_leaves_no_file(tmp_path: Path) -> None:
    import random

    rng = random.Random(3)
    rows = [f"a{i},a{j},{rng.choice([-1, 1])}" for i in range(120) for j in range(i + 1, i + 6)]
    edges = tmp_path / "net.csv"
    edges.write_text("source,target,sign\n" + "\n".join(rows) + "\n", encoding="utf-8")
    argv = [alliances_command(), "robust", str(edges), "-s", "1000000", "-j", "2"]
    _interrupt([*argv, "-o", str(tmp_path / "out.json"), "--heatmap", str(tmp_path / "odds.svg")])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["net.csv"]


PROBE = """
import sys
import alliances_cli.engine.analysis as analysis

def broken(*args, **kwargs):
    raise RuntimeError("boom")

analysis.analyse = broken
sys.argv = ["alliances", *sys.argv[1:]]
from alliances_cli.cli import main
main()
"""


def test_an_internal_error_exits_70_without_a_traceback_unless_debug() -> None:
    plain = subprocess.run([sys.executable, "-c", PROBE, "show"], capture_output=True, text=True)
    assert plain.returncode == 70
    assert plain.stderr == (
        "alliances: internal error (RuntimeError); rerun with --debug and report it\n"
    )
    debug = subprocess.run(
        [sys.executable, "-c", PROBE, "--debug", "show"], capture_output=True, text=True
    )
    assert debug.returncode != 0
    assert "Traceback" in debug.stderr and "boom" in debug.stderr


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


def test_filters_of_the_query_commands() -> None:
    us = json.loads(run("ties", "--actor", "us", "--theater", "aleppo", "-f", "json").stdout)
    assert us["ties"] and all("us" in (t["a"], t["b"]) for t in us["ties"])
    assert all(t["theater"] == "aleppo" for t in us["ties"])
    pair = json.loads(run("ties", "-a", "us", "-a", "iran", "-f", "json").stdout)["ties"]
    assert {t["theater"] for t in pair} == {None, "mosul", "aleppo"}
    negative = json.loads(run("ties", "--sign", "negative", "-f", "json").stdout)["ties"]
    assert negative and all(t["stance"] < 0 for t in negative)
    mosul = json.loads(run("actors", "--theater", "mosul", "-f", "json").stdout)["actors"]
    assert [a["id"] for a in mosul] == ["us", "turkey", "iran", "iraq", "pmf", "is"]
    nato = json.loads(run("actors", "--tag", "nato", "-f", "json").stdout)["actors"]
    assert [a["id"] for a in nato] == ["us", "turkey"]


# -- edge lists -----------------------------------------------------------------------------------


@needs_shared
def test_edge_lists_are_read_by_every_command_and_from_stdin() -> None:
    by_path = run("show", str(HIGHLAND), "-f", "json")
    assert by_path.returncode == 0, by_path.stderr
    data = json.loads(by_path.stdout)
    assert data["theaters"][0]["optimal"]
    assert len(data["theaters"][0]["actors"]) == 16
    by_stdin = run("show", "-", "-f", "json", input=HIGHLAND.read_text(encoding="utf-8"))
    assert json.loads(by_stdin.stdout)["theaters"] == data["theaters"]
    assert run("validate", str(HIGHLAND)).stdout.startswith(f"{HIGHLAND}: valid (16 actors")
    assert len(json.loads(run("ties", str(HIGHLAND), "-f", "json").stdout)["ties"]) == 58 * 2


def test_edge_list_names_in_any_script_become_distinct_ids_and_keep_their_names() -> None:
    rows = "source,target,sign\nمصر,سوريا,+1\nسوريا,ایران,-1\nU.S.,u-s,-1\nمصر,U.S.,+1\n"
    done = run("actors", "-", "-f", "json", input=rows)
    assert done.returncode == 0, done.stderr
    actors = {a["name"]: a["id"] for a in json.loads(done.stdout)["actors"]}
    assert set(actors) == {"مصر", "سوريا", "ایران", "U.S.", "u-s"}
    assert len(set(actors.values())) == 5  # no two names merged into one actor
    ties = json.loads(run("ties", "-", "-f", "json", input=rows).stdout)["ties"]
    assert {frozenset((t["a"], t["b"])) for t in ties} >= {
        frozenset((actors["U.S."], actors["u-s"])),
        frozenset((actors["مصر"], actors["U.S."])),
    }


@needs_shared
def test_import_converts_an_edge_list_into_an_equivalent_scenario(tmp_path: Path) -> None:
    target = tmp_path / "tribes.yaml"
    assert run("import", str(HIGHLAND), "-o", str(target)).returncode == 0
    assert run("validate", str(target)).returncode == 0
    from_yaml = json.loads(run("show", str(target), "-f", "json").stdout)
    from_csv = json.loads(run("show", str(HIGHLAND), "-f", "json").stdout)
    assert from_yaml["theaters"] == from_csv["theaters"]


BAD_EDGES = """source,target,sign,confidence
us,iran,+1,
us,us,-1,
us,iran,-1,
iran,turkey,2,
iran,turkey,+1,1.5
russia
"""


def test_malformed_edge_list_rows_are_errors_with_line_numbers(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_EDGES, encoding="utf-8")
    result = run("show", str(bad))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{bad}:3:1: a tie of 'us' with itself",
        f"{bad}:4:1: a second tie us–iran (first at line 2); keep one row per pair",
        f"{bad}:5:13: sign '2' must be +1, -1 or 0; for graded values use a 'stance' column",
        f"{bad}:6:16: confidence '1.5' must be in (0, 1]",
        f"{bad}:7:1: 1 fields where the header has 4",
    ]


@pytest.mark.parametrize(("rows", "hidden"), [(20, 0), (21, 1), (1_000, 980)])
def test_a_mistake_on_every_row_shows_twenty_and_counts_the_rest(
    tmp_path: Path, rows: int, hidden: int
) -> None:
    bad = tmp_path / "graded.csv"
    lines = [f"a{i},b{i},0.5" for i in range(rows)]
    bad.write_text("source,target,sign\n" + "\n".join(lines) + "\n", encoding="utf-8")
    problem = "sign '0.5' must be +1, -1 or 0; for graded values use a 'stance' column"
    shown = [f"{bad}:{line}:{len(row) - 2}: {problem}" for line, row in enumerate(lines, 2)]
    result = run("show", str(bad))
    assert result.returncode == 1 and result.stdout == ""
    summary = [f"alliances: {hidden:,} more problem{'s' * (hidden > 1)} not shown; "] * bool(hidden)
    lines_seen = result.stderr.splitlines()
    assert lines_seen[:20] == shown[:20]
    assert [line[: len(summary[0])] for line in lines_seen[20:]] == summary
    # validate's result is the list itself: every problem, on stdout.
    checked = run("validate", str(bad))
    assert checked.returncode == 1 and checked.stdout.splitlines() == shown


def test_edge_list_header_problems(tmp_path: Path) -> None:
    bad = tmp_path / "header.tsv"
    bad.write_text("source\ttarget\tstance\tconfidnce\na\tb\tally\t0.5\n", encoding="utf-8")
    result = run("show", str(bad))
    assert result.returncode == 1
    assert result.stderr == f"{bad}:1:22: unknown column 'confidnce'; did you mean 'confidence'?\n"
    missing = tmp_path / "missing.csv"
    missing.write_text("origin,to,sign\na,b,1\n", encoding="utf-8")
    assert "no 'source' column" in run("show", str(missing)).stderr


def test_edge_list_with_theaters_and_stances(tmp_path: Path) -> None:
    edges = tmp_path / "theaters.csv"
    edges.write_text(
        "source,target,stance,theater\n"
        "us,iran,partner,mosul\n"
        "us,iran,rival,aleppo\n"
        "Saudi Arabia,iran,enemy,aleppo\n",
        encoding="utf-8",
    )
    data = json.loads(run("show", str(edges), "-f", "json").stdout)
    assert [t["id"] for t in data["theaters"]] == ["mosul", "aleppo"]
    assert [s["kind"] for s in data["stress"] if s["kind"] == "cross-theater"] == ["cross-theater"]
    actors = json.loads(run("actors", str(edges), "-f", "json").stdout)["actors"]
    assert {"id": "saudi-arabia", "name": "Saudi Arabia"}.items() <= actors[2].items()


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


def test_sweep_progress_goes_to_a_terminal_on_stderr_and_stdout_keeps_only_the_result(
    tmp_path: Path,
) -> None:
    scenario = tmp_path / "big.yaml"
    scenario.write_text(_many_events_scenario(events=7), encoding="utf-8")
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


class _Terminal:
    """A pseudo-terminal read while a command runs (a full terminal buffer would stop it)."""

    def __init__(self, columns: int = 0, rows: int = 0) -> None:
        import threading

        self.leader, self.follower = os.openpty()
        if columns and rows:
            import fcntl
            import struct
            import termios

            size = struct.pack("HHHH", rows, columns, 0, 0)
            fcntl.ioctl(self.follower, termios.TIOCSWINSZ, size)
        self.chunks: list[bytes] = []
        self.reader = threading.Thread(target=self._drain)
        self.reader.start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.leader, 65536)
            except OSError:  # the terminal is closed and drained
                return
            if not chunk:
                return
            self.chunks.append(chunk)

    def shown(self) -> str:
        """Close the terminal; what it showed."""
        os.close(self.follower)
        self.reader.join(timeout=10)
        os.close(self.leader)
        return b"".join(self.chunks).decode()


def _with_stderr_at_a_terminal(argv: list[str]) -> tuple[str, str]:
    """Run with stderr on a pseudo-terminal and stdout piped: (stdout, what the terminal shows)."""
    terminal = _Terminal()
    try:
        at_terminal = subprocess.run(
            argv, stdout=subprocess.PIPE, stderr=terminal.follower, check=True, timeout=120
        )
    finally:
        shown = terminal.shown()
    return at_terminal.stdout.decode(), shown


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
    quiet = _with_stderr_at_a_terminal([*argv[:1], "--quiet", *argv[1:]])
    assert quiet == (piped.stdout, "")


@pytest.mark.parametrize("fmt", ["text", "csv"])
def test_an_unknown_table_is_a_usage_error_that_names_the_tables(fmt: str) -> None:
    result = run("show", "--table", "stres", "--format", fmt)
    assert result.returncode == 2 and result.stdout == ""
    assert "no table 'stres'; did you mean 'stress'?" in result.stderr
    assert "this command has: coalitions, stress, ties, balance" in result.stderr


def test_a_table_picks_one_table_in_text_and_cannot_apply_to_json() -> None:
    text = run("show", "--table", "balance")
    assert text.returncode == 0
    assert text.stdout.splitlines()[1].split() == [
        "theater",
        "frustration",
        "normalised_frustration",
        "total_weight",
        "triangles",
        "balanced_triangles",
        "optimal",
        "method",
        "lower_bound",
        "optima",
        "optima_exact",
    ]
    assert "Coalitions" not in text.stdout
    refused = run("show", "--table", "balance", "-f", "json")
    assert refused.returncode == 2 and refused.stdout == ""
    assert "json holds every table" in refused.stderr


@pytest.mark.parametrize(
    ("command", "tables"),
    [
        ("show", "coalitions, stress, ties, balance"),
        ("whatif", "moves, frustration, stress, ties"),
        ("sweep", "outcomes, interactions, order"),
        ("robust", "actors, pairs, camps, frustration, partitions, tipping"),
    ],
)
def test_help_lists_each_commands_tables(command: str, tables: str) -> None:
    assert f"Tables: {tables}." in run(command, "--help").stdout


def test_edge_lists_however_they_come() -> None:
    # Semicolons, from/to, signed weights scaled by the largest, empty or missing theater cells.
    text = "from;to;weight;theater\nann;bob;5\nbob;cat;-10;north\nann;cat;-2;\n"
    rows = json.loads(run("ties", "-", "-f", "json", input=text).stdout)["ties"]
    general = {(r["a"], r["b"]): r["stance"] for r in rows if r["theater"] is None}
    assert general == {("ann", "bob"): 0.5, ("ann", "cat"): -0.2}
    assert [(r["a"], r["b"], r["stance"]) for r in rows if r["theater"] == "north"] == [
        ("bob", "cat", -1.0)
    ]
    tabbed = "source\ttarget\tstance\nann\tbob\tally\n"
    assert run("show", "-", "-f", "json", input=tabbed).returncode == 0
    refused = run("show", "-", input="from,to,weight\nann,bob,heavy\n")
    assert refused.returncode == 1
    assert refused.stderr.startswith("<stdin>:2:9: weight 'heavy' must be a number")


def test_an_actor_file_names_and_describes_an_imported_network(tmp_path: Path) -> None:
    names = tmp_path / "actors.csv"
    names.write_text("id,name,kind,capability,tags\nann,Ann Land,state,5,pact west\n", "utf-8")
    edges = "source,target,sign\nann,bob,+1\nbob,cat,-1\n"
    for args in (["--actors", str(names), "actors", "-"], ["actors", "-", "--actors", str(names)]):
        listed = json.loads(run(*args, "-f", "json", input=edges).stdout)["actors"]
        assert listed[0] == {
            "id": "ann",
            "name": "Ann Land",
            "kind": "state",
            "tags": ["pact", "west"],
            "capability": 5.0,
            "theaters": ["all"],
        }
    names.write_text("id,capability\nanne,0\n", "utf-8")
    bad = run("--actors", str(names), "show", "-", input=edges)
    assert bad.returncode == 1
    assert bad.stderr.splitlines() == [f"{names}:2:1: no actor 'anne'; did you mean 'ann'?"]


def _at_a_terminal(argv: list[str], columns: int, rows: int, env: dict[str, str]) -> str:
    """Run with stdin and stdout on a pseudo-terminal of the given size: what it shows."""
    terminal = _Terminal(columns, rows)
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


@pytest.mark.parametrize(
    "args",
    [["show"], ["show", "--evidence"], ["whatif", "turkey-exclusion"], ["sweep"], ["events"]],
    ids=" ".join,
)
def test_markdown_is_the_text_report_as_a_document(args: list[str]) -> None:
    text = run(*args).stdout
    markdown = run(*args, "-f", "markdown").stdout
    # The same words in the same numbers: nothing dropped, nothing said twice.
    words = lambda s: Counter(re.findall(r"\w+", s))  # noqa: E731
    assert words(markdown) == words(text)
    lines = markdown.splitlines()
    assert lines[0] == "# Curious alliances amid the Mosul operation"
    headings = [line[3:] for line in lines if line.startswith("## ")]
    titles = [line.strip() for line in text.splitlines() if line and not line.startswith(" ")]
    assert headings and all(any(t.startswith(h) for t in titles) for h in headings)
    if args[0] == "show":
        assert "| Theater | Camp | Members |" in lines
        assert "| Theater | Frustration | Normalised | Balanced triangles | Partition |" in lines
        assert headings[:2] == ["Coalitions", "Several optima"]
    if args[0] == "whatif":
        at = lines.index("## What if")
        assert lines[at + 2 : at + 5] == [
            "1. turkey-exclusion: Turkey kept out of Mosul",
            "   - exclude turkey from mosul",
            "   - shift russia–turkey by +0.20 everywhere",
        ]


def test_markdown_listings_have_human_column_names() -> None:
    lines = run("scenarios", "-f", "markdown").stdout.splitlines()
    assert "## Scenarios" in lines
    assert lines[lines.index("## Scenarios") + 2].startswith("| Name | Title | As of |")


def _dense(tmp_path: Path, actors: int, ties: int, seed: int) -> Path:
    """Random +-1 ties: the hardest hand-sized views for the exact search."""
    import random

    rng = random.Random(seed)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < ties:
        a, b = sorted(rng.sample(range(actors), 2))
        pairs.add((a, b))
    path = tmp_path / f"dense{actors}.csv"
    rows = [f"x{a},x{b},{rng.choice([1, -1])}" for a, b in sorted(pairs)]
    path.write_text("source,target,sign\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_hand_sized_hard_view_answers_with_its_bound_and_says_it_is_not_proven(
    tmp_path: Path,
) -> None:
    path = _dense(tmp_path, 40, 378, 2)
    done = run("show", str(path))
    assert done.returncode == 0, done.stderr
    assert "heuristic (lower bound" in done.stdout
    assert "Not proven optimal: all." in done.stdout and "--time-limit SECONDS" in done.stdout
    first = run("show", str(path), "-f", "json").stdout
    data = json.loads(first)
    assert data["time_limit"] is None and data["theaters"][0]["optimal"] is False
    # The same answer every time without --time-limit: the budget counts search nodes.
    assert run("show", str(path), "-f", "json").stdout == first


def test_a_time_limit_proves_what_the_node_budget_cannot(tmp_path: Path) -> None:
    path = _dense(tmp_path, 25, 139, 1)
    quick = json.loads(run("show", str(path), "-f", "json").stdout)["theaters"][0]
    longer = json.loads(run("show", str(path), "-f", "json", "--time-limit", "60").stdout)
    assert longer["time_limit"] == 60.0
    view = longer["theaters"][0]
    assert view["optimal"] and view["lower_bound"] == view["frustration"] == 39.0
    assert not quick["optimal"] and quick["frustration"] >= view["frustration"]
    bad = run("show", str(path), "--time-limit", "0")
    assert bad.returncode == 2


@pytest.mark.parametrize("compiled", [True, False], ids=["with-numba", "without-numba"])
def test_a_view_the_time_limit_left_open_says_whether_the_fast_extra_would_search_further(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compiled: bool
) -> None:
    from alliances_cli.engine.solver import search_kernel

    monkeypatch.setattr(search_kernel, "installed", lambda: compiled)
    path = _dense(tmp_path, 40, 378, 2)
    done = run("show", str(path), "--time-limit", "0.5")
    assert done.returncode == 0, done.stderr
    assert "the exact search stopped after its 0.5 s" in done.stdout
    assert ("pip install 'alliances[fast]'" in done.stdout) is not compiled


def test_a_search_that_outlasts_a_second_says_so_at_a_terminal_then_erases_it(
    tmp_path: Path,
) -> None:
    path = _dense(tmp_path, 40, 378, 2)
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
