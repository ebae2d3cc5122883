"""`alliances show`: the report for people (coalitions, optima, stress, balance) and the
result its other formats print (tables, and the JSON document of `show_data.py`)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any

from alliances_cli.reports.common import (
    company,
    evidence_refs,
    frustration_legend,
    heading,
    members,
    reading_sentence,
    view_label,
)
from alliances_cli.reports.render.blocks import Block, Grid, Styled
from alliances_cli.reports.render.formats import ONE_LINE_ITEMS, Result, Table, table
from alliances_cli.reports.render.numbers import num, percent
from alliances_cli.reports.show_data import show_data
from alliances_cli.reports.show_records import AS_LINES
from alliances_cli.reports.stress import summary, the_camp
from alliances_cli.scenario.model import Scenario
from alliances_cli.scenario.vocabulary import signed

if TYPE_CHECKING:
    from alliances_cli.engine.analysis import Analysis
    from alliances_cli.engine.backtest.history import TrackRecord
    from alliances_cli.engine.solver.optima import Swing
    from alliances_cli.engine.stress import Stress
    from alliances_cli.engine.view import View
    from alliances_cli.reports.show_data import ListWriters


#: Stress points the text report lists when --top is not given.
DEFAULT_TOP = 10


#: More camps of one actor than this in a view are listed in one row ("512 alone"): each is
#: its own camp, but a screen of them hides the camps that hold several.
LONE_CAMPS = 10


def coalitions_table(analysis: Analysis) -> Grid:
    scenario = analysis.scenario
    table = Grid(Styled("Coalitions", style="bold"))
    table.add_column("Theater", style="cyan", no_wrap=True)
    table.add_column("Camp", style="bold")
    table.add_column("Members")
    views = analysis.shown
    for view in views:
        label = Styled(view.id or "overall")
        alone = [c.members[0] for c in view.camps if len(c.members) == 1]
        gathered = len(alone) > LONE_CAMPS
        shown = [c for c in view.camps if not (gathered and len(c.members) == 1)]
        for i, camp in enumerate(shown):
            table.add_row(
                label if i == 0 else Styled(""), Styled(camp.name), members(scenario, camp.members)
            )
        if gathered:
            table.add_row(
                label if not shown else Styled(""),
                Styled(f"{len(alone):,} alone", style="dim italic"),
                members(scenario, alone),
            )
        if view.unaligned:
            table.add_row(
                label if not view.camps else Styled(""),
                Styled("unaligned", style="dim italic"),
                members(scenario, view.unaligned),
            )
    return table


def _evidence_refs(scenario: Scenario, stress: Stress) -> Styled:
    """Compact references: '¶1, ¶6' when one source, 'src ¶1; other ¶2' otherwise."""
    by_source: dict[str, list[str]] = {}
    for ref in stress.evidence:
        places = by_source.setdefault(ref.evidence.source, [])
        at = ref.evidence.at or "?"
        if at not in places:
            places.append(at)
    parts = []
    for source, places in by_source.items():
        places = sorted(places, key=_natural)
        joined = ", ".join(places)
        parts.append(joined if len(scenario.sources) == 1 else f"{source} {joined}")
    return Styled("; ".join(parts) or "-")


def evidence_legend(analysis: Analysis, top: int | None) -> list[Block]:
    """The stress list's scales and what its Evidence shorthand means (that which it uses)."""
    shown = analysis.stress if top is None else analysis.stress[:top]
    cells = [_evidence_refs(analysis.scenario, s).plain for s in shown]
    if not cells:
        return []
    sources = analysis.scenario.sources
    parts = []
    if len(sources) == 1 and any(c != "-" for c in cells):
        source = sources[0]
        parts.append(f"places in {source.title or source.id} ({source.id})")
    elif any(c != "-" for c in cells):
        parts.append("source ids and places in them (the scenario lists its sources)")
    if any(c == "-" for c in cells):
        parts.append("- no evidence cited for the ties at stake")
    if any("?" in c.split() or c.endswith("?") for c in cells):
        parts.append("? a source cited without a place")
    scale = (
        " Sev.: stake / (1 + stake), 0 to 1; figures in brackets: tie weights (stance ×"
        " confidence), net pulls or balance pressures, in weight units (alliances glossary)."
    )
    return [Styled(scale, style="dim"), Styled(" Evidence: " + "; ".join(parts) + ".", style="dim")]


