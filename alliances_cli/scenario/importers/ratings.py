"""Ratings -> ties: several ratings of a pair, in either direction and over time, made one stance.

Published signed networks are mostly directed (who rates whom) and dated. A pair's ratings are
combined in two steps by one rule: each direction's ratings into that direction's stance, then
the two directions into the tie's (`combine`). A dated rating holds from its day on, until the
same end rates the other again (a new rating replaces the old; several on one day combine):
the tie is a run of periods, one per day its stance changes. Rules:

- `mean` (default): the average (each direction counts once, however often it rated);
- `min` / `max`: the most hostile / the friendliest;
- `sum`: ratings add up, the total held to -1..+1;
- `agree`: the average where all agree in sign, else neutral (no tie): only mutual ties count.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence

from alliances_cli.scenario.model import Ratings, TheaterStance, Tie
from alliances_cli.scenario.record import record

RULES = ("mean", "min", "max", "sum", "agree")


@record()
class Rules:
    """How an edge list's ratings become stances: the combining rule, the rating scale
    (MIN, MAX; None: the data's largest |rating|), and whether the number of ratings of a
    pair sets its confidence."""

    combine: str = "mean"
    scale: tuple[float, float] | None = None
    count_confidence: bool = False

    @property
    def default(self) -> bool:
        return self == Rules()


def combine(values: Sequence[float], rule: str) -> float:
    """Several stances as one, by `rule` (see the module's docstring), to 12 places: +0.1 and
    -0.1 make a neutral 0, not a tie of 1e-17."""
    return round(_combine(values, rule), 12) + 0.0  # + 0.0: never -0.0


def _combine(values: Sequence[float], rule: str) -> float:
    if rule == "min":
        return min(values)
    if rule == "max":
        return max(values)
    if rule == "sum":
        return max(-1.0, min(1.0, math.fsum(values)))
    mean = math.fsum(values) / len(values)
    if rule == "agree" and not (all(v > 0 for v in values) or all(v < 0 for v in values)):
        return 0.0
    return mean


def count_confidence(count: int) -> float:
    """A pair's confidence from its number of ratings: n / (n + 1), so one rating is 0.5,
    three are 0.75 and more ratings make a tie surer without ever making it certain."""
    return count / (count + 1)


def to_stance(value: float, scale: tuple[float, float]) -> float | None:
    """A rating on the scale (lo, hi) as a stance in -1..+1, or None outside the scale.

    A scale around zero keeps zero neutral and maps each side on its own (-10..+5: -10 is
    -1, +5 is +1); a scale that does not straddle zero (1..5 stars) maps its midpoint to
    neutral."""
    lo, hi = scale
    if not lo <= value <= hi:
        return None
    if lo < 0 < hi:
        return value / hi if value > 0 else (value / -lo if value < 0 else 0.0)
    middle, half = (lo + hi) / 2, (hi - lo) / 2
    return (value - middle) / half


_SCALE = re.compile(r"^\s*([-+]?\d+(?:\.\d+)?)\s*:\s*([-+]?\d+(?:\.\d+)?)\s*$")


def parse_scale(text: str) -> tuple[float, float] | None:
    """'MIN:MAX' as two numbers with MIN < MAX, or None if it is not that."""
    found = _SCALE.match(text)
    if found is None:
        return None
    lo, hi = float(found.group(1)), float(found.group(2))
    return (lo, hi) if lo < hi else None


#: Unix times at least this large are taken as milliseconds (in seconds: the year 5138).
MILLISECONDS_FROM = 1e11


def rating_day(text: str) -> str | None:
    """The day (YYYY-MM-DD, UTC) a time cell names: ISO dates and date-times, YYYYMMDD, or
    Unix time in seconds (milliseconds from 1e11); None if it is none of these."""
    text = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ].*)?", text):
        try:
            return dt.date.fromisoformat(text[:10]).isoformat()
        except ValueError:
            return None
    if re.fullmatch(r"\d{8}", text):
        try:
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:])).isoformat()
        except ValueError:
            pass  # eight digits that are no date: Unix seconds (1970-1973)
    try:
        seconds = float(text)
    except ValueError:
        return None
    if not math.isfinite(seconds) or seconds < 0:
        return None
    if seconds >= MILLISECONDS_FROM:
        seconds /= 1000
    try:
        return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).date().isoformat()
    except (OverflowError, OSError, ValueError):
        return None


def _latest(
    ratings: list[tuple[str, float, float]], when: str | None
) -> list[tuple[str, float, float]]:
    """The ratings one end holds on `when`: those of its latest day up to then (a new rating
    replaces the old); undated ratings (day "") all hold."""
    held = [r for r in ratings if when is None or r[0] <= when]
    if not held:
        return held
    last = max(r[0] for r in held)
    return [r for r in held if r[0] == last]


class Rated:
    """The ratings of one pair in one theater (None: its general stance), by direction: from
    its first actor (`a`, the smaller id) and from its second, as (day, stance, confidence)."""

    __slots__ = ("backward", "forward")

    def __init__(self) -> None:
        self.forward: list[tuple[str, float, float]] = []
        self.backward: list[tuple[str, float, float]] = []

    def add(self, from_a: bool, when: str, stance: float, confidence: float) -> None:
        (self.forward if from_a else self.backward).append((when, stance, confidence))

    @property
    def count(self) -> int:
        return len(self.forward) + len(self.backward)

    def days(self) -> list[str]:
        return sorted({d for d, _, _ in self.forward} | {d for d, _, _ in self.backward})

    def as_of(self, when: str | None, rules: Rules) -> tuple[float, float, Ratings | None] | None:
        """(stance, confidence, the ends' ratings) from the ratings that hold on `when` (None:
        at the last): each end's latest, made up to `when` (all of them, undated); None
        before the first."""
        forward, backward = _latest(self.forward, when), _latest(self.backward, when)
        if not forward and not backward:
            return None
        by_a = combine([s for _, s, _ in forward], rules.combine) if forward else None
        by_b = combine([s for _, s, _ in backward], rules.combine) if backward else None
        sides = [s for s in (by_a, by_b) if s is not None]
        stance = combine(sides, rules.combine)
        both = forward + backward
        confidence = math.fsum(c for _, _, c in both) / len(both)
        if rules.count_confidence:
            confidence *= count_confidence(len(both))
        ratings = Ratings(by_a, by_b) if len(sides) == 2 and by_a != by_b else None
        return stance, confidence, ratings


#: What holds for a pair: its stance, its confidence and the ends' ratings of each other.
Holding = tuple[float, float, Ratings | None]
#: A pair's one rating, kept as a tuple until a second comes (most pairs of a large network
#: have one): (from its first actor, day, stance, confidence).
Single = tuple[bool, str, float, float]
#: Ratings by (a, b, theater) with a < b; theater None: the pair's general stance.
Collected = dict[tuple[str, str, str | None], "Single | Rated"]


def add_rating(
    collected: Collected,
    key: tuple[str, str, str | None],
    from_a: bool,
    when: str,
    stance: float,
    confidence: float,
) -> None:
    """Record one rating of a pair."""
    found = collected.get(key)
    if found is None:
        collected[key] = (from_a, when, stance, confidence)
        return
    if isinstance(found, tuple):
        first = Rated()
        first.add(found[0], found[1], found[2], found[3])
        collected[key] = found = first
    found.add(from_a, when, stance, confidence)


def settled(entry: Single | Rated, rules: Rules) -> Holding:
    """An undated pair's stance, confidence and ratings from all its ratings."""
    if isinstance(entry, tuple):
        confidence = entry[3] * (count_confidence(1) if rules.count_confidence else 1.0)
        return combine([entry[2]], rules.combine), confidence, None
    found = entry.as_of(None, rules)
    assert found is not None
    return found


def runs(entry: Single | Rated, rules: Rules) -> list[tuple[str, Holding]]:
    """A dated pair's stance as it changes: (the first day it holds, what holds), one per day
    on which it changes."""
    if isinstance(entry, tuple):
        return [(entry[1], settled(entry, rules))]
    result: list[tuple[str, Holding]] = []
    for when in entry.days():
        found = entry.as_of(when, rules)
        assert found is not None
        if not result or result[-1][1] != found:
            result.append((when, found))
    return result


class Summary:
    """What combining did, counted over the pairs: for `Reading`."""

    def __init__(self) -> None:
        self.both_ways = self.opposed = self.repeated = 0

    def count(self, entry: Single | Rated, rules: Rules) -> None:
        if isinstance(entry, tuple):
            return
        if entry.forward and entry.backward:
            self.both_ways += 1
            found = entry.as_of(None, rules)
            if found is not None and found[2] is not None and found[2].opposed:
                self.opposed += 1
        if len(entry.forward) > 1 or len(entry.backward) > 1:
            self.repeated += 1


def ties_of(
    collected: Collected, rules: Rules, dated: bool, flipped: set[tuple[str, str]] | None = None
) -> list[Tie]:
    """The ties the ratings make: one per pair, or, dated, one per period in which the pair's
    stances (general and per theater) stay the same. A pair in `flipped` is written the other
    way round (as its first row named it)."""
    if not dated and all(theater is None for _, _, theater in collected):
        return _general_ties(collected, rules, flipped or set())
    by_pair: dict[tuple[str, str], list[tuple[str | None, Single | Rated]]] = {}
    for (a, b, theater), entry in collected.items():
        by_pair.setdefault((a, b), []).append((theater, entry))
    ties: list[Tie] = []
    for (a, b), buckets in by_pair.items():
        turn = flipped is not None and (a, b) in flipped
        if not dated:
            ties.append(_tie(a, b, {t: settled(e, rules) for t, e in buckets}, turn=turn))
            continue
        timelines = {t: runs(e, rules) for t, e in buckets}
        days = sorted({when for changes in timelines.values() for when, _ in changes})
        for i, when in enumerate(days):
            holding = {}
            for theater, changes in timelines.items():
                current = [what for since, what in changes if since <= when]
                if current:
                    holding[theater] = current[-1]
            until = days[i + 1] if i + 1 < len(days) else None
            ties.append(_tie(a, b, holding, when, until, turn=turn))
    return ties


def _general_ties(collected: Collected, rules: Rules, flipped: set[tuple[str, str]]) -> list[Tie]:
    """`ties_of` for undated general stances only, the common case of a large network: most
    pairs rated once, their one rating the stance as it is (a million rows: 15 s -> 4 s)."""
    ties: list[Tie] = []
    single = count_confidence(1) if rules.count_confidence else 1.0
    for (a, b, _), entry in collected.items():
        if type(entry) is tuple:
            stance, confidence, ratings = entry[2], entry[3] * single, None
        else:
            stance, confidence, ratings = settled(entry, rules)
        if (a, b) in flipped:
            a, b = b, a
            ratings = None if ratings is None else Ratings(ratings.by_b, ratings.by_a)
        ties.append(Tie(a, b, stance, confidence, ratings=ratings))
    return ties


def _tie(
    a: str,
    b: str,
    holding: dict[str | None, Holding],
    since: str | None = None,
    until: str | None = None,
    *,
    turn: bool = False,
) -> Tie:
    if turn:
        a, b = b, a
        holding = {
            t: (s, c, None if r is None else Ratings(r.by_b, r.by_a))
            for t, (s, c, r) in holding.items()
        }
    theaters = tuple(
        TheaterStance(t, s, None if c == 1.0 else c, ratings=r)
        for t, (s, c, r) in holding.items()
        if t is not None
    )
    general = holding.get(None)
    if general is None:
        return Tie(a, b, None, 1.0, theaters=theaters, since=since, until=until)
    stance, confidence, ratings = general
    return Tie(
        a, b, stance, confidence, theaters=theaters, since=since, until=until, ratings=ratings
    )
