"""Layer 4: the `alliances` command. Parses arguments, calls the engine, picks a report.

Only typer and the standard library are imported at start-up; each command imports what it
needs, so `alliances --help` and `alliances validate` never pay for networkx or Rich tables.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from alliances_cli import __version__, exitcodes
from alliances_cli.terminal import Terminal

if TYPE_CHECKING:
    from rich.console import RenderableType

    from alliances_cli.scenario.model import Event, Scenario

F = TypeVar("F", bound=Callable[..., Any])

_EXIT_HELP = "\n\n".join(f"{code}: {meaning}" for code, meaning in exitcodes.TABLE)

app = typer.Typer(
    name="alliances",
    help=(
        "Explore shifting geopolitical alignments: who stands with whom in each theater, "
        "where the contradictions are, and what changes if something happens.\n\n"
        f"Exit codes:\n\n{_EXIT_HELP}"
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_terminal = Terminal(stdout_tty=False, stderr_tty=False, color=False)


class Format(str, Enum):
    text = "text"
    json = "json"


class SweepFormat(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"
    tsv = "tsv"


FormatOption = Annotated[
    Format,
    typer.Option("--format", "-f", help="text for people, json for scripts."),
]
OutputOption = Annotated[
    str | None,
    typer.Option(
        "--output", "-o", help="Write the result to this file (atomically).", metavar="FILE"
    ),
]


def _version(value: bool) -> None:
    if value:
        print(f"alliances {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="Plain text, no colour.")] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print results and errors only.")
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback on internal errors.")
    ] = False,
) -> None:
    global _terminal
    _terminal = Terminal.detect(no_color=no_color, quiet=quiet, debug=debug)


def guarded(func: F) -> F:
    """Map every way a command can end to its documented exit code, without tracebacks."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from alliances_cli.engine.events import EventError
        from alliances_cli.scenario.load import ScenarioError

        try:
            return func(*args, **kwargs)
        except ScenarioError as exc:
            for problem in exc.problems:
                _terminal.error(str(problem))
            raise typer.Exit(exitcodes.INVALID_INPUT) from None
        except EventError as exc:
            _terminal.error(str(exc) if exc.file else f"alliances: {exc}")
            raise typer.Exit(exitcodes.INVALID_INPUT) from None
        except KeyboardInterrupt:
            _terminal.error("alliances: interrupted")
            raise typer.Exit(exitcodes.INTERRUPTED) from None
        except BrokenPipeError:
            _quiet_broken_pipe()
            raise typer.Exit(exitcodes.OK) from None
        except OSError as exc:
            if _terminal.debug:
                raise
            target = f" '{exc.filename}'" if exc.filename else ""
            _terminal.error(f"alliances: cannot write{target}: {exc.strerror or exc}")
            raise typer.Exit(exitcodes.INVALID_INPUT) from None
        except Exception as exc:
            # Typer's own exits and usage errors carry their codes and messages.
            if _terminal.debug or type(exc).__module__.startswith("typer"):
                raise
            _terminal.error(
                f"alliances: internal error ({type(exc).__name__}); "
                "rerun with --debug and report it"
            )
            raise typer.Exit(exitcodes.INTERNAL) from None

    return wrapper  # type: ignore[return-value]


