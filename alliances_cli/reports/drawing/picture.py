"""Coalition maps as SVG, PNG or PDF (matplotlib, imported only here).

One panel per view: actors coloured by camp (the same colour for the same camp leader in every
panel) and sized by capability; positive ties solid blue, negative ties dashed red, width by
strength; frustrated ties under a yellow halo. Each actor's marker carries the SVG id
`actor-<view>-<actor>`, each tie `tie-<view>-<a>-<b>`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from alliances_cli.engine.analysis import Analysis
from alliances_cli.engine.view import View
from alliances_cli.reports.drawing.geometry import LABEL_POINTS, Geometry
from alliances_cli.reports.drawing.layout import MIN_GAP, Placement, Point, place, separate
from alliances_cli.scenario.model import Actor

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

INSTALL_HINT = "pip install 'alliances[graph]' (or: pip install matplotlib)"

POSITIVE = "#2166ac"
NEGATIVE = "#b2182b"
HALO = "#ffd700"
UNALIGNED = "#bdbdbd"
#: Colour-blind-safe qualitative colours (Okabe & Ito 2008) for camps, in order of appearance.
CAMP_COLOURS = (
    "#e69f00",
    "#56b4e9",
    "#009e73",
    "#cc79a7",
    "#0072b2",
    "#d55e00",
    "#f0e442",
    "#999999",
)


class PlottingUnavailable(ImportError):
    """matplotlib is not installed; the message says how to install it."""


@dataclass(frozen=True)
class Panel:
    """One view to draw, with the positions to draw it at."""

    title: str
    view: View
    placement: Placement


def require_matplotlib() -> None:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise PlottingUnavailable(
            f"pictures need matplotlib, which is not installed: {INSTALL_HINT}"
        ) from None


def camp_colours(analyses: Sequence[Analysis]) -> dict[str, str]:
    """Camp leader -> colour, stable across panels and before/after."""
    colours: dict[str, str] = {}
    for analysis in analyses:
        for view in (*analysis.theaters, analysis.overall):
            for camp in view.camps:
                if len(camp.members) > 1 and camp.leader not in colours:
                    colours[camp.leader] = CAMP_COLOURS[len(colours) % len(CAMP_COLOURS)]
    return colours


def groups_of(view: View) -> list[list[str]]:
    return [list(c.members) for c in view.camps] + (
        [list(view.unaligned)] if view.unaligned else []
    )


def pulls(view: View) -> dict[str, dict[int, float]]:
    """Per actor alone in its camp: the groups (by index in `groups_of`) its positive ties
    reach, with their summed weight."""
    groups = groups_of(view)
    group_of = {a: i for i, g in enumerate(groups) for a in g}
    alone = {g[0] for g in groups if len(g) == 1}
    found: dict[str, dict[int, float]] = {}
    for tie in view.ties:
        if tie.weight <= 0:
            continue
        for actor, other in ((tie.a, tie.b), (tie.b, tie.a)):
            if actor in alone and other in group_of:
                reach = found.setdefault(actor, {})
                reach[group_of[other]] = reach.get(group_of[other], 0.0) + tie.weight
    return found


def placement_for(view: View, spread: float, reference: Placement | None = None) -> Placement:
    """Positions for a view; with a reference, actors keep the places they had there, and
    those new to the view are moved off any they would cover."""
    own = place(groups_of(view), spread, pulls(view))
    if reference is None:
        return own
    positions = dict(own.positions)
    directions = dict(own.label_directions)
    kept = [a for a in positions if a in reference.positions]
    for actor in kept:
        positions[actor] = reference.positions[actor]
        directions[actor] = reference.label_directions[actor]
    positions = separate(positions, MIN_GAP * max(spread, 1.0), fixed=kept)
    return Placement(positions, directions, reference.groups)


#: No dates in the files, so the same input gives byte-identical pictures.
METADATA: dict[str, dict[str, Any]] = {
    "svg": {"Date": None, "Creator": "alliances"},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": "alliances"},
    "png": {"Software": "alliances"},
}

#: Layout spreads tried in turn until no two labels overlap.
SPREADS = (1.0, 1.3, 1.7, 2.2, 3.0, 4.0, 5.5)


def panel_title(view: View, theater_names: dict[str, str], when: str = "") -> str:
    name = theater_names.get(view.id, view.id) if view.id else "Overall"
    status = "proven optimal" if view.optimal else "not proven optimal"
    prefix = f"{name} ({when})" if when else name
    if not view.actors:  # nothing to solve: no frustration, proven or not, to state
        return f"{prefix}\nno actor engaged"
    return f"{prefix}\nfrustration {view.frustration:.2f}, {status}"


def panel_builder(
    views: Sequence[View],
    theater_names: dict[str, str],
    before: Sequence[View] | None = None,
) -> Callable[[float], list[Panel]]:
    """Panels for a layout spread: one per view, or before/after pairs in the same places."""

    def build(spread: float) -> list[Panel]:
        if before is None:
            return [
                Panel(panel_title(v, theater_names), v, placement_for(v, spread)) for v in views
            ]
        panels = []
        for old, new in zip(before, views, strict=True):
            reference = placement_for(old, spread)
            panels.append(Panel(panel_title(old, theater_names, "before"), old, reference))
            panels.append(
                Panel(
                    panel_title(new, theater_names, "after"),
                    new,
                    placement_for(new, spread, reference),
                )
            )
        return panels

    return build


MATPLOTLIB_STYLE = {
    "svg.hashsalt": "alliances",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
}


def figure_for(
    build: Callable[[float], Sequence[Panel]],
    analyses: Sequence[Analysis],
    title: str,
    actors: dict[str, Actor],
    columns: int = 3,
) -> Figure:
    """The figure at the narrowest spread whose labels do not overlap (or the widest)."""
    return figure_and_panels(build, analyses, title, actors, columns)[0]


def figure_and_panels(
    build: Callable[[float], Sequence[Panel]],
    analyses: Sequence[Analysis],
    title: str,
    actors: dict[str, Actor],
    columns: int = 3,
) -> tuple[Figure, Sequence[Panel], dict[str, str]]:
    """`figure_for`'s figure, with the panels drawn in it and the camps' colours."""
    require_matplotlib()
    import matplotlib

    colours = camp_colours(analyses)
    with matplotlib.rc_context(cast(Any, MATPLOTLIB_STYLE)):
        for spread in SPREADS:
            panels = build(spread)
            figure = _draw(panels, colours, title, actors, columns)
            if not overlapping_labels(figure):
                break
    return figure, panels, colours


def render(
    build: Callable[[float], Sequence[Panel]],
    analyses: Sequence[Analysis],
    title: str,
    path: str,
    fmt: str,
    actors: dict[str, Actor],
    columns: int = 3,
) -> None:
    """Draw the panels side by side and save them to `path` as svg, png or pdf."""
    figure = figure_for(build, analyses, title, actors, columns)
    import matplotlib

    with matplotlib.rc_context(cast(Any, MATPLOTLIB_STYLE)):
        figure.savefig(path, format=fmt, metadata=METADATA[fmt], dpi=150)


def _draw(
    panels: Sequence[Panel],
    colours: dict[str, str],
    title: str,
    actors: dict[str, Actor],
    max_columns: int,
) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    columns = min(len(panels), max_columns)
    rows = -(-len(panels) // columns)
    # Constrained layout keeps the title, the panels' titles and the legend from overprinting.
    figure = Figure(
        figsize=(PANEL_INCHES * columns, PANEL_INCHES * rows + 1.4), layout="constrained"
    )
    FigureCanvasAgg(figure)  # a renderer to measure labels with; savefig picks its own
    figure.suptitle(title, fontsize=14, fontweight="bold")
    for index, panel in enumerate(panels):
        axes = figure.add_subplot(rows, columns, index + 1)
        _draw_panel(axes, panel, colours, actors)
    _legend(figure, panels, colours, actors)
    return figure


#: A panel's side, in inches; its drawing area is about AXES_POINTS points across.
PANEL_INCHES = 6.4
AXES_POINTS = 340.0


def panel_geometry(panel: Panel, colours: dict[str, str], actors: dict[str, Actor]) -> Geometry:
    """What a panel draws, in layout units (shared with the HTML report)."""
    from alliances_cli.reports.drawing.geometry import build

    view, placement = panel.view, panel.placement
    camp_of = {m: c for c in view.camps for m in c.members}
    fill = {
        a: colours.get(camp_of[a].leader, UNALIGNED) if a in camp_of else UNALIGNED
        for a in view.actors
    }
    fill.update({c.leader: colours.get(c.leader, UNALIGNED) for c in view.camps})
    lo, hi = limits(placement.positions)
    return build(
        placement,
        view.actors,
        [(c.leader, c.members) for c in view.camps if c.leader in colours],
        fill,
        [(t.a, t.b, t.weight, t.frustrated) for t in view.ties],
        {a: actors[a].name if a in actors else a for a in view.actors},
        {a: actors[a].capability if a in actors else 1.0 for a in view.actors},
        (hi[0] - lo[0]) / AXES_POINTS,
    )


def limits(positions: dict[str, Point]) -> tuple[Point, Point]:
    """The square a panel shows: every actor, with room around for labels."""
    if not positions:
        return (-1.0, -1.0), (1.0, 1.0)
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    pad = 1.9
    half = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 + pad
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return (cx - half, cy - half), (cx + half, cy + half)


def tint(colour: str, share: float = 0.84) -> str:
    """`colour` mixed with white: an opaque pale shade, so overlapping pieces of one camp's
    area do not darken where they meet."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    mixed = (round(c + (255 - c) * share) for c in (r, g, b))
    return "#" + "".join(f"{c:02x}" for c in mixed)


