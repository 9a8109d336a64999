"""'Press Space to train' over an empty plot, so a first-time user knows the window is ready.

The hint is a child label kept centred on its target widget (on a plot's data area); it lets
the mouse through and takes no room in any layout, so the plot under it looks and behaves
the same.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel, QWidget

HINT_TEXT = "Press Space to train"
HINT_FONT_RELATIVE = 1.25
SMALLER = (1.0, 0.85, 0.7, 0.55, 0.45)
"""Text sizes (relative to the target's) tried in turn when the hint would not fit its
target: a child is cut off at its parent's edges."""
PADDING = (18, 10)  # the style sheet's padding, left/right and top/bottom


class StartHint(QLabel):
    """Centred over ``target`` until ``hide()``; call ``show()`` to bring it back."""

    def __init__(self, target: QWidget, text: str = HINT_TEXT) -> None:
        super().__init__(text, target)
        self.setObjectName("start-hint")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet("QLabel#start-hint { background: rgba(0, 0, 0, 150); color: white; "
                           f"border-radius: 8px; padding: {PADDING[1]}px {PADDING[0]}px; "
                           "font-weight: bold; }")
        target.installEventFilter(self)
        self._centre()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.FontChange):
            self._centre()
        return False

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._centre()

    def _centre(self) -> None:
        """A little larger than the text around it (smaller when the target is too small
        for that), in the middle of the target."""
        font = self._fitting_font()
        if font != self.font():
            self.setFont(font)
            return  # the font change centres it again
        self.adjustSize()
        target = self.parentWidget().rect()
        box = self.rect()
        box.moveCenter(self._data_area().center())
        # inside the target, as near the data's middle as its size allows
        box.moveLeft(max(target.left(), min(box.left(), target.right() - box.width())))
        box.moveTop(max(target.top(), min(box.top(), target.bottom() - box.height())))
        self.move(box.topLeft())
        self.raise_()

    def _data_area(self) -> QRect:
        """The target's data area when it is a pyqtgraph plot (its axes and legend stay
        readable beside the hint), else the whole target."""
        target = self.parentWidget()
        if isinstance(target, pg.PlotWidget):
            box = target.getPlotItem().getViewBox()
            return target.mapFromScene(box.sceneBoundingRect()).boundingRect()
        return target.rect()

    def _fitting_font(self) -> QFont:
        """The first of HINT_FONT_RELATIVE and SMALLER sizes whose (bold) text and padding
        fit inside the target; the smallest when none does."""
        target = self.parentWidget()
        font = QFont(self.font())
        bold = QFont(font)
        bold.setBold(True)
        for relative in (HINT_FONT_RELATIVE, *SMALLER):
            size = target.font().pointSizeF() * relative
            bold.setPointSizeF(size)
            text = QFontMetrics(bold).boundingRect(QRect(0, 0, 10_000, 10_000),
                                                   Qt.AlignmentFlag.AlignCenter, self.text())
            if (text.width() + 2 * PADDING[0] <= target.width()
                    and text.height() + 2 * PADDING[1] <= target.height()):
                break
        font.setPointSizeF(size)
        return font
