"""Exact values under the mouse: a vertical guide line on the plot and a one-line text.

The owner decides what the text says (``describe(x)`` in data coordinates) and where it is
shown (it connects ``text_changed``), so one helper serves the curves and the histograms.
"""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import QObject, QPointF, Signal, Slot
from PySide6.QtGui import QPen


class HoverReadout(QObject):
    """Follows the mouse over ``plot`` and emits ``describe(x)`` ('' when off the data).

    ``plot`` must already be in a scene (a PlotWidget's item, or one added to a layout).
    """

    text_changed = Signal(str)

    def __init__(self, plot: pg.PlotItem, describe: Callable[[float], str | None],
                 pen: QPen) -> None:
        super().__init__(plot)
        self._view = plot.getViewBox()
        self._describe = describe
        self._line = pg.InfiniteLine(angle=90, movable=False, pen=pen)
        self._line.setVisible(False)
        plot.addItem(self._line, ignoreBounds=True)
        plot.scene().sigMouseMoved.connect(self._on_mouse_moved)

    def set_pen(self, pen: QPen) -> None:
        self._line.setPen(pen)

    @Slot(QPointF)
    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        text = None
        if self._view.sceneBoundingRect().contains(scene_pos):
            x = self._view.mapSceneToView(scene_pos).x()
            text = self._describe(x)
            if text:
                self._line.setPos(x)
        self._line.setVisible(bool(text))
        self.text_changed.emit(text or "")
