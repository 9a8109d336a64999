"""Layer histograms of several runs as one grid: a row per run, a column per hidden layer.

Every cell shares the x and y ranges of the whole grid, so "std 0.01 against He" is one
picture: one row piled at 0, the other spread out. The rows come from the runs' live
snapshots (the worker computes the counts) or from the book's no-training experiment.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from engine.trainer import LayerHistogram
from gui.style import Style, style_plot
from gui.views.compare.palette import fixed_axes, run_colour
from gui.widgets.plots.dropped_items import clear_layout
from gui.widgets.plots.plot_panel import PlotPanel
from gui.widgets.stepwise_builder import StepwiseBuilder


class HistogramGrid(PlotPanel):
    """Rows of small bar histograms; ``show_rows(labels, rows)`` replaces the picture."""

    show_grid = False

    def __init__(self, title: str, style: Style, parent: QWidget | None = None, *,
                 shared: bool = True, filled: bool = True) -> None:
        super().__init__(title, "Distribution of each hidden layer's outputs (columns) for "
                         "each run (rows), on shared axes.", style, parent)
        self.shared = shared  # False: each row has its own axes (runs of different scales)
        self.filled = filled  # filled bars cost ~1 ms each to paint: the live grid draws lines
        self.view = pg.GraphicsLayoutWidget()
        self.set_body(self.view)
        self._labels: list[str] = []
        self._rows: list[Sequence[LayerHistogram] | None] = []
        self._colours: list[str] = []
        self._plots: list[list[pg.PlotItem]] = []
        self._bars: list[list[pg.PlotDataItem]] = []
        self._names: list[pg.LabelItem] = []
        self._columns = 0
        self._ranges: dict[int, tuple[float, float, float]] = {}
        self._builder = StepwiseBuilder(self)

    @property
    def row_count(self) -> int:
        """Rows built so far (all of them a few frames after ``show_rows``)."""
        return len(self._plots)

    def show_rows(self, labels: list[str], rows: list[Sequence[LayerHistogram] | None],
                  colours: list[str] | None = None, *, layers: int | None = None) -> None:
        """One row per label, ``layers`` columns (default: the longest row); a row of None
        (no histograms yet) stays empty. Building the cells costs ~10 ms each: it happens
        only when the labels or the number of columns change."""
        columns = layers if layers is not None else max(self._layers(rows), default=0)
        if labels != self._labels or columns != self._columns:
            self._labels = list(labels)
            self._colours = colours or [run_colour(i) for i in range(len(labels))]
            self._columns = columns
            self._build(columns)
        self._rows = list(rows)
        self.mark_dirty()

    def clear(self) -> None:
        """Empty every row, keeping the cells (the next run of the same runs reuses them)."""
        self._rows = [None] * len(self._labels)
        self.mark_dirty()

    @staticmethod
    def _layers(rows) -> list[int]:
        return [len(row) if row else 0 for row in rows]

    def _build(self, layers: int) -> None:
        """Empty the grid and build its rows, one per event-loop turn (see StepwiseBuilder)."""
        clear_layout(self.view)
        self._ranges = {}
        self._plots, self._bars = [], []
        self._names = []
        for column in range(layers):
            self.view.addLabel(f"layer {column + 1}", row=0, col=column + 1)
        self._builder.start([partial(self._build_row, row, label, layers)
                             for row, label in enumerate(self._labels)])

    def _build_row(self, row: int, label: str, layers: int) -> None:
        plots, bars = [], []
        self._names.append(self.view.addLabel(label, row=row + 1, col=0, justify="right"))
        first = None
        for column in range(layers):
            plot = self.view.addPlot(row=row + 1, col=column + 1, enableMenu=False)
            plot.hideButtons()
            plot.hideAxis("left")
            plot.disableAutoRange()  # _fit sets the shared ranges
            fixed_axes(plot)
            if row != len(self._labels) - 1:
                plot.getAxis("bottom").setStyle(showValues=False)
            first = first or (self._plots[0][0] if self.shared and self._plots else plot)
            if plot is not first:
                plot.setXLink(first)
                plot.setYLink(first)
            plots.append(plot)
            bars.append(plot.plot(stepMode="center", fillLevel=0 if self.filled else None))
        self._plots.append(plots)
        self._bars.append(bars)
        for plot in plots:
            style_plot(plot, self.style)
        self._colour_row(row)
        self.mark_dirty()

    def apply_style(self, style: Style) -> None:
        super().apply_style(style)
        for row in range(len(self._bars)):
            self._colour_row(row)

    def _colour_row(self, row: int) -> None:
        """The row's bars and name in its run's colour."""
        colour, style = self._colours[row], self.style
        for curve in self._bars[row]:
            curve.setPen(style.pen(colour, 1.0))
            curve.setBrush(style.brush_colour(colour, 0.6))
        self._names[row].setText(self._names[row].text, color=colour,
                                 size=f"{style.point_size(0.9):.0f}pt")

    def _plot_items(self) -> list[pg.PlotItem]:
        return [plot for plots in self._plots for plot in plots]

    def _view_boxes(self) -> list[pg.ViewBox]:
        return []  # fixed ranges: nothing to fit after a redraw

    def _redraw(self) -> None:
        if self.shared:
            self._fit(self._plots[:1], self._bars, self._rows)
        else:
            for plots, bars, row in zip(self._plots, self._bars, self._rows, strict=False):
                self._fit([plots], [bars], [row])

    def _fit(self, plots: list[list[pg.PlotItem]], bar_rows: list, rows: list) -> None:
        """Draw ``rows`` into ``bar_rows`` and fit the linked axes of ``plots[0][0]`` to them
        (only when the ranges changed: a range change ripples through every linked cell)."""
        low, high, top = np.inf, -np.inf, 0.0
        for bars, row in zip(bar_rows, rows, strict=False):
            for column, curve in enumerate(bars):
                if not row or column >= len(row):
                    curve.setData([], [])
                    continue
                counts = np.asarray(row[column].counts, dtype=np.float64)
                total = counts.sum() or 1.0
                edges = np.asarray(row[column].edges, dtype=np.float64)
                curve.setData(edges, counts / total)
                low, high = min(low, edges[0]), max(high, edges[-1])
                top = max(top, float((counts / total).max()))
        if plots and plots[0] and np.isfinite(low) and high > low:
            first = plots[0][0]
            ranges = (float(low), float(high), float(top * 1.05 or 1.0))
            shown = self._ranges.get(id(first))
            if shown is not None:  # only ever widen: a shrinking range would redo every cell
                ranges = (min(shown[0], ranges[0]), max(shown[1], ranges[1]),
                          max(shown[2], ranges[2]))
            if shown != ranges:
                self._ranges[id(first)] = ranges
                first.setRange(xRange=ranges[:2], yRange=(0, ranges[2]), padding=0)
