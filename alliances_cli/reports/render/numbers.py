"""Numbers as every output prints them."""

from __future__ import annotations


def num(value: float) -> float:
    """Rounded for reading and for byte-stable output; -0.0 printed as 0.0."""
    rounded = round(value, 4)
    return 0.0 if rounded == 0 else rounded


def percent(share: float) -> str:
    """A share (0 to 1) as a whole percentage that never overstates: '100%' and '0%' only when
    exact, '>99%' and '<1%' for what would round to them (99.7% of samples is not all)."""
    if share >= 1 - 1e-12:
        return "100%"
    if share <= 1e-12:
        return "0%"
    whole = int(share * 100 + 0.5)  # half up, not to even: 0.5% is not 0%
    if whole >= 100:
        return ">99%"
    if whole <= 0:
        return "<1%"
    return f"{whole}%"
