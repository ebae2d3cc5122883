"""A coalition map as inline SVG for the HTML report: the same geometry as `graph` pictures,
written as text (no matplotlib), with ids and data attributes the page's script uses.

Each actor is `<circle id="{prefix}actor-{view}-{actor}" data-actor=...>`, each tie
`<path id="{prefix}tie-{view}-{a}-{b}" data-a=... data-b=...>`; camp areas and labels are
drawn as in pictures. Coordinates are the layout's, y flipped.
"""

from __future__ import annotations

from html import escape

from alliances_cli.reports.drawing.geometry import LABEL_POINTS, Geometry, Link
from alliances_cli.reports.drawing.picture import HALO, NEGATIVE, POSITIVE, tint

#: How far a map may be enlarged beyond its natural size, and CSS pixels per point.
MAX_ZOOM = 2.0
PX_PER_POINT = 4 / 3


def _n(value: float) -> str:
    """A coordinate, short and stable (no -0)."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _path(link: Link) -> str:
    (x1, y1), (x2, y2) = link.start, link.end
    if link.control is None:
        return f"M{_n(x1)} {_n(-y1)}L{_n(x2)} {_n(-y2)}"
    cx, cy = link.control
    return f"M{_n(x1)} {_n(-y1)}Q{_n(cx)} {_n(-cy)} {_n(x2)} {_n(-y2)}"


def svg_map(
    geometry: Geometry,
    view: str,
    title: str,
    names: dict[str, str],
    units_per_point: float,
    prefix: str = "",
) -> str:
    """The map of one view as an `<svg>` element: camp areas, ties, actors, labels."""
    boxes = [label.box for label in geometry.labels.values()]
    boxes += [(n.x - n.r, n.y - n.r, n.x + n.r, n.y + n.r) for n in geometry.nodes.values()]
    if not boxes:
        boxes = [(-1.0, -1.0, 1.0, 1.0)]
    pad = 4 * units_per_point * LABEL_POINTS / 9
    x0 = min(b[0] for b in boxes) - pad
    y0 = min(b[1] for b in boxes) - pad
    x1 = max(b[2] for b in boxes) + pad
    y1 = max(b[3] for b in boxes) + pad
    # Shown at most twice its natural size (its labels at twice their points): the card's
    # width alone blew a two-actor map, 35 px wide at its size, up to a column of 1,400 px.
    widest = round(MAX_ZOOM * (x1 - x0) / units_per_point * PX_PER_POINT)
    out = [
        f'<svg class="map" viewBox="{_n(x0)} {_n(-y1)} {_n(x1 - x0)} {_n(y1 - y0)}" '
        f'style="max-width: {widest}px" '
        f'role="img" aria-label="{escape(title)}" data-view="{escape(view)}">',
        f"<title>{escape(title)}</title>",
        *_areas(geometry),
        *_ties(geometry, view, units_per_point, prefix),
        *_actors(geometry, view, names, prefix),
        *_labels(geometry, LABEL_POINTS * units_per_point),
    ]
    out[-1] += "</svg>"
    return "\n".join(out)


def _areas(geometry: Geometry) -> list[str]:
    """Each camp's shaded area: circles around its members, joined by thick strokes."""
    out = ['<g class="areas">']
    for bubble in geometry.bubbles:
        pale = tint(bubble.colour)
        for cx, cy in bubble.centres:
            out.append(
                f'<circle cx="{_n(cx)}" cy="{_n(-cy)}" r="{_n(bubble.radius)}" fill="{pale}"/>'
            )
        for (ax, ay), (bx, by) in bubble.segments:
            out.append(
                f'<path d="M{_n(ax)} {_n(-ay)}L{_n(bx)} {_n(-by)}" stroke="{pale}" '
                f'stroke-width="{_n(2 * bubble.radius)}" fill="none"/>'
            )
    out.append("</g>")
    return out


def _ties(geometry: Geometry, view: str, point: float, prefix: str) -> list[str]:
    """The ties, frustrated ones last and under a halo; negative ones dashed."""
    out = ['<g class="ties">']
    for link in sorted(geometry.links, key=lambda t: (t.frustrated, abs(t.weight), t.a, t.b)):
        width = (0.8 + 3.2 * min(abs(link.weight), 1.0)) * point
        d = _path(link)
        ids = f'data-a="{escape(link.a)}" data-b="{escape(link.b)}"'
        if link.frustrated:
            out.append(
                f'<path class="halo" {ids} d="{d}" stroke="{HALO}" '
                f'stroke-width="{_n(width + 7 * point)}" fill="none" stroke-linecap="round"/>'
            )
        sign = "positive" if link.weight > 0 else "negative"
        dash = "" if link.weight > 0 else f' stroke-dasharray="{_n(4 * point)} {_n(2.5 * point)}"'
        colour = POSITIVE if link.weight > 0 else NEGATIVE
        frustrated = " frustrated" if link.frustrated else ""
        out.append(
            f'<path id="{escape(prefix)}tie-{escape(view)}-{escape(link.a)}-{escape(link.b)}" '
            f'class="tie {sign}{frustrated}" {ids} d="{d}" stroke="{colour}" '
            f'stroke-width="{_n(width)}" fill="none"{dash}/>'
        )
    out.append("</g>")
    return out


def _actors(geometry: Geometry, view: str, names: dict[str, str], prefix: str) -> list[str]:
    """Each actor's marker, focusable, with its name as a tooltip."""
    out = ['<g class="actors">']
    for node in sorted(geometry.nodes.values(), key=lambda n: n.actor):
        name = escape(names.get(node.actor, node.actor))
        out.append(
            f'<circle id="{escape(prefix)}actor-{escape(view)}-{escape(node.actor)}" '
            f'class="actor" data-actor="{escape(node.actor)}" tabindex="0" '
            f'cx="{_n(node.x)}" cy="{_n(-node.y)}" r="{_n(node.r)}" fill="{node.colour}">'
            f"<title>{name}</title></circle>"
        )
    out.append("</g>")
    return out


def _labels(geometry: Geometry, size: float) -> list[str]:
    """Each actor's label, line by line, where the layout placed it."""
    out = [f'<g class="labels" font-size="{_n(size)}">']
    for actor in sorted(geometry.labels):
        label = geometry.labels[actor]
        bx0, by0, bx1, by1 = label.box
        lines = label.text.split("\n")
        anchor = {"left": "start", "center": "middle", "right": "end"}[label.ha]
        x = {"left": bx0 + 0.15 * size, "center": (bx0 + bx1) / 2, "right": bx1 - 0.15 * size}[
            label.ha
        ]
        line = (by1 - by0) / len(lines)
        spans = "".join(
            f'<tspan x="{_n(x)}" y="{_n(-(by1 - line * (i + 0.78)))}">{escape(text)}</tspan>'
            for i, text in enumerate(lines)
        )
        out.append(f'<text data-actor="{escape(actor)}" text-anchor="{anchor}">{spans}</text>')
    out.append("</g>")
    return out
