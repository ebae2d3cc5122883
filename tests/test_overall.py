"""The overall view: the consensus rule, its splits and hedges, and what events do to it."""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path

from conftest import BUNDLED, run, set_partitions
from hypothesis import given, settings
from hypothesis import strategies as st

from alliances_cli.engine.analysis import Analysis, analyse
from alliances_cli.engine.overall import TheaterCamps, consensus_edges, solve_consensus, twins
from alliances_cli.engine.solver import Settings, frustration
from alliances_cli.scenario.load import load_file, load_text

SCENARIO = load_file(str(BUNDLED))


def together(analysis: Analysis, a: str, b: str) -> bool:
    view = analysis.overall
    return view.camp_of(a) is not None and view.camp_of(a) == view.camp_of(b)


def test_the_overall_view_follows_the_article() -> None:
    analysis = analyse(SCENARIO)
    assert together(analysis, "us", "iraq") and together(analysis, "us", "pmf")
    assert together(analysis, "russia", "syria") and together(analysis, "russia", "turkey")
    assert not together(analysis, "us", "russia")
    assert analysis.overall.optimal


def test_iran_is_the_overall_swing_actor_and_its_pairs_with_the_us_and_turkey_are_split() -> None:
    analysis = analyse(SCENARIO)
    optima = analysis.overall.optima
    assert optima.count == 2 and optima.exact
    assert [s.actor for s in optima.swing] == ["iran"]
    assert {frozenset(c) for c in optima.swing[0].company} == {
        frozenset({"us", "iraq", "pmf"}),
        frozenset({"russia", "syria", "turkey"}),
    }
    splits = {(s.a, s.b): (s.together, s.apart) for s in analysis.splits}
    assert splits == {
        ("iran", "us"): (("mosul",), ("aleppo",)),
        ("iran", "turkey"): (("aleppo",), ("mosul",)),
    }


def test_the_mean_rule_stays_selectable_and_joins_the_us_and_russia() -> None:
    analysis = analyse(SCENARIO, overall="mean")
    assert analysis.overall_rule == "mean"
    assert together(analysis, "us", "russia")  # what averaging the contradictions gives
    data = json.loads(run("show", "--overall", "mean", "-f", "json").stdout)
    assert data["overall_rule"] == "mean" and data["split"] == []


def test_theater_weights_decide_a_split() -> None:
    text = BUNDLED.read_text().replace("  - id: mosul\n", "  - id: mosul\n    weight: 2\n")
    analysis = analyse(load_text(text))
    assert together(analysis, "iran", "us")
    assert analysis.overall.optima.unique
    assert all({s.a, s.b} != {"iran", "us"} for s in analysis.splits)


def test_hedging_names_the_theater_where_an_actor_stands_with_another_overall_camp() -> None:
    text = BUNDLED.read_text().replace("  - id: mosul\n", "  - id: mosul\n    weight: 2\n")
    analysis = analyse(load_text(text))
    hedges = [(h.actor, h.theater) for h in analysis.hedges]
    assert hedges == [("iran", "aleppo")]
    (hedge,) = analysis.hedges
    assert hedge.overall_camp == "us" and hedge.lines_up_with == "russia"


GENERAL = """
id: general
title: general
actors: [{id: a}, {id: b}, {id: c}]
theaters:
  - {id: north, actors: [a, b, c]}
  - {id: south, actors: [a, c]}
ties:
  - {between: [a, b], stance: ally, in: {north: ally}}
  - {between: [a, c], stance: enemy}
  - {between: [b, c], stance: enemy}
"""


def test_a_pair_that_shares_no_theater_takes_its_general_stance() -> None:
    analysis = analyse(load_text(GENERAL.replace("[a, b, c]}", "[b, c]}", 1)))
    edge = analysis.overall.edges[("a", "b")]
    assert edge.theaters == () and edge.weight == 1.0
    assert together(analysis, "a", "b")


