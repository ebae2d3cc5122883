"""Running chunks of work on a Dask cluster (the optional `dask` extra, imported only here).

`DaskRunner` is an `engine.chunks.Runner`: it sends the shared part of the work (the scenario
and what every chunk needs) to the workers once, submits one task per chunk, reports progress
as tasks complete, and returns the results in the chunks' order, so that the output is the
same as a local run's whatever the number of workers. A worker that dies mid-run has its tasks
run again elsewhere (Dask's scheduler does that); Ctrl-C cancels what is left.
"""

from __future__ import annotations

import importlib
import logging
import warnings
from collections.abc import Callable, Sequence
from typing import Any


def _cut(text: str, most: int = 60) -> str:
    """An address as messages show it: cut after `most` characters (this module is a leaf
    and imports nothing of the package)."""
    return text if len(text) <= most else text[:most] + "…"


INSTALL_HINT = "pip install 'alliances[dask]' (or: pip install distributed)"
#: How long to try to reach a scheduler before saying it cannot be reached.
CONNECT_SECONDS = 3


class ClusterUnavailable(Exception):
    """A scheduler that cannot be reached; the message says which and what to check."""


def _collecting_less(work: Callable[[Any, Any], Any], shared: Any, chunk: Any) -> Any:
    """Run a chunk as the command runs its own work: with the cyclic garbage collector
    running every 100,000 allocations instead of 700 (`cli.app._collect_less_often`), which a
    worker started by `dask worker` does not do. Restored after, for the worker's other tasks."""
    import gc

    before = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        return work(shared, chunk)
    finally:
        gc.set_threshold(*before)


#: How many more times chunks the cluster cancelled are submitted before giving up.
RESUBMISSIONS = 3


class DaskRunner:
    """Chunks on the cluster at `address`, or (None) on a local cluster started here and
    stopped on `close`."""

    def __init__(self, address: str | None, workers: int | None = None) -> None:
        try:
            # Through importlib: the package is untyped, and optional (no import for mypy).
            distributed: Any = importlib.import_module("distributed")
        except ImportError:
            raise ImportError(
                f"--executor dask needs Dask's distributed package: {INSTALL_HINT}",
                name="distributed",
            ) from None
        # Dask logs to stderr at INFO and WARNING (connections, cancelled tasks on Ctrl-C);
        # the command speaks for itself, and errors still reach it as exceptions.
        logging.getLogger("distributed").setLevel(logging.ERROR)
        self.cluster: Any = None
        self.started_locally = address is None
        if address is None:
            with warnings.catch_warnings():
                # The dashboard's port taken by another cluster: there is no dashboard here.
                warnings.filterwarnings("ignore", message="Port .* is already in use")
                self.cluster = distributed.LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    host="127.0.0.1",
                    silence_logs=logging.ERROR,
                )
            address = self.cluster.scheduler_address
        try:
            self.client = distributed.Client(
                address, timeout=f"{CONNECT_SECONDS}s", set_as_default=False
            )
        except (OSError, TimeoutError) as exc:
            self.close()
            raise ClusterUnavailable(
                f"cannot reach the Dask scheduler at {_cut(str(address))} "
                f"({type(exc).__name__}); check the address (tcp://HOST:8786) and that the "
                "scheduler runs"
            ) from None
        self.address = address

    @property
    def workers(self) -> int:
        return len(self.client.scheduler_info().get("workers", {}))

    def __call__(
        self,
        work: Callable[[Any, Any], Any],
        shared: Any,
        chunks: Sequence[Any],
        progress: Callable[[int, int], None] | None = None,
    ) -> list[Any]:
        """`work(shared, chunk)` for every chunk, in order. Chunks whose tasks the cluster
        cancels (a worker that held the shared data died) are submitted again with the data
        scattered anew, up to RESUBMISSIONS times; a killed worker's running tasks Dask redoes
        by itself."""
        from concurrent.futures import CancelledError

        as_completed = importlib.import_module("distributed").as_completed
        results: list[Any] = [None] * len(chunks)
        pending = list(range(len(chunks)))
        finished = 0
        for attempt in range(RESUBMISSIONS + 1):
            if not pending:
                break
            common = self.client.scatter(shared, broadcast=True)
            futures = [
                self.client.submit(
                    _collecting_less,
                    work,
                    common,
                    chunks[i],
                    pure=False,
                    key=f"alliances-{attempt}-{i}-{id(chunks)}",
                )
                for i in pending
            ]
            index = {future.key: i for i, future in zip(pending, futures, strict=True)}
            lost: list[int] = []
            try:
                with self.client.as_current():
                    for future in as_completed(futures):
                        try:
                            results[index[future.key]] = future.result()
                        except CancelledError:
                            lost.append(index[future.key])
                            continue
                        finished += 1
                        if progress:
                            progress(finished, len(chunks))
            except BaseException:
                self.client.cancel(futures)
                raise
            pending = sorted(lost)
        if pending:
            raise ClusterUnavailable(
                f"the cluster cancelled {len(pending)} of {len(chunks)} chunks of work "
                f"{RESUBMISSIONS + 1} times; check its workers, or run without --executor dask"
            )
        return results

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None

    def __enter__(self) -> DaskRunner:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
