"""Finished runs from the Runs tab, drawn over the Training tab's loss and accuracy plots.

Ticking a row of the run history puts that run's mini-batch losses on the loss plot and its
train (solid) and test (dashed) accuracy per epoch on the accuracy plot, in the row's colour
and with its label in each plot's legend, so the run on screen can be held against earlier
ones. The overlays are not the current run's data: a new run or Reset leaves them; unticking
the row removes them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg

from gui.widgets.plots.dropped_items import remove_item
from gui.widgets.plots.plot_panel import PlotPanel


@dataclass(frozen=True)
class RunOverlay:
    """One finished run's curves: ``losses`` at ``iterations`` (1-based), accuracies (0..1)
    per epoch from epoch 0; NaN where nothing was measured."""

    label: str
    colour: str
    iterations: np.ndarray
    losses: np.ndarray
    train_acc: np.ndarray
    test_acc: np.ndarray


class HistoryOverlay:
    """The overlay curves of a loss plot and an accuracy plot (LossPlot, AccuracyPlot)."""

    def __init__(self, loss: PlotPanel, accuracy: PlotPanel) -> None:
        self.loss = loss
        self.accuracy = accuracy
        self.loss_curves: list[pg.PlotDataItem] = []
        self.accuracy_curves: list[pg.PlotDataItem] = []  # train, test, train, test, ...
        self.runs: list[RunOverlay] = []

    def show(self, runs: list[RunOverlay]) -> None:
        """Replace the overlays with ``runs`` (an empty list removes them all)."""
        self._remove()
        self.runs = list(runs)
        loss_item = self.loss.view.getPlotItem()
        accuracy_item = self.accuracy.view.getPlotItem()
        style = self.loss.style
        for run in self.runs:
            curve = loss_item.plot(run.iterations, run.losses, connect="finite",
                                   pen=style.pen(run.colour, 1.5))
            curve.setDownsampling(auto=True, method="peak")
            curve.setClipToView(True)
            self.loss.legend.add(curve, run.label)
            self.loss_curves.append(curve)
            epochs = np.arange(len(run.train_acc), dtype=np.float64)
            train = accuracy_item.plot(epochs, 100.0 * run.train_acc, connect="finite",
                                       pen=style.pen(run.colour, 2.0))
            test = accuracy_item.plot(epochs, 100.0 * run.test_acc, connect="finite",
                                      pen=style.pen(run.colour, 2.0, dashed=True))
            self.accuracy.legend.add(train, run.label)
            self.accuracy_curves += [train, test]
        for panel in (self.loss, self.accuracy):
            panel.legend.apply_style(panel.style)

    def _remove(self) -> None:
        for panel, curves in ((self.loss, self.loss_curves),
                              (self.accuracy, self.accuracy_curves)):
            item = panel.view.getPlotItem()
            for curve in curves:
                panel.legend.removeItem(curve)
                remove_item(item, curve)
            panel.legend.fit_row()
        self.loss_curves, self.accuracy_curves = [], []
