"""Every figure a stress sentence cites, re-derived from the view's ties and camps.

Scenarios of 3-12 actors in 1-3 theaters are generated; the bundled scenario, the docs'
examples and the published networks are checked too. A sentence fails here when a figure, a
direction or a "most" in it is not true of the ties.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import alliances_cli as al
from alliances_cli.engine.analysis import Analysis, analyse
from alliances_cli.engine.dated import current
from alliances_cli.engine.stress import TORN_SHARE, Stress
from alliances_cli.reports.render.numbers import percent
from alliances_cli.reports.show import SWING_OPTIONS, swing_sentence
from alliances_cli.reports.show_data import optima_data
from alliances_cli.reports.stress import figures, summary
from alliances_cli.scenario.vocabulary import signed

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data" / "signed-networks"
STANCES = st.sampled_from([-1.0, -0.6, -0.3, 0.2, 0.4, 0.6, 1.0])


@st.composite
def scenario_texts(draw: st.DrawFn) -> str:
    n = draw(st.integers(3, 12))
    actors = [f"a{i:02d}" for i in range(n)]
    lines = ["id: g", "title: g", "actors:", *[f"  - {{id: {a}}}" for a in actors], "theaters:"]
    for t in range(draw(st.integers(1, 3))):
        engaged = draw(st.lists(st.sampled_from(actors), min_size=2, unique=True))
        lines.append(f"  - {{id: t{t}, actors: [{', '.join(engaged)}]}}")
    lines.append("ties:")
    for a, b in itertools.combinations(actors, 2):
        if draw(st.integers(0, 9)) < 4:
            lines.append(f"  - {{between: [{a}, {b}], stance: {draw(STANCES)}}}")
    if lines[-1] == "ties:":
        lines.append(f"  - {{between: [{actors[0]}, {actors[1]}], stance: 1}}")
    return "\n".join(lines) + "\n"


def _every_fact(analysis: Analysis) -> list[Stress]:
    return [f for s in analysis.stress for f in (s, *s.facets)]


def _net(analysis: Analysis, theater: str, actor: str, camp: int) -> tuple[float, set[str]]:
    view = analysis.view(theater)
    into = {o for o, _ in view.weights[actor].items() if view.camp_of(o) == camp}
    return sum(view.weights[actor][o] for o in into), into


def check_torn_actors(analysis: Analysis) -> int:
    """Each torn actor's figures, and that no actor meeting the rule is left out."""
    checked = 0
    found: set[tuple[str, str]] = set()
    for fact in _every_fact(analysis):
        if fact.kind != "torn-actor" or not fact.camps:
            continue
        (actor,), (theater,) = fact.actors, fact.theaters
        view = analysis.view(theater)
        home, away = fact.camps
        assert view.camp_of(actor) == home.camp  # "stands with" its own camp
        own, own_ties = _net(analysis, theater, actor, home.camp)
        pull, away_ties = _net(analysis, theater, actor, away.camp)
        assert abs(own - home.pull) < 1e-6 and abs(pull - away.pull) < 1e-6, fact
        assert pull > 0 and own > 0 and pull >= TORN_SHARE * own - 1e-9
        others = {view.camp_of(o) for o in view.weights[actor]} - {home.camp}
        assert all(_net(analysis, theater, actor, c)[0] <= pull + 1e-9 for c in others)  # "most"
        cited = {t.b if t.a == actor else t.a for t in fact.ties}
        assert cited == own_ties | away_ties  # the ties named are those that make the nets
        text = summary(analysis, fact)
        data = figures(analysis, fact)  # the JSON record carries the same nets
        assert abs(data["net"] - own) < 1e-4 and abs(data["pull"] - pull) < 1e-4
        assert data["camp"] == view.camps[home.camp].leader
        first = text.index(f"net {signed(own)}")
        assert text.index(f"net {signed(pull)}", first + 1) > first, text
        found.add((actor, theater))
        checked += 1
    for view in analysis.theaters:
        if view.large:
            continue
        for actor in view.camp_index:
            own = _net(analysis, view.id or "", actor, view.camp_of(actor) or 0)[0]
            pulls = [
                _net(analysis, view.id or "", actor, c)[0]
                for c in range(len(view.camps))
                if c != view.camp_of(actor)
            ]
            best = max(pulls, default=0.0)
            torn = own > 1e-9 and best > 1e-9 and best >= TORN_SHARE * own - 1e-9
            assert torn == ((actor, view.id) in found or _folded(analysis, actor, view.id)), (
                actor,
                view.id,
                own,
                best,
            )
    return checked


def _folded(analysis: Analysis, actor: str, theater: str | None) -> bool:
    """A torn actor whose ties at stake another point already covers (a facet, or dropped)."""
    return any(
        f.kind == "torn-actor" and f.actors == (actor,) and f.theaters == (theater,)
        for part in analysis.stress_parts
        for f in part
    )


