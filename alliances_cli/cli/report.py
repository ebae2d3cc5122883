"""`alliances report`: one offline HTML page of the whole analysis."""

from typing import Annotated

import typer

from alliances_cli.cli.app import environment
from alliances_cli.cli.errors import guarded
from alliances_cli.cli.executor import cores
from alliances_cli.cli.options import (
    CampsOption,
    EventsArgument,
    EventsFileOption,
    JobsOption,
    OutputOption,
    OverallOption,
    OverallRule,
    ScenarioArgument,
)
from alliances_cli.cli.output import (
    announce,
    emit_text,
    extra_events,
    read_calibration,
    scenario_and_events,
)


@guarded
def report(
    ctx: typer.Context,
    scenario: ScenarioArgument = None,
    event_names: EventsArgument = None,
    events_file: EventsFileOption = None,
    output: OutputOption = None,
    samples: Annotated[
        int,
        typer.Option(
            "--samples",
            "-s",
            min=0,
            help="Redraws of the ties for the 'How sure' section (0: leave it out).",
            metavar="N",
        ),
    ] = 500,
    seed: Annotated[
        int, typer.Option("--seed", min=0, help="The same seed, the same page.", metavar="S")
    ] = 0,
    camps_limit: CampsOption = None,
    overall: OverallOption = OverallRule.consensus,
    calibration: Annotated[
        str | None,
        typer.Option(
            "--calibration",
            help="Show beside each stress point its track record from this file (written "
            "by backtest --save-calibration).",
            metavar="FILE",
        ),
    ] = None,
    jobs: JobsOption = None,
) -> None:
    """One self-contained HTML page to look at, share and print: maps, stress points, balance,
    before and after each named event (or the events given), and how sure it all is.

    It makes no network request (scripts, styles and data are inside it).
    """
    from alliances_cli import api

    env = environment(ctx)
    history = read_calibration(calibration)
    model, names = scenario_and_events(env, scenario, event_names, events_file)
    extra = extra_events(env, model, events_file)
    applied = api.apply(model, names, extra)  # a bad event fails before any work
    announce(env, model)
    page, skipped = api.report_page(
        model,
        applied.events if names else (),
        samples=samples,
        seed=seed,
        camps_limit=camps_limit,
        overall=overall.value,
        extra=extra,
        history=history,
        workers=jobs or cores(),
    )
    for event, why in skipped:
        env.error(f"alliances: event '{event}' is left out of the page: {why}")
    emit_text(env, page, output)
