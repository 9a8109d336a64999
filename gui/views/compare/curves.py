"""Loss and accuracy of every run of a comparison, overlaid: one colour per run.

Loss is drawn smoothed (the bias-corrected moving average of the Training tab, weight 0.9):
several raw mini-batch curves on top of each other are only noise. Accuracy has one point per
epoch, training solid and test dashed.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from engine.compare import ComparisonSnapshot
from gui.style import Style
from gui.views.compare.palette import fixed_axes, run_colour, run_dashed
from gui.views.training.accuracy_plot import MARKED_EPOCHS
from gui.views.training.loss_plot import exponential_moving_average
from gui.widgets.plots.axis_label import FittedAxisLabel
from gui.widgets.plots.dropped_items import remove_item
from gui.widgets.plots.growing_buffer import GrowingBuffer
from gui.widgets.plots.peak_envelope import PeakEnvelope
from gui.widgets.plots.plot_panel import PlotPanel

SMOOTHING = 0.9


class _RunCurves:
    """One run's buffers and its three curves; a redraw touches only the curves whose data
    changed (the accuracies change once an epoch, a finished run's curves never)."""

    def __init__(self, loss_plot: pg.PlotItem, accuracy_plot: pg.PlotItem) -> None:
        self.iterations = GrowingBuffer()
        self.smoothed = GrowingBuffer()
        self.average = 0.0
        self.train_acc = np.empty(0)
        self.test_acc = np.empty(0)
        self.loss = loss_plot.plot()
        self.envelope = PeakEnvelope()
        self.loss.setDownsampling(auto=True, method="peak")
        self.loss.setClipToView(True)
        # separate segments stroke in a third of the time of one antialiased polyline
        self.loss.curve.setSegmentedLineMode("on")
        self.train = accuracy_plot.plot()
        self.test = accuracy_plot.plot()
        self._loss_changed = self._accuracy_changed = False

    def add(self, snapshot) -> None:
        new = np.asarray(snapshot.losses, dtype=np.float64)
        if len(new):
            finite = np.where(np.isfinite(new), new, np.nan)
            smoothed, self.average = exponential_moving_average(
                np.nan_to_num(finite, nan=self.average), SMOOTHING, self.average,
                len(self.smoothed))
            start = snapshot.losses_offset
            self.iterations.extend(np.arange(start + 1, start + 1 + len(new), dtype=np.float64))
            self.smoothed.extend(smoothed)
            self._loss_changed = True
        if len(snapshot.train_acc) != len(self.train_acc):
            self.train_acc, self.test_acc = snapshot.train_acc, snapshot.test_acc
            self._accuracy_changed = True

    def redraw(self, shown: tuple[float, float] | None) -> None:
        """``shown``: the loss plot's x range in view (None while it fits the data)."""
        if self._loss_changed:
            self._loss_changed = False
            self.loss.setData(*self.envelope.points(self.iterations.values,
                                                    self.smoothed.values, shown))
        if self._accuracy_changed:
            self._accuracy_changed = False
            epochs = np.arange(len(self.train_acc), dtype=np.float64)
            self.train.setSymbol("o" if len(epochs) <= MARKED_EPOCHS else None)
            self.train.setData(epochs, self.train_acc)
            keep = np.isfinite(self.test_acc)
            self.test.setData(epochs[keep], self.test_acc[keep])

    def loss_range_changed(self) -> None:
        """Draw the loss again: zoomed in, the envelope gives way to every point in view."""
        self._loss_changed = True

    def restyled(self) -> None:
        """Draw everything again at the next redraw (a new pen shows on all of it)."""
        self._loss_changed = self._accuracy_changed = True

    def apply_style(self, style: Style, index: int) -> None:
        colour, dashed = run_colour(index), run_dashed(index)
        self.loss.setPen(style.pen(colour, 2.0, dashed=dashed))
        self.train.setPen(style.pen(colour, 2.0))
        self.train.setSymbolSize(5 * style.font_scale)
        self.train.setSymbolBrush(colour)
        self.train.setSymbolPen(None)
        self.test.setPen(style.pen(colour, 2.0, dashed=True))


class CompareCurves(PlotPanel):
    """Smoothed loss per iteration (left) and accuracy per epoch (right), a curve per run."""

    def __init__(self, style: Style, parent: QWidget | None = None) -> None:
        super().__init__("Loss and accuracy", "Smoothed training loss of every run (left) and "
                         "its train (solid) and test (dashed) accuracy per epoch (right).",
                         style, parent)
        self.view = pg.GraphicsLayoutWidget()
        self.set_body(self.view)
        self.loss_plot = self.view.addPlot(row=0, col=0)
        self.accuracy_plot = self.view.addPlot(row=0, col=1)
        self.loss_plot.setLabel("bottom", "iteration")
        self.loss_plot.setLabel("left", "loss")
        self.accuracy_plot.setLabel("bottom", "epoch")
        # "acc." where a short plot at large text has no room for the word
        self._accuracy_label = FittedAxisLabel(self.accuracy_plot.getAxis("left"),
                                               "accuracy", "acc.")
        self.accuracy_plot.setYRange(0, 1)
        fixed_axes(self.loss_plot)
        fixed_axes(self.accuracy_plot)
        self.runs: list[_RunCurves] = []
        # the longest run's planned epochs and iterations: the plots' x ranges, fixed so the
        # axes do not change (and repaint their ticks) with every redraw
        self._epochs = self._iterations = 0
        self._shown_ranges = (0, 0)
        self.loss_plot.getViewBox().sigXRangeChanged.connect(self._on_loss_range_changed)
        self.apply_style(style)

    def _on_loss_range_changed(self) -> None:
        for run in self.runs:
            run.loss_range_changed()
        self.mark_dirty()

    def prepare(self, count: int) -> None:
        """Empty curves for ``count`` runs."""
        self.clear()
        self.runs = [_RunCurves(self.loss_plot, self.accuracy_plot) for _ in range(count)]
        for index, run in enumerate(self.runs):
            run.apply_style(self.style, index)

    def show_snapshot(self, snapshot: ComparisonSnapshot) -> None:
        for run, part in zip(self.runs, snapshot.runs, strict=False):
            run.add(part)
        self._epochs = max(part.epochs for part in snapshot.runs)
        self._iterations = max(part.total_iterations for part in snapshot.runs)
        self.mark_dirty()

    def curve_count(self) -> int:
        """Loss curves that have points (one per run once training has begun)."""
        return sum(len(run.iterations) > 0 for run in self.runs)

    def clear(self) -> None:
        for run in self.runs:
            remove_item(self.loss_plot, run.loss)
            remove_item(self.accuracy_plot, run.train)
            remove_item(self.accuracy_plot, run.test)
        self.runs = []
        self._epochs = self._iterations = 0
        self._shown_ranges = (0, 0)
        self.loss_plot.enableAutoRange()
        self.mark_dirty()

    def apply_style(self, style: Style) -> None:
        super().apply_style(style)
        self._accuracy_label.fit()  # the new font's size
        for index, run in enumerate(self.runs):
            run.apply_style(style, index)
            run.restyled()

    def _plot_items(self) -> list[pg.PlotItem]:
        return [self.loss_plot, self.accuracy_plot]

    def _redraw(self) -> None:
        view_box = self.loss_plot.getViewBox()
        shown = None if view_box.autoRangeEnabled()[0] else tuple(view_box.viewRange()[0])
        for run in self.runs:
            run.redraw(shown)
        if (self._epochs, self._iterations) != self._shown_ranges and self._epochs:
            self._shown_ranges = (self._epochs, self._iterations)
            self.accuracy_plot.setXRange(0, self._epochs, padding=0.02)
            self.loss_plot.setXRange(0, self._iterations, padding=0.02)
