"""What-if changes of stress compared by fact (engine/diff.py): a fact folded as a facet on
one side is still there, so it is never said to be resolved or added."""

from __future__ import annotations

import pytest
from conftest import BUNDLED

from alliances_cli.engine.analysis import Analysis, analyse
from alliances_cli.engine.diff import compare
from alliances_cli.engine.events import apply_events, resolve_events
from alliances_cli.scenario.load import load_file

SCENARIO = load_file(str(BUNDLED))


def _facts(analysis: Analysis) -> set[tuple[object, ...]]:
    return {(f.kind, f.actors, f.theaters) for s in analysis.stress for f in (s, *s.facets)}


@pytest.mark.parametrize("event", [e.id for e in SCENARIO.events])
def test_resolved_means_gone_and_added_means_new_facets_included(event: str) -> None:
    before = analyse(SCENARIO)
    after = analyse(apply_events(SCENARIO, resolve_events(SCENARIO, [event])).scenario)
    changes = compare(before, after).stress
    for change in changes:
        key = (change.stress.kind, change.stress.actors, change.stress.theaters)
        if change.change == "resolved":
            assert key not in _facts(after), change
        if change.change == "added":
            assert key not in _facts(before), change
    # And every headline that vanished and is no fact after is reported resolved.
    said = {(c.stress.kind, c.stress.actors, c.stress.theaters) for c in changes}
    for point in before.stress:
        key = (point.kind, point.actors, point.theaters)
        if key not in _facts(after):
            assert key in said
