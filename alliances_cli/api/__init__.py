"""The public Python surface: everything the command line does, from a notebook or a script.

Functions take a `Scenario` (from `load`, `load_text` or `load_edge_list`) and return immutable
records. Each record's `to_dict()` is the JSON document the matching command prints with
`--format json` (docs/output.md), and `text()` is its text report. Errors are the exceptions
the command line turns into exit code 1: `ScenarioError` (every problem of an invalid file, by
line and column) and `EventError` (an event that cannot apply).

    >>> import alliances_cli as al
    >>> analysis = al.analyse(al.load())
    >>> analysis.camps("mosul")[0]
    ('us', 'iran', 'iraq', 'pmf')
"""

from __future__ import annotations

from alliances_cli.api.analysis import (
    Analysis,
    Sweep,
    WhatIf,
    analyse,
    apply,
    clear_caches,
    draw,
    export,
    sweep,
    whatif,
)
from alliances_cli.api.backtest import DYNAMICS, Backtest, backtest, load_calibration, simulated
from alliances_cli.api.levers import GoalError, Levers, levers
from alliances_cli.api.page import report, report_page
from alliances_cli.api.robust import Robust, robust
from alliances_cli.api.scenarios import (
    Actors,
    Bundled,
    EventImport,
    Events,
    Ties,
    as_of,
    bundled_names,
    bundled_scenarios,
    dump,
    event_problems,
    glossary,
    import_events,
    latest_date,
    list_actors,
    list_events,
    list_ties,
    load,
    load_edge_list,
    load_events,
    load_text,
    save,
    scenario_path,
    scenario_schema,
)
from alliances_cli.api.timeline import Timeline, timeline
from alliances_cli.output import OutputError
from alliances_cli.scenario.errors import EventError, ScenarioError, UnknownId
from alliances_cli.scenario.model import Event, Scenario

#: The public names; `import alliances_cli` re-exports them (with `__version__`).
__all__ = [
    "DYNAMICS",
    "Actors",
    "Analysis",
    "Backtest",
    "Bundled",
    "Event",
    "EventError",
    "EventImport",
    "Events",
    "GoalError",
    "Levers",
    "OutputError",
    "Robust",
    "Scenario",
    "ScenarioError",
    "Sweep",
    "Ties",
    "Timeline",
    "UnknownId",
    "WhatIf",
    "analyse",
    "apply",
    "as_of",
    "backtest",
    "bundled_names",
    "bundled_scenarios",
    "clear_caches",
    "draw",
    "dump",
    "event_problems",
    "export",
    "glossary",
    "import_events",
    "latest_date",
    "levers",
    "list_actors",
    "list_events",
    "list_ties",
    "load",
    "load_calibration",
    "load_edge_list",
    "load_events",
    "load_text",
    "report",
    "report_page",
    "robust",
    "save",
    "scenario_path",
    "scenario_schema",
    "simulated",
    "sweep",
    "timeline",
    "whatif",
]
