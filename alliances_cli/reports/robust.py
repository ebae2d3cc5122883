"""`alliances robust`: how sure the coalitions are, for people (text) and scripts (JSON, tables).

The text leads with what an analyst quotes: the pairs closest to a coin toss, the actors that
may stand elsewhere and what it would cost, then the firm alignments, the camps' stability,
the spread of frustration and the partitions seen most often.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from alliances_cli.reports.common import heading, members, scenario_header
from alliances_cli.reports.render.blocks import Block, Grid, Styled
from alliances_cli.reports.render.formats import Result, table
from alliances_cli.reports.render.numbers import num, percent, stance
from alliances_cli.scenario.vocabulary import signed

if TYPE_CHECKING:
    from alliances_cli.engine.levers.camps import Resilience
    from alliances_cli.engine.margins import Margin, PairMargin, Tipping
    from alliances_cli.engine.robust import Robustness
    from alliances_cli.scenario.model import Scenario

ROBUST_SCHEMA = "alliances/robust/1"

#: A pair is firm when the samples agree with the point answer this often.
FIRM = 0.9

NOISE_WORDS = {
    "flip": "each tie keeps its sign with probability (1 + confidence) / 2",
    "bootstrap": "each tie's weight is multiplied by an Exponential(1) draw",
}


class Findings:
    """A robustness run with its exact margins and tipping points, keyed for the reports."""

    def __init__(
        self,
        odds: Robustness,
        margins: list[Margin],
        pair_margins: list[PairMargin],
        tipping: list[Tipping],
        actor: str | None = None,
        resilience: list[Resilience] | None = None,
        time_limit: float | None = None,
    ) -> None:
        self.odds = odds
        self.resilience = {(r.view, r.leader): r for r in resilience or []}
        self.margins = {(m.view, m.actor): m for m in margins}
        self.pair_margins = {(m.view, m.a, m.b): m for m in pair_margins}
        self.tipping = tipping
        self.actor = actor
        #: The exact searches' time limit in seconds (None: the size rules held them).
        self.time_limit = time_limit
        self.timed = time_limit is not None


def _label(view: str | None) -> str:
    return view or "overall"


def _name(scenario: Scenario, actor: str) -> str:
    return scenario.actor_name(actor)


def _camp_name(findings: Findings, view: str | None, leader: str) -> str:
    found = findings.odds.analysis.view(view)
    camp = found.camp_by_leader(leader)
    return camp.name if camp is not None else leader


def _heuristic_words(odds: Robustness) -> str:
    if not odds.heuristic:
        return ""
    views = ", ".join(_label(v) for v in odds.heuristic)
    return (
        f" (views not proven optimal, whose samples the heuristic solves: {views}; each such "
        "sample counts the partition it finds)"
    )


def _margin_text(findings: Findings, margin: Margin | PairMargin | None) -> str:
    """A margin as a reader may quote it: exact, else what the partition found shows (at
    most that much, when the view's own optimum is proven)."""
    if margin is None:
        return ""
    if margin.proven:
        return f"{margin.extra:.2f}"
    if findings.odds.analysis.view(margin.view).optimal:
        return f"at most {margin.extra:.2f}"
    return f"{margin.extra:.2f} (not proven)"


def _unproven_note(findings: Findings) -> list[Block]:
    """Why some margins are not exact, and how to get exact ones."""
    if all(m.proven for m in findings.margins.values()) and all(
        m.proven for m in findings.pair_margins.values()
    ):
        return []
    from alliances_cli.engine.margins import MARGIN_EXACT_ACTORS

    how = (
        "the exact searches ran out of --time-limit"
        if findings.timed
        else f"views over {MARGIN_EXACT_ACTORS} actors get the heuristic's; --time-limit SECONDS "
        "searches for exact ones"
    )
    return [Styled(f"Margins marked at most or not proven: {how}.", style="dim"), Styled("")]


# -- data -----------------------------------------------------------------------------------------


def robust_data(findings: Findings) -> dict[str, Any]:
    """The `alliances robust --format json` document."""
    odds = findings.odds
    analysis = odds.analysis
    views = analysis.shown
    out: list[dict[str, Any]] = []
    for view in views:
        margins = findings.margins
        spread = next(s for s in odds.frustration if s.view == view.id)
        out.append(
            {
                "view": _label(view.id),
                "samples_exact": view.id not in odds.heuristic,
                "frustration": {
                    "reported": num(spread.reported),
                    "mean": num(spread.mean),
                    "sd": num(spread.sd),
                    "p5": num(spread.low),
                    "median": num(spread.median),
                    "p95": num(spread.high),
                },
                "camps": [
                    {
                        "leader": c.leader,
                        "name": _camp_name(findings, view.id, c.leader),
                        "members": list(c.members),
                        "stability": num(c.stability),
                        "intact": num(c.intact),
                        "resilience": _resilience(findings.resilience.get((view.id, c.leader))),
                    }
                    for c in odds.camps
                    if c.view == view.id
                ],
                "actors": [
                    _actor_data(findings, a, margins.get((view.id, a.actor)))
                    for a in odds.actors
                    if a.view == view.id
                ],
                "pairs": [
                    {
                        "a": p.a,
                        "b": p.b,
                        "together": num(p.together),
                        "reported_together": p.reported,
                        "margin": _margin(findings.pair_margins.get((view.id, p.a, p.b))),
                    }
                    for p in odds.pairs
                    if p.view == view.id
                ],
                "partitions": [
                    {"share": num(s.share), "camps": [list(c) for c in s.camps]}
                    for s in odds.partitions
                    if s.view == view.id
                ],
            }
        )
    return {
        "schema": ROBUST_SCHEMA,
        "scenario": scenario_header(analysis.scenario),
        "events": list(odds.events),
        "samples": odds.samples,
        "seed": odds.seed,
        "noise": odds.noise,
        "time_limit": findings.time_limit,
        "views": out,
        "tipping_points": [_tipping_data(t) for t in findings.tipping],
    }


def _resilience(found: Resilience | None) -> dict[str, Any] | None:
    """The least change that breaks a camp, and its cheapest plan (None: not computed: the
    overall view, a camp of one, or a view past 25 actors)."""
    if found is None:
        return None
    plan = found.plan
    return {
        "cost": num(found.cost),
        "proven": found.proven,
        "plan": None
        if plan is None
        else [
            {
                "a": c.a,
                "b": c.b,
                "stance": num(c.stance),
                "to": c.to,
                "change": num(c.to - c.stance),
            }
            for c in plan.changes
        ],
    }


def _margin(found: Margin | PairMargin | None) -> dict[str, Any] | None:
    if found is None:
        return None
    return {"extra_frustration": num(found.extra), "proven": found.proven}


def _actor_data(findings: Findings, actor: Any, margin: Margin | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "actor": actor.actor,
        "camp": actor.camp,
        "apart": num(actor.apart),
    }
    if actor.moved is not None:
        data["moved_by_events"] = num(actor.moved)
    data["margin"] = _margin(margin)
    if margin is not None:
        home, towards = _nets(findings, actor.view, actor.actor, margin)
        data["margin"]["stands_with"] = list(margin.joins)
        data["margin"]["net_to_camp"] = None if home is None else num(home)
        data["margin"]["net_to_move"] = None if towards is None else num(towards)
    return data


def _tipping_data(t: Tipping) -> dict[str, Any]:
    return {
        "view": _label(t.view),
        "actor": t.actor,
        "tie": [t.a, t.b],
        "stance": num(t.stance),
        "tipping_stance": num(t.to),
        "change": num(t.to - t.stance),
        "stands_with": list(t.joins),
        "exact": t.exact,
    }


#: The columns of robust's tables (`--table NAME`).
ROBUST_COLUMNS = {
    "actors": (
        "view",
        "actor",
        "camp",
        "apart",
        "moved_by_events",
        "margin",
        "margin_proven",
        "stands_with",
    ),
    "pairs": ("view", "a", "b", "together", "reported_together", "margin"),
    "camps": ("view", "leader", "name", "members", "stability", "intact", "resilience"),
    "frustration": ("view", "reported", "mean", "sd", "p5", "median", "p95"),
    "partitions": ("view", "rank", "share", "camps"),
    "tipping": (
        "view",
        "actor",
        "tie",
        "stance",
        "tipping_stance",
        "change",
        "stands_with",
        "exact",
    ),
}


def robust_result(findings: Findings) -> Result:
    """What `robust` prints in the machine formats: its tables, read off its JSON document."""
    document = robust_data(findings)
    rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in ROBUST_COLUMNS}
    for view in document["views"]:
        _view_rows(view, rows)
    rows["tipping"] = [
        (
            t["view"],
            t["actor"],
            t["tie"],
            t["stance"],
            t["tipping_stance"],
            t["change"],
            t["stands_with"],
            t["exact"],
        )
        for t in document["tipping_points"]
    ]
    return Result(
        title=f"{findings.odds.analysis.scenario.title}: robustness",
        document=document,
        tables=tuple(table(name, ROBUST_COLUMNS[name], rows[name]) for name in ROBUST_COLUMNS),
    )


