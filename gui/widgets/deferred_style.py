"""Restyle the page on screen at once and every other page of a tab or stacked widget when it
is next shown.

A style change (Ctrl+= / Ctrl+-, presentation mode) used to restyle every tab at once, and the
new application font rippled through every widget of every hidden tab: ~2,500 font changes,
relayouts and plot restyles per key press, most of them for pages nobody saw. Here each page
holds its own font size, so a change of the application font stops at a hidden page; the page
takes the new size and style as it is shown (a tab switch pays for one page only).

After a restyle ``settle_layouts()`` runs the layout passes it queued at once: left to the event
loop, each pass posts the next (a panel's new size resizes its pyqtgraph scene, whose axes take
new sizes and relayout the plot, ...) and the window was painted between two of them, three to
six times per Ctrl+= (~35 ms each on the Training tab), where once is enough.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QStackedWidget, QTabWidget, QWidget

from gui.style import Style

LAYOUT_ROUNDS = 10
"""How many rounds of queued layout requests ``settle_layouts`` runs; a font change on the
Training tab needs about eight (each round's layouts queue the next)."""


def settle_layouts() -> None:
    """Deliver a new application font and run the layout requests it and a restyle queued
    now, round after round, so the next paint draws the final geometry (the paint still comes
    from the event loop: a screenshot taken now shows the new layout, not a blank or
    half-styled window). Qt posts the application font to each window, which hands it to
    its widgets only in the next event-loop turn: the setup dock and the tool bar would grow
    after the first paint and lay the window out again."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.ApplicationFontChange)
    for _ in range(LAYOUT_ROUNDS):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


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
        """Restyle the current page now (the caller settles the layouts once it is done with
        the rest of the window: gui.main_window) and the others as they are shown."""
        self._style = style
        self._stale = set(range(self._pages.count()))
        self._restyle_if_stale(self._pages.currentIndex())

    def adopt(self, index: int) -> None:
        """A page just put at ``index``, built in the current style: it gets its own font
        size like the others and is not restyled again when shown."""
        size = self._style.point_size() if self._style else QApplication.font().pointSizeF()
        self._pages.widget(index).setFont(sized_font(size))
        self._stale.discard(index)

    @Slot(int)
    def _on_current_changed(self, index: int) -> None:
        """A page comes on screen: if stale, restyle it and lay it out before it is painted."""
        if self._restyle_if_stale(index):
            settle_layouts()

    def _restyle_if_stale(self, index: int) -> bool:
        """Restyle the page at ``index`` if the style changed since it was last shown."""
        if index not in self._stale:
            return False
        self._stale.discard(index)
        page = self._pages.widget(index)
        page.setFont(sized_font(self._style.point_size()))
        self._restyle(page, self._style)
        return True
