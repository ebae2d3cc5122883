"""Checks and conversions the API's functions share: ids, dates, steps, rules."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from alliances_cli.scenario.errors import UnknownId
from alliances_cli.scenario.model import Actor, Scenario

#: How the overall view is made: "consensus" or "mean" (docs/output.md).
Overall = str


#: "positive", "negative" or "neutral".
Sign = str


def full_date(text: str) -> str:
    """The full date a written date stands for; `ValueError` if it is none."""
    from alliances_cli.scenario.dates import day

    full = day(text)
    if full is None:
        raise ValueError(f"{text!r} is not a date; write YYYY-MM-DD, YYYY-MM or YYYY")
    return full


def step_of(text: str, what: str, example: str) -> tuple[int, str]:
    """A step of days, weeks, months or years ("1m"); `ValueError` if it is none."""
    from alliances_cli.scenario.dates import step

    found = step(text)
    if found is None:
        raise ValueError(f"{text!r} is not a {what}; write a count and d, w, m or y: {example}")
    return found


def current_of(scenario: Scenario) -> Scenario:
    from alliances_cli.engine.dated import current

    return current(scenario)


def rule_of(overall: str) -> str:
    if overall not in ("consensus", "mean"):
        raise ValueError(f"unknown overall rule {overall!r}; use 'consensus' or 'mean'")
    return overall


def theater_of(scenario: Scenario, theater: str) -> Any:
    found = scenario.theater_by_id.get(theater)
    if found is None:
        raise UnknownId("theater", unknown("theater", theater, scenario.theater_by_id))
    return found


def actor_of(scenario: Scenario, actor: str) -> Actor:
    found = scenario.actor_by_id.get(actor)
    if found is None:
        names = {a.id: a.name for a in scenario.actors}
        raise UnknownId("actor", unknown("actor", actor, scenario.actor_by_id, names))
    return found


def unknown(what: str, name: str, known: Iterable[str], names: dict[str, str] | None = None) -> str:
    """'unknown theater 'x'; did you mean 'y'? (known: ...)': actors are too many to list."""
    from alliances_cli.scenario.vocabulary import suggest

    known = list(known)
    listed = f" (known: {', '.join(known)})" if what == "theater" else ""
    from alliances_cli.scenario.positions import quoted

    return f"unknown {what} {quoted(name)}{suggest(name, known, names)}{listed}"


def quoted_value(text: str) -> str:
    """User text as messages quote it: in quotes, cut after 60 characters."""
    from alliances_cli.scenario.positions import quoted

    return quoted(text)


def time_limit_of(seconds: float | None) -> float | None:
    if seconds is not None and not seconds > 0:
        raise ValueError(f"time_limit must be a positive number of seconds, not {seconds!r}")
    return seconds


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A "; did you mean 'x'?" hint for a word that is none of `choices`, or nothing."""
    from alliances_cli.scenario.vocabulary import suggest

    return suggest(word, choices)


def near_file(path: str) -> str:
    """A "; did you mean 'dir/x'?" hint naming a file beside `path` whose name is close to
    its name (`libya2020.yaml` for `libya-2020.yaml`), or nothing."""
    import difflib
    import os

    folder, name = os.path.split(path)
    try:
        names = [n for n in os.listdir(folder or ".") if os.path.isfile(os.path.join(folder, n))]
    except OSError:
        return ""
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.8)
    return f"; did you mean '{os.path.join(folder, close[0])}'?" if close else ""


def hinted(hint: str, rest: str) -> str:
    """A `did_you_mean` hint, then the rest of the message as its own sentence."""
    from alliances_cli.scenario.vocabulary import hinted as join

    return join(hint, rest)


def scale_of(text: str) -> tuple[float, float] | None:
    """A rating scale written MIN:MAX (MIN below MAX), or None if the text is none."""
    from alliances_cli.scenario.importers.ratings import parse_scale

    return parse_scale(text)


def is_date(text: str) -> bool:
    """Whether a text is a date as scenarios write them (YYYY-MM-DD, YYYY-MM or YYYY)."""
    from alliances_cli.scenario.dates import day

    return day(text) is not None


#: The picture formats the API draws.
PICTURE_FORMATS = ("svg", "png", "pdf")


def picture_format(path: str, fmt: str | None = None) -> str:
    """The picture format `fmt`, or the one the file's extension names; `ValueError` if it
    is none we draw."""
    chosen = fmt or path.rsplit(".", 1)[-1].lower()
    if chosen not in PICTURE_FORMATS:
        raise ValueError(f"cannot draw {chosen!r}; use svg, png or pdf")
    return chosen
