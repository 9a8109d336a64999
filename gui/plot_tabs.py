"""The centre of the dashboard window: the training plots and the optimizer-path view as tabs.

The tabs reach their pages through ``widget(index)`` rather than Python attributes: a closed
window is often left to the garbage collector, and extra Python references to the plots let it
clear their wrappers while Qt still lays them out (tests/test_gui_app.py checks that).
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from gui.paths_view import OptimizerPathsView
from gui.plots.training_plots import TrainingPlots
from gui.style import Style

TRAINING_TAB, PATHS_TAB = 0, 1


class PlotTabs(QTabWidget):
    """'Training' (the live plots of a run) and 'Optimizer paths' (the 2-D playground)."""

    def __init__(self, plots: TrainingPlots, paths_view: OptimizerPathsView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.insertTab(TRAINING_TAB, plots, "Training")
        self.insertTab(PATHS_TAB, paths_view, "Optimizer paths")

    def training_plots(self) -> TrainingPlots:
        return self.widget(TRAINING_TAB)

    def paths_view(self) -> OptimizerPathsView:
        return self.widget(PATHS_TAB)

    def showing_training(self) -> bool:
        """True while the training plots are on screen (the run keys act only then)."""
        return self.currentIndex() == TRAINING_TAB

    def visible_plots(self) -> list[QWidget]:
        """The plots of the tab on screen (File > Export and Copy plot)."""
        if self.currentIndex() == PATHS_TAB:
            return [self.paths_view().plot]
        return list(self.training_plots().plots)

    def apply_style(self, style: Style) -> None:
        self.training_plots().apply_style(style)
        self.paths_view().apply_style(style)