def _natural(text: str) -> tuple[int, str]:
    digits = "".join(ch for ch in text if ch.isdigit())
    return (int(digits) if digits else 0, text)


#: Below this many terminal columns, `show` lists stress points compactly: the kind and the
#: evidence run with the summary instead of taking columns of their own.
COMPACT_WIDTH = 100


def history_cell(history: TrackRecord, stress: Stress) -> str:
    """A stress point's track record: the share of what such points named that changed by
    the next slice, and of how many ("15% of 1,317"), or "-" where there is none."""
    found = history.lookup(stress.kind, stress.severity)
    if found is None:
        return "-"
    return f"{percent(found.rate)} of {found.points:,}"


def history_legend(history: TrackRecord, shown: Sequence[Stress]) -> list[Block]:
    """What the History column counts, per kind of prediction it uses, and its source."""
    from alliances_cli.engine.backtest.history import CHANGED

    used = sorted(
        {history.changes[s.kind] for s in shown if history.lookup(s.kind, s.severity)},
        key=list(CHANGED).index,
    )
    what = "; ".join(f"{CHANGED[k][0]} that {CHANGED[k][1]}" for k in used) or "none recorded"
    source = history.source
    return [
        Styled(
            f" History: from {source['title']}, {source['first']} to {source['last']} "
            f"({source['steps']} steps), the share of what stress points of that kind and "
            f"severity named that changed by the next slice ({what}), and of how many; - no "
            "record (no skill shown, or no such severity seen).",
            style="dim",
        )
    ]


def stress_table(
    analysis: Analysis,
    top: int | None,
    compact: bool = False,
    history: TrackRecord | None = None,
) -> Block:
    shown = analysis.stress if top is None else analysis.stress[:top]
    total = len(analysis.stress)
    title = Styled("Stress points", style="bold")
    if not total:
        return Styled("No stress points: no tie goes against the camps.")
    if len(shown) < total:
        title.append(f" (top {len(shown)} of {total}; --top 0 for all)", style="dim")
    table = Grid(title)
    table.add_column("#", justify="right", style="dim")
    table.add_column("Sev.", justify="right")
    past = [] if history is None else [Styled(history_cell(history, s)) for s in shown]
    if history is not None:
        table.add_column("History", justify="right", no_wrap=True)
    if compact:
        table.add_column("Kind, summary and evidence")
        for i, stress in enumerate(shown, 1):
            line = Styled(stress.kind, style="magenta").append(f": {summary(analysis, stress)}")
            line.append(f" ({_evidence_refs(analysis.scenario, stress).plain})", style="dim")
            table.add_row(Styled(str(i)), Styled(f"{stress.severity:.2f}"), *past[i - 1 : i], line)
        return table
    table.add_column("Kind", style="magenta", no_wrap=True)
    table.add_column("Summary")
    table.add_column("Evidence", style="dim")
    for i, stress in enumerate(shown, 1):
        table.add_row(
            Styled(str(i)),
            Styled(f"{stress.severity:.2f}"),
            *past[i - 1 : i],
            Styled(stress.kind),
            Styled(summary(analysis, stress)),
            _evidence_refs(analysis.scenario, stress),
        )
    return table


