"""alliances: coalitions, contradictions and what-ifs from a scenario of signed ties."""

__version__ = "0.1.0"
