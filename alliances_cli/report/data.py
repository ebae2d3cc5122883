"""Results -> plain data in the documented JSON shapes (docs/output.md)."""

from __future__ import annotations

import json
from typing import Any

from alliances_cli.engine.analysis import Analysis, Stress, View
from alliances_cli.scenario.model import Scenario

SHOW_SCHEMA = "alliances/show/1"


def _num(value: float) -> float:
    """Rounded for reading and for byte-stable output; -0.0 printed as 0.0."""
    rounded = round(value, 4)
    return 0.0 if rounded == 0 else rounded


def view_data(view: View) -> dict[str, Any]:
    data: dict[str, Any] = {} if view.id is None else {"id": view.id}
    data.update(
        {
            "name": view.name,
            "actors": list(view.actors),
            "coalitions": [
                {
                    "name": camp.name,
                    "leader": camp.leader,
                    "members": list(camp.members),
                    "capability": _num(camp.capability),
                }
                for camp in view.camps
            ],
            "unaligned": list(view.unaligned),
            "frustration": _num(view.frustration),
            "normalised_frustration": _num(view.normalised_frustration),
            "total_weight": _num(view.total_weight),
            "triangles": view.triangles,
            "balanced_triangles": view.balanced_triangles,
            "balanced_share": None if view.balanced_share is None else _num(view.balanced_share),
            "optimal": view.optimal,
            "lower_bound": _num(view.lower_bound),
            "method": view.method,
            "ties": [
                {
                    "actors": [t.a, t.b],
                    "stance": _num(t.stance),
                    "confidence": _num(t.confidence),
                    "weight": _num(t.weight),
                    "pressure": _num(t.pressure),
                    "frustrated": t.frustrated,
                }
                for t in view.ties
            ],
        }
    )
    return data


def stress_data(stress: Stress) -> dict[str, Any]:
    return {
        "kind": stress.kind,
        "actors": list(stress.actors),
        "theaters": list(stress.theaters),
        "severity": _num(stress.severity),
        "summary": stress.summary,
        "evidence": [
            {
                "tie": list(ref.tie),
                "theater": ref.theater,
                "source": ref.evidence.source,
                "at": ref.evidence.at,
                "says": ref.evidence.says,
            }
            for ref in stress.evidence
        ],
    }


def scenario_header(scenario: Scenario) -> dict[str, Any]:
    return {"id": scenario.id, "title": scenario.title, "as_of": scenario.as_of}


def show_data(analysis: Analysis, top: int | None = None) -> dict[str, Any]:
    """The `alliances show --format json` document."""
    stress = analysis.stress if top is None else analysis.stress[:top]
    return {
        "schema": SHOW_SCHEMA,
        "scenario": scenario_header(analysis.scenario),
        "camps_limit": analysis.camps_limit,
        "theaters": [view_data(v) for v in analysis.theaters],
        "overall": view_data(analysis.overall),
        "stress": [stress_data(s) for s in stress],
        "stress_total": len(analysis.stress),
    }


def to_json(data: Any) -> str:
    """Indented, key order as built, non-ASCII kept: the same input gives the same bytes."""
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
