"""Keep the docs honest: every `console` example in README.md and docs/ runs as printed.

A console block holds commands (lines starting with `$ `) each followed by its exact output.
Commands run with bash from the repository root, with the installed `alliances` first on PATH.
Run `python tests/test_docs.py --update` to rewrite the outputs after a deliberate change.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```console\n(.*?)^```\n", re.M | re.S)


def examples(path: Path) -> list[tuple[str, str]]:
    """(command, expected output) pairs, in order."""
    pairs: list[tuple[str, str]] = []
    for block in BLOCK.finditer(path.read_text(encoding="utf-8")):
        command: str | None = None
        output: list[str] = []
        for line in block.group(1).splitlines():
            if line.startswith("$ "):
                if command is not None:
                    pairs.append((command, "".join(output)))
                command, output = line[2:], []
            else:
                output.append(line + "\n")
        if command is not None:
            pairs.append((command, "".join(output)))
    return pairs


def execute(command: str) -> str:
    bin_dir = str(Path(sys.executable).parent)
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
    result = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120
    )
    return result.stdout


CASES = [
    pytest.param(command, expected, id=f"{path.name}: {command[:60]}")
    for path in DOCS
    for command, expected in examples(path)
]


@pytest.mark.parametrize(("command", "expected"), CASES)
def test_documented_example_runs_as_printed(command: str, expected: str) -> None:
    if "../shared/" in command and not (ROOT.parent / "shared").is_dir():
        pytest.skip("../shared (the published networks) is not beside this checkout")
    assert execute(command) == expected


@pytest.mark.parametrize("path", [ROOT / "docs" / "api.md"], ids=lambda p: p.name)
def test_python_examples_run_as_printed(path: Path) -> None:
    import doctest

    failures, tried = doctest.testfile(
        str(path), module_relative=False, optionflags=doctest.ELLIPSIS, verbose=False
    )
    assert tried > 20 and failures == 0


def test_the_api_module_examples_run_as_printed() -> None:
    import doctest
    import importlib
    import pkgutil

    import alliances_cli.api

    names = ["alliances_cli.api"] + [
        f"alliances_cli.api.{m.name}" for m in pkgutil.iter_modules(alliances_cli.api.__path__)
    ]
    results = [doctest.testmod(importlib.import_module(n), verbose=False) for n in names]
    assert sum(r.attempted for r in results) > 0 and sum(r.failed for r in results) == 0


def test_the_readmes_prose_cites_only_numbers_its_examples_print() -> None:
    # The tour reads its examples out loud: every figure a paragraph cites (+0.42, 38%, 0.12)
    # must stand in the output printed just above it, which the examples' test keeps true.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parts = re.split(r"^```console\n(.*?)^```\n", readme, flags=re.M | re.S)
    checked = 0
    for output, prose in zip(parts[1::2], parts[2::2], strict=True):
        paragraph = prose.strip().split("\n\n")[0]
        for figure in re.findall(r"[+-]?\d+\.\d+|\d+%", paragraph):
            assert figure in output, f"the README cites {figure}, which its example does not print"
            checked += 1
    assert checked >= 5


def test_readme_quick_start_test_command_is_what_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    quick_start = readme[readme.index("## Quick start") : readme.index("## A tour")]
    blocks = re.findall(r"```sh\n(.*?)\n```", quick_start, flags=re.S)
    assert len(blocks) == 2 and blocks[0].endswith("alliances show")
    assert blocks[1].endswith("&& pytest")
    assert "\n" + blocks[1] + "\n" in ci


def test_the_scenario_format_example_is_the_file_that_is_validated() -> None:
    doc = (ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    start = doc.index("```yaml\n") + len("```yaml\n")
    example = doc[start : doc.index("```", start)]
    assert example == (ROOT / "docs" / "examples" / "toy-straits.yaml").read_text(encoding="utf-8")


def test_every_image_and_local_link_in_the_docs_exists() -> None:
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", text):
            assert (path.parent / target).exists(), f"{path.name} links to missing {target}"


def _update() -> None:
    for path in DOCS:
        text = path.read_text(encoding="utf-8")

        def refresh(match: re.Match[str]) -> str:
            lines = [ln for ln in match.group(1).splitlines() if ln.startswith("$ ")]
            body = "".join(f"{ln}\n{execute(ln[2:])}" for ln in lines)
            return f"```console\n{body}```\n"

        path.write_text(BLOCK.sub(refresh, text), encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        _update()
    else:
        sys.exit("usage: python tests/test_docs.py --update")


def test_the_glossarys_worked_figures_are_the_ties_figures() -> None:
    from alliances_cli.engine.analysis import analyse
    from alliances_cli.engine.balance import pressure
    from alliances_cli.engine.stress import net_pulls
    from alliances_cli.scenario.load import load_file

    glossary = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    aleppo = analyse(load_file(str(ROOT / "scenarios" / "mosul-aleppo-2016.yaml"))).view("aleppo")
    tie = aleppo.tie("russia", "turkey")
    assert tie is not None
    assert (
        f"{tie.stance:+.2f} held with confidence {tie.confidence:.2f}: weight {tie.weight:+.2f}"
        in glossary
    )
    pulls = net_pulls(aleppo, "turkey")
    own, away = pulls[aleppo.camp_of("turkey") or 0], pulls[aleppo.camp_of("us") or 0]
    assert f"Turkey's net pull towards the Russia camp is {own:+.2f}" in glossary
    assert f"towards the United States camp {away:+.2f}" in glossary
    assert (
        f"stake {away:.2f}, severity {away:.2f} / {1 + away:.2f} = {away / (1 + away):.2f}"
        in glossary
    )
    total = sum(abs(t.weight) for t in aleppo.ties)
    share = (
        f"{aleppo.frustration:.2f} of {total:.2f} in Aleppo, {aleppo.normalised_frustration:.0%}"
    )
    assert share in glossary
    iran_nusra = pressure(aleppo.weights, "iran", "nusra", enemies=aleppo.strict)
    assert f"so {iran_nusra:+.2f}".replace("-", "−") in glossary
    size = abs(iran_nusra)
    stake = 0.25 * size / (1 + size)
    assert (
        f"Iran – al-Nusra: stake 0.25 × {size:.2f} / {1 + size:.2f} = {stake:.2f}, "
        f"severity {stake / (1 + stake):.2f}"
    ).replace("\n", " ") in " ".join(glossary.split())
    assert f"{aleppo.balanced_triangles} of Aleppo's {aleppo.triangles}" in glossary
