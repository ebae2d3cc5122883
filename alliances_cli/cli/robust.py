"""`alliances robust`: coalitions under the uncertainty the scenario states."""

from enum import Enum
from typing import Annotated

import typer

from alliances_cli.cli.app import environment
from alliances_cli.cli.errors import guarded
from alliances_cli.cli.executor import cores, progress_printer, runner_for
from alliances_cli.cli.options import (
    CampsOption,
    EventsArgument,
    EventsFileOption,
    Executor,
    ExecutorOption,
    FormatOption,
    JobsOption,
    OutputOption,
    OverallOption,
    OverallRule,
    ScenarioArgument,
    SchedulerOption,
    TableOption,
    check_picture,
)
from alliances_cli.cli.output import announce, emit, extra_events, scenario_and_events


class Noise(str, Enum):
    flip = "flip"
    bootstrap = "bootstrap"


Samples = Annotated[
    int, typer.Option("--samples", "-s", min=1, help="Random redraws of the ties.", metavar="N")
]
Seed = Annotated[
    int, typer.Option("--seed", min=0, help="The same seed, the same result.", metavar="S")
]
NoiseOption = Annotated[
    Noise,
    typer.Option(
        "--noise",
        help="flip: a tie keeps its sign with probability (1 + confidence) / 2; "
        "bootstrap: its weight times an Exponential(1) draw.",
    ),
]
TippingActor = Annotated[
    str | None,
    typer.Option(
        "--actor",
        "-a",
        help="Also: the smallest change to one tie that moves this actor.",
        metavar="ID",
    ),
]
OneTheater = Annotated[
    str | None, typer.Option("--theater", "-t", help="Only this theater.", metavar="ID")
]
HeatmapOption = Annotated[
    str | None,
    typer.Option(
        "--heatmap",
        help="Also draw the co-membership matrices to this picture (.svg, .png, .pdf).",
        metavar="FILE",
    ),
]
TopRows = Annotated[
    int | None,
    typer.Option("--top", "-n", min=0, help="Text: at most N rows per list (0: all)."),
]


@guarded
def robust(
    ctx: typer.Context,
    scenario: ScenarioArgument = None,
    event_names: EventsArgument = None,
    events_file: EventsFileOption = None,
    samples: Samples = 1000,
    seed: Seed = 0,
    noise: NoiseOption = Noise.flip,
    actor: TippingActor = None,
    theater: OneTheater = None,
    fmt: FormatOption = None,
    table: TableOption = None,
    output: OutputOption = None,
    heatmap: HeatmapOption = None,
    camps_limit: CampsOption = None,
    overall: OverallOption = OverallRule.consensus,
    top: TopRows = None,
    jobs: JobsOption = None,
    executor: ExecutorOption = Executor.local,
    scheduler: SchedulerOption = None,
    time_limit: Annotated[
        float | None,
        typer.Option(
            "--time-limit",
            min=0.001,
            help="Give the exact margins, resilience and tipping points this many seconds in "
            "all, in views up to 60 actors (default: exact margins up to 20 actors, the "
            "heuristic's beyond; resilience up to 12). The result may then vary with the "
            "machine's speed.",
            metavar="SECONDS",
        ),
    ] = None,
) -> None:
    """How sure the coalitions are: re-solve them on random redraws of the ties, with exact
    margins and, for --actor, what would move it.

    Tables: actors, pairs, camps, frustration, partitions, tipping.
    """
    from alliances_cli import api

    env = environment(ctx)
    model, names = scenario_and_events(env, scenario, event_names, events_file)
    extra = extra_events(env, model, events_file)
    applied = api.apply(model, names, extra)  # a bad event fails before any work
    announce(env, model, patience=False, many=True)  # its own progress; many analyses
    check_picture(heatmap, "--heatmap")
    progress = progress_printer(env, "robust")
    with runner_for(env, executor, scheduler, jobs or cores()) as runner:
        result = api.robust(
            model,
            applied.events,
            samples=samples,
            seed=seed,
            noise=noise.value,
            actor=actor,
            theater=theater,
            camps_limit=camps_limit,
            overall=overall.value,
            extra=extra,
            workers=jobs or cores(),
            progress=progress,
            runner=runner,
            time_limit=time_limit,
        )
    if heatmap is not None:
        result.draw_heatmap(heatmap, inputs=env.protected())
    emit(env, result.output(top), fmt, table, output)
