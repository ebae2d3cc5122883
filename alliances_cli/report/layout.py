"""Where to draw each actor: camps as clusters, so a reader sees the coalitions at a glance.

Camps sit on a ring (the strongest at the top, then clockwise); each camp's members sit on a
small circle around their camp's centre, and unaligned actors form one more group. Everything
is computed from the view's order, so the same input always gives the same picture; `spread`
scales the distances (the renderer raises it until no two labels overlap).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

Point = tuple[float, float]


@dataclass(frozen=True)
class Placement:
    positions: dict[str, Point]
    #: Per actor: the unit direction in which its label points (away from its group).
    label_directions: dict[str, Point]
    #: Per group: centre and radius, to draw a camp's background disc.
    groups: list[tuple[Point, float]]


def _group_radius(size: int, spread: float) -> float:
    if size <= 1:
        return 0.0
    # Members are about `spread` apart along their circle.
    return max(spread * 0.6, spread * size / (2 * math.pi))


def place(groups: Sequence[Sequence[str]], spread: float = 1.0) -> Placement:
    """Positions for actors in `groups` (each a camp, in order)."""
    groups = [list(g) for g in groups if g]
    radii = [_group_radius(len(g), spread) for g in groups]
    k = len(groups)
    margin = 1.6 * spread
    if k == 1:
        ring = 0.0
    elif k == 2:
        ring = (radii[0] + radii[1] + margin) / 2
    else:
        needed = max(
            (radii[i] + radii[(i + 1) % k] + margin) / (2 * math.sin(math.pi / k)) for i in range(k)
        )
        ring = max(needed, spread)
    positions: dict[str, Point] = {}
    directions: dict[str, Point] = {}
    discs: list[tuple[Point, float]] = []
    for i, (members, radius) in enumerate(zip(groups, radii, strict=True)):
        angle = math.pi / 2 - 2 * math.pi * i / k if k > 1 else math.pi / 2
        centre = (ring * math.cos(angle), ring * math.sin(angle)) if k > 1 else (0.0, 0.0)
        discs.append((centre, radius + 0.45 * spread))
        if len(members) == 1:
            positions[members[0]] = centre
            outward = (math.cos(angle), math.sin(angle)) if k > 1 else (0.0, 1.0)
            directions[members[0]] = outward
            continue
        for j, actor in enumerate(members):
            # Start each circle facing outward from the ring, so the leader sits outermost.
            theta = angle + 2 * math.pi * j / len(members)
            offset = (math.cos(theta), math.sin(theta))
            positions[actor] = (centre[0] + radius * offset[0], centre[1] + radius * offset[1])
            directions[actor] = offset
    return Placement(positions, directions, discs)
