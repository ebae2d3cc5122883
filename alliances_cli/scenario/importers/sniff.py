"""What kind of table a text is, told cheaply from its first lines: a signed edge list (by its
header) or a SNAP text file (by its rows). Kept apart from the reader (`edgelist.py`) so that
a YAML scenario, the common case, never loads it."""

from __future__ import annotations

import re

#: Other names published edge lists give these columns.
ALIASES = {"from": "source", "to": "target", "timestamp": "date", "time": "date", "day": "date"}


def header_fields(line: str) -> set[str]:
    """The column names of a header line, aliases resolved, in lower case."""
    names = [f.strip().strip('"').lower() for f in re.split(r"[,;\t]", line)]
    return set(column_names(names))


#: The tool's own ties table (`alliances ties -f csv`) names its ends `a` and `b`, and its
#: `weight` is stance x confidence, derived: read back, `stance` and `confidence` hold the tie.
OWN_TIES = {"a": "source", "b": "target", "weight": "derived weight"}


def column_names(names: list[str]) -> list[str]:
    """Header names, lower case, aliases resolved (the tool's own ties table's too)."""
    plain = [ALIASES.get(n.strip().lower(), n.strip().lower()) for n in names]
    if {"a", "b", "origin", "stance"} <= set(plain):
        return [OWN_TIES.get(n, n) for n in plain]
    return plain


#: SNAP's signed networks: `#` comment lines, then rows with no header, by position
#: `FromNodeId ToNodeId Sign` (Slashdot, Epinions: tab or space separated) or `SOURCE, TARGET,
#: RATING, TIME` (Bitcoin OTC and Alpha: comma separated, the time in Unix seconds).
SNAP_COLUMNS = ["source", "target", "weight", "date"]
NUMBER = r"[-+]?\d+(\.\d+)?"
SNAP_ROW = re.compile(
    rf"^\s*[^\s,;:#]+(?P<sep>\t|,| +)\s*[^\s,;:#]+(?P=sep)\s*{NUMBER}((?P=sep)\s*{NUMBER})?\s*$"
)


def looks_like_snap(text: str) -> bool:
    """A SNAP text file: its first line that is neither blank nor a `#` comment is two names
    and a number (and perhaps a time), separated by tabs, spaces or commas, with no ':' (a
    YAML scenario's first line has one): no header."""
    for line in text[:65536].splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            return bool(SNAP_ROW.match(line))
    return False
