"""The shape of the package, as docs/architecture.md draws it, checked from the imports.

Layers import only those below them (scenario < engine < reports < api < cli), and the
command line only the API; no module
imports another's private name; no two modules import each other, even for types only; the
package's public names load the API on first use and never shadow it.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "alliances_cli"

#: Each layer and what it may import besides itself (the leaves at the bottom: errors, the
#: exit codes, atomic output, the version, the Dask runner).
LEAVES = {"exitcodes", "output", "version", "cluster"}
LAYERS = {
    "scenario": {"scenario"},
    "engine": {"scenario", "engine"},
    "reports": {"scenario", "engine", "reports"},
    "api": {"scenario", "engine", "reports", "api"},
    "cli": {"scenario", "engine", "reports", "api", "cli"},
}

#: All the command line imports of the package: the API, itself, and two leaves.
CLI_ALLOWED = {"api", "cli", "exitcodes", "version"}


def modules() -> dict[str, Path]:
    """Module name (without the package prefix) -> file."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(path: Path) -> list[tuple[str, str, int]]:
    """(module imported, name imported from it or "", line) for every import of the package,
    at any depth of the file (imports inside functions and TYPE_CHECKING blocks count)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "alliances_cli" or node.module.startswith("alliances_cli."):
                module = node.module.removeprefix("alliances_cli").lstrip(".")
                for alias in node.names:
                    found.append((module, alias.name, node.lineno))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("alliances_cli."):
                    found.append((alias.name.removeprefix("alliances_cli."), "", node.lineno))
    return found


def edges() -> dict[str, set[str]]:
    """Module -> the package's modules it imports (a name that is a submodule counts as it)."""
    known = modules()
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in known.items():
        for module, imported, _ in imports(path):
            target = f"{module}.{imported}".strip(".")
            target = target if target in known else module
            if target in known and target != name:
                graph[name].add(target)
    return graph


def layer(module: str) -> str:
    return module.split(".")[0]


def test_no_module_imports_another_modules_private_name() -> None:
    crossings = [
        f"{path.relative_to(ROOT)}:{line}: {imported} from {module}"
        for path in modules().values()
        for module, imported, line in imports(path)
        if imported.startswith("_") and not imported.startswith("__")
    ]
    assert crossings == []


def test_no_import_circle_even_for_types() -> None:
    graph = edges()
    circles = []
    for start in sorted(graph):
        stack, seen = [(start, [start])], set()
        while stack:
            node, path = stack.pop()
            for nxt in sorted(graph.get(node, ())):
                if nxt == start:
                    circles.append(" -> ".join([*path, start]))
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*path, nxt]))
    assert circles == []


def test_each_layer_imports_only_the_layers_below_it() -> None:
    upward = []
    for name, targets in edges().items():
        own = layer(name)
        if own not in LAYERS:
            continue
        for target in targets:
            if layer(target) not in LAYERS[own] | LEAVES and target != "":
                upward.append(f"{name} -> {target}")
    assert upward == []


def test_the_command_line_is_a_thin_shell_over_the_api() -> None:
    reaches = sorted(
        f"{name} -> {target}"
        for name, targets in edges().items()
        if layer(name) == "cli"
        for target in targets
        if layer(target) not in CLI_ALLOWED
    )
    assert reaches == []


@pytest.mark.parametrize("name", ["report", "robust", "timeline", "analyse"])
def test_the_public_names_are_the_apis_even_after_the_reports_are_loaded(name: str) -> None:
    import alliances_cli as al
    from alliances_cli import api

    al.analyse(al.load()).text()  # loads the reports package
    assert getattr(al, name) is getattr(api, name)
    assert name in dir(al)


def test_the_command_line_starts_without_the_api() -> None:
    code = "import sys, alliances_cli.cli; print('alliances_cli.api' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr


