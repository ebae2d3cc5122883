"""The alluvial picture of `alliances timeline --picture FILE` (matplotlib, imported only here).

One column per slice; in it, a block per camp, as tall as its members, stacked in the order the
camps first appeared, each camp one colour throughout. Between columns, bands carry the actors
who stayed in a camp or moved to another, as wide as their number (Rosvall & Bergstrom 2010).
Slices labelled by dates stand at distances that follow the dates: the median gap between
slices is one step, and a gap under MIN_STEP of a step is drawn at MIN_STEP, so that columns
never overlap.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any, cast

from alliances_cli.reports.drawing.picture import MATPLOTLIB_STYLE, METADATA, require_matplotlib

if TYPE_CHECKING:
    from alliances_cli.engine.timeline import Slice, Timeline

#: Colour-blind-safe colours (Okabe & Ito), then a lighter round of the same.
PALETTE = (
    "#0072b2",
    "#e69f00",
    "#009e73",
    "#cc79a7",
    "#56b4e9",
    "#d55e00",
    "#f0e442",
    "#999999",
)
BLOCK = 0.22  # a column's width, in steps
#: The least distance between two columns, in steps (dates closer than this are spread).
MIN_STEP = 0.45
#: Bands of actors changing camps are labelled with their names when they are this few, and
#: the picture has this few slices (more would not fit between the columns).
NAMED_MOVERS = 3
NAMED_SLICES = 12


#: The group of actors that stand in a camp of their own, drawn as one grey block.
ALONE = "alone"


def _rank(identity: str) -> tuple[int, str]:
    return (len(identity), identity)


def _order(group: str) -> tuple[bool, int, str]:
    return (group == ALONE, *_rank(group))


def _groups(piece: Slice) -> dict[str, str]:
    """Each actor in a camp: its camp's identity, or ALONE for a camp of one."""
    found: dict[str, str] = {}
    for identity, camp in zip(piece.identities, piece.view.camps, strict=True):
        for actor in camp.members:
            found[actor] = identity if len(camp.members) > 1 else ALONE
    return found


def draw_alluvial(line: Timeline, title: str, path: str, fmt: str) -> None:
    """Draw the camps of every slice and the actors flowing between them into `path`."""
    require_matplotlib()
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    groups = [_groups(piece) for piece in line.slices]
    identities = sorted({g for found in groups for g in found.values()} - {ALONE}, key=_rank)
    colour = {i: PALETTE[k % len(PALETTE)] for k, i in enumerate(identities)}
    colour[ALONE] = "#c8c8c8"
    tallest = max((len(found) for found in groups), default=1)
    gap = max(0.5, 0.04 * tallest)
    blocks = _stacked(groups, gap)
    n = len(line.slices)
    xs = positions([s.label for s in line.slices])
    width = xs[-1] if xs else 0.0
    figure = Figure(figsize=(max(6.0, 0.42 * width + 3.4), 5.5), layout="constrained")
    FigureCanvasAgg(figure)
    ax = figure.subplots()
    for x in range(1, n):
        _draw_flows(ax, line, x, xs, groups, blocks, colour)
    _draw_blocks(ax, xs, blocks, colour, labelled=max(1.0, 0.06 * tallest))
    lowest = min((b for placed in blocks for b, _ in placed.values()), default=-1.0)
    ax.set_xlim(-0.6, width + 0.6)
    ax.set_ylim(lowest - gap, gap)
    ax.set_yticks([])
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    labels = [s.label for s in line.slices]
    # Slanted when many, or when two dates stand closer than a step: upright, they would overprint.
    slanted = n > 8 or any(b - a < 1.0 for a, b in itertools.pairwise(xs))
    ax.set_xticks(xs, labels, rotation=60 if slanted else 0, ha="right" if slanted else "center")
    ax.tick_params(axis="x", labelsize=8)
    _legend(ax, line, identities, colour, alone=any(ALONE in found.values() for found in groups))
    view = "overall view" if line.theater is None else f"theater {line.theater}"
    ax.set_title(f"{title}: camps over time ({view})", fontsize=11, loc="left")
    with matplotlib.rc_context(cast(Any, MATPLOTLIB_STYLE)):
        figure.savefig(path, format=fmt, metadata=METADATA[fmt], dpi=150, bbox_inches="tight")


Blocks = list[dict[str, tuple[float, float]]]