def _draw_panel(
    axes: Axes, panel: Panel, colours: dict[str, str], actors: dict[str, Actor]
) -> None:
    """One view's map: camp areas, ties (frustrated ones under a halo), actors and labels."""
    label = panel.view.id or "overall"
    axes.set_title(panel.title, fontsize=11)
    axes.set_aspect("equal")
    axes.axis("off")
    # Patches go in with add_artist, not add_patch: the limits are set below from the
    # placement, so add_patch's work of widening them to each patch is wasted (15% of a map).
    shape = panel_geometry(panel, colours, actors)
    _draw_areas(axes, shape)
    _draw_ties(axes, shape, label)
    _draw_actors(axes, shape, panel.view, label)
    lo, hi = limits(panel.placement.positions)
    axes.set_xlim(lo[0], hi[0])
    axes.set_ylim(lo[1], hi[1])


def _draw_areas(axes: Axes, shape: Geometry) -> None:
    from matplotlib.patches import Circle, Polygon

    for bubble in shape.bubbles:
        pale = tint(bubble.colour)
        for centre in bubble.centres:
            axes.add_artist(
                Circle(centre, bubble.radius, facecolor=pale, edgecolor="none", zorder=0)
            )
        for (x1, y1), (x2, y2) in bubble.segments:
            length = math.hypot(x2 - x1, y2 - y1) or 1.0
            nx_, ny_ = -(y2 - y1) / length * bubble.radius, (x2 - x1) / length * bubble.radius
            corners = [
                (x1 + nx_, y1 + ny_),
                (x2 + nx_, y2 + ny_),
                (x2 - nx_, y2 - ny_),
                (x1 - nx_, y1 - ny_),
            ]
            axes.add_artist(Polygon(corners, facecolor=pale, edgecolor="none", zorder=0))


