"""alliances: coalitions, contradictions and what-ifs from a scenario of signed ties.

The public Python surface is in `alliances_cli.api` and is re-exported here, loaded on first
use so that the command line starts without it (docs/api.md):

    import alliances_cli as al
    print(al.analyse(al.load()).text())
"""

import importlib
import importlib.util
from typing import Any

from alliances_cli.version import __version__ as __version__


def __getattr__(name: str) -> Any:
    """The API's names (and `__all__`), from `alliances_cli.api`, imported on first use."""
    # A submodule's name is left to the import system: `from alliances_cli import exitcodes`
    # must not load the API (the command line starts without it).
    if name == "__all__" or (
        not name.startswith("_") and importlib.util.find_spec(f"{__name__}.{name}") is None
    ):
        api = importlib.import_module("alliances_cli.api")
        if name == "__all__":
            return ["__version__", *api.__all__]
        if name in api.__all__:
            found = getattr(api, name)
            globals()[name] = found  # looked up once: later accesses skip this function
            return found
    raise AttributeError(f"module 'alliances_cli' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__getattr__("__all__"))
