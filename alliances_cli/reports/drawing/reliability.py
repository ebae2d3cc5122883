"""The reliability picture of `alliances backtest --picture FILE` (matplotlib, imported only
here): one panel per kind of prediction; in each, every tool label's score bins as points at
(the mean track-record probability, the rate of outcomes seen), as large as their points,
beside the diagonal a perfectly calibrated label would follow (Murphy & Winkler 1977). A bin
of fewer than FEW points is drawn hollow: its rate says little.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, cast

from alliances_cli.reports.drawing.picture import MATPLOTLIB_STYLE, METADATA, require_matplotlib

if TYPE_CHECKING:
    from alliances_cli.engine.backtest.records import Backtest

COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7")
MARKERS = ("o", "s", "^", "D")
FEW = 30
COLUMNS = 3


def draw_reliability(tested: Backtest, title: str, path: str, fmt: str) -> None:
    """Draw the calibration of each tool label, one panel per kind, into `path`."""
    require_matplotlib()
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from alliances_cli.reports.backtest import HEADINGS

    kinds = [s.kind for s in tested.kinds]
    with matplotlib.rc_context(cast(Any, MATPLOTLIB_STYLE)):
        rows = -(-len(kinds) // COLUMNS)
        figure = Figure(figsize=(4.2 * COLUMNS, 4.3 * rows), layout="constrained")
        FigureCanvasAgg(figure)
        grid = figure.subplots(rows, COLUMNS, squeeze=False).ravel()
        for ax in grid[len(kinds) :]:
            ax.set_axis_off()
        if len(grid) > len(kinds):
            grid[-1].text(
                0.05,
                0.5,
                "Each mark: one bin of a label's scores.\n"
                "Area: its number of points; hollow:\n"
                f"under {FEW} points. On the dashed\n"
                "diagonal, the track record was right.",
                fontsize=9,
                color="#555555",
                va="center",
            )
        for ax, kind in zip(grid, kinds, strict=False):
            tables = [c for c in tested.calibration if c.kind == kind]
            top = 0.0
            for i, table in enumerate(tables):
                bins = [b for b in table.bins if b.predicted is not None and b.weight > 0]
                xs = [cast(float, b.predicted) for b in bins]
                ys = [b.events / b.weight for b in bins]
                sizes = [12 + 60 * math.sqrt(b.points / max(x.points for x in bins)) for b in bins]
                top = max([top, *xs, *ys])
                colour = COLOURS[i % len(COLOURS)]
                ax.scatter(
                    xs,
                    ys,
                    s=sizes,
                    facecolors=[colour if b.points >= FEW else "none" for b in bins],
                    edgecolors=colour,
                    marker=MARKERS[i % len(MARKERS)],
                    alpha=0.8,
                    label=table.predictor,
                )
            top = min(1.0, max(0.01, top * 1.1))
            ax.plot([0, top], [0, top], color="#999999", linewidth=1, linestyle="--")
            ax.set_xlim(0, top)
            ax.set_ylim(0, top)
            ax.set_aspect("equal")
            ax.set_title(HEADINGS[kind].split(":")[1].strip(), fontsize=9)
            ax.set_xlabel("probability from the track record", fontsize=8)
            ax.set_ylabel("rate seen", fontsize=8)
            ax.tick_params(labelsize=7)
            if tables:
                ax.legend(fontsize=7, loc="upper left", frameon=False)
        figure.suptitle(f"{title}: reliability of the stress labels", fontsize=11)
        figure.savefig(path, format=fmt, metadata=METADATA[fmt], dpi=150)
