"""The words and shapes a scenario file uses (no dependencies: cheap to import)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping

#: Words a scenario may write instead of a number, and the stance each stands for.
STANCE_WORDS: dict[str, float] = {
    "ally": 1.0,
    "partner": 0.6,
    "friendly": 0.3,
    "neutral": 0.0,
    "wary": -0.3,
    "rival": -0.6,
    "enemy": -1.0,
}

ACTOR_KINDS = (
    "state",
    "armed-group",
    "militia",
    "organisation",
    "bloc",
    "person",
    "other",
)

#: Ids: no ':', '@' or '=', which the inline event syntax uses.
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
DATE_PATTERN = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def signed(value: float) -> str:
    """A number as text shows it, sign first, two decimals; a rounding error that prints as
    "-0.00" is shown as "+0.00", which is what it means."""
    text = f"{value:+.2f}"
    return "+0.00" if text == "-0.00" else text


def stance_word(value: float) -> str | None:
    """The word for a stance, if one stands for exactly that value."""
    for word, number in STANCE_WORDS.items():
        if number == value:
            return word
    return None


def hinted(hint: str, rest: str) -> str:
    """A `suggest` hint, then the rest of the message: after "did you mean 'x'?" the rest
    starts a new sentence ("? Use one of: ..."), never "?; use"."""
    if not hint:
        return f"; {rest}"
    return f"{hint} {rest[:1].upper()}{rest[1:]}"


def suggest(word: str, choices: Iterable[str], names: Mapping[str, str] | None = None) -> str:
    """A "; did you mean 'x'?" hint, or nothing when no choice is close.

    Case does not count (`US` finds `us`), and with `names` (choice -> display name) a display
    name finds its id (`United States` finds `us`).
    """
    options = list(choices)
    folded = word.casefold()
    for option in options:
        if option.casefold() == folded:
            return f"; did you mean '{option}'?"
    if names:
        for option in options:
            if names.get(option, "").casefold() == folded:
                return f"; did you mean '{option}' ({names[option]})?"
    if names:  # a word of a display name: 'wagner' for 'Russia (incl. Wagner)'
        for option in options:
            if folded in re.split(r"[^\w]+", names.get(option, "").casefold()):
                return f"; did you mean '{option}' ({names[option]})?"
    lowered = {option.casefold(): option for option in options}
    close = difflib.get_close_matches(folded, list(lowered), n=1, cutoff=SIMILAR)
    if close:
        return f"; did you mean '{lowered[close[0]]}'?"
    if len(folded) >= 2:  # a prefix either way: 'isis' for 'is', 'turk' for 'turkey'
        for option in options:
            if option.casefold().startswith(folded) or folded.startswith(option.casefold()):
                return f"; did you mean '{option}'?"
    if names:
        by_name = {names[o].casefold(): o for o in options if names.get(o)}
        close = difflib.get_close_matches(folded, list(by_name), n=1, cutoff=SIMILAR)
        if close:
            option = by_name[close[0]]
            return f"; did you mean '{option}' ({names[option]})?"
    return ""


#: How alike (difflib's ratio) a word and a choice must be for the choice to be suggested:
#: 0.6 offered 'algeria' for 'wagner' (0.62); a typo of a letter or two is above 0.75.
SIMILAR = 0.75
