"""Text a scenario may hold: checked the same way in YAML files, edge lists and actor files.

Kept apart from the YAML reader so that reading an edge list never loads PyYAML.
"""

from __future__ import annotations

#: Longer text is refused: no real name, title or note comes near it.
MAX_TEXT_CHARS = 100_000


def unfit_text(text: str, what: str) -> str | None:
    """Why `text` (`what` it is, for the message) cannot be taken, or None if it can.

    Too long, or holding a control character: tab and newline are allowed (block text); every
    other C0/C1 control, DEL included, could only corrupt a terminal, a CSV file or a document
    the text is later printed to.
    """
    if len(text) > MAX_TEXT_CHARS:
        return (
            f"{what} of {len(text):,} characters, over the {MAX_TEXT_CHARS:,}-character "
            "limit; shorten it"
        )
    bad = find_control(text)
    if bad is not None:
        if 0xD800 <= ord(bad) <= 0xDFFF:
            return (
                f"lone surrogate U+{ord(bad):04X} in {what}: half of a character, not text; "
                "write the whole character (or its \\UXXXXXXXX escape)"
            )
        if ord(bad) in (0xFFFE, 0xFFFF):
            return f"noncharacter U+{ord(bad):04X} in {what}; remove it"
        return (
            f"control character U+{ord(bad):04X} in {what}; remove it "
            "(only tab and newline are allowed)"
        )
    return None


def find_control(text: str) -> str | None:
    """The first character of `text` that is no text to print: a control character other
    than tab and newline, a lone surrogate, or a noncharacter (U+FFFE, U+FFFF)."""
    if text.isprintable():
        return None
    for ch in text:
        code = ord(ch)
        if (
            (code < 0x20 and ch not in "\t\n")
            or 0x7F <= code < 0xA0
            or 0xD800 <= code <= 0xDFFF
            or code in (0xFFFE, 0xFFFF)
        ):
            return ch
    return None
