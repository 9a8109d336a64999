"""A sentence on one line, in a shorter wording or cut with '...' to the width it gets; a
click shows it whole.

At large text on a 720-768 px screen a wrapped explanation took the height the Compare tab's
plots need: one line keeps the plots readable, the tooltip and a click keep the sentence. A
sentence cut to its first words says nothing ("Add th..." at 2x text on 1024x768), so the
line shows the longest of the sentence's wordings that fits, and cuts only the shortest.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class ElidedLabel(QLabel):
    """One elided line of ``text()``; clicking toggles the whole, wrapped text."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self._wordings: tuple[str, ...] = ()
        self._expanded = False
        # no minimum width of its own: the label never widens the window
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setText(text)

    def text(self) -> str:
        return self._full

    def setText(self, text: str, *shorter: str) -> None:  # noqa: N802 - Qt's name
        """``text`` whole in the tooltip and on a click; on one line it or the first of the
        ``shorter`` wordings (shortest last) that fits."""
        self._full = text
        self._wordings = (text, *shorter)
        self.setToolTip(f"{text}\n\n(Click to show it whole or on one line.)" if text else "")
        self._show()

    @property
    def expanded(self) -> bool:
        return self._expanded

    def set_expanded(self, expanded: bool) -> None:
        self._expanded = expanded
        self._show()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton:
            self.set_expanded(not self._expanded)
        super().mousePressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if not self._expanded:
            self._show()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._show()

    def _show(self) -> None:
        self.setWordWrap(self._expanded)
        shown = self._full if self._expanded else self._line(max(0, self.width()))
        if shown != super().text():
            super().setText(shown)

    def _line(self, width: int) -> str:
        metrics = self.fontMetrics()
        return next((wording for wording in self._wordings
                     if metrics.horizontalAdvance(wording) <= width),
                    metrics.elidedText(self._wordings[-1], Qt.TextElideMode.ElideRight, width))
