"""Benchmarks for alliances: start-up, coalitions at scale, sweeps. Prints a Markdown report.

Run from the repository root, with alliances installed (`pip install -e '.[test]'`):

    python benchmarks/run.py            # everything (a few minutes)
    python benchmarks/run.py --quick    # fewer repetitions

Times are medians over repeated runs on this machine; start-up is reported as ratios against
the import floor measured in the same run, so a slower machine does not move the verdict.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import (  # noqa: E402
    acled_events,
    dense_theaters,
    gdelt_events,
    planted,
    random_theater,
    sweep_scenario,
    uniform,
)

from alliances_cli.engine.solver import Settings, frustration, solve  # noqa: E402

SHARED = ROOT.parent / "shared" / "data" / "signed-networks"
BUNDLED = ROOT / "scenarios" / "mosul-aleppo-2016.yaml"
ROWS: list[tuple[str, str, str, str]] = []


def report(
    what: str, measured: str, target: str, ok: bool | None, verdict: str | None = None
) -> None:
    if verdict is None:
        verdict = "n/a" if ok is None else ("met" if ok else "NOT met")
    ROWS.append((what, measured, target, verdict))
    print(f"  {what}: {measured} (target {target}: {verdict})", file=sys.stderr, flush=True)


def median_time(function: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# -- start-up ---------------------------------------------------------------------------------


def startup(runs: int) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    script = str(Path(sys.executable).parent / "alliances")
    commands = {
        "floor typer+yaml": [sys.executable, "-c", "import typer, yaml"],
        "floor typer+yaml+rich+networkx": [
            sys.executable,
            "-c",
            "import typer, yaml, rich.console, networkx",
        ],
        # For reference: alliances skips the interpreter's last garbage collection at exit
        # (gc.freeze); this is the floor given the same saving.
        "floor typer+yaml, frozen at exit": [
            sys.executable,
            "-c",
            "import typer, yaml, gc; gc.freeze()",
        ],
        "alliances --help": [script, "--help"],
        "alliances validate": [script, "validate", str(BUNDLED)],
        "alliances schema": [script, "schema"],
        "alliances events": [script, "events"],
        "alliances scenarios": [script, "scenarios"],
        "alliances show --format json": [script, "show", "--format", "json"],
    }
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(3):  # warm up: bytecode caches, disk cache
        for argv in commands.values():
            subprocess.run(argv, env=env, capture_output=True, check=True)
    for _ in range(runs):  # interleaved, so drift hits every command alike
        for name, argv in commands.items():
            start = time.perf_counter()
            subprocess.run(argv, env=env, capture_output=True, check=True)
            samples[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(values) for name, values in samples.items()}
    light = medians["floor typer+yaml"]
    heavy = medians["floor typer+yaml+rich+networkx"]
    print(
        f"  floors: typer+yaml {light * 1000:.1f} ms, +rich+networkx {heavy * 1000:.1f} ms",
        file=sys.stderr,
    )
    ROWS.append(
        ("start-up floor: python -c 'import typer, yaml'", f"{light * 1000:.1f} ms", "-", "n/a")
    )
    ROWS.append(
        ("start-up floor: ... + rich.console, networkx", f"{heavy * 1000:.1f} ms", "-", "n/a")
    )
    for name in (
        "alliances --help",
        "alliances validate",
        "alliances schema",
        "alliances events",
        "alliances scenarios",
    ):
        ratio = medians[name] / light
        report(
            f"start-up: {name}",
            f"{medians[name] * 1000:.1f} ms = {ratio:.2f} x floor",
            "<= 1.25 x",
            ratio <= 1.25,
        )
    frozen = medians["floor typer+yaml, frozen at exit"]
    light_commands = ("alliances validate", "alliances events", "alliances scenarios")
    worst = max(light_commands, key=lambda name: medians[name])
    ROWS.append(
        (
            "start-up, for reference: the slowest light command against a floor that also "
            "skips the exit collection",
            f"{worst}: {medians[worst] / frozen:.2f} x {frozen * 1000:.1f} ms",
            "-",
            "n/a",
        )
    )
    ratio = medians["alliances show --format json"] / heavy
    report(
        "start-up: alliances show --format json",
        f"{medians['alliances show --format json'] * 1000:.1f} ms = {ratio:.2f} x floor",
        "<= 1.2 x",
        ratio <= 1.2,
    )


# -- coalitions -------------------------------------------------------------------------------


def coalitions(quick: bool) -> None:
    times, proven = [], []
    for seed in range(5 if quick else 10):
        nodes, weights, _ = planted(30, None, 0.1, seed)
        start = time.perf_counter()
        solution = solve(nodes, weights)
        times.append(time.perf_counter() - start)
        proven.append(solution.optimal)
    t = statistics.median(times)
    report(
        "30 actors, all pairs tied, planted camps, 10% flipped: median",
        f"{t:.3f} s, proven optimal {sum(proven)}/{len(proven)}",
        "< 1 s, proven",
        t < 1 and all(proven),
    )
    # One instance per size is luck of the draw: a size counts when all three are proven.
    largest, beyond = 0, ""
    for n in range(14, 41, 2):
        within = 0
        for seed in range(3):
            nodes, weights = uniform(n, seed)
            start = time.perf_counter()
            solution = solve(nodes, weights, Settings(time_limit=10))
            elapsed = time.perf_counter() - start
            within += solution.optimal and elapsed <= 10
            print(
                f"    uniform n={n} seed {seed}: {elapsed:.2f} s, proven {solution.optimal}",
                file=sys.stderr,
                flush=True,
            )
        if within < 3:
            beyond = f"; {n}: {within} of 3"
            break
        largest = n
    # The issue asks for this number to be reported, with 30 as an aim: the verdict says both.
    report(
        "uniform random signs and weights: largest n with 3 of 3 instances proven within 10 s",
        f"{largest}{beyond}",
        "report it (aim 30)",
        None,
        "reported; aim met" if largest >= 30 else "reported; aim NOT met",
    )
    # The same search in its two loops: Python, and compiled by Numba (the `fast` extra).
    from alliances_cli.engine.solver import search_kernel
    from alliances_cli.engine.solver.graph import SignedGraph
    from alliances_cli.engine.solver.search import branch_and_bound

    if search_kernel.installed():
        python_times, compiled_times, same = [], [], True
        for seed in range(1 if quick else 3):
            graph = SignedGraph(*uniform(24, seed))
            start_at = [0] * len(graph.nodes)
            answers = []
            for compiled, into in ((False, python_times), (True, compiled_times)):
                began = time.perf_counter()
                answers.append(
                    branch_and_bound(
                        graph,
                        Settings(node_budget=10**12),
                        start_at,
                        graph.cost(start_at),
                        compiled=compiled,
                    )
                )
                into.append(time.perf_counter() - began)
            same = same and answers[0] == answers[1] and answers[0].optimal
        report(
            "exact search from a poor start, uniform weights, 24 actors: Python loop vs "
            "compiled loop (Numba)",
            f"Python {', '.join(f'{t:.2f}' for t in python_times)} s; compiled "
            f"{', '.join(f'{t:.2f}' for t in compiled_times)} s; "
            f"{'the same answers' if same else 'DIFFERENT answers'}",
            "the same answers, faster",
            same and sum(compiled_times) < sum(python_times),
        )
    times, ratios = [], []
    for seed in range(1 if quick else 3):
        nodes, weights, labels = planted(1000, 20000, 0.1, seed)
        start = time.perf_counter()
        solution = solve(nodes, weights)
        times.append(time.perf_counter() - start)
        camp_of = {n: i for i, camp in enumerate(solution.camps) for n in camp}
        ratios.append(frustration(camp_of, weights) / frustration(labels, weights))
    t = statistics.median(times)
    report(
        "1,000 actors, 20,000 ties, planted, 10% flipped",
        f"{t:.2f} s; frustration / planted's = {max(ratios):.4f}",
        "< 5 s, <= 1",
        t < 5 and max(ratios) <= 1.0,
    )
    gaps = []
    for n in (20, 25, 30):
        for seed in range(3):
            nodes, weights, _ = planted(n, None, 0.1, seed)
            exact = solve(nodes, weights)
            heuristic = solve(nodes, weights, Settings(exact=False))
            if exact.optimal and exact.frustration > 0:
                gaps.append(heuristic.frustration / exact.frustration - 1)
    report(
        "heuristic's gap to the exact optimum (planted, 20-30 actors, 9 instances)",
        f"max {max(gaps) * 100:.2f}%, mean {statistics.mean(gaps) * 100:.2f}%",
        "<= 2%",
        max(gaps) <= 0.02,
    )


def _edge_list(folder: Path, weights: dict[tuple[str, str], float]) -> Path:
    """A planted network as the CSV edge list an analyst would import."""
    edges = folder / "network.csv"
    rows = [f"{a},{b},{w:.3f}" for (a, b), w in weights.items()]
    edges.write_text("source,target,stance\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return edges


def large_show() -> None:
    """`alliances show` as an analyst runs it on an imported network: the whole command."""
    script = str(Path(sys.executable).parent / "alliances")
    for actors, ties in ((1000, 20000), (3000, 40000)):
        _, weights, _ = planted(actors, ties, 0.1, 0)
        with tempfile.TemporaryDirectory() as tmp:
            edges = _edge_list(Path(tmp), weights)
            for fmt in ("text", "json"):
                start = time.perf_counter()
                done = subprocess.run(
                    [script, "show", str(edges), "--format", fmt], capture_output=True, check=True
                )
                elapsed = time.perf_counter() - start
                size = len(done.stdout)
                volume = f"{size / 2**20:.0f} MiB" if size >= 2**20 else f"{size / 1024:.0f} KiB"
                report(
                    f"show on an edge list of {actors:,} actors, {ties:,} ties ({fmt}, whole "
                    "command)",
                    f"{elapsed:.1f} s, {volume} of output",
                    "report (coalitions in seconds)",
                    None,
                    "reported",
                )


def dense_show() -> None:
    """Issue 34's dense views: every answer within seconds by default, the gap stated."""
    script = str(Path(sys.executable).parent / "alliances")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dense.yaml"
        path.write_text(dense_theaters(), encoding="utf-8")
        elapsed, _, out = _command([script, "show", str(path), "-f", "json"])
        views = json.loads(out)["theaters"]
        gaps = [v["gap"] for v in views if not v["optimal"]]
        report(
            "show on 90 actors, every pair tied (4,005 ties), three theaters of 70-76 actors "
            "(whole command, no --time-limit)",
            f"{elapsed:.1f} s; {len(gaps)} of {len(views)} theaters not proven, gaps "
            + ", ".join(f"{g:.0%}" for g in gaps),
            "within 5 s, the gap stated",
            elapsed <= 5,
        )
        for argv, what in (
            (["robust", str(path), "-s", "20"], "robust -s 20"),
            (["report", str(path), "-s", "20", "-o", str(Path(tmp) / "page.html")], "report -s 20"),
        ):
            elapsed, _, _ = _command([script, *argv])
            report(
                f"{what} on the same 90 actors (whole command, 2 processes)",
                f"{elapsed:.1f} s",
                "within 10 s",
                elapsed <= 10,
            )
        for actors, ties in ((35, 120), (40, 138)):
            path = Path(tmp) / f"r{actors}.yaml"
            path.write_text(random_theater(actors, ties), encoding="utf-8")
            elapsed, _, out = _command([script, "robust", str(path), "-s", "1", "-f", "json"])
            found = json.loads(out)["views"][0]["actors"]
            proven = sum(1 for a in found if a["margin"] and a["margin"]["proven"])
            report(
                f"robust -s 1 on one random theater of {actors} actors and {ties} ties (whole "
                "command, no --time-limit)",
                f"{elapsed:.1f} s; {proven} of {len(found)} margins proven",
                "within 10 s, what is not proven said",
                elapsed <= 10,
            )


