"""`alliances backtest`: what the stress labels predicted, for people and for scripts.

The text opens with one sentence per tool label (its verdict, the AUC and interval it rests
on, the best baseline beside it), then a table per kind of prediction with every predictor.
Every figure a sentence cites is a field of the engine's `Finding`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from alliances_cli.reports.common import heading_text
from alliances_cli.reports.render.blocks import Block, Grid, Styled
from alliances_cli.reports.render.formats import Result, table
from alliances_cli.reports.render.numbers import num

if TYPE_CHECKING:
    from alliances_cli.engine.backtest.records import Backtest, Finding
    from alliances_cli.engine.backtest.scores import Figures

BACKTEST_SCHEMA = "alliances/backtest/1"

#: What each kind predicts, as the sentences and headings say it.
TARGETS = {
    "tie-change": "the ties that weaken, flip or vanish",
    "tie-flip": "the ties that flip sign",
    "new-tie": "the untied pairs that gain a tie",
    "new-sign": "the new ties that are positive",
    "actor-move": "the actors that change camp",
}
HEADINGS = {
    "tie-change": "Existing ties: does a tie weaken, flip or vanish by the next slice?",
    "tie-flip": "Existing ties: does a tie flip sign by the next slice?",
    "new-tie": "Untied pairs: does a pair gain a tie by the next slice?",
    "new-sign": "New ties: is the new tie positive?",
    "actor-move": "Actors: does an actor leave its company (change camp) by the next slice?",
}
UNITS = {
    "tie-change": "tie-steps",
    "tie-flip": "tie-steps",
    "new-tie": "pair-steps",
    "new-sign": "new ties",
    "actor-move": "actor-steps",
}
LABELS = {
    "frustrated": "The frustrated label",
    "opposing pressure": "Opposing pressure",
    "severity": "Severity",
    "implied pressure": "Implied pressure",
    "camps": "Sharing a camp",
    "torn": "The torn label",
    "swing": "The swing label",
    "elsewhere": "Robust's elsewhere share",
    "margin": "A small margin",
}
#: For yes/no labels: (the points carrying the label, the others, what the outcome was).
SPLITS = {
    ("tie-change", "frustrated"): (
        "frustrated tie-steps",
        "others",
        "weakened, flipped or vanished",
    ),
    ("tie-flip", "frustrated"): ("frustrated tie-steps", "others", "flipped"),
    ("new-sign", "camps"): ("new ties between camp-mates", "between camps", "were positive"),
    ("actor-move", "swing"): ("swing actor-steps", "others", "changed camp"),
}


# -- data -----------------------------------------------------------------------------------------


def _interval(ci: tuple[float, float] | None) -> list[float] | None:
    return None if ci is None else [num(ci[0]), num(ci[1])]


def _figures(found: Figures) -> dict[str, Any]:
    return {
        "points": found.points,
        "weight": num(found.weight),
        "events": num(found.events),
        "auc": None if found.auc is None else num(found.auc),
        "auc_ci": _interval(found.auc_ci),
        "k": num(found.k),
        "precision": None if found.precision is None else num(found.precision),
        "precision_ci": _interval(found.precision_ci),
        "brier": None if found.brier is None else round(found.brier, 6),
        "brier_ci": None
        if found.brier_ci is None
        else [round(found.brier_ci[0], 6), round(found.brier_ci[1], 6)],
    }


def backtest_data(tested: Backtest, title: str) -> dict[str, Any]:
    """The `alliances backtest --format json` document."""
    kinds = []
    for summary in tested.kinds:
        kind = summary.kind
        predictors = []
        for p in tested.predictors[kind]:
            rows = [s for s in tested.scores if s.kind == kind and s.predictor == p.name]
            pooled = next(s for s in rows if s.step is None)
            predictors.append(
                {
                    "name": p.name,
                    "role": p.role,
                    "about": p.about,
                    "pooled": _figures(pooled.figures),
                    "steps": [_figures(s.figures) for s in rows if s.step is not None],
                }
            )
        kinds.append(
            {
                "kind": kind,
                "outcome": summary.outcome,
                "points": summary.points,
                "weight": num(summary.weight),
                "events": num(summary.events),
                "counts": dict(summary.counts),
                "sampled_steps": summary.sampled_steps,
                "predictors": predictors,
                "leads": [
                    {
                        "predictor": x.predictor,
                        "baseline": x.baseline,
                        "lead": num(x.lead),
                        "lead_ci": _interval(x.interval),
                    }
                    for x in tested.leads
                    if x.kind == kind
                ],
                "calibration": [
                    {
                        "predictor": c.predictor,
                        "bins": [
                            {
                                "low": num(b.low),
                                "high": num(b.high),
                                "points": b.points,
                                "weight": num(b.weight),
                                "events": num(b.events),
                                "rate": num(b.events / b.weight) if b.weight else None,
                                "predicted": None if b.predicted is None else num(b.predicted),
                            }
                            for b in c.bins
                        ],
                    }
                    for c in tested.calibration
                    if c.kind == kind
                ],
            }
        )
    return {
        "schema": BACKTEST_SCHEMA,
        "title": title,
        "theater": tested.theater,
        "camps_limit": tested.camps_limit,
        "slices": [{"label": s.label, "date": s.date} for s in tested.slices],
        "steps": [{"before": s.before_label, "after": s.after_label} for s in tested.steps],
        "seed": tested.seed,
        "replicates": tested.replicates,
        "k": tested.k,
        "findings": [_finding_data(f) for f in tested.findings],
        "kinds": kinds,
    }


def _finding_data(found: Finding) -> dict[str, Any]:
    lead = found.lead
    split = found.split
    return {
        "kind": found.kind,
        "predictor": found.predictor,
        "verdict": found.verdict,
        "auc": None if found.auc is None else num(found.auc),
        "auc_ci": _interval(found.interval),
        "baseline": None if lead is None else lead.baseline,
        "baseline_auc": None if found.baseline_auc is None else num(found.baseline_auc),
        "lead": None if lead is None else num(lead.lead),
        "lead_ci": None if lead is None else _interval(lead.interval),
        "split": None
        if split is None
        else {
            "labelled": split.labelled,
            "labelled_events": split.labelled_events,
            "others": split.others,
            "others_events": split.others_events,
        },
        "sentence": finding_sentence(found),
    }


SCORE_COLUMNS = (
    "kind",
    "predictor",
    "role",
    "step",
    "before",
    "after",
    "points",
    "events",
    "auc",
    "auc_low",
    "auc_high",
    "k",
    "precision",
    "precision_low",
    "precision_high",
    "brier",
    "brier_low",
    "brier_high",
)
CALIBRATION_COLUMNS = (
    "kind",
    "predictor",
    "low",
    "high",
    "points",
    "events",
    "rate",
    "predicted",
)
FINDING_COLUMNS = (
    "kind",
    "predictor",
    "verdict",
    "auc",
    "auc_low",
    "auc_high",
    "baseline",
    "baseline_auc",
    "lead",
    "lead_low",
    "lead_high",
    "sentence",
)


def _ends(ci: list[float] | None) -> tuple[float | None, float | None]:
    return (None, None) if ci is None else (ci[0], ci[1])


def backtest_result(tested: Backtest, title: str) -> Result:
    """The machine formats: the document; a row per predictor per kind (pooled, then each
    step); the calibration bins; the findings."""
    document = backtest_data(tested, title)
    steps = document["steps"]
    rows = []
    for kind in document["kinds"]:
        for p in kind["predictors"]:
            scopes: list[tuple[int | None, str | None, str | None, dict[str, Any]]]
            scopes = [(None, None, None, p["pooled"])]
            scopes += [
                (i + 1, steps[i]["before"], steps[i]["after"], f) for i, f in enumerate(p["steps"])
            ]
            for step, before, after, f in scopes:
                rows.append(
                    (
                        kind["kind"],
                        p["name"],
                        p["role"],
                        step,
                        before,
                        after,
                        f["points"],
                        f["events"],
                        f["auc"],
                        *_ends(f["auc_ci"]),
                        f["k"],
                        f["precision"],
                        *_ends(f["precision_ci"]),
                        f["brier"],
                        *_ends(f["brier_ci"]),
                    )
                )
    bins = [
        (
            kind["kind"],
            c["predictor"],
            b["low"],
            b["high"],
            b["points"],
            b["events"],
            b["rate"],
            b["predicted"],
        )
        for kind in document["kinds"]
        for c in kind["calibration"]
        for b in c["bins"]
    ]
    findings = [
        (
            f["kind"],
            f["predictor"],
            f["verdict"],
            f["auc"],
            *_ends(f["auc_ci"]),
            f["baseline"],
            f["baseline_auc"],
            f["lead"],
            *_ends(f["lead_ci"]),
            f["sentence"],
        )
        for f in document["findings"]
    ]
    return Result(
        title=f"{title}: backtest",
        document=document,
        tables=(
            table("scores", SCORE_COLUMNS, rows),
            table("calibration", CALIBRATION_COLUMNS, bins),
            table("findings", FINDING_COLUMNS, findings),
        ),
    )


# -- words ----------------------------------------------------------------------------------------


def _two(value: float, decimals: int = 2) -> str:
    return f"{value:.{decimals}f}"


def _signed(value: float, decimals: int) -> str:
    text = f"{value:+.{decimals}f}"
    return text[1:] if float(text) == 0 else text  # no "-0.00"


def _range(ci: tuple[float, float], signed: bool = False, decimals: int = 2) -> str:
    if signed:
        return f"{_signed(ci[0], decimals)} to {_signed(ci[1], decimals)}"
    return f"{ci[0]:.{decimals}f}-{ci[1]:.{decimals}f}"


def _decimals(interval: tuple[float, float], mark: float) -> int:
    """Two decimals, or up to four when fewer would print an interval that excludes `mark`
    as touching it (0.5003-0.5012 is not "0.50-0.50")."""
    for decimals in (2, 3, 4):
        low, high = round(interval[0], decimals), round(interval[1], decimals)
        if not (interval[0] > mark and low <= mark) and not (interval[1] < mark and high >= mark):
            return decimals
    return 4


def _one(words: str, count: int) -> str:
    """'frustrated tie-steps' for one: 'frustrated tie-step' ('others': 'other')."""
    if count != 1:
        return words
    return (
        words.replace("tie-steps", "tie-step")
        .replace("actor-steps", "actor-step")
        .replace("new ties", "new tie")
        .replace("others", "other")
    )


def _rate(events: int, points: int) -> str:
    """A percentage with one decimal, or two significant digits when smaller (0.04%, not
    0.0%, for 1 in 2,500)."""
    return f"{figure(100 * events / points, 1)}%"


def figure(value: float, decimals: int) -> str:
    """`value` with `decimals` decimals, or more when it is smaller: at least two
    significant digits (a Brier score of 0.000031 is not 0.0000). 0 stays 0."""
    if value == 0:
        return f"{0:.{decimals}f}"
    import math

    needed = 1 - math.floor(math.log10(abs(value)))
    return f"{value:.{max(decimals, needed)}f}"


def finding_sentence(found: Finding) -> str:
    """One tool label's verdict, with the figures it rests on."""
    label = LABELS.get(found.predictor, found.predictor)
    target = TARGETS[found.kind]
    lead = found.lead
    if found.auc is None or found.interval is None:
        why = "no intervals were drawn" if found.auc is not None else "no step had both outcomes"
        return f"{label} was not tested on {target}: {why}."
    places = _decimals(found.interval, 0.5)
    auc = f"AUC {_two(found.auc, places)} (95% CI {_range(found.interval, decimals=places)})"
    beside = ""
    if lead is not None and found.baseline_auc is not None:
        gap_places = 2 if lead.interval is None else _decimals(lead.interval, 0.0)
        gap = f"lead {_signed(lead.lead, gap_places)}"
        if lead.interval is not None:
            gap += f", {_range(lead.interval, signed=True, decimals=gap_places)}"
        beside = f"the best baseline, {lead.baseline}, {_two(found.baseline_auc, places)} ({gap})"
    if found.verdict == "beyond baselines":
        text = f"{label} picks out {target} better than chance and than any baseline: {auc}"
        text += f"; {beside}." if beside else "."
    elif found.verdict == "skill":
        text = f"{label} picks out {target} better than chance, {auc}"
        if beside and lead is not None and lead.interval is not None and lead.interval[1] < 0:
            text += f", but worse than {beside}."
        else:
            text += f", but not clearly better than {beside}." if beside else "."
    elif found.verdict == "below chance":
        text = f"{label} points the wrong way on {target}: {auc}, under 0.5"
        text += f"; {beside}." if beside else "."
    else:
        text = f"{label} does not pick out {target}: {auc} holds 0.5"
        text += f"; {beside}." if beside else "."
    split = found.split
    words = SPLITS.get((found.kind, found.predictor))
    if split is not None and words is not None and split.labelled and split.others:
        marked, rest, outcome = words
        text += (
            f" Of {split.labelled:,} {_one(marked, split.labelled)}, "
            f"{_rate(split.labelled_events, split.labelled)} {outcome}; of {split.others:,} "
            f"{_one(rest, split.others)}, {_rate(split.others_events, split.others)}."
        )
    return text


