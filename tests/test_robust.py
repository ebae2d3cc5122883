"""`alliances robust`: odds from samples, exact margins and tipping points."""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path

import pytest
from conftest import run, set_partitions
from hypothesis import given, settings
from hypothesis import strategies as st

import alliances_cli as al
from alliances_cli.engine.analysis import analyse
from alliances_cli.engine.margins import margins, tipping_points
from alliances_cli.engine.view import View


def _scenario(ties: list[tuple[str, str, float, float]], actors: str = "abcdef") -> al.Scenario:
    """One theater with the given ties (a, b, stance, confidence)."""
    used = sorted({x for a, b, _, _ in ties for x in (a, b)} | set(actors[:2]))
    lines = ["id: t", "title: T", "actors:", *[f"  - {{id: {a}}}" for a in used]]
    lines += ["theaters:", f"  - {{id: t, actors: [{', '.join(used)}]}}", "ties:"]
    lines += [
        f"  - {{between: [{a}, {b}], stance: {s:.9f}, confidence: {c}}}" for a, b, s, c in ties
    ]
    return al.load_text("\n".join(lines) + "\n")


def _cost(partition: list[list[str]], weights: dict[tuple[str, str], float]) -> float:
    camp = {a: i for i, c in enumerate(partition) for a in c}
    return sum(abs(w) for (a, b), w in weights.items() if (w > 0) != (camp[a] == camp[b]))


def test_with_every_confidence_1_the_odds_are_the_reported_partition() -> None:
    sure = _scenario([("a", "b", 1, 1), ("b", "c", -0.5, 1), ("c", "d", 0.7, 1), ("a", "d", -1, 1)])
    found = al.robust(sure, samples=50).to_dict()
    view = found["views"][0]
    camps = {a: i for i, c in enumerate(analyse(sure).theaters[0].camps) for a in c.members}
    for pair in view["pairs"]:
        assert pair["together"] in (0.0, 1.0)
        assert (pair["together"] == 1.0) == (camps[pair["a"]] == camps[pair["b"]])
    assert all(a["apart"] == 0.0 for a in view["actors"])
    assert view["partitions"][0]["share"] == 1.0


def test_a_seed_gives_the_same_output_with_one_or_two_workers() -> None:
    one = run("robust", "-s", "200", "--seed", "7", "-j", "1", "-f", "json", "-a", "turkey")
    two = run("robust", "-s", "200", "--seed", "7", "-j", "2", "-f", "json", "-a", "turkey")
    assert one.returncode == 0, one.stderr
    assert one.stdout == two.stdout
    other = run("robust", "-s", "200", "--seed", "8", "-j", "1", "-f", "json")
    assert json.loads(other.stdout)["views"] != json.loads(one.stdout)["views"]


@pytest.mark.parametrize("noise", ["flip", "bootstrap"])
def test_estimates_agree_with_exact_enumeration_of_the_uncertain_ties(noise: str) -> None:
    # Every pair tied, with sizes whose sums never tie, so each sign pattern has one optimum;
    # four ties uncertain, two sure.
    ties = [
        ("a", "b", 0.9, 0.6),
        ("b", "c", 0.8, 1.0),
        ("a", "c", -0.55, 0.5),
        ("c", "d", 0.3, 0.4),
        ("a", "d", -0.65, 1.0),
        ("b", "d", 0.45, 0.2),
    ]
    scenario = _scenario(ties)
    samples = 4000
    found = al.robust(scenario, samples=samples, noise=noise).to_dict()["views"][0]
    estimated = {(p["a"], p["b"]): p["together"] for p in found["pairs"]}
    nodes = ["a", "b", "c", "d"]
    exact = dict.fromkeys(estimated, 0.0)
    if noise == "flip":
        # Every sign pattern, with its probability; the optimum of each by brute force.
        for signs in itertools.product((1, -1), repeat=len(ties)):
            chance = math.prod(
                (1 + c) / 2 if s == 1 else (1 - c) / 2
                for s, (_, _, _, c) in zip(signs, ties, strict=True)
            )
            weights = {(a, b): s * st * 1.0 for s, (a, b, st, _) in zip(signs, ties, strict=True)}
            best = min(set_partitions(nodes), key=lambda p: _cost(p, weights))
            camp = {x: i for i, c in enumerate(best) for x in c}
            for a, b in exact:
                exact[(a, b)] += chance * (camp[a] == camp[b])
        tolerance = 4 * math.sqrt(0.25 / samples)  # four standard errors at worst
        for pair, p in exact.items():
            assert abs(estimated[pair] - p) <= tolerance, (pair, estimated[pair], p)
    else:
        # Continuous weights: an independent simulation of the same model is the oracle.
        import random

        rng = random.Random(1)
        every = list(set_partitions(nodes))
        runs = 10_000
        for _ in range(runs):
            weights = {(a, b): st * c * rng.expovariate(1.0) for a, b, st, c in ties}
            best = min(every, key=lambda p: _cost(p, weights))
            camp = {x: i for i, c in enumerate(best) for x in c}
            for a, b in exact:
                exact[(a, b)] += (camp[a] == camp[b]) / runs
        tolerance = 4 * math.sqrt(0.25 / samples + 0.25 / runs)
        for pair, p in exact.items():
            assert abs(estimated[pair] - p) <= tolerance, (pair, estimated[pair], p)


