"""Tuning the console script's own process: the garbage collector, and a quick exit.

A command is one short process that builds what it needs and keeps it to the end, so the
cyclic collector's passes find little and the final freeing of every object is wasted work.
Only the console script (`main`) tunes its process; `run` in-process (tests, notebooks) leaves
the interpreter as it found it. docs/performance.md has the measurements.
"""

from __future__ import annotations

import os
import sys

from alliances_cli.exitcodes import INTERRUPTED


def tune_for_one_command() -> None:
    """What `main` does before running a command: a less frequent collector, and `settle`
    allowed to freeze the heap."""
    _collect_less_often()
    _SETTLE[0] = True


def exit_now(code: int) -> None:
    """End the process with `code`; after a large analysis, without freeing what it built.
    Interrupted, without finalizers too: a Ctrl-C that lands while a library builds an object
    (a Dask future half made) leaves one whose finalizer fails at exit, printing a traceback
    after "alliances: interrupted". (Outputs are already removed or complete by then, and a
    local cluster already closed by its `with` block.)"""
    if _HELD or code == INTERRUPTED:
        _exit_without_freeing(code)
    sys.exit(code)


def _collect_less_often() -> None:
    """Run the cyclic garbage collector every 50,000 allocations instead of every 700.

    What a command builds mostly lives until it ends and holds few reference cycles, so the
    collector's frequent passes find little: they were a third of `show` on a 3,000-actor
    network (48 -> 32 s). Young cycles are still collected, in larger batches. The console
    script does this for its own process; `run` in-process leaves the collector alone.
    """
    import gc

    gc.set_threshold(100_000, 50, 100)


#: Whether `settle` may freeze the collector's view of the heap: in the console script only,
#: never for `run` in-process (a test's or a notebook's objects are not ours to freeze).
_SETTLE: list[bool] = [False]


#: From this many ties, one command's analysis runs without the cyclic collector.
UNCOLLECTED_TIES = 100_000


def settle(ties: int = 0) -> None:
    """Hide what the command has built so far from the cyclic collector (`gc.freeze`).

    The scenario read and the analysis made live until the command ends, so each full
    collection walked them again: on 200,000 ties, 1.6 s of `show --format json` went to
    walking millions of live objects. Frozen objects are still freed by reference counting.

    Past UNCOLLECTED_TIES ties the collector is switched off for the rest of the command: it
    still examined each of the tens of millions of objects an analysis of a million ties
    builds, nearly all of them live until the end (5.5 s of 67 s), and found little. What one
    analysis leaves in reference cycles (a search's closures) is small and goes with the
    process. Loops over many analyses (sweeps, samples) stay below it or run in workers.
    """
    if _SETTLE[0]:
        import gc

        if ties >= UNCOLLECTED_TIES:
            _import_what_a_large_analysis_needs()
            gc.disable()
            _LARGE[0] = True
        gc.freeze()


#: Whether this process settled a large analysis (console script only).
_LARGE: list[bool] = [False]

#: What a large command built, kept from being freed (see `hold`).
_HELD: list[object] = []


def hold(*built: object) -> None:
    """Keep what a large command built alive until the process exits, which then skips
    freeing it: taking apart tens of millions of objects one by one took 2 s of a million
    ties' `show --format json`, for memory the system takes back at once."""
    if _LARGE[0]:
        _HELD.extend(built)


def _exit_without_freeing(code: int) -> None:
    """End the process at once, its streams flushed; on any trouble flushing, return to the
    ordinary exit, which reports it."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    os._exit(code)


def _import_what_a_large_analysis_needs() -> None:
    """Import the numeric libraries before the analysis, not in the middle of it
    (`engine/preload.py` says why)."""
    from alliances_cli.api.analysis import prepare_for_large_analysis

    prepare_for_large_analysis()


def spare_the_exit_collection() -> None:
    """Let the interpreter exit without walking every object once more (7-9 ms of a light command).

    At exit Python runs a last garbage collection over everything still alive, which for a
    short command is everything it imported. Freezing moves those objects where no collection
    looks. Nothing is lost: outputs are closed and renamed before this point, and memory goes
    back to the system with the process.
    """
    import gc

    gc.freeze()