def _view_rows(view: dict[str, Any], rows: dict[str, list[tuple[Any, ...]]]) -> None:
    """One view's rows of the actors, pairs, camps, frustration and partitions tables."""
    v = view["view"]
    for a in view["actors"]:
        margin = a["margin"] or {}
        rows["actors"].append(
            (
                v,
                a["actor"],
                a["camp"],
                a["apart"],
                a.get("moved_by_events"),
                margin.get("extra_frustration"),
                margin.get("proven"),
                margin.get("stands_with"),
            )
        )
    for p in view["pairs"]:
        margin = p["margin"] or {}
        rows["pairs"].append(
            (
                v,
                p["a"],
                p["b"],
                p["together"],
                p["reported_together"],
                margin.get("extra_frustration"),
            )
        )
    for c in view["camps"]:
        held = (c["resilience"] or {}).get("cost")
        rows["camps"].append(
            (v, c["leader"], c["name"], c["members"], c["stability"], c["intact"], held)
        )
    f = view["frustration"]
    rows["frustration"].append(
        (v, f["reported"], f["mean"], f["sd"], f["p5"], f["median"], f["p95"])
    )
    for rank, s in enumerate(view["partitions"], 1):
        rows["partitions"].append((v, rank, s["share"], [" ".join(c) for c in s["camps"]]))