def _quiet_broken_pipe() -> None:
    """The reader went away (`| head`): stop quietly, and keep Python from complaining."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _read(argument: str | None) -> Scenario:
    from alliances_cli.scenario.bundled import resolve
    from alliances_cli.scenario.load import decode, load_file, load_text

    path = resolve(argument)
    if path == "-":
        return load_text(decode(sys.stdin.buffer.read(), "<stdin>"), "<stdin>")
    return load_file(path)


def _print(renderables: list[RenderableType], output: str | None) -> None:
    """Text for people: through Rich to a terminal; plain, unwrapped lines otherwise."""
    if not output and _terminal.stdout_tty:
        console = _terminal.console()
        for item in renderables:
            console.print(item)
        return
    import io

    buffer = io.StringIO()
    console = _terminal.console(buffer, tty=False)
    for item in renderables:
        console.print(item)
    # Rich pads table cells to the column width; a pipe or a file wants no trailing blanks.
    text = "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"
    from alliances_cli.output import emit

    emit(text, output)


ScenarioArgument = Annotated[
    str | None,
    typer.Argument(
        help="A scenario file, '-' for stdin, or a bundled scenario's name "
        "(default: the bundled mosul-aleppo-2016).",
        show_default=False,
    ),
]


@app.command()
@guarded
def validate(
    files: Annotated[list[str], typer.Argument(help="Scenario files to check.")],
) -> None:
    """Check scenario files; print every problem as file:line:col: message."""
    from alliances_cli.scenario.bundled import resolve
    from alliances_cli.scenario.load import ScenarioError, decode, load_file, load_text

    invalid = 0
    for name in files:
        try:
            if name == "-":
                scenario = load_text(decode(sys.stdin.buffer.read(), "<stdin>"), "<stdin>")
            else:
                scenario = load_file(resolve(name))
        except ScenarioError as exc:
            invalid += 1
            for problem in exc.problems:
                print(problem)
            continue
        print(
            f"{name}: valid ({len(scenario.actors)} actors, {len(scenario.theaters)} theaters, "
            f"{len(scenario.ties)} ties, {len(scenario.events)} events)"
        )
    if invalid:
        _terminal.message(f"{invalid} of {len(files)} file(s) invalid")
        raise typer.Exit(exitcodes.INVALID_INPUT)


@app.command()
@guarded
def schema(output: OutputOption = None) -> None:
    """Print the JSON Schema of the scenario format (for editors)."""
    from alliances_cli.output import emit
    from alliances_cli.report.data import to_json
    from alliances_cli.scenario.schema import scenario_schema

    emit(to_json(scenario_schema()), output)


@app.command()
@guarded
def scenarios(fmt: FormatOption = Format.text, output: OutputOption = None) -> None:
    """List the bundled scenarios."""
    from alliances_cli.scenario.bundled import bundled
    from alliances_cli.scenario.load import load_file

    rows: list[dict[str, Any]] = []
    for name, path in bundled().items():
        scenario = load_file(str(path))
        rows.append(
            {
                "name": name,
                "title": scenario.title,
                "as_of": scenario.as_of,
                "actors": len(scenario.actors),
                "theaters": len(scenario.theaters),
                "ties": len(scenario.ties),
                "events": [e.id for e in scenario.events],
                "path": str(path),
            }
        )
    if fmt is Format.json:
        from alliances_cli.output import emit
        from alliances_cli.report.data import to_json

        emit(to_json({"schema": "alliances/scenarios/1", "scenarios": rows}), output)
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None)
    for column in ("Name", "Title", "As of", "Actors", "Theaters", "Ties", "Events"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            *(
                Text(str(row[key] or "-"))
                for key in ("name", "title", "as_of", "actors", "theaters", "ties")
            ),
            Text(", ".join(row["events"])),
        )
    _print([table], output)


@app.command()
@guarded
def show(
    scenario: ScenarioArgument = None,
    fmt: FormatOption = Format.text,
    output: OutputOption = None,
    theater: Annotated[
        str | None, typer.Option("--theater", "-t", help="Only this theater.", metavar="ID")
    ] = None,
    top: Annotated[
        int | None,
        typer.Option(
            "--top",
            "-n",
            min=0,
            help="List at most N stress points (0: all). Default: 10 in text, all in json.",
            show_default=False,
        ),
    ] = None,
    camps: Annotated[
        int | None,
        typer.Option(
            "--camps", "-k", min=1, help="Allow at most K camps per view.", show_default=False
        ),
    ] = None,
    evidence: Annotated[
        bool,
        typer.Option("--evidence", "-e", help="Text: quote the evidence of each stress point."),
    ] = False,
) -> None:
    """Coalitions per theater and overall, the stress points ranked, and the balance."""
    model = _read(scenario)
    theaters = _theater_choice(model, theater)
    from alliances_cli.engine.analysis import analyse

    analysis = analyse(model, theaters=theaters, camps=camps)
    if fmt is Format.json:
        from alliances_cli.output import emit
        from alliances_cli.report.data import show_data, to_json

        emit(to_json(show_data(analysis, top or None)), output)
        return
    from alliances_cli.report.text import DEFAULT_TOP, show_report

    limit = DEFAULT_TOP if top is None else (top or None)
    _print(show_report(analysis, limit, evidence), output)


def _theater_choice(model: Scenario, theater: str | None) -> tuple[str, ...] | None:
    if theater is None:
        return None
    if theater not in model.theater_by_id:
        from alliances_cli.scenario.load import suggest

        known = list(model.theater_by_id)
        raise typer.BadParameter(
            f"unknown theater '{theater}'{suggest(theater, known)} (known: {', '.join(known)})",
            param_hint="'--theater'",
        )
    return (theater,)


EventsFileOption = Annotated[
    str | None,
    typer.Option(
        "--events",
        help="A YAML file of more named events (`events: [...]`) for this scenario.",
        metavar="FILE",
    ),
]
CampsOption = Annotated[
    int | None,
    typer.Option(
        "--camps", "-k", min=1, help="Allow at most K camps per view.", show_default=False
    ),
]


def _complete_events(ctx: typer.Context, incomplete: str) -> list[str]:
    """Event names, inline verbs, and the scenario's actors and theaters after a verb."""
    try:
        model = _read(ctx.params.get("scenario"))
    except Exception:
        return []
    verbs = ["exclude:", "remove:", "include:", "set:", "shift:", "confidence:"]
    if "@" in incomplete:
        head = incomplete.rsplit("@", 1)[0]
        options = [f"{head}@{t.id}" for t in model.theaters]
    elif ":" in incomplete:
        head = incomplete.rsplit(":", 1)[0]
        options = [f"{head}:{a.id}" for a in model.actors]
    else:
        options = [e.id for e in model.events] + verbs
    return [o for o in options if o.startswith(incomplete)]


