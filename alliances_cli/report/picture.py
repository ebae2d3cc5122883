"""Coalition maps as SVG, PNG or PDF (matplotlib, imported only here).

One panel per view: actors coloured by camp (the same colour for the same camp leader in every
panel) and sized by capability; positive ties solid blue, negative ties dashed red, width by
strength; frustrated ties under a yellow halo. Each actor's marker carries the SVG id
`actor-<view>-<actor>`, each tie `tie-<view>-<a>-<b>`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from alliances_cli.engine.analysis import Analysis, View
from alliances_cli.report.layout import Placement, Point, place
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


def _require_matplotlib() -> None:
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


def placement_for(view: View, spread: float, reference: Placement | None = None) -> Placement:
    """Positions for a view; with a reference, actors keep the places they had there."""
    own = place(groups_of(view), spread)
    if reference is None:
        return own
    positions = dict(own.positions)
    directions = dict(own.label_directions)
    for actor in positions:
        if actor in reference.positions:
            positions[actor] = reference.positions[actor]
            directions[actor] = reference.label_directions[actor]
    return Placement(positions, directions, reference.groups)


#: No dates in the files, so the same input gives byte-identical pictures.
METADATA: dict[str, dict[str, Any]] = {
    "svg": {"Date": None, "Creator": "alliances"},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": "alliances"},
    "png": {"Software": "alliances"},
}

#: Layout spreads tried in turn until no two labels overlap.
SPREADS = (1.0, 1.3, 1.7, 2.2, 3.0, 4.0)


def panel_title(view: View, theater_names: dict[str, str], when: str = "") -> str:
    name = theater_names.get(view.id, view.id) if view.id else "Overall"
    status = "proven optimal" if view.optimal else "heuristic"
    prefix = f"{name} ({when})" if when else name
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


_RC = {"svg.hashsalt": "alliances", "svg.fonttype": "none", "font.family": "DejaVu Sans"}


def figure_for(
    build: Callable[[float], Sequence[Panel]],
    analyses: Sequence[Analysis],
    title: str,
    actors: dict[str, Actor],
    columns: int = 3,
) -> Figure:
    """The figure at the narrowest spread whose labels do not overlap (or the widest)."""
    _require_matplotlib()
    import matplotlib

    colours = camp_colours(analyses)
    with matplotlib.rc_context(cast(Any, _RC)):
        for spread in SPREADS:
            figure = _draw(build(spread), colours, title, actors, columns)
            if not overlapping_labels(figure):
                break
    return figure


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

    with matplotlib.rc_context(cast(Any, _RC)):
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
    figure = Figure(figsize=(6.4 * columns, 6.6 * rows + 0.9))
    FigureCanvasAgg(figure)  # a renderer to measure labels with; savefig picks its own
    figure.suptitle(title, fontsize=14, fontweight="bold")
    for index, panel in enumerate(panels):
        axes = figure.add_subplot(rows, columns, index + 1)
        _draw_panel(axes, panel, colours, actors)
    _legend(figure, panels, colours, actors)
    figure.subplots_adjust(left=0.02, right=0.98, top=1 - 0.9 / figure.get_figheight(), bottom=0.12)
    return figure


def _label(name: str) -> str:
    return "\n".join(textwrap.wrap(name, 16)) or name


def _draw_panel(
    axes: Axes, panel: Panel, colours: dict[str, str], actors: dict[str, Actor]
) -> None:
    from matplotlib.patches import Circle

    view, placement = panel.view, panel.placement
    label = view.id or "overall"
    axes.set_title(panel.title, fontsize=11)
    axes.set_aspect("equal")
    axes.axis("off")
    positions = placement.positions
    camp_of = {m: c for c in view.camps for m in c.members}
    for camp in view.camps:
        if len(camp.members) < 2:
            continue
        xs = [positions[m][0] for m in camp.members if m in positions]
        ys = [positions[m][1] for m in camp.members if m in positions]
        if not xs:
            continue
        centre = (sum(xs) / len(xs), sum(ys) / len(ys))
        radius = max(
            ((x - centre[0]) ** 2 + (y - centre[1]) ** 2) ** 0.5
            for x, y in zip(xs, ys, strict=True)
        )
        disc = Circle(
            centre,
            radius + 0.45,
            facecolor=colours.get(camp.leader, UNALIGNED),
            alpha=0.12,
            edgecolor="none",
            zorder=0,
        )
        axes.add_patch(disc)
    for tie in sorted(view.ties, key=lambda t: (t.frustrated, abs(t.weight), t.a, t.b)):
        if tie.a not in positions or tie.b not in positions:
            continue
        (x1, y1), (x2, y2) = positions[tie.a], positions[tie.b]
        width = 0.8 + 3.2 * min(abs(tie.weight), 1.0)
        if tie.frustrated:
            axes.plot(
                [x1, x2],
                [y1, y2],
                color=HALO,
                linewidth=width + 7,
                alpha=0.85,
                solid_capstyle="round",
                zorder=1,
                gid=f"halo-{label}-{tie.a}-{tie.b}",
            )
        axes.plot(
            [x1, x2],
            [y1, y2],
            color=POSITIVE if tie.weight > 0 else NEGATIVE,
            linestyle="-" if tie.weight > 0 else (0, (4, 2.5)),
            linewidth=width,
            alpha=0.9 if tie.weight > 0 else 0.6,
            zorder=2,
            gid=f"tie-{label}-{tie.a}-{tie.b}",
        )
    for actor in view.actors:
        if actor not in positions:
            continue
        x, y = positions[actor]
        own = camp_of.get(actor)
        colour = colours.get(own.leader, UNALIGNED) if own is not None else UNALIGNED
        known = actors.get(actor)
        size = 260 + 170 * min(known.capability if known else 1.0, 6.0)
        axes.scatter(
            [x],
            [y],
            s=size,
            c=colour,
            edgecolors="#333333",
            linewidths=1.2,
            zorder=3,
            gid=f"actor-{label}-{actor}",
        )
        dx, dy = placement.label_directions.get(actor, (0.0, 1.0))
        offset = 0.32 + 0.012 * size**0.5
        horizontal = "left" if dx > 0.35 else "right" if dx < -0.35 else "center"
        vertical = "bottom" if dy > 0.35 else "top" if dy < -0.35 else "center"
        axes.text(
            x + dx * offset,
            y + dy * offset,
            _label(known.name if known else actor),
            ha=horizontal,
            va=vertical,
            fontsize=9,
            zorder=4,
            gid=f"label-{label}-{actor}",
            bbox={
                "boxstyle": "round,pad=0.15",
                "facecolor": "white",
                "alpha": 0.75,
                "edgecolor": "none",
            },
        )
    _fit(axes, positions)


def _fit(axes: Axes, positions: dict[str, Point]) -> None:
    if not positions:
        return
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    pad = 1.9
    half = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 + pad
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    axes.set_xlim(cx - half, cx + half)
    axes.set_ylim(cy - half, cy + half)


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
    figure.legend(
        handles=handles, loc="lower center", ncol=min(len(handles), 4), frameon=False, fontsize=9
    )


def _name(actors: dict[str, Actor], actor: str) -> str:
    known = actors.get(actor)
    return known.name if known else actor


def overlapping_labels(figure: Figure) -> list[tuple[str, str]]:
    """Pairs of actor labels whose boxes overlap once drawn (gids), for layout checks."""
    figure.canvas.draw()
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
