"""The glossary every legend points to, found both in a wheel and in a source checkout.

The text is `docs/glossary.md` (a wheel carries it as `alliances_cli/glossary.md`): one
paragraph per group of terms, each term in bold where it is defined.
"""

from __future__ import annotations

import re
from pathlib import Path

_TERM = re.compile(r"\*\*([^*]+)\*\*")


def glossary_path() -> Path:
    """Inside the package in a wheel; at `docs/glossary.md` in a checkout (editable install)."""
    from alliances_cli.scenario.bundled import shipped

    return shipped("glossary.md", "docs/glossary.md")


def definitions(text: str) -> list[str]:
    """The paragraphs that define terms (those that open with a bold term), as written."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text)]
    return [p for p in paragraphs if p.startswith("**")]


def terms(text: str) -> list[str]:
    """Every term defined, in the glossary's order."""
    return [" ".join(t.split()) for p in definitions(text) for t in _TERM.findall(p)]


def entries(text: str, term: str) -> list[str]:
    """The paragraphs defining `term` (any bold term that contains it, case aside)."""
    wanted = " ".join(term.lower().split())
    return [
        p
        for p in definitions(text)
        if any(wanted in " ".join(t.lower().split()) for t in _TERM.findall(p))
    ]
