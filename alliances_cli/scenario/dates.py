"""Dates as scenarios write them (YYYY-MM-DD, YYYY-MM or YYYY) and periods between them.

A period runs from `since`, the first day it holds, until `until`, the first day it no longer
holds: consecutive periods share a date (`until: 2016-10` then `from: 2016-10`), and a
partial date stands for its first day (`2016-10` is 2016-10-01).
"""

from __future__ import annotations

import datetime as dt

from alliances_cli.scenario.vocabulary import DATE_PATTERN


def day(text: str) -> str | None:
    """The full date a written date stands for (YYYY-MM-DD), or None if it is no date."""
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
    return "0000-00-00" if text is None else day(text) or text


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
