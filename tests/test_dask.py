"""`--executor dask`: sweeps, robustness samples and timelines on a real Dask cluster on
127.0.0.1 (no mocks): the same bytes as a local run, a worker killed mid-run, Ctrl-C, and a
scheduler that cannot be reached."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import alliances_command
from conftest import run_process as run

import alliances_cli

distributed = pytest.importorskip("distributed")

COW = Path(__file__).resolve().parents[2] / "shared" / "data" / "signed-networks" / "cow"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, object]]:
    """A scheduler and two single-threaded workers, started as a user would start them."""
    folder = tmp_path_factory.mktemp("dask")
    dask = str(Path(sys.executable).parent / "dask")
    address_file = folder / "scheduler.json"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    scheduler = subprocess.Popen(
        [dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
         "--scheduler-file", str(address_file)],
        **quiet,
    )  # fmt: skip
    for _ in range(300):
        if address_file.exists() and address_file.stat().st_size:
            break
        time.sleep(0.1)
    address = json.loads(address_file.read_text())["address"]
    workers = subprocess.Popen(
        [dask, "worker", address, "--nworkers", "2", "--nthreads", "1", "--no-dashboard",
         "--local-directory", str(folder)],
        **quiet,
    )  # fmt: skip
    client = distributed.Client(address, timeout="30s")
    client.wait_for_workers(2, timeout=60)
    try:
        yield address, client
    finally:
        client.close()
        for process in (workers, scheduler):
            process.terminate()
            process.wait(timeout=30)


def test_a_sweep_on_a_cluster_is_byte_identical_to_a_local_run(cluster: tuple[str, object]) -> None:
    address, _ = cluster
    local = run("sweep", "-f", "json", "-j", "1")
    remote = run("sweep", "-f", "json", "--executor", "dask", "--scheduler", address)
    assert remote.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout
    assert remote.stderr == ""  # a cluster given: nothing to say


def test_a_timeline_on_a_cluster_is_byte_identical(cluster: tuple[str, object]) -> None:
    # Robust on a cluster is compared with a local run in the killed-worker test below.
    address, _ = cluster
    if not COW.is_dir():
        pytest.skip("the Correlates of War windows are not beside the checkout")
    files = sorted(str(p) for p in COW.glob("*.csv"))[:12]
    local = run("timeline", *files, "-f", "json")
    remote = run("timeline", *files, "-f", "json", "--executor", "dask", "--scheduler", address)
    assert remote.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout


def test_a_backtest_with_robust_samples_on_a_cluster_is_byte_identical(
    cluster: tuple[str, object],
) -> None:
    # The timeline's problems and each slice's robust samples both go to the cluster.
    address, _ = cluster
    if not COW.is_dir():
        pytest.skip("the Correlates of War windows are not beside the checkout")
    files = sorted(str(p) for p in COW.glob("*.csv"))[:6]
    argv = ["backtest", *files, "-s", "4", "--resamples", "50", "-f", "json"]
    local = run(*argv)
    remote = run(*argv, "--executor", "dask", "--scheduler", address)
    assert remote.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout
    assert '"elsewhere"' in remote.stdout


def test_without_a_scheduler_a_local_cluster_is_started_and_said(tmp_path: Path) -> None:
    result = run("sweep", "-m", "1", "-f", "csv", "--executor", "dask")
    assert result.returncode == 0, result.stderr
    assert result.stdout == run("sweep", "-m", "1", "-f", "csv").stdout
    assert result.stderr.startswith("alliances: no --scheduler given; started a local Dask cluster")


def test_a_worker_killed_mid_run_has_its_work_redone(cluster: tuple[str, object]) -> None:
    address, client = cluster
    argv = ["robust", "-s", "2500", "-f", "json"]
    local = run(*argv, "-j", "2")
    killed: list[int] = []

    def kill_a_busy_worker() -> None:
        for _ in range(600):
            busy = [w for w, tasks in client.processing().items() if tasks]  # type: ignore[attr-defined]
            if busy:
                pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]  # type: ignore[attr-defined]
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
                return
            time.sleep(0.02)

    killer = threading.Thread(target=kill_a_busy_worker)
    killer.start()
    remote = subprocess.run(  # the scheduler named by the environment, as Dask documents
        [alliances_command(), *argv, "--executor", "dask"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "DASK_SCHEDULER_ADDRESS": address},
    )
    killer.join()
    assert killed, "no worker was busy to kill"
    assert remote.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout
    client.wait_for_workers(2, timeout=60)  # type: ignore[attr-defined]  # its nanny restarts it


def test_ctrl_c_cancels_the_run_exits_130_and_writes_nothing(
    cluster: tuple[str, object], tmp_path: Path
) -> None:
    address, client = cluster
    target = tmp_path / "robust.json"
    process = subprocess.Popen(
        [alliances_command(), "robust", "-s", "40000", "-f", "json", "-o", str(target),
         "--executor", "dask", "--scheduler", address],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    for _ in range(600):
        if any(client.processing().values()):  # type: ignore[attr-defined]
            break
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr.strip().splitlines()[-1] == "alliances: interrupted"
    assert stdout == "" and not target.exists() and list(tmp_path.iterdir()) == []
    for _ in range(300):  # the cancelled tasks leave the cluster
        if not any(client.processing().values()):  # type: ignore[attr-defined]
            break
        time.sleep(0.05)
    assert not any(client.processing().values())  # type: ignore[attr-defined]


def test_an_unreachable_scheduler_is_one_line_and_exit_1_within_seconds() -> None:
    start = time.monotonic()
    result = run("sweep", "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9")
    elapsed = time.monotonic() - start
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(
        "alliances: cannot reach the Dask scheduler at tcp://127.0.0.1:9"
    )
    assert elapsed < 10


def test_without_the_extra_dask_is_exit_4_with_the_install_command(tmp_path: Path) -> None:
    fake = tmp_path / "distributed"
    fake.mkdir()
    (fake / "__init__.py").write_text("raise ImportError('no distributed here')\n")
    result = run(
        "sweep", "--executor", "dask", env={"PYTHONPATH": str(tmp_path)}
    )  # fmt: skip
    assert result.returncode == 4
    assert "pip install 'alliances[dask]'" in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("address", ["bogus", "tls://127.0.0.1:9", "tcp://127.0.0.1:99999"])
def test_a_malformed_scheduler_address_is_a_usage_error_naming_the_forms(address: str) -> None:
    # Was exit 70 (ValueError, TypeError from inside Dask; issue 34, item 2).
    done = run("sweep", "-m", "1", "--executor", "dask", "--scheduler", address)
    assert done.returncode == 2, done.stderr
    error = done.stderr.strip().splitlines()[-1]
    assert error.startswith("Error: Invalid value for '--scheduler' / DASK_SCHEDULER_ADDRESS: ")
    assert error.endswith("give tcp://HOST:PORT or HOST:PORT (such as tcp://10.0.0.5:8786)")
    assert ("tls:// needs Dask security settings" in error) == address.startswith("tls://")


def test_a_stray_scheduler_address_never_stops_a_local_run() -> None:
    done = run("sweep", "-m", "1", "-f", "csv", env={"DASK_SCHEDULER_ADDRESS": "bogus"})
    assert done.returncode == 0 and done.stdout == run("sweep", "-m", "1", "-f", "csv").stdout


#: Mutants run on the cluster (issue 34: the fuzz test over `--executor`), each command also
#: run locally: the same exit code and, when it succeeds, the same bytes.
EXECUTOR_MUTANTS = 8


def test_mutated_inputs_on_the_cluster_fail_as_locally_and_succeed_with_the_same_bytes(
    cluster: tuple[str, object], tmp_path: Path
) -> None:
    import hashlib

    from conftest import invoke
    from hypothesis import HealthCheck, given, reject, seed, settings
    from test_fuzz import SEEDS, _check, _fill, _words, mutants, time_bound

    address, _ = cluster
    small = [p for p in SEEDS if p.stat().st_size < 20_000]
    commands = [
        ["sweep", "{f}", "-m", "1", "-f", "json"],
        ["robust", "{f}", "-s", "8", "-f", "json"],
    ]

    @seed(34)
    @settings(
        max_examples=EXECUTOR_MUTANTS,
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
    )
    @given(mutants(small))
    def on_the_cluster(mutant: tuple[str, bytes]) -> None:
        name, data = mutant
        suffix = Path(name).suffix if name.endswith((".csv", ".tsv", ".tab")) else ".yaml"
        path = tmp_path / f"mutant{suffix}"
        path.write_bytes(data)
        try:  # the mutants that still load: the others fail before any work is sent
            alliances_cli.load(path)
        except Exception:
            path.unlink()
            reject()
        before = hashlib.sha256(data).hexdigest()
        words = _words(name)
        for template in commands:
            args = [_fill(a, str(path), words) for a in template]
            with time_bound(60):
                local = invoke(*args, "-j", "1")
                remote = invoke(*args, "--executor", "dask", "--scheduler", address)
            _check(args, remote.returncode, remote.stdout, remote.stderr)
            assert remote.returncode == local.returncode, (args, remote.stderr, local.stderr)
            if local.returncode == 0:
                assert remote.stdout == local.stdout, args
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before
        assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]
        path.unlink()

    on_the_cluster()
