"""Verdicts: each tool label against chance and the best baseline, and the track records
worth printing beside a severity."""

from __future__ import annotations

import numpy as np

from alliances_cli.engine.backtest.points import Predictor
from alliances_cli.engine.backtest.records import (
    Finding,
    History,
    Lead,
    Score,
    Split,
)
from alliances_cli.engine.backtest.scores import BINS, Bins, Tally, calibration, merged

#: Fewer steps than this are too few to resample: no pooled intervals, and no verdicts.
MIN_STEPS = 5
#: Fewer points than this with the outcome (or without it) give no intervals and no verdict:
#: resampling the steps of two flips gives an interval as narrow as it is meaningless.
MIN_EVENTS = 10
#: Where each kind of stress point finds its track record: (kind, predictor).
HISTORY_OF = {
    "cross-theater": ("tie-change", "severity"),
    "disagreement": ("tie-change", "severity"),
    "frustrated-tie": ("tie-change", "severity"),
    "unbalanced-triangle": ("tie-change", "severity"),
    "tension": ("tie-change", "severity"),
    "torn-actor": ("actor-move", "torn"),
    "implied-tie": ("new-tie", "severity"),
}


def finding(
    kind: str,
    predictor: str,
    scores: list[Score],
    leads: list[Lead],
    series: list[Tally],
    binary: bool,
    replicates: int,
    steps: int,
) -> Finding:
    pooled = next(
        s.figures for s in scores if s.kind == kind and s.predictor == predictor and s.step is None
    )
    lead = next((x for x in leads if x.kind == kind and x.predictor == predictor), None)
    baseline_auc = None
    if lead is not None:
        baseline_auc = next(
            s.figures.auc
            for s in scores
            if s.kind == kind and s.predictor == lead.baseline and s.step is None
        )
    interval = pooled.auc_ci
    reason = ""
    if pooled.auc is None or interval is None:
        verdict = "untested"
        if not replicates:
            reason = "resamples"
        elif steps < MIN_STEPS:
            reason = "steps"
        else:
            reason = "outcomes"
    elif interval[0] > 0.5:
        beyond = lead is not None and lead.interval is not None and lead.interval[0] > 0
        verdict = "beyond baselines" if beyond else "skill"
    elif interval[1] < 0.5:
        verdict = "below chance"
    else:
        verdict = "none"
    split = _split(series) if binary else None
    return Finding(
        kind, predictor, verdict, pooled.auc, interval, lead, baseline_auc, split, reason
    )


def _split(series: list[Tally]) -> Split | None:
    """A yes/no label's points scored 1 against those scored 0 (None: no points)."""
    whole = merged(series)
    if not len(whole.values):
        return None
    one, zero = whole.values == 1.0, whole.values == 0.0
    return Split(
        int(whole.pos_n[one].sum() + whole.neg_n[one].sum()),
        int(whole.pos_n[one].sum()),
        int(whole.pos_n[zero].sum() + whole.neg_n[zero].sum()),
        int(whole.pos_n[zero].sum()),
    )


def leads(
    predictors: tuple[Predictor, ...],
    kind: str,
    pooled: dict[str, tuple[float | None, np.ndarray | None]],
) -> list[Lead]:
    """Each tool label against the baseline with the highest pooled AUC."""
    role = {p.name: p.role for p in predictors}
    baselines = [
        (value, name)
        for name, (value, _) in pooled.items()
        if value is not None and role[name] == "baseline"
    ]
    if not baselines:
        return []
    # The best baseline; on equal AUC, the first listed.
    order = [p.name for p in predictors]
    best_value, best = max(baselines, key=lambda vn: (vn[0], -order.index(vn[1])))
    found = []
    for predictor in predictors:
        value, draws = pooled[predictor.name]
        if predictor.role != "tool" or value is None:
            continue
        interval = None
        other = pooled[best][1]
        if draws is not None and other is not None:
            difference = draws - other
            difference = difference[np.isfinite(difference)]
            if len(difference) >= 2:
                lo, hi = np.percentile(difference, (2.5, 97.5))
                interval = (float(lo), float(hi))
        found.append(Lead(kind, predictor.name, best, value - best_value, interval))
    return found


def histories(
    by_fact: dict[str, list[Tally]],
    tallies: dict[tuple[str, str], list[Tally]],
    findings: list[Finding],
) -> tuple[History, ...]:
    """Each kind of stress point's track record, over the points it names (score above 0)."""
    verdict = {(f.kind, f.predictor): f.verdict for f in findings}
    found = []
    for stress_kind, (kind, predictor) in HISTORY_OF.items():
        series = by_fact.get(stress_kind, []) if kind == "tie-change" else tallies[kind, predictor]
        whole = merged(series)
        named = whole.values > 0
        if not named.any():
            continue
        whole = Tally(
            whole.values[named],
            whole.pos[named],
            whole.neg[named],
            whole.pos_n[named],
            whole.neg_n[named],
        )
        bins = calibration([whole], [None], Bins.of(whole, BINS))
        found.append(History(stress_kind, kind, predictor, verdict[kind, predictor], bins))
    return tuple(found)
