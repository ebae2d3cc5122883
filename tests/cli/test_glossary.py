"""`alliances glossary`: the definitions the legends point to, wherever the tool is installed."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import invoke, run_process

from alliances_cli.reports.glossary import glossary_path

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")


def test_every_term_the_docs_define_is_printed_and_nothing_else() -> None:
    done = invoke("glossary")
    assert done.returncode == 0 and done.stderr == ""
    defined = {" ".join(t.split()) for t in re.findall(r"\*\*([^*]+)\*\*", GLOSSARY)}
    printed = {" ".join(t.split()) for t in re.findall(r"\*\*([^*]+)\*\*", done.stdout)}
    assert printed == defined and "Net pull" in printed
    assert "```" not in done.stdout  # the definitions, not the worked screen above them


def test_a_term_prints_its_definition_and_an_unknown_one_lists_the_terms() -> None:
    done = invoke("glossary", "net", "pull")
    assert done.stdout.startswith("**Net pull** (of an actor towards a camp)")
    assert done.stdout.count("\n\n") == 0  # one paragraph
    assert invoke("glossary", "PROVEN", "optimal").stdout.startswith("**Frustration**")
    wrong = run_process("glossary", "sway")
    assert wrong.returncode == 2 and wrong.stdout == ""
    error = wrong.stderr.strip().splitlines()[-1]
    assert error.startswith("Error: Invalid value for TERM: no term 'sway' in the glossary;")
    assert "net pull" in error and "proven optimal" in error  # every term, on the one line


def test_the_legends_point_to_the_command_and_a_wheel_carries_its_text() -> None:
    assert "(alliances glossary)" in invoke("show").stdout
    assert glossary_path() == ROOT / "docs" / "glossary.md"  # this checkout
    project = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    carried = project.split("[tool.hatch.build.targets.wheel.force-include]")[1].split("[")[0]
    assert '"docs/glossary.md" = "alliances_cli/glossary.md"' in carried
    # In a wheel the text sits beside the package's modules, where the reader looks first.
    assert glossary_path().name == "glossary.md"
