"""`alliances backtest`: does stress predict change? Scored on a series of slices."""

from pathlib import Path
from typing import Annotated, Any

import typer

from alliances_cli.cli.app import environment
from alliances_cli.cli.errors import guarded
from alliances_cli.cli.executor import cores, progress_printer, runner_for
from alliances_cli.cli.options import (
    CampsOption,
    Executor,
    ExecutorOption,
    FormatOption,
    JobsOption,
    OutputOption,
    SchedulerOption,
    TableOption,
)
from alliances_cli.cli.output import emit
from alliances_cli.cli.timeline import (
    SliceDays,
    SliceStep,
    read_series,
    slicing,
)

SeriesFiles = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="SCENARIO | FILES...",
        help="One dated scenario (sliced by its dates, --at or --every), or several files, "
        "one slice each in the order given (such as yearly networks); none with --simulate.",
        show_default=False,
    ),
]
FollowedTheater = Annotated[
    str | None,
    typer.Option(
        "--theater",
        "-t",
        help="The theater to follow (needed when the scenario has several).",
        metavar="ID",
    ),
]
SimulateOption = Annotated[
    str | None,
    typer.Option(
        "--simulate",
        help="Instead of files, a generated series with a known answer: triads (balance "
        "dynamics: frustrated ties flip back) or random (ties flip at random).",
        metavar="triads|random",
    ),
]
Seed = Annotated[
    int,
    typer.Option("--seed", min=0, help="The same seed, the same result.", metavar="S"),
]
Replicates = Annotated[
    int,
    typer.Option(
        "--resamples",
        min=0,
        help="Bootstrap resamples of the steps for the pooled 95% intervals (0: none, and "
        "no verdicts).",
        metavar="N",
    ),
]
AtK = Annotated[
    int | None,
    typer.Option(
        "--at-k",
        min=1,
        help="Precision at K (default: K is the number of outcomes, R-precision).",
        metavar="K",
    ),
]
RobustSamples = Annotated[
    int,
    typer.Option(
        "--samples",
        "-s",
        min=0,
        help="Also score robust's figures for actors: N bootstrap samples per slice for "
        "each actor's elsewhere share, and exact margins where every slice has at most 25 "
        "actors (a robust run per slice; 0: none).",
        metavar="N",
    ),
]
SaveCalibration = Annotated[
    str | None,
    typer.Option(
        "--save-calibration",
        help="Also write the severities' track record to this JSON file, for show "
        "--calibration (only the kinds whose label showed skill).",
        metavar="FILE",
    ),
]
PictureOption = Annotated[
    str | None,
    typer.Option(
        "--picture",
        help="Also draw the reliability picture: outcomes seen against the track-record "
        "probability, per kind (.svg, .png, .pdf).",
        metavar="FILE",
    ),
]


@guarded
def backtest(
    ctx: typer.Context,
    files: SeriesFiles = None,
    at: SliceDays = None,
    every: SliceStep = None,
    theater: FollowedTheater = None,
    camps_limit: CampsOption = None,
    simulate: SimulateOption = None,
    seed: Seed = 0,
    replicates: Replicates = 1000,
    k: AtK = None,
    samples: RobustSamples = 0,
    jobs: JobsOption = None,
    fmt: FormatOption = None,
    table: TableOption = None,
    output: OutputOption = None,
    picture: PictureOption = None,
    save_calibration: SaveCalibration = None,
    executor: ExecutorOption = Executor.local,
    scheduler: SchedulerOption = None,
) -> None:
    """Does stress predict change? Each slice's stress labels (frustrated ties, opposing
    pressure, severity, implied ties, camps, torn and swing actors) scored on what happened
    by the next slice, beside baselines, with intervals and a verdict per label.

    Tables: scores, calibration, findings.
    """
    from alliances_cli import api

    env = environment(ctx)
    names, days = slicing(env, "backtest", files, at, every, picture)
    if simulate is not None:
        if names or days or every:
            raise typer.BadParameter(
                "--simulate makes its own series: give no files, --at or --every with it",
                param_hint="'--simulate'",
            )
        if simulate not in api.DYNAMICS:
            raise typer.BadParameter(
                f"{simulate!r} is not a generated series; use triads or random",
                param_hint="'--simulate'",
            )
    source: Any
    labels = None
    title = None
    if simulate is not None:
        source = api.simulated(simulate, seed=seed)
        title = f"a generated series ({simulate}, seed {seed})"
    elif not names:
        raise typer.BadParameter(
            "give the files of a series (one per slice), a dated scenario, or --simulate",
            param_hint="'SCENARIO | FILES...'",
        )
    else:
        source, labels = read_series(env, names)
    if len(names) > 1:
        folders = {str(Path(name).resolve().parent.name) for name in names if name != "-"}
        if len(folders) == 1 and "-" not in names:
            title = f"{folders.pop()} ({len(names)} files)"
    first = source if not isinstance(source, list) else source[0]
    if theater is None and len(first.theaters) != 1:
        raise typer.BadParameter(
            "a backtest follows one theater; name one of: "
            + ", ".join(t.id for t in first.theaters),
            param_hint="'--theater'",
        )
    progress = progress_printer(env, "backtest")
    try:
        with runner_for(env, executor, scheduler, cores()) as runner:
            found = api.backtest(
                source,
                at=days,
                every=every,
                labels=labels,
                theater=theater,
                camps_limit=camps_limit,
                seed=seed,
                replicates=replicates,
                k=k,
                title=title,
                samples=samples,
                workers=jobs or cores(),
                progress=progress,
                runner=runner,
            )
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    if picture is not None:
        found.draw(picture, inputs=env.protected())
    if save_calibration is not None:
        found.save_calibration(save_calibration, inputs=env.protected())
    emit(env, found.output(), fmt, table, output)
