"""What-if events: applying, composing, comparing, sweeping; and the article's what-ifs."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import BUNDLED, ROOT, run
from hypothesis import given, settings
from hypothesis import strategies as st

from alliances_cli.engine.analysis import Analysis, analyse
from alliances_cli.engine.diff import SEVERITY_EPSILON, compare
from alliances_cli.engine.events import (
    EventError,
    apply_events,
    parse_inline,
    resolve_events,
)
from alliances_cli.engine.memo import clear_all
from alliances_cli.engine.stress import Stress
from alliances_cli.engine.sweep import run as run_combination
from alliances_cli.engine.sweep import sweep
from alliances_cli.scenario.dump import dump_scenario
from alliances_cli.scenario.load import load_file, load_text
from alliances_cli.scenario.model import Exclude, Include, Remove, Scenario, SetTie, ShiftTie

SCENARIO = load_file(str(BUNDLED))
EVENT_IDS = [e.id for e in SCENARIO.events]


def after(*names: str) -> Scenario:
    return apply_events(SCENARIO, resolve_events(SCENARIO, names)).scenario


def test_no_events_give_no_changes() -> None:
    before = analyse(SCENARIO)
    assert compare(before, analyse(after())).empty


@pytest.mark.parametrize("path", sorted((ROOT / "scenarios").glob("*.yaml")), ids=lambda p: p.name)
def test_every_event_of_every_bundled_scenario_applies_cleanly(path: Path) -> None:
    scenario = load_file(str(path))
    for event in scenario.events:
        result = apply_events(scenario, [event]).scenario
        assert result != scenario, f"{event.id} changes nothing"
        load_text(dump_scenario(result))  # and the result is a valid scenario


inline_ops = st.sampled_from(
    [
        "exclude:turkey@mosul",
        "exclude:nusra",
        "remove:is",
        "include:russia@mosul",
        "set:us:russia=rival",
        "set:iran:turkey=partner@aleppo",
        "shift:us:iran=+0.4",
        "shift:russia:turkey=-0.7@aleppo",
        "confidence:us:turkey=0.3@mosul",
        *EVENT_IDS,
    ]
)


@settings(max_examples=80, deadline=None)
@given(st.lists(inline_ops, min_size=1, max_size=4))
def test_applying_never_mutates_and_composes_step_by_step(names: list[str]) -> None:
    text_before = dump_scenario(SCENARIO)
    events = resolve_events(SCENARIO, names)
    try:
        together = apply_events(SCENARIO, events).scenario
    except EventError:
        assert dump_scenario(SCENARIO) == text_before
        return
    stepwise = SCENARIO
    for event in events:
        stepwise = apply_events(stepwise, [event], SCENARIO.events).scenario
    assert together == stepwise
    assert dump_scenario(SCENARIO) == text_before
    assert load_file(str(BUNDLED)) == SCENARIO


def _key_of(stress: Stress) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    return (stress.kind, stress.actors, stress.theaters)


def _plain_stress_diff(before: Analysis, after: Analysis) -> set[tuple[object, ...]]:
    """The stress changes by the definition: headlines compared with every fact of the other
    side (facets included), so a fact folded on one side is never added or resolved."""

    def facts(points: tuple[Stress, ...]) -> dict[tuple[object, ...], Stress]:
        found: dict[tuple[object, ...], Stress] = {}
        for point in points:
            for fact in (point, *point.facets):
                found.setdefault(_key_of(fact), fact)
        return found

    old, new = facts(before.stress), facts(after.stress)
    heads_old = {_key_of(s): s for s in before.stress}
    heads_new = {_key_of(s): s for s in after.stress}
    changes: set[tuple[object, ...]] = set()
    for key, point in heads_new.items():
        if key not in old:
            changes.add(("added", key))
        elif abs(old[key].severity - point.severity) >= SEVERITY_EPSILON:
            changes.add(("changed", key))
    for key, point in heads_old.items():
        if key not in new:
            changes.add(("resolved", key))
        elif key not in heads_new and abs(new[key].severity - point.severity) >= SEVERITY_EPSILON:
            changes.add(("changed", key))
    return changes


@settings(max_examples=60, deadline=None)
@given(st.lists(inline_ops, min_size=1, max_size=3), st.booleans())
def test_cached_comparisons_match_a_comparison_from_scratch(names: list[str], warm: bool) -> None:
    # Comparisons skip stress parts met before (by identity) and memoise the rest; whatever
    # the caches hold, the result must be the plain comparison of the two stress lists.
    if not warm:
        clear_all()
    try:
        changed = after(*names)
    except EventError:
        return
    before, later = analyse(SCENARIO), analyse(changed)
    found = compare(before, later)
    assert {(c.change, _key_of(c.stress)) for c in found.stress} == _plain_stress_diff(
        before, later
    )
    assert len(found.stress) == len({(c.change, *_key_of(c.stress)) for c in found.stress})
    assert compare(later, later).empty
    assert compare(before, before).empty


def _tie(view_id: str, a: str, b: str, scenario: Scenario) -> tuple[float, float]:
    view = analyse(scenario).view(view_id)
    tie = view.tie(a, b)
    assert tie is not None, f"no {a}–{b} tie in {view_id}"
    return tie.weight, tie.pressure


def test_turkey_exclusion_takes_turkey_out_of_mosul_and_pushes_it_towards_russia() -> None:
    result = after("turkey-exclusion")
    assert "turkey" not in result.theater_by_id["mosul"].actors
    weight_before, pressure_before = _tie("aleppo", "russia", "turkey", SCENARIO)
    weight_after, pressure_after = _tie("aleppo", "russia", "turkey", result)
    assert pressure_after >= pressure_before
    assert weight_after > weight_before


def test_sanctions_relief_strengthens_the_us_iran_tie() -> None:
    result = after("sanctions-relief")
    for theater in ("mosul", "aleppo"):
        assert _tie(theater, "us", "iran", result)[0] > _tie(theater, "us", "iran", SCENARIO)[0]


def test_when_is_falls_the_us_iran_convergence_loses_its_common_enemy() -> None:
    result = run("whatif", "mosul-aleppo-2016", "is-falls-in-iraq", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    mosul = next(t for t in data["after"]["theaters"] if t["id"] == "mosul")
    assert "is" not in mosul["actors"]
    change = next(
        t
        for t in data["changes"]["ties"]
        if t["theater"] == "mosul" and t["actors"] == ["iran", "us"]
    )
    assert change["change"] == "pressure"
    assert change["after"]["pressure"] < change["before"]["pressure"]
    assert change["after"]["weight"] == change["before"]["weight"]


def test_clamping_is_reported() -> None:
    applied = apply_events(SCENARIO, resolve_events(SCENARIO, ["shift:us:iran=+0.9"]))
    assert [n.message for n in applied.notes] == ["us–iran in mosul: +0.60 +0.90 clamped to +1.00"]
    data = json.loads(run("whatif", "mosul-aleppo-2016", "shift:us:iran=+0.9", "-f", "json").stdout)
    assert data["notes"] == [
        {"event": "shift:us:iran=+0.9", "message": "us–iran in mosul: +0.60 +0.90 clamped to +1.00"}
    ]


@pytest.mark.parametrize(
    ("token", "operation"),
    [
        ("exclude:turkey@mosul", Exclude("turkey", "mosul")),
        ("exclude:turkey", Exclude("turkey", None)),
        ("remove:is", Remove("is")),
        ("include:russia@mosul", Include("russia", "mosul")),
        ("set:us:iran=ally@mosul", SetTie("us", "iran", 1.0, None, "mosul")),
        ("set:us:iran=-0.25", SetTie("us", "iran", -0.25, None, None)),
        ("confidence:us:iran=0.5", SetTie("us", "iran", None, 0.5, None)),
        ("shift:us:iran=+0.3", ShiftTie("us", "iran", 0.3, None)),
        ("shift:us:iran=-1@aleppo", ShiftTie("us", "iran", -1.0, "aleppo")),
    ],
)
def test_inline_syntax(token: str, operation: object) -> None:
    assert parse_inline(token).operations == (operation,)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["turkey-exclusin"], "unknown event 'turkey-exclusin'; did you mean 'turkey-exclusion'?"),
        (["shift:us:iran+0.3"], "malformed inline event 'shift:us:iran+0.3'; write it as"),
        (["shfit:us:iran=0.3"], "unknown inline event 'shfit:us:iran=0.3'; did you mean 'shift'?"),
        (["set:us:iran=allly"], "unknown stance 'allly'; did you mean 'ally'?"),
        (["exclude:nusra@mosul"], "'nusra' is not engaged in 'mosul'"),
        (["shift:us:nusra=0.2"], "no tie between 'us' and 'nusra' to shift; use set to create one"),
        (["remove:is", "exclude:is@mosul"], "unknown actor 'is'"),
    ],
)
def test_events_that_cannot_apply_are_clear_errors(args: list[str], message: str) -> None:
    result = run("whatif", "mosul-aleppo-2016", *args)
    assert result.returncode == 1
    assert result.stdout == ""
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr


def test_a_failing_named_event_points_at_its_operation_in_the_file() -> None:
    result = run("whatif", str(BUNDLED), "turkey-exclusion", "turkey-joins-mosul")
    assert result.returncode == 1
    line = result.stderr.strip()
    assert line.startswith(f"{BUNDLED}:")
    position = line[len(str(BUNDLED)) + 1 :].split(":")[:2]
    text_line = BUNDLED.read_text(encoding="utf-8").splitlines()[int(position[0]) - 1]
    assert "set: [us, turkey]" in text_line


def test_save_writes_a_valid_scenario_and_leaves_the_input_alone(tmp_path: Path) -> None:
    source = tmp_path / "in.yaml"
    source.write_bytes(BUNDLED.read_bytes())
    target = tmp_path / "out.yaml"
    result = run("whatif", str(source), "turkey-exclusion", "--save", str(target), "-f", "json")
    assert result.returncode == 0, result.stderr
    assert source.read_bytes() == BUNDLED.read_bytes()
    saved = load_file(str(target))
    assert "turkey" not in saved.theater_by_id["mosul"].actors
    shown = json.loads(run("show", str(target), "-f", "json").stdout)
    assert shown["theaters"] == json.loads(result.stdout)["after"]["theaters"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.yaml", "out.yaml"]


def test_events_from_a_separate_file(tmp_path: Path) -> None:
    library = tmp_path / "more.yaml"
    library.write_text(
        "events:\n"
        "  - id: russia-in-mosul\n"
        "    do:\n"
        "      - {include: russia, in: mosul}\n"
        "      - {apply: is-falls-in-iraq}\n",
        encoding="utf-8",
    )
    listed = json.loads(run("events", "--events", str(library), "-f", "json").stdout)
    assert [e["id"] for e in listed["events"]] == [*EVENT_IDS, "russia-in-mosul"]
    result = run(
        "whatif", "mosul-aleppo-2016", "russia-in-mosul", "--events", str(library), "-f", "json"
    )
    assert result.returncode == 0, result.stderr
    mosul = json.loads(result.stdout)["after"]["theaters"][0]
    assert "russia" in mosul["actors"] and "is" not in mosul["actors"]


def test_an_events_file_is_validated_with_positions(tmp_path: Path) -> None:
    library = tmp_path / "bad.yaml"
    library.write_text(
        "events:\n  - id: turkey-exclusion\n    do: [{exclude: turky}]\n", encoding="utf-8"
    )
    result = run("events", "--events", str(library))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{library}:2:9: event 'turkey-exclusion' is already defined in the scenario; rename it",
        f"{library}:3:20: unknown actor 'turky'; did you mean 'turkey'?",
    ]


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("which", ["bundled", "pool"])
def test_each_sweep_outcome_is_what_running_that_combination_alone_gives(
    tmp_path: Path, which: str, workers: int
) -> None:
    # A sweep applies each combination on top of its prefix, caches views and comparisons,
    # and may split the work over processes: none of that may change an outcome. The bundled
    # scenario has a combination that fails; the pool scenario's shifts are clamped (notes).
    scenario = SCENARIO if which == "bundled" else load_file(str(_sweep_scenario(tmp_path)))
    result = sweep(scenario, workers=workers)
    if which == "bundled":
        assert any(o.error for o in result.outcomes)
    else:  # a failure with an event after it (e0, e4, e5), and clamped shifts
        assert any(o.error and o.events[-1] == "e5" for o in result.outcomes)
        assert any(o.notes for o in result.outcomes)
    clear_all()
    baseline = analyse(scenario)
    for outcome in result.outcomes:
        chosen = [scenario.event_by_id[name] for name in outcome.events]
        assert run_combination(scenario, chosen, baseline)[0] == outcome, outcome.events


def test_sweep_covers_every_combination_and_finds_the_order_that_fails() -> None:
    result = sweep(SCENARIO)
    assert len(result.outcomes) == 2 ** len(EVENT_IDS) - 1
    assert ("turkey-exclusion", "turkey-joins-mosul") in [e.events for e in result.order_effects]
    impacts = [o.impact for o in result.outcomes if o.error is None]
    assert impacts == sorted(impacts, reverse=True)
    assert len(sweep(SCENARIO, max_events=1).outcomes) == len(EVENT_IDS)


def test_sweep_csv_has_the_documented_header_and_one_row_per_combination() -> None:
    result = run("sweep", "--format", "csv", "--max-events", "2")
    assert result.returncode == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == [
        "rank",
        "events",
        "moved",
        "frustration_delta",
        "overall_frustration_delta",
        "stress_added",
        "stress_resolved",
        "stress_changed",
        "error",
    ]
    n = len(EVENT_IDS)
    assert len(rows) == n + n * (n - 1) // 2


def test_events_lists_every_named_event_with_its_operations() -> None:
    data = json.loads(run("events", "--format", "json").stdout)
    assert data["schema"] == "alliances/events/1"
    assert [e["id"] for e in data["events"]] == EVENT_IDS
    assert all(e["operations"] and e["title"] and e["description"] for e in data["events"])


def _sweep_scenario(tmp_path: Path) -> Path:
    """Twelve actors in two overlapping theaters, six events: enough jobs for the pool; some
    combinations fail, and some shifts are clamped."""
    import random

    rng = random.Random(3)
    ids = [f"a{i}" for i in range(12)]
    lines = ["id: pool", "title: Pool", "actors:", *[f"  - {{id: {a}}}" for a in ids]]
    lines += [
        "theaters:",
        f"  - {{id: east, actors: [{', '.join(ids[:8])}]}}",
        f"  - {{id: west, actors: [{', '.join(ids[4:])}]}}",
        "ties:",
    ]
    pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :] if rng.random() < 0.5]
    lines += [
        f"  - {{between: [{a}, {b}], stance: {rng.choice([-0.8, -0.4, 0.5, 0.9])}}}"
        for a, b in pairs
    ]
    lines.append("events:")
    for k in range(6):
        a, b = pairs[rng.randrange(len(pairs))]
        # e4 excludes the actor e0 excludes, so combinations with both fail, whatever follows.
        op = (
            f"{{shift: [{a}, {b}], by: -0.9}}"
            if k % 2
            else f"{{exclude: {ids[k % 4]}, from: east}}"
        )
        lines.append(f"  - {{id: e{k}, do: [{op}]}}")
    path = tmp_path / "pool.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("workers", [1, 2])
def test_sweep_progress_rises_to_a_total_that_never_changes(tmp_path: Path, workers: int) -> None:
    clear_all()
    calls: list[tuple[int, int]] = []
    scenario = load_file(str(_sweep_scenario(tmp_path)))
    sweep(scenario, workers=workers, progress=lambda done, total: calls.append((done, total)))
    totals = {total for _, total in calls}
    done = [d for d, _ in calls]
    assert len(totals) == 1 and done == sorted(done) and done[-1] == totals.pop()


@pytest.mark.parametrize("camps", [[], ["--camps", "2"]])
def test_sweep_in_several_processes_prints_exactly_what_one_process_prints(
    tmp_path: Path, camps: list[str]
) -> None:
    path = _sweep_scenario(tmp_path)
    one = run("sweep", str(path), "-f", "json", "-j", "1", *camps)
    two = run("sweep", str(path), "-f", "json", "-j", "2", *camps)
    assert one.returncode == 0, one.stderr
    assert two.returncode == 0, two.stderr
    assert len(json.loads(one.stdout)["outcomes"]) == 63
    assert one.stdout == two.stdout


def test_a_whatif_names_the_actors_that_enter_and_leave_each_theater() -> None:
    # Russia joins the Mosul operation; Turkey leaves Aleppo. Each view names who came and
    # went, in the order the scenario lists them, and no one else.
    done = run(
        "whatif", str(BUNDLED), "include:russia@mosul", "exclude:turkey@aleppo", "-f", "json"
    )
    assert done.returncode == 0, done.stderr
    views = {v["id"]: v for v in json.loads(done.stdout)["changes"]["views"]}
    assert (views["mosul"]["entered"], views["mosul"]["left"]) == (["russia"], [])
    assert (views["aleppo"]["entered"], views["aleppo"]["left"]) == ([], ["turkey"])


REGROUP = """
id: regroup
title: regroup
actors: [{id: a, capability: 3}, {id: b}, {id: c, capability: 2}, {id: d}, {id: e}]
theaters: [{id: t, actors: [a, b, c, d, e]}]
ties:
  - {between: [a, b], stance: ally}
  - {between: [c, d], stance: ally}
  - {between: [a, c], stance: STANCE}
  - {between: [e, a], stance: partner}
  - {between: [e, d], stance: rival}
