"""The documented exit codes, interrupts and internal errors, in real processes."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import alliances_command, run
from shell import many_events_scenario


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


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


def test_interrupting_a_long_sweep_exits_130_with_a_short_message(tmp_path: Path) -> None:
    scenario = tmp_path / "big.yaml"
    scenario.write_text(many_events_scenario(), encoding="utf-8")
    (tmp_path / "out.txt").write_text("the last good result\n", encoding="utf-8")
    _interrupt([alliances_command(), "sweep", str(scenario), "-o", str(tmp_path / "out.txt")])
    # The old output is intact, and no partial or temporary file is left beside it.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.yaml", "out.txt"]
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "the last good result\n"


def test_interrupting_robust_in_its_workers_exits_130_and_leaves_no_file(tmp_path: Path) -> None:
    import random

    rng = random.Random(3)
    rows = [f"a{i},a{j},{rng.choice([-1, 1])}" for i in range(120) for j in range(i + 1, i + 6)]
    edges = tmp_path / "net.csv"
    edges.write_text("source,target,sign\n" + "\n".join(rows) + "\n", encoding="utf-8")
    argv = [alliances_command(), "robust", str(edges), "-s", "1000000", "-j", "2"]
    _interrupt([*argv, "-o", str(tmp_path / "out.json"), "--heatmap", str(tmp_path / "odds.svg")])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["net.csv"]


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