def evidence_details(analysis: Analysis, top: int | None) -> list[Block]:
    """Every stress point's evidence in full: tie, theater, source, place and words."""
    shown = analysis.stress if top is None else analysis.stress[:top]
    lines: list[Block] = [Styled("Evidence", style="bold")]
    for i, stress in enumerate(shown, 1):
        lines.append(Styled(f"{i}. {stress.kind}: {summary(analysis, stress)}"))
        for facet in stress.facets:
            lines.append(Styled(f"   also {facet.kind}: {summary(analysis, facet)}", style="dim"))
        for ref in stress.evidence:
            where = f" in {ref.theater}" if ref.theater else ""
            line = Styled(f"   {ref.tie[0]}–{ref.tie[1]}{where}: ", style="dim")
            line.append(f"{ref.evidence.source} {ref.evidence.at or ''}".rstrip())
            if ref.evidence.says:
                line.append(f' "{ref.evidence.says}"', style="italic")
            lines.append(line)
    return lines


def balance_table(analysis: Analysis) -> Grid:
    table = Grid(Styled("Balance", style="bold"))
    table.add_column("Theater", style="cyan", no_wrap=True)
    table.add_column("Frustration", justify="right")
    table.add_column("Normalised", justify="right")
    table.add_column("Balanced triangles", justify="right")
    table.add_column("Partition")
    views = analysis.shown
    for view in views:
        if not view.edges:  # nothing to balance: no figure to give
            none = Styled("no tie among its actors" if view.actors else "no actor", style="dim")
            table.add_row(Styled(view.id or "overall"), Styled("-"), Styled("-"), Styled("-"), none)
            continue
        share = (
            "-"
            if view.balanced_share is None
            else f"{view.balanced_triangles}/{view.triangles} ({percent(view.balanced_share)})"
        )
        if view.optimal:
            status = Styled("proven optimal", style="green")
            count = view.optima.count or 1
            if count > 1:
                more = "" if view.optima.exact else " at least"
                status.append(f", one of{more} {count:,}", style="yellow")
            elif view.optima.exact:
                status.append(", unique", style="green")
        else:
            bound = f"lower bound {view.lower_bound:.2f}" if view.lower_bound > 0 else "not proven"
            status = Styled(f"best found ({bound})", style="yellow")
        table.add_row(
            Styled(view.id or "overall"),
            Styled(f"{view.frustration:.2f}"),
            Styled(percent(view.normalised_frustration)),
            Styled(share),
            status,
        )
    return table


def gap_words(view: View) -> str:
    """How close a view's partition is known to be to the best possible, in words."""
    if view.gap is None:
        return f"{view.frustration:.2f}, with no lower bound found: the best possible may be 0"
    share = view.gap * 100
    shown = f"{share:.1f}" if share < 10 else f"{share:,.0f}"
    return (
        f"{view.frustration:.2f}, at most {shown}% above the best possible "
        f"(no partition is below {view.lower_bound:.2f})"
    )


def proof_line(analysis: Analysis) -> list[Block]:
    """Say which views are not proven optimal, how far from the best they may be, and what
    would search further: more time where an exact stage ran, nothing where none could."""
    views = analysis.shown
    open_views = [v for v in views if not v.optimal]
    if not open_views:
        return []
    gaps = "; ".join(f"{v.id or 'overall'}: {gap_words(v)}" for v in open_views)
    searched = [v for v in open_views if v.method == "exact"]
    reasons = []
    if searched and analysis.time_limit is not None:
        more = f"the exact search stopped after its {analysis.time_limit:g} s"
        from alliances_cli.engine.solver import search_kernel

        if not search_kernel.installed():
            more += "; pip install 'alliances[fast]' makes it about 25 times faster"
        reasons.append(more)
    elif searched:
        reasons.append(
            "the exact stages stopped at their fixed budgets (search nodes, cuts); "
            "--time-limit SECONDS searches longer"
        )
    if len(searched) < len(open_views):
        from alliances_cli.engine.solver.relaxation import CUTTING_MAX_TIES, LP_MAX_TIES
        from alliances_cli.engine.solver.solve import EXACT_MAX_ACTORS

        names = ", ".join(v.id or "overall" for v in open_views if v.method != "exact")
        reasons.append(
            f"no exact stage ran on {names}: on a component past {EXACT_MAX_ACTORS} actors and "
            f"{LP_MAX_TIES:,} ties, one runs only under --time-limit SECONDS, as cutting planes "
            f"on up to {CUTTING_MAX_TIES:,} ties"
        )
    text = Styled(f"Not proven optimal: {gaps}. ", style="yellow")
    text.append(f"The partitions shown are the best found ({'; '.join(reasons)}).", style="dim")
    return [text]


