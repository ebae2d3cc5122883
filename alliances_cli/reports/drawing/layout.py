"""Where to draw each actor: camps as clusters, so a reader sees the coalitions at a glance.

Camps sit on a ring (the strongest at the top, then clockwise); each camp's members sit on a
small circle around their camp's centre, and unaligned actors form one more group. An actor
alone in its camp whose positive ties reach two camps or more is placed between them (weighted
by those ties), as structural-balance layouts do. Then no two actors are left closer than
MIN_GAP. Everything is computed from the view's order, so the same input always gives the same
picture; `spread` scales the distances (the renderer raises it until no two labels overlap).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
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
    # Members are about 1.3 `spread` apart along their circle: room for their ties.
    return max(spread * 0.75, 1.3 * spread * size / (2 * math.pi))


#: The least distance between two actors' centres, in layout units (nodes are at most 0.35
#: across at spread 1).
MIN_GAP = 0.85


def place(
    groups: Sequence[Sequence[str]],
    spread: float = 1.0,
    between: Mapping[str, Mapping[int, float]] | None = None,
) -> Placement:
    """Positions for actors in `groups` (each a camp, in order). `between` maps an actor alone
    in its group to the groups (by index) its positive ties reach, with their weights."""
    torn = {
        g[0]: pulls
        for g in groups
        if len(g) == 1 and len(pulls := (between or {}).get(g[0], {})) >= 2
    }
    index = {i: n for n, i in enumerate(i for i, g in enumerate(groups) if g and g[0] not in torn)}
    placed = _ring([list(g) for g in groups if g and g[0] not in torn], spread)
    positions, directions = dict(placed.positions), dict(placed.label_directions)
    for actor, pulls in torn.items():
        weight = sum(pulls.values())
        centres = [(placed.groups[index[i]][0], w) for i, w in sorted(pulls.items()) if i in index]
        x = sum(c[0] * w for c, w in centres) / weight
        y = sum(c[1] * w for c, w in centres) / weight
        positions[actor] = (x, y)
        norm = math.hypot(x, y)
        directions[actor] = (x / norm, y / norm) if norm > 1e-9 else (0.0, 1.0)
    return Placement(separate(positions, MIN_GAP * max(spread, 1.0)), directions, placed.groups)


def separate(
    positions: Mapping[str, Point], gap: float, fixed: Collection[str] = ()
) -> dict[str, Point]:
    """The positions with no two closer than `gap`: pairs too close are pushed apart along the
    line between them (straight up for two in one place), the `fixed` ones never moved."""
    moved = dict(positions)
    names = sorted(moved)
    for _ in range(200):
        clash = False
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                (xa, ya), (xb, yb) = moved[a], moved[b]
                d = math.hypot(xb - xa, yb - ya)
                if d >= gap - 1e-9 or (a in fixed and b in fixed):
                    continue
                clash = True
                ux, uy = ((xb - xa) / d, (yb - ya) / d) if d > 1e-9 else (0.0, 1.0)
                need = gap - d + 1e-6
                share_a = 0.0 if a in fixed else (1.0 if b in fixed else 0.5)
                share_b = 1.0 - share_a
                moved[a] = (xa - ux * need * share_a, ya - uy * need * share_a)
                moved[b] = (xb + ux * need * share_b, yb + uy * need * share_b)
        if not clash:
            break
    return moved


def _ring(groups: list[list[str]], spread: float) -> Placement:
    """Groups on a ring, members on a circle around each group's centre."""
    radii = [_group_radius(len(g), spread) for g in groups]
    k = len(groups)
    margin = 1.6 * spread
    if k <= 1:  # one group at the centre, or none (a theater nobody is engaged in yet)
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
