"""A backtest over a timeline: points per step, tallied, then scored per step and pooled.

The slices come one at a time (`timeline.steps`) and each step keeps only its tallies, so a
series' memory is that of two slices and of the distinct scores, whatever its length."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from alliances_cli.engine.backtest.points import (
    KINDS,
    OUTCOMES,
    Predictor,
    predictors_of,
    step_points,
)
from alliances_cli.engine.backtest.scores import (
    BINS,
    Bins,
    CalibrationBin,
    Figures,
    Resampler,
    Tally,
    calibration,
    figures,
    hanley_mcneil,
    merged,
    squared_error,
    track_record,
)
from alliances_cli.engine.chunks import Runner
from alliances_cli.engine.timeline import Slice
from alliances_cli.engine.timeline import Step as TimelineStep

#: Fewer steps than this are too few to resample: no pooled intervals, and no verdicts.
MIN_STEPS = 5
#: Fewer points than this with the outcome (or without it) give no intervals and no verdict:
#: resampling the steps of two flips gives an interval as narrow as it is meaningless.
MIN_EVENTS = 10
#: How each predictor's scores become probabilities for the Brier score.
_MODES = {"persistence": "never", "random": "base"}


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


def backtest(
    stream: Iterable[TimelineStep],
    *,
    theater: str | None,
    camps_limit: int | None = None,
    seed: int = 0,
    replicates: int = 1000,
    k: int | None = None,
    samples: int = 0,
    margins: bool = False,
    workers: int = 1,
    runner: Runner | None = None,
) -> Backtest:
    """Score what each slice of a timeline (`timeline.steps`, one theater's view) predicts
    about the next slice with ties, holding two slices at a time. `k` fixes precision at k
    (default: the number of outcomes); `replicates` bootstrap resamples of the steps give
    the pooled intervals (0: none). With `samples`, each earlier slice is also sampled as
    `robust` samples it (weights bootstrapped) for each actor's "elsewhere" share; with
    `margins`, each actor's exact margin is read too (small views only: it costs a forced
    solve per actor)."""
    from alliances_cli.engine import stress

    extra = (("elsewhere",) if samples else ()) + (("margin",) if margins else ())
    chosen = {kind: predictors_of(kind, extra) for kind in KINDS}
    seen: list[Seen] = []
    found_steps: list[Step] = []
    theater_name = None
    tallies: dict[tuple[str, str], list[Tally]] = {
        (kind, p.name): [] for kind in KINDS for p in chosen[kind]
    }
    counts: dict[str, dict[str, int]] = {kind: {} for kind in KINDS}
    sampled = dict.fromkeys(KINDS, 0)
    # Tie severities by the kind of each tie's strongest stress fact, pooled.
    by_fact: dict[str, list[Tally]] = {}
    before: Slice | None = None
    for made in stream:
        after = made.slice
        seen.append(Seen(after.label, after.date, bool(after.view.edges)))
        if theater is not None:
            theater_name = after.scenario.theater_by_id[theater].name
        if not after.view.edges:
            continue
        if before is None:
            before = after
            continue
        n = len(found_steps)
        found_steps.append(Step(made.index - _gap(seen), made.index, before.label, after.label))
        facts = stress.within(before.scenario, before.view)
        rng = np.random.default_rng([seed, n])
        sampled_figures = _robust_figures(
            before, theater, camps_limit, samples, margins, seed, workers, runner
        )
        found = step_points(before.view, after.view, facts, rng, sampled_figures)
        for kind, points in found.items():
            for name, values in points.scores.items():
                tallies[kind, name].append(Tally.of(points.y, values, points.w))
            if points.population is not None:
                sampled[kind] += 1
            for what, many in points.counts.items():
                counts[kind][what] = counts[kind].get(what, 0) + many
        change = found["tie-change"]
        strongest = np.array(change.facts, dtype=object)
        for fact in sorted(set(change.facts) - {""}):
            mask = strongest == fact
            by_fact.setdefault(fact, []).append(
                Tally.of(change.y[mask], change.scores["severity"][mask], change.w[mask])
            )
        before.view.shed()
        before = after
    steps = tuple(found_steps)

    resample = np.random.default_rng([seed, len(steps), 7])
    draws = (
        resample.multinomial(len(steps), [1 / len(steps)] * len(steps), size=replicates).astype(
            float
        )
        if replicates and len(steps) >= MIN_STEPS
        else None
    )
    scores: list[Score] = []
    leads: list[Lead] = []
    tables: list[Calibration] = []
    summaries: list[KindSummary] = []
    for kind in KINDS:
        pooled_auc: dict[str, tuple[float | None, np.ndarray | None]] = {}
        for predictor in chosen[kind]:
            series = tallies[kind, predictor.name]
            whole = merged(series)
            mode = _MODES.get(predictor.name, "bins")
            bins = Bins.of(whole, BINS)
            chances = track_record(series, bins, mode)
            scored = [(t, p) for t, p in zip(series, chances, strict=True) if p is not None]
            brier = (
                sum(squared_error(t, p) for t, p in scored) / sum(t.weight for t, _ in scored)
                if scored and sum(t.weight for t, _ in scored) > 0
                else None
            )
            replicated = None
            if draws is not None and _enough(whole):
                replicated = Resampler(series, chances, k).pooled(draws, k)
            pooled = figures(whole, brier, k, replicated)
            scores.append(Score(kind, predictor.name, predictor.role, None, pooled))
            pooled_auc[predictor.name] = (
                pooled.auc,
                None if replicated is None else replicated[:, 0],
            )
            for n, (tally, chance) in enumerate(zip(series, chances, strict=True)):
                step_brier = None
                if chance is not None and tally.weight > 0:
                    step_brier = squared_error(tally, chance) / tally.weight
                own = figures(tally, step_brier, k, None)
                own = _with_auc_interval(own, hanley_mcneil(tally, own.auc))
                scores.append(Score(kind, predictor.name, predictor.role, n, own))
            if predictor.role == "tool":
                tables.append(Calibration(kind, predictor.name, calibration(series, chances, bins)))
        leads += _leads(chosen[kind], kind, pooled_auc)
        first = tallies[kind, chosen[kind][0].name]
        total = merged(first)
        summaries.append(
            KindSummary(
                kind,
                OUTCOMES[kind],
                total.points,
                total.weight,
                total.events,
                tuple(sorted(counts[kind].items())),
                sampled[kind],
            )
        )
    findings = [
        _finding(
            kind,
            predictor.name,
            scores,
            leads,
            tallies[kind, predictor.name],
            predictor.binary,
            replicates,
            len(steps),
        )
        for kind in KINDS
        for predictor in chosen[kind]
        if predictor.role == "tool"
    ]
    histories = _histories(by_fact, tallies, findings)
    return Backtest(
        tuple(seen),
        chosen,
        samples,
        theater,
        theater_name,
        camps_limit,
        steps,
        tuple(summaries),
        tuple(scores),
        tuple(leads),
        tuple(tables),
        tuple(findings),
        histories,
        replicates,
        seed,
        k,
    )


def _finding(
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


def _robust_figures(
    before: Slice,
    theater: str | None,
    camps_limit: int | None,
    samples: int,
    margins: bool,
    seed: int,
    workers: int,
    runner: Runner | None,
) -> dict[str, dict[str, float]]:
    """Robust's figures for the actors of an earlier slice: the share of samples that place
    each apart from its camp, and minus its exact margin (a small margin moves easily)."""
    found: dict[str, dict[str, float]] = {}
    if samples:
        from alliances_cli.engine.analysis import analyse
        from alliances_cli.engine.robust import robust

        chosen = None if theater is None else [theater]
        analysis = analyse(before.scenario, theaters=chosen, camps_limit=camps_limit)
        odds = robust(
            analysis, samples=samples, seed=seed, noise="bootstrap", workers=workers, runner=runner
        )
        found["elsewhere"] = {o.actor: o.apart for o in odds.actors if o.view == theater}
    if margins:
        from alliances_cli.engine.margins import actor_margins

        found["margin"] = {m.actor: -m.extra for m in actor_margins(before.view)}
    return found


def _enough(whole: Tally) -> bool:
    """Whether a kind has MIN_EVENTS points with the outcome and as many without."""
    return bool(whole.pos_n.sum() >= MIN_EVENTS and whole.neg_n.sum() >= MIN_EVENTS)


def _gap(seen: list[Seen]) -> int:
    """How many slices back the last slice with ties before the newest one stands."""
    for back in range(2, len(seen) + 1):
        if seen[-back].tied:
            return back - 1
    return 0


def _with_auc_interval(found: Figures, interval: tuple[float, float] | None) -> Figures:
    from dataclasses import replace

    return replace(found, auc_ci=interval)


def _leads(
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


def _histories(
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
