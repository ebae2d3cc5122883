"""Numbers as every output prints them."""

from __future__ import annotations


def num(value: float) -> float:
    """Rounded for reading and for byte-stable output; -0.0 printed as 0.0."""
    rounded = round(value, 4)
    return 0.0 if rounded == 0 else rounded
