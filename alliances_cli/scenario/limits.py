"""How large a scenario may be, and the environment variables that raise the limits.

The limits keep a mistaken or hostile file from exhausting memory or time; each error names
the variable that lifts it, for the real user with a larger network. Limits that no real
scenario comes near (nesting depth, alias expansion, text length) are fixed in `yamldoc`.
"""

from __future__ import annotations

import os

from alliances_cli.scenario.errors import ScenarioError
from alliances_cli.scenario.positions import Problem

#: (environment variable, default, what it counts)
FILE_MB = ("ALLIANCES_MAX_FILE_MB", 64, "megabytes")
ACTORS = ("ALLIANCES_MAX_ACTORS", 50_000, "actors")
TIES = ("ALLIANCES_MAX_TIES", 1_000_000, "ties")
ADJUSTABLE = (FILE_MB, ACTORS, TIES)


def limit(which: tuple[str, int, str]) -> int:
    """The limit in force: the environment variable's value, or the default."""
    variable, default, _ = which
    raw = os.environ.get(variable, "").strip()
    if not raw:
        return default
    try:
        value = int(raw.replace("_", ""))
    except ValueError:
        value = 0
    if value <= 0:
        raise ScenarioError(
            [Problem(variable, None, f"must be a whole number above 0, not '{raw}'; unset it")]
        )
    return value


def max_file_bytes() -> int:
    return limit(FILE_MB) * 1024 * 1024


def over(which: tuple[str, int, str], count: int, counted: str | None = None) -> str | None:
    """The message for `count` items beyond the limit, or None within it; `counted` names
    the items where they are not the limit's own (an edge list's rows are its ties)."""
    what = counted or which[2]
    allowed = limit(which)
    if count <= allowed:
        return None
    return f"{count:,} {what}, over the limit of {allowed:,}; {lift(which)}"


def lift(which: tuple[str, int, str]) -> str:
    """How to raise the limit, for the end of an error message."""
    return f"set {which[0]} to a larger number to allow more"
