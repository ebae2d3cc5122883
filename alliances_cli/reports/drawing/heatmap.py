"""Co-membership heatmaps for `alliances robust --heatmap FILE` (matplotlib, imported only here).

One panel per view: cell (i, j) is the share of samples in which actors i and j share a camp,
from white (never) to dark blue (always). Actors are ordered by their reported camps, in the
report's order, with a frame around each camp, so a firm camp is a dark square on the diagonal
and an uncertain member shows as a paler row and column. Up to NUMBERED actors a view's cells
carry their percentages; beyond, the colour alone does (24,000 numbers for the 155 states of
a Correlates of War window took 50 s to draw and could not be read), and a panel grows no
larger than MAX_SIDE inches, its names set smaller to fit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from alliances_cli.reports.drawing.picture import MATPLOTLIB_STYLE, METADATA, require_matplotlib

if TYPE_CHECKING:
    from alliances_cli.engine.robust import Robustness

NUMBERED = 30
MAX_SIDE = 22.0


def draw_heatmap(odds: Robustness, path: str, fmt: str) -> None:
    """Draw every view's co-membership matrix side by side into `path` (svg, png or pdf)."""
    require_matplotlib()
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    analysis = odds.analysis
    scenario = analysis.scenario
    views = analysis.shown
    together = {(p.view, p.a, p.b): p.together for p in odds.pairs}
    size = max(len(v.order) for v in views) if views else 1
    side = min(MAX_SIDE, max(3.2, 0.42 * size + 2.4))  # the matrix and its actors' names
    # Names at 8 points, or at 60% of a row's height when rows are thinner (at least 3).
    names_pt = max(3.0, min(8.0, 0.6 * 72 * (side - 2.4) / size)) if size else 8.0
    figure = Figure(figsize=(side * len(views) + 1.2, side + 1.0), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.subplots(1, len(views), squeeze=False)[0]
    image: Any = None
    for ax, view in zip(axes, views, strict=True):
        order = [a for camp in view.camps for a in camp.members]
        n = len(order)
        matrix = [[1.0 if i == j else 0.0 for j in range(n)] for i in range(n)]
        for i, a in enumerate(order):
            for j, b in enumerate(order):
                if i != j:
                    key = (view.id, a, b) if a < b else (view.id, b, a)
                    matrix[i][j] = together.get(key, 0.0)
        image = ax.imshow(matrix, cmap="Blues", vmin=0.0, vmax=1.0, interpolation="nearest")
        names = [scenario.actor_name(a) for a in order]
        ax.set_xticks(range(n), names, rotation=60, ha="right", fontsize=names_pt)
        ax.set_yticks(range(n), names, fontsize=names_pt)
        start = 0
        for camp in view.camps:
            width = len(camp.members)
            ax.add_patch(
                matplotlib.patches.Rectangle(
                    (start - 0.5, start - 0.5),
                    width,
                    width,
                    fill=False,
                    edgecolor="#e69f00",
                    linewidth=2.0,
                )
            )
            start += width
        for i in range(n if n <= NUMBERED else 0):
            for j in range(n):
                if i != j:
                    value = matrix[i][j]
                    colour = "white" if value > 0.6 else "#333333"
                    ax.text(
                        j,
                        i,
                        f"{value * 100:.0f}",
                        ha="center",
                        va="center",
                        fontsize=7,
                        color=colour,
                    )
        ax.set_title(view.name if view.id is not None else "Overall", fontsize=11)
    figure.colorbar(image, ax=list(axes), shrink=0.8, label="share of samples in the same camp")
    figure.suptitle(
        f"{scenario.title}: co-membership over {odds.samples:,} samples ({odds.noise})", fontsize=12
    )
    with matplotlib.rc_context(cast(Any, MATPLOTLIB_STYLE)):
        figure.savefig(path, format=fmt, metadata=METADATA[fmt], dpi=150, bbox_inches="tight")