def test_whatif_reports_when_an_event_changes_what_the_overall_view_is_made_of() -> None:
    result = run("whatif", "-", "exclude:a@north", "-f", "json", input=GENERAL)
    assert result.returncode == 0, result.stderr
    changes = json.loads(result.stdout)["changes"]["ties"]
    (change,) = [t for t in changes if t["theater"] is None and t["actors"] == ["a", "b"]]
    assert change["before"]["theaters"] == ["north"]
    assert change["after"]["theaters"] == []  # now the general stance
    text = run("whatif", "-", "exclude:a@north", input=GENERAL).stdout
    assert "general stance" in text


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 2), min_size=6, max_size=6), min_size=2, max_size=3),
    st.lists(st.booleans(), min_size=6, max_size=6),
)
def test_solving_on_twins_gives_the_optimum_of_all_pairs(
    labels: list[list[int]], engaged_everywhere: list[bool]
) -> None:
    actors = [f"a{i}" for i in range(6)]
    solved = [
        TheaterCamps(
            f"t{k}",
            1.0,
            {a: row[i] for i, a in enumerate(actors) if k == 0 or engaged_everywhere[i]},
        )
        for k, row in enumerate(labels)
    ]
    scenario = load_text(
        "id: s\ntitle: s\nactors: [" + ", ".join(f"{{id: {a}}}" for a in actors) + "]\n"
        "theaters: [{id: t0, actors: [" + ", ".join(actors) + "]}]\n"
    )
    edges, _ = consensus_edges(scenario, actors, solved, {t.theater: {} for t in solved})
    weights = {key: e.weight for key, e in edges.items()}
    groups = twins(actors, solved, weights)
    found = solve_consensus(actors, weights, groups, Settings(node_budget=10**6))
    best = min(
        frustration({a: i for i, c in enumerate(p) for a in c}, weights)
        for p in set_partitions(actors)
    )
    assert abs(found.frustration - best) < 1e-9


def test_every_pair_score_counts_votes() -> None:
    analysis = analyse(SCENARIO)
    for (a, b), edge in analysis.overall.edges.items():
        views = [v for v in analysis.theaters if v.id in edge.theaters]
        votes = [1 if v.camp_of(a) == v.camp_of(b) else -1 for v in views]
        if votes:
            assert edge.weight == sum(votes) / len(votes)
    assert len(list(combinations(analysis.overall.actors, 2))) >= len(analysis.overall.edges)


def test_a_hedging_line_never_names_an_actors_camp_after_it() -> None:
    text = run("show", "--camps", "2").stdout
    (line,) = [ln for ln in text.splitlines() if "hedging:" in ln]
    assert "Islamic State leads a camp with al-Nusra Front overall" in line
    assert "the Islamic State camp" not in line


def test_a_hedging_line_never_calls_two_camps_its_own() -> None:
    # Russia stands alone overall after the ceasefire but leads the pro-Armenian camp at the
    # front: "in its own camp overall but ... with its own camp" said both at once.
    path = BUNDLED.parents[1] / "docs" / "examples" / "karabakh-2020.yaml"
    text = run("show", str(path)).stdout
    lines = [ln.strip() for ln in text.splitlines() if "hedging:" in ln]
    assert (
        "hedging: Russia stands alone overall but leads a camp with Iran, Armenia and Artsakh "
        "(Nagorno-Karabakh) in Karabakh front"
    ) in lines
    assert not [ln for ln in lines if ln.count("its own camp") > 1]


def test_an_overall_camp_takes_the_name_its_theaters_give_the_group() -> None:
    # Alpha has the most capability, but Beta is the core of the group in both theaters (its
    # own ties hold the camp together); by its own rule the overall view would name it Alpha.
    text = """
id: names
title: names
actors:
  - {id: a, name: Alpha, capability: 3}
  - {id: b, name: Beta, capability: 2}
  - {id: c, name: Gamma, capability: 1}
  - {id: d, name: Delta, capability: 1}
theaters:
  - {id: n, name: North, actors: [a, b, c, d]}
  - {id: s, name: South, actors: [a, b, c, d]}
ties:
  - {between: [a, b], stance: 0.3}
  - {between: [b, c], stance: 1}
  - {between: [b, d], stance: 1}
  - {between: [c, d], stance: 1}
"""
    from alliances_cli.engine.analysis import match, name_camps

    analysis = analyse(load_text(text))
    whole = analysis.overall
    weights = {k: e.weight for k, e in whole.edges.items()}
    alone = name_camps(analysis.scenario, [c.members for c in whole.camps], weights)
    assert [c.leader for c in alone] == ["a"]  # the overall view's own rule: Alpha
    for view in analysis.theaters:
        assert [c.name for c in view.camps] == ["Beta"]
        assert match(whole, view) == {0: 0}
    assert [(c.leader, c.name) for c in whole.camps] == [("b", "Beta")]


