"""'Press Space to train' over an empty plot, so a first-time user knows the window is ready.

The hint is a child label kept centred on its target widget; it lets the mouse through and
takes no room in any layout, so the plot under it looks and behaves the same.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QWidget

HINT_TEXT = "Press Space to train"
HINT_FONT_RELATIVE = 1.25


class StartHint(QLabel):
    """Centred over ``target`` until ``hide()``; call ``show()`` to bring it back."""

    def __init__(self, target: QWidget, text: str = HINT_TEXT) -> None:
        super().__init__(text, target)
        self.setObjectName("start-hint")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet("QLabel#start-hint { background: rgba(0, 0, 0, 150); color: white; "
                           "border-radius: 8px; padding: 10px 18px; font-weight: bold; }")
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
        """A little larger than the text around it, in the middle of the target."""
        font = self.font()
        font.setPointSizeF(self.parentWidget().font().pointSizeF() * HINT_FONT_RELATIVE)
        if font != self.font():
            self.setFont(font)
            return  # the font change centres it again
        self.adjustSize()
        area = self.parentWidget().rect()
        self.move(area.center() - self.rect().center())
        self.raise_()