def _intervals_words(tested: Backtest) -> str:
    from alliances_cli.engine.backtest.verdicts import MIN_STEPS

    if not tested.replicates:
        return "no intervals)"
    if len(tested.steps) < MIN_STEPS:
        return f"no intervals: under {MIN_STEPS} steps to resample)"
    return f"{tested.replicates:,} resamples of the steps, seed {tested.seed})"


def _flips_only(tested: Backtest) -> bool:
    """Whether every tie that changed flipped: then `tie-flip` repeats `tie-change`."""
    counts = {s.kind: s for s in tested.kinds}
    return counts["tie-change"].events == counts["tie-flip"].events


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _untested_sentence(untested: list[Finding], steps: int) -> str:
    """The labels without a verdict, in one sentence: why, then which, by kind."""
    from alliances_cli.engine.backtest.verdicts import MIN_EVENTS, MIN_STEPS

    why = {
        "resamples": "no resamples were drawn (--resamples 0)",
        "steps": f"too few steps to resample ({steps}; at least {MIN_STEPS})",
        "outcomes": f"too few points with the outcome, or without it (at least {MIN_EVENTS} "
        "of each)",
    }
    parts = []
    for reason in ("resamples", "steps", "outcomes"):
        by_kind: dict[str, list[str]] = {}
        for found in untested:
            if found.reason == reason:
                label = LABELS.get(found.predictor, found.predictor)
                by_kind.setdefault(found.kind, []).append(label[0].lower() + label[1:])
        if by_kind:
            which = "; ".join(
                f"{_listed(names)} on {TARGETS[kind]}" for kind, names in by_kind.items()
            )
            parts.append(f"as {why[reason]}: {which}")
    return "Not tested, " + "; and, ".join(parts) + "."


