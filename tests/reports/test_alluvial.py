"""The timeline picture's axis (reports/drawing/alluvial.py): slices stand where their dates are."""

from __future__ import annotations

import itertools

import pytest

from alliances_cli.reports.drawing.alluvial import MIN_STEP, positions


def test_a_one_day_gap_is_drawn_shorter_than_a_four_month_one() -> None:
    xs = positions(["2019-03-31", "2019-07-31", "2019-08-01", "2019-11-30"])
    gaps = [b - a for a, b in itertools.pairwise(xs)]
    # The median gap (121 days) is one step; one day is spread to the least step.
    assert gaps == pytest.approx([122 / 121, MIN_STEP, 1.0])


def test_slices_that_are_not_dates_stand_one_step_apart() -> None:
    assert positions(["84-87", "88-91", "92-95"]) == [0.0, 1.0, 2.0]
    assert positions(["2016", "2017"]) == [0.0, 1.0]


def test_quarters_stand_almost_evenly() -> None:
    xs = positions(["2016-03-31", "2016-06-30", "2016-09-30", "2016-12-31"])
    assert xs[0] == 0.0 and all(abs((b - a) - 1.0) < 0.02 for a, b in itertools.pairwise(xs))
