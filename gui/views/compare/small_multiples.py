"""The book's two many-run figures: batch norm at 16 weight scales (6-18) and the random
hyperparameter search (6-24).

BatchnormGrid: a 4x4 grid of small plots, one per weight scale, training accuracy per epoch
with batch norm (solid) and without (dashed). SearchScatter: each trial as a point at
(log10 lr, log10 weight decay) coloured by its validation accuracy (viridis, readable in grey
and with any colour vision); the best trials' curves are gui/views/compare/best_trials.py.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from engine.compare import ComparisonSnapshot
from engine.config import RunConfig
from gui.style import Style, style_plot
from gui.views.compare.palette import fixed_axes, run_colour
from gui.widgets.plots.dropped_items import clear_layout
from gui.widgets.plots.plot_panel import PlotPanel
from gui.widgets.stepwise_builder import StepwiseBuilder

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
        self._scales: list[float] = []  # the scales the cells are built for
        self._epochs = 0
        self._builder = StepwiseBuilder(self)

    def prepare(self, runs: list[tuple[str, RunConfig]]) -> None:
        """Cells for the runs' weight scales: built once (a row per event-loop turn), kept for
        the next run of the same scales."""
        scales = [config.network.init_std for _, config in runs[::2]]
        self._epochs = runs[0][1].train.epochs if runs else 0
        self._accuracies = []
        if scales != self._scales:
            self._scales = scales
            clear_layout(self.view)
            self.plots, self.curves = [], []
            self._builder.start([partial(self._build_row, start)
                                 for start in range(0, len(scales), GRID_SIDE)])
        self._show_epochs()
        self.mark_dirty()

    def _build_row(self, start: int) -> None:
        scales = self._scales
        for index in range(start, min(start + GRID_SIDE, len(scales))):
            plot = self.view.addPlot(row=index // GRID_SIDE, col=index % GRID_SIDE,
                                     enableMenu=False)
            plot.setTitle(f"w = {scales[index]:.2g}")
            plot.setYRange(0, 1, padding=0)
            fixed_axes(plot)
            plot.hideButtons()
            if index % GRID_SIDE:
                plot.getAxis("left").setStyle(showValues=False)
            if index < len(scales) - GRID_SIDE:
                plot.getAxis("bottom").setStyle(showValues=False)
            if self.plots:
                plot.setXLink(self.plots[0])
            self.plots.append(plot)
            self.curves += [plot.plot(), plot.plot()]
            style_plot(plot, self.style)
            self._style_cell(index)
        if start == 0:
            self._show_epochs()
        self.mark_dirty()

    def _show_epochs(self) -> None:
        if self.plots and self._epochs:
            self.plots[0].setXRange(0, self._epochs, padding=0.05)

    def show_snapshot(self, snapshot: ComparisonSnapshot) -> None:
        self._accuracies = [run.train_acc for run in snapshot.runs]
        self.mark_dirty()

    def clear(self) -> None:
        self._accuracies = []
        self.mark_dirty()

    def apply_style(self, style: Style) -> None:
        super().apply_style(style)
        for index in range(len(self.plots)):
            self._style_cell(index)

    def _style_cell(self, index: int) -> None:
        """Cell ``index``'s title and its two curves: with batch norm solid, without dashed."""
        style = self.style
        for kind, curve in enumerate(self.curves[2 * index:2 * index + 2]):
            curve.setPen(style.pen(run_colour(kind), 2.0, dashed=bool(kind)))
            curve.setSymbol("o")
            curve.setSymbolSize(4 * style.font_scale)
            curve.setSymbolBrush(run_colour(kind))
            curve.setSymbolPen(None)
        plot = self.plots[index]
        plot.setTitle(plot.titleLabel.text, size=f"{style.point_size(0.9):.0f}pt")

    def _plot_items(self) -> list[pg.PlotItem]:
        return self.plots

    def _redraw(self) -> None:
        for index, curve in enumerate(self.curves):
            accuracy = self._accuracies[index] if index < len(self._accuracies) else np.empty(0)
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
