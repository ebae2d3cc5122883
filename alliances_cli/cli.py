"""Layer 4: the `alliances` command. Parses arguments, calls the engine, picks a report.

Only typer and the standard library are imported at start-up; each command imports what it
needs, so `alliances --help` and `alliances validate` never pay for networkx or Rich tables.
"""

import functools
import os
import sys
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from alliances_cli import __version__, exitcodes
from alliances_cli.terminal import Terminal, one_line

if TYPE_CHECKING:
    from alliances_cli.report.blocks import Block
    from alliances_cli.report.formats import Result
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
    ndjson = "ndjson"
    csv = "csv"
    tsv = "tsv"
    yaml = "yaml"
    markdown = "markdown"


FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        help="text for people; json, ndjson, csv, tsv, yaml or markdown for scripts and documents.",
    ),
]
TableOption = Annotated[
    str | None,
    typer.Option(
        "--table",
        help="For ndjson, csv and tsv: which of the command's tables to print (default: first).",
        metavar="NAME",
    ),
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


#: Problems a command prints before it says how many more there are (`validate` prints all).
SHOWN_PROBLEMS = 20


def guarded(func: F) -> F:
    """Map every way a command can end to its documented exit code, without tracebacks."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from alliances_cli.errors import EventError, ScenarioError

        try:
            return func(*args, **kwargs)
        except ScenarioError as exc:
            # One mistake repeated on every row of an edge list would scroll away the rest.
            for problem in exc.problems[:SHOWN_PROBLEMS]:
                _terminal.error(str(problem))
            hidden = len(exc.problems) - SHOWN_PROBLEMS
            if hidden > 0:
                _terminal.error(
                    f"alliances: {hidden:,} more problem{'s' * (hidden > 1)} not shown; "
                    "'alliances validate FILE' lists every one"
                )
            raise typer.Exit(exitcodes.INVALID_INPUT) from None
        except EventError as exc:
            _terminal.error(str(exc) if exc.file else f"alliances: {exc}")
            raise typer.Exit(exitcodes.INVALID_INPUT) from None
        except ImportError as exc:
            if _terminal.debug or "matplotlib" not in str(exc):
                raise
            _terminal.error(f"alliances: {exc}")
            raise typer.Exit(exitcodes.UNAVAILABLE) from None
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


def _read(argument: str | None) -> "Scenario":
    from alliances_cli.scenario.bundled import resolve
    from alliances_cli.scenario.load import load_file, load_stdin

    path = resolve(argument)
    return load_stdin() if path == "-" else load_file(path)


def _print(blocks: "list[Block]", output: str | None) -> None:
    """Text for people: through Rich to a terminal; plain, unwrapped lines otherwise."""
    if not output and _terminal.stdout_tty:
        from alliances_cli.report.blocks import to_rich

        console = _terminal.console()
        for item in to_rich(blocks):
            console.print(item)
        return
    from alliances_cli.output import emit
    from alliances_cli.report.blocks import render_plain

    emit(render_plain(blocks), output)


def _emit(
    make: "Callable[[], Result]",
    fmt: Format,
    table: str | None,
    output: str | None,
    text: "Callable[[], list[Block]] | None" = None,
) -> None:
    """Print a command's result in the chosen format: the one output path of every command.

    `make` builds the machine result; text with a report of its own never needs it (on a large
    network, building it for nothing took a fifth of `show`).
    """
    if fmt is Format.text and text is not None:
        if table is not None:
            _check_table(make(), table)
        _print(text(), output)
        return
    result = make()
    if table is not None:
        _check_table(result, table)
    if fmt is Format.text:
        from alliances_cli.report.text import heading_text, result_tables

        _print([heading_text(result.title), *result_tables(result)], output)
        return
    from alliances_cli.output import emit
    from alliances_cli.report.formats import render

    emit(render(result, fmt.value, table), output)


def _check_table(result: "Result", table: str) -> None:
    if table not in result.table_names:
        from alliances_cli.scenario.load import suggest

        raise typer.BadParameter(
            f"no table '{table}'{suggest(table, result.table_names)}; "
            f"this command has: {', '.join(result.table_names)}",
            param_hint="'--table'",
        )


def _completion_scenario(ctx: typer.Context) -> "Scenario | None":
    """The scenario named on the command line being completed, if it can be read."""
    try:
        return _read(ctx.params.get("scenario"))
    except Exception:  # completion must never fail loudly
        return None


def _scenario_completion(option: str) -> Callable[[typer.Context, str], list[str]]:
    """Complete actor or theater ids from the scenario named on the command line."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        model = _completion_scenario(ctx)
        if model is None:
            return []
        ids = [a.id for a in model.actors] if option == "actor" else list(model.theater_by_id)
        return [i for i in ids if i.startswith(incomplete)]

    return complete


ScenarioArgument = Annotated[
    str | None,
    typer.Argument(
        help="A scenario file (YAML, or a CSV/TSV signed edge list), '-' for stdin, or a bundled "
        "scenario's name (default: the bundled mosul-aleppo-2016).",
        show_default=False,
    ),
]
TheaterFilter = Annotated[
    str | None,
    typer.Option(
        "--theater",
        "-t",
        help="Only this theater.",
        metavar="ID",
        autocompletion=_scenario_completion("theater"),
    ),
]
CampsOption = Annotated[
    int | None,
    typer.Option(
        "--camps", "-k", min=1, help="Allow at most K camps per view.", show_default=False
    ),
]


class OverallRule(str, Enum):
    consensus = "consensus"
    mean = "mean"


_OVERALL_HELP = (
    "How the overall view is made: consensus (two actors share a camp when they stand together "
    "in more of their shared theaters than apart) or mean (of each pair's weights)."
)
OverallOption = Annotated[
    OverallRule, typer.Option("--overall", help=_OVERALL_HELP, case_sensitive=False)
]
OverallRuleOption = Annotated[
    OverallRule, typer.Option("--overall-rule", help=_OVERALL_HELP, case_sensitive=False)
]
EventsFileOption = Annotated[
    str | None,
    typer.Option(
        "--events",
        help="A YAML file of more named events (`events: [...]`) for this scenario.",
        metavar="FILE",
    ),
]


@app.command()
@guarded
def validate(
    files: Annotated[list[str], typer.Argument(help="Scenario files to check ('-' for stdin).")],
) -> None:
    """Check scenario files; print every problem as file:line:col: message."""
    from alliances_cli.errors import ScenarioError

    invalid = 0
    for name in files:
        try:
            scenario = _read(name)
        except ScenarioError as exc:
            invalid += 1
            for problem in exc.problems:
                print(one_line(str(problem)))
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
    from alliances_cli.report.formats import to_json
    from alliances_cli.scenario.schema import scenario_schema

    emit(to_json(scenario_schema()), output)


@app.command()
@guarded
def scenarios(
    fmt: FormatOption = Format.text, table: TableOption = None, output: OutputOption = None
) -> None:
    """List the bundled scenarios."""
    from alliances_cli.report.results import scenarios_result
    from alliances_cli.scenario.bundled import bundled
    from alliances_cli.scenario.load import load_file

    found = {name: (path, load_file(str(path))) for name, path in bundled().items()}
    _emit(lambda: scenarios_result(found), fmt, table, output)


@app.command()
@guarded
def show(
    scenario: ScenarioArgument = None,
    fmt: FormatOption = Format.text,
    table: TableOption = None,
    output: OutputOption = None,
    theater: TheaterFilter = None,
    top: Annotated[
        int | None,
        typer.Option(
            "--top",
            "-n",
            min=0,
            help="List at most N stress points (0: all). Default: 10 in text, all otherwise.",
            show_default=False,
        ),
    ] = None,
    camps: CampsOption = None,
    overall: OverallOption = OverallRule.consensus,
    evidence: Annotated[
        bool,
        typer.Option(
            "--evidence", "-e", help="Text: quote the evidence and facets of each stress point."
        ),
    ] = False,
    fail_on_stress: Annotated[
        float | None,
        typer.Option(
            "--fail-on-stress",
            min=0.0,
            max=1.0,
            help="Exit with code 3 if any stress point has at least this severity.",
            metavar="SEVERITY",
        ),
    ] = None,
) -> None:
    """Coalitions per theater and overall, the stress points ranked, and the balance."""
    model = _read(scenario)
    theaters = _theater_choice(model, theater)
    from alliances_cli.engine.analysis import analyse
    from alliances_cli.report.results import show_result

    _announce(model)
    analysis = analyse(model, theaters=theaters, camps=camps, overall=overall.value)

    def text() -> "list[Block]":
        from alliances_cli.report.text import DEFAULT_TOP, show_report

        return show_report(analysis, DEFAULT_TOP if top is None else (top or None), evidence)

    _emit(lambda: show_result(analysis, top or None), fmt, table, output, text)
    if fail_on_stress is not None:
        worst = max((s.severity for s in analysis.stress), default=0.0)
        if worst >= fail_on_stress - 1e-12:
            _terminal.error(
                f"alliances: a stress point has severity {worst:.2f}, "
                f"at or above --fail-on-stress {fail_on_stress:g}"
            )
            raise typer.Exit(exitcodes.THRESHOLD)


#: At a terminal, an analysis of at least this many ties is announced: it takes seconds.
ANNOUNCED_TIES = 5_000


def _announce(model: "Scenario") -> None:
    """Say on a terminal's stderr that a large analysis has begun, so that silence is no hang."""
    if _terminal.stderr_tty and len(model.ties) >= ANNOUNCED_TIES:
        _terminal.message(
            f"alliances: analysing {len(model.actors):,} actors and {len(model.ties):,} ties..."
        )


def _theater_choice(model: "Scenario", theater: str | None) -> tuple[str, ...] | None:
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


def _complete_events(ctx: typer.Context, incomplete: str) -> list[str]:
    """Event names, inline verbs, and the scenario's actors and theaters after a verb."""
    model = _completion_scenario(ctx)
    if model is None:
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


def _extra_events(model: "Scenario", path: str | None) -> "tuple[Event, ...]":
    if path is None:
        return ()
    from alliances_cli.scenario.load import load_events_file

    return load_events_file(path, model)


@app.command()
@guarded
def events(
    scenario: ScenarioArgument = None,
    events_file: EventsFileOption = None,
    fmt: FormatOption = Format.text,
    table: TableOption = None,
    output: OutputOption = None,
) -> None:
    """List the named what-if events with their descriptions and operations."""
    model = _read(scenario)
    everything = (*model.events, *_extra_events(model, events_file))

    def result() -> "Result":
        from alliances_cli.report.results import events_result

        return events_result(model, everything)

    def text() -> "list[Block]":
        from alliances_cli.report.text import events_table, heading

        return [heading(model), events_table(model, everything)]

    _emit(result, fmt, table, output, text)


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
    table: TableOption = None,
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
    overall: OverallOption = OverallRule.consensus,
    top: Annotated[
        int | None,
        typer.Option(
            "--top", "-n", min=0, help="JSON/YAML: at most N stress points in before/after."
        ),
    ] = None,
    fail_if_moved: Annotated[
        bool,
        typer.Option("--fail-if-moved", help="Exit with code 3 if any actor changes camp."),
    ] = False,
) -> None:
    """Apply what-if events and show what changed, before -> after."""
    from alliances_cli.engine.analysis import analyse
    from alliances_cli.engine.diff import compare
    from alliances_cli.engine.events import apply_events, resolve_events
    from alliances_cli.report.results import whatif_result

    model = _read(scenario)
    extra = _extra_events(model, events_file)
    chosen = resolve_events(model, event_names or [], extra)
    applied = apply_events(model, chosen, extra)
    _announce(model)
    before = analyse(model, camps=camps, overall=overall.value)
    after = analyse(applied.scenario, camps=camps, overall=overall.value, prior=before)
    changes = compare(before, after)
    if save:
        _save(applied.scenario, chosen, save)
    if fmt is not Format.text:
        for note in applied.notes:  # the text report shows them itself
            _terminal.message(f"note: {note.event}: {note.message}")

    def text() -> "list[Block]":
        from alliances_cli.report.text import whatif_report

        return whatif_report(before, after, applied, changes)

    _emit(
        lambda: whatif_result(before, after, applied, changes, top or None),
        fmt,
        table,
        output,
        text,
    )
    if fail_if_moved and changes.moved_actors:
        _terminal.error(
            f"alliances: actors changed camp: {', '.join(changes.moved_actors)} (--fail-if-moved)"
        )
        raise typer.Exit(exitcodes.THRESHOLD)