#: Options listed for a swing actor before the rest are counted.
SWING_OPTIONS = 3


def swing_sentence(
    scenario: Scenario, swing: Swing, view: View, splits: Collection[frozenset[str]] = ()
) -> str:
    """'X may stand alone or with A: no tie links it to any of them, so its ties cannot
    decide'; or with the net weight of X's ties to each company: whether nothing decides
    or opposing ties balance is said, not left to a tie-break. Many options are counted.
    `splits`: the overall view's pairs the theaters divide evenly (no pair score links them
    there, though ties do in the theaters)."""
    who = scenario.actor_name(swing.actor)
    return f"{who} may stand {swing_options(scenario, swing, view, splits)}"


def swing_options(
    scenario: Scenario, swing: Swing, view: View, splits: Collection[frozenset[str]] = ()
) -> str:
    """Where a swing actor may stand and why the ties cannot choose: `swing_sentence`'s words
    after 'may stand'."""
    nets = [view.net_to(swing.actor, m) if m else 0.0 for m in swing.company]
    tied = [net for net, members in zip(nets, swing.company, strict=True) if members]
    options = [company(scenario, m) for m in swing.company]
    if len(options) > SWING_OPTIONS:
        return f"{options[0]} or in any of {len(options) - 1} other places"
    divided = any(frozenset((swing.actor, m)) in splits for c in swing.company for m in c)
    if all(net is None for net in tied) and divided:
        why = ": the theaters divide evenly on it and them (split, above), so nothing decides"
    elif all(net is None for net in tied):
        why = ": no tie links it to any of them, so its ties cannot decide"
    elif len({None if n is None else round(n, 9) for n in nets}) == 1:
        why = f": its ties pull it equally (net {signed(nets[0] or 0.0)}) towards each"
    else:
        why = ""
        options = [
            words if not members else f"{words} ({'no tie' if net is None else signed(net)})"
            for words, members, net in zip(options, swing.company, nets, strict=True)
        ]
    listed = options[0] if len(options) == 1 else f"{', '.join(options[:-1])} or {options[-1]}"
    return f"{listed}{why}"


def optima_lines(analysis: Analysis) -> list[Block]:
    """Views with several optimal partitions, and who swings between them."""
    views = analysis.shown
    table = Grid(Styled("Several optima", style="bold"))
    table.add_column("Theater", style="cyan", no_wrap=True)
    table.add_column("Which partition, and who may stand elsewhere")
    for view in views:
        optima = view.optima
        if optima.count is None or optima.count < 2:
            continue
        count = f"{'at least ' if not optima.exact else ''}{optima.count:,}"
        # The best connected first: their moves say most about the view.
        strength = view.strengths
        ranked = sorted(optima.swing, key=lambda s: -round(strength.get(s.actor, 0.0), 9))
        splits = {frozenset((p.a, p.b)) for p in analysis.splits} if view.id is None else set()
        swings = "; ".join(swing_sentence(analysis.scenario, s, view, splits) for s in ranked[:3])
        if len(ranked) > 3:
            swings += f"; {len(ranked) - 3} more swing actors (all in --format json)"
        table.add_row(Styled(view.id or "overall"), Styled(f"{count} optimal partitions: {swings}"))
    return [table, Styled("")] if table.rows else []


