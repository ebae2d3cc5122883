"""Shared by every command's report: headings, names, view labels, tables as text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from alliances_cli.reports.render.blocks import Block, Grid, Styled
from alliances_cli.reports.render.formats import Result, cell
from alliances_cli.scenario.model import Reading, Scenario

if TYPE_CHECKING:
    from alliances_cli.engine.stress import EvidenceRef


def frustration_legend(consensus_overall: bool, normalised: bool = True) -> Styled:
    """Under every table of frustration: what its figures measure."""
    overall = (
        " (the overall view's in pair scores, one per theater voting)" if consensus_overall else ""
    )
    share = "; normalised: its share of all the view's tie weight" if normalised else ""
    return Styled(
        " Frustration: the summed weight of the ties the camps go against (positive ties across"
        f" camps, negative ties inside one), in weight units{overall}{share}.",
        style="dim",
    )


def heading(scenario: Scenario, extra: str = "") -> Styled:
    text = Styled(scenario.title, style="bold")
    details = [scenario.id]
    if scenario.as_of:
        details.append(f"as of {scenario.as_of}")
    text.append(f"  ({', '.join(details)}){extra}", style="dim")
    return text


#: Members a text report lists per camp; a camp of thousands is a wall no one reads.
SHOWN_MEMBERS = 25


def members(scenario: Scenario, members: Sequence[str]) -> Styled:
    shown = ", ".join(scenario.actor_name(m) for m in members[:SHOWN_MEMBERS])
    text = Styled(shown)
    if len(members) > SHOWN_MEMBERS:
        more = len(members) - SHOWN_MEMBERS
        text.append(f" and {more:,} more (all in --format json)", style="dim")
    return text


def company(scenario: Scenario, members: Sequence[str]) -> str:
    """Who an actor stands with, in words: 'alone', 'with A', 'with A, B and C'."""
    if not members:
        return "alone"
    names = [scenario.actor_name(m) for m in members]
    if len(names) > 3:
        names = [*names[:2], f"{len(names) - 2} others"]
    return "with " + (names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}")


def names(scenario: Scenario, actors: Sequence[str]) -> str:
    return ", ".join(scenario.actor_name(a) for a in actors) or "-"


def view_label(view_id: str | None) -> str:
    return view_id or "overall"


def heading_text(title: str) -> Styled:
    return Styled(title, style="bold")


#: Columns of the listings whose values a user types back (ids, bundled scenarios' names):
#: never cut at a narrow terminal.
TYPED_COLUMNS = frozenset({"id", "a", "b", "theater", "event", "events", "name", "actor"})


def result_tables(result: Result, only: str | None = None) -> list[Block]:
    """Every table of a result (or the one named) as a grid: for commands without a report of
    their own, and for `--table` in text."""
    parts: list[Block] = []
    for table in result.tables:
        if only is not None and table.name != only:
            continue
        if not table.rows:
            parts.append(Styled(f"No {table.name}.", style="dim"))
            continue
        grid = Grid()
        for column in table.columns:
            grid.add_column(column, keep=column in TYPED_COLUMNS)
        for row in table.rows:
            grid.add_row(*(Styled(cell(v)) for v in row))
        parts.append(grid)
    return parts


def scenario_header(scenario: Scenario) -> dict[str, Any]:
    header: dict[str, Any] = {"id": scenario.id, "title": scenario.title, "as_of": scenario.as_of}
    if scenario.reading is not None:
        header["reading"] = reading_data(scenario.reading)
    return header


def reading_data(reading: Reading) -> dict[str, Any]:
    """How an edge list's rows became ties, for JSON."""
    from alliances_cli.reports.render.numbers import num

    return {
        "rows": reading.rows,
        "pairs": reading.pairs,
        "both_ways": reading.both_ways,
        "opposed": reading.opposed,
        "repeated": reading.repeated,
        "combine": reading.combine,
        "scale": None if reading.scale is None else [num(x) for x in reading.scale],
        "scale_from_data": reading.scale_from_data,
        "count_confidence": reading.count_confidence,
        "first": reading.first,
        "last": reading.last,
    }


def reading_sentence(reading: Reading) -> str | None:
    """What the edge list's rows were and how they became ties, in one sentence; None when
    each row simply became a tie (nothing combined, scaled or dated)."""
    if not (
        reading.both_ways
        or reading.repeated
        or reading.scale
        or reading.first
        or reading.count_confidence
    ):
        return None
    ratings = "rating" if reading.rows == 1 else "ratings"
    pairs = "pair" if reading.pairs == 1 else "pairs"
    text = f"Read {reading.rows:,} {ratings} of {reading.pairs:,} {pairs}"
    if reading.first and reading.last:
        text += f", dated {reading.first} to {reading.last}"
    parts = []
    if reading.both_ways:
        opposed = (
            f", {reading.opposed:,} of them with opposite signs (each a disagreement)"
            if reading.opposed
            else ", none with opposite signs"
        )
        parts.append(f"{reading.both_ways:,} rated both ways{opposed}")
    if reading.repeated:
        parts.append(f"{reading.repeated:,} rated more than once one way")
    if parts:
        text += "; " + "; ".join(parts)
        text += f"; several ratings of a pair combined by their {_RULE_WORDS[reading.combine]}"
    if reading.scale is not None:
        lo, hi = reading.scale
        where = " (the largest |rating| in the data)" if reading.scale_from_data else ""
        text += f". Ratings {lo:+g} to {hi:+g}{where} map to stances -1 to +1"
    if reading.count_confidence:
        text += "; confidence n/(n+1) from each pair's n ratings"
    return text + "."


_RULE_WORDS = {
    "mean": "mean",
    "min": "minimum",
    "max": "maximum",
    "sum": "sum (held to -1..+1)",
    "agree": "mean where their signs agree (else neutral)",
}


def evidence_refs(refs: Sequence[EvidenceRef]) -> str:
    """'source at; source at' without repeats, for one cell."""
    seen: list[str] = []
    for ref in refs:
        text = f"{ref.evidence.source} {ref.evidence.at or ''}".strip()
        if text not in seen:
            seen.append(text)
    return "; ".join(seen)