def test_events_are_paired_views_they_leave_alone_never_move() -> None:
    found = al.robust(al.load(), ["nusra-leaves-aleppo"], samples=300).to_dict()
    mosul = next(v for v in found["views"] if v["view"] == "mosul")
    assert all(a["moved_by_events"] == 0.0 for a in mosul["actors"])
    exclusion = al.robust(al.load(), ["turkey-exclusion"], samples=300).to_dict()
    overall = next(v for v in exclusion["views"] if v["view"] == "overall")
    assert max(a["moved_by_events"] for a in overall["actors"]) > 0.2


@st.composite
def _graphs(draw: st.DrawFn) -> list[tuple[str, str, float, float]]:
    n = draw(st.integers(3, 6))
    nodes = "abcdef"[:n]
    pairs = [(a, b) for i, a in enumerate(nodes) for b in nodes[i + 1 :]]
    chosen = draw(st.lists(st.sampled_from(pairs), min_size=n - 1, unique=True))
    stances = [-1.0, -0.7, -0.45, -0.2, 0.15, 0.35, 0.6, 0.85, 1.0]
    return [(a, b, draw(st.sampled_from(stances)), 1) for a, b in chosen]


def _brute_margins(view: View) -> tuple[dict[str, float], dict[tuple[str, str], float]]:
    """Every actor's and pair's margin in `view`, by trying every partition."""
    weights = {k: e.weight for k, e in view.edges.items()}
    nodes = list(view.order)
    every = list(set_partitions(nodes))
    optimum = min(_cost(p, weights) for p in every)
    camp = {a: i for i, c in enumerate(view.camps) for a in c.members}

    def leaves(p: list[list[str]], actor: str) -> bool:
        mates = [x for x in nodes if x != actor and camp[x] == camp[actor]]
        own = next(c for c in p if actor in c)
        return not set(mates) & set(own) if mates else len(own) > 1

    def reversed_(p: list[list[str]], a: str, b: str) -> bool:
        return (next(c for c in p if a in c) is next(c for c in p if b in c)) != (
            camp[a] == camp[b]
        )

    actors = {x: min(_cost(p, weights) for p in every if leaves(p, x)) - optimum for x in nodes}
    pairs = {
        (a, b): min(_cost(p, weights) for p in every if reversed_(p, a, b)) - optimum
        for i, a in enumerate(nodes)
        for b in nodes[i + 1 :]
    }
    return actors, pairs


@settings(max_examples=60, deadline=None)
@given(_graphs())
def test_margins_equal_brute_force(ties: list[tuple[str, str, float, float]]) -> None:
    view = analyse(_scenario(ties)).theaters[0]
    best_actor, best_pair = _brute_margins(view)
    actors, pairs = margins(view)
    for m in actors:
        assert m.extra == pytest.approx(best_actor[m.actor], abs=1e-9), m
        assert m.proven
    for pm in pairs:
        key = (pm.a, pm.b) if (pm.a, pm.b) in best_pair else (pm.b, pm.a)
        assert pm.extra == pytest.approx(best_pair[key], abs=1e-9), pm


