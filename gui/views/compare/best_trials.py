"""The best trials of the hyperparameter search as the book draws them (figure 6-24, right).

hyperparameter_optimization.py ranks the trials by their last validation accuracy and draws
the best 20 as a 5x4 grid of small plots, each titled "Best-k" with its validation accuracy,
learning rate and weight decay: validation accuracy per epoch (solid) and training accuracy
(dashed) on 0..1. Live, the ranking follows the trials' latest epoch, so the cells reorder
as the search goes on.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QWidget

from engine.compare import ComparisonSnapshot
from engine.config import RunConfig
from engine.presets import Trial, ranked_trials
from gui.style import TICK_FONT_RELATIVE, Style, style_plot
from gui.views.compare.palette import fixed_axes, run_colour
from gui.widgets.plots.plot_panel import PlotPanel
from gui.widgets.stepwise_builder import StepwiseBuilder

GRID_COLUMNS = 5
GRID_ROWS = 4
BEST_SHOWN = GRID_COLUMNS * GRID_ROWS
EMPTY_TITLE = "&nbsp;<br>&nbsp;"  # two blank lines: a cell keeps its height until it has a trial


def trial_title(rank: int, trial: Trial) -> str:
    """'Best-1 (val acc: 0.83)' over 'lr 0.0061, wd 2.1e-07': the book's title, on two lines
    so it fits a small cell."""
    return (f"Best-{rank} (val acc: {trial.val_acc:.2f})<br>"
            f"lr {trial.lr:.2g}, wd {trial.weight_decay:.2g}")


class _ShrinkableTitle(pg.LabelItem):
    """A plot title that never widens its plot: pyqtgraph makes a label at least as wide as
    its text, so 5 titles side by side pushed the grid's last column off a small screen."""

    def updateMin(self) -> None:  # noqa: N802 - pyqtgraph's name
        super().updateMin()
        self.setMinimumWidth(0)
        self._sizeHint[Qt.SizeHint.MinimumSize] = (0, self.minimumHeight())
        self.updateGeometry()


def _shrinkable_title(plot: pg.PlotItem) -> None:
    """Put a _ShrinkableTitle in the place of ``plot``'s own title label (Qt deletes that)."""
    old = plot.titleLabel
    plot.layout.removeItem(old)
    old.setParentItem(None)
    if old.scene() is not None:
        old.scene().removeItem(old)
    old.deleteLater()
    plot.titleLabel = _ShrinkableTitle("", size="11pt")
    plot.layout.addItem(plot.titleLabel, 0, 1)