@app.command()
@guarded
def events(
    scenario: ScenarioArgument = None,
    events_file: EventsFileOption = None,
    fmt: FormatOption = Format.text,
    output: OutputOption = None,
) -> None:
    """List the named what-if events with their descriptions and operations."""
    model = _read(scenario)
    extra = _extra_events(model, events_file)
    everything = (*model.events, *extra)
    if fmt is Format.json:
        from alliances_cli.output import emit
        from alliances_cli.report.data import events_data, to_json

        emit(to_json(events_data(model, everything)), output)
        return
    from alliances_cli.report.text import events_table, heading

    _print([heading(model), events_table(model, everything)], output)


def _extra_events(model: Scenario, path: str | None) -> tuple[Event, ...]:
    if path is None:
        return ()
    from alliances_cli.scenario.load import load_events_file

    return load_events_file(path, model)


@app.command()
@guarded
def whatif(
    scenario: Annotated[
        str,
        typer.Argument(
            help="A scenario file, '-' for stdin, or a bundled scenario's name.",
            show_default=False,
        ),
    ],
    event_names: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="EVENT...",
            help="Named events and inline events, applied in the order given. Inline: "
            "exclude:ACTOR[@THEATER], remove:ACTOR, include:ACTOR@THEATER, "
            "set:A:B=STANCE[@THEATER], shift:A:B=DELTA[@THEATER], confidence:A:B=C[@THEATER].",
            autocompletion=_complete_events,
            show_default=False,
        ),
    ] = None,
    events_file: EventsFileOption = None,
    fmt: FormatOption = Format.text,
    output: OutputOption = None,
    save: Annotated[
        str | None,
        typer.Option(
            "--save",
            help="Write the resulting scenario to this file (atomically; a valid scenario).",
            metavar="PATH",
        ),
    ] = None,
    camps: CampsOption = None,
    top: Annotated[
        int | None,
        typer.Option("--top", "-n", min=0, help="JSON: at most N stress points in before/after."),
    ] = None,
) -> None:
    """Apply what-if events and show what changed, before -> after."""
    from alliances_cli.engine.analysis import analyse
    from alliances_cli.engine.diff import compare
    from alliances_cli.engine.events import apply_events, resolve_events

    model = _read(scenario)
    extra = _extra_events(model, events_file)
    chosen = resolve_events(model, event_names or [], extra)
    applied = apply_events(model, chosen, extra)
    before = analyse(model, camps=camps)
    after = analyse(applied.scenario, camps=camps)
    changes = compare(before, after)
    if save:
        _save(applied.scenario, chosen, save)
    if fmt is Format.json:
        for note in applied.notes:  # the text report shows them itself
            _terminal.message(f"note: {note.event}: {note.message}")
        from alliances_cli.output import emit
        from alliances_cli.report.data import to_json, whatif_data

        emit(to_json(whatif_data(before, after, applied, changes, top or None)), output)
        return
    from alliances_cli.report.text import whatif_report

    _print(whatif_report(before, after, applied, changes), output)


