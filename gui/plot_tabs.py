"""The centre of the dashboard window: one tab per view (gui/views/*).

A view is a QWidget with a class attribute ``title`` (the tab's text), ``uses_run_keys`` (True
when Space, S and R should drive the training run while it shows), ``visible_plots()`` (what File
> Export takes) and ``apply_style(style)``. The window talks to views only through that protocol.

The tabs reach their pages through ``widget(index)`` rather than Python attributes: a closed
window is often left to the garbage collector, and extra Python references to the plots let it
clear their wrappers while Qt still lays them out (tests/test_gui_app.py checks that).
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from gui.style import Style
from gui.widgets.deferred_style import DeferredStyle


def tab_key(title: str) -> str:
    """The name a view goes by on the command line: 'Optimizer paths' -> 'paths'."""
    return title.lower().split()[-1]


class PlotTabs(QTabWidget):
    """The views as tabs, in the order they were added."""

    def __init__(self, views: list[QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for view in views:
            self.addTab(view, view.title)
        self._deferred_style = DeferredStyle(self, lambda view, style: view.apply_style(style))

    def views(self) -> list[QWidget]:
        return [self.widget(index) for index in range(self.count())]

    def keys(self) -> list[str]:
        """Every tab's command-line name (``--tab NAME``)."""
        return [tab_key(view.title) for view in self.views()]

    def select(self, key: str) -> bool:
        """Show the tab named ``key`` ('training', 'paths', ...); False if there is none."""
        for index, view in enumerate(self.views()):
            if tab_key(view.title) == key.lower():
                self.setCurrentIndex(index)
                return True
        return False

    def showing_run_view(self) -> bool:
        """True while a view that draws the training run is on screen (the run keys act then)."""
        current = self.currentWidget()
        return bool(current is not None and current.uses_run_keys)

    def showing_setup_view(self) -> bool:
        """False while a view with ``uses_setup = False`` (its own controls, no training run)
        is on screen: the window then hides its setup dock, run tool bar and run status."""
        current = self.currentWidget()
        return current is None or getattr(current, "uses_setup", True)

    def visible_plots(self) -> list[QWidget]:
        """The plots of the tab on screen (File > Export and Copy plot)."""
        current = self.currentWidget()
        return current.visible_plots() if current is not None else []

    def apply_style(self, style: Style) -> None:
        """Restyle the view on screen now and each other view as it is shown (a hidden view
        also keeps its old font size until then: gui.widgets.deferred_style)."""
        self._deferred_style.apply(style)
