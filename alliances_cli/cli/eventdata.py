"""`alliances import-events`: dyadic event files (GDELT, ICEWS, CSV, ACLED, PLOVER) into a
scenario."""

from enum import Enum
from typing import Annotated, Any

import typer

from alliances_cli import exitcodes
from alliances_cli.cli.app import environment
from alliances_cli.cli.env import Environment
from alliances_cli.cli.errors import guarded
from alliances_cli.cli.options import OutputOption
from alliances_cli.cli.output import emit_text


class EventFormat(str, Enum):
    auto = "auto"
    gdelt = "gdelt"
    icews = "icews"
    csv = "csv"
    acled = "acled"
    plover = "plover"


class Dedup(str, Enum):
    one_a_day = "one-a-day"


#: Unmapped codes named in the summary; the rest are counted.
SHOWN_CODES = 8


EventFiles = Annotated[
    list[str],
    typer.Argument(
        metavar="FILES...",
        help="Event files (.gz and one-file .zip too), or '-' for stdin.",
        show_default=False,
    ),
]
EventFormatOption = Annotated[
    EventFormat,
    typer.Option(
        "--format",
        "-f",
        help="gdelt (1.0 or 2.0 event files), icews (TSV with a header), csv (date, "
        "source, target, score; optionally id, url, sources, code), acled (ACLED CSV "
        "exports), plover (PLOVER JSON lines or POLECAT TSV), or auto: told from the first "
        "line.",
    ),
]
ActorMap = Annotated[
    str | None,
    typer.Option(
        "--map",
        "-m",
        help="A CSV code,actor[,name] naming the scenario actor of each code (USA -> us; "
        "a code also matches by its leading three-letter parts: USAGOV -> USA). Default: "
        "each code is an actor.",
        metavar="FILE",
    ),
]
HalfLife = Annotated[
    float,
    typer.Option(
        "--half-life", min=0.001, help="Days after which an event counts half.", metavar="DAYS"
    ),
]
Window = Annotated[
    str | None,
    typer.Option(
        "--window",
        "-w",
        help="One dated tie per pair and window (1w, 1m, 3m, 1y), for `timeline`; "
        "default: one tie per pair as of the last event's day (or --as-of).",
        metavar="STEP",
    ),
]
DedupOption = Annotated[
    Dedup | None,
    typer.Option(
        "--dedup",
        help="one-a-day: keep one event per pair, event type and day (repeated reports of "
        "one event counted and dropped).",
        show_default=False,
    ),
]
Strict = Annotated[
    bool,
    typer.Option("--strict", help="Refuse the files if any line is malformed (exit 1)."),
]


@guarded
def import_events(
    ctx: typer.Context,
    files: EventFiles,
    fmt: EventFormatOption = EventFormat.auto,
    actor_map: ActorMap = None,
    half_life: HalfLife = 30.0,
    window: Window = None,
    strict: Strict = False,
    dedup: DedupOption = None,
    output: OutputOption = None,
) -> None:
    """Turn dyadic event files into a scenario of signed ties, with the strongest events as
    evidence: decayed cooperation C and conflict K per pair, stance (C - K) / (C + K)."""
    from alliances_cli import api

    env = environment(ctx)
    for name in files:
        if name != "-":
            env.inputs.append(name)
    if actor_map is not None:
        env.inputs.append(actor_map)
    progress = None
    if env.stderr_tty and not env.quiet:

        def progress(read: int) -> None:
            env.progress(f"import-events: {read:,} events read", done=False)

    try:
        found = api.import_events(
            files,
            fmt=fmt.value,
            actor_map=actor_map,
            half_life=half_life,
            as_of=env.as_of,
            window=window,
            stdin=env.stdin,
            progress=progress,
            dedup=None if dedup is None else dedup.value,
        )
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    finally:
        if progress is not None:
            env.progress("", done=True)
    _report_counts(env, found.to_dict(), found.scenario.as_of, window, strict)
    header = f"# Imported by 'alliances import-events' from {', '.join(files)}\n"
    emit_text(env, header + api.dump(found.scenario), output)


def _report_counts(
    env: Environment, counts: dict[str, Any], as_of: str | None, window: str | None, strict: bool
) -> None:
    """Say on stderr what was read, used and left out; with `strict`, stop at any malformed
    line (exit 1, nothing written)."""
    for problem in counts["problems"]:
        env.error(problem)
    more = counts["malformed"] - len(counts["problems"])
    if more > 0:
        env.error(f"and {more:,} more malformed lines")
    if strict and counts["malformed"]:
        env.error(f"{counts['malformed']:,} malformed lines; nothing written (--strict)")
        raise typer.Exit(exitcodes.INVALID_INPUT)
    env.message(_summary(counts, as_of, window))
    left = _left_out(counts)
    if left:
        env.message("left out: " + left)


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def _summary(counts: dict[str, Any], as_of: str | None, window: str | None) -> str:
    made = f"{_count(counts['ties'], 'tie')} among {_count(counts['actors'], 'actor')}"
    when = f"in {_count(counts['windows'], 'window')} of {window}" if window else f"as of {as_of}"
    bad = counts["malformed"]
    skipped = f" ({_count(bad, 'malformed line')} skipped)" if bad else ""
    read = f"{_count(counts['events'], 'event')} read{skipped}"
    return f"{read}, {counts['used']:,} used: {made}, {when}"


def _left_out(counts: dict[str, Any]) -> str:
    parts = []
    unmapped = counts["unmapped"]
    if unmapped:
        named = ", ".join(f"{code} {n:,}" for code, n in list(unmapped.items())[:SHOWN_CODES])
        rest = len(unmapped) - SHOWN_CODES
        named += f" and {rest:,} more codes" if rest > 0 else ""
        events = counts["unmapped_events"]
        parts.append(f"{events:,} with a code the map does not name ({named})")
    for key, what in (
        ("one_sided", "with one actor only"),
        ("same_actor", "of an actor with itself"),
        ("neutral", "with a score of 0"),
        ("after_as_of", "after the as-of day"),
        ("duplicates", "repeating an event of the same pair, type and day (--dedup)"),
    ):
        if counts[key]:
            parts.append(f"{counts[key]:,} {what}")
    return "; ".join(parts)
