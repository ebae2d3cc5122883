"""Options and arguments that several commands share, with their help and completion."""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from alliances_cli.api import Scenario


class Format(str, Enum):
    text = "text"
    json = "json"
    ndjson = "ndjson"
    csv = "csv"
    tsv = "tsv"
    yaml = "yaml"
    markdown = "markdown"


class OverallRule(str, Enum):
    consensus = "consensus"
    mean = "mean"


FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="text for people; json, ndjson, csv, tsv, yaml or markdown for scripts and "
        "documents. Default: from the -o file's extension, else text.",
        show_default=False,
    ),
]
TableOption = Annotated[
    str | None,
    typer.Option(
        "--table",
        help="One of the command's tables (listed in its help): the one to print in ndjson, csv "
        "or tsv (default: the first), the only one in text or markdown.",
        metavar="NAME",
    ),
]
OutputOption = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        help="Write the result to this file ('-': stdout); its extension picks the format.",
        metavar="FILE",
    ),
]


def completion_scenario(ctx: typer.Context) -> Scenario | None:
    """The scenario named on the command line being completed, if it can be read."""
    try:
        from alliances_cli import api

        return api.load(ctx.params.get("scenario"))
    except Exception:  # completion must never fail loudly
        return None


def _ids(kind: str) -> Callable[[typer.Context, str], list[str]]:
    """Complete actor or theater ids from the scenario named on the command line."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        model = completion_scenario(ctx)
        if model is None:
            return []
        ids = [a.id for a in model.actors] if kind == "actor" else list(model.theater_by_id)
        return [i for i in ids if i.startswith(incomplete)]

    return complete


complete_actors = _ids("actor")


def complete_events(ctx: typer.Context, incomplete: str) -> list[str]:
    """Event names, inline verbs, and the scenario's actors and theaters after a verb."""
    model = completion_scenario(ctx)
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
        "--theater", "-t", help="Only this theater.", metavar="ID", autocompletion=_ids("theater")
    ),
]
CampsOption = Annotated[
    int | None,
    typer.Option(
        "--camps", "-k", min=1, help="Allow at most K camps per view.", show_default=False
    ),
]
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
EventsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="EVENT...",
        help="Named events and inline events, applied in the order given. Inline: "
        "exclude:ACTOR[@THEATER], remove:ACTOR, include:ACTOR@THEATER, "
        "set:A:B=STANCE[@THEATER], shift:A:B=DELTA[@THEATER], confidence:A:B=C[@THEATER].",
        autocompletion=complete_events,
        show_default=False,
    ),
]

JobsOption = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, help="Processes to use (default: one per core)."),
]

TimeLimitOption = Annotated[
    float | None,
    typer.Option(
        "--time-limit",
        min=0.001,
        help="Give the exact search this many seconds per view instead of its fixed node "
        "budget, to prove more (the result may then vary with the machine's speed).",
        metavar="SECONDS",
        show_default=False,
    ),
]


class Executor(str, Enum):
    local = "local"
    dask = "dask"


ExecutorOption = Annotated[
    Executor,
    typer.Option(
        "--executor",
        help="Where the work runs: local (processes here, -j) or dask (a Dask cluster: "
        "--scheduler, or a local cluster started for the run; needs the dask extra).",
        case_sensitive=False,
    ),
]
_ADDRESS = re.compile(r"^(tcp://)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.\-_]+):(\d{1,5})$")


def scheduler_address(value: str | None) -> str | None:
    """A scheduler address Dask can dial without more settings: `tcp://HOST:PORT` or
    `HOST:PORT`; anything else is a usage error naming those forms (not an internal error
    from deep inside Dask). Checked only for `--executor dask`, so that a stray
    DASK_SCHEDULER_ADDRESS never stops a local run."""
    if value is None:
        return None
    found = _ADDRESS.match(value.strip())
    if found is None or not 0 < int(found.group(3)) < 65536:
        hint = (
            "tls:// needs Dask security settings alliances does not pass; "
            if value.strip().lower().startswith("tls://")
            else ""
        )
        from alliances_cli.api.checks import quoted_value

        raise typer.BadParameter(
            f"{quoted_value(value)} is not a scheduler address; {hint}give tcp://HOST:PORT or "
            "HOST:PORT (such as tcp://10.0.0.5:8786)",
            param_hint="'--scheduler' / DASK_SCHEDULER_ADDRESS",
        )
    return value.strip()


SchedulerOption = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        envvar="DASK_SCHEDULER_ADDRESS",
        help="The Dask scheduler for --executor dask, such as tcp://10.0.0.5:8786.",
        metavar="ADDRESS",
        show_envvar=True,
    ),
]


def check_picture(path: str | None, option: str) -> None:
    """Refuse, before any work, a picture file whose extension names no format we draw."""
    from alliances_cli.api.checks import PICTURE_FORMATS

    if path is not None and path.rsplit(".", 1)[-1].lower() not in PICTURE_FORMATS:
        raise typer.BadParameter(
            f"cannot tell the picture format of '{path}'; end it in .svg, .png or .pdf",
            param_hint=f"'{option}'",
        )
