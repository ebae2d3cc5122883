"""Where each tie's stance applies: its general stance, and the theaters it reaches.

A scenario states a tie once, with a general stance, per-theater stances, or both; a theater
where both actors are engaged and the tie has no entry of its own inherits the general stance.
`ties`, the API's `list_ties` and the edge-list export list the stances this way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from alliances_cli.scenario.model import Evidence, Scenario, Tie


class TieEntry(NamedTuple):
    """One stance of a tie where it applies. `origin`: "general" (the tie's general stance,
    with no theater), "theater" (its own entry for the theater) or "inherited" (the general
    stance, in a theater where both actors are engaged)."""

    a: str
    b: str
    theater: str | None
    origin: str
    stance: float
    confidence: float
    evidence: tuple[Evidence, ...]
    note: str | None


def tie_entries(scenario: Scenario, ties: Sequence[Tie]) -> list[TieEntry]:
    """Each tie's general stance (if it has one), then its stance in each theater it reaches,
    in the scenario's order of theaters."""
    entries: list[TieEntry] = []
    for tie in ties:
        if tie.stance is not None:
            entries.append(
                TieEntry(
                    tie.a,
                    tie.b,
                    None,
                    "general",
                    tie.stance,
                    tie.confidence,
                    tie.evidence,
                    tie.note,
                )
            )
        for theater in scenario.theaters:
            entry = tie.in_theater(theater.id)
            engaged = tie.a in theater.actors and tie.b in theater.actors
            found = tie.effective(theater.id)
            if found is None or (entry is None and not engaged):
                continue
            stance, confidence, evidence = found
            origin = "theater" if entry is not None else "inherited"
            note = entry.note if entry is not None and entry.note else tie.note
            entries.append(
                TieEntry(tie.a, tie.b, theater.id, origin, stance, confidence, evidence, note)
            )
    return entries
