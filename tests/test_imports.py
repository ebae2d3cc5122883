"""Start-up cost: each command imports only what it needs (checked by module set, not time)."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BUNDLED

PROBE = """
import json, sys
sys.argv = ["alliances", *json.loads(sys.argv[1])]
from alliances_cli.cli import main
try:
    main()
except SystemExit:
    pass
with open(sys.argv[-1] if False else {out!r}, "w") as handle:
    json.dump(sorted(sys.modules), handle)
"""

HEAVY = {"networkx", "numpy", "scipy", "matplotlib", "pandas", "numba"}


def imported(args: list[str], tmp_path: Path) -> set[str]:
    out = tmp_path / "modules.json"
    subprocess.run(
        [sys.executable, "-c", PROBE.format(out=str(out)), json.dumps(args)],
        capture_output=True,
        check=True,
    )
    return {name.split(".")[0] for name in json.loads(out.read_text())}


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["validate", str(BUNDLED)],
        ["schema"],
        ["scenarios"],
        ["events"],
        ["events", "--format", "json"],
    ],
    ids=lambda a: " ".join(a[:1]),
)
def test_light_commands_import_no_graph_numeric_or_terminal_library(
    args: list[str], tmp_path: Path
) -> None:
    # Piped (as here), text is drawn without Rich; Rich is for a terminal only.
    assert not imported(args, tmp_path) & (HEAVY | {"rich"})


def test_graph_exports_do_not_import_matplotlib(tmp_path: Path) -> None:
    modules = imported(["graph", "--format", "dot"], tmp_path)
    assert "networkx" in modules
    assert "matplotlib" not in modules


def test_show_json_on_a_small_scenario_imports_no_graph_numeric_or_plotting_library(
    tmp_path: Path,
) -> None:
    # The analysis works on plain tables; networkx is for exports, numpy and HiGHS for views
    # too large for the branch and bound alone.
    modules = imported(["show", "--format", "json"], tmp_path)
    assert not modules & (HEAVY | {"highspy"})


def test_a_network_large_enough_for_leiden_imports_igraph_but_not_matplotlib(
    tmp_path: Path,
) -> None:
    # igraph imports pyplot when it can (0.5 s at every such start); it is kept from it.
    rng = random.Random(1)
    edges = tmp_path / "net.csv"
    pairs = {tuple(sorted(rng.sample(range(500), 2))) for _ in range(900)}
    rows = [f"a{a},a{b},{rng.choice((1, -1))}" for a, b in sorted(pairs)]
    edges.write_text("source,target,sign\n" + "\n".join(rows) + "\n", encoding="utf-8")
    modules = imported(["show", str(edges), "--format", "json"], tmp_path)
    assert "igraph" in modules
    assert "matplotlib" not in modules


def test_robust_imports_matplotlib_only_for_a_heatmap(tmp_path: Path) -> None:
    modules = imported(["robust", "--samples", "20", "-j", "1", "--format", "json"], tmp_path)
    # Each camp's resilience is a mixed-integer program: HiGHS and numpy, no more.
    assert not modules & ((HEAVY - {"numpy"}) | {"rich"})


EXIT_PROBE = """
import atexit, gc, sys
sys.argv = ["alliances", *sys.argv[1:]]
# atexit runs before the interpreter's last collection: report what it would have to walk.
atexit.register(
    lambda: print(
        gc.get_threshold()[0], len(gc.get_objects()), gc.get_freeze_count(), file=sys.stderr
    )
)
from alliances_cli.cli import main
main()
"""


@pytest.mark.parametrize(
    "args", [["validate", str(BUNDLED)], ["events"], ["nonsense"]], ids=lambda a: a[0]
)
def test_the_collector_runs_seldom_and_has_nothing_to_walk_at_exit(args: list[str]) -> None:
    # Python's last collection at exit walks every live object: 7-9 ms of a light command.
    # Its passes during a run found little and cost a third of a large `show`.
    done = subprocess.run([sys.executable, "-c", EXIT_PROBE, *args], capture_output=True, text=True)
    threshold, tracked, frozen = map(int, done.stderr.split()[-3:])
    assert frozen > 10_000 and tracked < frozen / 100
    assert threshold >= 10_000


def test_the_package_loads_its_python_api_only_when_used() -> None:
    probe = (
        "import sys, alliances_cli; before = 'alliances_cli.api' in sys.modules; "
        "alliances_cli.load; print(before, 'alliances_cli.api' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout.split() == ["False", "True"]


@pytest.mark.parametrize(
    ("args", "unloaded"),
    [
        (["--help"], ("alliances_cli.api", "alliances_cli.engine", "alliances_cli.reports")),
        # validate applies each named event (engine.events), and analyses nothing.
        (
            ["validate", str(BUNDLED)],
            (
                "alliances_cli.reports",
                "alliances_cli.engine.solver",
                "alliances_cli.engine.analysis",
                "alliances_cli.engine.stress",
                # A YAML scenario is told from an edge list without the edge-list reader.
                "alliances_cli.scenario.importers.edgelist",
                "alliances_cli.scenario.importers.ratings",
            ),
        ),
    ],
    ids=["help", "validate"],
)
def test_light_commands_load_no_more_of_the_package_than_they_use(
    args: list[str], unloaded: tuple[str, ...], tmp_path: Path
) -> None:
    # The command line reaches everything through the API, whose modules import the engine
    # and the reports only inside the functions that use them.
    out = tmp_path / "modules.json"
    subprocess.run(
        [sys.executable, "-c", PROBE.format(out=str(out)), json.dumps(args)],
        capture_output=True,
        check=True,
    )
    loaded = json.loads(out.read_text())
    assert [m for m in loaded if m.startswith(unloaded)] == []


def test_an_edge_list_to_json_never_loads_the_yaml_library(tmp_path: Path) -> None:
    edges = tmp_path / "net.csv"
    edges.write_text("source,target,sign\na,b,1\nb,c,-1\n", encoding="utf-8")
    modules = imported(["show", str(edges), "--format", "json"], tmp_path)
    assert "yaml" not in modules


GC_PROBE = """
import atexit, gc, os, sys
sys.argv = ["alliances", *sys.argv[1:]]

