"""Scores for predictions with yes/no outcomes, from tallies of weighted points.

Each step's points are kept only as a `Tally` per predictor: the distinct scores, with the
weight and number of points with and without the outcome at each. Every figure below is
exact on tallies, and a series' memory grows with its distinct scores, not its points.

- **ROC AUC**: the chance that a point with the outcome scores above one without (ties in
  score count half; Hanley & McNeil, Radiology 143, 1982). 0.5 is no skill.
- **Precision at k**: the share of outcomes among the k highest scores; points tied at the
  cut count by the share of the tied group that fits (the expected precision under a random
  order of ties). k is the number of outcomes unless given (R-precision).
- **Brier score**: the mean squared difference between a probability and the outcome (0 or
  1). A score becomes a probability by its **track record**: the rate of outcomes among
  points of the same kind and score bin in the *earlier* steps only, one point at the earlier
  base rate added to each bin (a thin bin leans towards it). The first step has no track
  record and is not scored this way. Persistence's probability is 0 (nothing changes); the
  random baseline's is the earlier base rate.
- **Calibration**: pooled over all steps, by score bin (each distinct score when a predictor
  has at most BINS of them, else bins of equal numbers of points): points, outcomes, their
  rate, and the mean track-record probability.
- **Intervals** (95%): pooled figures by a percentile bootstrap that resamples whole steps
  (the points of one step are not independent), scores grouped into HISTOGRAM quantile bins
  for the resamples, the highest scores each in a bin of its own (the figures themselves are
  exact); one step's AUC by Hanley & McNeil's normal approximation. A tool label's lead
  over the best baseline is paired: both read the same resamples.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

#: Score bins of the track record and the calibration table.
BINS = 10
#: Score bins behind the bootstrap intervals: quantile bins, and each of the highest distinct
#: scores (up to TOP_MAX) that cover TOP_REACH times the k of precision at k.
HISTOGRAM = 256
TOP_REACH = 3.0
TOP_MAX = 4096
#: Resamples worked out together.
CHUNK = 100
PERCENTILES = (2.5, 97.5)


@dataclass(frozen=True)
class Tally:
    """Points by distinct score (ascending): outcome weight, other weight, and counts."""

    values: np.ndarray
    pos: np.ndarray
    neg: np.ndarray
    pos_n: np.ndarray
    neg_n: np.ndarray

    @classmethod
    def of(cls, y: np.ndarray, s: np.ndarray, w: np.ndarray) -> Tally:
        values, inverse = np.unique(s, return_inverse=True)
        size = len(values)
        return cls(
            values,
            np.bincount(inverse, np.where(y, w, 0.0), size),
            np.bincount(inverse, np.where(y, 0.0, w), size),
            np.bincount(inverse, y.astype(float), size),
            np.bincount(inverse, (~y).astype(float), size),
        )

    @property
    def points(self) -> int:
        return int(self.pos_n.sum() + self.neg_n.sum())

    @property
    def weight(self) -> float:
        return float(self.pos.sum() + self.neg.sum())

    @property
    def events(self) -> float:
        return float(self.pos.sum())


def _auc_rows(pos: np.ndarray, neg: np.ndarray) -> np.ndarray:
    """AUC for each row of per-bin weights (bins ascending); NaN without both outcomes."""
    total = pos.sum(axis=1) * neg.sum(axis=1)
    below = np.cumsum(neg, axis=1) - neg
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, (pos * (below + neg / 2)).sum(axis=1) / total, np.nan)


def _precision_rows(pos: np.ndarray, every: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Precision among the k highest-scoring weight for each row, a tied bin at the cut
    taken in part; NaN where k is 0."""
    rows = np.arange(len(k))
    pos_top, every_top = pos[:, ::-1], every[:, ::-1]
    reach = np.cumsum(every_top, axis=1)
    hits_reach = np.cumsum(pos_top, axis=1)
    k = np.minimum(k, reach[:, -1])
    cut = np.minimum((reach < k[:, None] - 1e-9).sum(axis=1), every.shape[1] - 1)
    last = np.maximum(cut - 1, 0)
    taken = np.where(cut > 0, reach[rows, last], 0.0)
    hits = np.where(cut > 0, hits_reach[rows, last], 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        part = np.where(every_top[rows, cut] > 0, (k - taken) / every_top[rows, cut], 0.0)
        hits = hits + pos_top[rows, cut] * np.clip(part, 0.0, 1.0)
        return np.where(k > 0, hits / k, np.nan)


def _one(value: np.ndarray) -> float | None:
    number = float(value[0])
    return None if np.isnan(number) else number


def auc(tally: Tally) -> float | None:
    """Weighted ROC AUC, ties counting half; None without both outcomes."""
    if not len(tally.values):
        return None
    return _one(_auc_rows(tally.pos[None, :], tally.neg[None, :]))


def precision_at(tally: Tally, k: float) -> float | None:
    """Weighted precision among the k highest scores."""
    if not len(tally.values):
        return None
    every = tally.pos + tally.neg
    return _one(_precision_rows(tally.pos[None, :], every[None, :], np.array([float(k)])))


def merged(tallies: Sequence[Tally]) -> Tally:
    """The tally of several tallies' points together."""
    if not tallies:
        return Tally(*(np.zeros(0) for _ in range(5)))
    values = np.unique(np.concatenate([t.values for t in tallies]))
    sums = [np.zeros(len(values)) for _ in range(4)]
    for t in tallies:
        at = np.searchsorted(values, t.values)
        for total, part in zip(sums, (t.pos, t.neg, t.pos_n, t.neg_n), strict=True):
            np.add.at(total, at, part)
    return Tally(values, *sums)


@dataclass(frozen=True)
class Bins:
    """Score bins: `edges` holds the least score of each bin."""

    edges: np.ndarray

    @classmethod
    def of(cls, pooled: Tally, most: int) -> Bins:
        """Each distinct score, or at most `most` bins of about equal numbers of points, a
        score never split: each bin takes its share of the points still to place, so that
        one score held by 95% of the points (no pressure at all) leaves the rest to be split
        among the other bins rather than swallowing them."""
        values = pooled.values
        if len(values) <= most:
            return cls(values)
        cumulative = np.cumsum(pooled.pos_n + pooled.neg_n)
        total = cumulative[-1]
        edges = []
        start, left = 0, most
        while start < len(values) and left > 0:
            edges.append(values[start])
            before = cumulative[start - 1] if start else 0.0
            reach = before + (total - before) / left
            end = int(np.searchsorted(cumulative, reach - 1e-9, side="left"))
            start, left = max(end + 1, start + 1), left - 1
        return cls(np.array(edges))

    def of_scores(self, scores: np.ndarray) -> np.ndarray:
        return np.maximum(np.searchsorted(self.edges, scores, side="right") - 1, 0)

    def __len__(self) -> int:
        return len(self.edges)


def track_record(tallies: Sequence[Tally], bins: Bins, mode: str) -> list[np.ndarray | None]:
    """Each step's probability per distinct score, from the earlier steps' outcomes (None:
    no earlier step). `mode`: "bins" (the rate in the score's bin), "base" (the earlier base
    rate) or "never" (0: nothing changes)."""
    found: list[np.ndarray | None] = []
    events = np.zeros(max(1, len(bins)))
    weight = np.zeros(max(1, len(bins)))
    for t in tallies:
        b = bins.of_scores(t.values)
        if weight.sum() <= 0:
            found.append(None)
        elif mode == "never":
            found.append(np.zeros(len(t.values)))
        else:
            base = events.sum() / weight.sum()
            if mode == "base":
                found.append(np.full(len(t.values), base))
            else:
                found.append((events[b] + base) / (weight[b] + 1.0))
        np.add.at(events, b, t.pos)
        np.add.at(weight, b, t.pos + t.neg)
    return found


def squared_error(tally: Tally, p: np.ndarray) -> float:
    """The weighted sum of (p - outcome)^2 over a tally's points."""
    return float((tally.pos * (1.0 - p) ** 2 + tally.neg * p**2).sum())


@dataclass(frozen=True)
class Figures:
    """One predictor's scores over some points, with 95% intervals (None where undefined)."""

    points: int
    weight: float
    events: float
    auc: float | None
    auc_ci: tuple[float, float] | None
    k: float
    precision: float | None
    precision_ci: tuple[float, float] | None
    brier: float | None
    brier_ci: tuple[float, float] | None


def _interval(values: np.ndarray) -> tuple[float, float] | None:
    values = values[np.isfinite(values)]
    if len(values) < 2:
        return None
    lo, hi = np.percentile(values, PERCENTILES)
    return float(lo), float(hi)


def figures(
    tally: Tally, brier: float | None, k: float | None, replicates: np.ndarray | None
) -> Figures:
    """The figures of one tally: `brier` as worked out from its track record (None: none),
    intervals from `replicates` (rows of AUC, precision, Brier; None: no intervals)."""
    cut = tally.events if k is None else float(k)
    ci: list[tuple[float, float] | None] = [None, None, None]
    if replicates is not None:
        ci = [_interval(replicates[:, c]) for c in range(3)]
    return Figures(
        points=tally.points,
        weight=tally.weight,
        events=tally.events,
        auc=auc(tally),
        auc_ci=ci[0],
        k=cut,
        precision=precision_at(tally, cut),
        precision_ci=ci[1],
        brier=brier,
        brier_ci=ci[2] if brier is not None else None,
    )


def _top(whole: Tally, k: float | None) -> np.ndarray:
    """The highest distinct scores covering TOP_REACH times the k of precision at k (at most
    TOP_MAX of them), each to be a bin of its own: precision at k reads only the top of the
    ranking, where quantile bins would lump outcomes with the rest."""
    if not len(whole.values):
        return whole.values
    wanted = TOP_REACH * (whole.events if k is None else float(k))
    reach = np.cumsum((whole.pos + whole.neg)[::-1])
    count = min(len(whole.values), int(np.searchsorted(reach, wanted)) + 1, TOP_MAX)
    return whole.values[len(whole.values) - count :]


class Resampler:
    """One predictor's per-step histograms, the input of every bootstrap replicate."""

    def __init__(
        self,
        tallies: Sequence[Tally],
        probabilities: Sequence[np.ndarray | None],
        k: float | None = None,
    ):
        whole = merged(tallies)
        bins = Bins(np.union1d(Bins.of(whole, HISTOGRAM).edges, _top(whole, k)))
        size = max(1, len(bins))
        shape = (len(tallies), size)
        self.pos, self.every = np.zeros(shape), np.zeros(shape)
        self.pos_n, self.neg_n = np.zeros(shape), np.zeros(shape)
        self.squared = np.zeros(len(tallies))
        self.scored = np.zeros(len(tallies))
        for i, (t, p) in enumerate(zip(tallies, probabilities, strict=True)):
            b = bins.of_scores(t.values)
            np.add.at(self.pos[i], b, t.pos)
            np.add.at(self.every[i], b, t.pos + t.neg)
            np.add.at(self.pos_n[i], b, t.pos_n)
            np.add.at(self.neg_n[i], b, t.neg_n)
            if p is not None:
                self.squared[i] = squared_error(t, p)
                self.scored[i] = t.weight

    def pooled(self, counts: np.ndarray, k: float | None) -> np.ndarray:
        """AUC, precision at k and Brier score (columns) for each row of step counts
        (replicates x steps): the pooled figures of resampled steps, CHUNK rows at a time
        (a thousand rows of 4,000 bins are 30 MiB per table)."""
        return np.vstack(
            [self._pooled(counts[r : r + CHUNK], k) for r in range(0, len(counts), CHUNK)]
            or [np.zeros((0, 3))]
        )

    def _pooled(self, counts: np.ndarray, k: float | None) -> np.ndarray:
        pos = counts @ self.pos
        every = counts @ self.every
        cut = pos.sum(axis=1) if k is None else np.full(len(counts), float(k))
        scored = counts @ self.scored
        with np.errstate(invalid="ignore", divide="ignore"):
            brier = np.where(scored > 0, (counts @ self.squared) / scored, np.nan)
        return np.column_stack(
            [_auc_rows(pos, every - pos), _precision_rows(pos, every, cut), brier]
        )


def hanley_mcneil(tally: Tally, value: float | None) -> tuple[float, float] | None:
    """A 95% interval for one step's AUC by Hanley & McNeil's normal approximation (from
    the numbers of points with and without the outcome), clipped to [0, 1]."""
    n1, n2 = float(tally.pos_n.sum()), float(tally.neg_n.sum())
    if value is None or n1 < 1 or n2 < 1:
        return None
    q1, q2 = value / (2 - value), 2 * value**2 / (1 + value)
    var = (value * (1 - value) + (n1 - 1) * (q1 - value**2) + (n2 - 1) * (q2 - value**2)) / (
        n1 * n2
    )
    half = 1.959964 * float(np.sqrt(max(var, 0.0)))
    return max(0.0, value - half), min(1.0, value + half)


@dataclass(frozen=True)
class CalibrationBin:
    low: float
    high: float
    points: int
    weight: float
    events: float
    predicted: float | None  # mean track-record probability, where there is one


def calibration(
    tallies: Sequence[Tally], probabilities: Sequence[np.ndarray | None], bins: Bins
) -> tuple[CalibrationBin, ...]:
    """Pooled outcomes by score bin, with the mean track-record probability of each bin."""
    size = len(bins)
    if not size:
        return ()
    count, weight, events = np.zeros(size), np.zeros(size), np.zeros(size)
    low, high = np.full(size, np.inf), np.full(size, -np.inf)
    predicted, predicted_w = np.zeros(size), np.zeros(size)
    for t, p in zip(tallies, probabilities, strict=True):
        b = bins.of_scores(t.values)
        np.add.at(count, b, t.pos_n + t.neg_n)
        np.add.at(weight, b, t.pos + t.neg)
        np.add.at(events, b, t.pos)
        np.minimum.at(low, b, t.values)
        np.maximum.at(high, b, t.values)
        if p is not None:
            np.add.at(predicted, b, (t.pos + t.neg) * p)
            np.add.at(predicted_w, b, t.pos + t.neg)
    return tuple(
        CalibrationBin(
            float(low[i]),
            float(high[i]),
            int(count[i]),
            float(weight[i]),
            float(events[i]),
            float(predicted[i] / predicted_w[i]) if predicted_w[i] > 0 else None,
        )
        for i in range(size)
        if count[i]
    )
