"""What a coalition map draws, worked out once for every renderer (matplotlib and the HTML
report's SVG): nodes, camp areas, ties and labels, in the layout's units.

The rules a reader relies on, which tests measure:

- no node over another (`layout.separate`);
- no tie through a node that is not one of its ends: a tie whose straight line would pass over
  a node bends around it (a quadratic curve, the smallest bend that clears every node); where
  no bend clears them all (dense networks), it takes the bend that passes furthest from them,
  drawn under the nodes;
- a camp's area hugs its members: discs around them joined along a shortest tree, and no piece
  of it over an actor of another camp;
- each label beside its own node, clear of other nodes and labels where any of eight places is.
"""

from __future__ import annotations

import itertools
import math
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from alliances_cli.reports.drawing.layout import Placement, Point

#: Node radius: for capability 1, and per unit of capability (up to 6).
NODE_RADIUS = 0.17
NODE_RADIUS_PER_CAPABILITY = 0.03
#: How far a tie keeps from a node it passes, beyond the node's radius.
CLEARANCE = 0.06
#: Padding of a camp's area around its members' nodes.
BUBBLE_PAD = 0.16
#: Label text: wrapped at this many characters; its size in points.
LABEL_CHARS = 16
NARROW_CHARS = 9
LABEL_POINTS = 9.0


@dataclass(frozen=True)
class Node:
    actor: str
    x: float
    y: float
    r: float
    colour: str


@dataclass(frozen=True)
class Link:
    """A tie as drawn: from a to b, straight (`control` None) or bent through `control`."""

    a: str
    b: str
    weight: float
    frustrated: bool
    start: Point
    end: Point
    control: Point | None

    def points(self, steps: int = 24) -> list[Point]:
        """Points along the drawn line."""
        if self.control is None:
            return [self.start, self.end]
        return [_bezier(self.start, self.control, self.end, i / steps) for i in range(steps + 1)]


@dataclass(frozen=True)
class Bubble:
    """A camp's area: discs of `radius` around `centres`, joined along `segments`."""

    leader: str
    colour: str
    members: tuple[str, ...]
    centres: tuple[Point, ...]
    segments: tuple[tuple[Point, Point], ...]
    radius: float


