"""The Labs tab: chapters 3 to 5 of the book, one live page each, chosen from a list on the
left. Every number on a page comes from the engine; the pages only draw and take input.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QFontMetrics, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QListWidget,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

from engine.config import RunConfig
from gui.style import Style
from gui.views.labs.activations_page import ActivationsPage
from gui.views.labs.chain_page import ChainPage
from gui.views.labs.derivatives_page import DerivativesPage
from gui.views.labs.gradient_check_page import GradientCheckPage
from gui.views.labs.gradient_page import GradientPage
from gui.views.labs.graph_page import GraphPage
from gui.views.labs.softmax_page import SoftmaxPage
from gui.widgets.deferred_style import DeferredStyle


class PageArea(QScrollArea):
    """Shows a page at the size of the area, or at its minimum size with scroll bars when the
    area is smaller (a large presentation font). A plain resizable QScrollArea gives a page
    with wrapped text its preferred height for the width, and scrolls even when it fits."""

    def __init__(self, page: QWidget) -> None:
        super().__init__()
        self.setWidget(page)
        self.setWidgetResizable(False)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self._fit_timer = QTimer(self)  # owned: it dies with the area, unlike singleShot
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._fit)
        page.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Fit again when the page's size hints change (a new font arrives after the style)."""
        if watched is self.widget() and event.type() in (QEvent.Type.LayoutRequest,
                                                         QEvent.Type.FontChange):
            self._fit_timer.start()
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit()

    @Slot()
    def _fit(self) -> None:
        page = self.widget()
        least_width = page.minimumSizeHint().width()
        width = max(least_width, self.width())
        least = self._minimum_height(width)
        if width > self.width():  # the horizontal scroll bar takes room from the height
            height = max(least, self.height() - self.horizontalScrollBar().height())
        else:
            height = max(least, self.height())
        if height > self.height():
            width = max(least_width, self.width() - self.verticalScrollBar().width())
        page.resize(width, height)

    def _minimum_height(self, width: int) -> int:
        """The page's minimum height at this width: a box layout's includes the wrapped text
        (a grid layout's would be its preferred height, so grids use their minimum size)."""
        page, minimum = self.widget(), self.widget().minimumSizeHint().height()
        layout = page.layout()
        if isinstance(layout, QBoxLayout) and layout.hasHeightForWidth():
            return max(minimum, layout.minimumHeightForWidth(width))
        return minimum


class LabsView(QWidget):
    """The page list and the pages; ``show_page(title)`` and ``pages()`` for tests.

    ``run_config`` gives the setup panel's current configuration (it raises ConfigError when
    the panel holds a bad value): the gradient check reads the network's shape from it.
    """

    title = "Labs"
    uses_run_keys = False

    def __init__(self, style: Style, run_config: Callable[[], RunConfig],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page_list = QListWidget()
        self.page_list.setToolTip("Pick a lab: each is one idea of chapters 3 to 5, live.")
        self.page_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        for page in (ActivationsPage(style), SoftmaxPage(style), DerivativesPage(style),
                     GradientPage(style), GraphPage(style), ChainPage(style),
                     GradientCheckPage(style, run_config)):
            self.page_list.addItem(page.title)
            self.stack.addWidget(PageArea(page))
        self.page_list.currentRowChanged.connect(self._on_page_chosen)
        self.page_list.setCurrentRow(0)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.page_list)
        layout.addWidget(self.stack, 1)
        self._deferred_style = DeferredStyle(self.stack, _restyle_page_area)
        self._fit_list(style)

    def pages(self) -> list[QWidget]:
        return [self.stack.widget(index).widget() for index in range(self.stack.count())]

    def current_page(self) -> QWidget:
        return self.stack.currentWidget().widget()

    def show_page(self, title: str) -> QWidget:
        """Show the page titled ``title`` and return it."""
        titles = [page.title for page in self.pages()]
        if title not in titles:
            raise ValueError(f"unknown lab {title!r}; valid: {', '.join(titles)}")
        self.page_list.setCurrentRow(titles.index(title))
        return self.current_page()

    def visible_plots(self) -> list[QWidget]:
        """Nothing for File > Export: its formats know the training and path plots only (a
        lab page is copied to slides with --screenshot or the desktop's screenshot tool)."""
        return []

    def apply_style(self, style: Style) -> None:
        """Restyle the page on screen now and each other page as it is shown (restyling all
        seven took ~50-60 ms of every Ctrl+=)."""
        self._deferred_style.apply(style)
        self._fit_list(style)

    def _fit_list(self, style: Style) -> None:
        """As wide as the longest title in the style's font (the application's font follows
        the style, but the list may not have received it yet)."""
        metrics = QFontMetrics(style.font())
        width = max(metrics.horizontalAdvance(page.title) for page in self.pages())
        self.page_list.setFixedWidth(width + metrics.height())

    @Slot(int)
    def _on_page_chosen(self, row: int) -> None:
        self.stack.setCurrentIndex(row)


def _restyle_page_area(area: PageArea, style: Style) -> None:
    area.widget().apply_style(style)
    area.widget().updateGeometry()
    area._fit()
