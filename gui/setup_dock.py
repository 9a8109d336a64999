"""The left dock that holds the setup panel, with a title that follows the text size.

QDockWidget paints its title in the font the application had when the dock was built
(Qt keeps a copy), so Ctrl+= and presentation mode (gui.actions.presentation) would leave 'Setup'
small while everything around it grows. SetupDock paints the title in its current font.
"""

from __future__ import annotations

from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QStyle,
    QStyleOptionDockWidget,
    QStylePainter,
    QWidget,
)


class SetupDock(QDockWidget):
    """A movable, closable (F9), non-floating dock titled 'Setup' around ``panel``."""

    def __init__(self, panel: QWidget, parent: QWidget | None = None) -> None:
        super().__init__("Setup", parent)
        self.setObjectName("setup-dock")  # the key of its place in the saved window state
        self.setWidget(panel)
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        if self.isFloating() or self.titleBarWidget() is not None:
            super().paintEvent(event)  # a frame around a floating dock, or a custom title
            return
        painter = QStylePainter(self)  # draws in self.font(), which follows the app font
        option = QStyleOptionDockWidget()
        self.initStyleOption(option)
        painter.drawControl(QStyle.ControlElement.CE_DockWidgetTitle, option)