def many_components() -> None:
    """Many small components (event data often falls apart so): each is solved on its own
    ties. Side by side, one network of the same size in one piece."""
    script = str(Path(sys.executable).parent / "alliances")
    rng = random.Random(1)
    rows = []
    for component in range(1000):
        members = [f"c{component}_{i}" for i in range(12)]
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if rng.random() < 0.6:
                    rows.append(f"{a},{b},{rng.choice((1, -1)) * rng.uniform(0.2, 1):.2f}")
    _, weights, _ = planted(12_000, len(rows), 0.1, 0)
    with tempfile.TemporaryDirectory() as tmp:
        pieces = Path(tmp) / "pieces.csv"
        pieces.write_text("source,target,stance\n" + "\n".join(rows) + "\n", encoding="utf-8")
        whole = _edge_list(Path(tmp), weights)
        times = {}
        for name, path in (("pieces", pieces), ("whole", whole)):
            start = time.perf_counter()
            subprocess.run(
                [script, "show", str(path), "-f", "json"], capture_output=True, check=True
            )
            times[name] = time.perf_counter() - start
    report(
        f"show on 1,000 components of 12 actors ({len(rows):,} ties), json, whole command",
        f"{times['pieces']:.1f} s; one planted piece of 12,000 actors and as many ties "
        f"{times['whole']:.1f} s",
        "report (each component solved exactly, on its own ties)",
        None,
        "reported",
    )


