"""Reading the scenario a command names, and printing its result: the one path of every command.

Text for people goes through Rich at a terminal and is plain, unwrapped lines otherwise;
machine formats never go through Rich. `-o FILE` is written atomically.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import typer

from alliances_cli.cli.env import Environment
from alliances_cli.cli.options import Format

if TYPE_CHECKING:
    from alliances_cli.api import Event, Scenario
    from alliances_cli.api.output import Block, Output, Result


def read(env: Environment, argument: str | None, *, whole: bool = False) -> Scenario:
    """The scenario a command names: a file, '-' (the environment's stdin), or a bundled name
    (none: the default). A word that is none of these gets a hint: the bundled name it is close
    to, or, for a word that is an event, where events go.

    A dated scenario is read as of `--as-of` (or its own date); `whole` keeps every period,
    unless `--as-of` asks for one day.
    """
    import os

    from alliances_cli import api
    from alliances_cli.api.checks import did_you_mean, near_file, scale_of

    path = api.scenario_path(argument)
    if argument is not None and path != "-" and not os.path.exists(path):
        if looks_like_event(argument):
            hint = (
                f"no such file; '{argument}' is an event: name the scenario first "
                f"(alliances whatif {DEFAULT_SCENARIO} {argument})"
            )
        else:
            close = did_you_mean(argument, api.bundled_names()) or near_file(argument)
            hint = "no such file" + (close or "; check the path (or run 'alliances scenarios')")
        raise api.ScenarioError.one(argument, hint)
    if path != "-":
        env.inputs.append(path)
    if env.actors_file is not None:
        env.inputs.append(env.actors_file)
    scenario = api.load(
        path,
        actors=env.actors_file,
        stdin=env.stdin,
        combine=env.combine or "mean",
        scale=None if env.scale is None else scale_of(env.scale),
        count_confidence=env.count_confidence,
    )
    _check_rating_options(env, scenario)
    if whole and env.as_of is None:
        return scenario
    if env.as_of is not None:
        _say_if_past_the_data(env, scenario, env.as_of)
    return api.as_of(scenario, env.as_of)


def _say_if_past_the_data(env: Environment, scenario: Scenario, when: str) -> None:
    """An --as-of after everything the scenario dates reads its last state: said, since a
    mistyped year (2061 for 2016) would otherwise pass unnoticed."""
    from alliances_cli import api
    from alliances_cli.api.checks import full_date

    last = api.latest_date(scenario)
    if last is not None and full_date(when) > last:
        env.message(
            f"alliances: --as-of {when} is after the last date the scenario names ({last}); "
            "it reads the state from then on"
        )


def read_calibration(path: str | None) -> Any:
    """The track record `--calibration FILE` names (None: none); a file that is not one is a
    usage error of that option."""
    if path is None:
        return None
    from alliances_cli import api

    try:
        return api.load_calibration(path)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--calibration'") from None


def _check_rating_options(env: Environment, scenario: Scenario) -> None:
    """The edge-list options on a YAML scenario are a usage error, not silently unused; a
    scale read off the data is said."""
    given = [
        name
        for name, value in (
            ("--combine", env.combine),
            ("--scale", env.scale),
            ("--count-confidence", env.count_confidence),
        )
        if value
    ]
    reading = scenario.reading
    if reading is None and given:
        raise typer.BadParameter(
            f"{given[0]} applies to edge lists (CSV, TSV, SNAP); "
            f"{scenario.path or 'the scenario'} is a YAML scenario, whose stances are written in it"
        )
    if reading is not None and reading.scale_from_data and reading.scale is not None:
        env.message(
            f"alliances: ratings read on a {reading.scale[0]:g}:{reading.scale[1]:g} scale, "
            "from the largest |weight| in the data; --scale MIN:MAX sets it"
        )


#: The scenario a command reads when none is named.
DEFAULT_SCENARIO = "mosul-aleppo-2016"


def looks_like_event(word: str, events_file: str | None = None) -> bool:
    """Whether a word that names no file is an inline event, an event of the default
    scenario, or one of an `--events` file given with it."""
    import os

    from alliances_cli import api

    if word == "-" or os.path.exists(word) or word in api.bundled_names():
        return False
    if ":" in word:
        return True
    default = api.load()
    if word in default.event_by_id:
        return True
    if events_file is None or not os.path.isfile(events_file):
        return False
    try:
        return word in {e.id for e in api.load_events(events_file, default)}
    except (api.ScenarioError, api.EventError, OSError):
        return False  # the file's own errors are said when it is read as the command's input


def scenario_and_events(
    env: Environment,
    argument: str | None,
    events: list[str] | None,
    events_file: str | None = None,
) -> tuple[Scenario, list[str]]:
    """For `[SCENARIO] [EVENT]...`: a first word that is an event, not a scenario, is the first
    event of the default scenario (as every command defaults to it), also when the event is
    in the `--events` file."""
    if argument is not None and looks_like_event(argument, events_file):
        return read(env, None), [argument, *(events or [])]
    return read(env, argument), list(events or [])


def extra_events(env: Environment, model: Scenario, path: str | None) -> tuple[Event, ...]:
    """The named events of an `--events FILE` (read as an input of the command)."""
    if path is None:
        return ()
    from alliances_cli import api

    env.inputs.append(path)
    return api.load_events(path, model)


#: At a terminal, an analysis of at least this many ties is announced: it takes seconds.
ANNOUNCED_TIES = 5_000


#: Memory a command counts on, per tie and fixed: enough for a what-if, which holds two
#: analyses and two documents (planted networks: 0.83 GB at 200,000 ties; `show --format
#: json` 2.0 GB at a million). docs/performance.md has the figures.
BYTES_PER_TIE = 3_500
BYTES_FIXED = 300 * 1024 * 1024


def announce(
    env: Environment, model: Scenario, *, patience: bool = True, many: bool = False
) -> None:
    """Refuse an analysis that would run out of memory, up front; say on a terminal's stderr
    that a large one has begun, so that silence is no hang; and a smaller one that outlasts a
    second says so then (erased when the result is ready). `many`: the command analyses the
    scenario many times (robustness samples), so the garbage collector stays on."""
    from alliances_cli.cli.process import settle

    needed = BYTES_FIXED + BYTES_PER_TIE * len(model.ties)
    available = env.memory()
    if available is not None and needed > available:
        from alliances_cli import exitcodes

        env.error(
            f"alliances: analysing {len(model.ties):,} ties needs about {needed / 2**30:.1f} GB "
            f"of memory and {available / 2**30:.1f} GB is available; free memory, analyse one "
            "theater (--theater), or set ALLIANCES_MEMORY_MB if more is there"
        )
        raise typer.Exit(exitcodes.UNAVAILABLE)
    settle(0 if many else len(model.ties))  # the scenario lives until the end
    if patience and len(model.ties) < ANNOUNCED_TIES:
        env.patience(
            f"alliances: looking for the best camps ({len(model.actors):,} actors, "
            f"{len(model.ties):,} ties)..."
        )
    if env.stderr_tty and len(model.ties) >= ANNOUNCED_TIES:
        env.message(
            f"alliances: analysing {len(model.actors):,} actors and {len(model.ties):,} ties..."
        )


def emit_text(env: Environment, text: str | Sequence[str], output: str | None) -> None:
    """Machine output, whole or in pieces: to the -o file (`alliances_cli.output` says how),
    or to stdout as is (`-o -` too; never through Rich)."""
    if output and output != "-":
        from alliances_cli.api.output import write

        write(output, text, inputs=env.protected())
        env.message(f"wrote {output}")  # as graph and report say: a file may be replaced
    else:
        env.write(text)


def print_blocks(env: Environment, blocks: list[Block], output: str | None) -> None:
    """Text for people: through Rich to a terminal; plain, unwrapped lines otherwise."""
    from alliances_cli.api import output as render

    if (not output or output == "-") and env.stdout_tty:
        console = env.console()
        with console.capture() as captured:
            for item in render.rich(blocks):
                console.print(item)
        text = captured.get()
        if not (env.pager and text.count("\n") >= env.rows() and page(text)):
            env.write(text)
        return
    emit_text(env, render.plain(blocks), output)


#: Formats an `-o` file's extension picks when `--format` is not given.
EXTENSIONS = {
    ".json": Format.json,
    ".ndjson": Format.ndjson,
    ".jsonl": Format.ndjson,
    ".csv": Format.csv,
    ".tsv": Format.tsv,
    ".yaml": Format.yaml,
    ".yml": Format.yaml,
    ".md": Format.markdown,
    ".markdown": Format.markdown,
    ".txt": Format.text,
}


def resolve_format(fmt: Format | None, output: str | None) -> Format:
    """`--format` if given, else the `-o` file's extension, else text; the two must agree."""
    import os

    implied = EXTENSIONS.get(os.path.splitext(output or "")[1].lower())
    if fmt is None:
        return implied or Format.text
    if implied is not None and implied is not fmt:
        raise typer.BadParameter(
            f"--format {fmt.value} contradicts the file name '{output}' ({implied.value}); "
            "drop one, or change the other",
            param_hint="'--format'",
        )
    return fmt


def page(text: str) -> bool:
    """Show `text` through a pager, as git does: $PAGER (`less` by default, with LESS=FRX:
    quit at once if it fits, keep colours, leave the text on the screen). False if there is
    no pager to run, so the caller prints it."""
    import os
    import subprocess

    command = os.environ.get("PAGER", "less")
    if not command.strip() or command.strip() == "cat":
        return False
    environ = dict(os.environ)
    environ.setdefault("LESS", "FRX")
    try:
        pager = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=environ)
    except OSError:
        return False
    assert pager.stdin is not None
    try:
        pager.stdin.write(text.encode("utf-8"))
        pager.stdin.close()
    except BrokenPipeError:  # the reader quit the pager early
        pass
    pager.wait()
    return pager.returncode != 127  # the shell found no such pager: print instead


