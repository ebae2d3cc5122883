"""Text reports: the plain drawing a pipe gets matches what Rich draws, and user text is safe."""

from __future__ import annotations

import io

import pytest
from conftest import BUNDLED
from hypothesis import given, settings
from hypothesis import strategies as st

from alliances_cli.engine.analysis import analyse
from alliances_cli.engine.diff import compare
from alliances_cli.engine.events import apply_events, resolve_events
from alliances_cli.engine.sweep import sweep
from alliances_cli.reports.common import heading
from alliances_cli.reports.render.blocks import (
    Block,
    Grid,
    Styled,
    display_width,
    printable,
    render_plain,
    to_rich,
)
from alliances_cli.reports.show import show_report
from alliances_cli.reports.sweep import sweep_report
from alliances_cli.reports.whatif import events_table, whatif_report
from alliances_cli.scenario.load import load_file


def rich_plain(blocks: list[Block]) -> str:
    """What Rich draws for a pipe: no colour, no wrapping, trailing blanks removed."""
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=10_000, color_system=None, soft_wrap=True)
    for item in to_rich(blocks):
        console.print(item)
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def reports() -> dict[str, list[Block]]:
    model = load_file(str(BUNDLED))
    before = analyse(model)
    applied = apply_events(model, resolve_events(model, ["turkey-exclusion", "is-falls-in-iraq"]))
    after = analyse(applied.scenario)
    return {
        "show": show_report(before, None, evidence=True),
        "whatif": whatif_report(before, after, applied, compare(before, after)),
        "sweep": sweep_report(sweep(model, workers=1), None),
        "events": [heading(model), events_table(model, model.events)],
    }


@pytest.mark.parametrize("name", ["show", "whatif", "sweep", "events"])
def test_plain_drawing_matches_rich_for_every_report(name: str) -> None:
    blocks = reports()[name]
    assert render_plain(blocks) == rich_plain(blocks)


# (Rich pads a lone zero-width joiner as if it took a column; terminals do not.)
names = st.text(alphabet=st.sampled_from([*"abc XYZ-é世界ب٢Я\u0301\x1b🇺"]), max_size=12)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(names, names), min_size=1, max_size=5))
def test_plain_grid_columns_line_up_like_rich(rows: list[tuple[str, str]]) -> None:
    grid = Grid(Styled("Title", style="bold"))
    grid.add_column("Name")
    grid.add_column("Other", justify="right")
    for a, b in rows:
        grid.add_row(a, b)
    from rich.cells import cell_len

    cells = [printable(c) for row in rows for c in row]
    # Where Rich and we agree on every cell's width, the drawings must be identical.
    if all(cell_len(c) == display_width(c) for c in cells):
        assert render_plain([grid]) == rich_plain([grid])


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain", "plain"),
        ("\x1b[31mred", "\\x1b[31mred"),  # an escape sequence must not recolour the terminal
        ("a\rb", "a\\x0db"),  # a carriage return must not overwrite the line
        ("bell\x07", "bell\\x07"),
        ("del\x7f", "del\\x7f"),
        ("c1\x9b", "c1\\x9b"),
        ("rtl\u202eevil", "rtl\\u202eevil"),  # a bidi override must not reorder what follows
        ("line\u2028sep", "line\\u2028sep"),
        ("tab\there", "tab here"),
        ("العراق", "العراق"),  # right-to-left script is text, shown as is
        ("Россия", "Россия"),
        ("e\u0301", "e\u0301"),  # combining mark
        ("👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧"),  # emoji joined by zero-width joiners
    ],
)
def test_printable_escapes_only_what_could_harm_a_terminal(raw: str, shown: str) -> None:
    assert printable(raw, keep_newlines=False) == shown


def test_display_width_counts_terminal_columns() -> None:
    assert display_width("abc") == 3
    assert display_width("世界") == 4
    assert display_width("e\u0301") == 1


@given(st.floats(-1e6, 1e6))
def test_signed_numbers_never_read_minus_zero_and_keep_their_value(value: float) -> None:
    from alliances_cli.scenario.vocabulary import signed

    text = signed(value)
    assert text != "-0.00" and text[0] in "+-"
    assert abs(float(text) - value) <= 0.005 + 1e-9 * abs(value)
