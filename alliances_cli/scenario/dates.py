"""Dates as scenarios write them (YYYY-MM-DD, YYYY-MM or YYYY) and periods between them.

A period runs from `since`, the first day it holds, until `until`, the first day it no longer
holds: consecutive periods share a date (`until: 2016-10` then `from: 2016-10`), and a
partial date stands for its first day (`2016-10` is 2016-10-01).
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from alliances_cli.scenario.vocabulary import DATE_PATTERN


@functools.lru_cache(maxsize=1 << 16)
def day(text: str) -> str | None:
    """The full date a written date stands for (YYYY-MM-DD), or None if it is no date.
    (Remembered: a dated network's slices ask for the same few thousand dates again and
    again, 246,000 times for Bitcoin OTC's yearly timeline.)"""
    text = text.strip()
    if not DATE_PATTERN.match(text):
        return None
    parts = [int(p) for p in text.split("-")] + [1, 1]
    try:
        return dt.date(parts[0], parts[1], parts[2]).isoformat()
    except ValueError:
        return None


def holds(since: str | None, until: str | None, when: str) -> bool:
    """Whether a period holds on `when` (a full date); None ends are open."""
    if since is not None and when < (day(since) or since):
        return False
    return until is None or when < (day(until) or until)


def overlap(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> bool:
    """Whether two periods share a day."""
    lo = max(_start(a[0]), _start(b[0]))
    hi = min(_end(a[1]), _end(b[1]))
    return lo < hi


def _start(text: str | None) -> str:
    return "0001-01-01" if text is None else day(text) or text  # the first day there is


def _end(text: str | None) -> str:
    return "9999-99-99" if text is None else day(text) or text


def period_text(since: str | None, until: str | None) -> str:
    """A period as a person reads it: "from 2016-10", "until 2017", "2016-10 to 2017"."""
    if since and until:
        return f"{since} to {until}"
    if since:
        return f"from {since}"
    if until:
        return f"until {until}"
    return "always"


_STEP = re.compile(r"^([1-9][0-9]{0,3})([dwmy])$")


def step(text: str) -> tuple[int, str] | None:
    """A step such as "1y", "6m", "2w" or "30d" as (count, unit), or None if it is none."""
    found = _STEP.match(text.strip())
    return None if found is None else (int(found.group(1)), found.group(2))


def window_of(when: dt.date, every: tuple[int, str]) -> int:
    """The index of the window of `every` holding `when`: windows of days and weeks count
    from 0001-01-01 (a Monday), of months and years from the start of year 0."""
    count, unit = every
    if unit == "d":
        return (when.toordinal() - 1) // count
    if unit == "w":
        return (when.toordinal() - 1) // (7 * count)
    if unit == "m":
        return (when.year * 12 + when.month - 1) // count
    return when.year // count


def window_start(index: int, every: tuple[int, str]) -> dt.date:
    """The first day of window `index` of `every`."""
    count, unit = every
    if unit == "d":
        return dt.date.fromordinal(index * count + 1)
    if unit == "w":
        return dt.date.fromordinal(index * 7 * count + 1)
    if unit == "m":
        year, month = divmod(index * count, 12)
        return dt.date(max(year, 1), month + 1, 1)
    return dt.date(max(index * count, 1), 1, 1)