def emit(
    env: Environment,
    out: Output,
    fmt: Format | None,
    table: str | None,
    output: str | None,
) -> None:
    """Print a command's result in the chosen format (or the one `-o FILE` implies).

    Text with a report of its own never builds the machine result (on a large network,
    building it for nothing took a fifth of `show`).
    """
    from alliances_cli.api import output as render
    from alliances_cli.cli.process import hold, settle

    env.settled()
    settle()  # the analysis lives until the end
    hold(out)  # and so does what it makes, which need not be freed at the end
    fmt = resolve_format(fmt, output)
    if table is not None and fmt in (Format.json, Format.yaml):
        raise typer.BadParameter(
            f"--table picks one table in text, markdown, ndjson, csv or tsv; {fmt.value} holds "
            "every table",
            param_hint="'--table'",
        )
    if fmt is Format.text and out.has_report and table is None:
        print_blocks(env, out.report(), output)
        return
    if fmt is Format.markdown and out.has_report and table is None:
        emit_text(env, render.markdown(out.report()), output)
        return
    result = out.result()
    hold(result)
    if table is not None:
        check_table(result, table)
    if fmt is Format.text:
        print_blocks(env, render.table_blocks(result, table), output)
        return
    emit_text(env, render.machine(result, fmt.value, table), output)


def check_table(result: Result, table: str) -> None:
    if table not in result.table_names:
        from alliances_cli.api.checks import did_you_mean, hinted

        hint = did_you_mean(table, result.table_names)
        raise typer.BadParameter(
            f"no table '{table}'"
            + hinted(hint, f"this command has: {', '.join(result.table_names)}"),
            param_hint="'--table'",
        )
