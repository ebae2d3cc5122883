"""Text a scenario may hold (scenario/textcheck.py) and the size limits (scenario/limits.py)."""

from __future__ import annotations

import pytest

from alliances_cli.scenario import limits
from alliances_cli.scenario.textcheck import unfit_text


def test_text_with_a_control_character_or_half_a_character_is_refused_saying_which() -> None:
    assert unfit_text("Turkey\tand\nRussia", "a note") is None  # tab and newline are text
    assert "control character U+0007 in a name" in (unfit_text("bell\x07", "a name") or "")
    assert "lone surrogate U+D800" in (unfit_text("half \ud800", "a title") or "")
    assert "noncharacter U+FFFF" in (unfit_text("x\uffff", "a title") or "")
    assert "100,001 characters, over the 100,000-character limit" in (
        unfit_text("x" * 100_001, "a note") or ""
    )


def test_a_limit_says_the_count_and_the_variable_that_lifts_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ALLIANCES_MAX_ACTORS", "3")
    assert limits.over(limits.ACTORS, 3) is None
    message = limits.over(limits.ACTORS, 4) or ""
    assert "4" in message and "ALLIANCES_MAX_ACTORS" in message
