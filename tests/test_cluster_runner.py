"""The Dask runner's own logic (alliances_cli/cluster.py), with a stand-in client: chunks the
cluster cancels are submitted again; past the limit, the run stops with a one-line reason."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from concurrent.futures import CancelledError
from typing import Any

import pytest

pytest.importorskip("distributed")

from alliances_cli import cluster


class Future:
    def __init__(self, key: str, value: Any, cancelled: bool) -> None:
        self.key, self.value, self.cancelled = key, value, cancelled

    def result(self) -> Any:
        if self.cancelled:
            raise CancelledError(self.key)
        return self.value


class Client:
    """Cancels the tasks of the chunks in `lose` the first `rounds` times they are submitted."""

    def __init__(self, lose: set[int], rounds: int) -> None:
        self.lose, self.rounds, self.submitted = lose, rounds, []

    def scatter(self, data: Any, broadcast: bool) -> Any:
        return data

    def submit(self, fn: Any, work: Any, shared: Any, chunk: Any, pure: bool, key: str) -> Future:
        attempt = int(key.split("-")[1])
        self.submitted.append(chunk)
        lost = chunk in self.lose and attempt < self.rounds
        return Future(key, None if lost else fn(work, shared, chunk), lost)

    @contextlib.contextmanager
    def as_current(self) -> Iterator[None]:
        yield

    def cancel(self, futures: Any) -> None:
        pass


def runner(client: Client, monkeypatch: pytest.MonkeyPatch) -> cluster.DaskRunner:
    import distributed

    monkeypatch.setattr(distributed, "as_completed", lambda futures: iter(futures))
    made = cluster.DaskRunner.__new__(cluster.DaskRunner)
    made.client = client
    return made


def test_chunks_the_cluster_cancels_are_submitted_again(monkeypatch: pytest.MonkeyPatch) -> None:
    client = Client(lose={1, 3}, rounds=2)
    seen: list[tuple[int, int]] = []
    done = runner(client, monkeypatch)(
        lambda shared, chunk: shared * chunk, 10, [0, 1, 2, 3], lambda i, n: seen.append((i, n))
    )
    assert done == [0, 10, 20, 30]
    assert client.submitted == [0, 1, 2, 3, 1, 3, 1, 3]
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]  # each chunk counted once, when done


def test_a_cluster_that_keeps_cancelling_stops_the_run_with_a_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = Client(lose={2}, rounds=99)
    with pytest.raises(cluster.ClusterUnavailable, match="cancelled 1 of 3 chunks of work 4 times"):
        runner(client, monkeypatch)(lambda shared, chunk: chunk, None, [0, 1, 2])


def test_without_distributed_the_api_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from alliances_cli.api.work import dask_runner

    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    with pytest.raises(ImportError, match=r"--executor dask needs Dask's distributed package"):
        dask_runner(None, 2)
