"""The `alliances` application: global options, running a command, and the process around it.

`run(argv, env)` runs one command line in-process against an `Environment` and returns its
exit code; `main()` is the console script: it tunes the process for a short run, then exits
with what `run` returned.
"""

import os
import sys
from collections.abc import Sequence
from enum import Enum
from typing import Annotated

import typer

from alliances_cli import exitcodes
from alliances_cli.cli.env import Environment, one_line
from alliances_cli.version import __version__

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


def _version(value: bool) -> None:
    if value:
        print(f"alliances {__version__}")
        raise typer.Exit()


class Combine(str, Enum):
    mean = "mean"
    min = "min"
    max = "max"
    sum = "sum"
    agree = "agree"


def _scale(value: str | None) -> str | None:
    if value is None:  # every command calls this: nothing to import then
        return value
    from alliances_cli.api.checks import scale_of

    if scale_of(value) is None:
        raise typer.BadParameter(
            f"{value!r} is not a scale; write MIN:MAX with MIN below MAX, such as -10:10"
        )
    return value


def _date(value: str | None) -> str | None:
    from alliances_cli.api.checks import is_date

    if value is not None and not is_date(value):
        raise typer.BadParameter(f"{value!r} is not a date; write YYYY-MM-DD, YYYY-MM or YYYY")
    return value


@app.callback()
def _main(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="Plain text, no colour.")] = False,
    no_pager: Annotated[
        bool,
        typer.Option("--no-pager", help="At a terminal, print long text instead of paging it."),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print results and errors only.")
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback on internal errors.")
    ] = False,
    actors_file: Annotated[
        str | None,
        typer.Option(
            "--actors",
            help="A CSV of actors (id, name, kind, capability, tags) to name and describe the "
            "actors of the scenario read, such as an imported network's.",
            metavar="FILE",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Read dated scenarios as of this day (YYYY-MM-DD, YYYY-MM or YYYY): only "
            "the ties and engagements that hold then. Default: the scenario's own as_of, or "
            "the latest date it names.",
            metavar="DATE",
            callback=_date,
        ),
    ] = None,
    combine: Annotated[
        Combine | None,
        typer.Option(
            "--combine",
            help="Edge lists: how several ratings of a pair (both directions, repeats) make "
            "one stance: mean (default), min, max, sum (held to -1..+1) or agree (the mean "
            "where all agree in sign, else neutral).",
            metavar="RULE",
            show_default=False,
        ),
    ] = None,
    scale: Annotated[
        str | None,
        typer.Option(
            "--scale",
            help="Edge lists: the rating scale of a weight column, mapped to stances -1..+1 "
            "(0 stays neutral), such as -10:10. Default: the data's largest |weight|.",
            metavar="MIN:MAX",
            callback=_scale,
        ),
    ] = None,
    count_confidence: Annotated[
        bool,
        typer.Option(
            "--count-confidence",
            help="Edge lists: a pair's confidence from its number of ratings n: n/(n+1).",
        ),
    ] = False,
    overwrite_input: Annotated[
        bool,
        typer.Option(
            "--overwrite-input",
            help="Let -o, --save or graph -o replace a file the command reads (refused otherwise).",
        ),
    ] = False,
) -> None:
    env = ctx.obj if isinstance(ctx.obj, Environment) else Environment.detect()
    env.color = env.color and not no_color
    env.quiet = env.quiet or quiet
    env.debug = env.debug or debug
    env.overwrite_input = env.overwrite_input or overwrite_input
    env.actors_file = env.actors_file or actors_file
    env.as_of = env.as_of or as_of
    env.combine = env.combine or (combine.value if combine else None)
    env.scale = env.scale or scale
    env.count_confidence = env.count_confidence or count_confidence
    env.pager = env.pager and not no_pager
    ctx.obj = env


def environment(ctx: typer.Context) -> Environment:
    """The environment the global options set up for this command."""
    found = ctx.find_object(Environment)
    return found if found is not None else Environment.detect()