def check_frustrated_ties(analysis: Analysis) -> None:
    for fact in _every_fact(analysis):
        if fact.kind != "frustrated-tie":
            continue
        (tie,) = fact.ties
        view = analysis.view(tie.theater)
        assert abs(view.weights[tie.a][tie.b] - tie.weight) < 1e-9
        apart = view.camp_of(tie.a) != view.camp_of(tie.b)
        assert apart == (tie.weight > 0), fact
        text = summary(analysis, fact)
        assert signed(tie.weight) in text
        # Headlined from the side the tie weighs most for, with that share.
        first, second = fact.actors
        assert {first, second} == {tie.a, tie.b}
        share = {
            x: abs(tie.weight) / sum(abs(w) for w in view.weights[x].values())
            for x in (first, second)
        }
        assert share[first] >= share[second] - 1e-9, (fact, share)
        name = analysis.scenario.actor_name(first)
        assert text.startswith(f"{name} and ") and f"{percent(share[first])} of {name}'s" in text
        assert abs(figures(analysis, fact)["share"] - share[first]) < 1e-4


def _pressure(analysis: Analysis, theater: str, a: str, b: str) -> float:
    view = analysis.view(theater)
    wa, wb = view.weights.get(a, {}), view.weights.get(b, {})
    shared = [c for c in wa.keys() & wb.keys() if view.strict or wa[c] > 0 or wb[c] > 0]
    return sum(wa[c] * wb[c] for c in shared)


def check_implied_ties(analysis: Analysis) -> None:
    """Each theater's pressure and direction, the actor it runs through, and one point per
    untied pair however many theaters it spans."""
    pairs = [f.actors for f in _every_fact(analysis) if f.kind == "implied-tie"]
    assert len(pairs) == len(set(pairs)), "one untied pair, one point"
    for fact in _every_fact(analysis):
        if fact.kind != "implied-tie":
            continue
        a, b = fact.actors
        text = summary(analysis, fact)
        names = [analysis.scenario.theater_by_id[t].name for t in fact.theaters]
        assert f" have no tie in {' or '.join(names)};" in text, text
        pressures = [_pressure(analysis, t, a, b) for t in fact.theaters]
        cited = figures(analysis, fact)["pressures"]
        assert all(abs(x - y) < 1e-4 for x, y in zip(cited, pressures, strict=True))
        assert all(b not in analysis.view(t).weights.get(a, {}) for t in fact.theaters)
        assert [abs(p) for p in pressures] == sorted((abs(p) for p in pressures), reverse=True)
        for theater, p, via in zip(fact.theaters, pressures, fact.via, strict=True):
            assert f"{'alignment' if p > 0 else 'opposition'}" in text
            assert signed(p) in text, (text, p)
            view = analysis.view(theater)
            assert via in view.weights[a] and via in view.weights[b]
            assert analysis.scenario.actor_name(via) in text


def check_other_kinds(analysis: Analysis) -> None:
    """Tensions, cross-theater contradictions, unbalanced triangles and actors torn across
    theaters: each figure and direction their sentences state, from the views' ties."""
    for fact in _every_fact(analysis):
        text = summary(analysis, fact)
        if fact.kind == "tension":
            (tie,) = fact.ties
            view = analysis.view(tie.theater)
            p = _pressure(analysis, tie.theater or "", tie.a, tie.b)
            assert abs(p - fact.pressure) < 1e-9 and p * tie.weight < 0, fact
            assert f"push towards {'alignment' if p > 0 else 'opposition'} ({signed(p)})" in text
            assert signed(view.weights[tie.a][tie.b]) in text
        elif fact.kind == "cross-theater":
            pos, neg = fact.ties
            assert {pos.a, pos.b} == {neg.a, neg.b} and pos.theater != neg.theater
            assert analysis.view(pos.theater).weights[pos.a][pos.b] == pos.weight > 0
            assert analysis.view(neg.theater).weights[neg.a][neg.b] == neg.weight < 0
            assert text.index(signed(pos.weight)) < text.index(signed(neg.weight)), text
        elif fact.kind == "unbalanced-triangle":
            view = analysis.view(fact.theaters[0])
            a, b, c = fact.actors
            signs = [view.weights[x][y] < 0 for x, y in ((a, b), (a, c), (b, c))]
            assert sum(signs) == 1 or (view.strict and sum(signs) == 3), fact
            frustrated = fact.ties[0]
            apart = view.camp_of(frustrated.a) != view.camp_of(frustrated.b)
            assert apart == (frustrated.weight > 0), fact  # the tie it names is frustrated
        elif fact.kind == "torn-actor" and not fact.camps:
            (actor,) = fact.actors
            for together, apart in zip(fact.ties[::2], fact.ties[1::2], strict=True):
                other = together.b if together.a == actor else together.a
                t1, t2 = analysis.view(together.theater), analysis.view(apart.theater)
                assert t1.weights[actor][other] > 0 > t2.weights[actor][other]
                assert t1.camp_of(actor) is not None
                assert t1.camp_of(actor) == t1.camp_of(other)
                assert t2.camp_of(actor) != t2.camp_of(other)
                name = analysis.scenario.actor_name(other)
                assert f"with {name} in {t1.name}, against it in {t2.name}" in text, text