# -- text -----------------------------------------------------------------------------------------


def _pct(share: float) -> str:
    return percent(share)


def _with(scenario: Scenario, members: tuple[str, ...]) -> str:
    if not members:
        return "alone"
    names = [_name(scenario, m) for m in members]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return f"with {listed}"


def robust_report(findings: Findings, top: int | None) -> list[Block]:
    odds = findings.odds
    analysis = odds.analysis
    scenario = analysis.scenario
    after = f" after {', '.join(odds.events)}" if odds.events else ""
    parts: list[Block] = [
        heading(scenario),
        Styled(""),
        Styled(
            f"{odds.samples:,} samples{after} (seed {odds.seed}): {NOISE_WORDS[odds.noise]}; "
            f"a sample with k optimal partitions counts each as 1/k{_heuristic_words(odds)}.",
            style="dim",
        ),
        Styled(""),
    ]
    sure = all(e.confidence >= 1.0 for view in analysis.theaters for e in view.edges.values())
    if odds.noise == "flip" and sure:
        parts += [
            Styled(
                "Every tie has confidence 1, so no sign flips and every sample is the point "
                "answer: state confidences, or try --noise bootstrap to vary the strengths.",
                style="yellow",
            ),
            Styled(""),
        ]
    parts += _uncertain(findings, top)
    parts += _elsewhere(findings, top)
    if findings.actor is not None:
        parts += _tipping(findings, top)
    parts += _firm(findings, top)
    parts += _unproven_note(findings)
    parts += _camps(findings)
    parts += _spread(findings)
    return parts[:-1]


def _limit(rows: list[Any], top: int | None) -> tuple[list[Any], str]:
    if top is None or len(rows) <= top:
        return rows, ""
    return rows[:top], f" (top {top} of {len(rows)}; --top 0 for all)"


