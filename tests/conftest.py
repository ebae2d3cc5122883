"""Shared helpers: the bundled scenario, and running the installed `alliances` command."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "scenarios" / "mosul-aleppo-2016.yaml"
BROKEN = Path(__file__).resolve().parent / "broken"
#: What every error line looks like: `file:line:col: what; how` or `file: what`.
ONE_LINE = re.compile(r"^[^\n]+?(:\d+:\d+)?: [^\n]+$")


def alliances_command() -> str:
    """The console script installed beside this Python, as a user would run it."""
    beside = Path(sys.executable).parent / "alliances"
    if beside.exists():
        return str(beside)
    found = shutil.which("alliances")
    if found is None:
        pytest.fail("the 'alliances' command is not installed: pip install -e '.[test]'")
    return found


def run(
    *args: str,
    input: str | None = None,
    env: dict[str, str] | None = None,
    cwd: str | Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `alliances ARGS` in a real subprocess, stdout and stderr captured (not a terminal)."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    full_env.update(env or {})
    return subprocess.run(
        [alliances_command(), *args],
        input=input,
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=120,
    )
