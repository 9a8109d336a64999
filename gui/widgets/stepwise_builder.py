"""Building many small plots a few at a time, between the GUI thread's other events.

A pyqtgraph plot costs ~6-20 ms to make: the 60 cells of the book's histogram grid, the 30 of
six runs of five layers, or the Training tab's ten layer histograms of a deep network would
hold the GUI thread for a third of a second or more in one handler. Built a few per event-loop
turn, the window keeps answering meanwhile and the plots fill in within a few frames.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QTimer, Slot


class StepwiseBuilder(QObject):
    """Runs building steps one per event-loop turn; ``start`` drops the steps not yet run."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._steps: deque[Callable[[], None]] = deque()
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._next)

    @property
    def building(self) -> bool:
        return bool(self._steps)

    def start(self, steps: Iterable[Callable[[], None]]) -> None:
        self._steps = deque(steps)
        if self._steps:
            self._timer.start()

    @Slot()
    def _next(self) -> None:
        if self._steps:
            self._steps.popleft()()
        if not self._steps:
            self._timer.stop()