def _draw_ties(axes: Axes, shape: Geometry, label: str) -> None:
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    for link in sorted(shape.links, key=lambda t: (t.frustrated, abs(t.weight), t.a, t.b)):
        width = 0.8 + 3.2 * min(abs(link.weight), 1.0)
        points = [link.start, *([link.control] if link.control else []), link.end]
        codes = (
            [Path.MOVETO, Path.CURVE3, Path.CURVE3] if link.control else [Path.MOVETO, Path.LINETO]
        )
        if link.frustrated:
            axes.add_artist(
                PathPatch(
                    Path(points, codes),
                    fill=False,
                    edgecolor=HALO,
                    linewidth=width + 7,
                    alpha=0.85,
                    capstyle="round",
                    zorder=1,
                    gid=f"halo-{label}-{link.a}-{link.b}",
                )
            )
        axes.add_artist(
            PathPatch(
                Path(points, codes),
                fill=False,
                edgecolor=POSITIVE if link.weight > 0 else NEGATIVE,
                linestyle="-" if link.weight > 0 else (0, (4, 2.5)),
                linewidth=width,
                alpha=0.9 if link.weight > 0 else 0.6,
                zorder=2,
                gid=f"tie-{label}-{link.a}-{link.b}",
            )
        )


def _draw_actors(axes: Axes, shape: Geometry, view: View, label: str) -> None:
    from matplotlib.patches import Circle

    for actor in view.actors:
        node = shape.nodes.get(actor)
        if node is None:
            continue
        axes.add_artist(
            Circle(
                (node.x, node.y),
                node.r,
                facecolor=node.colour,
                edgecolor="#333333",
                linewidth=1.2,
                zorder=3,
                gid=f"actor-{label}-{actor}",
            )
        )
        text = shape.labels[actor]
        axes.text(
            text.x,
            text.y,
            text.text,
            ha=text.ha,
            va=text.va,
            fontsize=LABEL_POINTS,
            zorder=4,
            gid=f"label-{label}-{actor}",
            bbox={
                "boxstyle": "round,pad=0.15",
                "facecolor": "white",
                "alpha": 0.75,
                "edgecolor": "none",
            },
        )


