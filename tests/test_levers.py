"""`alliances levers`: the cheapest plans for a goal, as text, JSON and what-if events."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import run

import alliances_cli as al
from alliances_cli.reports.levers import LEVERS_SCHEMA

GOAL = ("levers", "--move", "turkey", "--to", "us", "--theater", "aleppo")


def _camp_of(document: dict, view: str, actor: str) -> list[str]:
    found = next(t for t in document["theaters"] if t["id"] == view)
    return next(c["members"] for c in found["coalitions"] if actor in c["members"])


def test_the_saved_plan_moves_turkey_and_nine_tenths_of_it_does_not(tmp_path: Path) -> None:
    plans = tmp_path / "plans.yaml"
    done = run(*GOAL, "--save", str(plans), "-f", "json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["schema"] == LEVERS_SCHEMA
    assert document["proven"] and len(document["plans"]) == 3
    scenario = al.load()
    before = al.analyse(scenario).to_dict()
    assert "us" not in _camp_of(before, "aleppo", "turkey")
    for plan in document["plans"]:
        after = run(
            "whatif",
            "--events",
            str(plans),
            "mosul-aleppo-2016",
            f"plan-{plan['plan']}",
            "-f",
            "json",
        )
        assert after.returncode == 0, after.stderr
        moved = json.loads(after.stdout)["after"]
        assert "us" in _camp_of(moved, "aleppo", "turkey")
        assert "russia" not in _camp_of(moved, "aleppo", "turkey")
        # Nine tenths of each change leaves Turkey where it was.
        tokens = [
            f"set:{c['a']}:{c['b']}={c['stance'] + 0.9 * (c['to'] - c['stance'])!r}@aleppo"
            for c in plan["changes"]
        ]
        short = json.loads(run("whatif", *tokens, "-f", "json").stdout)["after"]
        assert "us" not in _camp_of(short, "aleppo", "turkey")


def test_the_figures_in_the_text_come_from_the_ties() -> None:
    """The cost of each plan is the sum of confidence x |stance change| of its changes, with
    the confidences of the scenario's ties; 'now' is the least extra frustration that moves
    Turkey, which robust reports as its margin."""
    document = json.loads(run(*GOAL, "-f", "json").stdout)
    text = run(*GOAL).stdout
    view = al.analyse(al.load()).view("aleppo")
    for rank, plan in enumerate(document["plans"], 1):
        total = 0.0
        for c in plan["changes"]:
            edge = view.edges[(c["a"], c["b"])]
            assert c["stance"] == pytest.approx(edge.stance)
            total += edge.confidence * abs(c["to"] - edge.stance)
        assert plan["cost"] == pytest.approx(total, abs=1e-4)
        row = re.search(rf"^\s+{rank}\s+(\d+\.\d\d)\s", text, re.M)
        assert row and float(row.group(1)) == pytest.approx(total, abs=0.005 + 1e-9)
    robust = al.robust(al.load(), samples=1, theater="aleppo").to_dict()
    margin = next(
        a["margin"]["extra_frustration"]
        for v in robust["views"]
        for a in v["actors"]
        if v["view"] == "aleppo" and a["actor"] == "turkey"
    )
    assert document["now"]["lead"] == pytest.approx(-margin)
    assert f"has {margin:.2f} more frustration" in text
    assert f"no plan cheaper than {document['bound']:.2f} exists" in text
    # The cheapest plan is the margin plus the goal's own margin of 0.01.
    assert document["bound"] == pytest.approx(margin + 0.01, abs=1e-4)


def test_each_plan_is_distinct_and_no_cheaper_than_the_bound() -> None:
    document = json.loads(run(*GOAL, "-f", "json").stdout)
    supports = [frozenset((c["a"], c["b"]) for c in p["changes"]) for p in document["plans"]]
    for i, later in enumerate(supports):
        assert all(not earlier <= later for earlier in supports[:i])
    assert all(p["cost"] >= document["bound"] - 1e-6 for p in document["plans"])
    # The text says which plans tie before rounding, from their proven least costs.
    least = min(p["least"] for p in document["plans"])
    tied = [str(p["plan"]) for p in document["plans"] if abs(p["least"] - least) < 1e-4]
    said = f"Plans {', '.join(tied[:-1])} and {tied[-1]} are equally cheap before rounding"
    assert len(tied) == 2 and said in run(*GOAL).stdout


def test_fixed_and_at_most_one_tie() -> None:
    done = run(*GOAL, "--fixed", "turkey:us", "--fixed", "nusra:turkey", "--max-ties", "1")
    assert done.returncode == 0, done.stderr
    assert "turkey–us" not in done.stdout and "nusra–turkey" not in done.stdout
    assert "lower russia–turkey" in done.stdout
    document = json.loads(
        run(*GOAL, "--fixed", "turkey:us", "--max-ties", "1", "-f", "json").stdout
    )
    assert all(len(p["changes"]) == 1 for p in document["plans"])
    assert ["turkey", "us"] not in [[m["a"], m["b"]] for m in document["levers"]]


def test_a_goal_no_lever_can_reach_is_said_to_be_impossible() -> None:
    """In Mosul, Turkey's ties alone cannot put it with Islamic State if its enmity with
    Islamic State stays."""
    done = run(
        "levers",
        "--together",
        "turkey",
        "is",
        "-t",
        "mosul",
        "--ties-of",
        "turkey",
        "--fixed",
        "is:turkey",
    )
    assert done.returncode == 0, done.stderr
    assert "No plan within these levers meets the goal (proven)" in done.stdout


def test_a_goal_already_met() -> None:
    done = run("levers", "--together", "iran", "iraq", "-t", "mosul")
    assert "Now: it holds" in done.stdout and "Nothing needs to change." in done.stdout


def test_new_ties_can_be_allowed() -> None:
    plain = json.loads(
        run("levers", "--together", "nusra", "us", "-t", "aleppo", "-f", "json").stdout
    )
    new = json.loads(
        run(
            "levers", "--together", "nusra", "us", "-t", "aleppo", "--allow-new", "-f", "json"
        ).stdout
    )
    assert any(m["new"] for m in new["levers"]) and not any(m["new"] for m in plain["levers"])
    assert new["bound"] <= plain["bound"] + 1e-9


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("levers", "-t", "aleppo"), "--move"),
        (("levers", "--move", "turkey", "--apart", "us", "iran", "-t", "aleppo"), "--move"),
        (("levers", "--move", "turkye", "-t", "aleppo"), "--move"),
        (("levers", "--move", "turkey"), "--theater"),
        (("levers", "--to", "us", "-t", "aleppo", "--apart", "us", "iran"), "--to"),
        (("levers", "--move", "turkey", "--to", "russia", "-t", "aleppo"), "--to"),
        (("levers", "--move", "turkey", "-t", "aleppo", "--fixed", "turkey"), "--fixed"),
        (("levers", "--move", "iraq", "-t", "aleppo"), "--move"),
        (("levers", "--together", "turkey", "-t", "aleppo"), "--together"),
    ],
    ids=[
        "no-goal",
        "two-goals",
        "typo",
        "no-theater",
        "to-alone",
        "already",
        "fixed",
        "absent",
        "one-actor",
    ],
)
def test_usage_errors_name_the_option(args: tuple[str, ...], option: str) -> None:
    done = run(*args)
    assert done.returncode == 2, done.stdout
    assert option in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""


def test_the_same_goal_gives_the_same_bytes() -> None:
    assert run(*GOAL).stdout == run(*GOAL).stdout
    assert run(*GOAL, "-f", "csv").stdout == run(*GOAL, "-f", "csv").stdout


def test_the_api_returns_plans_that_whatif_applies_as_events() -> None:
    scenario = al.load()
    found = al.levers(scenario, theater="aleppo", move="turkey", to="us", plans=2)
    events = found.events()
    assert [e.id for e in events] == ["plan-1", "plan-2"]
    for event, plan in zip(events, found.found.plans, strict=True):
        assert [(op.a, op.b, op.stance, op.theater) for op in event.operations] == [
            (c.a, c.b, c.to, "aleppo") for c in plan.changes
        ]
        after = al.whatif(scenario, [event.id], extra=events)
        assert "turkey" in after.moved
        assert ["turkey", "us"] in [sorted(c) for c in after.after.camps("aleppo")] or any(
            {"turkey", "us"} <= set(c) for c in after.after.camps("aleppo")
        )
    assert found.to_dict()["plans"][0]["changes"][0]["to"] == found.found.plans[0].changes[0].to


def test_a_time_limit_too_short_reports_the_bound_it_reached() -> None:
    """With almost no time the search stops; what it says stays true: no plan, or plans
    with a bound no higher than the least change found without a limit."""
    full = al.levers(al.load(), theater="aleppo", move="turkey", to="us", plans=1).found
    short = al.levers(
        al.load(), theater="aleppo", move="turkey", to="us", plans=1, time_limit=0.001
    ).found
    assert short.bound <= full.bound + 1e-9
    if not short.plans:
        assert (
            short.stopped == "time"
            and "No plan found"
            in al.levers(
                al.load(), theater="aleppo", move="turkey", to="us", plans=1, time_limit=0.001
            ).text()
        )


def test_a_plan_made_after_events_applies_them_first(tmp_path: Path) -> None:
    """Planned after sanctions relief, the saved plan applies it before its own changes,
    and the suggested whatif line names it."""
    plans = tmp_path / "plans.yaml"
    done = run(*GOAL, "--plans", "1", "--save", str(plans))
    assert "whatif set:" in done.stdout
    after = run(
        "levers",
        "mosul-aleppo-2016",
        "sanctions-relief",
        *GOAL[1:],
        "--plans",
        "1",
        "--save",
        str(plans),
    )
    assert after.returncode == 0, after.stderr
    assert "whatif mosul-aleppo-2016 sanctions-relief set:" in after.stdout
    assert "apply: sanctions-relief" in plans.read_text(encoding="utf-8")
    moved = run("whatif", "--events", str(plans), "mosul-aleppo-2016", "plan-1", "-f", "json")
    assert "us" in _camp_of(json.loads(moved.stdout)["after"], "aleppo", "turkey")


def test_a_saved_plan_is_named_without_the_scenario(tmp_path: Path) -> None:
    """`whatif --events plans.yaml plan-1` takes plan-1 for an event of the file, as it takes
    an event of the default scenario, not for a file that does not exist."""
    plans = tmp_path / "plans.yaml"
    run(*GOAL, "--plans", "1", "--save", str(plans))
    moved = run("whatif", "--events", str(plans), "plan-1", "-f", "json")
    assert moved.returncode == 0, moved.stderr
    assert "us" in _camp_of(json.loads(moved.stdout)["after"], "aleppo", "turkey")
    missing = run("whatif", "--events", str(plans), "plan-9")
    assert missing.returncode == 1 and "plan-9: no such file" in missing.stderr
