"""Results -> Rich renderables for people at a terminal.

User text always goes into `Text` objects, never into markup strings, so a name such as
"[bold]" prints as written.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from alliances_cli.engine.analysis import Analysis, Stress, View
from alliances_cli.scenario.model import Scenario

#: Stress points the text report lists when --top is not given.
DEFAULT_TOP = 10


def heading(scenario: Scenario, extra: str = "") -> Text:
    text = Text(scenario.title, style="bold")
    details = [scenario.id]
    if scenario.as_of:
        details.append(f"as of {scenario.as_of}")
    text.append(f"  ({', '.join(details)}){extra}", style="dim")
    return text


def _members(scenario: Scenario, members: Sequence[str]) -> Text:
    return Text(", ".join(scenario.actor_name(m) for m in members))


def coalitions_table(analysis: Analysis) -> Table:
    scenario = analysis.scenario
    table = Table(title=Text("Coalitions", style="bold"), title_justify="left", box=None)
    table.add_column("Theater", style="cyan", no_wrap=True)
    table.add_column("Camp", style="bold")
    table.add_column("Members")
    views: list[View] = [*analysis.theaters]
    if len(analysis.theaters) > 1:
        views.append(analysis.overall)
    for view in views:
        label = Text(view.id or "overall")
        for i, camp in enumerate(view.camps):
            table.add_row(
                label if i == 0 else Text(""), Text(camp.name), _members(scenario, camp.members)
            )
        if view.unaligned:
            table.add_row(
                label if not view.camps else Text(""),
                Text("unaligned", style="dim italic"),
                _members(scenario, view.unaligned),
            )
        table.add_section()
    return table


def _evidence_refs(scenario: Scenario, stress: Stress) -> Text:
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
    return Text("; ".join(parts) or "-")


def _natural(text: str) -> tuple[int, str]:
    digits = "".join(ch for ch in text if ch.isdigit())
    return (int(digits) if digits else 0, text)


def stress_table(analysis: Analysis, top: int | None) -> Table:
    shown = analysis.stress if top is None else analysis.stress[:top]
    total = len(analysis.stress)
    title = Text("Stress points", style="bold")
    if len(shown) < total:
        title.append(f" (top {len(shown)} of {total}; --top 0 for all)", style="dim")
    table = Table(title=title, title_justify="left", box=None)
    table.add_column("#", justify="right", style="dim")
    table.add_column("Sev.", justify="right")
    table.add_column("Kind", style="magenta", no_wrap=True)
    table.add_column("Summary")
    table.add_column("Evidence", style="dim")
    for i, stress in enumerate(shown, 1):
        table.add_row(
            Text(str(i)),
            Text(f"{stress.severity:.2f}"),
            Text(stress.kind),
            Text(stress.summary),
            _evidence_refs(analysis.scenario, stress),
        )
    return table


def evidence_details(analysis: Analysis, top: int | None) -> Group:
    """Every stress point's evidence in full: tie, theater, source, place and words."""
    shown = analysis.stress if top is None else analysis.stress[:top]
    lines: list[RenderableType] = [Text("Evidence", style="bold")]
    for i, stress in enumerate(shown, 1):
        lines.append(Text(f"{i}. {stress.kind}: {stress.summary}"))
        for ref in stress.evidence:
            where = f" in {ref.theater}" if ref.theater else ""
            line = Text(f"   {ref.tie[0]}–{ref.tie[1]}{where}: ", style="dim")
            line.append(f"{ref.evidence.source} {ref.evidence.at or ''}".rstrip())
            if ref.evidence.says:
                line.append(f' "{ref.evidence.says}"', style="italic")
            lines.append(line)
    return Group(*lines)


def balance_table(analysis: Analysis) -> Table:
    table = Table(title=Text("Balance", style="bold"), title_justify="left", box=None)
    table.add_column("Theater", style="cyan", no_wrap=True)
    table.add_column("Frustration", justify="right")
    table.add_column("Normalised", justify="right")
    table.add_column("Balanced triangles", justify="right")
    table.add_column("Partition")
    views: list[View] = [*analysis.theaters]
    if len(analysis.theaters) > 1:
        views.append(analysis.overall)
    for view in views:
        share = (
            "-"
            if view.balanced_share is None
            else f"{view.balanced_triangles}/{view.triangles} ({view.balanced_share:.0%})"
        )
        if view.optimal:
            status = Text("proven optimal", style="green")
        else:
            status = Text(f"heuristic (lower bound {view.lower_bound:.2f})", style="yellow")
        table.add_row(
            Text(view.id or "overall"),
            Text(f"{view.frustration:.2f}"),
            Text(f"{view.normalised_frustration:.0%}"),
            Text(share),
            status,
        )
    return table


def show_report(analysis: Analysis, top: int | None, evidence: bool) -> list[RenderableType]:
    """The whole `alliances show` screen."""
    limit = f" (at most {analysis.camps_limit} camps)" if analysis.camps_limit else ""
    parts: list[RenderableType] = [
        heading(analysis.scenario, limit),
        Text(""),
        coalitions_table(analysis),
        Text(""),
        stress_table(analysis, top),
        Text(""),
        balance_table(analysis),
    ]
    if evidence:
        parts += [Text(""), evidence_details(analysis, top)]
    return parts
