"""Restyle the page on screen at once and every other page of a tab or stacked widget when it
is next shown.

A style change (Ctrl+= / Ctrl+-, presentation mode) used to restyle every tab at once, and the
new application font rippled through every widget of every hidden tab: ~2,500 font changes,
relayouts and plot restyles per key press, most of them for pages nobody saw. Here each page
holds its own font size, so a change of the application font stops at a hidden page; the page
takes the new size and style as it is shown (a tab switch pays for one page only).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QStackedWidget, QTabWidget, QWidget

from gui.style import Style


def sized_font(point_size: float) -> QFont:
    """A font that sets only its size: family, weight and the rest still come from the parent."""
    font = QFont()
    font.setPointSizeF(point_size)
    return font


class DeferredStyle(QObject):
    """Keeps the pages of ``pages`` styled: ``apply(style)`` restyles the current page with
    ``restyle(page, style)`` and marks the others, which are restyled when they are shown."""

    def __init__(self, pages: QTabWidget | QStackedWidget,
                 restyle: Callable[[QWidget, Style], None]) -> None:
        super().__init__(pages)
        self._pages = pages
        self._restyle = restyle
        self._style: Style | None = None
        self._stale: set[int] = set()
        size = QApplication.font().pointSizeF()
        for index in range(pages.count()):
            pages.widget(index).setFont(sized_font(size))
        pages.currentChanged.connect(self._on_current_changed)

    def apply(self, style: Style) -> None:
        self._style = style
        self._stale = set(range(self._pages.count()))
        self._on_current_changed(self._pages.currentIndex())

    def adopt(self, index: int) -> None:
        """A page just put at ``index``, built in the current style: it gets its own font
        size like the others and is not restyled again when shown."""
        size = self._style.point_size() if self._style else QApplication.font().pointSizeF()
        self._pages.widget(index).setFont(sized_font(size))
        self._stale.discard(index)

    @Slot(int)
    def _on_current_changed(self, index: int) -> None:
        if index not in self._stale:
            return
        self._stale.discard(index)
        page = self._pages.widget(index)
        page.setFont(sized_font(self._style.point_size()))
        self._restyle(page, self._style)