def _save(result: Scenario, chosen: tuple[Event, ...], path: str) -> None:
    import dataclasses

    from alliances_cli.engine.events import still_valid_events
    from alliances_cli.output import write_atomic
    from alliances_cli.scenario.dump import dump_scenario

    names = ", ".join(e.id for e in chosen) or "no events"
    kept = still_valid_events(result)
    dropped = [e.id for e in result.events if e not in kept]
    saved = dataclasses.replace(result, title=f"{result.title} (after {names})", events=kept)
    header = f"# Saved by 'alliances whatif' after: {names}\n"
    write_atomic(path, header + dump_scenario(saved))
    if dropped:
        _terminal.message(
            f"note: events that no longer apply were left out of {path}: {', '.join(dropped)}"
        )
    _terminal.message(f"saved the resulting scenario to {path}")


@app.command()
@guarded
def sweep(
    scenario: ScenarioArgument = None,
    events_file: EventsFileOption = None,
    max_events: Annotated[
        int | None,
        typer.Option("--max-events", "-m", min=1, help="Combine at most K events (default: all)."),
    ] = None,
    fmt: Annotated[
        SweepFormat,
        typer.Option("--format", "-f", help="text for people; json, csv or tsv for scripts."),
    ] = SweepFormat.text,
    output: OutputOption = None,
    camps: CampsOption = None,
    top: Annotated[
        int | None,
        typer.Option("--top", "-n", min=0, help="Text: list at most N combinations (0: all)."),
    ] = None,
) -> None:
    """Apply every combination of the named events and rank them by impact."""
    import dataclasses

    from alliances_cli.engine.sweep import sweep as run_sweep

    model = _read(scenario)
    extra = _extra_events(model, events_file)
    if extra:
        model = dataclasses.replace(model, events=(*model.events, *extra))
    if not model.events:
        _terminal.error(f"alliances: scenario '{model.id}' has no named events to sweep")
        raise typer.Exit(exitcodes.INVALID_INPUT)
    progress = _progress_printer() if _terminal.stderr_tty and not _terminal.quiet else None
    result = run_sweep(model, max_events=max_events, camps=camps, progress=progress)
    if progress:
        print(file=sys.stderr)
    from alliances_cli.output import emit

    if fmt is SweepFormat.json:
        from alliances_cli.report.data import sweep_data, to_json

        emit(to_json(sweep_data(result)), output)
    elif fmt in (SweepFormat.csv, SweepFormat.tsv):
        from alliances_cli.report.data import sweep_csv

        emit(sweep_csv(result, "," if fmt is SweepFormat.csv else "\t"), output)
    else:
        from alliances_cli.report.text import sweep_report

        limit = 15 if top is None else (top or None)
        _print(sweep_report(result, limit), output)


def _progress_printer() -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        if total >= 50 and (done == total or done % 10 == 0):
            print(f"\rsweep: {done}/{total}", end="", file=sys.stderr, flush=True)

    return show


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        print("alliances: interrupted", file=sys.stderr)
        sys.exit(exitcodes.INTERRUPTED)
