"""Stress points as facts, camp names a reader recognises, on the bundled and published networks."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import BUNDLED, ROOT

from alliances_cli.engine.analysis import Analysis, analyse
from alliances_cli.engine.events import apply_events, resolve_events
from alliances_cli.reports.stress import summary
from alliances_cli.scenario.errors import ScenarioError
from alliances_cli.scenario.importers.edgelist import load_edge_list
from alliances_cli.scenario.load import load_file, load_text

SHARED = ROOT.parent / "shared" / "data" / "signed-networks"
COW = SHARED / "cow" / "84-87.csv"
needs_shared = pytest.mark.skipif(not COW.exists(), reason="shared/ signed networks absent")
SCENARIO = load_file(str(BUNDLED))


def _network(path: Path) -> Analysis:
    return analyse(load_edge_list(path.read_text(), str(path)))


def _sentences(analysis: Analysis) -> list[tuple[str, str]]:
    """(actor id, sentence) for every torn actor, listed or facet."""
    found = []
    for stress in analysis.stress:
        for fact in (stress, *stress.facets):
            if fact.kind == "torn-actor":
                found.append((fact.actors[0], summary(analysis, fact)))
    return found


@needs_shared
def test_the_western_bloc_is_named_after_one_of_its_best_connected_members() -> None:
    analysis = _network(COW)
    view = analysis.theaters[0]
    camp = view.camps[view.camp_of("USA") or 0]
    inside = {
        a: sum(w for b, w in view.weights[a].items() if w > 0 and b in camp.members)
        for a in camp.members
    }
    assert inside[camp.leader] == max(inside.values())
    assert camp.name == view.camps[view.camp_of("USA") or 0].leader


@needs_shared
def test_renaming_actors_does_not_change_which_member_names_a_camp() -> None:
    text = COW.read_text()
    lines = text.splitlines()
    renamed = {code: f"z{code[::-1].lower()}" for line in lines[1:] for code in line.split(",")[:2]}
    changed = "\n".join(
        [lines[0]]
        + [",".join([renamed[a], renamed[b], s]) for a, b, s in (ln.split(",") for ln in lines[1:])]
    )
    before = _network(COW).theaters[0]
    after = analyse(load_edge_list(changed, "renamed.csv")).theaters[0]
    # Camps with the same members (the renamed network may show another of its many optima)
    # have the same leader.
    leaders_before = {
        frozenset(renamed[m] for m in c.members): renamed[c.leader] for c in before.camps
    }
    leaders_after = {frozenset(c.members): c.leader for c in after.camps}
    shared = leaders_before.keys() & leaders_after.keys()
    assert len(shared) >= len(before.camps) - 3
    assert all(leaders_before[k] == leaders_after[k] for k in shared)


@needs_shared
@pytest.mark.parametrize("path", [COW, SHARED / "highland-tribes.csv"], ids=lambda p: p.name)
def test_on_plus_minus_one_networks_the_top_ten_are_not_in_name_order(path: Path) -> None:
    analysis = _network(path)
    top = [s.actors for s in analysis.stress[:10]]
    assert len(top) == 10 and top != sorted(top)
    severities = [round(s.severity, 4) for s in analysis.stress]
    assert max(severities) < 1  # nothing saturates


@needs_shared
def test_no_sentence_names_an_actors_own_camp_after_it() -> None:
    analyses = [_network(COW), analyse(SCENARIO)]
    for event in SCENARIO.events:
        applied = apply_events(SCENARIO, resolve_events(SCENARIO, [event.id]))
        analyses.append(analyse(applied.scenario))
    checked = 0
    for analysis in analyses:
        for actor, sentence in _sentences(analysis):
            assert f"the {analysis.scenario.actor_name(actor)} camp" not in sentence, sentence
            checked += 1
    assert checked > 5


def test_a_leader_pulled_away_from_its_own_camp_says_so() -> None:
    text = """
id: own
title: own
actors: [{id: big, capability: 9}, {id: ally}, {id: other}, {id: friend}]
theaters: [{id: t, actors: [big, ally, other, friend]}]
ties:
  - {between: [big, ally], stance: ally}
  - {between: [big, other], stance: partner}
  - {between: [ally, other], stance: enemy}
  - {between: [other, friend], stance: ally}
"""
    analysis = analyse(load_text(text))
    sentences = [s for actor, s in _sentences(analysis) if actor == "big"]
    assert sentences and "its own camp" in sentences[0]


def test_an_imported_network_lists_fewer_stress_points_than_ties() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import planted

    _, weights, _ = planted(1000, 8000, 0.08, seed=3)
    rows = ["source,target,stance"] + [f"{a},{b},{w:.3f}" for (a, b), w in weights.items()]
    analysis = analyse(load_edge_list("\n".join(rows), "planted.csv"))
    assert 0 < len(analysis.stress) <= len(weights)


NATO = """
id: nato
title: nato
actors:
  - {id: us, tags: [nato], capability: 5}
  - {id: tr, tags: [nato]}
  - {id: ru, capability: 4}
  - {id: sy}
theaters: [{id: t, actors: [us, tr, ru, sy]}]
ties:
  - {between: [us, tr], stance: ally}
  - {between: [ru, sy], stance: ally}
  - {between: [us, ru], stance: enemy}
camps:
  - {name: NATO, tag: nato}
  - {name: Damascus and Moscow, actors: [sy, ru]}