def _read_network(path: Path) -> tuple[list[str], dict[tuple[str, str], float]]:
    weights: dict[tuple[str, str], float] = {}
    nodes: set[str] = set()
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            a, b = row["source"], row["target"]
            nodes |= {a, b}
            weights[(a, b) if a < b else (b, a)] = float(row["sign"])
    return sorted(nodes), weights


def real_networks() -> None:
    files = [SHARED / "highland-tribes.csv", *sorted((SHARED / "cow").glob("*.csv"))]
    if not files[0].exists():
        report("real signed networks", "shared/ data not found", "-", None)
        return
    for limit, target in ((None, 5.0), (2, 1.0)):
        worst, unproven = 0.0, []
        for path in files:
            nodes, weights = _read_network(path)
            start = time.perf_counter()
            solution = solve(nodes, weights, Settings(limit))
            worst = max(worst, time.perf_counter() - start)
            if not solution.optimal:
                unproven.append(path.stem)
        label = "any number of camps" if limit is None else "--camps 2"
        report(
            f"{len(files)} real networks (Highland tribes, Correlates of War), {label}",
            f"proven optimal {len(files) - len(unproven)}/{len(files)}, slowest {worst:.2f} s",
            f"all proven, each < {target:g} s",
            not unproven and worst < target,
        )


#: The peak resident memory of this process alone, in KiB. `ru_maxrss` would not do: Linux
#: carries the parent's peak across the fork and exec that start the process.
PEAK_KIB = (
    "def peak_kib():\n"
    "    try:\n"
    "        with open('/proc/self/status') as status:\n"
    "            for line in status:\n"
    "                if line.startswith('VmHWM:'):\n"
    "                    return int(line.split()[1])\n"
    "    except OSError:\n"
    "        pass\n"
    "    import resource\n"
    "    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
)


def memory() -> None:
    code = PEAK_KIB + (
        "import sys, time; sys.path.insert(0, sys.argv[1])\n"
        "from generate import planted; from alliances_cli.engine.solver import solve\n"
        "nodes, weights, _ = planted(10000, 200000, 0.1, 0)\n"
        "t = time.perf_counter(); s = solve(nodes, weights); t = time.perf_counter() - t\n"
        "print(t, peak_kib(), s.optimal)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(HERE)], capture_output=True, text=True, check=True
    )
    seconds, peak_kib, optimal = done.stdout.split()
    report(
        "10,000 actors, 200,000 ties: time and peak memory",
        f"{float(seconds):.1f} s, {int(peak_kib) / 1024:.0f} MiB (proven optimal: {optimal})",
        "runs on 2 cores / 24 GiB; report",
        True,
    )


# -- hostile input ----------------------------------------------------------------------------


def hostile() -> None:
    """Files that must be refused fast: an alias bomb, deep nesting, events that apply each
    other twice over 24 levels (16 million operations)."""
    from alliances_cli.scenario.errors import ScenarioError
    from alliances_cli.scenario.load import load_file

    def refused(path: Path) -> None:
        try:
            load_file(str(path))
        except ScenarioError:
            return
        raise AssertionError(f"{path} was accepted")

    corpus = ROOT / "tests" / "hostile"
    for name in ("billion-laughs.yaml", "deep-flow.yaml", "event-bomb.yaml"):
        t = median_time(lambda name=name: refused(corpus / name), 5)  # type: ignore[misc]
        report(f"hostile: {name} refused (in-process)", f"{t * 1000:.0f} ms", "< 1 s", t < 1)


# -- sweeps -----------------------------------------------------------------------------------


def sweeps(quick: bool) -> None:
    from alliances_cli.engine.memo import clear_all
    from alliances_cli.engine.sweep import sweep
    from alliances_cli.scenario.load import load_file

    scenario = load_file(str(BUNDLED))

    def bundled() -> None:
        clear_all()
        sweep(scenario)

    t = median_time(bundled, 5)
    report(
        "sweep: 32 combinations of the bundled scenario's 5 events (beyond start-up)",
        f"{t:.2f} s",
        "< 1 s",
        t < 1,
    )
    if quick:
        return
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cores = cores or 1
    # The command itself, start-up included, as a user runs it: median of three.
    script = str(Path(sys.executable).parent / "alliances")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sweep-bench.yaml"
        path.write_text(sweep_scenario(), encoding="utf-8")
        argv = [script, "sweep", str(path), "--format", "json", "--jobs", str(cores)]
        times = []
        for _ in range(3):
            start = time.perf_counter()
            done = subprocess.run(argv, capture_output=True, check=True, text=True)
            times.append(time.perf_counter() - start)
    outcomes = len(json.loads(done.stdout)["outcomes"])
    elapsed = statistics.median(times)
    report(
        f"sweep: 1,024 combinations of 10 events, 50 actors, {cores} processes (whole command)",
        f"{elapsed:.1f} s, median of 3 (range {min(times):.1f}-{max(times):.1f} s; "
        f"{outcomes} combinations + 45 reversed pairs)",
        "< 10 s",
        elapsed < 10,
    )