class BestTrialsGrid(PlotPanel):
    """20 small plots, best trial first (left to right, then down)."""

    show_grid = False

    def __init__(self, style: Style, parent: QWidget | None = None) -> None:
        super().__init__("Best 20 trials", "The trials with the highest validation accuracy, "
                         "best first: validation accuracy per epoch (solid) and training "
                         "accuracy (dashed), as in the book's figure 6-24.", style, parent)
        self.view = pg.GraphicsLayoutWidget()
        self.set_body(self.view)
        self.plots: list[pg.PlotItem] = []  # built with the first search (20 plots: 0.15 s)
        self.val_curves: list[pg.PlotDataItem] = []
        self.train_curves: list[pg.PlotDataItem] = []
        self._titles: list[str] = []
        self._runs: list[tuple[str, RunConfig]] = []
        self._snapshots: tuple = ()
        self._drawn: tuple | None = None  # what the cells show: (label, epochs) per cell
        self._epochs = 0  # the search's epochs: the x range of every cell
        self._builder = StepwiseBuilder(self)
        self.apply_style(style)

    def _build(self) -> None:
        """The 20 cells, a row of 5 per event-loop turn (see StepwiseBuilder)."""
        self._builder.start([partial(self._build_row, row) for row in range(GRID_ROWS)])

    def _build_row(self, row: int) -> None:
        for index in range(row * GRID_COLUMNS, (row + 1) * GRID_COLUMNS):
            plot = self.view.addPlot(row=row, col=index % GRID_COLUMNS,
                                     enableMenu=False)  # a menu costs a third of a plot
            _shrinkable_title(plot)
            plot.hideButtons()
            plot.setMouseEnabled(x=False, y=False)
            plot.setYRange(0, 1, padding=0)
            fixed_axes(plot)
            plot.getAxis("bottom").setStyle(showValues=False)  # the book: no x ticks
            if index % GRID_COLUMNS:  # the book: y ticks on the first column only
                plot.hideAxis("left")
            if self.plots:
                plot.setXLink(self.plots[0])
            self.plots.append(plot)
            self.val_curves.append(plot.plot())
            self.train_curves.append(plot.plot())
            self._titles.append(EMPTY_TITLE)
            style_plot(plot, self.style)
            self._style_cell(index)
        if row == 0:
            self._show_epochs()
        self._drawn = None  # the new cells are drawn at the next frame
        self.mark_dirty()

    def prepare(self, runs: list[tuple[str, RunConfig]]) -> None:
        """A search of ``runs`` is starting: empty cells, the x axis over its epochs."""
        if not self.plots and not self._builder.building:
            self._build()
        self._runs = list(runs)
        self._snapshots = ()
        self._drawn = None
        self._epochs = max((config.train.epochs for _, config in runs), default=0)
        self._show_epochs()
        self.mark_dirty()

    def _show_epochs(self) -> None:
        if self.plots and self._epochs:
            self.plots[0].setXRange(0, self._epochs, padding=0.02)

    def show_snapshot(self, snapshot: ComparisonSnapshot) -> None:
        self._snapshots = snapshot.runs
        self.mark_dirty()

    def clear(self) -> None:
        self._snapshots = ()
        self._drawn = None
        self.mark_dirty()

    def best(self) -> list[Trial]:
        """The trials drawn, best first (none before the search's first snapshot)."""
        if not self._snapshots or len(self._snapshots) != len(self._runs):
            return []
        return ranked_trials(self._runs, self._snapshots)[:BEST_SHOWN]

    def titles(self) -> list[str]:
        """Each cell's title as shown (HTML, '<br>' between its lines)."""
        return list(self._titles)

    def apply_style(self, style: Style) -> None:
        super().apply_style(style)
        self._drawn = None
        for index in range(len(self.plots)):
            self._style_cell(index)

    def _style_cell(self, index: int) -> None:
        style = self.style
        if index % GRID_COLUMNS == 0:  # the first column's axis: '0.0' to '1.0'
            ticks = QFontMetrics(style.font(TICK_FONT_RELATIVE))
            self.plots[index].getAxis("left").setWidth(ticks.horizontalAdvance("0.0")
                                                       + ticks.height())
        self.val_curves[index].setPen(style.pen(run_colour(0), 2.0))
        self.train_curves[index].setPen(style.pen(run_colour(1), 1.5, dashed=True))
        self._set_title(self.plots[index], self._titles[index])

    def _set_title(self, plot: pg.PlotItem, title: str) -> None:
        plot.setTitle(title, size=f"{self.style.point_size(0.7):.0f}pt",
                      color=self.style.theme.foreground)

    def _plot_items(self) -> list[pg.PlotItem]:
        return self.plots

    def _view_boxes(self) -> list[pg.ViewBox]:
        return []  # fixed ranges: nothing to fit after a redraw

    def _redraw(self) -> None:
        """Only when a trial finished an epoch (snapshots arrive 20 times a second)."""
        best = self.best()
        drawn = tuple((trial.label, len(trial.val_acc_per_epoch)) for trial in best)
        if drawn == self._drawn:
            return
        self._drawn = drawn
        for index, plot in enumerate(self.plots):
            trial = best[index] if index < len(best) else None
            title = trial_title(index + 1, trial) if trial is not None else EMPTY_TITLE
            if title != self._titles[index]:  # a new title relayouts the cell: only on change
                self._titles[index] = title
                self._set_title(plot, title)
            val = trial.val_acc_per_epoch if trial is not None else np.empty(0)
            train = trial.train_acc_per_epoch if trial is not None else np.empty(0)
            self.val_curves[index].setData(np.arange(len(val), dtype=np.float64), val)
            self.train_curves[index].setData(np.arange(len(train), dtype=np.float64), train)
