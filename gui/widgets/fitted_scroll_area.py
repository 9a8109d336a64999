"""A vertical scroll area exactly as wide as its content asks for, at any font size.

A plain QScrollArea lets its content be squeezed (or measures it once, with the start-up
font), so larger text in presentation mode or after Ctrl+= would clip the controls. This one
computes its width from the content's size hint every time the layout asks, and asks the
layout again when the font changes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QScrollArea, QWidget


class FittedScrollArea(QScrollArea):
    """Scrolls ``content`` vertically only; never narrower than the content wants."""

    def __init__(self, content: QWidget, minimum_height: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._minimum_height = minimum_height
        self.setWidget(content)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """The content's size plus the frame and room for the vertical scroll bar."""
        content = self.widget().sizeHint()
        frame = 2 * self.frameWidth()
        return QSize(content.width() + self.verticalScrollBar().sizeHint().width() + frame,
                     content.height() + frame)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self.sizeHint().width(), self._minimum_height)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()  # a larger font needs a wider area
        super().changeEvent(event)