def robustness(quick: bool) -> None:
    """`robust`: the bundled scenario and a Correlates of War network, whole command."""
    from alliances_cli.engine.analysis import analyse
    from alliances_cli.engine.margins import margins
    from alliances_cli.engine.memo import clear_all
    from alliances_cli.scenario.load import load_file

    scenario = load_file(str(BUNDLED))

    def every_margin() -> None:
        clear_all()
        analysis = analyse(scenario)
        for view in (*analysis.theaters, analysis.overall):
            margins(view)

    t = median_time(every_margin, 5)
    report(
        "robust: exact margins of every actor and pair, bundled scenario (with its analysis)",
        f"{t * 1000:.0f} ms",
        "< 1 s",
        t < 1,
    )
    script = str(Path(sys.executable).parent / "alliances")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    runs = [("bundled scenario", str(BUNDLED), 2.0)]
    cow = sorted((SHARED / "cow").glob("*.csv"), key=lambda p: p.stat().st_size)
    if cow and not quick:
        runs.append((f"Correlates of War {cow[-1].stem}", str(cow[-1]), 60.0))
    for name, path, target in runs:
        argv = [script, "robust", path, "--samples", "1000", "--format", "json"]
        times = []
        for _ in range(1 if target > 10 else 3):
            start = time.perf_counter()
            done = subprocess.run(argv, capture_output=True, check=True, text=True)
            times.append(time.perf_counter() - start)
        actors = max(len(v["actors"]) for v in json.loads(done.stdout)["views"])
        elapsed = statistics.median(times)
        report(
            f"robust: {name} ({actors} actors), 1,000 samples, {cores} processes (whole command)",
            f"{elapsed:.2f} s" + (f", median of {len(times)}" if len(times) > 1 else ""),
            f"< {target:g} s",
            elapsed < target,
        )


def _command(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float, bytes]:
    """(seconds, peak MiB, stdout) of one run of a command, measured in a child of its own."""
    code = (
        "import json, resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "done = subprocess.run(json.loads(sys.argv[1]), capture_output=True)\n"
        "t = time.perf_counter() - t\n"
        "sys.stderr.buffer.write(done.stderr)\n"
        "sys.stdout.buffer.write(done.stdout)\n"
        "print(json.dumps([t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "
        "done.returncode]), file=sys.stderr)\n"
    )
    full = {**os.environ, **(env or {})}
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(argv)], capture_output=True, env=full
    )
    elapsed, peak_kib, status = json.loads(done.stderr.decode().splitlines()[-1])
    if status != 0:
        raise RuntimeError(f"{argv} exited {status}: {done.stderr.decode()[-500:]}")
    return elapsed, peak_kib / 1024, done.stdout


def published_ratings(quick: bool) -> None:
    """Issue 30's rows: Bitcoin OTC read as SNAP publishes it (gzip, directed, dated)."""
    path = SHARED / "bitcoin-otc.csv.gz"
    if not path.exists():
        report("Bitcoin OTC", "shared/ data not found", "-", None)
        return
    script = str(Path(sys.executable).parent / "alliances")
    runs = 1 if quick else 3
    for argv, label, target in (
        (["show", str(path), "-q"], "show (text)", 3.0),
        (["show", str(path), "-q", "-f", "json"], "show (json)", 3.0),
        (["timeline", str(path), "-q", "--every", "3m"], "timeline by quarter", 30.0),
    ):
        measured = [_command([script, *argv]) for _ in range(runs)]
        elapsed = statistics.median(m[0] for m in measured)
        peak = max(m[1] for m in measured)
        report(
            f"Bitcoin OTC from the .gz (35,592 dated ratings, 5,881 actors): {label}, "
            "whole command",
            f"{elapsed:.1f} s, peak {peak:.0f} MiB",
            f"<= {target:g} s",
            elapsed <= target,
        )


def backtests(quick: bool) -> None:
    """Issue 33's rows: the backtest on the CoW series and on Bitcoin OTC by quarter, each
    beside the timeline of the same slices (the solving it shares), and its peak memory as
    the series grows."""
    script = str(Path(sys.executable).parent / "alliances")
    runs = 1 if quick else 3
    cow = sorted((SHARED / "cow").glob("*.csv"))
    bitcoin = SHARED / "bitcoin-otc.csv.gz"
    if not cow or not bitcoin.exists():
        report("backtest", "shared/ data not found", "-", None)
        return
    for files, label, target in (
        ([str(f) for f in cow], "CoW, 51 windows (1,000 resamples)", 30.0),
        ([str(bitcoin), "--every", "3m"], "Bitcoin OTC by quarter (22 slices)", 60.0),
    ):
        measured = [_command([script, "backtest", *files, "-q"]) for _ in range(runs)]
        timed = [_command([script, "timeline", *files, "-q"]) for _ in range(runs)]
        elapsed = statistics.median(m[0] for m in measured)
        report(
            f"backtest on {label}, whole command (timeline of the same slices beside it)",
            f"{elapsed:.1f} s, peak {max(m[1] for m in measured):.0f} MiB (timeline "
            f"{statistics.median(m[0] for m in timed):.1f} s, peak "
            f"{max(m[1] for m in timed):.0f} MiB)",
            f"<= {target:g} s",
            elapsed <= target,
        )
    peaks = []
    for many in (13, 51):
        argv = [script, "backtest", *map(str, cow[:many]), "-q", "--resamples", "100"]
        peaks.append(max(_command(argv)[1] for _ in range(runs)))
    report(
        "backtest: peak memory on 51 CoW windows over 13",
        f"{peaks[1] / peaks[0]:.2f}x ({peaks[0]:.0f} and {peaks[1]:.0f} MiB)",
        "flat: < 1.2x",
        peaks[1] / peaks[0] < 1.2,
    )


