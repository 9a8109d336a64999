"""A vertical scroll area exactly as wide as its content asks for, at any font size.

A plain QScrollArea lets its content be squeezed (or measures it once, with the start-up
font), so larger text in presentation mode or after Ctrl+= would clip the controls. This one
computes its width from the content's size hint every time the layout asks, and asks the
layout again when the font changes.

With ``share_of_screen`` it never forces that width on the window: it asks for at most that
share of the screen's width and its minimum is the content's *minimum* width (forms wrap their
rows, combo boxes shorten their text), capped at MIN_SCREEN_SHARE, below which it scrolls
sideways too. On a small projector with large text the plots keep the room.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

MIN_SCREEN_SHARE = 0.25


class FittedScrollArea(QScrollArea):
    """Scrolls ``content`` vertically; never narrower than the content wants, unless
    ``share_of_screen`` lets it give way on a small screen."""

    def __init__(self, content: QWidget, minimum_height: int,
                 parent: QWidget | None = None, *, share_of_screen: float | None = None) -> None:
        super().__init__(parent)
        self._minimum_height = minimum_height
        self._share = share_of_screen
        self.setWidget(content)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded if share_of_screen
                                          else Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def _chrome_width(self) -> int:
        """The frame and room for the vertical scroll bar."""
        return self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """The content's size plus the frame and room for the vertical scroll bar."""
        content = self.widget().sizeHint()
        width = content.width() + self._chrome_width()
        if self._share:
            width = max(min(width, round(self._share * self._screen_width())),
                        self.minimumSizeHint().width())
        return QSize(width, content.height() + 2 * self.frameWidth())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        if not self._share:
            return QSize(self.sizeHint().width(), self._minimum_height)
        width = self.widget().minimumSizeHint().width() + self._chrome_width()
        return QSize(min(width, round(MIN_SCREEN_SHARE * self._screen_width())),
                     self._minimum_height)

    def _screen_width(self) -> int:
        screen = self.screen() or QApplication.primaryScreen()
        return screen.availableGeometry().width()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()  # a larger font needs a wider area
        super().changeEvent(event)