def overall_lines(analysis: Analysis, top: int | None = None) -> list[Block]:
    """How the overall view was made, and what it leaves undecided: at most `top` splits and
    `top` hedges (90 dense actors have 470 splits), then how many more."""
    if analysis.overall_rule != "consensus":
        return []
    scenario = analysis.scenario
    lines: list[Block] = [
        Styled(
            "Overall: actors share a camp when they stand together in more of their shared "
            "theaters than apart.",
            style="dim",
        )
    ]
    theater = lambda t: scenario.theater_by_id[t].name  # noqa: E731
    splits = analysis.splits if top is None else analysis.splits[:top]
    for split in splits:
        text = Styled(" split: ", style="yellow")
        text.append(
            f"{scenario.actor_name(split.a)} and {scenario.actor_name(split.b)} stand together "
            f"in {', '.join(map(theater, split.together))}, apart in "
            f"{', '.join(map(theater, split.apart))}"
        )
        lines.append(text)
    if len(splits) < len(analysis.splits):
        lines.append(_more(len(analysis.splits) - len(splits), "split"))
    swing = {s.actor for s in analysis.overall.optima.swing}
    # Not a hedge where its overall camp is one of several: the optima say so.
    hedges = [h for h in analysis.hedges if h.actor not in swing]
    shown = hedges if top is None else hedges[:top]
    for hedge in shown:
        view = analysis.view(hedge.theater)
        who = scenario.actor_name(hedge.actor)
        home = _standing(scenario, analysis.overall, hedge.overall_camp, hedge.actor)
        there = _standing(scenario, view, hedge.theater_camp, hedge.actor)
        text = Styled(" hedging: ", style="yellow")
        text.append(f"{who} {home} overall but {there} in {view.name}")
        lines.append(text)
    if len(shown) < len(hedges):
        lines.append(_more(len(hedges) - len(shown), "hedge"))
    return [*lines, Styled("")]


def _more(count: int, what: str) -> Styled:
    return Styled(
        f" and {count:,} more {what}{'s' if count > 1 else ''} (--top 0 for all, or --format json)",
        style="dim",
    )


def _standing(scenario: Scenario, view: View, leader: str, actor: str) -> str:
    """Where `actor` stands in a view: 'is in the Russia camp'; 'stands alone', or 'leads a
    camp with Iran and Armenia', when the camp is its own: never a camp named after the
    actor in a sentence about that actor, nor two different camps both called its own."""
    found = view.camp_by_leader(leader)
    if found is not None and found.leader == actor and not found.named:
        others = [m for m in found.members if m != actor]
        return f"leads a camp {company(scenario, others)}" if others else "stands alone"
    return f"is in {the_camp(found.name if found else leader)}"


def show_report(
    analysis: Analysis,
    top: int | None,
    evidence: bool,
    width: int | None = None,
    history: TrackRecord | None = None,
) -> list[Block]:
    """The whole `alliances show` screen; `width` is the terminal's, if it is one."""
    limit = f" (at most {analysis.camps_limit} camps)" if analysis.camps_limit else ""
    parts: list[Block] = [heading(analysis.scenario, limit)]
    read = reading_sentence(analysis.scenario.reading) if analysis.scenario.reading else None
    if read is not None:
        parts.append(Styled(read, style="dim"))
    parts += [
        Styled(""),
        coalitions_table(analysis),
        Styled(""),
        *overall_lines(analysis, top),
        *optima_lines(analysis),
        stress_table(
            analysis, top, compact=width is not None and width < COMPACT_WIDTH, history=history
        ),
        *evidence_legend(analysis, top),
        *(
            history_legend(history, analysis.stress if top is None else analysis.stress[:top])
            if history is not None and analysis.stress
            else []
        ),
        Styled(""),
        balance_table(analysis),
        frustration_legend(analysis.overall_rule == "consensus"),
        *proof_line(analysis),
    ]
    if evidence:
        parts += [Styled(""), *evidence_details(analysis, top)]
    return parts


def _stress_rows(analysis: Analysis, stress: Sequence[Stress]) -> list[tuple[Any, ...]]:
    from alliances_cli.reports.stress import summary

    return [
        (
            rank,
            s.kind,
            list(s.actors),
            list(s.theaters),
            num(s.severity),
            summary(analysis, s),
            len(s.facets),
            evidence_refs(s.evidence),
        )
        for rank, s in enumerate(stress, 1)
    ]


STRESS_COLUMNS = (
    "rank",
    "kind",
    "actors",
    "theaters",
    "severity",
    "summary",
    "facets",
    "evidence",
)


