"""The version of alliances (read by the build, printed by `alliances --version`)."""

__version__ = "0.1.0"
