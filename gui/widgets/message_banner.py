"""A coloured line above the plots for things the user must see: a diverged or failed run.

A modal dialog would stop a lecture (and block tests); the banner stays until dismissed or
until the next run starts, and the window stays usable meanwhile.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

# (background, text, border) colours
ERROR_COLOURS = ("#fde2e1", "#7a1010", "#e5484d")
INFO_COLOURS = ("#e3f1fb", "#0b3d62", "#56b4e9")


class MessageBanner(QFrame):
    """Hidden until ``show_error`` or ``show_info``; a close button dismisses it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton()
        close.setText("x")
        close.setAutoRaise(True)
        close.setToolTip("Hide this message.")
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)
        self.hide()

    @property
    def text(self) -> str:
        return self.label.text()

    def show_error(self, message: str) -> None:
        self._show(message, ERROR_COLOURS)

    def show_info(self, message: str) -> None:
        self._show(message, INFO_COLOURS)

    def _show(self, message: str, colours: tuple[str, str, str]) -> None:
        background, text, border = colours
        self.setStyleSheet(f"MessageBanner {{ background: {background}; border: 1px solid "
                           f"{border}; border-radius: 4px; }} QLabel {{ color: {text}; }}")
        self.label.setText(message)
        self.show()
