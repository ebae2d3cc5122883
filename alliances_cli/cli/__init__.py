"""Layer 5: the `alliances` command, a thin shell over `alliances_cli.api`.

Where each behaviour lives: `app` (the application, global options, running a command line),
`env` (the streams and terminal facts every command is handed), `options` (options several
commands share), `errors` (exceptions -> exit codes), `output` (reading the scenario named,
printing results), `executor` (where heavy work runs, progress), and one module per group of
commands: `analysis` (show, graph), `whatif` (events, whatif, sweep: what-if events),
`robust`, `levers`, `timeline`, `backtest`, `report`, `eventdata` (import-events: GDELT,
ICEWS and CSV event data), `scenarios` (actors, ties, validate, import, scenarios, schema,
glossary).

Only typer and the standard library are imported at start-up; each command imports what it
needs, so `alliances --help` and `alliances validate` never pay for networkx or Rich tables.
"""

from alliances_cli.cli import (
    analysis,
    backtest,
    eventdata,
    levers,
    report,
    robust,
    scenarios,
    timeline,
    whatif,
)
from alliances_cli.cli.app import app, main, run
from alliances_cli.cli.env import Environment

__all__ = ["Environment", "app", "main", "run"]

# The order of `alliances --help`: the main jobs first.
for name, command in (
    ("show", analysis.show),
    ("whatif", whatif.whatif),
    ("events", whatif.events),
    ("sweep", whatif.sweep),
    ("robust", robust.robust),
    ("levers", levers.levers),
    ("timeline", timeline.timeline),
    ("backtest", backtest.backtest),
    ("graph", analysis.graph),
    ("report", report.report),
    ("actors", scenarios.actors),
    ("ties", scenarios.ties),
    ("validate", scenarios.validate),
    ("import", scenarios.import_),
    ("import-events", eventdata.import_events),
    ("scenarios", scenarios.scenarios),
    ("schema", scenarios.schema),
    ("glossary", scenarios.glossary),
):
    app.command(name)(command)
