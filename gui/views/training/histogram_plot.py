"""Live histograms of every hidden layer's activations (or pre-activations), side by side.

This is the book's figure 6-10 on the network being trained: vanishing gradients show as
sigmoid outputs piling up at 0 and 1, dead ReLUs as a spike at 0, and a good weight init as
a spread-out distribution in every layer. The worker computes counts and bin edges; this
widget only draws them, with each layer's x range fixed by its edges so the bars don't jitter.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Slot
from PySide6.QtWidgets import QCheckBox, QWidget

from gui.style import Style
from gui.widgets.hover import HoverReadout
from gui.widgets.plot_panel import PlotPanel

LAYERS_PER_ROW = 5


class HistogramPlot(PlotPanel):
    """One small histogram per hidden layer; a check box switches to pre-activations."""

    show_grid = False  # small plots: a grid costs more than it tells

    def __init__(self, style: Style, show_pre_activations: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__("Activations per hidden layer",
                         "Distribution of each hidden layer's outputs on the latest "
                         "mini-batch.", style, parent)
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
        self._hovers: list[HoverReadout] = []
        self._histograms: dict[bool, Sequence] = {}

    @property
    def showing_pre_activations(self) -> bool:
        return self.pre_box.isChecked()

    def layer_count(self) -> int:
        return len(self._plots)

    def set_layers(self, count: int, activation: str) -> None:
        """Build one plot per hidden layer for a new run (no data yet)."""
        self.view.clear()
        self._plots, self.curves, self._hovers = [], [], []
        self._histograms = {}
        self._activation = activation
        if count == 0:
            self.view.addLabel("This network has no hidden layers.")
        for layer in range(count):
            if layer and layer % LAYERS_PER_ROW == 0:
                self.view.nextRow()
            self._add_layer_plot(layer)
        self.apply_style(self.style)

    def _add_layer_plot(self, layer: int) -> None:
        item = self.view.addPlot()
        item.getViewBox().setMouseEnabled(x=False, y=False)
        item.hideButtons()
        curve = item.plot(stepMode="center", fillLevel=0)
        hover = HoverReadout(item, partial(self.describe, layer), self.style.pen("#888888"))
        hover.text_changed.connect(self.show_readout)
        self._plots.append(item)
        self.curves.append(curve)
        self._hovers.append(hover)

    def set_histograms(self, activations: Sequence, pre_activations: Sequence | None) -> None:
        """The latest LayerHistogram per hidden layer (counts (bins,), edges (bins + 1,))."""
        self._histograms = {False: activations, True: pre_activations or ()}
        self.mark_dirty()

    def clear(self) -> None:
        self._histograms = {}
        self.mark_dirty()

    def apply_style(self, style: Style) -> None:
        super().apply_style(style)
        theme = style.theme
        colour = theme.pre_activation if self.showing_pre_activations else theme.activation
        for layer, (item, curve) in enumerate(zip(self._plots, self.curves, strict=True)):
            item.setTitle(self._layer_title(layer), color=theme.foreground,
                          size=f"{style.point_size(0.9):.0f}pt")
            curve.setPen(style.pen(colour, 1.5))
            curve.setBrush(style.brush_colour(colour, 0.45))
        for hover in self._hovers:
            hover.set_pen(style.pen(theme.chance, 1.0, dashed=True))

    def _layer_title(self, layer: int) -> str:
        if self.showing_pre_activations:
            return f"layer {layer + 1}: x·W + b"
        return f"layer {layer + 1}: {self._activation}"

    def _current(self) -> Sequence:
        return self._histograms.get(self.showing_pre_activations, ())

    def _plot_items(self) -> list[pg.PlotItem]:
        return self._plots

    def _redraw(self) -> None:
        histograms = self._current()
        for layer, curve in enumerate(self.curves):
            if layer < len(histograms):
                histogram = histograms[layer]
                curve.setData(histogram.edges, histogram.counts)
                self._plots[layer].setXRange(float(histogram.edges[0]), float(histogram.edges[-1]),
                                             padding=0.02)
            else:
                curve.setData([], [])

    @Slot(bool)
    def _on_pre_toggled(self, _on: bool) -> None:
        self.apply_style(self.style)

    def describe(self, layer: int, x: float) -> str | None:
        histograms = self._current()
        if layer >= len(histograms):
            return None
        edges, counts = histograms[layer].edges, histograms[layer].counts
        bin_index = int(np.searchsorted(edges, x, side="right")) - 1
        if not 0 <= bin_index < len(counts):
            return None
        total = max(int(counts.sum()), 1)
        count = int(counts[bin_index])
        return (f"layer {layer + 1}: [{edges[bin_index]:.3g}, {edges[bin_index + 1]:.3g}) "
                f"holds {count:,} values ({100 * count / total:.1f}%)")
