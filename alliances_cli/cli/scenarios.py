"""Commands that read and list scenarios: validate, schema, scenarios, actors, ties, import;
and glossary, the meaning of what they print."""

from enum import Enum
from typing import Annotated

import typer

from alliances_cli import exitcodes
from alliances_cli.cli.app import environment
from alliances_cli.cli.env import one_line
from alliances_cli.cli.errors import guarded
from alliances_cli.cli.options import (
    FormatOption,
    OutputOption,
    ScenarioArgument,
    TableOption,
    TheaterFilter,
    complete_actors,
)
from alliances_cli.cli.output import emit, emit_text, read


@guarded
def validate(
    ctx: typer.Context,
    files: Annotated[list[str], typer.Argument(help="Scenario files to check ('-' for stdin).")],
) -> None:
    """Check scenario files, and that each named event can apply; print every problem as
    file:line:col: message."""
    from alliances_cli import api
    from alliances_cli.api import ScenarioError

    env = environment(ctx)
    invalid = 0
    for name in files:
        try:
            scenario = read(env, name, whole=True)
        except ScenarioError as exc:
            invalid += 1
            env.write("".join(one_line(str(problem)) + "\n" for problem in exc.problems))
            continue
        unable = api.event_problems(scenario)
        if unable:  # valid text, yet an event whatif, robust or report would refuse
            invalid += 1
            env.write("".join(one_line(problem) + "\n" for problem in unable))
            continue
        counts = ", ".join(
            _count(len(items), word)
            for items, word in (
                (scenario.actors, "actor"),
                (scenario.theaters, "theater"),
                (scenario.ties, "tie"),
                (scenario.events, "event"),
            )
        )
        env.write(f"{name}: valid ({counts})\n")
    if invalid:
        env.message(f"{invalid} of {len(files)} file(s) invalid")
        raise typer.Exit(exitcodes.INVALID_INPUT)


@guarded
def schema(ctx: typer.Context, output: OutputOption = None) -> None:
    """Print the JSON Schema of the scenario format (for editors)."""
    from alliances_cli import api
    from alliances_cli.api.output import json_text

    emit_text(environment(ctx), json_text(api.scenario_schema()), output)


@guarded
def glossary(
    ctx: typer.Context,
    term: Annotated[
        list[str] | None, typer.Argument(help="A term, such as 'net pull' (default: all).")
    ] = None,
    output: OutputOption = None,
) -> None:
    """Print what each figure means and on what scale (the legends point here)."""
    from alliances_cli import api

    env = environment(ctx)
    wanted = " ".join(term) if term else None
    try:
        text = api.glossary(wanted)
    except LookupError as exc:
        raise typer.BadParameter(
            f"no term {wanted!r} in the glossary; the terms: {exc.args[0]}", param_hint="TERM"
        ) from None
    emit_text(env, text, output)


@guarded
def scenarios(
    ctx: typer.Context,
    fmt: FormatOption = None,
    table: TableOption = None,
    output: OutputOption = None,
) -> None:
    """List the bundled scenarios.

    Tables: scenarios.
    """
    from alliances_cli import api

    emit(environment(ctx), api.bundled_scenarios().output(), fmt, table, output)


@guarded
def actors(
    ctx: typer.Context,
    scenario: ScenarioArgument = None,
    theater: TheaterFilter = None,
    tag: Annotated[str | None, typer.Option("--tag", help="Only actors with this tag.")] = None,
    fmt: FormatOption = None,
    table: TableOption = None,
    output: OutputOption = None,
) -> None:
    """List the actors: id, name, kind, tags, capability and theaters.

    Tables: actors.
    """
    from alliances_cli import api

    env = environment(ctx)
    listed = api.list_actors(read(env, scenario), theater=theater, tag=tag)
    emit(env, listed.output(), fmt, table, output)


class Sign(str, Enum):
    positive = "positive"
    negative = "negative"
    neutral = "neutral"


@guarded
def ties(
    ctx: typer.Context,
    scenario: ScenarioArgument = None,
    actor: Annotated[
        list[str] | None,
        typer.Option(
            "--actor",
            "-a",
            help="Only ties of this actor (twice: only the tie between the two).",
            autocompletion=complete_actors,
        ),
    ] = None,
    theater: TheaterFilter = None,
    sign: Annotated[
        Sign | None, typer.Option("--sign", "-s", help="Only positive, negative or neutral ties.")
    ] = None,
    fmt: FormatOption = None,
    table: TableOption = None,
    output: OutputOption = None,
) -> None:
    """List the ties: a row for each general stance and for each theater where one applies.

    Tables: ties.
    """
    from alliances_cli import api

    env = environment(ctx)
    model = read(env, scenario)
    listed = api.list_ties(
        model,
        actors=actor or (),
        theater=theater,
        sign=None if sign is None else sign.value,
    )
    emit(env, listed.output(), fmt, table, output)


@guarded
def import_(
    ctx: typer.Context,
    file: Annotated[
        str, typer.Argument(help="A signed edge list (CSV or TSV with a header), or '-'.")
    ],
    output: OutputOption = None,
) -> None:
    """Convert a signed edge list into a scenario file to edit further."""
    from alliances_cli import api

    env = environment(ctx)
    header = f"# Imported by 'alliances import' from {file}\n"
    emit_text(env, header + api.dump(read(env, file, whole=True)), output)


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")