@settings(max_examples=40, deadline=None)
@given(_graphs())
def test_past_the_exact_size_margins_are_the_heuristics_and_never_below_the_exact_one(
    ties: list[tuple[str, str, float, float]],
) -> None:
    """In views too large for exact margins (here: any), a margin is the heuristic's: claimed
    proven only when it is exact, and otherwise at least the exact margin (the text says "at
    most" it)."""
    from alliances_cli.engine import margins as engine_margins

    view = analyse(_scenario(ties)).theaters[0]
    best_actor, best_pair = _brute_margins(view)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine_margins, "MARGIN_EXACT_ACTORS", 1)
        al.clear_caches()
        actors, pairs = margins(view)
    found = [(m, best_actor[m.actor]) for m in actors]
    found += [(m, best_pair.get((m.a, m.b), best_pair.get((m.b, m.a), 0.0))) for m in pairs]
    for margin, exact in found:
        assert margin.extra >= exact - 1e-9, margin
        if margin.proven:
            assert margin.extra == pytest.approx(exact, abs=1e-9), margin


def test_a_tipping_point_moves_the_actor_and_half_of_it_does_not() -> None:
    scenario = al.load()
    aleppo = analyse(scenario).view("aleppo")
    points = tipping_points(aleppo, "turkey")
    first = points[0]
    assert (first.a, first.b) == ("russia", "turkey")
    assert first.to == pytest.approx(0.6 - 0.12 / 0.9, abs=1e-6)  # the margin over confidence
    beyond = first.to + (0.01 if first.to > first.stance else -0.01)
    half = first.stance + (first.to - first.stance) / 2
    moved = al.whatif(scenario, [f"set:{first.a}:{first.b}={beyond:.4f}@aleppo"])
    assert "turkey" in moved.to_dict()["changes"]["moved"]
    kept = al.whatif(scenario, [f"set:{first.a}:{first.b}={half:.4f}@aleppo"])
    assert "turkey" not in kept.to_dict()["changes"]["moved"]
    us = next(p for p in points if (p.a, p.b) == ("turkey", "us"))
    assert us.to == pytest.approx(0.6 + 0.12 / 0.7, abs=1e-6)


def test_the_report_says_what_is_firm_what_is_uncertain_and_what_would_move_turkey() -> None:
    done = run("robust", "-s", "300", "-a", "turkey")
    assert done.returncode == 0, done.stderr
    text = done.stdout
    for heading in (
        "Uncertain: pairs closest to a coin toss",
        "Actors who may stand elsewhere",
        "What would move Turkey",
        "Firm: allies together in at least 90% of samples",
        "Camps",
        "Frustration (share of tie weight)",
    ):
        assert heading in text
    assert "russia–turkey   +0.60     below +0.47  with United States" in text


def test_tables_heatmap_and_errors(tmp_path: Path) -> None:
    tipping = run("robust", "-s", "100", "-a", "turkey", "-f", "csv", "--table", "tipping")
    assert tipping.stdout.splitlines()[0] == (
        "view,actor,tie,stance,tipping_stance,change,stands_with,exact"
    )
    assert tipping.stdout.splitlines()[1].startswith("aleppo,turkey,russia turkey,0.6,0.4667,")
    pytest.importorskip("matplotlib")
    picture = tmp_path / "odds.png"
    drawn = run("robust", "-s", "100", "--heatmap", str(picture), "-f", "json")
    assert drawn.returncode == 0 and picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    unknown = run("robust", "-a", "turky")
    assert unknown.returncode == 2 and "did you mean 'turkey'?" in unknown.stderr
    wrong = run("robust", "--heatmap", str(tmp_path / "odds.bmp"))
    assert wrong.returncode == 2 and ".svg, .png or .pdf" in wrong.stderr


