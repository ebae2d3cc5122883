"""A backtest over a timeline: points per step, tallied, then scored per step and pooled.

The slices come one at a time (`timeline.steps`) and each step keeps only its tallies, so a
series' memory is that of two slices and of the distinct scores, whatever its length."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from alliances_cli.engine.backtest import verdicts
from alliances_cli.engine.backtest.points import KINDS, OUTCOMES, predictors_of, step_points
from alliances_cli.engine.backtest.records import (
    Backtest,
    Calibration,
    KindSummary,
    Lead,
    Score,
    Seen,
    Step,
)
from alliances_cli.engine.backtest.scores import (
    BINS,
    Bins,
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
from alliances_cli.engine.backtest.verdicts import MIN_EVENTS, MIN_STEPS
from alliances_cli.engine.chunks import Runner
from alliances_cli.engine.timeline import Slice
from alliances_cli.engine.timeline import Step as TimelineStep

#: How each predictor's scores become probabilities for the Brier score.
_MODES = {"persistence": "never", "random": "base"}


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
        leads += verdicts.leads(chosen[kind], kind, pooled_auc)
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
        verdicts.finding(
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
    histories = verdicts.histories(by_fact, tallies, findings)
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
