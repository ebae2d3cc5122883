"""`alliances timeline`: camps over time, from a dated scenario or one file per slice."""

from pathlib import Path
from typing import Annotated, Any

import typer

from alliances_cli.cli.app import environment
from alliances_cli.cli.env import Environment
from alliances_cli.cli.errors import guarded
from alliances_cli.cli.executor import cores, progress_printer, runner_for
from alliances_cli.cli.options import (
    CampsOption,
    Executor,
    ExecutorOption,
    FormatOption,
    OutputOption,
    OverallOption,
    OverallRule,
    SchedulerOption,
    TableOption,
    TheaterFilter,
    check_picture,
)
from alliances_cli.cli.output import emit, read

#: The files of a timeline: one dated scenario, or one file per slice.
TimelineFiles = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[SCENARIO | FILES...]",
        help="One dated scenario (sliced by its dates, --at or --every), or several "
        "files, one slice each in the order given (such as yearly networks). Default: "
        "the bundled scenario.",
        show_default=False,
    ),
]
SliceDays = Annotated[
    str | None,
    typer.Option(
        "--at",
        help="Slice a dated scenario on these days (comma-separated: 2016-06,2016-09).",
        metavar="DATES",
    ),
]
SliceStep = Annotated[
    str | None,
    typer.Option(
        "--every",
        help="Slice a dated scenario every STEP (1y, 6m, 2w, 30d) from its first date to its last.",
        metavar="STEP",
    ),
]
PictureOption = Annotated[
    str | None,
    typer.Option(
        "--picture",
        help="Also draw the camps over time as an alluvial picture (.svg, .png, .pdf).",
        metavar="FILE",
    ),
]
TopChanges = Annotated[
    int | None,
    typer.Option("--top", "-n", min=0, help="Text: at most N changes listed (0: all)."),
]


@guarded
def timeline(
    ctx: typer.Context,
    files: TimelineFiles = None,
    at: SliceDays = None,
    every: SliceStep = None,
    theater: TheaterFilter = None,
    camps_limit: CampsOption = None,
    overall: OverallOption = OverallRule.consensus,
    fmt: FormatOption = None,
    table: TableOption = None,
    output: OutputOption = None,
    picture: PictureOption = None,
    top: TopChanges = None,
    executor: ExecutorOption = Executor.local,
    scheduler: SchedulerOption = None,
) -> None:
    """Camps over time: each slice's camps, with each camp's identity kept from slice to
    slice, what split, merged, formed or dissolved, who moved when, and the frustration.

    Tables: membership, slices, changes, moves.
    """
    from alliances_cli import api

    env = environment(ctx)
    names, days = slicing(env, "timeline", files, at, every, picture)
    source, labels = read_series(env, names)
    progress = progress_printer(env, "timeline")
    try:
        with runner_for(env, executor, scheduler, cores()) as runner:
            found = api.timeline(
                source,
                at=days,
                every=every,
                labels=labels,
                theater=theater,
                camps_limit=camps_limit,
                overall=overall.value,
                progress=progress,
                runner=runner,
            )
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    if picture is not None:
        found.draw(picture, inputs=env.protected())

    emit(env, found.output(top), fmt, table, output)


def slice_labels(names: list[str]) -> list[str]:
    """Each file's slice label: its name without folder and extension (`1946-49.csv` ->
    `1946-49`); the whole name where two files share a stem."""
    stems = [Path(name).stem if name != "-" else "stdin" for name in names]
    if len(set(stems)) == len(stems):
        return stems
    return names


def slicing(
    env: Environment,
    command: str,
    files: list[str] | None,
    at: str | None,
    every: str | None,
    picture: str | None,
) -> tuple[list[str], list[str]]:
    """The files and days of a command that cuts time slices (`timeline`, `backtest`), after
    its usage checks: no --as-of, a picture format it can draw, --at and --every for one
    dated scenario only."""
    if env.as_of is not None:
        raise typer.BadParameter(
            f"{command} reads every day; pick its slices with --at or --every instead",
            param_hint="'--as-of'",
        )
    names = list(files or [])
    check_picture(picture, "--picture")
    days = [d.strip() for d in at.split(",") if d.strip()] if at else []
    if len(names) > 1 and (days or every):
        raise typer.BadParameter(
            "--at and --every slice one dated scenario; with several files, each file is a slice",
            param_hint="'--at' / '--every'",
        )
    return names, days


def read_series(env: Environment, names: list[str]) -> tuple[Any, list[str] | None]:
    """One dated scenario (or the bundled one), or one scenario per file with its label."""
    if len(names) <= 1:
        return read(env, names[0] if names else None, whole=True), None
    return [read(env, name) for name in names], slice_labels(names)