def _save(result: "Scenario", chosen: "tuple[Event, ...]", path: str) -> None:
    from alliances_cli.engine.events import still_valid_events
    from alliances_cli.output import write_atomic
    from alliances_cli.scenario.dump import dump_scenario
    from alliances_cli.scenario.record import replace

    names = ", ".join(e.id for e in chosen) or "no events"
    kept = still_valid_events(result)
    dropped = [e.id for e in result.events if e not in kept]
    saved = replace(result, title=f"{result.title} (after {names})", events=kept)
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
    fmt: FormatOption = Format.text,
    table: TableOption = None,
    output: OutputOption = None,
    camps: CampsOption = None,
    top: Annotated[
        int | None,
        typer.Option("--top", "-n", min=0, help="Text: list at most N combinations (0: all)."),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Processes to use (default: one per core)."),
    ] = None,
) -> None:
    """Apply every combination of the named events and rank them by impact."""
    from alliances_cli.engine.sweep import sweep as run_sweep
    from alliances_cli.report.results import sweep_result
    from alliances_cli.scenario.record import replace

    model = _read(scenario)
    extra = _extra_events(model, events_file)
    if extra:
        model = replace(model, events=(*model.events, *extra))
    if not model.events:
        _terminal.error(f"alliances: scenario '{model.id}' has no named events to sweep")
        raise typer.Exit(exitcodes.INVALID_INPUT)
    progress = _progress_printer() if _terminal.stderr_tty and not _terminal.quiet else None
    result = run_sweep(
        model, max_events=max_events, camps=camps, progress=progress, workers=jobs or _cores()
    )

    def text() -> "list[Block]":
        from alliances_cli.report.text import sweep_report

        return sweep_report(result, 15 if top is None else (top or None))

    _emit(lambda: sweep_result(result), fmt, table, output, text)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _progress_printer() -> Callable[[int, int], None]:
    shown = [-1]

    def show(done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        if total >= 50 and percent != shown[0]:
            shown[0] = percent
            end = "\n" if done == total else ""
            print(f"\rsweep: {percent}%", end=end, file=sys.stderr, flush=True)

    return show


@app.command()
@guarded
def actors(
    scenario: ScenarioArgument = None,
    theater: TheaterFilter = None,
    tag: Annotated[str | None, typer.Option("--tag", help="Only actors with this tag.")] = None,
    fmt: FormatOption = Format.text,
    table: TableOption = None,
    output: OutputOption = None,
) -> None:
    """List the actors: id, name, kind, tags, capability and theaters."""
    from alliances_cli.report.results import actors_result

    model = _read(scenario)
    chosen = _theater_choice(model, theater)
    ids = [
        a.id
        for a in model.actors
        if (chosen is None or a.id in model.theater_by_id[chosen[0]].actors)
        and (tag is None or tag in a.tags)
    ]
    _emit(lambda: actors_result(model, ids), fmt, table, output)


class Sign(str, Enum):
    positive = "positive"
    negative = "negative"
    neutral = "neutral"


@app.command()
@guarded
def ties(
    scenario: ScenarioArgument = None,
    actor: Annotated[
        list[str] | None,
        typer.Option(
            "--actor",
            "-a",
            help="Only ties of this actor (twice: only the tie between the two).",
            autocompletion=_scenario_completion("actor"),
        ),
    ] = None,
    theater: TheaterFilter = None,
    sign: Annotated[
        Sign | None, typer.Option("--sign", "-s", help="Only positive, negative or neutral ties.")
    ] = None,
    fmt: FormatOption = Format.text,
    table: TableOption = None,
    output: OutputOption = None,
) -> None:
    """List the ties: a row for each general stance and for each theater where one applies."""
    from alliances_cli.report.results import tie_rows, ties_result

    model = _read(scenario)
    _theater_choice(model, theater)
    for name in actor or []:
        if name not in model.actor_by_id:
            from alliances_cli.scenario.load import suggest

            raise typer.BadParameter(
                f"unknown actor '{name}'{suggest(name, model.actor_by_id)}",
                param_hint="'--actor'",
            )
    rows = [
        row
        for row in tie_rows(model, model.ties)
        if (theater is None or row[2] == theater)
        and all(name in (row[0], row[1]) for name in actor or [])
        and (
            sign is None
            or (sign is Sign.positive and row[4] > 0)
            or (sign is Sign.negative and row[4] < 0)
            or (sign is Sign.neutral and row[4] == 0)
        )
    ]
    _emit(lambda: ties_result(model, rows), fmt, table, output)


@app.command("import")
@guarded
def import_(
    file: Annotated[
        str, typer.Argument(help="A signed edge list (CSV or TSV with a header), or '-'.")
    ],
    output: OutputOption = None,
) -> None:
    """Convert a signed edge list into a scenario file to edit further."""
    from alliances_cli.output import emit
    from alliances_cli.scenario.dump import dump_scenario

    model = _read(file)
    header = f"# Imported by 'alliances import' from {file}\n"
    emit(header + dump_scenario(model), output)


class GraphFormat(str, Enum):
    svg = "svg"
    png = "png"
    pdf = "pdf"
    dot = "dot"
    graphml = "graphml"
    gexf = "gexf"


@app.command()
@guarded
def graph(
    scenario: ScenarioArgument = None,
    event_names: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[EVENT]...",
            help="Events to apply first, as in whatif (named or inline).",
            autocompletion=_complete_events,
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="The file to write (atomically); its extension picks the format.",
            metavar="FILE",
        ),
    ] = None,
    fmt: Annotated[
        GraphFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="svg, png, pdf (pictures) or dot, graphml, gexf (exports); default: from -o.",
            show_default=False,
        ),
    ] = None,
    theater: TheaterFilter = None,
    overall: Annotated[
        bool, typer.Option("--overall", help="Add a panel (or export) for the overall view.")
    ] = False,
    compare: Annotated[
        bool, typer.Option("--compare", help="Pictures: before and after side by side.")
    ] = False,
    events_file: EventsFileOption = None,
    camps: CampsOption = None,
    overall_rule: OverallRuleOption = OverallRule.consensus,
) -> None:
    """Draw the coalition map (SVG, PNG, PDF) or export the network (DOT, GraphML, GEXF)."""
    from alliances_cli.engine.analysis import analyse
    from alliances_cli.engine.events import apply_events, resolve_events

    chosen_format = _graph_format(fmt, output)
    model = _read(scenario)
    theaters = _theater_choice(model, theater)
    extra = _extra_events(model, events_file)
    chosen = resolve_events(model, event_names or [], extra)
    applied = apply_events(model, chosen, extra)
    _announce(model)
    rule = overall_rule.value
    old = analyse(model, theaters=theaters, camps=camps, overall=rule)
    after = analyse(applied.scenario, theaters=theaters, camps=camps, overall=rule, prior=old)
    views = [*after.theaters, *([after.overall] if overall or not after.theaters else [])]
    if chosen_format in ("dot", "graphml", "gexf"):
        if compare:
            raise typer.BadParameter("--compare draws pictures; exports hold one state")
        from alliances_cli.output import emit
        from alliances_cli.report.exports import network, to_dot, to_gexf, to_graphml

        exported = network(after, views)
        text = {
            "dot": lambda: to_dot(exported),
            "graphml": lambda: to_graphml(exported),
            "gexf": lambda: to_gexf(exported, model.as_of),
        }[chosen_format]()
        emit(text, output)
        return
    if output is None:
        raise typer.BadParameter(
            f"a {chosen_format.upper()} picture needs a file: add -o FILE.{chosen_format}",
            param_hint="'--output'",
        )
    from alliances_cli.output import write_atomic_with
    from alliances_cli.report.picture import panel_builder, render

    names = ", ".join(e.id for e in chosen)
    title = model.title + (f" — after {names}" if names else "")
    theater_names = {t.id: t.name for t in model.theaters}
    before = None
    if compare:
        before = [*old.theaters, *([old.overall] if overall or not old.theaters else [])]
    build = panel_builder(views, theater_names, before)
    actors = {a.id: a for a in (*model.actors, *applied.scenario.actors)}
    analyses = [after] if before is None else [old, after]
    write_atomic_with(
        output,
        lambda path: render(
            build, analyses, title, path, chosen_format, actors, columns=2 if compare else 3
        ),
    )
    _terminal.message(f"wrote {output}")


