"""Live histograms of every hidden layer's activations (or pre-activations), side by side.

This is the book's figures 6-10 to 6-14 on the network being trained: vanishing gradients show
as sigmoid outputs piling up at 0 and 1, dead ReLUs as a spike at 0, and a good weight init as
a spread-out distribution in every layer. The worker computes counts over one range shared by
all layers; this widget draws them as percentages of the layer's values on one y scale, so the
layers compare at a glance (ReLU with std 0.01 visibly collapses towards 0 layer by layer).
Values beyond the range are counted in the edge bins, drawn hatched.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import partial

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QBrush, QColor, QFontMetrics
from PySide6.QtWidgets import QCheckBox, QWidget

from gui.style import TICK_FONT_RELATIVE, Style
from gui.widgets.plots.axis_label import FittedAxisLabel
from gui.widgets.plots.axis_ticks import exponent_suffix, sparse_ticks
from gui.widgets.plots.dropped_items import clear_layout
from gui.widgets.plots.hover import HoverReadout
from gui.widgets.plots.plot_panel import PlotPanel
from gui.widgets.stepwise_builder import StepwiseBuilder

LAYERS_PER_ROW = 5
PLOTS_PER_TURN = 2
"""Layer plots built per event-loop turn: one costs ~10-20 ms of the GUI thread to build and
style (more on a loaded machine), and the new plot relayouts the others; a 10-layer network's
ten took 0.76 s in one handler. One or two layers are drawn at once, more over a few frames."""
X_TICKS = 3  # a small plot has room for three labels at any font scale
Y_TICKS = 3


class HistogramPlot(PlotPanel):
    """One small histogram per hidden layer; a check box switches to pre-activations."""

    show_grid = False  # small plots: a grid costs more than it tells

    def __init__(self, style: Style, show_pre_activations: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__("Activations per hidden layer",
                         "Share of each hidden layer's values on the latest mini-batch, all "
                         "layers on one range and one scale. Hatched edge bins also hold the "
                         "values beyond the range.", style, parent)
        self.set_short_title("Activations")
        self.pre_box = QCheckBox("pre-activations")
        self.pre_box.setChecked(show_pre_activations)
        self.pre_box.setToolTip("Show the values before the activation function (x @ W + b) "
                                "instead of after it.")
        self.pre_box.toggled.connect(self._on_pre_toggled)
        self.add_header_widget(self.pre_box)
        self.view = pg.GraphicsLayoutWidget()
        self.set_body(self.view)
        self._activation = ""
        self._plots: list[pg.PlotItem] = []
        self.curves: list[pg.PlotDataItem] = []
        self.edge_curves: list[pg.PlotDataItem] = []
        self._hovers: list[HoverReadout] = []
        self._y_labels: dict[int, FittedAxisLabel] = {}  # layer -> label, first of each row
        self._histograms: dict[bool, Sequence] = {}
        self.iteration: int | None = None
        self._builder = StepwiseBuilder(self)

    @property
    def showing_pre_activations(self) -> bool:
        return self.pre_box.isChecked()

    def layer_count(self) -> int:
        """The layer plots built so far (all of them a few frames after ``set_layers``)."""
        return len(self._plots)

    @property
    def building(self) -> bool:
        """True while some of the layers ``set_layers`` asked for are still to be built."""
        return self._builder.building

    def set_layers(self, count: int, activation: str) -> None:
        """One plot per hidden layer for a new network (no data yet). The last network's plots
        are kept, and only missing ones built or extra ones dropped: Start, Reset and each
        change of the setup rebuilt them all (10 layers: 0.3-1.3 s of the GUI thread). The
        missing ones are built PLOTS_PER_TURN at a time, the first ones at once and the
        others in the next event-loop turns (``building`` until then)."""
        self._builder.start([])  # the plots a previous network still waited for: not needed
        self._histograms = {}
        self._activation = activation
        self._show_iteration(None)
        if not self._plots or not count:  # the layout may hold the 'no hidden layers' label
            clear_layout(self.view)
            self._plots, self.curves, self.edge_curves, self._hovers = [], [], [], []
        for item in self._plots[count:]:
            self.view.removeItem(item)
            item.deleteLater()  # by Qt, children first (gui.widgets.plots.dropped_items)
        for kept in (self._plots, self.curves, self.edge_curves, self._hovers):
            del kept[count:]
        self._y_labels = {layer: label for layer, label in self._y_labels.items()
                          if layer < len(self._plots)}
        for layer, item in enumerate(self._plots):
            self._show_empty_axes(item)
            self._style_layer(layer, self.style)  # its title names the new activation
        if count == 0:
            self.view.addLabel("This network has no hidden layers.")
        batches = [range(first, min(first + PLOTS_PER_TURN, count))
                   for first in range(len(self._plots), count, PLOTS_PER_TURN)]
        if batches:
            self._add_layer_plots(batches[0])
        self._builder.start(partial(self._add_layer_plots, batch) for batch in batches[1:])
        self.mark_dirty()

    def _add_layer_plots(self, layers: range) -> None:
        """Build, style and draw (with the data that already came) the plots of ``layers``."""
        for layer in layers:
            self._add_layer_plot(layer)
        self.mark_dirty()

    def _add_layer_plot(self, layer: int) -> None:
        # no menu: the mouse does not zoom these plots, and a menu costs ~3 ms a plot to build
        item = self.view.addPlot(row=layer // LAYERS_PER_ROW, col=layer % LAYERS_PER_ROW,
                                 enableMenu=False)
        item.getViewBox().setMouseEnabled(x=False, y=False)
        item.getViewBox().sigResized.connect(self.mark_dirty)  # the y ticks fit the height
        item.hideButtons()
        for name in ("left", "bottom"):  # the labels state the power of ten themselves
            item.getAxis(name).enableAutoSIPrefix(False)
        self._show_empty_axes(item)
        if layer % LAYERS_PER_ROW == 0:  # the row's shared y axis; "%" on a short one
            self._y_labels[layer] = FittedAxisLabel(item.getAxis("left"), "% of values", "%")
        curve = item.plot(stepMode="center", fillLevel=0)
        edge_curve = item.plot(stepMode="center", fillLevel=0)
        hover = HoverReadout(item, partial(self.describe, layer), self.style.pen("#888888"))
        hover.text_changed.connect(self.show_readout)
        self._plots.append(item)
        self.curves.append(curve)
        self.edge_curves.append(edge_curve)
        self._hovers.append(hover)
        self._style_item(item, self.style)
        self._style_layer(layer, self.style)

    @staticmethod
    def _show_empty_axes(item: pg.PlotItem) -> None:
        """Until the first histogram arrives: 0..1 and 0..100% with few ticks, as with data."""
        item.setRange(xRange=(0.0, 1.0), yRange=(0.0, 100.0), padding=0.02)
        item.getAxis("bottom").setTicks([sparse_ticks(0.0, 1.0, X_TICKS)[0], []])
        item.getAxis("left").setTicks([sparse_ticks(0.0, 100.0, Y_TICKS)[0], []])

    def set_histograms(self, activations: Sequence, pre_activations: Sequence | None,
                       iteration: int | None = None) -> None:
        """The latest LayerHistogram per hidden layer (counts (bins,), edges (bins + 1,)),
        measured after ``iteration`` updates (0: the untrained network)."""
        self._histograms = {False: activations, True: pre_activations or ()}
        self._show_iteration(iteration)
        self.mark_dirty()

    def shown_histograms(self) -> list:
        """The LayerHistograms on screen (activations or pre-activations), for export."""
        return list(self._current())[:len(self.curves)]

    def clear(self) -> None:
        self._histograms = {}
        self._show_iteration(None)
        self.mark_dirty()

    def _show_iteration(self, iteration: int | None) -> None:
        self.iteration = iteration
        if iteration is None:
            self.set_title_detail("")
        elif iteration == 0:
            self.set_title_detail("· untrained (iteration 0)")  # one line at large text
        else:
            self.set_title_detail(f"· iteration {iteration:,}")

    def apply_style(self, style: Style) -> None:
        super().apply_style(style)
        for layer in range(len(self._plots)):
            self._style_layer(layer, style)

    def _style_layer(self, layer: int, style: Style) -> None:
        """Title, bars and y axis of one layer's plot (the axes are PlotPanel's)."""
        theme = style.theme
        colour = theme.pre_activation if self.showing_pre_activations else theme.activation
        item = self._plots[layer]
        item.setTitle(self._layer_title(layer), color=theme.foreground,
                      size=f"{style.point_size(0.9):.0f}pt")
        # the title's row holds the top y label's overhang: no margin above as well
        left, _top, right, bottom = item.layout.getContentsMargins()
        item.layout.setContentsMargins(left, 0, right, bottom)
        self.curves[layer].setPen(style.pen(colour, 1.5))
        self.curves[layer].setBrush(style.brush_colour(colour, 0.45))
        self.edge_curves[layer].setPen(style.pen(theme.foreground, 1.0))
        self.edge_curves[layer].setBrush(QBrush(QColor(theme.foreground),
                                                Qt.BrushStyle.BDiagPattern))
        # One y scale for all: only the first plot of a row labels it, the others keep
        # their width for the bars.
        first = layer % LAYERS_PER_ROW == 0
        item.getAxis("left").setStyle(showValues=first)
        item.getAxis("left").setWidth(None if first else 4)
        self._hovers[layer].set_pen(style.pen(theme.chance, 1.0, dashed=True))
        if layer in self._y_labels:
            self._y_labels[layer].fit()  # the new font's width

    def _layer_title(self, layer: int) -> str:
        """'layer 1: relu' on the first plot of a row, 'layer 2' on the others (narrow)."""
        if layer % LAYERS_PER_ROW or self.showing_pre_activations:
            return f"layer {layer + 1}"
        return f"layer {layer + 1}: {self._activation}"

    def _values_name(self) -> str:
        """What the x axes show, short enough for five plots in a row at large text."""
        return "x·W + b" if self.showing_pre_activations else "output"

    def _current(self) -> Sequence:
        return self._histograms.get(self.showing_pre_activations, ())

    def _plot_items(self) -> list[pg.PlotItem]:
        return self._plots

    def _data_height(self) -> float:
        """The rows of histograms stacked: the first plot of each row."""
        return sum(item.getViewBox().height() for item in self._plots[::LAYERS_PER_ROW])

    def _redraw(self) -> None:
        histograms = self._current()[:len(self.curves)]
        top = max((100.0 * float(h.fractions.max()) for h in histograms if len(h.counts)),
                  default=100.0)
        y_ticks, top = self._y_ticks(top)
        for layer, (item, curve, edge) in enumerate(
                zip(self._plots, self.curves, self.edge_curves, strict=True)):
            if layer >= len(histograms):
                curve.setData([], [])
                edge.setData([], [])
                continue
            histogram = histograms[layer]
            percent = 100.0 * histogram.fractions
            curve.setData(histogram.edges, percent)
            edge.setData(*self._edge_bins(histogram, percent))
            low, high = float(histogram.edges[0]), float(histogram.edges[-1])
            item.setXRange(low, high, padding=0.02)
            item.setYRange(0.0, top, padding=0.02)
            x_ticks, exponent = sparse_ticks(low, high, X_TICKS)
            item.getAxis("bottom").setTicks([x_ticks, []])
            item.getAxis("left").setTicks([y_ticks, []])
            item.setLabel("bottom", self._values_name() + exponent_suffix(exponent))

    def _y_ticks(self, top: float) -> tuple[list[tuple[float, str]], float]:
        """The percent ticks of the shared y axis and the axis's top: as many round ticks as
        the plots' height holds (up to Y_TICKS); on plots with room for only two labels, 0
        and the top itself rounded up to one digit, at the two ends of the axis."""
        top = top if top > 0 else 100.0  # no values at all: the empty axis of 0..100%
        height = min((item.getViewBox().height() for item in self._plots), default=0.0)
        label = QFontMetrics(self.style.font(TICK_FONT_RELATIVE)).height()
        if height >= 3 * 1.5 * label:
            ticks, _ = sparse_ticks(0.0, top, Y_TICKS)
            return ticks, top
        power = 10.0 ** math.floor(math.log10(top))
        top = power * math.ceil(top / power - 1e-9)
        return [(0.0, "0"), (top, f"{top:g}")], top

    @staticmethod
    def _edge_bins(histogram, percent: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Step data covering only the edge bins that hold values beyond the range."""
        edges = histogram.edges
        first = percent[0] if histogram.below else 0.0
        last = percent[-1] if histogram.above else 0.0
        if not (first or last):
            return np.empty(0), np.empty(0)
        return (np.array([edges[0], edges[1], edges[-2], edges[-1]]),
                np.array([first, 0.0, last]))

    @Slot(bool)
    def _on_pre_toggled(self, _on: bool) -> None:
        self.apply_style(self.style)

    def describe(self, layer: int, x: float) -> str | None:
        histograms = self._current()
        if layer >= len(histograms):
            return None
        histogram = histograms[layer]
        edges, counts = histogram.edges, histogram.counts
        bin_index = int(np.searchsorted(edges, x, side="right")) - 1
        if not 0 <= bin_index < len(counts):
            return None
        total = max(int(counts.sum()), 1)
        count = int(counts[bin_index])
        text = (f"layer {layer + 1}: [{edges[bin_index]:.3g}, {edges[bin_index + 1]:.3g}) "
                f"holds {count:,} values ({100 * count / total:.1f}%)")
        beyond = (histogram.below if bin_index == 0 else 0) + (
            histogram.above if bin_index == len(counts) - 1 else 0)
        if beyond:
            text += f", {beyond:,} of them beyond the range"
        return text