def _uncertain(findings: Findings, top: int | None) -> list[Block]:
    scenario = findings.odds.analysis.scenario
    rows = [p for p in findings.odds.pairs if 1 - FIRM < p.together < FIRM]
    # The theaters first: the overall view follows from them.
    rows.sort(key=lambda p: (p.view is None, abs(p.together - 0.5), p.a, p.b))
    rows, more = _limit(rows, top)
    if not rows:
        return [
            Styled(
                "No uncertain pairs: every pair is together, or apart, in at least "
                f"{_pct(FIRM)} of samples.",
                style="dim",
            ),
            Styled(""),
        ]
    grid = Grid(
        Styled("Uncertain: pairs closest to a coin toss", style="bold").append(more, style="dim")
    )
    grid.add_column("Theater", style="cyan", no_wrap=True)
    grid.add_column("Pair")
    grid.add_column("Together", justify="right")
    grid.add_column("Reported")
    grid.add_column("Margin", justify="right")
    for p in rows:
        margin = findings.pair_margins.get((p.view, p.a, p.b))
        grid.add_row(
            _label(p.view),
            f"{_name(scenario, p.a)} – {_name(scenario, p.b)}",
            _pct(p.together),
            "together" if p.reported else "apart",
            _margin_text(findings, margin),
        )
    return [grid, Styled("")]


def _elsewhere(findings: Findings, top: int | None) -> list[Block]:
    scenario = findings.odds.analysis.scenario
    moved = any(a.moved is not None for a in findings.odds.actors)
    rows = [a for a in findings.odds.actors if a.apart >= 0.05 or (a.moved or 0) >= 0.05]
    rows.sort(key=lambda a: (-(a.moved or 0), -a.apart, a.view is None, a.actor))
    rows, more = _limit(rows, top)
    if not rows:
        return []
    grid = Grid(Styled("Actors who may stand elsewhere", style="bold").append(more, style="dim"))
    grid.add_column("Theater", style="cyan", no_wrap=True)
    grid.add_column("Actor")
    grid.add_column("Reported camp")
    grid.add_column("Elsewhere", justify="right")
    if moved:
        grid.add_column("Moved by events", justify="right")
    grid.add_column("Margin", justify="right")
    grid.add_column("Cheapest move")
    for a in rows:
        margin = findings.margins.get((a.view, a.actor))
        cells = [
            _label(a.view),
            _name(scenario, a.actor),
            _camp_name(findings, a.view, a.camp),
            _pct(a.apart),
        ]
        if moved:
            cells.append(_pct(a.moved or 0.0))
        if margin is None:
            cells += ["", ""]
        else:
            move = _with(scenario, margin.joins)
            move += _undecided(findings, a.view, a.actor, margin)
            cells += [_margin_text(findings, margin), move]
        grid.add_row(*cells)
    return [
        grid,
        Styled(
            " Elsewhere: share of samples in which the actor is not in its reported camp. "
            "Margin: the least extra frustration of a partition that takes it out, in weight "
            "units (overall: in pair scores, one per theater voting) (0: it may stand "
            "elsewhere already).",
            style="dim",
        ),
        Styled(""),
    ]


def _nets(
    findings: Findings, view_id: str | None, actor: str, margin: Margin
) -> tuple[float | None, float | None]:
    """The net weight of an actor's ties to its camp-mates and to those its cheapest move
    joins (None: no tie to any of them)."""
    view = findings.odds.analysis.view(view_id)
    camp = view.camp_of(actor)
    mates = [m for m in view.camps[camp].members if m != actor] if camp is not None else []
    home = view.net_to(actor, mates) if mates else None
    return home, view.net_to(actor, margin.joins) if margin.joins else None


def _undecided(findings: Findings, view_id: str | None, actor: str, margin: Margin) -> str:
    """Why a move that costs nothing is free: no tie links the actor to those it would join,
    or its ties pull it as much their way as its own camp's; else another optimal partition
    (moving others too) puts it there."""
    if margin.extra > 1e-9 or not margin.joins:
        return ""
    home, towards = _nets(findings, view_id, actor, margin)
    if towards is None:
        return " (no tie links them: nothing decides)"
    if home is not None and round(home, 9) == round(towards, 9):
        return f" (its ties pull it equally, net {signed(towards)}, either way)"
    return " (in another optimal partition)"


