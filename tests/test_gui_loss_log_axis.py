"""The loss plot's log toggle in every state a class meets: no losses yet, one, zeros, a run
that diverged and was reset, mid-run. pyqtgraph keeps a log axis's range in decades and draws
a tick for each decade; a range left over from linear mode (a loss of 10,000 read as 10^10000)
froze the window for seconds, or for ever."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from gui.style import Style
from gui.views.training.loss_plot import LossPlot

MAX_DECADES = 40  # float32 losses span at most ~83 decades; a sane view spans far fewer


@pytest.fixture
def loss_plot(qtbot):
    """A loss plot for a 400-iteration run (the ranges need no screen)."""
    plot = LossPlot(Style())
    qtbot.addWidget(plot)
    plot.set_planned_iterations(400)
    return plot


def _add(plot: LossPlot, losses: list[float]) -> None:
    plot.add_losses(np.asarray(losses, dtype=np.float32), plot.point_count())
    plot.refresh()
    QApplication.processEvents()


def _y_range(plot: LossPlot) -> tuple[float, float]:
    return tuple(plot.view.getPlotItem().getViewBox().viewRange()[1])


def _log_ticks(plot: LossPlot) -> int:
    """How many tick values the log axis would draw over its current range."""
    low, high = _y_range(plot)
    axis = plot.view.getPlotItem().getAxis("left")
    return sum(len(values) for _spacing, values in axis.tickValues(low, high, 300))


@pytest.mark.parametrize("peak", [1e4, 1e6, 1e30])
def test_log_after_a_diverged_run_was_reset_spans_a_few_decades(loss_plot, peak):
    _add(loss_plot, [2.3, peak, 1.0])
    assert _y_range(loss_plot)[1] > 1e3  # the linear axis spans thousands and more
    loss_plot.clear()
    loss_plot.refresh()

    loss_plot.log_box.setChecked(True)

    low, high = _y_range(loss_plot)
    assert high - low < MAX_DECADES
    assert _log_ticks(loss_plot) < 100
    _add(loss_plot, [2.3, 2.0])  # the next run's losses are fitted again
    low, high = _y_range(loss_plot)
    assert low <= math.log10(2.0) and high >= math.log10(2.3)


@pytest.mark.parametrize("losses", [[], [2.3], [0.0], [0.0, 0.0], [float("nan"), float("inf")]])
def test_log_with_no_positive_loss_shows_a_plain_range(loss_plot, losses):
    _add(loss_plot, [2.3, 5e4])  # a wide linear range before
    loss_plot.clear()
    if losses:
        _add(loss_plot, losses)
    loss_plot.log_box.setChecked(True)
    QApplication.processEvents()
    low, high = _y_range(loss_plot)
    assert high - low < MAX_DECADES and math.isfinite(low)
    if losses == [2.3]:  # one loss: the axis is around it
        assert low <= math.log10(2.3) <= high
    loss_plot.log_box.setChecked(False)
    low, high = _y_range(loss_plot)
    assert high - low < 1e3  # back on a linear axis, no decades read as losses


def test_log_mid_run_follows_the_new_losses_and_back(loss_plot):
    _add(loss_plot, list(np.linspace(2.3, 0.5, 50)))
    loss_plot.log_box.setChecked(True)
    _add(loss_plot, [0.01])
    low, high = _y_range(loss_plot)
    assert low <= math.log10(0.01) and high >= math.log10(2.3)
    loss_plot.log_box.setChecked(False)
    low, high = _y_range(loss_plot)
    assert low <= 0.01 and high >= 2.3 and high < 10