def two_camp_peers(quick: bool) -> None:
    """Issue 31's two-camp rows: --camps 2 on Bitcoin OTC (its ratings, and their signs) and
    on planted two-camp networks, beside the best of 10 simulated-annealing reads."""
    import peers as peer

    script = str(Path(sys.executable).parent / "alliances")
    path = SHARED / "bitcoin-otc.csv.gz"
    with tempfile.TemporaryDirectory() as tmp:
        cases: list[tuple[str, Path]] = []
        if path.exists():
            cases.append(("Bitcoin OTC, mean ratings / 10", path))
            cases.append(("Bitcoin OTC, signs of the summed ratings", _signs(path, Path(tmp))))
        for actors in (10_000,):
            nodes, weights, _ = planted(actors, 4 * actors, 0.05, 7, camps=2)
            planted_path = _edge_list(Path(tmp), weights)
            moved = Path(tmp) / f"planted{actors}.csv"
            planted_path.rename(moved)
            cases.append((f"planted two camps, {actors:,} actors, 5% of signs flipped", moved))
        from alliances_cli.engine.memo import clear_all

        for label, case in cases:
            argv = [script, "show", str(case), "--camps", "2", "-q", "-f", "json"]
            elapsed, _, out = _command(argv)
            ours = json.loads(out)["theaters"][0]["frustration"]
            nodes, weights = _read_network_any(case)
            clear_all()
            start = time.perf_counter()
            solved = solve(nodes, weights, Settings(2))
            solving = time.perf_counter() - start
            theirs = peer.weighted_annealer(nodes, weights)
            other = (
                "dwave-samplers not installed (benchmarks/peers.txt)"
                if theirs is None
                else f"SA best of 10 reads {theirs[1]:.2f} in {theirs[0]:.1f} s"
            )
            report(
                f"--camps 2 on {label}: ours vs simulated annealing, solve only (ours, whole "
                "command, in brackets)",
                f"ours {solved.frustration:.2f} in {solving:.1f} s ({ours:.2f} in "
                f"{elapsed:.1f} s); {other}",
                "no worse than the annealer, in no more time",
                None
                if theirs is None
                else solved.frustration <= theirs[1] + 1e-9 and solving <= theirs[0],
            )


def proofs(quick: bool) -> None:
    """Issue 31's proof rows: Bitcoin OTC (its signs, and its mean ratings / 10) under
    --time-limit 60, two camps beside HiGHS on Aref's binary program given the same minute,
    and any number of camps (no open-source peer proves those)."""
    import peers as peer

    script = str(Path(sys.executable).parent / "alliances")
    path = SHARED / "bitcoin-otc.csv.gz"
    if not path.exists():
        report("Bitcoin OTC proofs", "shared/ data not found", "-", None)
        return
    limit = 60.0
    with tempfile.TemporaryDirectory() as tmp:
        signs = _signs(path, Path(tmp))
        cases = [("signs of the summed ratings", signs), ("mean ratings / 10", path)]
        nodes, planted_weights, _ = planted(5_000, 20_000, 0.02, 7, camps=2)
        start = time.perf_counter()
        solved = solve(nodes, planted_weights, Settings(2, time_limit=limit))
        elapsed = time.perf_counter() - start
        report(
            "planted two camps, 5,000 actors, 20,000 ties weighted 0.2-1, 2% of signs flipped: "
            f"--camps 2 --time-limit {limit:g}, solve only",
            f"{solved.frustration:,.2f}, "
            + ("proven" if solved.optimal else f"bound {solved.lower_bound:,.2f}")
            + f", in {elapsed:.1f} s",
            f"proven within {limit:g} s",
            solved.optimal,
        )
        for actors, ties in ((150, 450), (200, 600)):
            # Mid-sized two-camp views: past the search, within the relaxation's reach.
            path = Path(tmp) / f"random{actors}.yaml"
            path.write_text(random_theater(actors, ties), encoding="utf-8")
            argv = [script, "show", str(path), "-q", "-f", "json", "--camps", "2"]
            elapsed, _, out = _command([*argv, "--time-limit", "30"])
            view = json.loads(out)["theaters"][0]
            report(
                f"random theater, {actors} actors, {ties} weighted ties: --camps 2 "
                "--time-limit 30, whole command",
                f"{view['frustration']:,.2f}, "
                + ("proven" if view["optimal"] else f"bound {view['lower_bound']:,.2f}")
                + f", in {elapsed:.1f} s",
                "report",
                None,
            )
        for label, case in cases[: 1 if quick else 2]:
            for camps, target in (("2", "proven"), (None, "within 1%")):
                argv = [script, "show", str(case), "-q", "-f", "json", "--time-limit", str(limit)]
                if camps:
                    argv += ["--camps", camps]
                elapsed, _, out = _command(argv)
                view = json.loads(out)["theaters"][0]
                gap = 0.0 if view["optimal"] else view["gap"]
                ours = (
                    f"ours {view['frustration']:,.2f}, "
                    + ("proven" if view["optimal"] else f"bound {view['lower_bound']:,.2f}")
                    + f", in {elapsed:.1f} s"
                )
                if camps:
                    found_nodes, found_weights = _read_network_any(case)
                    seconds, best, bound, proven = peer.frustration_index_program(
                        found_nodes, found_weights, limit
                    )
                    ours += (
                        f"; HiGHS on Aref's program {best:,.2f}, "
                        + ("proven" if proven else f"bound {bound:,.2f}")
                        + f", in {seconds:.1f} s"
                    )
                met = view["optimal"] if camps else gap is not None and gap <= 0.01
                report(
                    f"Bitcoin OTC, {label}: "
                    + ("--camps 2" if camps else "any number of camps")
                    + f" --time-limit {limit:g}, whole command",
                    ours,
                    f"{target} within {limit:g} s",
                    met and elapsed <= limit + 15,
                )


