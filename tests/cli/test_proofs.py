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
    assert "best found (lower bound" in done.stdout
    first = run("show", str(path), "-f", "json").stdout
    data = json.loads(first)
    view = data["theaters"][0]
    assert data["time_limit"] is None and view["optimal"] is False and view["method"] == "exact"
    # The gap in words and in JSON, from the view's own frustration and bound.
    gap = (view["frustration"] - view["lower_bound"]) / view["lower_bound"]
    assert view["gap"] == round(gap, 4)
    share = f"{gap * 100:.1f}" if gap < 0.1 else f"{gap * 100:,.0f}"
    assert (
        f"Not proven optimal: all: {view['frustration']:.2f}, at most {share}% above the best "
        f"possible (no partition is below {view['lower_bound']:.2f})."
    ) in done.stdout
    assert "--time-limit SECONDS searches longer" in done.stdout
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


def test_a_component_past_the_lp_stage_gets_cutting_planes_only_under_a_time_limit(
    tmp_path: Path,
) -> None:
    import random

    rng = random.Random(3)
    rows = ["source,target,sign"]
    seen = set()
    while len(rows) < 3_200:  # past LP_MAX_TIES, on more than EXACT_MAX_ACTORS actors
        a, b = sorted(rng.sample(range(450), 2))
        if (a, b) not in seen:
            seen.add((a, b))
            rows.append(f"n{a},n{b},{rng.choice(['+1', '-1'])}")
    path = tmp_path / "large.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    done = run("show", str(path))
    assert done.returncode == 0, done.stderr
    view = json.loads(run("show", str(path), "-f", "json").stdout)["theaters"][0]
    assert not view["optimal"] and view["method"] == "heuristic"
    assert (
        "no exact stage ran on all: on a component past 400 actors and 3,000 ties, one runs "
        "only under --time-limit SECONDS, as cutting planes on up to 50,000 ties)."
    ) in " ".join(done.stdout.split())
    timed = json.loads(run("show", str(path), "-f", "json", "--time-limit", "3").stdout)
    view = timed["theaters"][0]
    assert view["method"] == "exact"  # the cutting planes ran
    assert (
        view["lower_bound"]
        > json.loads(run("show", str(path), "-f", "json").stdout)["theaters"][0]["lower_bound"]
    )