def _tipping(findings: Findings, top: int | None) -> list[Block]:
    scenario = findings.odds.analysis.scenario
    actor = findings.actor or ""
    who = _name(scenario, actor)
    rows, more = _limit(findings.tipping, top)
    if not rows:
        return [
            Styled(f"No change to one tie's stance moves {who} out of its camp.", style="dim"),
            Styled(""),
        ]
    grid = Grid(Styled(f"What would move {who}", style="bold").append(more, style="dim"))
    grid.add_column("Theater", style="cyan", no_wrap=True)
    grid.add_column("Tie")
    grid.add_column("Stance", justify="right")
    grid.add_column("Tipping stance", justify="right")
    grid.add_column(f"{who} then stands")
    for t in rows:
        exact = "" if t.exact else " (approx.)"
        grid.add_row(
            _label(t.view),
            f"{t.a}–{t.b}",
            f"{t.stance:+.2f}",
            f"{'above' if t.to > t.stance else 'below'} {t.to:+.2f}{exact}",
            _with(scenario, t.joins),
        )
    return [grid, Styled("")]


def _firm(findings: Findings, top: int | None) -> list[Block]:
    scenario = findings.odds.analysis.scenario
    margins = findings.pair_margins

    counted: dict[str | None, frozenset[tuple[str, str]] | None] = {}

    def swinging(view: str | None) -> frozenset[tuple[str, str]] | None:
        """The pairs apart in some optimum of the view, when all its optima are counted."""
        if view not in counted:
            optima = findings.odds.analysis.view(view).optima
            counted[view] = (
                frozenset((a, b) if a < b else (b, a) for a, b in optima.swing_pairs)
                if optima.count is not None and optima.exact
                else None
            )
        return counted[view]

    def undecided(p: Any) -> bool:
        """Apart in some optimum of the view: its ties do not keep the pair together. From
        the pair's margin when it is exact, else from the view's optima when all are known."""
        found = margins.get((p.view, p.a, p.b))
        swing = swinging(p.view)
        if (found is None or not found.proven) and swing is not None:
            return (p.a, p.b) in swing
        return found is not None and found.extra <= 1e-9

    def known(p: Any) -> bool:
        """Whether the pair's place in every optimum is proven, not just bounded."""
        found = margins.get((p.view, p.a, p.b))
        return (found is not None and found.proven) or swinging(p.view) is not None

    together = [p for p in findings.odds.pairs if p.reported and p.together >= FIRM]
    rows = [p for p in together if not undecided(p)]
    left_out = len(together) - len(rows)
    total = sum(1 for p in findings.odds.pairs if p.reported)
    rows.sort(key=lambda p: (-p.together, p.view is None, p.a, p.b))
    count = len(rows)
    unknown = sum(1 for p in rows if not known(p))
    rows, more = _limit(rows, top)
    if not rows:
        return []
    shown = f"; top {len(rows)}, --top 0 for all" if more else ""
    title = f"Firm: allies together in at least {_pct(FIRM)} of samples"
    if not unknown:
        title += " and in every optimum"
    grid = Grid(
        Styled(title, style="bold").append(
            f" ({count:,} of {total:,} pairs sharing a camp{shown})", style="dim"
        )
    )
    grid.add_column("Theater", style="cyan", no_wrap=True)
    grid.add_column("Pair")
    grid.add_column("Together", justify="right")
    grid.add_column("Margin", justify="right")
    for p in rows:
        margin = findings.pair_margins.get((p.view, p.a, p.b))
        grid.add_row(
            _label(p.view),
            f"{_name(scenario, p.a)} – {_name(scenario, p.b)}",
            _pct(p.together),
            _margin_text(findings, margin),
        )
    note = []
    if unknown:
        which = "any of them" if unknown == count else f"{unknown:,} of the {count:,}"
        note.append(
            Styled(
                f" In every optimum: not proven for {which} (the view is too large "
                "for exact margins, or its margin is a bound, and its optima are not all "
                "counted).",
                style="dim",
            )
        )
    if left_out:
        note += [
            Styled(
                f" Left out: {left_out} pair{'s' if left_out > 1 else ''} together as often but "
                "apart in another optimal partition (margin 0.00), which the ties cannot decide.",
                style="dim",
            )
        ]
    return [grid, *note, Styled("")]


