"""Directed and dated ratings made ties (scenario/importers/ratings.py, through the edge-list
reader): each rule computed by hand, the dated stance of every day against a direct oracle,
the time cells, the scales and the counts said to the reader."""

from __future__ import annotations

import csv
import gzip
import math
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliances_cli.engine.dated import at
from alliances_cli.scenario.errors import ScenarioError
from alliances_cli.scenario.importers.edgelist import load_edge_list, load_snap
from alliances_cli.scenario.importers.ratings import (
    RULES,
    Rules,
    combine,
    rating_day,
    to_stance,
)
from alliances_cli.scenario.importers.sniff import looks_like_snap
from alliances_cli.scenario.model import Ratings, Scenario, Tie

ROOT = Path(__file__).resolve().parents[2]
BITCOIN = ROOT.parent / "shared" / "data" / "signed-networks" / "bitcoin-otc.csv.gz"

#: Turkey rates Russia +8 then +2; Russia rates Turkey -6 (scale -10..+10).
RATED = "source,target,weight\nturkey,russia,8\nrussia,turkey,-6\nturkey,russia,2\nus,iran,-10\n"


def tie(scenario: Scenario, a: str, b: str) -> Tie:
    (found,) = [t for t in scenario.ties if t.pair == {a, b}]
    return found


@pytest.mark.parametrize(
    ("rule", "by_turkey", "by_russia", "stance"),
    [
        ("mean", 0.5, -0.6, -0.05),  # (0.8 + 0.2) / 2, then (0.5 - 0.6) / 2
        ("min", 0.2, -0.6, -0.6),
        ("max", 0.8, -0.6, 0.8),
        ("sum", 1.0, -0.6, 0.4),  # 0.8 + 0.2 held to 1, then 1 - 0.6
        ("agree", 0.5, -0.6, 0.0),  # Turkey agrees with itself; the two sides do not
    ],
)
def test_each_rule_combines_each_direction_then_the_two(
    rule: str, by_turkey: float, by_russia: float, stance: float
) -> None:
    found = tie(load_edge_list(RATED, "net.csv", Rules(rule)), "turkey", "russia")
    assert found.stance == pytest.approx(stance)
    assert found.ratings is not None
    given = {found.a: found.ratings.by_a, found.b: found.ratings.by_b}
    assert given == pytest.approx({"turkey": by_turkey, "russia": by_russia})
    assert found.ratings.opposed


def test_the_reading_counts_what_combining_did() -> None:
    scenario = load_edge_list(RATED, "net.csv")
    reading = scenario.reading
    assert reading is not None
    assert (reading.rows, reading.pairs, reading.both_ways, reading.opposed) == (4, 2, 1, 1)
    assert reading.repeated == 1  # Turkey rated Russia twice
    assert reading.scale == (-10.0, 10.0) and reading.scale_from_data
    # A one-way rating keeps no ratings record: its stance says it all.
    assert tie(scenario, "us", "iran").ratings is None
    assert tie(scenario, "us", "iran").stance == -1.0


def test_a_given_scale_keeps_zero_neutral_and_refuses_ratings_outside_it() -> None:
    scenario = load_edge_list(RATED, "net.csv", Rules(scale=(-20, 10)))
    assert tie(scenario, "us", "iran").stance == pytest.approx(-0.5)  # -10 of -20
    assert scenario.reading is not None and not scenario.reading.scale_from_data
    with pytest.raises(ScenarioError) as found:
        load_edge_list(RATED, "net.csv", Rules(scale=(-5, 5)))
    messages = [str(p) for p in found.value.problems]
    assert messages[0] == (
        "net.csv:2:15: weight '8' lies outside the scale -5:5; widen the scale or correct the row"
    )
    assert len(messages) == 3  # 8, -6 and -10; the +2 fits
    with pytest.raises(ScenarioError, match="applies to a 'weight' column"):
        load_edge_list("source,target,sign\na,b,1\n", "net.csv", Rules(scale=(-1, 1)))


def test_to_stance_maps_each_side_of_zero_apart_or_a_positive_scale_about_its_middle() -> None:
    assert to_stance(5, (-10, 5)) == 1.0 and to_stance(-5, (-10, 5)) == -0.5
    assert to_stance(0, (-10, 5)) == 0.0
    assert to_stance(3, (1, 5)) == 0.0 and to_stance(1, (1, 5)) == -1.0
    assert to_stance(6, (1, 5)) is None


def test_count_confidence_makes_more_ratings_surer() -> None:
    scenario = load_edge_list(RATED, "net.csv", Rules(count_confidence=True))
    assert tie(scenario, "turkey", "russia").confidence == pytest.approx(3 / 4)
    assert tie(scenario, "us", "iran").confidence == pytest.approx(1 / 2)


@given(
    st.lists(st.floats(-1, 1, allow_nan=False), min_size=1, max_size=6),
    st.sampled_from(RULES),
)
def test_a_combined_stance_is_a_stance_and_independent_of_order(
    values: list[float], rule: str
) -> None:
    value = combine(values, rule)
    assert -1 <= value <= 1
    assert value == pytest.approx(combine(list(reversed(values)), rule))
    if rule in ("mean", "min", "max"):
        assert min(values) - 1e-12 <= value <= max(values) + 1e-12
    if rule == "agree" and any(v > 0 for v in values) and any(v <= 0 for v in values):
        assert value == 0.0