def test_a_network_without_stated_confidence_says_flips_change_nothing() -> None:
    edges = "source,target,sign\na,b,1\nb,c,-1\na,c,-1\nc,d,1\n"
    flip = run("robust", "-", "-s", "50", input=edges)
    assert "Every tie has confidence 1" in flip.stdout and "--noise bootstrap" in flip.stdout
    varied = run("robust", "-", "-s", "50", "--noise", "bootstrap", input=edges)
    assert "Every tie has confidence 1" not in varied.stdout


@settings(max_examples=25, deadline=None)
@given(_graphs())
def test_every_tipping_point_is_reachable_and_moves_the_actor(
    ties: list[tuple[str, str, float, float]],
) -> None:
    view = analyse(_scenario(ties)).theaters[0]
    for actor in view.order:
        mates = {m for c in view.camps if actor in c.members for m in c.members} - {actor}
        for point in tipping_points(view, actor):
            assert -1.0 < point.to < 1.0, point  # a stance the scenario can hold
            beyond = point.to + (1e-6 if point.to > point.stance else -1e-6)
            changed = [
                (a, b, beyond if {a, b} == {point.a, point.b} else s, c) for a, b, s, c in ties
            ]
            after = analyse(_scenario(changed)).theaters[0]
            camp = next(c.members for c in after.camps if actor in c.members)
            left = not (mates & set(camp)) if mates else len(camp) > 1
            assert left, (point, camp)


def test_firm_pairs_are_together_in_every_optimum_and_free_moves_say_no_tie_links_them() -> None:
    done = run("robust", "-s", "200", "--top", "0")
    assert done.returncode == 0, done.stderr
    text = done.stdout
    firm = text[text.index("Firm:") : text.index("\nCamps")]
    rows = [line for line in firm.splitlines()[2:] if line[:1] == " " and "Left out" not in line]
    margins = [float(line.split()[-1]) for line in rows]
    assert margins and all(m > 0 for m in margins), firm  # margin 0.00 is not firm
    analysis = al.analyse(al.load())
    aleppo = analysis.result.view("aleppo")
    for line in text.splitlines():
        if "(no tie links them: nothing decides)" in line:
            assert " 0.00 " in line  # only a move that costs nothing
    us = next(line for line in text.splitlines() if line.startswith(" aleppo   United States"))
    assert aleppo.net_to("us", ["nusra"]) is None
    assert us.endswith("with al-Nusra Front (no tie links them: nothing decides)")


def test_a_large_heatmap_leaves_the_numbers_to_the_colours(tmp_path: Path) -> None:
    from itertools import pairwise

    # 61 actors in one camp: past the 30 a panel numbers its cells for (and the 60 that get
    # exact margins, which would only slow the test).
    actors = [f"s{i:02d}" for i in range(61)]
    rows = [f"{a},{b},1" for a, b in pairwise(actors)]
    network = tmp_path / "ring.csv"
    network.write_text("source,target,sign\n" + "\n".join(rows) + "\n")
    picture = tmp_path / "odds.svg"
    assert run("robust", str(network), "-s", "2", "--heatmap", str(picture)).returncode == 0
    svg = picture.read_text()
    # Names and titles only: no cell of the 61 x 61 matrix carries its percentage.
    assert svg.count("<text") < 4 * len(actors)
    small = tmp_path / "small.svg"
    assert run("robust", "-s", "2", "--heatmap", str(small)).returncode == 0
    assert ">100<" in small.read_text() or ">0<" in small.read_text()


