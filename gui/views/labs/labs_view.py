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
from gui.views.labs.lab_plot import LabPlot
from gui.views.labs.softmax_page import SoftmaxPage
from gui.widgets.deferred_style import DeferredStyle

PAGES = (ActivationsPage, SoftmaxPage, DerivativesPage, GradientPage, GraphPage, ChainPage)
"""The pages built from the style alone, in the list's order (the gradient check follows)."""


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
    """The page list and the pages; ``show_page(title)`` and ``pages()`` for tests. A page
    gives its ``plots()`` (exported) and its ``controls()`` (hidden in plots only).

    ``run_config`` gives the setup panel's current configuration (it raises ConfigError when
    the panel holds a bad value): the gradient check reads the network's shape from it.
    """

    title = "Labs"
    uses_run_keys = False
    # the pages have their own controls: the setup dock, run tool bar and run status only
    # took the width (at 2x text on 1024x768 the gradient check's plot was 90 px wide and
    # the computational graph a thumbnail); the gradient check still reads the setup's net
    uses_setup = False

    def __init__(self, style: Style, run_config: Callable[[], RunConfig],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._style = style
        self._controls_visible = True
        # A page is built the first time it is shown: the seven pages hold nine plots, about
        # half of the window's start-up work, for a tab many sessions never open.
        self._builders: list[Callable[[Style], QWidget]] = [
            *PAGES, lambda page_style: GradientCheckPage(page_style, run_config)]
        self._titles = [*(page.title for page in PAGES), GradientCheckPage.title]
        self.page_list = QListWidget()
        self.page_list.setToolTip("Pick a lab: each is one idea of chapters 3 to 5, live.")
        self.page_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        for title in self._titles:
            self.page_list.addItem(title)
            self.stack.addWidget(QWidget())  # the page's place until it is built
        self.page_list.currentRowChanged.connect(self._on_page_chosen)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.page_list)
        layout.addWidget(self.stack, 1)
        self._deferred_style = DeferredStyle(self.stack, _restyle_page_area)
        self.page_list.setCurrentRow(0)
        self._fit_list(style)

    def pages(self) -> list[QWidget]:
        """Every page (building those not shown yet)."""
        return [self._page(index) for index in range(self.stack.count())]

    def current_page(self) -> QWidget:
        return self._page(self.stack.currentIndex())

    def show_page(self, title: str) -> QWidget:
        """Show the page titled ``title`` and return it."""
        if title not in self._titles:
            raise ValueError(f"unknown lab {title!r}; valid: {', '.join(self._titles)}")
        self.page_list.setCurrentRow(self._titles.index(title))
        return self.current_page()

    def visible_plots(self) -> list[QWidget]:
        """The plots of the page on screen, for File > Export and Copy plot: each names its
        files after the page and the plot (labs-derivative-error.png and .csv)."""
        return self.current_page().plots()

    def set_controls_visible(self, visible: bool) -> None:
        """Plots only (F10): every page hides its controls and the plots' notes, so the
        plots take the page; the page list stays, to switch labs."""
        self._controls_visible = visible
        for area in self._built_areas():
            self._show_controls(area.widget(), visible)

    def apply_style(self, style: Style) -> None:
        """Restyle the page on screen now and each other built page as it is shown
        (restyling all seven took ~50-60 ms of every Ctrl+=); later pages are built in it."""
        self._style = style
        self._deferred_style.apply(style)
        self._fit_list(style)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        self.current_page()  # built now, as the tab is first shown
        super().showEvent(event)

    def _page(self, index: int) -> QWidget:
        """The page at ``index``, built (and put in its place) on first use."""
        area = self.stack.widget(index)
        if isinstance(area, PageArea):
            return area.widget()
        page = self._builders[index](self._style)
        if not self._controls_visible:
            self._show_controls(page, False)
        current = self.stack.currentIndex()
        self.stack.insertWidget(index, PageArea(page))
        self.stack.removeWidget(area)
        area.deleteLater()
        self._deferred_style.adopt(index)
        self.stack.setCurrentIndex(current)
        return page

    def _built_areas(self) -> list[PageArea]:
        areas = (self.stack.widget(index) for index in range(self.stack.count()))
        return [area for area in areas if isinstance(area, PageArea)]

    @staticmethod
    def _show_controls(page: QWidget, visible: bool) -> None:
        for widget in page.controls():
            widget.setVisible(visible)
        for plot in page.plots():
            if isinstance(plot, LabPlot):
                plot.set_controls_visible(visible)

    def _fit_list(self, style: Style) -> None:
        """As wide as the longest title in the style's font (the application's font follows
        the style, but the list may not have received it yet)."""
        metrics = QFontMetrics(style.font())
        width = max(metrics.horizontalAdvance(title) for title in self._titles)
        self.page_list.setFixedWidth(width + metrics.height())

    @Slot(int)
    def _on_page_chosen(self, row: int) -> None:
        if self.isVisible():
            self._page(row)
        self.stack.setCurrentIndex(row)


def _restyle_page_area(area: QWidget, style: Style) -> None:
    if not isinstance(area, PageArea):
        return  # a page not built yet: it will be built in the style of that moment
    area.widget().apply_style(style)
    area.widget().updateGeometry()
    area._fit()