DAYS = ["2016-01-01", "2016-02-01", "2016-03-01", "2016-04-01"]
ACTORS = ["a", "b", "c"]
rating = st.tuples(
    st.sampled_from(ACTORS),
    st.sampled_from(ACTORS),
    st.integers(-10, 10).filter(bool),
    st.sampled_from(DAYS),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(rating, min_size=1, max_size=12), st.sampled_from(RULES))
def test_a_dated_pair_stands_each_day_as_each_ends_latest_ratings_combine(
    rows: list[tuple[str, str, int, str]], rule: str
) -> None:
    rows = [r for r in rows if r[0] != r[1]]
    if not rows:
        return
    text = "source,target,weight,date\n" + "".join(f"{s},{t},{w},{d}\n" for s, t, w, d in rows)
    scenario = load_edge_list(text, "net.csv", Rules(rule, scale=(-10, 10)))
    for when in DAYS:
        now = at(scenario, when)
        # Each end holds its ratings of its latest day up to `when`.
        latest = {
            (s, t): max(d for x, y, _, d in rows if (x, y) == (s, t) and d <= when)
            for s, t, _, d in rows
            if d <= when
        }
        given: dict[tuple[str, str], dict[str, list[float]]]
        given = defaultdict(lambda: defaultdict(list))
        for s, t, w, d in rows:
            if d <= when and d == latest[(s, t)]:
                given[tuple(sorted((s, t)))][s].append(w / 10)  # type: ignore[index]
        expected = {
            pair: combine([combine(v, rule) for v in sides.values()], rule)
            for pair, sides in given.items()
        }
        found = {tuple(sorted((t.a, t.b))): t.stance for t in now.ties}
        assert found.keys() == expected.keys()
        for pair, value in expected.items():
            assert math.isclose(found[pair] or 0.0, value, abs_tol=1e-12)
        # An actor is engaged from its first rating on, not before.
        engaged = set(at(scenario, when).theater_by_id["all"].actors)
        assert engaged == {x for s, t, _, d in rows if d <= when for x in (s, t)}


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        ("1289241911.72836", "2010-11-08"),
        ("1289241911728", "2010-11-08"),  # milliseconds
        ("2016-01-25", "2016-01-25"),
        ("2016-01-25T23:59:59Z", "2016-01-25"),
        ("20160125", "2016-01-25"),
        ("0", "1970-01-01"),
        ("2016-02-30", None),
        ("yesterday", None),
        ("-5", None),
    ],
)
def test_a_time_cell_is_unix_seconds_an_iso_date_or_yyyymmdd(cell: str, day: str | None) -> None:
    assert rating_day(cell) == day


def test_a_time_cell_that_is_no_date_is_placed_and_says_what_would_be() -> None:
    with pytest.raises(ScenarioError) as found:
        load_edge_list("source,target,sign,timestamp\na,b,1,2016-02-30\n", "net.csv")
    assert [str(p) for p in found.value.problems] == [
        "net.csv:2:7: time '2016-02-30' is no date; give Unix seconds, YYYY-MM-DD or YYYYMMDD"
    ]


def test_snap_files_are_told_by_their_rows_with_or_without_a_time_column() -> None:
    bitcoin_style = "6,2,4,1289241911.72836\n2,6,-2,1289241941.53378\n"
    slashdot_style = "# Directed graph\n# FromNodeId\tToNodeId\tSign\n1\t2\t-1\n2\t1\t1\n"
    assert looks_like_snap(bitcoin_style) and looks_like_snap(slashdot_style)
    assert not looks_like_snap("source,target,weight\n6,2,4\n")
    assert not looks_like_snap("id: x\ntitle: y\n")
    dated = load_snap(bitcoin_style, "otc.csv")
    found = tie(dated, "6", "2")
    assert dated.dated and (found.a, found.b) == ("6", "2")  # as its first row names it
    assert found.ratings == Ratings(by_a=1.0, by_b=-0.5)
    plain = load_snap(slashdot_style, "slashdot.txt")
    assert not plain.dated and tie(plain, "1", "2").stance == 0.0


@pytest.mark.skipif(not BITCOIN.exists(), reason="shared/ signed networks absent")
def test_bitcoin_otc_reads_with_no_preparation_and_its_counts_are_the_rows() -> None:
    text = gzip.decompress(BITCOIN.read_bytes()).decode()
    rows = list(csv.reader(text.splitlines()))[1:]
    by_pair: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for source, target, weight, _ in rows:
        by_pair[tuple(sorted((source, target)))][source] = float(weight)  # type: ignore[index]
    both = [sides for sides in by_pair.values() if len(sides) == 2]
    opposed = [sides for sides in both if math.prod(sides.values()) < 0]
    scenario = load_edge_list(text, "bitcoin-otc.csv")
    reading = scenario.reading
    assert reading is not None
    assert (reading.rows, reading.pairs) == (len(rows), len(by_pair))
    assert (reading.both_ways, reading.opposed) == (len(both), len(opposed))
    assert reading.scale == (-10.0, 10.0)
    assert (reading.first, reading.last) == ("2010-11-08", "2016-01-25")
    latest = at(scenario, "2016-01-25")
    assert len(latest.ties) == len(by_pair)
    assert sum(1 for t in latest.ties if t.ratings and t.ratings.opposed) == len(opposed)
