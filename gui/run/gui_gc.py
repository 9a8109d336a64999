"""Python's cyclic garbage collector runs only on the GUI thread while the window is open.

The collector runs in whichever thread happens to allocate when a threshold is crossed: with a
background job or the trainer allocating, it may free dropped Qt objects (the plots a new
network replaced) on that thread, which crashes Qt. As pyqtgraph's GarbageCollector does, this
switches automatic collection off and collects on a GUI-thread timer instead.

There is one collector for the application, owned by the QApplication: a collector owned by a
window would run inside a window that is itself garbage, and free it from its own slot.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Slot

INTERVAL_MS = 200


class GuiThreadCollector(QObject):
    """Collects the generations whose thresholds were crossed, from a GUI-thread timer."""

    OBJECT_NAME = "nndash-gui-gc"

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

    @classmethod
    def install(cls) -> GuiThreadCollector:
        """The application's collector, made on first use (QApplication must exist)."""
        app = QCoreApplication.instance()
        collector = app.findChild(cls, cls.OBJECT_NAME)
        if collector is None:
            collector = cls(app)
            collector.setObjectName(cls.OBJECT_NAME)
        return collector