def _graph_format(fmt: GraphFormat | None, output: str | None) -> str:
    if fmt is not None:
        return fmt.value
    if output:
        suffix = os.path.splitext(output)[1].lower().lstrip(".")
        if suffix in {f.value for f in GraphFormat}:
            return suffix
        raise typer.BadParameter(
            f"cannot tell the format from '{output}'; use .svg, .png, .pdf, .dot, .graphml "
            "or .gexf, or give --format",
            param_hint="'--output'",
        )
    raise typer.BadParameter(
        "give -o FILE (its extension picks the format) or --format dot|graphml|gexf for stdout",
        param_hint="'--output'",
    )


def main() -> None:
    """Console-script entry point."""
    _register_only_the_invoked_command(sys.argv[1:])
    _collect_less_often()
    try:
        app()
    except KeyboardInterrupt:
        print("alliances: interrupted", file=sys.stderr)
        sys.exit(exitcodes.INTERRUPTED)
    finally:
        _spare_the_exit_collection()


def _collect_less_often() -> None:
    """Run the cyclic garbage collector every 50,000 allocations instead of every 700.

    What a command builds mostly lives until it ends and holds few reference cycles, so the
    collector's frequent passes find little: they were a third of `show` on a 3,000-actor
    network (48 -> 32 s). Young cycles are still collected, in larger batches.
    """
    import gc

    gc.set_threshold(50_000, 10, 10)


def _spare_the_exit_collection() -> None:
    """Let the interpreter exit without walking every object once more (7-9 ms of a light command).

    At exit Python runs a last garbage collection over everything still alive, which for a
    short command is everything it imported. Freezing moves those objects where no collection
    looks. Nothing is lost: outputs are closed and renamed before this point, and memory goes
    back to the system with the process.
    """
    import gc

    gc.freeze()


def _register_only_the_invoked_command(args: list[str]) -> None:
    """Typer builds every command's options at start; a run needs only its own (about 2 ms).

    Only when the command is certain: the first word that is not a global flag names a known
    command. `--help` before it, completion, or an unknown word keep them all (for the command
    list, and for "did you mean" suggestions).
    """
    if any(key.startswith("_ALLIANCES_COMPLETE") for key in os.environ):
        return
    for arg in args:
        if arg in ("--no-color", "--quiet", "-q", "--debug"):
            continue
        kept = [c for c in app.registered_commands if _command_name(c) == arg]
        if kept:
            app.registered_commands = kept
        return


def _command_name(info: "typer.models.CommandInfo") -> str:
    assert info.callback is not None
    return info.name or info.callback.__name__.replace("_", "-")
