"""A grid of equal cells (check boxes) that wraps into fewer columns when narrow.

A QGridLayout keeps its columns: four feature check boxes in a row made the setup panel
377 px wide at presentation text on a 1024 px projector, wider than the dock may be, and
the panel scrolled sideways with its fields cut off. This grid puts as many cells in a row
as its width holds and grows taller instead.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

SPACING = 6


class WrappingGrid(QWidget):
    """Holds ``cells`` in rows of at most ``columns``, fewer when its width is smaller.

    The cells are placed by hand, not by a QLayout: a widget with a layout gets its height
    from the layout, which knows nothing of height-for-width."""

    def __init__(self, cells: list[QWidget], columns: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cells = cells
        self._max_columns = columns
        for cell in cells:
            cell.setParent(self)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _cell_size(self) -> QSize:
        widths = [cell.sizeHint().width() for cell in self._cells] or [0]
        heights = [cell.sizeHint().height() for cell in self._cells] or [0]
        return QSize(max(widths), max(heights))

    def _columns_for(self, width: int) -> int:
        cell = self._cell_size().width() + SPACING
        return max(1, min(self._max_columns, (width + SPACING) // max(cell, 1)))

    def _height_of(self, columns: int) -> int:
        rows = math.ceil(len(self._cells) / columns)
        return max(rows * (self._cell_size().height() + SPACING) - SPACING, 0)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        width = self._max_columns * (self._cell_size().width() + SPACING) - SPACING
        return QSize(width, self._height_of(self._max_columns))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self._cell_size().width(), self._height_of(self._max_columns))

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        return self._height_of(self._columns_for(width))

    def _place(self) -> None:
        cell = self._cell_size()
        columns = self._columns_for(self.width())
        for index, widget in enumerate(self._cells):
            row, column = divmod(index, columns)
            widget.setGeometry(column * (cell.width() + SPACING),
                               row * (cell.height() + SPACING), cell.width(), cell.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._place()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # larger cells: more rows, placed again
            self.updateGeometry()
            self._place()
