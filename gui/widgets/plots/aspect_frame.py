"""Keeps a plot's data area at the aspect of what it shows, centred in the space it is given.

An aspect-locked pyqtgraph plot in a tall or wide panel widens its own range to fill the
panel: the plane of the Playground then sat in broad empty bands with axes running far past
the data (-3..3 around a plane of -1..1). Sizing the plot itself to the plane's aspect gives
every pixel of the data area to the plane, and the axes end where the plane does.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRect
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget


class AspectFrame(QWidget):
    """Holds ``view`` (a plot widget whose ``view_box`` shows the data) and sizes it so that
    the view box's width / height is ``aspect``."""

    def __init__(self, view: pg.GraphicsView, view_box: pg.ViewBox,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.view_box = view_box
        self.aspect = 1.0
        view.setParent(self)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(view.minimumSize())
        view_box.sigResized.connect(self._fit)  # the axes took another width: fit again

    def set_aspect(self, aspect: float) -> None:
        """Width over height of the data to show (x range / y range)."""
        if aspect > 0 and aspect != self.aspect:
            self.aspect = aspect
            self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit()

    def _fit(self, *_) -> None:
        """The largest rectangle whose data area has the aspect, centred; the axes and
        margins around the data area are what the view spends beside its view box now."""
        box = self.view_box.geometry()
        spare_width = max(self.view.width() - box.width(), 0.0)
        spare_height = max(self.view.height() - box.height(), 0.0)
        width = max(self.width() - spare_width, 1.0)
        height = max(self.height() - spare_height, 1.0)
        if width / height > self.aspect:
            width = height * self.aspect
        else:
            height = width / self.aspect
        size_w, size_h = round(width + spare_width), round(height + spare_height)
        target = QRect((self.width() - size_w) // 2, (self.height() - size_h) // 2,
                       size_w, size_h)
        if target != self.view.geometry():
            self.view.setGeometry(target)