def levers(quick: bool) -> None:
    """Issue 32's rows: the least change for a goal, whole command on the bundled scenario, on
    planted 30-actor views, and beside brute force (every partition, a linear program per
    target partition) on views small enough for it."""
    sys.path.insert(0, str(ROOT / "tests" / "engine"))
    from test_least_change import oracle  # the tests' brute force, used as the peer

    from alliances_cli.engine.levers import Movable, least_change, move

    script = str(Path(sys.executable).parent / "alliances")
    goals = [
        ["--move", "turkey", "--to", "us", "-t", "aleppo"],
        ["--move", "iran", "-t", "mosul"],
        ["--break", "russia", "-t", "aleppo"],
    ]
    for goal in goals:
        times = []
        for _ in range(3):
            elapsed, _, out = _command([script, "levers", *goal, "-f", "json"])
            times.append(elapsed)
        document = json.loads(out)
        t = statistics.median(times)
        report(
            f"levers {' '.join(goal)}, bundled scenario (whole command, 3 plans)",
            f"{t:.2f} s, "
            + ("proven" if document["proven"] else "not proven")
            + f", least {document['bound']:.3f}",
            "< 1 s, proven",
            t < 1 and document["proven"],
        )
    seeds = (1, 2) if quick else (1, 2, 3)
    with tempfile.TemporaryDirectory() as tmp:
        for camps in (None, "2"):
            for seed in seeds:
                nodes, weights, _ = planted(30, 130, 0.15, seed, camps=3)
                edges = _edge_list(Path(tmp), weights)
                mover = nodes[0]
                solved = solve(nodes, weights, Settings(int(camps) if camps else None))
                camp_of = {a: i for i, c in enumerate(solved.camps) for a in c}
                target = next(a for a in nodes if camp_of[a] != camp_of[mover])
                argv = [script, "levers", str(edges), "--move", mover, "--to", target]
                argv += ["-f", "json", "--plans", "1"] + (["--camps", camps] if camps else [])
                elapsed, _, out = _command(argv)
                document = json.loads(out)
                report(
                    f"levers --move {mover} --to {target}, planted 3 camps, 30 actors, 130 ties, "
                    f"15% flipped, seed {seed}"
                    + (f", --camps {camps}" if camps else "")
                    + " (whole command, 1 plan)",
                    f"{elapsed:.1f} s, "
                    + (
                        f"proven least {document['bound']:.3f}"
                        if document["proven"]
                        else f"bound {document['bound']}, stopped {document['stopped']}"
                    ),
                    "<= 10 s, proven or the gap",
                    elapsed <= 10,
                )
    rng = random.Random(5)
    for size in (5, 6, 7):
        nodes = [f"a{i}" for i in range(size)]
        weights = {
            (a, b): rng.choice([-1.0, -0.6, -0.3, 0.3, 0.6, 1.0])
            for i, a in enumerate(nodes)
            for b in nodes[i + 1 :]
            if rng.random() < 0.7
        }
        solved = solve(nodes, weights, Settings())
        camp_of = {a: i for i, c in enumerate(solved.camps) for a in c}
        mover = nodes[0]
        target = next((a for a in nodes if camp_of[a] != camp_of[mover]), nodes[1])
        mates = [a for a in nodes if a != mover and camp_of[a] == camp_of[mover]]
        goal = move(mover, target, [m for m in mates if m != target])
        movable = [
            Movable(a, b, w, 1.0) for (a, b), w in sorted(weights.items()) if mover in (a, b)
        ]
        start = time.perf_counter()
        ours = least_change(nodes, weights, movable, goal, margin=0.05, plans=1)
        mine = time.perf_counter() - start
        start = time.perf_counter()
        brute = oracle(nodes, weights, movable, goal, 0.05, None, None)
        theirs = time.perf_counter() - start
        report(
            f"levers engine beside brute force, {size} actors, {len(weights)} ties, "
            f"{len(movable)} levers",
            f"ours {ours.bound:.4f} in {mine:.2f} s; brute force {brute:.4f} in {theirs:.2f} s",
            "the same least change",
            ours.bound == brute or abs(ours.bound - brute) < 1e-4,
        )


def _signs(path: Path, folder: Path) -> Path:
    """The network at `path` as an edge list of the signs of its ties (Bitcoin OTC's ratings
    summed per pair, as the issue measured it)."""
    _, weights = _read_network_any(path)
    signs = folder / "bitcoin-signs.csv"
    signs.write_text(
        "source,target,sign\n"
        + "".join(f"{a},{b},{1 if w > 0 else -1}\n" for (a, b), w in weights.items()),
        encoding="utf-8",
    )
    return signs


def _read_network_any(path: Path) -> tuple[list[str], dict[tuple[str, str], float]]:
    """The actors and tie weights of any network the command reads, as it reads them."""
    import alliances_cli as al
    from alliances_cli.engine.dated import current

    scenario = current(al.load(str(path)))
    weights: dict[tuple[str, str], float] = {}
    for tie in scenario.ties:
        w = (tie.stance or 0.0) * tie.confidence
        if w:
            weights[(tie.a, tie.b) if tie.a < tie.b else (tie.b, tie.a)] = w
    return [a.id for a in scenario.actors], weights


def _volume(size: int) -> str:
    return f"{size / 2**20:.0f} MiB" if size >= 2**20 else f"{size / 1024:.0f} KiB"


