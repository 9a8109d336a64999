"""Train and test accuracy per epoch, with the chance level a guessing network would reach.

Epoch 0 is measured before the first update, so the curves start near chance and the gap
between the two lines (overfitting) is visible from the first epochs on.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from gui.style import Style
from gui.widgets.plots.axis_label import FittedAxisLabel
from gui.widgets.plots.hover import HoverReadout
from gui.widgets.plots.outside_legend import OutsideLegend
from gui.widgets.plots.plot_panel import PlotPanel

MAX_EPOCH_TICKS = 20
MARKED_EPOCHS = 60
"""Up to this many epochs each measurement is marked with a dot; beyond, the dots merge into
a band, and pyqtgraph rebuilding 3,000 of them took the GUI thread 28 ms a frame."""


class AccuracyPlot(PlotPanel):
    """Accuracy in percent against completed epochs; one point per epoch per curve."""

    def __init__(self, style: Style, parent: QWidget | None = None) -> None:
        super().__init__("Accuracy", "Share of correctly classified training and test samples "
                         "after each epoch; the dashed line is guessing.", style, parent)
        self._train = np.empty(0)
        self._test = np.empty(0)
        self.view = pg.PlotWidget()
        self.set_body(self.view)
        item = self.view.getPlotItem()
        item.setLabel("bottom", "epoch")
        # shortened on a short axis: the whole label ran up through the legend at 2x text
        self.y_label = FittedAxisLabel(item.getAxis("left"), "accuracy (%)", "acc. (%)", "%")
        item.setYRange(0, 100, padding=0.02)
        self.train_curve = self.view.plot()
        self.test_curve = self.view.plot()
        # Above the data, in its own row: learning curves can run anywhere (the spiral set's
        # climb through the middle), so no corner of the data is safe for a legend.
        self.legend = OutsideLegend(item, columns=3)
        self.legend.add(self.train_curve, "train")
        self.legend.add(self.test_curve, "test")
        self.chance_line = pg.InfiniteLine(angle=0, movable=False)
        self.chance_line.setVisible(False)
        self._chance_sample = pg.PlotDataItem()  # the chance line's legend entry, never drawn
        item.addItem(self.chance_line, ignoreBounds=True)
        self._hover = HoverReadout(item, self.describe, style.pen(style.theme.chance))
        self._hover.text_changed.connect(self.show_readout)
        self.apply_style(style)

    def epoch_count(self) -> int:
        """Epochs with a measurement (epoch 0, before training, included)."""
        return len(self._train)

    @property
    def train_accuracies(self) -> np.ndarray:
        return self._train

    @property
    def test_accuracies(self) -> np.ndarray:
        return self._test

    def set_planned_epochs(self, epochs: int) -> None:
        """Fix the x axis to the whole run; whole-epoch ticks while they fit."""
        item = self.view.getPlotItem()
        item.setXRange(0, max(epochs, 1), padding=0.03)
        axis = item.getAxis("bottom")
        if epochs <= MAX_EPOCH_TICKS:
            axis.setTickSpacing(1, 1)
        else:
            axis.setTickSpacing()  # back to automatic ticks

    def set_chance_level(self, fraction: float | None) -> None:
        """The accuracy of guessing (1 / classes), or None to hide the line."""
        self.chance_line.setVisible(fraction is not None)
        self.legend.removeItem(self._chance_sample)
        if fraction is not None:
            self.chance_line.setPos(100.0 * fraction)
            self.legend.add(self._chance_sample, f"chance ({100 * fraction:.0f}%)")
            self.legend.apply_style(self.style)

    def set_accuracies(self, train: np.ndarray, test: np.ndarray) -> None:
        """The full per-epoch history (it is short, so it is replaced, not appended)."""
        if len(train) != len(self._train):
            self._train, self._test = train, test
            self.mark_dirty()

    def clear(self) -> None:
        self._train = self._test = np.empty(0)
        self.mark_dirty()

    def apply_style(self, style: Style) -> None:
        super().apply_style(style)
        theme = style.theme
        size = 7 * style.font_scale
        for curve, colour in ((self.train_curve, theme.train_acc),
                              (self.test_curve, theme.test_acc)):
            curve.setPen(style.pen(colour, 2.5))
            curve.setSymbol(self._symbol())
            curve.setSymbolSize(size)
            curve.setSymbolBrush(colour)
            curve.setSymbolPen(style.pen(colour, 1.0))
        self.chance_line.setPen(style.pen(theme.chance, 1.5, dashed=True))
        self._chance_sample.setPen(style.pen(theme.chance, 1.5, dashed=True))
        self.legend.apply_style(style)
        self._hover.set_pen(style.pen(theme.chance, 1.0, dashed=True))
        self.y_label.fit()  # the new font's width

    def _plot_items(self) -> list[pg.PlotItem]:
        return [self.view.getPlotItem()]

    def _symbol(self) -> str | None:
        return "o" if len(self._train) <= MARKED_EPOCHS else None

    def _redraw(self) -> None:
        epochs = np.arange(len(self._train))
        for curve in (self.train_curve, self.test_curve):
            curve.setSymbol(self._symbol())  # a no-op while it stays the same
        self.train_curve.setData(epochs, 100.0 * self._train)
        measured = np.isfinite(self._test)  # NaN: a data set without test samples
        self.test_curve.setData(epochs[measured], 100.0 * self._test[measured])

    def describe(self, x: float) -> str | None:
        epoch = round(x)
        if not 0 <= epoch < len(self._train):
            return None
        return (f"epoch {epoch}: train {100 * self._train[epoch]:.2f}%, "
                f"test {100 * self._test[epoch]:.2f}%")
