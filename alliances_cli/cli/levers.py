"""`alliances levers`: the least change to the ties that meets a goal, proven least."""

from typing import Annotated

import typer

from alliances_cli.cli.app import environment
from alliances_cli.cli.errors import guarded
from alliances_cli.cli.options import (
    CampsOption,
    EventsArgument,
    EventsFileOption,
    FormatOption,
    OutputOption,
    ScenarioArgument,
    TableOption,
)
from alliances_cli.cli.output import announce, emit, extra_events, scenario_and_events


def _pair(value: str) -> tuple[str, str]:
    parts = value.split(":")
    if len(parts) != 2 or not all(parts):
        raise typer.BadParameter(
            f"{value!r} is not a tie; write A:B, such as is:turkey", param_hint="'--fixed'"
        )
    return parts[0], parts[1]


def _two_actors(value: tuple[str, str] | None) -> tuple[str, str] | None:
    """Click gives a two-value option the next word whatever it is: `--together turkey -t
    aleppo` would read '-t' as an actor and 'aleppo' as the scenario."""
    if value is not None and any(v.startswith("-") for v in value):
        raise typer.BadParameter(
            f"takes two actors, not {' '.join(value)!r}; write both ids after it, such as turkey us"
        )
    return value


@guarded
def levers(
    ctx: typer.Context,
    scenario: ScenarioArgument = None,
    event_names: EventsArgument = None,
    events_file: EventsFileOption = None,
    theater: Annotated[
        str | None,
        typer.Option(
            "--theater",
            "-t",
            help="The theater to plan in (needed when the scenario has several).",
            metavar="ID",
        ),
    ] = None,
    move: Annotated[
        str | None,
        typer.Option(
            "--move",
            help="Goal: this actor leaves its camp (with --to: and stands with that actor).",
            metavar="ID",
        ),
    ] = None,
    to: Annotated[
        str | None, typer.Option("--to", help="With --move: the actor to join.", metavar="ID")
    ] = None,
    together: Annotated[
        tuple[str, str] | None,
        typer.Option(
            "--together",
            help="Goal: these two stand together.",
            metavar="A B",
            callback=_two_actors,
        ),
    ] = None,
    apart: Annotated[
        tuple[str, str] | None,
        typer.Option(
            "--apart", help="Goal: these two stand apart.", metavar="A B", callback=_two_actors
        ),
    ] = None,
    break_camp: Annotated[
        str | None,
        typer.Option(
            "--break",
            help="Goal: this camp (a member's id or the camp's name) no longer stands whole.",
            metavar="CAMP",
        ),
    ] = None,
    ties_of: Annotated[
        list[str] | None,
        typer.Option(
            "--ties-of",
            help="The ties of this actor may change (repeat for more; default: the ties of "
            "the goal's actors).",
            metavar="ID",
        ),
    ] = None,
    any_tie: Annotated[
        bool, typer.Option("--any-tie", help="Every tie of the theater may change.")
    ] = False,
    allow_new: Annotated[
        bool,
        typer.Option(
            "--allow-new", help="Pairs with no tie may gain one (off: only existing ties move)."
        ),
    ] = False,
    fixed: Annotated[
        list[str] | None,
        typer.Option(
            "--fixed",
            help="This tie never moves, written A:B (repeat for more), such as is:turkey.",
            metavar="A:B",
        ),
    ] = None,
    max_ties: Annotated[
        int | None,
        typer.Option("--max-ties", min=1, help="Change at most this many ties.", metavar="K"),
    ] = None,
    margin: Annotated[
        float,
        typer.Option(
            "--margin",
            min=0.0001,
            help="Every optimum must meet the goal by this much frustration: the best "
            "partition that misses it is at least this much worse.",
            metavar="E",
        ),
    ] = 0.01,
    plans: Annotated[
        int,
        typer.Option("--plans", min=1, max=10, help="How many distinct plans.", metavar="N"),
    ] = 3,
    save: Annotated[
        str | None,
        typer.Option(
            "--save",
            help="Write the plans as what-if events (plan-1, ...) to this file, for "
            "`whatif --events FILE SCENARIO plan-1`.",
            metavar="FILE",
        ),
    ] = None,
    fmt: FormatOption = None,
    table: TableOption = None,
    output: OutputOption = None,
    camps_limit: CampsOption = None,
    time_limit: Annotated[
        float | None,
        typer.Option(
            "--time-limit",
            min=0.001,
            help="Stop after this many seconds with the best plan and bound found so far.",
            metavar="SECONDS",
            show_default=False,
        ),
    ] = None,
) -> None:
    """What it would take: the cheapest changes to the ties after which every optimal
    partition meets a goal, proven cheapest.

    Tables: plans, levers.
    """
    from alliances_cli import api
    from alliances_cli.api.levers import GoalError

    env = environment(ctx)
    model, names = scenario_and_events(env, scenario, event_names, events_file)
    extra = extra_events(env, model, events_file)
    api.apply(model, names, extra)  # a bad event fails before any work
    announce(env, model)
    pairs = [_pair(v) for v in fixed or []]
    try:
        result = api.levers(
            model,
            names,
            theater=theater,
            move=move,
            to=to,
            together=together,
            apart=apart,
            break_camp=break_camp,
            ties_of=ties_of or (),
            any_tie=any_tie,
            allow_new=allow_new,
            fixed=pairs,
            max_ties=max_ties,
            margin=margin,
            plans=plans,
            camps_limit=camps_limit,
            time_limit=time_limit,
            extra=extra,
            source=scenario or "",
        )
    except GoalError as exc:
        raise typer.BadParameter(str(exc), param_hint=f"'--{exc.option}'") from None
    if save is not None:
        result.save_events(save, inputs=env.protected())
        env.message(f"wrote {save}")
    emit(env, result.output(), fmt, table, output)