def positions(labels: list[str]) -> list[float]:
    """Each slice's place on the axis, in steps: by date when every label is a date (module
    doc), else one step apart."""
    import datetime as dt

    try:
        days = [dt.date.fromisoformat(label).toordinal() for label in labels]
    except ValueError:
        return [float(i) for i in range(len(labels))]
    gaps = [b - a for a, b in itertools.pairwise(days)]
    if not gaps or min(gaps) <= 0:
        return [float(i) for i in range(len(labels))]
    step = sorted(gaps)[len(gaps) // 2]
    placed = [0.0]
    for gap in gaps:
        placed.append(placed[-1] + max(gap / step, MIN_STEP))
    return placed


def _stacked(groups: list[dict[str, str]], gap: float) -> Blocks:
    """Where each group's block sits in each slice: (bottom, height), stacked top down, the
    actors standing alone last."""
    blocks: Blocks = []
    for found in groups:
        sizes: dict[str, int] = {}
        for group in found.values():
            sizes[group] = sizes.get(group, 0) + 1
        placed: dict[str, tuple[float, float]] = {}
        top = 0.0
        for identity in sorted(sizes, key=lambda g: (g == ALONE, _rank(g))):
            height = float(sizes[identity])
            placed[identity] = (top - height, height)
            top -= height + gap
        blocks.append(placed)
    return blocks


def _draw_flows(
    ax: Any,
    line: Timeline,
    x: int,
    xs: list[float],
    groups: list[dict[str, str]],
    blocks: Blocks,
    colour: dict[str, str],
) -> None:
    """The bands of actors going from slice x - 1 to slice x, movers named where few."""
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    n = len(line.slices)
    half = BLOCK / 2
    flows: dict[tuple[str, str], list[str]] = {}
    for actor, identity in groups[x].items():
        origin = groups[x - 1].get(actor)
        if origin is not None:
            flows.setdefault((origin, identity), []).append(actor)
    out_used = {i: 0.0 for i in blocks[x - 1]}
    in_used = {i: 0.0 for i in blocks[x]}
    ordered = sorted(flows.items(), key=lambda f: (_order(f[0][0]), _order(f[0][1])))
    for (origin, to), movers in ordered:
        count = len(movers)
        top0 = blocks[x - 1][origin][0] + blocks[x - 1][origin][1] - out_used[origin]
        out_used[origin] += count
        top1 = blocks[x][to][0] + blocks[x][to][1] - in_used[to]
        in_used[to] += count
        x0, x1 = xs[x - 1] + half, xs[x] - half
        mid = (x0 + x1) / 2
        vertices = [
            (x0, top0),
            (mid, top0),
            (mid, top1),
            (x1, top1),
            (x1, top1 - count),
            (mid, top1 - count),
            (mid, top0 - count),
            (x0, top0 - count),
            (x0, top0),
        ]
        codes = [Path.MOVETO, *[Path.CURVE4] * 3, Path.LINETO, *[Path.CURVE4] * 3]
        codes.append(Path.CLOSEPOLY)
        ax.add_patch(
            PathPatch(
                Path(vertices, codes),
                facecolor=colour[origin],
                alpha=0.35 if origin == to else 0.6,
                linewidth=0,
            )
        )
        if origin != to and count <= NAMED_MOVERS and n <= NAMED_SLICES:
            # Named a quarter of the way along, near where the band leaves its camp:
            # mid-way, crossing bands meet.
            t = 0.25
            u = 1 - t
            along = u**3 * x0 + 3 * u * u * t * mid + 3 * u * t * t * mid + t**3 * x1
            rise = 3 * u * t * t + t**3
            ax.text(
                along,
                top0 + (top1 - top0) * rise - count / 2,
                ", ".join(line.name(a) for a in sorted(movers)),
                ha="center",
                va="center",
                fontsize=7,
                color="#222222",
                bbox={
                    "boxstyle": "round,pad=0.2",
                    "facecolor": "white",
                    "alpha": 0.8,
                    "linewidth": 0,
                },
            )


def _draw_blocks(
    ax: Any, xs: list[float], blocks: Blocks, colour: dict[str, str], labelled: float
) -> None:
    """Each slice's camps as stacked blocks, lettered where tall enough."""
    from matplotlib.patches import Rectangle

    half = BLOCK / 2
    for x, placed in zip(xs, blocks, strict=True):
        for identity, (bottom, height) in placed.items():
            ax.add_patch(
                Rectangle(
                    (x - half, bottom),
                    BLOCK,
                    height,
                    facecolor=colour[identity],
                    edgecolor="white",
                    linewidth=0.6,
                )
            )
            if height >= labelled:
                ax.text(
                    x,
                    bottom + height / 2,
                    identity if identity != ALONE else "",
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white",
                    fontweight="bold",
                )


def _legend(
    ax: Any, line: Timeline, identities: list[str], colour: dict[str, str], alone: bool
) -> None:
    """The camps' letters with their last names, the first 24; actors alone in grey."""
    from matplotlib.patches import Rectangle

    handles = [
        Rectangle((0, 0), 1, 1, facecolor=colour[i], label=f"{i}: {_last_name(line, i)}")
        for i in identities[:24]
    ]
    if alone:
        handles.append(Rectangle((0, 0), 1, 1, facecolor=colour[ALONE], label="actors alone"))
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=7,
        frameon=False,
        title="camps of two or more"
        + (f" (first 24 of {len(identities)})" if len(identities) > 24 else ""),
        title_fontsize=8,
    )


def _last_name(line: Timeline, identity: str) -> str:
    return line.camp_name(identity, len(line.slices) - 1)