def _camps(findings: Findings) -> list[Block]:
    scenario = findings.odds.analysis.scenario
    grid = Grid(Styled("Camps", style="bold"))
    grid.add_column("Theater", style="cyan", no_wrap=True)
    grid.add_column("Camp", style="bold")
    grid.add_column("Members")
    grid.add_column("Stability", justify="right")
    grid.add_column("Intact", justify="right")
    grid.add_column("Resilience", justify="right")
    grid.add_column("Cheapest break")
    last = object()
    for c in findings.odds.camps:
        held = findings.resilience.get((c.view, c.leader))
        grid.add_row(
            _label(c.view) if c.view != last else "",
            _camp_name(findings, c.view, c.leader),
            members(scenario, c.members),
            f"{c.stability:.2f}",
            _pct(c.intact),
            "" if held is None else f"{'' if held.proven else 'at least '}{held.cost:.2f}",
            "" if held is None or held.plan is None else _break_words(held.plan),
        )
        last = c.view
    return [
        grid,
        Styled(
            " Stability: mean best overlap (Jaccard) with a sampled camp; intact: share of "
            "samples with exactly this camp. Resilience: the least change to its members' ties "
            "(confidence x stance change) that breaks it, by a margin of 0.01 (alliances "
            f"levers --break CAMP for more plans){_resilience_reach(findings)}.",
            style="dim",
        ),
        Styled(""),
    ]


def _resilience_reach(findings: Findings) -> str:
    """Which camps of two or more go without a resilience, and why."""
    missing = [
        c
        for c in findings.odds.camps
        if c.view is not None
        and len(c.members) > 1
        and (c.view, c.leader) not in findings.resilience
    ]
    if not missing:
        return ""
    from alliances_cli.engine.levers.camps import (
        NEARLY_BALANCED,
        RESILIENCE_MAX_ACTORS,
        RESILIENCE_TIMED,
    )

    if findings.timed:
        return f"; blank: the --time-limit ran out, or the view has over {RESILIENCE_TIMED} actors"
    return (
        f"; blank: views over {RESILIENCE_MAX_ACTORS} actors, unless nearly balanced (frustration "
        f"at most {NEARLY_BALANCED:.0%} of the tie weight) and up to {RESILIENCE_TIMED} "
        f"(--time-limit SECONDS: any up to {RESILIENCE_TIMED})"
    )


def _break_words(plan: Any) -> str:
    return "; ".join(f"{c.a}–{c.b} from {c.stance:+.2f} to {stance(c.to)}" for c in plan.changes)


def _spread(findings: Findings) -> list[Block]:
    grid = Grid(Styled("Frustration (share of tie weight)", style="bold"))
    grid.add_column("Theater", style="cyan", no_wrap=True)
    grid.add_column("Reported", justify="right")
    grid.add_column("Mean", justify="right")
    grid.add_column("90% of samples", justify="right")
    grid.add_column("Most frequent partition")
    seen = {s.view: s for s in reversed(findings.odds.partitions)}
    scenario = findings.odds.analysis.scenario
    for s in findings.odds.frustration:
        common = seen.get(s.view)
        described = ""
        if common is not None:
            position = {a.id: i for i, a in enumerate(scenario.actors)}
            ordered = sorted(
                (sorted(c, key=position.__getitem__) for c in common.camps),
                key=lambda c: position[c[0]],
            )
            camps = " | ".join(", ".join(_name(scenario, a) for a in c) for c in ordered)
            described = f"{_pct(common.share)}: {camps}"
        grid.add_row(
            _label(s.view),
            _pct(s.reported),
            _pct(s.mean),
            f"{_pct(s.low)}–{_pct(s.high)}",
            described,
        )
    return [grid, Styled("")]
