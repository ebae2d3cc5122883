"""Commands about events: events (list them), whatif (apply some), sweep (try them all)."""

from typing import TYPE_CHECKING, Annotated

import typer

from alliances_cli import exitcodes
from alliances_cli.cli.app import environment
from alliances_cli.cli.env import Environment
from alliances_cli.cli.errors import guarded
from alliances_cli.cli.executor import cores, progress_printer, runner_for
from alliances_cli.cli.options import (
    CampsOption,
    EventsArgument,
    EventsFileOption,
    Executor,
    ExecutorOption,
    Format,
    FormatOption,
    JobsOption,
    OutputOption,
    OverallOption,
    OverallRule,
    ScenarioArgument,
    SchedulerOption,
    TableOption,
    TimeLimitOption,
)
from alliances_cli.cli.output import (
    announce,
    emit,
    extra_events,
    read,
    resolve_format,
    scenario_and_events,
)

if TYPE_CHECKING:
    from alliances_cli.api import WhatIf


@guarded
def events(
    ctx: typer.Context,
    scenario: ScenarioArgument = None,
    events_file: EventsFileOption = None,
    fmt: FormatOption = None,
    table: TableOption = None,
    output: OutputOption = None,
) -> None:
    """List the named what-if events with their descriptions and operations.

    Tables: events.
    """
    from alliances_cli import api

    env = environment(ctx)
    model = read(env, scenario)
    listed = api.list_events(model, extra_events(env, model, events_file))
    emit(env, listed.output(), fmt, table, output)


@guarded
def whatif(
    ctx: typer.Context,
    scenario: ScenarioArgument = None,
    event_names: EventsArgument = None,
    events_file: EventsFileOption = None,
    fmt: FormatOption = None,
    table: TableOption = None,
    output: OutputOption = None,
    save: Annotated[
        str | None,
        typer.Option(
            "--save",
            help="Write the resulting scenario to this file ('-': stdout, with -o for the "
            "result); a valid scenario.",
            metavar="PATH",
        ),
    ] = None,
    camps_limit: CampsOption = None,
    overall: OverallOption = OverallRule.consensus,
    top: Annotated[
        int | None,
        typer.Option(
            "--top", "-n", min=0, help="JSON/YAML: at most N stress points in before/after."
        ),
    ] = None,
    time_limit: TimeLimitOption = None,
    fail_if_moved: Annotated[
        bool,
        typer.Option("--fail-if-moved", help="Exit with code 3 if any actor changes camp."),
    ] = False,
) -> None:
    """Apply what-if events and show what changed, before -> after.

    Tables: moves, frustration, stress, ties.
    """
    from alliances_cli import api

    env = environment(ctx)
    if save == "-" and (output is None or output == "-"):
        raise typer.BadParameter(
            "--save - and the result would both go to stdout; give -o FILE for the result",
            param_hint="'--save'",
        )
    model, names = scenario_and_events(env, scenario, event_names, events_file)
    extra = extra_events(env, model, events_file)
    applied = api.apply(model, names, extra)  # a bad event fails before any work
    announce(env, model)
    result = api.whatif(
        model,
        applied.events,
        camps_limit=camps_limit,
        overall=overall.value,
        extra=extra,
        time_limit=time_limit,
    )
    if save:
        _save(env, result, save)
    if resolve_format(fmt, output) is not Format.text:
        for note in result.applied.notes:  # the text report shows them itself
            env.message(f"note: {note.event}: {note.message}")

    emit(env, result.output(top), fmt, table, output)
    if fail_if_moved and result.moved:
        env.error(f"alliances: actors changed camp: {', '.join(result.moved)} (--fail-if-moved)")
        raise typer.Exit(exitcodes.THRESHOLD)


def _save(env: Environment, result: "WhatIf", path: str) -> None:
    from alliances_cli import api

    saved = result.saved()
    names = ", ".join(e.id for e in result.applied.events) or "no events"
    dropped = [e.id for e in result.scenario.events if e not in saved.events]
    header = f"Saved by 'alliances whatif' after: {names}"
    if path == "-":
        env.write(f"# {header}\n" + api.dump(saved))
        return
    api.save(saved, path, header=header, inputs=env.protected())
    if dropped:
        env.message(
            f"note: events that no longer apply were left out of {path}: {', '.join(dropped)}"
        )
    env.message(f"saved the resulting scenario to {path}")


@guarded
def sweep(
    ctx: typer.Context,
    scenario: ScenarioArgument = None,
    events_file: EventsFileOption = None,
    max_events: Annotated[
        int | None,
        typer.Option("--max-events", "-m", min=1, help="Combine at most K events (default: all)."),
    ] = None,
    fmt: FormatOption = None,
    table: TableOption = None,
    output: OutputOption = None,
    camps_limit: CampsOption = None,
    top: Annotated[
        int | None,
        typer.Option("--top", "-n", min=0, help="Text: list at most N combinations (0: all)."),
    ] = None,
    jobs: JobsOption = None,
    executor: ExecutorOption = Executor.local,
    scheduler: SchedulerOption = None,
) -> None:
    """Apply every combination of the named events and rank them by impact.

    Tables: outcomes, interactions, order.
    """
    from alliances_cli import api

    env = environment(ctx)
    model = read(env, scenario)
    extra = extra_events(env, model, events_file)
    progress = progress_printer(env)
    with runner_for(env, executor, scheduler, jobs or cores()) as runner:
        result = api.sweep(
            model,
            max_events=max_events,
            camps_limit=camps_limit,
            workers=jobs or cores(),
            extra=extra,
            progress=progress,
            runner=runner,
        )

    emit(env, result.output(top), fmt, table, output)
