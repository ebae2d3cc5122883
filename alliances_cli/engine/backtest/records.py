"""The records of a backtest: steps, scores, leads, calibration, verdicts, track records.

`run.py` makes them, `verdicts.py` judges them, the reports and the API read them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from alliances_cli.engine.backtest.points import Predictor
from alliances_cli.engine.backtest.scores import CalibrationBin, Figures


@dataclass(frozen=True)
class Step:
    """Two consecutive slices with ties, by index in the timeline and label."""

    before: int
    after: int
    before_label: str
    after_label: str


@dataclass(frozen=True)
class Score:
    """One predictor's figures for one kind, pooled (step None) or in one step."""

    kind: str
    predictor: str
    role: str
    step: int | None
    figures: Figures


@dataclass(frozen=True)
class Lead:
    """A tool label's pooled AUC minus the best baseline's, with a paired 95% interval."""

    kind: str
    predictor: str
    baseline: str
    lead: float
    interval: tuple[float, float] | None


@dataclass(frozen=True)
class Calibration:
    kind: str
    predictor: str
    bins: tuple[CalibrationBin, ...]


@dataclass(frozen=True)
class History:
    """The track record of one kind of stress point: for its severities (in bins), how
    often what it is at stake in changed by the next slice, pooled over every step.

    Tie kinds read the ties whose strongest stress fact is of this kind (`tie-change`);
    `implied-tie` the untied pairs it names (`new-tie`); `torn-actor` the actors
    (`actor-move`). `verdict` is that of the severity (or torn) label on that kind of
    prediction: a track record is worth printing only where the label shows skill."""

    stress_kind: str
    kind: str
    predictor: str
    verdict: str
    bins: tuple[CalibrationBin, ...]


@dataclass(frozen=True)
class KindSummary:
    """What was scored for one kind: points and outcomes over all steps, counted outcomes
    (for ties: weakened, flipped, vanished) and how many steps scored a sample of pairs."""

    kind: str
    outcome: str
    points: int
    weight: float
    events: float
    counts: tuple[tuple[str, int], ...]
    sampled_steps: int


@dataclass(frozen=True)
class Split:
    """A yes/no label's points: how many carried it and had the outcome, and the rest."""

    labelled: int
    labelled_events: int
    others: int
    others_events: int


@dataclass(frozen=True)
class Finding:
    """What one tool label predicts, judged against chance and the best baseline.

    `verdict`: "beyond baselines" (the AUC interval above 0.5 and the paired lead over the
    best baseline above 0), "skill" (above 0.5 only), "none" (the interval holds 0.5),
    "below chance" (the interval under 0.5), "untested" (no interval), with `reason`:
    "resamples" (none drawn), "steps" (under MIN_STEPS), "outcomes" (under MIN_EVENTS points
    with the outcome, or without it)."""

    kind: str
    predictor: str
    verdict: str
    auc: float | None
    interval: tuple[float, float] | None
    lead: Lead | None
    baseline_auc: float | None
    split: Split | None
    reason: str = ""


@dataclass(frozen=True)
class Seen:
    """A slice as the backtest keeps it once scored: its label and day, and whether it had
    ties (a slice without is no step's end)."""

    label: str
    date: str | None
    tied: bool


@dataclass(frozen=True)
class Backtest:
    slices: tuple[Seen, ...]
    #: Each kind's predictors, in the order the reports list them.
    predictors: Mapping[str, tuple[Predictor, ...]]
    #: Robust samples per slice behind "elsewhere" (0: none), and whether margins were read.
    samples: int
    #: The theater followed (None: the overall view) and its name, in the last slice.
    theater: str | None
    theater_name: str | None
    camps_limit: int | None
    steps: tuple[Step, ...]
    kinds: tuple[KindSummary, ...]
    scores: tuple[Score, ...]
    leads: tuple[Lead, ...]
    calibration: tuple[Calibration, ...]
    findings: tuple[Finding, ...]
    histories: tuple[History, ...]
    replicates: int
    seed: int
    k: int | None

    def pooled(self, kind: str, predictor: str) -> Figures:
        return next(
            s.figures
            for s in self.scores
            if s.kind == kind and s.predictor == predictor and s.step is None
        )