def report(how):
    print(
        gc.isenabled(), "scipy.sparse" in sys.modules, "matplotlib" in sys.modules, how,
        file=sys.stderr, flush=True,
    )

atexit.register(report, "ordinary")
quick = os._exit
os._exit = lambda code: (report("quick"), quick(code))
import importlib
process = importlib.import_module("alliances_cli.cli.process")
process.UNCOLLECTED_TIES = 5  # the bundled scenario counts as large here
from alliances_cli.cli import main
main()
"""


@pytest.mark.parametrize(
    ("args", "collecting"),
    [
        (["show", "-f", "json"], False),
        (["robust", "--samples", "20", "-j", "1", "-f", "json"], True),
    ],
    ids=["one-analysis", "many-analyses"],
)
def test_a_large_analysis_runs_without_the_collector_after_importing_its_libraries(
    args: list[str], collecting: bool
) -> None:
    # One large analysis: the collector only walked what lives to the end (5.5 s of a
    # million ties). The libraries come first, so that their import-time reference cycles
    # cannot hold the solver's frames. Many analyses (samples) keep the collector.
    # (The robust run never loads igraph: its view is small.)
    done = subprocess.run([sys.executable, "-c", GC_PROBE, *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    enabled, imported, plotting, how = done.stderr.split()[-4:]
    assert enabled == str(collecting)
    assert imported == str(not collecting)
    assert plotting == "False"  # igraph, loaded early, is kept from importing matplotlib
    # One large analysis ends the process without freeing it object by object (2 s of a
    # million ties), its output complete.
    assert how == ("ordinary" if collecting else "quick")
    assert json.loads(done.stdout)["schema"]


def test_a_large_analysis_ending_quickly_keeps_its_exit_code() -> None:
    args = ["show", "-f", "json", "--fail-on-stress", "0"]
    done = subprocess.run([sys.executable, "-c", GC_PROBE, *args], capture_output=True, text=True)
    assert done.returncode == 3, done.stderr
    assert done.stderr.split()[-1] == "quick"
    assert "at or above --fail-on-stress" in done.stderr
    assert json.loads(done.stdout)["schema"]
