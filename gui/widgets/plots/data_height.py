"""Keeps a plot panel's data usefully tall: a minimum height of its chrome plus the data's.

At 2x text on a 1024x768 screen the training tab's histograms were left a 54 px strip of
data: the header, legend and axes took the rest and the splitter knew nothing of it. A
DataHeightKeeper measures what is not data after each layout (a larger font, a legend in
more rows) and gives the panel the minimum height that leaves MIN_DATA_HEIGHT of data, up
to MAX_SCREEN_SHARE of the screen.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtWidgets import QApplication, QWidget

MIN_DATA_HEIGHT = 100
"""The least height (pixels) of a plot's data area: its view boxes without axes, legend
and header."""
MAX_SCREEN_SHARE = 0.36
"""Nor more than this share of the screen's height: two panels stacked with the window's
menus, tool bar, tabs and status bar at 2x text, and a window manager's title bar, still
fit a 720 px screen, whatever a header's notice or detail adds (the data then give way)."""


class DataHeightKeeper(QObject):
    """The minimum height for ``panel`` whose view boxes are ``view_boxes()`` and whose
    data are ``data_height()`` pixels tall (the rows of plots stacked)."""

    def __init__(self, panel: QWidget, view_boxes: Callable[[], list[pg.ViewBox]],
                 data_height: Callable[[], float]) -> None:
        super().__init__(panel)
        self._panel = panel
        self._view_boxes = view_boxes
        self._data_height = data_height
        self._chrome = 0  # what header, legend and axes take of the height, last measured
        self._timer = QTimer(self)  # owned: it dies with the panel (a singleShot fired
        self._timer.setSingleShot(True)  # after the plots were deleted)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._measure)
        self._watched: weakref.WeakSet[pg.ViewBox] = weakref.WeakSet()
        self.watch()

    def watch(self) -> None:
        """Measure again whenever a view box resizes (call after adding plots)."""
        for box in self._view_boxes():
            if box not in self._watched:
                self._watched.add(box)
                box.sigResized.connect(self._measure_soon)

    def minimum_height(self) -> int:
        screen = self._panel.screen() or QApplication.primaryScreen()
        cap = round(MAX_SCREEN_SHARE * screen.availableGeometry().height())
        return min(self._chrome + MIN_DATA_HEIGHT, cap)

    @Slot()
    def _measure_soon(self) -> None:
        """After the events queued: a legend refits its rows on the same resize."""
        self._timer.start()

    @Slot()
    def _measure(self) -> None:
        """Ask the layout for a new minimum when what is not data changed."""
        data = self._data_height()
        chrome = self._panel.height() - round(data) if data > 0 else 0
        if abs(chrome - self._chrome) > 1:
            self._chrome = chrome
            self._panel.updateGeometry()