def check_swing_actors(analysis: Analysis) -> None:
    """'no tie decides' only when no tie links the actor to any company it may keep; 'pull it
    equally' only when the nets are equal; the JSON's nets are the ties' sums."""
    for view in analysis.shown:
        data = optima_data(view.optima, view)
        for swing, record in zip(view.optima.swing, data["swing"], strict=True):
            ties = view.weights.get(swing.actor, {})
            nets = [
                sum(ties[m] for m in c if m in ties) if any(m in ties for m in c) else None
                for c in swing.company
            ]
            assert [n is None for n in nets] == [n is None for n in record["nets"]]
            assert all(
                abs(a - b) < 1e-4  # JSON figures are rounded to four places
                for a, b in zip(nets, record["nets"], strict=True)
                if a is not None and b is not None
            )
            splits = {frozenset((p.a, p.b)) for p in analysis.splits} if view.id is None else set()
            text = swing_sentence(analysis.scenario, swing, view, splits)
            if len(swing.company) > SWING_OPTIONS:
                continue
            untied = all(n is None for n in nets)
            divided = "the theaters divide evenly on it" in text
            assert ("no tie links it to any of them" in text or divided) == untied, text
            if divided:  # only where a split the overall view reports links them
                assert any(frozenset((swing.actor, m)) in splits for c in swing.company for m in c)
            if "pull it equally" in text:
                assert len({round(n or 0.0, 9) for n in nets}) == 1, text


@settings(max_examples=120, deadline=None)
@given(scenario_texts())
def test_generated_scenarios_say_only_what_their_ties_show(text: str) -> None:
    analysis = analyse(al.load_text(text))
    check_torn_actors(analysis)
    check_frustrated_ties(analysis)
    check_implied_ties(analysis)
    check_other_kinds(analysis)
    check_swing_actors(analysis)


PUBLISHED = [
    ROOT / "scenarios" / "mosul-aleppo-2016.yaml",
    *sorted((ROOT / "docs" / "examples").glob("*.yaml")),
    SHARED / "highland-tribes.csv",
    *sorted(SHARED.glob("cow/*.csv"))[::10],
]


@pytest.mark.parametrize("path", PUBLISHED, ids=lambda p: p.name)
def test_bundled_documented_and_published_scenarios_say_only_what_their_ties_show(
    path: Path,
) -> None:
    if not path.exists():
        pytest.skip(f"{path} is not beside this checkout")
    analysis = analyse(current(al.load(str(path))))
    check_torn_actors(analysis)
    check_frustrated_ties(analysis)
    check_implied_ties(analysis)
    check_other_kinds(analysis)
    check_swing_actors(analysis)


def test_a_pair_untied_in_two_theaters_is_one_gap_with_both_pressures() -> None:
    text = """
id: gap
title: gap
actors: [{id: a, name: Alpha}, {id: b, name: Beta}, {id: c, name: Gamma}, {id: d, name: Delta}]
theaters:
  - {id: n, name: North, actors: [a, b, c, d]}
  - {id: s, name: South, actors: [a, b, c, d]}
ties:
  - {between: [a, c], stance: 1}
  - {between: [b, c], stance: 1}
  - {between: [a, d], in: {s: -0.6}}
  - {between: [b, d], in: {s: 0.5}}
"""
    analysis = analyse(al.load_text(text))
    gaps = [s for s in analysis.stress if s.kind == "implied-tie" and s.actors == ("a", "b")]
    assert len(gaps) == 1 and gaps[0].theaters == ("n", "s")
    assert summary(analysis, gaps[0]) == (
        "Alpha and Beta have no tie in North or South; balance implies alignment in North "
        "(+1.00: both are aligned with Gamma) and alignment in South (+0.70: both are aligned "
        "with Gamma)"
    )
    check_implied_ties(analysis)


def test_no_figure_a_sentence_cites_prints_as_zero() -> None:
    # a and b are rivals; their one shared friend c presses them together by only 0.004.
    text = """
id: z
title: z
actors: [{id: a}, {id: b}, {id: c}]
theaters: [{id: t, actors: [a, b, c]}]
ties:
  - {between: [a, b], stance: -0.5}
  - {between: [a, c], stance: 0.2}
  - {between: [b, c], stance: 0.02}
"""
    analysis = analyse(al.load_text(text))
    for fact in _every_fact(analysis):
        said = summary(analysis, fact)
        assert "(+0.00)" not in said and "(-0.00)" not in said, said