#: Modules a test reaches only by running a command in-process (`alliances_cli.cli.run`) or
#: in a subprocess: the shell's command modules, whose logic is which API call and which
#: exit code, tested by tests/cli/ and the command tests. A new module with logic gets a test
#: that imports it; this list only shrinks.
THROUGH_COMMANDS = {
    "__main__": "python -m alliances_cli: tests/test_cli.py",
    "cli.analysis": "show and whatif's shared options: tests/cli/test_formats.py",
    "cli.backtest": "backtest: tests/test_backtest.py",
    "cli.errors": "the exit-status table: tests/cli/test_exit_codes.py",
    "cli.eventdata": "import-events: tests/test_import_events.py",
    "cli.options": "shared options: tests/cli/test_formats.py, tests/cli/test_streams.py",
    "cli.output": "--output, --format, pager: tests/test_outputs.py, tests/cli/test_streams.py",
    "cli.levers": "levers: tests/test_levers.py",
    "cli.process": "collector and quick exit: tests/cli/test_exit_codes.py",
    "cli.report": "report: tests/test_report.py",
    "cli.robust": "robust: tests/test_robust.py",
    "cli.scenarios": "validate, scenarios, actors, ties: tests/test_cli.py",
    "cli.timeline": "timeline: tests/test_timeline.py",
    "cli.whatif": "whatif, sweep, events: tests/test_events.py",
    "engine.preload": "import-time tuning for workers: tests/test_imports.py",
    "reports.drawing.exports": "graph -o x.dot|graphml|gexf: tests/test_graph.py",
    "reports.drawing.heatmap": "robust --heatmap: tests/test_robust.py",
    "reports.drawing.reliability": "backtest --picture: tests/test_backtest.py",
    "reports.drawing.svgmap": "the report's map: tests/test_report.py",
    "reports.listings": "scenarios, actors, ties: tests/test_cli.py",
    "scenario.bundled": "the bundled scenarios by name: tests/test_cli.py",
    "scenario.importers.eventdata_ties": "import-events: tests/test_import_events.py",
}


def _tested_modules() -> set[str]:
    """The package's modules a test imports, directly or as a name a package re-exports
    (`from alliances_cli.engine.solver import Settings`, `al.analyse`)."""
    import importlib

    import alliances_cli

    known = modules()
    found: set[str] = set()

    def resolve(module: str, name: str) -> None:
        target = f"{module}.{name}".strip(".")
        if target in known:
            found.add(target)
            return
        found.add(module)
        try:
            value = getattr(importlib.import_module(f"alliances_cli.{module}".rstrip(".")), name)
        except (AttributeError, ImportError):
            return
        owner = getattr(value, "__module__", "") or ""
        if owner.startswith("alliances_cli."):
            found.add(owner.removeprefix("alliances_cli."))

    for path in (ROOT / "tests").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases = {"alliances_cli"}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name == "alliances_cli" and alias.asname:
                        aliases.add(alias.asname)
                    elif alias.name.startswith("alliances_cli."):
                        found.add(alias.name.removeprefix("alliances_cli."))
            elif (
                isinstance(node, ast.ImportFrom)
                and node.level == 0
                and (node.module or "").split(".")[0] == "alliances_cli"
            ):
                for alias in node.names:
                    resolve(
                        (node.module or "").removeprefix("alliances_cli").lstrip("."), alias.name
                    )
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and not node.attr.startswith("_")
            ):
                resolve("", node.attr)
    assert alliances_cli  # imported so that its lazy names resolve
    return found


def test_every_module_with_logic_is_imported_by_a_test() -> None:
    known = modules()
    # Packages' __init__ files that only gather names, and the version string, hold no logic.
    trivial = {name for name, path in known.items() if len(path.read_text().splitlines()) < 12}
    untested = set(known) - _tested_modules() - trivial - set(THROUGH_COMMANDS)
    assert not untested, f"no test imports {sorted(untested)}: add unit tests"
    stale = set(THROUGH_COMMANDS) & _tested_modules()
    assert not stale, f"{sorted(stale)} now have tests of their own: strike them from the list"
