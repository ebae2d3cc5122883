"""Commands that analyse a scenario: show (coalitions, stress, balance) and graph (pictures and
network exports)."""

import os
from enum import Enum
from typing import Annotated

import typer

from alliances_cli import exitcodes
from alliances_cli.cli.app import environment
from alliances_cli.cli.errors import guarded
from alliances_cli.cli.options import (
    CampsOption,
    EventsFileOption,
    FormatOption,
    OutputOption,
    OverallOption,
    OverallRule,
    OverallRuleOption,
    ScenarioArgument,
    TableOption,
    TheaterFilter,
    TimeLimitOption,
    complete_events,
)
from alliances_cli.cli.output import (
    announce,
    emit,
    emit_text,
    extra_events,
    read,
    read_calibration,
    scenario_and_events,
)


@guarded
def show(
    ctx: typer.Context,
    scenario: ScenarioArgument = None,
    fmt: FormatOption = None,
    table: TableOption = None,
    output: OutputOption = None,
    theater: TheaterFilter = None,
    top: Annotated[
        int | None,
        typer.Option(
            "--top",
            "-n",
            min=0,
            help="List at most N stress points, and in text N splits and N hedges (0: all). "
            "Default: 10 in text, all otherwise.",
            show_default=False,
        ),
    ] = None,
    camps_limit: CampsOption = None,
    overall: OverallOption = OverallRule.consensus,
    evidence: Annotated[
        bool,
        typer.Option(
            "--evidence", "-e", help="Text: quote the evidence and facets of each stress point."
        ),
    ] = False,
    time_limit: TimeLimitOption = None,
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
    calibration: Annotated[
        str | None,
        typer.Option(
            "--calibration",
            help="Print beside each severity its track record from this file (written by "
            "backtest --save-calibration): how often such points changed by the next slice.",
            metavar="FILE",
        ),
    ] = None,
) -> None:
    """Coalitions per theater and overall, the stress points ranked, and the balance.

    Tables: coalitions, stress, ties, balance.
    """
    from alliances_cli import api

    env = environment(ctx)
    history = read_calibration(calibration)
    model = read(env, scenario)
    announce(env, model)
    analysis = api.analyse(
        model,
        theater=theater,
        camps_limit=camps_limit,
        overall=overall.value,
        time_limit=time_limit,
    )

    emit(env, analysis.output(top, evidence, env.width(), history), fmt, table, output)
    if fail_on_stress is not None:
        worst = max((s.severity for s in analysis.stress), default=0.0)
        if worst >= fail_on_stress - 1e-12:
            env.error(
                f"alliances: a stress point has severity {worst:.2f}, "
                f"at or above --fail-on-stress {fail_on_stress:g}"
            )
            raise typer.Exit(exitcodes.THRESHOLD)


class GraphFormat(str, Enum):
    svg = "svg"
    png = "png"
    pdf = "pdf"
    dot = "dot"
    graphml = "graphml"
    gexf = "gexf"


GraphEvents = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[EVENT]...",
        help="Events to apply first, as in whatif (named or inline).",
        autocompletion=complete_events,
        show_default=False,
    ),
]
GraphOutput = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        help="The file to write (atomically); its extension picks the format.",
        metavar="FILE",
    ),
]
GraphFormatOption = Annotated[
    GraphFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="svg, png, pdf (pictures) or dot, graphml, gexf (exports); default: from -o.",
        show_default=False,
    ),
]
WithOverall = Annotated[
    bool, typer.Option("--overall", help="Add a panel (or export) for the overall view.")
]
Compare = Annotated[
    bool, typer.Option("--compare", help="Pictures: before and after side by side.")
]


@guarded
def graph(
    ctx: typer.Context,
    scenario: ScenarioArgument = None,
    event_names: GraphEvents = None,
    output: GraphOutput = None,
    fmt: GraphFormatOption = None,
    theater: TheaterFilter = None,
    overall: WithOverall = False,
    compare: Compare = False,
    events_file: EventsFileOption = None,
    camps_limit: CampsOption = None,
    overall_rule: OverallRuleOption = OverallRule.consensus,
) -> None:
    """Draw the coalition map (SVG, PNG, PDF) or export the network (DOT, GraphML, GEXF)."""
    from alliances_cli import api

    env = environment(ctx)
    chosen = _graph_format(fmt, output)
    model, event_names = scenario_and_events(env, scenario, event_names, events_file)
    extra = extra_events(env, model, events_file)
    announce(env, model)
    rule = overall_rule.value
    if chosen in ("dot", "graphml", "gexf"):
        if compare:
            raise typer.BadParameter("--compare draws pictures; exports hold one state")
        result = api.whatif(
            model,
            event_names or [],
            theater=theater,
            camps_limit=camps_limit,
            overall=rule,
            extra=extra,
        )
        emit_text(env, api.export(result, chosen, overall=overall), output)
        return
    if output is None or output == "-":
        raise typer.BadParameter(
            f"a {chosen.upper()} picture needs a file: add -o FILE.{chosen}",
            param_hint="'--output'",
        )
    api.draw(
        model,
        output,
        events=event_names or [],
        fmt=chosen,
        theater=theater,
        overall=overall,
        compare=compare,
        camps_limit=camps_limit,
        overall_rule=rule,
        extra=extra,
        inputs=env.protected(),
    )
    env.message(f"wrote {output}")


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
