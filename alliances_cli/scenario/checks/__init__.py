"""Checking a parsed scenario: every problem with its position, then the immutable model.

`base.py` holds the shapes every section shares, `events.py` the what-if events (a table of
actions), `sections.py` the rest of a scenario file.
"""

from alliances_cli.scenario.checks.sections import ScenarioChecker

__all__ = ["ScenarioChecker"]
