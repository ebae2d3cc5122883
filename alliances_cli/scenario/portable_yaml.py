"""PyYAML's own (pure-Python) loader, reading tabs as libyaml and YAML 1.2 read them.

Scenarios are parsed with libyaml when PyYAML has it, and with PyYAML's own scanner otherwise
(and to word the errors of a file libyaml refuses). The two differ on tabs: PyYAML refuses a
tab anywhere but inside quotes, while libyaml, like the YAML specification, takes a tab after
a value's indicator or inside a line as the whitespace it is (`title:<TAB>x`, `title: a<TAB>b`,
`title: t<TAB># note`), and refuses it only where indentation is measured. So that a file means
the same whichever is installed, this loader follows libyaml's rule: between tokens a tab is
skipped in flow context, or in block context where no simple key may start (after a key's
':', after a value), and inside a plain scalar's line it is kept as part of the text.
"""

from __future__ import annotations

from typing import Any

import yaml

_BREAKS = "\0\r\n\x85\u2028\u2029"


class PortableLoader(yaml.SafeLoader):
    """`yaml.SafeLoader` with libyaml's tab rules (module doc)."""

    def scan_to_next_token(self) -> None:
        if self.index == 0 and self.peek() == "\ufeff":
            self.forward()
        while True:
            while self.peek() == " " or (
                self.peek() == "\t" and (self.flow_level or not self.allow_simple_key)
            ):
                self.forward()
            if self.peek() == "#":
                while self.peek() not in _BREAKS:
                    self.forward()
            if not self.scan_line_break():  # type: ignore[no-untyped-call]
                return
            if not self.flow_level:
                self.allow_simple_key = True

    def scan_plain_spaces(self, indent: int, start_mark: Any) -> list[str] | None:
        length = 0
        while self.peek(length) in " \t":
            length += 1
        if self.peek(length) in _BREAKS[1:]:
            # Blanks that end the line go; the break folds as PyYAML folds it.
            self.forward(length)
            folded: list[str] | None = super().scan_plain_spaces(indent, start_mark)
            # The next line's blanks past the indentation, tabs among them, open no text.
            while (
                folded is not None
                and self.peek() in " \t"
                and (self.flow_level or self.column >= indent)
            ):
                self.forward()
            return folded
        blanks = self.prefix(length)
        self.forward(length)
        return [blanks] if blanks else []

    # In a literal or folded block, a tab where the indentation is still being measured is
    # an error for libyaml; PyYAML would take it for text.
    def scan_block_scalar_indentation(self) -> tuple[list[str], int, Any]:
        found: tuple[list[str], int, Any] = super().scan_block_scalar_indentation()
        if self.peek() == "\t":
            self._tab_in_indentation()
        return found

    def scan_block_scalar_breaks(self, indent: int) -> tuple[list[str], Any]:
        found: tuple[list[str], Any] = super().scan_block_scalar_breaks(indent)
        if self.peek() == "\t" and self.column < indent:
            self._tab_in_indentation()
        return found

    def _tab_in_indentation(self) -> None:
        raise yaml.scanner.ScannerError(
            "while scanning a block scalar",
            None,
            "found a tab character where an indentation space is expected",
            self.get_mark(),
        )

    # After a block scalar's indicators, blanks (tabs too) and a comment may end the line.
    def scan_block_scalar_indicators(self, start_mark: Any) -> tuple[bool | None, int | None]:
        chomping: bool | None = None
        increment: int | None = None
        for _ in range(2):
            ch = self.peek()
            if ch in "+-" and chomping is None:
                chomping = ch == "+"
                self.forward()
            elif ch in "123456789" and increment is None:
                increment = int(ch)
                self.forward()
        if self.peek() not in " \t" + _BREAKS:
            raise yaml.scanner.ScannerError(
                "while scanning a block scalar",
                start_mark,
                f"expected chomping or indentation indicators, but found {self.peek()!r}",
                self.get_mark(),
            )
        return chomping, increment

    def scan_block_scalar_ignored_line(self, start_mark: Any) -> None:
        while self.peek() in " \t":
            self.forward()
        if self.peek() == "#":
            while self.peek() not in _BREAKS:
                self.forward()
        if self.peek() not in _BREAKS:
            raise yaml.scanner.ScannerError(
                "while scanning a block scalar",
                start_mark,
                f"expected a comment or a line break, but found {self.peek()!r}",
                self.get_mark(),
            )
        self.scan_line_break()  # type: ignore[no-untyped-call]