"""


def test_a_scenario_names_its_camps() -> None:
    view = analyse(load_text(NATO)).view("t")
    names = {c.name: c.members for c in view.camps}
    assert names == {"NATO": ("us", "tr"), "Damascus and Moscow": ("ru", "sy")}
    assert all(c.named for c in view.camps)


def test_a_camp_name_needs_a_known_tag() -> None:
    with pytest.raises(ScenarioError) as found:
        load_text(NATO.replace("tag: nato}", "tag: natto}"))
    (problem,) = found.value.problems
    assert problem.pos is not None and "no actor carries the tag 'natto'" in problem.message
    assert "did you mean 'nato'" in problem.message


def test_a_camp_that_persists_keeps_its_name_through_a_whatif() -> None:
    text = """
id: keep
title: keep
actors: [{id: small}, {id: mate}, {id: giant, capability: 9}, {id: foe}]
theaters:
  - {id: t, actors: [small, mate, foe]}
ties:
  - {between: [small, mate], stance: ally}
  - {between: [small, foe], stance: enemy}
  - {between: [giant, mate], stance: ally}
  - {between: [giant, small], stance: partner}
events:
  - {id: arrives, do: [{include: giant, in: t}]}
"""
    scenario = load_text(text)
    before = analyse(scenario)
    applied = apply_events(scenario, resolve_events(scenario, ["arrives"]))
    fresh = analyse(applied.scenario).view("t")
    followed = analyse(applied.scenario, prior=before).view("t")
    assert fresh.camps[0].leader == "giant"  # alone, the giant is the core
    assert followed.camps[0].leader == before.view("t").camps[0].leader  # the camp persists
    assert set(followed.camps[0].members) == {"small", "mate", "giant"}


@pytest.mark.parametrize("camps", [None, 2], ids=["any-camps", "two-camps"])
def test_a_large_view_finds_by_sparse_products_what_the_plain_walk_finds(
    monkeypatch: pytest.MonkeyPatch, camps: int | None
) -> None:
    # From SPARSE_TIES ties, the ties' pressures come from their triangles and the implied
    # ties from sparse matrix products; below, from a walk over neighbours. The same view both
    # ways: the same ties with the same pressures, and the same stress points in the same order.
    from alliances_cli.engine import view as engine
    from alliances_cli.engine.memo import clear_all

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import planted

    _, weights, _ = planted(500, 8000, 0.1, seed=5)
    rows = ["source,target,stance"] + [f"{a},{b},{w:.3f}" for (a, b), w in weights.items()]
    scenario = load_edge_list("\n".join(rows), "planted.csv")
    assert len(scenario.ties) >= engine.SPARSE_TIES
    results = []
    products = engine.SPARSE_TIES
    for threshold in (products, 10**9):
        clear_all()
        monkeypatch.setattr(engine, "SPARSE_TIES", threshold)
        found = analyse(scenario, camps_limit=camps)
        view = found.theaters[0]
        assert view.large == (threshold == products)
        results.append(
            (
                [(t.a, t.b, round(t.pressure, 9), t.frustrated) for t in view.ties],
                [
                    (s.kind, s.actors, round(s.severity, 9), [f.kind for f in s.facets])
                    for s in found.stress
                ],
            )
        )
    clear_all()
    assert results[0] == results[1]
    kinds = {kind for kind, _, _, _ in results[0][1]}
    # (With two camps this network has no actor torn by the net rule.)
    assert {"implied-tie", "frustrated-tie", *(["torn-actor"] if camps is None else [])} <= kinds


def test_a_view_without_stress_says_so_in_one_line(tmp_path: Path) -> None:
    from conftest import invoke

    scenario = tmp_path / "calm.yaml"
    scenario.write_text(
        "id: calm\ntitle: calm\nactors: [{id: a}, {id: b}, {id: c}]\n"
        "theaters: [{id: t, actors: [a, b, c]}]\n"
        "ties: [{between: [a, b], stance: ally}, {between: [a, c], stance: ally},\n"
        "       {between: [b, c], stance: ally}]\n",
        encoding="utf-8",
    )
    for fmt in ("text", "markdown"):
        done = invoke("show", str(scenario), "-f", fmt)
        assert done.returncode == 0
        assert "No stress points: no tie goes against the camps." in done.stdout.splitlines()
        assert "Stress points\n" not in done.stdout and "## Stress points" not in done.stdout


def test_a_theater_without_ties_gives_no_figures_but_says_why(tmp_path: Path) -> None:
    from conftest import invoke

    scenario = tmp_path / "quiet.yaml"
    scenario.write_text(
        "id: q\ntitle: q\nactors: [{id: a}, {id: b}, {id: c}]\n"
        "theaters: [{id: calm, actors: [a, b]}, {id: war, actors: [a, c]}]\n"
        "ties: [{between: [a, c], stance: enemy}]\n",
        encoding="utf-8",
    )
    done = invoke("show", str(scenario))
    assert done.returncode == 0, done.stderr
    balance = done.stdout[done.stdout.index("Balance") :].splitlines()
    calm = next(line for line in balance if line.startswith(" calm"))
    assert calm.split() == ["calm", "-", "-", "-", "no", "tie", "among", "its", "actors"]


def test_the_stress_list_says_its_scales_and_its_evidence_shorthand() -> None:
    from conftest import invoke

    bundled = invoke("show").stdout.splitlines()
    legend = [line for line in bundled if line.startswith(" Evidence: ")]
    assert legend == [
        " Evidence: places in Curious Alliances Taking Place Amid Mosul Operation (ri-mosul-2016)."
    ]
    assert any(line.startswith(" Sev.: stake / (1 + stake), 0 to 1") for line in bundled)
    network = invoke("show", str(ROOT.parent / "shared/data/signed-networks/highland-tribes.csv"))
    if network.returncode == 0:  # the published networks are beside the checkout
        assert " Evidence: - no evidence cited for the ties at stake." in network.stdout
