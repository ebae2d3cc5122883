"""alliances: coalitions, contradictions and what-ifs from a scenario of signed ties.

The public Python surface is in `alliances_cli.api` and is re-exported here, loaded on first
use so that the command line starts without it (docs/api.md):

    import alliances_cli as al
    print(al.analyse(al.load()).text())
"""

from typing import Any

__version__ = "0.1.0"

__all__ = [
    "Actors",
    "Analysis",
    "EventError",
    "EventImport",
    "OutputError",
    "Robust",
    "ScenarioError",
    "Sweep",
    "Ties",
    "Timeline",
    "UnknownId",
    "WhatIf",
    "__version__",
    "analyse",
    "apply",
    "as_of",
    "clear_caches",
    "draw",
    "dump",
    "export",
    "import_events",
    "list_actors",
    "list_ties",
    "load",
    "load_edge_list",
    "load_text",
    "report",
    "robust",
    "save",
    "sweep",
    "timeline",
    "whatif",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from alliances_cli import api

        return getattr(api, name)
    raise AttributeError(f"module 'alliances_cli' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
