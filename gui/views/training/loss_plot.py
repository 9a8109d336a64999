"""Loss per iteration: the raw mini-batch losses (light, noisy) with a smoothed line over them.

The raw curve shows how noisy stochastic gradients are; the smoothed line (an exponential
moving average of the past, bias-corrected as in Adam, whose weight the user sets) shows the
trend. Both grow in doubling buffers and
are drawn as min/max envelopes (PeakEnvelope), so a run of 100,000 iterations redraws as fast
as one of 100.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Slot
from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QWidget

from gui.style import Style
from gui.widgets.plots.growing_buffer import GrowingBuffer
from gui.widgets.plots.hover import HoverReadout
from gui.widgets.plots.outside_legend import OutsideLegend
from gui.widgets.plots.peak_envelope import PeakEnvelope
from gui.widgets.plots.plot_panel import PlotPanel


def exponential_moving_average(values: np.ndarray, weight: float, state: float = 0.0,
                               count: int = 0) -> tuple[np.ndarray, float]:
    """The bias-corrected exponential moving average, as Adam corrects its moments:

        m_n = weight * m_(n-1) + (1 - weight) * x_n,   m_0 = 0
        s_n = m_n / (1 - weight**n)

    Without the correction the average starts at 0 (or, started at x_1, sits on the first,
    highest losses for long); with it s_1 = x_1 and every s_n is a weighted mean of x_1..x_n.
    ``values`` (k,) continue a series of which ``count`` values are averaged into ``state``
    (m_count). Returns (s for each value (k,), m after the last value), so each frame costs
    only its new iterations.
    """
    smoothed = np.empty(len(values), dtype=np.float64)
    decay = weight ** count  # weight**n, updated per value instead of recomputed
    for i, value in enumerate(values.tolist()):
        state = weight * state + (1.0 - weight) * value
        decay *= weight
        smoothed[i] = state / (1.0 - decay)
    return smoothed, state


EMPTY_Y_RANGE = {False: (0.0, 1.0), True: (-1.0, 1.0)}
"""The y range with no loss to fit: 0 to 1 on a linear axis, 0.1 to 10 on a log axis (whose
range pyqtgraph keeps in decades)."""


class LossPlot(PlotPanel):
    """Mini-batch loss against iteration, with an EMA smoothing control and a log-scale toggle."""

    def __init__(self, style: Style, smoothing: float = 0.9,
                 parent: QWidget | None = None) -> None:
        super().__init__("Loss", "Training loss of every mini-batch (light) and its smoothed "
                         "trend (bold).", style, parent)
        self._iterations = GrowingBuffer()
        self._losses = GrowingBuffer()
        self._smoothed = GrowingBuffer()
        self._average = 0.0  # m_n of exponential_moving_average after the last loss
        self.smoothing_box = self._make_smoothing_box(smoothing)
        self.log_box = QCheckBox("log")
        self.log_box.setToolTip("Show the loss on a logarithmic axis to see late progress.")
        self.log_box.toggled.connect(self._on_log_toggled)
        self.add_header_widget(self.smoothing_box)
        self.add_header_widget(self.log_box)

        self.view = pg.PlotWidget()
        self.set_body(self.view)
        item = self.view.getPlotItem()
        item.setLabel("bottom", "iteration")
        item.setLabel("left", "loss")
        # Stroking a thick antialiased polyline costs the raster engine 5-25 ms a frame (its
        # joins); separate segments cost a third of that, and the thin, faint raw line needs
        # no antialiasing. Every millisecond painting here is one the trainer waits (the GIL).
        self.raw_curve = self._make_curve(antialias=False)
        self.smooth_curve = self._make_curve(antialias=True)
        self.smooth_curve.curve.setSegmentedLineMode("on")
        self._envelopes = {self.raw_curve: PeakEnvelope(), self.smooth_curve: PeakEnvelope()}
        # zoomed in, the curves are drawn from every loss in view instead of the envelope
        item.getViewBox().sigXRangeChanged.connect(self.mark_dirty)
        self.legend = OutsideLegend(item, columns=2)
        self.legend.add(self.raw_curve, "mini-batch")
        self.legend.add(self.smooth_curve, "smoothed")
        self._planned_iterations = 0
        self._hover = HoverReadout(item, self.describe, style.pen(style.theme.chance, 1.0))
        self._hover.text_changed.connect(self.show_readout)
        self.apply_style(style)

    def _make_smoothing_box(self, smoothing: float) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setRange(0.0, 0.999)
        box.setDecimals(3)
        box.setSingleStep(0.05)
        box.setValue(smoothing)
        box.setPrefix("smoothing ")
        box.setToolTip("Weight of the trend line, an exponential moving average of the past "
                       "losses (bias-corrected, so it starts on the first loss): 0 shows the "
                       "raw loss, 0.99 a very smooth trend that lags further behind.")
        box.valueChanged.connect(self._on_smoothing_changed)
        return box

    def _make_curve(self, *, antialias: bool) -> pg.PlotDataItem:
        curve = self.view.plot(connect="finite", antialias=antialias)
        curve.setDownsampling(auto=True, method="peak")
        curve.setClipToView(True)
        return curve

    @property
    def smoothing(self) -> float:
        return self.smoothing_box.value()

    def point_count(self) -> int:
        return len(self._losses)

    def set_planned_iterations(self, total: int) -> None:
        """Fix the x axis to the whole run, so the curve visibly grows towards its end."""
        self._planned_iterations = total
        self._show_whole_run()

    def _show_whole_run(self) -> None:
        if self._planned_iterations:
            self.view.getPlotItem().setXRange(0, max(self._planned_iterations, 1), padding=0.02)

    def add_losses(self, losses: np.ndarray, offset: int) -> None:
        """Append the losses of iterations ``offset + 1 .. offset + len(losses)`` (1-based)."""
        skip = max(self._next_index() - offset, 0)  # an overlap with what we have is dropped
        losses = losses[skip:]
        if not len(losses):
            return
        first = offset + skip + 1
        smoothed, self._average = exponential_moving_average(
            losses, self.smoothing, self._average, len(self._losses))
        self._iterations.extend(np.arange(first, first + len(losses)))
        self._losses.extend(losses)
        self._smoothed.extend(smoothed)
        self.mark_dirty()

    def _next_index(self) -> int:
        """The 0-based index of the next loss expected (= the last iteration shown)."""
        return int(self._iterations.values[-1]) if len(self._iterations) else 0

    def clear(self) -> None:
        for buffer in (self._iterations, self._losses, self._smoothed):
            buffer.clear()
        for envelope in self._envelopes.values():
            envelope.reset()
        self._average = 0.0
        self._planned_iterations = 0
        self.view.getPlotItem().enableAutoRange()
        self._fit_y()
        self.mark_dirty()

    def apply_style(self, style: Style) -> None:
        super().apply_style(style)
        theme = style.theme
        self.raw_curve.setPen(style.pen(theme.raw_loss, 1.0, alpha=0.45))
        self.smooth_curve.setPen(style.pen(theme.smooth_loss, 2.5))
        self.smooth_curve.setSymbolBrush(theme.smooth_loss)
        self.smooth_curve.setSymbolPen(style.pen(theme.smooth_loss, 1.0))
        self.smooth_curve.setSymbolSize(8 * style.font_scale)
        self._hover.set_pen(style.pen(theme.chance, 1.0, dashed=True))
        self.legend.apply_style(style)

    def _plot_items(self) -> list[pg.PlotItem]:
        return [self.view.getPlotItem()]

    def _redraw(self) -> None:
        x = self._iterations.values
        view_box = self.view.getPlotItem().getViewBox()
        # the x range in view, unless it is still to be fitted to the data
        shown = None if view_box.autoRangeEnabled()[0] else tuple(view_box.viewRange()[0])
        for curve, y in ((self.raw_curve, self._losses.values),
                         (self.smooth_curve, self._smoothed.values)):
            curve.setData(*self._envelopes[curve].points(x, y, shown))
        # a line needs two points: after the first step a dot shows where the loss is
        self.smooth_curve.setSymbol("o" if len(x) == 1 else None)

    def curve_data(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every iteration, its loss and its smoothed loss (the curves draw an envelope of
        them on long runs)."""
        return self._iterations.values, self._losses.values, self._smoothed.values

    @Slot(float)
    def _on_smoothing_changed(self, weight: float) -> None:
        if len(self._losses):
            smoothed, self._average = exponential_moving_average(self._losses.values, weight)
            self._smoothed.clear()
            self._smoothed.extend(smoothed)
            self._envelopes[self.smooth_curve].reset()
            self.mark_dirty()

    @Slot(bool)
    def _on_log_toggled(self, on: bool) -> None:
        self.view.getPlotItem().setLogMode(y=on)
        # setLogMode fits both axes to the data (-200..200 around one point): x shows the
        # whole run in either mode, only y follows the losses.
        self._show_whole_run()
        self._fit_y()

    def _fit_y(self) -> None:
        """Fit y to the losses now; with none to fit (none yet, or none positive on a log
        axis) use EMPTY_Y_RANGE. pyqtgraph keeps the old range when it finds nothing to fit,
        and a linear range read as decades froze the window: after a run whose loss reached
        10,000, Reset and 'log' drew a tick for each of 10,000 decades (3 s; 1e6: for ever)."""
        view_box = self.view.getPlotItem().getViewBox()
        view_box.updateAutoRange()
        log = self.log_box.isChecked()
        losses = self._losses.values
        fittable = losses[np.isfinite(losses) & (losses > 0)] if log else losses[
            np.isfinite(losses)]
        if not len(fittable):
            view_box.setYRange(*EMPTY_Y_RANGE[log], padding=0)
            view_box.enableAutoRange(axis=pg.ViewBox.YAxis)  # the next losses are fitted

    def describe(self, x: float) -> str | None:
        """The values of the iteration nearest to ``x``, if it lies on the curve."""
        count = len(self._losses)
        if not count:
            return None
        index = round(x) - int(self._iterations.values[0])
        if not 0 <= index < count:
            return None
        iteration = int(self._iterations.values[index])
        return (f"iteration {iteration:,}: loss {self._losses.values[index]:.4f}, "
                f"smoothed {self._smoothed.values[index]:.4f}")
