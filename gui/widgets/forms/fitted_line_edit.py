"""A line edit that is never narrower than its text.

A QLineEdit asks for a minimum of a few characters, so a form squeezed by large text (F11 on
a 1024 px screen) gave "Hidden layers" a field narrower than "100, 100" and showed it scrolled
("0, 100"). This one's minimum width holds its whole text, so the form puts the label above
the field (QFormLayout.WrapLongRows) rather than cutting the text.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtWidgets import QLineEdit, QStyle, QStyleOptionFrame, QWidget

CURSOR_ROOM = "0"
"""One more character than the text, for the cursor at its end."""
WIDEST = "0" * 20
"""A longer text scrolls: it must not push the setup panel wider than a small screen."""


class FittedLineEdit(QLineEdit):
    """A QLineEdit whose minimum size hint is as wide as its text (and the frame)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.textChanged.connect(self.updateGeometry)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        base = super().minimumSizeHint()
        margins, text_margins = self.contentsMargins(), self.textMargins()
        metrics = self.fontMetrics()
        width = (min(metrics.horizontalAdvance(self.text() + CURSOR_ROOM),
                     metrics.horizontalAdvance(WIDEST))
                 + margins.left() + margins.right() + text_margins.left()
                 + text_margins.right() + 4)  # QLineEdit's own 2 px each side
        option = QStyleOptionFrame()
        self.initStyleOption(option)
        fitted = self.style().sizeFromContents(QStyle.ContentsType.CT_LineEdit, option,
                                               QSize(width, base.height()), self)
        return QSize(max(base.width(), fitted.width()), base.height())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()
