"""`alliances show --format json`: the documented shapes, as data (docs/output.md)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from alliances_cli.reports.common import scenario_header
from alliances_cli.reports.render.numbers import num
from alliances_cli.reports.stress import figures, summary

if TYPE_CHECKING:
    from alliances_cli.engine.analysis import Analysis
    from alliances_cli.engine.solver.optima import Optima
    from alliances_cli.engine.stress import Stress
    from alliances_cli.engine.view import TieView, View


SHOW_SCHEMA = "alliances/show/2"


class ListWriters(NamedTuple):
    """How a document's two long lists are made: a view's ties and the stress points. As
    data by default; `records.AS_LINES` writes them straight to JSON, for large documents."""

    ties: Callable[[Sequence[TieView]], Any]
    stress: Callable[[Analysis, Sequence[Stress]], Any]


def tie_records(ties: Sequence[TieView]) -> list[dict[str, Any]]:
    # Ties repeat their numbers (stances, confidences, no pressure): each value is rounded
    # once. A million ties took 3.6 s of rounding.
    rounded: dict[float, float] = {}

    def once(value: float) -> float:
        found = rounded.get(value)
        if found is None:
            found = rounded[value] = num(value)
        return found

    return [
        {
            "actors": [t.a, t.b],
            "stance": once(t.stance),
            "confidence": once(t.confidence),
            "weight": once(t.weight),
            "pressure": once(t.pressure),
            "frustrated": t.frustrated,
            "theaters": list(t.theaters),
        }
        for t in ties
    ]


def stress_records(analysis: Analysis, stress: Sequence[Stress]) -> list[dict[str, Any]]:
    return [stress_data(analysis, s) for s in stress]


def view_data(view: View, *, writers: ListWriters | None = None) -> dict[str, Any]:
    """A view's part of the document."""
    data: dict[str, Any] = {} if view.id is None else {"id": view.id}
    data.update(
        {
            "name": view.name,
            "actors": list(view.actors),
            "coalitions": [
                {
                    "name": camp.name,
                    "named_by": "scenario" if camp.named else "leader",
                    "leader": camp.leader,
                    "members": list(camp.members),
                    "capability": num(camp.capability),
                }
                for camp in view.camps
            ],
            "unaligned": list(view.unaligned),
            "frustration": num(view.frustration),
            "normalised_frustration": num(view.normalised_frustration),
            "total_weight": num(view.total_weight),
            "triangles": view.triangles,
            "balanced_triangles": view.balanced_triangles,
            "balanced_share": None if view.balanced_share is None else num(view.balanced_share),
            "optimal": view.optimal,
            "lower_bound": num(view.lower_bound),
            "gap": None if view.gap is None else num(view.gap),
            "method": view.method,
            "optima": optima_data(view.optima, view),
            "ties": (writers or AS_DATA).ties(view.ties),
        }
    )
    return data


def optima_data(optima: Optima, view: View) -> dict[str, Any]:
    def net(actor: str, members: Sequence[str]) -> float | None:
        found = view.net_to(actor, members)
        return None if found is None else num(found)

    return {
        "count": optima.count,
        "exact": optima.exact,
        "unique": optima.unique,
        "swing": [
            {
                "actor": s.actor,
                "company": [list(c) for c in s.company],
                "nets": [net(s.actor, c) for c in s.company],
            }
            for s in optima.swing
        ],
        "swing_pairs": [list(p) for p in optima.swing_pairs],
    }


def stress_data(analysis: Analysis, stress: Stress, *, facets: bool = True) -> dict[str, Any]:

    data: dict[str, Any] = {
        "kind": stress.kind,
        "actors": list(stress.actors),
        "theaters": list(stress.theaters),
        "severity": num(stress.severity),
        "stake": num(stress.stake),
        "summary": summary(analysis, stress),
        "figures": figures(analysis, stress),
        "ties": [
            {
                "actors": [t.a, t.b],
                "theater": t.theater,
                "stance": num(t.stance),
                "weight": num(t.weight),
            }
            for t in stress.ties
        ],
    }
    if facets:
        data["facets"] = [stress_data(analysis, f, facets=False) for f in stress.facets]
    data["evidence"] = evidence_data(stress)
    return data


def evidence_data(stress: Stress) -> list[dict[str, Any]]:
    return [
        {
            "tie": list(ref.tie),
            "theater": ref.theater,
            "source": ref.evidence.source,
            "at": ref.evidence.at,
            "says": ref.evidence.says,
        }
        for ref in stress.evidence
    ]


AS_DATA = ListWriters(tie_records, stress_records)


def show_data(
    analysis: Analysis, top: int | None = None, *, writers: ListWriters | None = None
) -> dict[str, Any]:
    """The `alliances show --format json` document (`writers`: see `ListWriters`)."""
    writers = writers or AS_DATA
    stress = analysis.stress if top is None else analysis.stress[:top]
    theaters = [view_data(v, writers=writers) for v in analysis.theaters]
    if analysis.overall_rule == "single" and analysis.theaters:
        # One theater: the overall view is that theater's, so its ties are the same records.
        overall = {k: v for k, v in theaters[0].items() if k != "id"}
        overall["name"] = analysis.overall.name
    else:
        overall = view_data(analysis.overall, writers=writers)
    return {
        "schema": SHOW_SCHEMA,
        "scenario": scenario_header(analysis.scenario),
        "camps_limit": analysis.camps_limit,
        "time_limit": analysis.time_limit,
        "overall_rule": analysis.overall_rule,
        "theaters": theaters,
        "overall": overall,
        "split": [
            {"actors": [s.a, s.b], "together": list(s.together), "apart": list(s.apart)}
            for s in analysis.splits
        ],
        "hedging": [
            {
                "actor": h.actor,
                "theater": h.theater,
                "theater_camp": h.theater_camp,
                "lines_up_with": h.lines_up_with,
                "overall_camp": h.overall_camp,
                "even": h.even,
            }
            for h in analysis.hedges
        ],
        "stress": writers.stress(analysis, stress),
        "stress_total": len(analysis.stress),
    }