events:
  - id: turn
    do:
      - {set: [a, c], stance: TURNED}
      - {set: [e, a], stance: rival}
      - {set: [e, d], stance: partner}
"""


@pytest.mark.parametrize(
    ("stance", "turned", "regrouping"),
    [
        ("partner", "enemy", "the a camp split into the a camp and the c camp"),
        ("enemy", "ally", "the a camp and the c camp merged into the a camp"),
    ],
)
def test_a_regrouping_is_said_once_with_camp_names(
    tmp_path: Path, stance: str, turned: str, regrouping: str
) -> None:
    path = tmp_path / "regroup.yaml"
    path.write_text(REGROUP.replace("STANCE", stance).replace("TURNED", turned), encoding="utf-8")
    text = run("whatif", str(path), "turn").stdout
    camps = text[text.index("Camps") : text.index("Frustration")]
    row = next(line for line in camps.splitlines() if line.startswith(" t "))
    assert regrouping in row
    lines = [line.strip() for line in camps.splitlines()[2:] if line.strip()]
    # e's move is its own; the members of the camps that split or merged are not moves again.
    moves = [line for line in lines if " moves " in line]
    assert all(line.split(" moves ")[0].split()[-1] == "e" for line in moves), camps
    assert "[" not in camps  # camps by name, not member lists


def test_sweep_gives_the_theaters_and_the_overall_change_each_in_its_column() -> None:
    text = run("sweep", "--max-events", "1").stdout.splitlines()
    data = json.loads(run("sweep", "--max-events", "1", "-f", "json").stdout)
    header = next(line for line in text if "Δ frustration, theaters" in line)
    assert header.split()[-5:] == ["theaters", "Δ", "overall", "Stress", "+/-/~"]
    for outcome, row in zip(
        data["outcomes"], [t for t in text if t[:4].strip().isdigit()], strict=False
    ):
        theaters, overall = row.split()[-3:-1]
        assert float(theaters) == pytest.approx(outcome["frustration_delta"], abs=0.005)
        assert float(overall) == pytest.approx(outcome["overall_frustration_delta"], abs=0.005)
    assert any(line.startswith(" Δ frustration: the change in weight units") for line in text)


def test_a_chain_of_a_thousand_events_each_applying_the_next_applies_to_its_end(
    tmp_path: Path,
) -> None:
    lines = [
        "id: deep",
        "title: deep",
        "actors: [{id: a}, {id: b}]",
        "theaters: [{id: t, actors: [a, b]}]",
        "ties: [{between: [a, b], stance: 0.5}]",
        "events:",
        *(f"  - {{id: e{i}, do: [{{apply: e{i + 1}}}]}}" for i in range(1000)),
        "  - {id: e1000, do: [{set: [a, b], stance: -1}]}",
    ]
    path = tmp_path / "deep.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run("whatif", str(path), "e0", "-f", "json")
    assert done.returncode == 0, done.stderr  # a RecursionError (exit 70) at 977 levels before
    assert "b moves" in run("whatif", str(path), "e0").stdout
    assert run("robust", str(path), "e0", "-s", "2", "-o", str(tmp_path / "r.json")).returncode == 0
    assert run("graph", str(path), "e0", "-o", str(tmp_path / "map.svg")).returncode == 0
