"""Grid lines at the axes' tick positions, drawn as two plain curves.

pyqtgraph's own grid (``showGrid``) extends the axis ticks across the plot, and replaying such
an axis picture (its labels clipped to the whole plot) costs ~4 ms per axis per paint: for a
live plot redrawn 10 times a second that is 8 ms of the GIL per frame taken from the trainer.
The same lines as two curves of separate segments (major and minor) cost well under 1 ms.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QPen

from gui.style import Style

MINOR_ALPHA = 0.5
"""Minor lines are this much fainter than major ones, as pyqtgraph's grid draws them."""


class TickGrid(QObject):
    """Follows ``plot``'s view range and draws a line at every major and minor tick."""

    def __init__(self, plot: pg.PlotItem) -> None:
        super().__init__(plot)
        self._plot = plot
        self._levels = [pg.PlotCurveItem(connect="pairs", antialias=False) for _ in range(2)]
        for curve in self._levels:
            curve.setZValue(-100)  # under every curve
            plot.addItem(curve, ignoreBounds=True)
        plot.getViewBox().sigRangeChanged.connect(self._update)
        plot.getViewBox().sigResized.connect(self._update)

    def major_lines(self) -> tuple[np.ndarray, np.ndarray]:
        """x and y of the major lines' end points, two per line."""
        return self._levels[0].getData()

    def apply_style(self, style: Style) -> None:
        """Hairlines in the theme's grid alpha: a grid stays in the background at any scale."""
        theme = style.theme
        for level, curve in enumerate(self._levels):
            colour = style.brush_colour(theme.foreground,
                                        theme.grid_alpha * (MINOR_ALPHA if level else 1.0))
            curve.setPen(QPen(colour, 0))

    @Slot()
    def _update(self) -> None:
        """Segments (x0, y0)-(x1, y1) for every tick value inside the view, per level."""
        view = self._plot.getViewBox()
        (x0, x1), (y0, y1) = view.viewRange()
        pieces: list[list[np.ndarray]] = [[], []]
        for name, low, high, pixels, vertical in (("bottom", x0, x1, view.width(), True),
                                                   ("left", y0, y1, view.height(), False)):
            if pixels <= 0:
                continue
            axis = self._plot.getAxis(name)
            levels = axis.tickValues(low, high, pixels)[:2]
            for level, (_spacing, values) in enumerate(levels):
                values = np.asarray(values, dtype=np.float64)
                values = values[(values >= low) & (values <= high)]
                ends = np.repeat(values, 2)
                across = np.tile([y0, y1] if vertical else [x0, x1], len(values))
                pieces[level].append(np.column_stack([ends, across] if vertical
                                                     else [across, ends]))
        for curve, segments in zip(self._levels, pieces, strict=True):
            points = np.concatenate(segments) if segments else np.empty((0, 2))
            curve.setData(points[:, 0], points[:, 1])
