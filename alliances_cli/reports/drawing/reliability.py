"""The reliability picture of `alliances backtest --picture FILE` (matplotlib, imported only
here): one panel per kind of prediction; in each, every tool label's score bins as points at
(the mean track-record probability, the rate of outcomes seen), as large as their points,
beside the diagonal a perfectly calibrated label would follow (Murphy & Winkler 1977).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, cast

from alliances_cli.reports.drawing.picture import MATPLOTLIB_STYLE, METADATA, require_matplotlib

if TYPE_CHECKING:
    from alliances_cli.engine.backtest.run import Backtest

COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7")
MARKERS = ("o", "s", "^", "D")


def draw_reliability(tested: Backtest, title: str, path: str, fmt: str) -> None:
    """Draw the calibration of each tool label, one panel per kind, into `path`."""
    require_matplotlib()
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from alliances_cli.reports.backtest import HEADINGS

    kinds = [s.kind for s in tested.kinds]
    with matplotlib.rc_context(cast(Any, MATPLOTLIB_STYLE)):
        figure = Figure(figsize=(4.2 * len(kinds), 4.6), layout="constrained")
        FigureCanvasAgg(figure)
        axes = figure.subplots(1, len(kinds), squeeze=False)[0]
        for ax, kind in zip(axes, kinds, strict=True):
            tables = [c for c in tested.calibration if c.kind == kind]
            top = 0.0
            for i, table in enumerate(tables):
                bins = [b for b in table.bins if b.predicted is not None and b.weight > 0]
                xs = [cast(float, b.predicted) for b in bins]
                ys = [b.events / b.weight for b in bins]
                sizes = [12 + 60 * math.sqrt(b.points / max(x.points for x in bins)) for b in bins]
                top = max([top, *xs, *ys])
                ax.scatter(
                    xs,
                    ys,
                    s=sizes,
                    color=COLOURS[i % len(COLOURS)],
                    marker=MARKERS[i % len(MARKERS)],
                    alpha=0.75,
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
