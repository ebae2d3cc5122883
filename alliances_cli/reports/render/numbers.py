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


def stance(value: float) -> str:
    """A stance signed, with as many decimals (two to four) as it has: a plan's +0.786 is not
    rounded to +0.79 (that would not be the plan), and -1 is -1.00."""
    for decimals in (2, 3, 4):
        if abs(round(value, decimals) - value) < 1e-9:
            break
    text = f"{value:+.{decimals}f}"
    return "0.00" if text in ("+0.00", "-0.00") else text
