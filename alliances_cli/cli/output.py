"""Reading the scenario a command names, and printing its result: the one path of every command.

Text for people goes through Rich at a terminal and is plain, unwrapped lines otherwise;
machine formats never go through Rich. `-o FILE` is written atomically.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import typer

from alliances_cli.cli.env import Environment
from alliances_cli.cli.options import Format

if TYPE_CHECKING:
    from alliances_cli.report.blocks import Block
    from alliances_cli.report.formats import Result
    from alliances_cli.scenario.model import Event, Scenario


def read(env: Environment, argument: str | None) -> Scenario:
    """The scenario a command names: a file, '-' (the environment's stdin), or a bundled name."""
    from alliances_cli.scenario.bundled import resolve
    from alliances_cli.scenario.load import load_file, load_stream

    path = resolve(argument)
    return load_stream(env.stdin) if path == "-" else load_file(path)


def extra_events(model: Scenario, path: str | None) -> tuple[Event, ...]:
    if path is None:
        return ()
    from alliances_cli.scenario.load import load_events_file

    return load_events_file(path, model)


#: At a terminal, an analysis of at least this many ties is announced: it takes seconds.
ANNOUNCED_TIES = 5_000


def announce(env: Environment, model: Scenario) -> None:
    """Say on a terminal's stderr that a large analysis has begun, so that silence is no hang."""
    if env.stderr_tty and len(model.ties) >= ANNOUNCED_TIES:
        env.message(
            f"alliances: analysing {len(model.actors):,} actors and {len(model.ties):,} ties..."
        )


def emit_text(env: Environment, text: str, output: str | None) -> None:
    """Machine output: to the -o file atomically, or to stdout as is (never through Rich)."""
    if output:
        from alliances_cli.output import write_atomic

        write_atomic(output, text)
    else:
        env.write(text)


def print_blocks(env: Environment, blocks: list[Block], output: str | None) -> None:
    """Text for people: through Rich to a terminal; plain, unwrapped lines otherwise."""
    if not output and env.stdout_tty:
        from alliances_cli.report.blocks import to_rich

        console = env.console()
        for item in to_rich(blocks):
            console.print(item)
        return
    from alliances_cli.report.blocks import render_plain

    emit_text(env, render_plain(blocks), output)


def emit(
    env: Environment,
    make: Callable[[], Result],
    fmt: Format,
    table: str | None,
    output: str | None,
    text: Callable[[], list[Block]] | None = None,
) -> None:
    """Print a command's result in the chosen format.

    `make` builds the machine result; text with a report of its own never needs it (on a large
    network, building it for nothing took a fifth of `show`).
    """
    if fmt is Format.text and text is not None:
        if table is not None:
            check_table(make(), table)
        print_blocks(env, text(), output)
        return
    result = make()
    if table is not None:
        check_table(result, table)
    if fmt is Format.text:
        from alliances_cli.report.text import heading_text, result_tables

        print_blocks(env, [heading_text(result.title), *result_tables(result)], output)
        return
    from alliances_cli.report.formats import render

    emit_text(env, render(result, fmt.value, table), output)


def check_table(result: Result, table: str) -> None:
    if table not in result.table_names:
        from alliances_cli.scenario.vocabulary import suggest

        raise typer.BadParameter(
            f"no table '{table}'{suggest(table, result.table_names)}; "
            f"this command has: {', '.join(result.table_names)}",
            param_hint="'--table'",
        )