def peers(quick: bool) -> None:
    """Issue 18's rows, each side by side with its peer in the same run."""
    import peers as peer

    from alliances_cli.engine.memo import clear_all

    # The heuristic on large networks against igraph's Leiden CPM(0), igraph loaded for both.
    peer.leiden(["a", "b"], {("a", "b"): 1.0})
    for actors, ties in ((1_000, 20_000), (10_000, 200_000)):
        nodes, weights, _ = planted(actors, ties, 0.1, 0)
        clear_all()
        start = time.perf_counter()
        ours = solve(nodes, weights)
        elapsed = time.perf_counter() - start
        theirs, found = peer.leiden(nodes, weights)
        report(
            f"coalitions of {actors:,} actors, {ties:,} ties (planted): ours vs igraph Leiden "
            "CPM(0)",
            f"ours {elapsed:.2f} s, frustration {ours.frustration:,.1f}; Leiden {theirs:.2f} s, "
            f"{found:,.1f}",
            "frustration <= Leiden's, time within a small factor",
            ours.frustration <= found + 1e-6,
        )
    # Whole commands at scale.
    script = str(Path(sys.executable).parent / "alliances")
    sizes = [(10_000, 200_000, 10.0, 1.0)]
    if not quick:
        sizes.append((50_000, 1_000_000, 60.0, 4.0))
    for actors, ties, seconds, gib in sizes:
        _, weights, _ = planted(actors, ties, 0.1, 0)
        with tempfile.TemporaryDirectory() as tmp:
            edges = _edge_list(Path(tmp), weights)
            for fmt in ("text", "json"):
                elapsed, peak, out = _command([script, "show", str(edges), "--format", fmt])
                report(
                    f"show on {actors:,} actors, {ties:,} ties ({fmt}, whole command)",
                    f"{elapsed:.1f} s, peak {peak / 1024:.2f} GiB, {_volume(len(out))} out",
                    f"< {seconds:g} s, < {gib:g} GiB",
                    elapsed < seconds and peak / 1024 < gib,
                )
    # Hand-sized but hard: random +-1 ties, as a fuzz run found them.
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for actors, ties, seed in ((25, 139, 1), (30, 250, 3), (40, 378, 2)):
            rng = random.Random(seed)
            pairs: set[tuple[int, int]] = set()
            while len(pairs) < ties:
                a, b = sorted(rng.sample(range(actors), 2))
                pairs.add((a, b))
            path = Path(tmp) / f"dense{actors}.csv"
            lines = [f"x{a},x{b},{rng.choice([1, -1])}" for a, b in sorted(pairs)]
            path.write_text("source,target,sign\n" + "\n".join(lines) + "\n", encoding="utf-8")
            elapsed, _, _ = _command([script, "show", str(path), "--format", "json"])
            worst = max(worst, elapsed)
    report(
        "hand-sized hard views (25-40 actors, random +-1 ties), show, whole command",
        f"slowest {worst:.2f} s",
        "< 2 s",
        worst < 2.0,
    )
    # Exact search: uniform weights, ours against HiGHS's all-triangle program, 10 s each.
    for n in (26, 30):
        ours_proven = theirs_proven = 0
        ours_times, theirs_times = [], []
        for seed in range(1 if quick else 3):
            nodes, weights = uniform(n, seed)
            clear_all()
            start = time.perf_counter()
            mine = solve(nodes, weights, Settings(time_limit=10))
            ours_times.append(time.perf_counter() - start)
            ours_proven += mine.optimal
            elapsed, _, _, proven = peer.triangle_program(nodes, weights, 10.0)
            theirs_times.append(elapsed)
            theirs_proven += proven
        count = len(ours_times)
        report(
            f"uniform weights, {n} actors: proven within 10 s, ours vs HiGHS all-triangle program",
            f"ours {ours_proven}/{count} (max {max(ours_times):.1f} s); HiGHS {theirs_proven}/"
            f"{count} (max {max(theirs_times):.1f} s)",
            "all proven at 26 (aim 30 actors)",
            ours_proven == count,
        )
    # --camps 2 on the Correlates of War networks, whole command, against the annealer.
    files = sorted((SHARED / "cow").glob("*.csv"))
    if files:
        times = [
            _command([script, "show", str(f), "--camps", "2", "--format", "json"])[0]
            for f in (files[::5] if quick else files)
        ]
        annealed = []
        for path in files[::5] if quick else files:
            nodes, weights = _read_network(path)
            found = peer.annealer(nodes, weights)
            if found is None:
                break
            annealed.append(found[0])
        other = (
            f"; dwave SA (100 reads, solve only) median {statistics.median(annealed):.2f} s"
            if annealed
            else "; dwave-networkx not installed (benchmarks/peers.txt)"
        )
        report(
            f"--camps 2 on {len(times)} Correlates of War networks (whole command, proven; peer: "
            "solve only, imports not counted)",
            f"median {statistics.median(times):.3f} s, slowest {max(times):.2f} s{other}",
            "median < 0.3 s",
            statistics.median(times) < 0.3,
        )


def _flat(what: str, small: float, large: float) -> None:
    """The memory row of an import: peak at 1,000,000 over the peak at 100,000."""
    growth = large / small
    report(
        f"import-events: peak memory at 1,000,000 {what}",
        f"{growth:.2f}x",
        "flat: < 1.2x",
        growth < 1.2,
    )


def events(quick: bool) -> None:
    """`import-events` on synthetic GDELT 2.0 files, and `timeline` on the CoW series."""
    script = str(Path(sys.executable).parent / "alliances")
    with tempfile.TemporaryDirectory() as folder:
        peaks = {}
        for size in (100_000, 1_000_000):
            path = Path(folder) / f"gdelt-{size}.tsv"
            gdelt_events(str(path), size)
            for window in (None, "1m"):
                argv = [script, "import-events", str(path), "-o", str(Path(folder) / "out.yaml")]
                argv += ["--window", window] if window else []
                elapsed, peak, _ = _command(argv)
                peaks[(size, window)] = peak
                by = ", one tie per pair and month" if window else ", as of the last day"
                report(
                    f"import-events: {size:,} GDELT 2.0 events ({_volume(path.stat().st_size)})"
                    + by,
                    f"{elapsed:.1f} s, peak {peak:.0f} MiB",
                    "< 30 s" if size == 1_000_000 else "report it",
                    elapsed < 30 if size == 1_000_000 else None,
                )
        _flat("events over 100,000 (as of a day)", peaks[(100_000, None)], peaks[(1_000_000, None)])
        acled_peaks = {}
        for size in (100_000, 1_000_000):
            path = Path(folder) / f"acled-{size}.csv"
            acled_events(str(path), size)
            argv = [script, "import-events", str(path), "-o", str(Path(folder) / "out.yaml")]
            elapsed, peak, _ = _command(argv)
            acled_peaks[size] = peak
            report(
                f"import-events: {size:,} ACLED-like rows ({_volume(path.stat().st_size)}), "
                "as of the last day",
                f"{elapsed:.1f} s, peak {peak:.0f} MiB",
                "< 30 s" if size == 1_000_000 else "report it",
                elapsed < 30 if size == 1_000_000 else None,
            )
        _flat("ACLED rows over 100,000", acled_peaks[100_000], acled_peaks[1_000_000])
    cow = sorted((SHARED / "cow").glob("*.csv"))
    if cow:
        elapsed, peak, _ = _command([script, "timeline", *map(str, cow), "-f", "json"])
        report(
            f"timeline: the {len(cow)} Correlates of War networks (whole command)",
            f"{elapsed:.1f} s, peak {peak:.0f} MiB",
            "report it",
            None,
        )


def _dask_cluster(folder: Path) -> tuple[str, list[subprocess.Popen[bytes]]]:
    """A scheduler and two single-threaded workers on 127.0.0.1, as a user starts them."""
    dask = str(Path(sys.executable).parent / "dask")
    address_file = folder / "scheduler.json"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    scheduler = subprocess.Popen(
        [dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
         "--scheduler-file", str(address_file)],
        **quiet,
    )  # fmt: skip
    while not (address_file.exists() and address_file.stat().st_size):
        time.sleep(0.1)
    address = json.loads(address_file.read_text())["address"]
    workers = subprocess.Popen(
        [dask, "worker", address, "--nworkers", "2", "--nthreads", "1", "--no-dashboard",
         "--local-directory", str(folder)],
        **quiet,
    )  # fmt: skip
    import distributed

    with distributed.Client(address) as client:
        client.wait_for_workers(2, timeout=60)
    return address, [workers, scheduler]


