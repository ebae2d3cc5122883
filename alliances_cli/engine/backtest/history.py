"""A severity's track record, as a calibration file carries it from `backtest` to `show`.

The file (`alliances/calibration/1`, JSON) holds, for each kind of stress point whose label
showed skill in the backtest, the severity bins with how many points each held and how many
changed by the next slice, and the series it came from. Kinds whose label showed none are
listed as left out, with their verdict, and never printed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from alliances_cli.engine.backtest.records import Backtest

CALIBRATION_SCHEMA = "alliances/calibration/1"
#: How far a severity may lie outside a bin and still be read in it.
TOLERANCE = 1e-6
#: Verdicts under which a track record is worth printing.
SKILLED = ("beyond baselines", "skill")
#: What changed, per kind of prediction, as the history column's legend says it.
CHANGED = {
    "tie-change": ("ties at stake", "weakened, flipped or vanished"),
    "new-tie": ("untied pairs", "gained a tie"),
    "actor-move": ("actors", "changed camp"),
}


@dataclass(frozen=True)
class Rate:
    """One severity bin of one kind of stress point: points in it, and how many changed."""

    stress_kind: str
    low: float
    high: float
    points: int
    events: int

    @property
    def rate(self) -> float:
        return self.events / self.points if self.points else 0.0


@dataclass(frozen=True)
class TrackRecord:
    """Severity bins per kind of stress point, and where they come from."""

    source: Mapping[str, Any]
    bins: Mapping[str, tuple[Rate, ...]]
    changes: Mapping[str, str]  # stress kind -> the kind of prediction it was scored on

    def lookup(self, stress_kind: str, severity: float) -> Rate | None:
        """The bin holding this severity, or None (no record: the kind showed no skill, or
        no point of the series had a severity in this range; never extrapolated)."""
        for rate in self.bins.get(stress_kind, ()):
            # Within a millionth: a file written by hand may round 1/3 to 0.333333.
            if rate.low - TOLERANCE <= severity <= rate.high + TOLERANCE:
                return rate
        return None


def calibration_document(tested: Backtest, title: str) -> dict[str, Any]:
    """The calibration file's document for a backtest."""
    kept, left = [], []
    for history in tested.histories:
        if history.verdict not in SKILLED:
            left.append({"stress_kind": history.stress_kind, "verdict": history.verdict})
            continue
        kept.append(
            {
                "stress_kind": history.stress_kind,
                "scored_on": history.kind,
                "label": history.predictor,
                "verdict": history.verdict,
                "bins": [
                    {
                        "low": b.low,
                        "high": b.high,
                        # Weighed: a sampled untied pair stands for others.
                        "points": round(b.weight),
                        "events": round(b.events),
                    }
                    for b in history.bins
                ],
            }
        )
    return {
        "schema": CALIBRATION_SCHEMA,
        "source": {
            "title": title,
            "theater": tested.theater,
            "first": tested.slices[0].label,
            "last": tested.slices[-1].label,
            "steps": len(tested.steps),
        },
        "kinds": kept,
        "left_out": left,
    }


def track_record(data: Any) -> TrackRecord:
    """A calibration document read back; `ValueError` saying what is wrong if it is not one."""
    if not isinstance(data, dict) or data.get("schema") != CALIBRATION_SCHEMA:
        raise ValueError(
            f"not a calibration file (no schema {CALIBRATION_SCHEMA!r}); "
            "write one with alliances backtest --save-calibration FILE"
        )
    try:
        source = dict(data["source"])
        bins: dict[str, tuple[Rate, ...]] = {}
        changes: dict[str, str] = {}
        for entry in data["kinds"]:
            kind = str(entry["stress_kind"])
            scored = str(entry["scored_on"])
            if scored not in CHANGED:
                raise ValueError(f"unknown prediction kind {scored!r}")
            changes[kind] = scored
            bins[kind] = tuple(
                Rate(kind, float(b["low"]), float(b["high"]), int(b["points"]), int(b["events"]))
                for b in entry["bins"]
            )
            if any(r.points < 0 or not 0 <= r.events <= r.points for r in bins[kind]):
                raise ValueError(f"{kind}: a bin's events must lie between 0 and its points")
        missing = [k for k in ("title", "first", "last", "steps") if k not in source]
        if missing:
            raise KeyError(missing[0])
    except (KeyError, TypeError) as exc:
        raise ValueError(f"calibration file lacks {exc}; write it again with backtest") from None
    return TrackRecord(source, bins, changes)
