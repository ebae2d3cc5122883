"""Numeric libraries imported ahead of a large analysis."""

from __future__ import annotations


def preload_numeric_libraries() -> None:
    """Import the numeric libraries before the analysis, not in the middle of it.

    Importing them raises and catches errors inside (optional plotting libraries), and the
    tracebacks, left in reference cycles, hold every frame up the stack: imported half way
    through the solver, they kept a million ties' worth of its locals alive (0.8 GB) until
    a collection, which without the collector never comes. Imported here, they hold only
    this frame and the command's.
    """
    import numpy  # noqa: F401
    from scipy import sparse  # noqa: F401

    from alliances_cli.engine.solver import leiden

    leiden.available()
