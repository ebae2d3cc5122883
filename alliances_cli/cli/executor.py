"""Where a command's heavy work runs (here, `--executor local`, or on a Dask cluster), on how
many cores, and its progress at a terminal."""

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer

from alliances_cli import exitcodes
from alliances_cli.cli.env import Environment
from alliances_cli.cli.options import Executor

if TYPE_CHECKING:
    from alliances_cli.api.work import Runner


@contextmanager
def runner_for(
    env: Environment, executor: Executor, scheduler: str | None, workers: int
) -> Iterator["Runner | None"]:
    """None for a local run; a Dask runner (closed at the end) for `--executor dask`: on the
    `scheduler` given, or on a local cluster of `workers` started for this run (said on
    stderr). An unreachable scheduler is a one-line error, exit 1."""
    if executor is Executor.local:
        yield None
        return
    from alliances_cli.api.work import ClusterUnavailable, dask_runner
    from alliances_cli.cli.options import scheduler_address

    scheduler = scheduler_address(scheduler)
    try:
        runner = dask_runner(scheduler, workers)
    except ClusterUnavailable as exc:
        env.error(f"alliances: {exc}")
        raise typer.Exit(exitcodes.INVALID_INPUT) from None
    with runner:
        if runner.started_locally:
            env.message(
                f"alliances: no --scheduler given; started a local Dask cluster of "
                f"{runner.workers} workers for this run"
            )
        try:
            yield runner
        except ClusterUnavailable as exc:  # the cluster kept losing the work
            env.error(f"alliances: {exc}")
            raise typer.Exit(exitcodes.INVALID_INPUT) from None


def cores() -> int:
    """The cores this process may run on: the default number of worker processes."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def progress_printer(env: Environment, label: str = "sweep") -> Callable[[int, int], None] | None:
    """A progress callback that shows `label: N%` on stderr, once per percent: for runs of 50
    steps or more, or of fewer once a second has passed (20 robust samples of a 40-actor view
    ran 10 s without a word). None unless stderr is a terminal and `-q` was not given."""
    import time

    if not env.stderr_tty or env.quiet:
        return None

    shown = [-1]
    started = time.monotonic()

    def show(done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        worth = total >= 50 or time.monotonic() - started >= 1.0
        if worth and percent != shown[0]:
            shown[0] = percent
            env.progress(f"{label}: {percent}%", done=done == total)

    return show