def _legend(
    figure: Figure, panels: Sequence[Panel], colours: dict[str, str], actors: dict[str, Actor]
) -> None:
    from matplotlib.lines import Line2D

    handles = [
        Line2D([], [], color=POSITIVE, linewidth=2.5, label="positive tie (width: strength)"),
        Line2D(
            [], [], color=NEGATIVE, linewidth=2.5, linestyle=(0, (4, 2.5)), label="negative tie"
        ),
        Line2D([], [], color=HALO, linewidth=8, alpha=0.85, label="frustrated tie"),
    ]
    shown: set[str] = set()
    for panel in panels:
        for camp in panel.view.camps:
            if camp.leader in colours and camp.leader not in shown:
                shown.add(camp.leader)
                handles.append(
                    Line2D(
                        [],
                        [],
                        marker="o",
                        linestyle="",
                        markersize=10,
                        markerfacecolor=colours[camp.leader],
                        markeredgecolor="#333333",
                        label=f"{_name(actors, camp.leader)} camp",
                    )
                )
    handles.append(
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=10,
            markerfacecolor=UNALIGNED,
            markeredgecolor="#333333",
            label="own camp / unaligned (marker size: capability)",
        )
    )
    # Four columns where they fit; fewer under a narrow figure (one panel), so that no entry
    # is cut off at the edges: measured, since the labels' lengths vary.
    room = figure.get_figwidth() * figure.dpi
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    for columns in range(min(len(handles), 4), 0, -1):
        legend = figure.legend(
            handles=handles, loc="outside lower center", ncol=columns, frameon=False, fontsize=9
        )
        if columns == 1 or legend.get_window_extent(renderer).width <= 0.98 * room:
            break
        legend.remove()


def _name(actors: dict[str, Actor], actor: str) -> str:
    known = actors.get(actor)
    return known.name if known else actor


def overlapping_labels(figure: Figure) -> list[tuple[str, str]]:
    """Pairs of actor labels whose boxes overlap once drawn (gids), for layout checks."""
    figure.draw_without_rendering()
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]  # Agg
    boxes = []
    for axes in figure.axes:
        for text in axes.texts:
            gid = text.get_gid() or ""
            if gid.startswith("label-"):
                boxes.append((gid, text.get_window_extent(renderer)))
    clashes = []
    for i, (gid_a, a) in enumerate(boxes):
        for gid_b, b in boxes[i + 1 :]:
            if a.overlaps(b):
                clashes.append((gid_a, gid_b))
    return clashes
