"""The backtest's scores against brute force: AUC by every pair, precision at k by every
order of tied scores, the track record by hand."""

from __future__ import annotations

import itertools
import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from alliances_cli.engine.backtest.scores import (
    Bins,
    Resampler,
    Tally,
    auc,
    merged,
    precision_at,
    squared_error,
    track_record,
)

points = st.lists(
    st.tuples(st.booleans(), st.integers(0, 4), st.sampled_from([1.0, 2.0, 0.5])),
    min_size=1,
    max_size=9,
)


def arrays(rows: list[tuple[bool, int, float]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    y = np.array([r[0] for r in rows], dtype=bool)
    s = np.array([r[1] for r in rows], dtype=float)
    w = np.array([r[2] for r in rows], dtype=float)
    return y, s, w


@given(points)
def test_auc_is_the_weighted_share_of_pairs_ordered_right(
    rows: list[tuple[bool, int, float]],
) -> None:
    y, s, w = arrays(rows)
    pos = [(si, wi) for yi, si, wi in zip(y, s, w, strict=True) if yi]
    neg = [(si, wi) for yi, si, wi in zip(y, s, w, strict=True) if not yi]
    found = auc(Tally.of(y, s, w))
    if not pos or not neg:
        assert found is None
        return
    won = sum(
        wp * wn * (1.0 if sp > sn else 0.5 if sp == sn else 0.0) for sp, wp in pos for sn, wn in neg
    )
    total = sum(wp for _, wp in pos) * sum(wn for _, wn in neg)
    assert found is not None and math.isclose(found, won / total)


@settings(max_examples=60)
@given(
    st.lists(st.tuples(st.booleans(), st.integers(0, 3)), min_size=1, max_size=7),
    st.integers(1, 7),
)
def test_precision_at_k_is_the_mean_over_every_order_of_tied_scores(
    rows: list[tuple[bool, int]], k: int
) -> None:
    y = np.array([r[0] for r in rows], dtype=bool)
    s = np.array([r[1] for r in rows], dtype=float)
    k = min(k, len(rows))
    # Every ranking that sorts by score, ties in any order, weighs the same.
    outcomes = []
    for order in itertools.permutations(range(len(rows))):
        ranked = [s[i] for i in order]
        if all(a >= b for a, b in itertools.pairwise(ranked)):
            outcomes.append(sum(y[i] for i in order[:k]) / k)
    found = precision_at(Tally.of(y, s, np.ones(len(rows))), k)
    assert found is not None and math.isclose(found, sum(outcomes) / len(outcomes))


def test_the_track_record_uses_earlier_steps_only() -> None:
    ones = np.ones(4)
    first = Tally.of(np.array([1, 0, 0, 0], bool), np.array([1.0, 1.0, 0.0, 0.0]), ones)
    second = Tally.of(np.array([1, 1, 0, 0], bool), np.array([1.0, 0.0, 1.0, 0.0]), ones)
    bins = Bins.of(merged([first, second]), 10)
    chances = track_record([first, second], bins, "bins")
    assert chances[0] is None  # no earlier step
    # Step one: score 1 had 1 outcome in 2, score 0 none in 2; the base rate 1/4 counts once.
    second_p = chances[1]
    assert second_p is not None
    base = 1 / 4
    assert np.allclose(second_p, [(0 + base) / (2 + 1), (1 + base) / (2 + 1)])
    assert track_record([first, second], bins, "base")[1] is not None
    assert np.allclose(track_record([first, second], bins, "never")[1], 0.0)
    # The Brier score of the second step, point by point.
    p = {0.0: second_p[0], 1.0: second_p[1]}
    by_hand = sum((p[sv] - yv) ** 2 for yv, sv in [(1, 1.0), (1, 0.0), (0, 1.0), (0, 0.0)])
    assert math.isclose(squared_error(second, second_p), by_hand)


@given(st.lists(points, min_size=2, max_size=5))
def test_a_resample_of_every_step_once_gives_the_pooled_figures(
    steps: list[list[tuple[bool, int, float]]],
) -> None:
    tallies = [Tally.of(*arrays(rows)) for rows in steps]
    chances = track_record(tallies, Bins.of(merged(tallies), 10), "bins")
    found = Resampler(tallies, chances).pooled(np.ones((1, len(tallies))), None)[0]
    whole = merged(tallies)
    expected = auc(whole)
    assert (np.isnan(found[0]) and expected is None) or math.isclose(found[0], expected or 0.0)
    expected_precision = precision_at(whole, whole.events)
    if expected_precision is None or whole.events == 0:
        assert np.isnan(found[1]) or found[1] == 0
    else:
        assert math.isclose(found[1], expected_precision)


def test_a_score_most_points_share_leaves_the_others_to_the_other_bins() -> None:
    scores = np.array([0.0] * 950 + list(range(1, 51)), dtype=float)
    tally = Tally.of(np.zeros(len(scores), dtype=bool), scores, np.ones(len(scores)))
    bins = Bins.of(tally, 10)
    assert len(bins) == 10 and bins.edges[0] == 0.0
    sizes = np.bincount(bins.of_scores(scores), minlength=len(bins))
    assert sizes[0] == 950 and all(4 <= s <= 7 for s in sizes[1:])


@given(st.lists(st.integers(0, 30), min_size=1, max_size=200), st.integers(1, 12))
def test_bins_never_split_a_score_and_never_exceed_the_limit(values: list[int], most: int) -> None:
    scores = np.array(values, dtype=float)
    tally = Tally.of(np.zeros(len(scores), dtype=bool), scores, np.ones(len(scores)))
    bins = Bins.of(tally, most)
    assert 1 <= len(bins) <= max(most, len(set(values)) if len(set(values)) <= most else most)
    assert list(bins.edges) == sorted(set(bins.edges.tolist()))
    assert bins.edges[0] == min(values)


def test_a_verdict_needs_an_interval_above_chance_and_a_lead_above_zero() -> None:
    from alliances_cli.engine.backtest.records import Lead, Score
    from alliances_cli.engine.backtest.scores import Figures
    from alliances_cli.engine.backtest.verdicts import finding

    def judged(
        interval: tuple[float, float] | None, lead: tuple[float, float] | None, steps: int = 20
    ) -> tuple[str, str]:
        figures = Figures(100, 100.0, 20.0, 0.6, interval, 20.0, 0.3, None, None, None)
        baseline = Figures(100, 100.0, 20.0, 0.5, (0.45, 0.55), 20.0, 0.2, None, None, None)
        scores = [
            Score("tie-flip", "frustrated", "tool", None, figures),
            Score("tie-flip", "random", "baseline", None, baseline),
        ]
        leads = [Lead("tie-flip", "frustrated", "random", 0.1, lead)]
        found = finding("tie-flip", "frustrated", scores, leads, [], False, 100, steps)
        return found.verdict, found.reason

    assert judged((0.55, 0.65), (0.02, 0.2)) == ("beyond baselines", "")
    assert judged((0.55, 0.65), (-0.02, 0.2)) == ("skill", "")
    assert judged((0.45, 0.65), (0.02, 0.2)) == ("none", "")
    assert judged((0.35, 0.45), None) == ("below chance", "")
    assert judged(None, None) == ("untested", "outcomes")
    assert judged(None, None, steps=3) == ("untested", "steps")


def test_the_glossarys_worked_auc_and_precision() -> None:
    from pathlib import Path

    y = np.array([True, True, False, False, False])
    s = np.array([3.0, 2.0, 2.0, 1.0, 0.0])
    tally = Tally.of(y, s, np.ones(5))
    found_auc, found_precision = auc(tally), precision_at(tally, 2)
    assert found_auc is not None and found_precision is not None
    glossary = (Path(__file__).resolve().parents[2] / "docs" / "glossary.md").read_text()
    assert f"(3 + 2.5) / 6 = {found_auc:.2f}" in glossary
    assert f"(1 + 0.5) / 2 = {found_precision:.2f}" in glossary
