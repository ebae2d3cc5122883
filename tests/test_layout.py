"""Coalition maps a reader can read: measured on every bundled event and on generated scenarios
of up to 30 actors and 3 theaters, with and without `--compare`."""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Sequence

import pytest
from conftest import BUNDLED
from hypothesis import given, settings
from hypothesis import strategies as st

from alliances_cli.engine.analysis import Analysis, analyse
from alliances_cli.engine.events import apply_events, resolve_events
from alliances_cli.scenario.load import load_file, load_text
from alliances_cli.scenario.model import Scenario

pytest.importorskip("matplotlib")

from alliances_cli.reports.drawing.geometry import Geometry, Node, path_clearance
from alliances_cli.reports.drawing.picture import (
    figure_and_panels,
    overlapping_labels,
    panel_builder,
    panel_geometry,
)

SCENARIO = load_file(str(BUNDLED))


def generated(seed: int) -> Scenario:
    """Up to 30 actors in up to 3 theaters: planted camps (allies inside, enemies across, a
    few ties against the grain) and actors allied to two camps at once."""
    rng = random.Random(seed)
    n = rng.randrange(8, 31)
    actors = [f"a{i:02d}" for i in range(n)]
    camps = {a: rng.randrange(rng.randrange(2, 5)) for a in actors}
    theaters = []
    for t in range(rng.randrange(1, 4)):
        engaged = sorted(rng.sample(actors, rng.randrange(max(4, n // 2), n + 1)))
        theaters.append(f"  - {{id: t{t}, actors: [{', '.join(engaged)}]}}")
    ties = []
    for a, b in itertools.combinations(actors, 2):
        if rng.random() < 0.35:
            same = camps[a] == camps[b]
            if rng.random() < 0.08:
                same = not same
            stance = rng.choice(["ally", "partner"]) if same else rng.choice(["enemy", "rival"])
            ties.append(f"  - {{between: [{a}, {b}], stance: {stance}}}")
    lines = ["id: generated", f"title: Generated scenario {seed}", "actors:"]
    lines += [
        f"  - {{id: {a}, name: Actor number {a[1:]}, capability: {1 + rng.randrange(5)}}}"
        for a in actors
    ]
    return load_text("\n".join([*lines, "theaters:", *theaters, "ties:", *ties]) + "\n")


def torn_scenario() -> Scenario:
    """Two enemy camps and an actor allied to both, who stands alone."""
    text = """
id: torn
title: Torn
actors: [{id: a1}, {id: a2}, {id: a3}, {id: b1}, {id: b2}, {id: b3}, {id: t, name: Torn}]
theaters: [{id: m, actors: [a1, a2, a3, b1, b2, b3, t]}]
ties:
  - {between: [a1, a2], stance: ally}
  - {between: [a2, a3], stance: ally}
  - {between: [a1, a3], stance: ally}
  - {between: [b1, b2], stance: ally}
  - {between: [b2, b3], stance: ally}
  - {between: [b1, b3], stance: ally}
  - {between: [a1, b1], stance: enemy}
  - {between: [a2, b2], stance: enemy}
  - {between: [a3, b3], stance: enemy}
  - {between: [t, a1], stance: partner}
  - {between: [t, b1], stance: partner}
  - {between: [t, a2], stance: enemy}
  - {between: [t, b2], stance: enemy}
"""
    return load_text(text)


def check(geometry: Geometry, routed_under: float = 0.0) -> None:
    """Every rule; up to `routed_under` of the ties may pass a node if they are bent (visibly
    routed, and drawn under the nodes)."""
    nodes = list(geometry.nodes.values())
    for a, b in itertools.combinations(nodes, 2):
        assert math.hypot(a.x - b.x, a.y - b.y) >= a.r + b.r, f"{a.actor} over {b.actor}"
    through = []
    for link in geometry.links:
        others = [n for n in nodes if n.actor not in (link.a, link.b)]
        if path_clearance(link.points(), others) <= 0:
            assert link.control is not None, f"{link.a}-{link.b} straight through a node"
            through.append((link.a, link.b))
    assert len(through) <= routed_under * len(geometry.links), through
    for bubble in geometry.bubbles:
        outside = [n for n in nodes if n.actor not in bubble.members]
        for n in outside:
            for cx, cy in bubble.centres:
                assert math.hypot(n.x - cx, n.y - cy) >= bubble.radius + n.r - 1e-9, (
                    f"the area of {bubble.leader}'s camp covers {n.actor}"
                )
    for label in geometry.labels.values():
        node = geometry.nodes[label.actor]
        x0, y0, x1, y1 = label.box
        near_x = min(max(node.x, x0), x1)
        near_y = min(max(node.y, y0), y1)
        # Beside its own node: its box starts within one and a half lines of the node's rim.
        line = label.height / (label.text.count("\n") + 1)
        assert math.hypot(node.x - near_x, node.y - near_y) <= node.r + 1.5 * line, label.actor


def check_figure(figure: object) -> None:
    # Drawn again, as saving it does: constrained layout moves things on a second pass.
    assert overlapping_labels(figure) == []  # type: ignore[arg-type]
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    titles = [figure._suptitle.get_window_extent(renderer)]  # type: ignore[attr-defined]
    titles += [ax.title.get_window_extent(renderer) for ax in figure.axes]  # type: ignore[attr-defined]
    for a, b in itertools.combinations(titles, 2):
        assert not a.overlaps(b), "titles overprint"
    legend = figure.legends[0].get_window_extent(renderer)  # type: ignore[attr-defined]
    width = figure.get_figwidth() * figure.dpi  # type: ignore[attr-defined]
    assert legend.x0 >= 0 and legend.x1 <= width, "the legend is cut off at the figure's edge"
    for ax in figure.axes:  # type: ignore[attr-defined]
        for text in ax.texts:
            assert not legend.overlaps(text.get_window_extent(renderer)), (
                "the legend covers a label"
            )


def draw_and_check(
    scenario: Scenario,
    events: Sequence[str],
    compare: bool,
    overall: bool = True,
    routed_under: float = 0.0,
) -> None:
    applied = apply_events(scenario, resolve_events(scenario, list(events)))
    before = analyse(scenario)
    after = analyse(applied.scenario, prior=before)
    names = {t.id: t.name for t in scenario.theaters}
    actors = {a.id: a for a in scenario.actors}

    def views(a: Analysis) -> list[object]:
        return [*a.theaters, *([a.overall] if overall and len(a.theaters) > 1 else [])]

    build = panel_builder(views(after), names, views(before) if compare else None)  # type: ignore[arg-type]
    analyses = [before, after] if compare else [after]
    figure, panels, colours = figure_and_panels(build, analyses, "t", actors, 2 if compare else 3)
    check_figure(figure)
    for panel in panels:
        check(panel_geometry(panel, colours, actors), routed_under)


@pytest.mark.parametrize("events", [[], *[[e.id] for e in SCENARIO.events]], ids=str)
@pytest.mark.parametrize("compare", [False, True])
def test_the_bundled_maps_have_no_overlaps(events: list[str], compare: bool) -> None:
    draw_and_check(SCENARIO, events, compare)


@pytest.mark.parametrize("compare", [False, True])
def test_the_theaters_drawn_without_the_overall_view_have_no_overlaps(compare: bool) -> None:
    # `alliances graph` without --overall: fewer panels, another arrangement.
    draw_and_check(SCENARIO, ["turkey-exclusion"], compare, overall=False)


@pytest.mark.parametrize("seed", range(12))
def test_generated_maps_have_no_overlaps(seed: int) -> None:
    scenario = generated(seed)
    draw_and_check(scenario, [], compare=False, routed_under=0.02)
    first = scenario.actors[0].id
    draw_and_check(scenario, [f"remove:{first}"], compare=True, routed_under=0.02)


def test_an_actor_pulled_by_two_camps_stands_between_them() -> None:
    from alliances_cli.reports.drawing.picture import placement_for

    view = analyse(torn_scenario()).theaters[0]
    assert [c.members for c in view.camps if "t" in c.members] == [("t",)]
    positions = placement_for(view, 1.0).positions
    a = [sum(positions[m][k] for m in ("a1", "a2", "a3")) / 3 for k in (0, 1)]
    b = [sum(positions[m][k] for m in ("b1", "b2", "b3")) / 3 for k in (0, 1)]
    t = positions["t"]
    span = math.dist(a, b)
    assert math.dist(t, a) < span and math.dist(t, b) < span
    assert abs(math.dist(t, a) - math.dist(t, b)) < 0.25 * span


coordinate = st.floats(-5, 5, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(coordinate, coordinate), min_size=2, max_size=6),
    st.lists(st.tuples(coordinate, coordinate, st.floats(0.05, 1.0)), max_size=12),
    st.floats(-3, 1.5),
)
def test_a_clearance_cut_short_at_a_floor_is_still_below_it(
    points: list[tuple[float, float]], nodes: list[tuple[float, float, float]], floor: float
) -> None:
    # Routing stops measuring a bend once it is below the best so far: the cut-short answer
    # must say "below the floor" exactly when the whole measurement does, and be exact above.
    others = [Node(f"n{i}", x, y, r, "#000000") for i, (x, y, r) in enumerate(nodes)]
    whole = path_clearance(points, others)
    cut = path_clearance(points, others, floor=floor)
    assert (cut < floor) == (whole < floor)
    if whole >= floor:
        assert cut == whole
    else:
        assert whole <= cut < floor