def _cell(value: float | None, ci: tuple[float, float] | None, digits: int = 2) -> str:
    """A figure and its interval, all with the decimals the smallest non-zero one needs."""
    if value is None:
        return "-"
    shown = [value, *(ci or ())]
    least = min((abs(v) for v in shown if v), default=0.0)
    decimals = len(figure(least, digits).split(".")[1]) if least else digits
    text = f"{value:.{decimals}f}"
    if ci is not None:
        text += f" [{ci[0]:.{decimals}f}-{ci[1]:.{decimals}f}]"
    return text


def backtest_report(tested: Backtest, title: str) -> list[Block]:
    slices = tested.slices
    name = tested.theater_name
    if tested.theater is None:
        theater = "the overall view"
    else:
        theater = (
            f"{name} ({tested.theater})" if name not in (None, tested.theater) else tested.theater
        )
    header = heading_text(f"Backtest: {title}").append(
        f"  ({len(slices)} slices, {slices[0].label} to {slices[-1].label}: "
        f"{len(tested.steps)} step{'s' if len(tested.steps) != 1 else ''}; {theater}; "
        + _intervals_words(tested),
        style="dim",
    )
    parts: list[Block] = [header, Styled("")]
    same = _flips_only(tested)
    shown = [f for f in tested.findings if not (same and f.kind == "tie-flip")]
    parts.append(Styled("What the labels predict", style="bold"))
    order = {"beyond baselines": 0, "skill": 1, "below chance": 2, "none": 3}
    for finding in sorted(shown, key=lambda f: order.get(f.verdict, 4)):
        if finding.verdict != "untested":
            parts.append(Styled(" " + finding_sentence(finding)))
    untested = [f for f in shown if f.verdict == "untested"]
    if untested:
        parts.append(Styled(" " + _untested_sentence(untested, len(tested.steps))))
    for summary in tested.kinds:
        kind = summary.kind
        if same and kind == "tie-flip":
            continue
        parts.append(Styled(""))
        if not summary.points:
            parts.append(
                Styled(HEADINGS[kind], style="bold").append(
                    f"  (no {UNITS[kind]} to score)", style="dim"
                )
            )
            continue
        k = "k" if tested.k is None else f"{tested.k:,}"
        counted = ""
        if kind == "tie-change":
            counted = ", ".join(f"{n:,} {what}" for what, n in summary.counts)
            if same:
                counted += "; every change a flip, so the flip table would repeat this one"
        events = f"{round(summary.events):,}"
        about = (
            f"  ({summary.points:,} {UNITS[kind]}, {events} did"
            + (f": {counted}" if counted else "")
            + ")"
        )
        grid = Grid(Styled(HEADINGS[kind], style="bold").append(about, style="dim"))
        grid.add_column("Predictor", keep=True)
        grid.add_column("Role")
        grid.add_column("AUC [95% CI]", justify="right")
        grid.add_column(f"Precision at {k} [95% CI]", justify="right")
        grid.add_column("Brier [95% CI]", justify="right")
        for p in tested.predictors[kind]:
            found = tested.pooled(kind, p.name)
            grid.add_row(
                p.name,
                p.role,
                _cell(
                    found.auc,
                    found.auc_ci,
                    2 if found.auc_ci is None else _decimals(found.auc_ci, 0.5),
                ),
                _cell(found.precision, found.precision_ci),
                _cell(found.brier, found.brier_ci, 3),
            )
        parts.append(grid)
        if summary.sampled_steps:
            parts.append(
                Styled(
                    f" In {summary.sampled_steps} of {len(tested.steps)} steps, the untied "
                    "pairs were too many to score all: a uniform sample was scored, each "
                    "sampled pair weighing for the pairs it stands for.",
                    style="dim",
                )
            )
    parts += [
        Styled(""),
        Styled(
            " AUC: the chance that a point with the outcome outscores one without (0.5: no "
            "skill). Precision at k: the share of outcomes among the k highest scores (k: "
            "the number of outcomes). Brier: the mean squared error of the probability each "
            "score's track record in the earlier steps gives (lower is better; the first "
            "step has none). Intervals: 95%, resampling whole steps. Per step and "
            "calibration by score: --format json, or --table scores / calibration.",
            style="dim",
        ),
    ]
    return parts
