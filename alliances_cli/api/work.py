"""Where heavy work runs: here, in worker processes, or on a Dask cluster (docs/cluster.md).

`sweep`, `robust` and `timeline` take a `runner`; without one they run here (with
`workers` processes). A Dask runner gives byte-identical results.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from alliances_cli.cluster import ClusterUnavailable as ClusterUnavailable

if TYPE_CHECKING:
    from alliances_cli.cluster import DaskRunner
    from alliances_cli.engine.chunks import Runner as Runner


def dask_runner(scheduler: str | None, workers: int) -> DaskRunner:
    """A runner on the Dask scheduler at `scheduler` (None: a local cluster of `workers`,
    started for it). Close it (`with`) when done. Raises `ClusterUnavailable` with a
    one-line reason when the cluster cannot be reached or `distributed` is missing."""
    from alliances_cli.cluster import DaskRunner

    return DaskRunner(scheduler, workers=workers)
