"""The book's two many-run figures: batch norm at 16 weight scales (6-18) and the random
hyperparameter search (6-24).

BatchnormGrid: a 4x4 grid of small plots, one per weight scale, training accuracy per epoch
with batch norm (solid) and without (dashed). SearchScatter: each trial as a point at
(log10 lr, log10 weight decay) coloured by its validation accuracy (viridis, readable in grey
and with any colour vision); the best trials' curves are gui/views/compare/best_trials.py.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from engine.compare import ComparisonSnapshot
from engine.config import RunConfig
from gui.style import Style
from gui.views.compare.palette import fixed_axes, run_colour
from gui.widgets.dropped_items import clear_layout
from gui.widgets.plot_panel import PlotPanel

GRID_SIDE = 4


class BatchnormGrid(PlotPanel):
    """16 small accuracy plots; run 2k is scale k with batch norm, run 2k+1 without."""

    show_grid = False

    def __init__(self, style: Style, parent: QWidget | None = None) -> None:
        super().__init__("Training accuracy at 16 weight scales", "Solid: with batch norm; "
                         "dashed: without. One small plot per initial weight scale.",
                         style, parent)
        self.view = pg.GraphicsLayoutWidget()
        self.set_body(self.view)
        self.plots: list[pg.PlotItem] = []
        self.curves: list[pg.PlotDataItem] = []
        self._accuracies: list[np.ndarray] = []

    def prepare(self, runs: list[tuple[str, RunConfig]]) -> None:
        clear_layout(self.view)
        self.plots, self.curves = [], []
        scales = [config.network.init_std for _, config in runs[::2]]
        for index, scale in enumerate(scales):
            plot = self.view.addPlot(row=index // GRID_SIDE, col=index % GRID_SIDE)
            plot.setTitle(f"w = {scale:.2g}")
            plot.setYRange(0, 1, padding=0)
            fixed_axes(plot)
            plot.setMenuEnabled(False)
            plot.hideButtons()
            if index % GRID_SIDE:
                plot.getAxis("left").setStyle(showValues=False)
            if index < len(scales) - GRID_SIDE:
                plot.getAxis("bottom").setStyle(showValues=False)
            if self.plots:
                plot.setXLink(self.plots[0])
            self.plots.append(plot)
            self.curves += [plot.plot(), plot.plot()]
        self._accuracies = [np.empty(0) for _ in self.curves]
        if self.plots:
            self.plots[0].setXRange(0, runs[0][1].train.epochs, padding=0.05)
        self.apply_style(self.style)

    def show_snapshot(self, snapshot: ComparisonSnapshot) -> None:
        self._accuracies = [run.train_acc for run in snapshot.runs]
        self.mark_dirty()

    def clear(self) -> None:
        self._accuracies = [np.empty(0) for _ in self.curves]
        self.mark_dirty()

    def apply_style(self, style: Style) -> None:
        super().apply_style(style)
        for index, curve in enumerate(self.curves):
            curve.setPen(style.pen(run_colour(index % 2), 2.0, dashed=bool(index % 2)))
            curve.setSymbol("o")
            curve.setSymbolSize(4 * style.font_scale)
            curve.setSymbolBrush(run_colour(index % 2))
            curve.setSymbolPen(None)
        for plot in self.plots:
            plot.setTitle(plot.titleLabel.text, size=f"{style.point_size(0.9):.0f}pt")

    def _plot_items(self) -> list[pg.PlotItem]:
        return self.plots

    def _redraw(self) -> None:
        for curve, accuracy in zip(self.curves, self._accuracies, strict=False):
            curve.setData(np.arange(len(accuracy), dtype=np.float64), accuracy)


class SearchScatter(PlotPanel):
    """Trials at (log10 lr, log10 weight decay), coloured by validation accuracy (the best
    trials' curves are in BestTrialsGrid beside it)."""

    def __init__(self, style: Style, parent: QWidget | None = None) -> None:
        super().__init__("Hyperparameter trials", "Each point is a trial: learning rate "
                         "against weight decay, coloured by validation accuracy (yellow best).",
                         style, parent)
        self.view = pg.GraphicsLayoutWidget()
        self.set_body(self.view)
        self.scatter_plot = self.view.addPlot(row=0, col=0)
        self.scatter_plot.setLabel("bottom", "log10 learning rate")
        self.scatter_plot.setLabel("left", "log10 weight decay")
        fixed_axes(self.scatter_plot)
        self.points = pg.ScatterPlotItem(size=10, pen=None)
        self.scatter_plot.addItem(self.points)
        self._colour_map = pg.colormap.get("viridis")
        self._positions = np.empty((0, 2))
        self._runs: tuple = ()
        self._drawn: tuple | None = None  # the epochs measured per trial when last drawn
        self.apply_style(style)

    def prepare(self, runs: list[tuple[str, RunConfig]]) -> None:
        self._positions = np.log10([[config.train.lr, config.network.weight_decay]
                                    for _, config in runs])
        self._runs = ()
        self._drawn = None
        self.mark_dirty()

    def show_snapshot(self, snapshot: ComparisonSnapshot) -> None:
        self._runs = snapshot.runs
        self.mark_dirty()

    def clear(self) -> None:
        self._runs = ()
        self._drawn = None
        self.mark_dirty()

    def apply_style(self, style: Style) -> None:
        super().apply_style(style)
        self._drawn = None
        self.points.setSize(10 * style.font_scale)

    def _plot_items(self) -> list[pg.PlotItem]:
        return [self.scatter_plot]

    def _redraw(self) -> None:
        drawn = (len(self._positions), tuple(len(run.test_acc) for run in self._runs))
        if drawn == self._drawn:
            return  # the colours change once an epoch, the snapshots 20 times a second
        self._drawn = drawn
        if not len(self._positions):
            self.points.setData([])
            return
        latest = np.array([run.test_acc[-1] if len(run.test_acc) else 0.0
                           for run in self._runs]) if self._runs else np.zeros(
            len(self._positions))
        brushes = [pg.mkBrush(self._colour_map.map(float(np.nan_to_num(value)), mode="qcolor"))
                   for value in latest]
        self.points.setData(pos=self._positions, brush=brushes)