def test_samples_of_a_view_left_unproven_are_solved_by_the_heuristic_alone(monkeypatch) -> None:
    """A view the exact stages could not prove gets the heuristic in its samples (and so does
    the overall view, which rests on it); a proven view keeps the exact stages."""
    import random

    from alliances_cli.engine import robust as engine_robust

    rng = random.Random(3)
    hard = [f"h{i:02d}" for i in range(16)]
    ties = [(a, b, rng.choice([1.0, -1.0])) for i, a in enumerate(hard) for b in hard[i + 1 :]]
    lines = ["id: t", "title: T", "actors:"]
    lines += [f"  - {{id: {a}}}" for a in [*hard, "x", "y", "z"]]
    lines += ["theaters:", f"  - {{id: hard, actors: [{', '.join(hard)}]}}"]
    lines += ["  - {id: easy, actors: [h00, x, y, z]}", "ties:"]
    lines += [f"  - {{between: [{a}, {b}], stance: {s}}}" for a, b, s in ties]
    lines += ["  - {between: [x, y], stance: 1}"]
    lines += ["  - {between: [y, z], stance: -1}"]
    scenario = al.load_text("\n".join(lines) + "\n")
    before = analyse(scenario, node_budget=1)
    proven = {v.id: v.optimal for v in before.shown}
    assert proven["hard"] is False and proven["easy"] is True
    seen: dict[tuple[str, ...], set[bool]] = {}
    real = engine_robust.view_camps

    def spy(nodes, weights, settings, groups=None):  # type: ignore[no-untyped-def]
        seen.setdefault(tuple(sorted(nodes)), set()).add(settings.exact)
        return real(nodes, weights, settings, groups)

    monkeypatch.setattr(engine_robust, "view_camps", spy)
    engine_robust.robust(before, samples=3)
    by_size = {len(k): v for k, v in seen.items()}
    assert by_size[16] == {False}  # the hard theater
    assert by_size[3] == {True}  # the easy one (x, y, z)
    assert by_size[19] == {False}  # the overall view


def test_a_view_past_the_exact_sizes_answers_in_seconds_and_says_what_is_not_proven(
    tmp_path: Path,
) -> None:
    """Issue 34: 40 random actors took minutes (exact margins, a resilience search per camp).
    Past 20 actors the margins are the heuristic's, said "at most"; past 12 no resilience,
    said with how to get it; --time-limit lifts both."""
    import random

    rng = random.Random(1)
    ids = [f"a{i:02d}" for i in range(24)]
    pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]]
    lines = ["id: r", "title: R", "actors:", *[f"  - {{id: {a}}}" for a in ids]]
    lines += ["theaters:", f"  - {{id: t, actors: [{', '.join(ids)}]}}", "ties:"]
    for a, b in sorted(rng.sample(pairs, 80)):
        lines.append(f"  - {{between: [{a}, {b}], stance: {rng.choice([-1, -0.5, 0.5, 1])}}}")
    path = tmp_path / "r.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    text = run("robust", str(path), "-s", "2", "-n", "0")
    assert text.returncode == 0, text.stderr
    assert "at most " in text.stdout
    assert "views over 20 actors get the heuristic's; --time-limit SECONDS" in text.stdout
    assert "blank: views over 12 actors, unless nearly balanced" in text.stdout
    # Its optima are not all counted and the margins are bounds: "every optimum" is not claimed.
    assert "Firm: allies together in at least 90% of samples (" in text.stdout
    assert " In every optimum: not proven for " in text.stdout
    data = json.loads(run("robust", str(path), "-s", "2", "-f", "json").stdout)
    view = data["views"][0]
    assert view["samples_exact"] is True
    assert all(c["resilience"] is None for c in view["camps"])
    assert not any(a["margin"]["proven"] for a in view["actors"] if a["margin"])


def test_a_time_limit_lifts_the_size_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    from alliances_cli.engine import margins as engine_margins
    from alliances_cli.engine.levers import camps as engine_camps

    monkeypatch.setattr(engine_camps, "RESILIENCE_MAX_ACTORS", 3)
    monkeypatch.setattr(engine_camps, "NEARLY_BALANCED", -1.0)
    monkeypatch.setattr(engine_margins, "MARGIN_EXACT_ACTORS", 3)
    scenario = al.load()
    plain = al.robust(scenario, samples=2).to_dict()
    timed = al.robust(scenario, samples=2, time_limit=60).to_dict()
    assert plain["time_limit"] is None and timed["time_limit"] == 60
    for found, held in ((plain, False), (timed, True)):
        for view in found["views"]:
            camps = [c for c in view["camps"] if len(c["members"]) > 1]
            assert all(
                (c["resilience"] is not None) == held for c in camps if view["view"] != "overall"
            )
        proven = [a["margin"]["proven"] for v in found["views"] for a in v["actors"]]
        assert all(proven) if held else not all(proven)  # the heuristic proves trees only
