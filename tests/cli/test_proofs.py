"""What the command says of views it cannot prove optimal, and what would search further."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run
from shell import dense_network


def test_a_hand_sized_hard_view_answers_with_its_bound_and_says_it_is_not_proven(
    tmp_path: Path,
) -> None:
    path = dense_network(tmp_path, 40, 378, 2)
    done = run("show", str(path))
    assert done.returncode == 0, done.stderr
    assert "heuristic (lower bound" in done.stdout
    assert "Not proven optimal: all." in done.stdout and "--time-limit SECONDS" in done.stdout
    first = run("show", str(path), "-f", "json").stdout
    data = json.loads(first)
    assert data["time_limit"] is None and data["theaters"][0]["optimal"] is False
    # The same answer every time without --time-limit: the budget counts search nodes.
    assert run("show", str(path), "-f", "json").stdout == first


def test_a_time_limit_proves_what_the_node_budget_cannot(tmp_path: Path) -> None:
    path = dense_network(tmp_path, 25, 139, 1)
    quick = json.loads(run("show", str(path), "-f", "json").stdout)["theaters"][0]
    longer = json.loads(run("show", str(path), "-f", "json", "--time-limit", "60").stdout)
    assert longer["time_limit"] == 60.0
    view = longer["theaters"][0]
    assert view["optimal"] and view["lower_bound"] == view["frustration"] == 39.0
    assert not quick["optimal"] and quick["frustration"] >= view["frustration"]
    bad = run("show", str(path), "--time-limit", "0")
    assert bad.returncode == 2


@pytest.mark.parametrize("compiled", [True, False], ids=["with-numba", "without-numba"])
def test_a_view_the_time_limit_left_open_says_whether_the_fast_extra_would_search_further(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compiled: bool
) -> None:
    from alliances_cli.engine.solver import search_kernel

    monkeypatch.setattr(search_kernel, "installed", lambda: compiled)
    path = dense_network(tmp_path, 40, 378, 2)
    done = run("show", str(path), "--time-limit", "0.5")
    assert done.returncode == 0, done.stderr
    assert "the exact search stopped after its 0.5 s" in done.stdout
    assert ("pip install 'alliances[fast]'" in done.stdout) is not compiled