def dask_executor(quick: bool) -> None:
    """`--executor dask` on a 2-worker cluster against the local pool, whole commands, and
    the chunk sizes that set the per-task overhead (in-process, the same cluster)."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        print("  dask: skipped (pip install '.[dask]')", file=sys.stderr)
        return
    import alliances_cli as al
    from alliances_cli.cluster import DaskRunner
    from alliances_cli.engine import robust as robust_engine
    from alliances_cli.engine import sweep as sweep_engine

    script = str(Path(sys.executable).parent / "alliances")
    with tempfile.TemporaryDirectory() as folder:
        scenario = Path(folder) / "twelve-events.yaml"
        scenario.write_text(sweep_scenario(events=12), encoding="utf-8")
        address, processes = _dask_cluster(Path(folder))
        try:
            cow = sorted((SHARED / "cow").glob("*.csv"), key=lambda p: p.stat().st_size)
            runs = [
                ("sweep: 4,095 combinations of 12 events", ["sweep", str(scenario)], True),
                # Per sample, the bundled scenario is a quarter of a millisecond of work: the
                # cluster's fixed cost (importing distributed, 0.7 s) is what this row shows.
                ("robust: 10,000 samples, bundled scenario", ["robust", "-s", "10000"], False),
            ]
            if cow:
                runs.append(
                    (
                        f"robust: 10,000 samples, Correlates of War {cow[-1].stem} (155 actors)",
                        ["robust", str(cow[-1]), "-s", "10000"],
                        True,
                    )
                )
            for name, argv, judged in runs:
                local, _, out_local = _command([script, *argv, "-f", "json", "-j", "2"])
                remote, _, out_remote = _command(
                    [script, *argv, "-f", "json", "--executor", "dask", "--scheduler", address]
                )
                same = out_local == out_remote
                report(
                    f"{name}: 2-worker Dask cluster over the local pool (-j 2), whole command",
                    f"{remote:.1f} s over {local:.1f} s = {remote / local:.2f}x"
                    + ("" if same else ", OUTPUT DIFFERS"),
                    "< 1.3x, same bytes" if judged else "same bytes; report the ratio",
                    (remote / local < 1.3 and same) if judged else same,
                )
            if quick:
                return
            model = al.load(scenario)
            with DaskRunner(address) as runner:
                timings = []
                for size in (8, 32, 64, 128):
                    sweep_engine.SWEEP_CHUNK = size
                    al.clear_caches()
                    runner.client.restart()
                    start = time.perf_counter()
                    al.sweep(model, runner=runner)
                    timings.append(f"{size}: {time.perf_counter() - start:.1f} s")
                report("sweep on the cluster by chunk size (combinations per task)",
                       ", ".join(timings), "report it", None)  # fmt: skip
                bundled = al.load()
                timings = []
                for size in (50, 250, 1000):
                    robust_engine.ROBUST_CHUNK = size
                    al.clear_caches()
                    runner.client.restart()
                    start = time.perf_counter()
                    al.robust(bundled, samples=10000, runner=runner)
                    timings.append(f"{size}: {time.perf_counter() - start:.2f} s")
                report("robust on the cluster by chunk size (samples per task)",
                       ", ".join(timings), "report it", None)  # fmt: skip
        finally:
            for process in processes:
                process.terminate()
                process.wait(timeout=30)


PARTS = (
    "startup",
    "coalitions",
    "large",
    "networks",
    "memory",
    "hostile",
    "sweeps",
    "robust",
    "events",
    "ratings",
    "twocamps",
    "proofs",
    "levers",
    "backtest",
    "dask",
    "peers",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument(
        "--only",
        choices=PARTS,
        action="append",
        help="run only these parts (repeatable); default: all",
    )
    args = parser.parse_args()
    parts = set(args.only or PARTS)
    # Commands run as users run them, with bytecode caches: under PYTHONDONTWRITEBYTECODE every
    # child compiled each module it imported that had no cache yet (the LP module: 10-20 ms of
    # every `--camps 2` command on the Correlates of War networks).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    import compileall

    compileall.compile_dir(str(ROOT / "alliances_cli"), quiet=1)
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next(
                line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")
            )
    except (OSError, StopIteration):
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if "startup" in parts:
        print("startup...", file=sys.stderr)
        startup(5 if args.quick else 31)
    if "coalitions" in parts:
        print("coalitions...", file=sys.stderr)
        coalitions(args.quick)
    if "large" in parts:
        print("large networks, whole command...", file=sys.stderr)
        large_show()
        dense_show()
        many_components()
    if "networks" in parts:
        real_networks()
    if "memory" in parts:
        memory()
    if "hostile" in parts:
        hostile()
    if "sweeps" in parts:
        print("sweeps...", file=sys.stderr)
        sweeps(args.quick)
    if "robust" in parts:
        print("robustness...", file=sys.stderr)
        robustness(args.quick)
    if "events" in parts:
        print("event data and timelines...", file=sys.stderr)
        events(args.quick)
    if "ratings" in parts:
        print("published directed, dated ratings...", file=sys.stderr)
        published_ratings(args.quick)
    if "twocamps" in parts:
        print("two camps, side by side with simulated annealing...", file=sys.stderr)
        two_camp_peers(args.quick)
    if "proofs" in parts:
        print(
            "proofs on Bitcoin OTC, side by side with HiGHS on the binary program...",
            file=sys.stderr,
        )
        proofs(args.quick)
    if "levers" in parts:
        print("levers: the least change, beside brute force...", file=sys.stderr)
        levers(args.quick)
    if "backtest" in parts:
        print("backtest...", file=sys.stderr)
        backtests(args.quick)
    if "dask" in parts:
        print("dask executor...", file=sys.stderr)
        dask_executor(args.quick)
    if "peers" in parts:
        print("large networks and exact search, side by side with peers...", file=sys.stderr)
        peers(args.quick)
    print(f"Python {platform.python_version()}, {cpu}, {cores} cores, {platform.system()}")
    print()
    print("| benchmark | measured (median) | target | verdict |")
    print("| --- | --- | --- | --- |")
    for row in ROWS:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