def test_splits_and_hedges_are_listed_up_to_top_then_counted(tmp_path: Path) -> None:
    """90 dense actors printed 470 split lines before the stress points; now --top of them
    (default 10), then how many more, as the stress points are."""
    from conftest import invoke

    camps_one = [set("abcd"), set("efgh")]
    camps_two = [set("abef"), set("cdgh")]
    lines = ["id: s", "title: S", "actors:", *[f"  - {{id: {a}}}" for a in "abcdefgh"]]
    lines += ["theaters:", "  - {id: one, actors: [a, b, c, d, e, f, g, h]}"]
    lines += ["  - {id: two, actors: [a, b, c, d, e, f, g, h]}", "ties:"]
    for i, a in enumerate("abcdefgh"):
        for b in "abcdefgh"[i + 1 :]:
            one, two = (
                1 if any(a in c and b in c for c in camps) else -1
                for camps in (camps_one, camps_two)
            )
            lines.append(f"  - {{between: [{a}, {b}], in: {{one: {one}, two: {two}}}}}")
    path = tmp_path / "s.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = json.loads(invoke("show", str(path), "-f", "json").stdout)
    total = len(data["split"])
    assert total > 10
    text = invoke("show", str(path)).stdout
    assert text.count(" split: ") == 10
    assert f" and {total - 10} more splits (--top 0 for all, or --format json)" in text
    assert invoke("show", str(path), "--top", "0").stdout.count(" split: ") == total


#: Found by the generated robust findings: a00 and a05 are unaligned in the one theater they
#: share, so they were taken for twins, yet a00 is allied to a08 and a05 to a09 by general
#: stances (pairs that share no theater): kept together they cost 0.2 that apart they do not.
UNALIGNED_TWINS = """
id: g
title: g
actors: [{id: a00}, {id: a04}, {id: a05}, {id: a06}, {id: a07}, {id: a08}, {id: a09}]
theaters:
  - {id: t0, actors: [a00, a05]}
  - {id: t1, actors: [a04, a08, a09]}
ties:
  - {between: [a00, a06], stance: -1.0}
  - {between: [a00, a08], stance: 0.2}
  - {between: [a04, a07], stance: -1.0}
  - {between: [a04, a08], stance: -1.0}
  - {between: [a05, a07], stance: -1.0}
  - {between: [a05, a08], stance: -1.0}
  - {between: [a05, a09], stance: 0.2}
  - {between: [a06, a07], stance: -1.0}
  - {between: [a06, a08], stance: -1.0}
  - {between: [a07, a09], stance: -1.0}
"""


def _overall_is_optimal(analysis: Analysis) -> None:
    overall = analysis.overall
    weights = {k: e.weight for k, e in overall.edges.items() if e.weight}
    nodes = sorted({a for k in weights for a in k})
    best = min(
        frustration({a: i for i, c in enumerate(p) for a in c}, weights)
        for p in set_partitions(nodes)
    )
    assert abs(overall.frustration - best) < 1e-9, (overall.frustration, best)


def test_actors_with_the_same_camps_but_other_general_stances_are_not_twins() -> None:
    analysis = analyse(load_text(UNALIGNED_TWINS))
    _overall_is_optimal(analysis)
    assert analysis.overall.frustration == 0.0
    assert analysis.overall.camp_of("a00") == analysis.overall.camp_of("a08")


@st.composite
def _scenarios(draw: st.DrawFn) -> str:
    actors = [f"a{i}" for i in range(draw(st.integers(3, 7)))]
    lines = ["id: g", "title: g", "actors: [" + ", ".join(f"{{id: {a}}}" for a in actors) + "]"]
    lines.append("theaters:")
    for t in range(draw(st.integers(2, 3))):
        engaged = draw(st.lists(st.sampled_from(actors), min_size=2, unique=True))
        lines.append(f"  - {{id: t{t}, actors: [{', '.join(engaged)}]}}")
    lines.append("ties:")
    for a, b in combinations(actors, 2):
        stance = draw(st.sampled_from([None, None, -1.0, -0.3, 0.2, 0.6, 1.0]))
        if stance is not None:
            lines.append(f"  - {{between: [{a}, {b}], stance: {stance}}}")
    if lines[-1] == "ties:":
        lines.pop()
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None)
@given(_scenarios())
def test_the_consensus_on_twins_is_an_optimum_of_the_overall_view(text: str) -> None:
    """Solving on groups of twins loses nothing: the overall frustration is the least any
    partition of the overall view's own scores has (by brute force)."""
    _overall_is_optimal(analyse(load_text(text)))
