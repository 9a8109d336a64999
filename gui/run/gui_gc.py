"""Python's cyclic garbage collector runs only on the GUI thread while the window is open.

The collector runs in whichever thread happens to allocate when a threshold is crossed: with a
background job or the trainer allocating, it may free dropped Qt objects (the plots a new
network replaced) on that thread, which crashes Qt. As pyqtgraph's GarbageCollector does, this
switches automatic collection off and collects on a GUI-thread timer instead.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer, Slot

INTERVAL_MS = 200


class GuiThreadCollector(QObject):
    """Collects the generations whose thresholds were crossed, from a GUI-thread timer."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect)
        self._timer.start(INTERVAL_MS)
        gc.disable()

    @Slot()
    def collect(self) -> None:
        counts, thresholds = gc.get_count(), gc.get_threshold()
        if counts[0] > thresholds[0]:
            generation = 2 if counts[2] > thresholds[2] else 1 if counts[1] > thresholds[1] else 0
            gc.collect(generation)

    def stop(self) -> None:
        """Automatic collection again (the window closes)."""
        self._timer.stop()
        gc.enable()
