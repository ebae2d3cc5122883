"""`alliances sweep`: every combination of the named events, ranked by impact."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from alliances_cli.reports.common import heading, names, scenario_header
from alliances_cli.reports.render.blocks import Block, Grid, Styled
from alliances_cli.reports.render.formats import Result, table
from alliances_cli.reports.render.numbers import num
from alliances_cli.scenario.vocabulary import signed

if TYPE_CHECKING:
    from alliances_cli.engine.sweep import Outcome, SweepResult


def sweep_report(result: SweepResult, top: int | None) -> list[Block]:
    scenario = result.scenario
    parts: list[Block] = [heading(scenario), Styled("")]
    ok = [o for o in result.outcomes if o.error is None]
    failed = [o for o in result.outcomes if o.error is not None]
    shown = ok if top is None else ok[:top]
    title = Styled(f"Combinations of up to {result.max_events} events, by impact", style="bold")
    if len(shown) < len(ok):
        title.append(f" (top {len(shown)} of {len(ok)}; --top 0 for all)", style="dim")
    table = Grid(title)
    table.add_column("#", justify="right", style="dim")
    table.add_column("Events", style="cyan")
    table.add_column("Moved")
    table.add_column("Δ frustration, theaters", justify="right")
    table.add_column("Δ overall", justify="right")
    table.add_column("Stress +/-/~", justify="right")
    for rank, o in enumerate(shown, 1):
        table.add_row(
            Styled(str(rank)),
            Styled(" + ".join(o.events)),
            Styled(names(scenario, o.moved)),
            Styled(signed(o.frustration_delta)),
            Styled(signed(o.overall_frustration_delta)),
            Styled(f"{o.stress_added}/{o.stress_resolved}/{o.stress_changed}"),
        )
    parts.append(table)
    parts.append(
        Styled(
            " Δ frustration: the change in weight units, summed over the theaters, and of the"
            " overall view. Stress +/-/~: points added, resolved and changed in severity.",
            style="dim",
        )
    )
    parts.append(Styled(""))
    if result.interactions:
        inter = Grid(Styled("Interacting pairs", style="bold"))
        inter.add_column("Events", style="cyan")
        inter.add_column("Move only together")
        inter.add_column("Frustration beyond the sum", justify="right")
        for i in result.interactions:
            inter.add_row(
                Styled(" + ".join(i.events)),
                Styled(names(scenario, i.moved_only_together)),
                Styled(signed(i.frustration_excess)),
            )
        parts += [inter, Styled("")]
    else:
        parts += [
            Styled("No pair of events interacts: each pair's effect is the sum of its parts."),
            Styled(""),
        ]
    if result.order_effects:
        order = Grid(Styled("Order matters", style="bold"))
        order.add_column("Events", style="cyan")
        order.add_column("How")
        for e in result.order_effects:
            order.add_row(Styled(" / ".join(e.events)), Styled(e.detail))
        parts += [order, Styled("")]
    if failed:
        parts.append(
            Styled(
                f"{len(failed)} combination(s) cannot apply, e.g. {' + '.join(failed[0].events)}: "
                f"{failed[0].error}",
                style="yellow",
            )
        )
        parts.append(Styled(""))
    return parts[:-1]


SWEEP_SCHEMA = "alliances/sweep/1"


def outcome_data(outcome: Outcome) -> dict[str, Any]:
    return {
        "events": list(outcome.events),
        "error": outcome.error,
        "moved": list(outcome.moved),
        "frustration_delta": num(outcome.frustration_delta),
        "overall_frustration_delta": num(outcome.overall_frustration_delta),
        "stress_added": outcome.stress_added,
        "stress_resolved": outcome.stress_resolved,
        "stress_changed": outcome.stress_changed,
        "notes": list(outcome.notes),
    }


def sweep_data(result: SweepResult) -> dict[str, Any]:
    """The `alliances sweep --format json` document."""
    return {
        "schema": SWEEP_SCHEMA,
        "scenario": scenario_header(result.scenario),
        "max_events": result.max_events,
        "outcomes": [outcome_data(o) for o in result.outcomes],
        "interactions": [
            {
                "events": list(i.events),
                "moved_only_together": list(i.moved_only_together),
                "frustration_excess": num(i.frustration_excess),
            }
            for i in result.interactions
        ],
        "order_effects": [
            {"events": list(e.events), "detail": e.detail} for e in result.order_effects
        ],
    }


def sweep_result(result: SweepResult) -> Result:
    outcomes = [
        (
            rank,
            list(o.events),
            list(o.moved),
            num(o.frustration_delta),
            num(o.overall_frustration_delta),
            o.stress_added,
            o.stress_resolved,
            o.stress_changed,
            o.error,
        )
        for rank, o in enumerate(result.outcomes, 1)
    ]
    return Result(
        title=f"{result.scenario.title}: sweep",
        document=sweep_data(result),
        tables=(
            table(
                "outcomes",
                (
                    "rank",
                    "events",
                    "moved",
                    "frustration_delta",
                    "overall_frustration_delta",
                    "stress_added",
                    "stress_resolved",
                    "stress_changed",
                    "error",
                ),
                outcomes,
            ),
            table(
                "interactions",
                ("events", "moved_only_together", "frustration_excess"),
                [
                    (list(i.events), list(i.moved_only_together), num(i.frustration_excess))
                    for i in result.interactions
                ],
            ),
            table(
                "order",
                ("events", "detail"),
                [(list(e.events), e.detail) for e in result.order_effects],
            ),
        ),
    )