def show_result(analysis: Analysis, top: int | None, history: TrackRecord | None = None) -> Result:
    def document(writers: ListWriters | None = None) -> dict[str, Any]:
        found = show_data(analysis, top, writers=writers)
        if history is not None:
            found["history"] = history_data(history, analysis, top)
        return found

    return Result(
        title=analysis.scenario.title,
        document=document,
        tables=lambda: _show_tables(analysis, top),
        for_json=(lambda: document(AS_LINES)) if large(analysis) else None,
    )


def history_data(history: TrackRecord, analysis: Analysis, top: int | None) -> dict[str, Any]:
    """The JSON document's `history`: the calibration's source, and for each stress point
    listed (by rank) its severity bin's record, or null."""
    shown = analysis.stress if top is None else analysis.stress[:top]
    points = []
    for rank, stress in enumerate(shown, 1):
        found = history.lookup(stress.kind, stress.severity)
        points.append(
            {
                "rank": rank,
                "kind": stress.kind,
                "scored_on": history.changes.get(stress.kind),
                "rate": None if found is None else num(found.rate),
                "events": None if found is None else found.events,
                "points": None if found is None else found.points,
                "low": None if found is None else num(found.low),
                "high": None if found is None else num(found.high),
            }
        )
    return {"source": dict(history.source), "points": points}


def large(*analyses: Analysis) -> bool:
    """Whether the JSON document will be outlined (`formats.to_json`): then its long lists
    are written from templates (`records.py`)."""
    return sum(len(v.edges) for a in analyses for v in a.shown) > ONE_LINE_ITEMS


#: The columns of show's coalitions, ties and balance tables (`--table NAME`).
COALITION_COLUMNS = ("theater", "camp_rank", "camp", "leader", "actor", "swing")
VIEW_TIE_COLUMNS = (
    "theater",
    "a",
    "b",
    "stance",
    "confidence",
    "weight",
    "pressure",
    "frustrated",
    "theaters",
)
BALANCE_COLUMNS = (
    "theater",
    "frustration",
    "normalised_frustration",
    "total_weight",
    "triangles",
    "balanced_triangles",
    "optimal",
    "method",
    "lower_bound",
    "optima",
    "optima_exact",
)


def _show_tables(analysis: Analysis, top: int | None) -> tuple[Table, ...]:
    views = [*analysis.theaters, analysis.overall]
    stress = analysis.stress if top is None else analysis.stress[:top]
    ties = [
        (
            view_label(view.id),
            t.a,
            t.b,
            num(t.stance),
            num(t.confidence),
            num(t.weight),
            num(t.pressure),
            t.frustrated,
            list(t.theaters),
        )
        for view in views
        for t in view.ties
    ]
    balance = [
        (
            view_label(v.id),
            num(v.frustration),
            num(v.normalised_frustration),
            num(v.total_weight),
            v.triangles,
            v.balanced_triangles,
            v.optimal,
            v.method,
            num(v.lower_bound),
            v.optima.count,
            v.optima.exact,
        )
        for v in views
    ]
    return (
        table("coalitions", COALITION_COLUMNS, _coalition_rows(views)),
        table("stress", STRESS_COLUMNS, _stress_rows(analysis, stress)),
        table("ties", VIEW_TIE_COLUMNS, ties),
        table("balance", BALANCE_COLUMNS, balance),
    )


def _coalition_rows(views: list[View]) -> list[tuple[Any, ...]]:
    """A row per actor and view: its camp (by rank, name and leader), or unaligned."""
    rows: list[tuple[Any, ...]] = []
    for view in views:
        swing = {s.actor for s in view.optima.swing}
        for rank, camp in enumerate(view.camps, 1):
            for actor in camp.members:
                rows.append(
                    (view_label(view.id), rank, camp.name, camp.leader, actor, actor in swing)
                )
        for actor in view.unaligned:
            rows.append((view_label(view.id), None, "unaligned", None, actor, False))
    return rows