@dataclass(frozen=True)
class Label:
    actor: str
    text: str
    x: float
    y: float
    ha: str  # left, center, right
    va: str  # bottom, center, top
    width: float
    height: float

    @property
    def box(self) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) in layout units."""
        x0 = self.x - {"left": 0.0, "center": 0.5, "right": 1.0}[self.ha] * self.width
        y0 = self.y - {"bottom": 0.0, "center": 0.5, "top": 1.0}[self.va] * self.height
        return (x0, y0, x0 + self.width, y0 + self.height)


@dataclass(frozen=True)
class Geometry:
    nodes: dict[str, Node]
    bubbles: tuple[Bubble, ...]
    links: tuple[Link, ...]
    labels: dict[str, Label]


def node_radius(capability: float) -> float:
    return NODE_RADIUS + NODE_RADIUS_PER_CAPABILITY * min(max(capability, 0.0), 6.0)


def label_text(name: str) -> str:
    return "\n".join(textwrap.wrap(name, LABEL_CHARS)) or name


def build(
    placement: Placement,
    actors: Sequence[str],
    camps: Sequence[tuple[str, Sequence[str]]],
    colours: Mapping[str, str],
    ties: Sequence[tuple[str, str, float, bool]],
    names: Mapping[str, str],
    capabilities: Mapping[str, float],
    units_per_point: float,
) -> Geometry:
    """The geometry of one panel.

    `camps` are (leader, members); `colours` maps each actor to its colour; `ties` are
    (a, b, weight, frustrated); `units_per_point` sizes the labels in layout units.
    """
    positions = placement.positions
    nodes = {
        a: Node(a, *positions[a], node_radius(capabilities.get(a, 1.0)), colours[a])
        for a in actors
        if a in positions
    }
    bubbles = tuple(
        _bubble(leader, members, nodes, colours)
        for leader, members in camps
        if len([m for m in members if m in nodes]) > 1
    )
    links = tuple(
        _link(a, b, weight, frustrated, nodes)
        for a, b, weight, frustrated in ties
        if a in nodes and b in nodes
    )
    labels = _labels(nodes, placement.label_directions, names, units_per_point)
    return Geometry(nodes, bubbles, links, labels)


# -- ties -----------------------------------------------------------------------------------


def _bezier(p: Point, c: Point, q: Point, t: float) -> Point:
    u = 1 - t
    return (
        u * u * p[0] + 2 * u * t * c[0] + t * t * q[0],
        u * u * p[1] + 2 * u * t * c[1] + t * t * q[1],
    )


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = dx * dx + dy * dy
    along = (p[0] - a[0]) * dx + (p[1] - a[1]) * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, along / length))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def path_clearance(
    points: Sequence[Point], others: Sequence[Node], floor: float = -math.inf
) -> float:
    """The least gap between a drawn line and the rim of any of `others` (negative: through);
    nodes far from the line's bounding box count as far (1.0). Once the gap is below `floor`
    the answer is only known to be below it: a caller that needs no more stops there."""
    x0 = min(p[0] for p in points) - 1.0
    x1 = max(p[0] for p in points) + 1.0
    y0 = min(p[1] for p in points) - 1.0
    y1 = max(p[1] for p in points) + 1.0
    gap = 1.0
    # `_segment_distance` inlined, each segment's constants worked out once: a picture's
    # routing asks this about a million times (30 actors, 400 ties). Same arithmetic, so the
    # same distances to the last bit.
    segments = [(a[0], a[1], b[0] - a[0], b[1] - a[1]) for a, b in itertools.pairwise(points)]
    hypot = math.hypot
    for node in others:
        px, py, r = node.x, node.y, node.r
        if not (x0 <= px <= x1 and y0 <= py <= y1):
            continue
        for ax, ay, dx, dy in segments:
            length = dx * dx + dy * dy
            along = (px - ax) * dx + (py - ay) * dy
            t = 0.0 if length == 0 else max(0.0, min(1.0, along / length))
            d = hypot(px - ax - t * dx, py - ay - t * dy) - r
            if d < gap:
                gap = d
                if gap < floor:
                    return gap
    return gap


#: Bends tried, as a share of the tie's length, on either side.
BENDS = (0.12, 0.2, 0.3, 0.42, 0.56, 0.75, 1.0)


def _link(a: str, b: str, weight: float, frustrated: bool, nodes: Mapping[str, Node]) -> Link:
    start, end = (nodes[a].x, nodes[a].y), (nodes[b].x, nodes[b].y)
    others = [n for n in nodes.values() if n.actor not in (a, b)]
    straight = Link(a, b, weight, frustrated, start, end, None)
    if path_clearance(straight.points(), others, floor=CLEARANCE) >= CLEARANCE:
        return straight
    length = math.hypot(end[0] - start[0], end[1] - start[1]) or 1.0
    normal = (-(end[1] - start[1]) / length, (end[0] - start[0]) / length)
    best, best_gap = straight, -math.inf
    for bend in BENDS:
        for along in (0.5, 0.3, 0.7):
            base = (start[0] + (end[0] - start[0]) * along, start[1] + (end[1] - start[1]) * along)
            for side in (1, -1):
                # The curve's apex is half-way to its control point.
                push = 2 * bend * length * side
                control = (base[0] + normal[0] * push, base[1] + normal[1] * push)
                bent = Link(a, b, weight, frustrated, start, end, control)
                # A bend no clearer than the best so far is not taken: stop measuring it there.
                gap = path_clearance(bent.points(), others, floor=best_gap)
                if gap >= CLEARANCE:
                    return bent
                if gap > best_gap:
                    best, best_gap = bent, gap
    return best


# -- camp areas -----------------------------------------------------------------------------


def _bubble(
    leader: str, members: Sequence[str], nodes: Mapping[str, Node], colours: Mapping[str, str]
) -> Bubble:
    inside = [m for m in members if m in nodes]
    radius = max(nodes[m].r for m in inside) + BUBBLE_PAD
    outside = [n for n in nodes.values() if n.actor not in set(inside)]
    segments: list[tuple[Point, Point]] = []
    # Prim's tree over the members, shortest joins first; a join that would cover an actor of
    # another camp is left out (the area then has pieces, each around its own members).
    done = [inside[0]]
    rest = sorted(inside[1:])
    while rest:
        a, b = min(
            ((p, q) for p in done for q in rest),
            key=lambda pq: (_distance(nodes[pq[0]], nodes[pq[1]]), pq[0], pq[1]),
        )
        rest.remove(b)
        done.append(b)
        ends = ((nodes[a].x, nodes[a].y), (nodes[b].x, nodes[b].y))
        if all(_segment_distance((n.x, n.y), *ends) >= radius + n.r for n in outside):
            segments.append(ends)
    return Bubble(
        leader,
        colours[leader],
        tuple(inside),
        tuple((nodes[m].x, nodes[m].y) for m in inside),
        tuple(segments),
        radius,
    )


def _distance(a: Node, b: Node) -> float:
    return math.hypot(a.x - b.x, a.y - b.y)


# -- labels ---------------------------------------------------------------------------------

_COMPASS = [(math.cos(k * math.pi / 4), math.sin(k * math.pi / 4)) for k in range(8)]


def _labels(
    nodes: Mapping[str, Node],
    preferred: Mapping[str, Point],
    names: Mapping[str, str],
    units_per_point: float,
) -> dict[str, Label]:
    """Labels placed largest node first, each at the first free place: eight directions
    (the one away from its camp first), beside the node then a little further; then the same
    with the name wrapped narrower; else where it covers least."""
    placed: dict[str, Label] = {}
    char = 0.6 * LABEL_POINTS * units_per_point
    line = 1.25 * LABEL_POINTS * units_per_point
    for actor in sorted(nodes, key=lambda a: (-nodes[a].r, a)):
        node = nodes[actor]
        first = preferred.get(actor, (0.0, 1.0))
        order = sorted(_COMPASS, key=lambda d: -(d[0] * first[0] + d[1] * first[1]))
        best, best_cost = None, math.inf
        for chars in (LABEL_CHARS, NARROW_CHARS):
            text = "\n".join(textwrap.wrap(names.get(actor, actor), chars)) or actor
            lines = text.split("\n")
            width = max(len(s) for s in lines) * char + 0.3 * line
            height = len(lines) * line
            for far in (0.35, 1.2):
                for dx, dy in order:
                    gap = node.r + far * line
                    ha = "left" if dx > 0.35 else "right" if dx < -0.35 else "center"
                    va = "bottom" if dy > 0.35 else "top" if dy < -0.35 else "center"
                    candidate = Label(
                        actor, text, node.x + dx * gap, node.y + dy * gap, ha, va, width, height
                    )
                    cost = _crowding(candidate, nodes, placed)
                    if cost < best_cost:
                        best, best_cost = candidate, cost
                    if cost == 0:
                        break
                if best_cost == 0:
                    break
            if best_cost == 0:
                break
        assert best is not None
        placed[actor] = best
    return placed


def _crowding(label: Label, nodes: Mapping[str, Node], placed: Mapping[str, Label]) -> float:
    """How much a label would cover of other nodes and of labels already placed."""
    x0, y0, x1, y1 = label.box
    cost = 0.0
    for node in nodes.values():
        if node.actor == label.actor:
            continue
        nx_ = min(max(node.x, x0), x1)
        ny_ = min(max(node.y, y0), y1)
        inside = node.r - math.hypot(node.x - nx_, node.y - ny_)
        if inside > 0:
            cost += inside
    for other in placed.values():
        a0, b0, a1, b1 = other.box
        w = min(x1, a1) - max(x0, a0)
        h = min(y1, b1) - max(y0, b0)
        if w > 0 and h > 0:
            cost += w * h
    return cost