def run(argv: Sequence[str], env: Environment | None = None) -> int:
    """Run one command line against `env` (default: this process's streams); its exit code.

    Typer's own messages (help, usage errors) go to the environment's streams too.
    """
    env = env or Environment.detect()
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = env.stdout, env.stderr
    try:
        code = _command().main(
            args=globals_first(argv), prog_name="alliances", obj=env, standalone_mode=False
        )
        return code if isinstance(code, int) else exitcodes.OK
    except typer.Abort:
        env.error("Aborted!")
        return exitcodes.INVALID_INPUT
    except typer.TyperException as exc:  # Click's usage errors, as Typer raises them
        # They quote what was typed: escape it as every other message does, so a
        # right-to-left override or a control byte cannot make a line read otherwise.
        exc.message = one_line(str(exc.message))
        _suggest_global(exc)
        exc.show()  # type: ignore[attr-defined]
        return int(exc.exit_code)
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or exitcodes.OK
        env.error(str(exc.code))
        return exitcodes.INVALID_INPUT
    except KeyboardInterrupt:
        env.error("alliances: interrupted")
        return exitcodes.INTERRUPTED
    finally:
        sys.stdout, sys.stderr = saved
    return exitcodes.OK


def _suggest_global(exc: Exception) -> None:
    """A misspelt global option typed after the command (`show --as-off 2020`) gets the
    suggestion it gets before the command: Click offers only the command's own options."""
    name = getattr(exc, "option_name", None)
    if not isinstance(name, str) or getattr(exc, "possibilities", None) is None:
        return
    if exc.possibilities:  # type: ignore[attr-defined]
        return
    import difflib

    close = difflib.get_close_matches(name, [*GLOBAL_FLAGS, *GLOBAL_WITH_VALUE], n=3)
    exc.possibilities = [c for c in close if c.startswith("--")]  # type: ignore[attr-defined]


#: The Click command Typer builds from `app`, with the names of the commands it was built with.
_BUILT: list[tuple[tuple[str | None, ...], typer.core.TyperGroup]] = []


def _command() -> typer.core.TyperGroup:
    """The application as a Click command, built once for the commands registered.

    Typer rebuilds every command's options on each call of `app` (24 ms): once per process
    for the console script, but in-process callers (a notebook, the tests) run many lines.
    """
    names = tuple(info.name for info in app.registered_commands)
    if not _BUILT or _BUILT[0][0] != names:
        group = typer.main.get_command(app)
        assert isinstance(group, typer.core.TyperGroup)
        _BUILT[:] = [(names, group)]
    return _BUILT[0][1]


#: Global options: they may be typed anywhere on the line, and are moved before the command.
GLOBAL_FLAGS = (
    "--no-color",
    "--no-pager",
    "--quiet",
    "-q",
    "--debug",
    "--overwrite-input",
    "--count-confidence",
)
GLOBAL_WITH_VALUE = ("--actors", "--as-of", "--combine", "--scale")


def globals_first(argv: Sequence[str]) -> list[str]:
    """The command line with global options typed after the command moved before it (people
    add `-q` at the end); nothing after `--` moves."""
    args = list(argv)
    end = args.index("--") if "--" in args else len(args)
    head, tail = args[:end], args[end:]
    moved: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(head):
        arg = head[i]
        if arg in GLOBAL_FLAGS or ("=" in arg and arg.split("=", 1)[0] in GLOBAL_WITH_VALUE):
            moved.append(arg)
        elif arg in GLOBAL_WITH_VALUE and i + 1 < len(head):
            moved += [arg, head[i + 1]]
            i += 1
        else:
            rest.append(arg)
        i += 1
    return moved + rest + tail


def main() -> None:
    """Console-script entry point."""
    from alliances_cli.cli import process

    _register_only_the_invoked_command(sys.argv[1:])
    process.tune_for_one_command()
    try:
        code = run(sys.argv[1:])
    finally:
        process.spare_the_exit_collection()
    process.exit_now(code)


def _register_only_the_invoked_command(args: list[str]) -> None:
    """Typer builds every command's options at start; a run needs only its own (about 2 ms).

    Only when the command is certain: the first word that is not a global flag names a known
    command. `--help` before it, completion, or an unknown word keep them all (for the command
    list, and for "did you mean" suggestions).
    """
    if any(key.startswith("_ALLIANCES_COMPLETE") for key in os.environ):
        return
    args = globals_first(args)
    skip = False
    for arg in args:
        if skip or arg in GLOBAL_FLAGS or arg.split("=", 1)[0] in GLOBAL_WITH_VALUE:
            skip = not skip and arg in GLOBAL_WITH_VALUE  # its value follows
            continue
        kept = [c for c in app.registered_commands if _command_name(c) == arg]
        if kept:
            app.registered_commands = kept
        return


def _command_name(info: typer.models.CommandInfo) -> str:
    if info.name:
        return info.name
    callback = info.callback
    assert callback is not None
    return callback.__name__.replace("_", "-")
