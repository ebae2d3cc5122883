"""Rendering (reports/render/): numbers, blocks as plain text and Markdown, the row formats."""

from __future__ import annotations

from alliances_cli.reports.render.blocks import Grid, Styled, render_plain
from alliances_cli.reports.render.formats import Result, render, table
from alliances_cli.reports.render.markdown import render_markdown
from alliances_cli.reports.render.numbers import num


def test_numbers_are_rounded_to_four_places_and_never_negative_zero() -> None:
    assert num(0.123456) == 0.1235
    assert num(-0.00001) == 0.0 and str(num(-0.00001)) == "0.0"
    assert num(-1.0) == -1.0


def sample() -> list[Styled | Grid]:
    grid = Grid(Styled("Camps", style="bold"))
    grid.add_column("Theater")
    grid.add_column("Members")
    grid.add_row("mosul", "us, iran | iraq")
    return [Styled("A title"), grid]


def test_blocks_as_plain_lines_and_as_markdown_keep_every_cell() -> None:
    plain = render_plain(sample())
    assert plain.splitlines()[0] == "A title"
    assert "mosul" in plain and "us, iran | iraq" in plain
    markdown = render_markdown(sample())
    assert markdown.startswith("# A title")
    # A cell's own bar is escaped, so the pipe table keeps two columns.
    row = next(line for line in markdown.splitlines() if "mosul" in line)
    assert row.count(" | ") == 1 and "\\|" in row


def test_the_row_formats_write_the_named_table() -> None:
    result = Result(
        "t",
        {"schema": "x"},
        (table("camps", ("theater", "members"), [("mosul", "us iran")]),),
    )
    assert render(result, "csv", "camps") == ["theater,members\nmosul,us iran\n"]
    assert render(result, "tsv", None) == ["theater\tmembers\nmosul\tus iran\n"]
    assert '"schema": "x"' in "".join(render(result, "json"))


def test_a_percentage_never_rounds_to_all_or_none() -> None:
    from alliances_cli.reports.render.numbers import percent

    assert [percent(x) for x in (0.0, 0.001, 0.004, 0.005, 0.5, 0.994, 0.997, 1.0)] == [
        "0%", "<1%", "<1%", "1%", "50%", "99%", ">99%", "100%",
    ]  # fmt: skip
