"""The plots on their own: buffers, smoothing, the redraw protocol, readouts."""

from __future__ import annotations

import numpy as np
import pytest

from engine.trainer import LayerHistogram
from gui.panels.run_status import format_duration
from gui.style import Style
from gui.views.training.accuracy_plot import AccuracyPlot
from gui.views.training.histogram_plot import HistogramPlot
from gui.views.training.loss_plot import LossPlot, exponential_moving_average
from gui.views.training.training_plots import TrainingPlots
from gui.widgets.plots.axis_ticks import sparse_ticks
from gui.widgets.plots.growing_buffer import GrowingBuffer


@pytest.fixture
def loss_plot(qtbot):
    plot = LossPlot(Style(), smoothing=0.5)
    qtbot.addWidget(plot)
    return plot


def test_growing_buffer_keeps_every_value_across_growth():
    buffer = GrowingBuffer(capacity=2)
    for start in range(0, 100, 7):
        buffer.extend(np.arange(start, min(start + 7, 100)))
    np.testing.assert_array_equal(buffer.values, np.arange(100))
    buffer.clear()
    assert len(buffer) == 0


# By hand, weight 0.5: m = 0.5 m + 0.5 x from m = 0 gives m = 2, 2, 1, 1.5; dividing by
# 1 - 0.5**n = 0.5, 0.75, 0.875, 0.9375 gives 4, 8/3, 8/7, 1.6 (the first one is x_1 itself).
HAND_SMOOTHED = [4.0, 8 / 3, 8 / 7, 1.6]


def test_exponential_moving_average_is_bias_corrected():
    values = np.array([4.0, 2.0, 0.0, 2.0])
    smoothed, state = exponential_moving_average(values, 0.5)
    np.testing.assert_allclose(smoothed, HAND_SMOOTHED)
    assert state == pytest.approx(1.5)
    head, head_state = exponential_moving_average(values[:2], 0.5)
    tail, _ = exponential_moving_average(values[2:], 0.5, head_state, 2)  # in two pieces
    np.testing.assert_allclose(np.concatenate([head, tail]), HAND_SMOOTHED)


def test_the_smoothed_loss_starts_on_a_falling_loss_not_above_it():
    losses = np.linspace(2.3, 0.3, 50)
    smoothed, _ = exponential_moving_average(losses, 0.9)
    assert smoothed[0] == pytest.approx(losses[0])
    assert smoothed[1] < losses[0]  # the old EMA, started at x_1, stayed at 2.28 here


def test_losses_arrive_in_pieces_and_are_drawn_only_on_refresh(loss_plot):
    loss_plot.add_losses(np.array([4.0, 2.0], dtype=np.float32), offset=0)
    loss_plot.add_losses(np.array([2.0, 0.0, 2.0], dtype=np.float32), offset=1)  # overlap
    assert loss_plot.point_count() == 4
    assert loss_plot.raw_curve.getOriginalDataset()[0] is None  # nothing drawn yet
    loss_plot.refresh()
    x, y = loss_plot.raw_curve.getOriginalDataset()
    np.testing.assert_array_equal(x, [1, 2, 3, 4])  # iterations count from 1
    np.testing.assert_array_equal(y, [4.0, 2.0, 0.0, 2.0])
    np.testing.assert_allclose(loss_plot.smooth_curve.getOriginalDataset()[1], HAND_SMOOTHED)


def test_changing_the_smoothing_recomputes_the_trend(loss_plot):
    loss_plot.add_losses(np.array([4.0, 2.0, 0.0], dtype=np.float32), offset=0)
    loss_plot.smoothing_box.setValue(0.0)
    loss_plot.refresh()
    np.testing.assert_allclose(loss_plot.smooth_curve.getOriginalDataset()[1], [4.0, 2.0, 0.0])


def test_a_long_run_draws_a_bounded_envelope_and_every_loss_when_zoomed_in(loss_plot):
    losses = np.random.default_rng(0).random(50_000).astype(np.float32) + 1.0
    loss_plot.set_planned_iterations(50_000)
    loss_plot.add_losses(losses, offset=0)
    loss_plot.refresh()
    x, y = loss_plot.raw_curve.getOriginalDataset()
    assert len(y) < 5000  # not 50,000 points a frame
    assert y.min() == losses.min() and y.max() == losses.max()  # no spike is lost
    loss_plot.view.getPlotItem().setXRange(1000, 1200, padding=0)
    loss_plot.refresh()
    x, y = loss_plot.raw_curve.getOriginalDataset()
    np.testing.assert_array_equal(x, np.arange(999, 1202))  # iterations 999..1201
    np.testing.assert_array_equal(y, losses[998:1201])
    assert loss_plot.describe(1100.0).startswith(f"iteration 1,100: loss {losses[1099]:.4f}")


def test_hovering_reads_out_the_exact_loss(loss_plot):
    loss_plot.add_losses(np.array([0.5, 0.25], dtype=np.float32), offset=0)
    assert loss_plot.describe(2.2) == "iteration 2: loss 0.2500, smoothed 0.3333"
    assert loss_plot.describe(40.0) is None


def test_accuracy_plot_shows_percent_and_the_chance_level(qtbot):
    plot = AccuracyPlot(Style())
    qtbot.addWidget(plot)
    plot.set_chance_level(0.1)
    plot.set_accuracies(np.array([0.1, 0.8]), np.array([0.12, 0.75]))
    plot.refresh()
    assert plot.chance_line.value() == pytest.approx(10.0)
    np.testing.assert_allclose(plot.train_curve.getOriginalDataset()[1], [10.0, 80.0])
    assert plot.describe(1.1) == "epoch 1: train 80.00%, test 75.00%"


def test_accuracy_marks_each_epoch_with_a_dot_only_while_dots_stay_apart(qtbot):
    plot = AccuracyPlot(Style())
    qtbot.addWidget(plot)
    plot.set_accuracies(np.full(60, 0.5), np.full(60, 0.4))
    plot.refresh()
    assert plot.train_curve.opts["symbol"] == plot.test_curve.opts["symbol"] == "o"
    assert len(plot.train_curve.scatter.data) == 60  # one dot per epoch
    plot.set_accuracies(np.full(3000, 0.5), np.full(3000, 0.4))
    plot.refresh()
    assert plot.train_curve.opts["symbol"] is plot.test_curve.opts["symbol"] is None
    assert len(plot.train_curve.getOriginalDataset()[1]) == 3000  # the line keeps every epoch


def test_histogram_plot_switches_between_activations_and_pre_activations(qtbot):
    plot = HistogramPlot(Style())
    qtbot.addWidget(plot)
    plot.set_layers(2, "sigmoid")
    after = [LayerHistogram(np.array([1, 3]), np.array([0.0, 0.5, 1.0])) for _ in range(2)]
    before = [LayerHistogram(np.array([2, 2]), np.array([-4.0, 0.0, 4.0])) for _ in range(2)]
    plot.set_histograms(after, before)
    plot.refresh()
    np.testing.assert_array_equal(plot.curves[1].getOriginalDataset()[0], [0.0, 0.5, 1.0])
    plot.pre_box.setChecked(True)
    plot.refresh()
    np.testing.assert_array_equal(plot.curves[1].getOriginalDataset()[0], [-4.0, 0.0, 4.0])
    assert "holds 2 values (50.0%)" in plot.describe(0, 1.0)


def test_histograms_show_percentages_on_one_scale_with_few_round_ticks(qtbot):
    """Layers of different widths compare as shares of their values; a range of 0..3e-6 gets
    at most three short labels and the power of ten once, in the axis label."""
    plot = HistogramPlot(Style())
    qtbot.addWidget(plot)
    plot.set_layers(2, "relu")
    edges = np.linspace(0.0, 3e-6, 4)
    plot.set_histograms([LayerHistogram(np.array([10, 30, 60]), edges),
                         LayerHistogram(np.array([1, 1, 2]), edges, above=1)], None, 40)
    plot.refresh()
    np.testing.assert_allclose(plot.curves[0].getOriginalDataset()[1], [10, 30, 60])
    np.testing.assert_allclose(plot.curves[1].getOriginalDataset()[1], [25, 25, 50])
    for item in plot._plot_items():
        assert item.getViewBox().viewRange()[1][1] >= 60  # one y scale: the tallest bar fits
        (ticks, _minor) = item.getAxis("bottom")._tickLevels
        assert 2 <= len(ticks) <= 3 and all(len(label) <= 3 for _value, label in ticks)
        assert "×10⁻⁶" in item.getAxis("bottom").labelText
    # the last bin of layer 2 holds a value beyond the range: it is drawn hatched
    assert len(plot.edge_curves[1].getOriginalDataset()[0]) == 4
    assert plot.edge_curves[0].getOriginalDataset()[0] is None or not len(
        plot.edge_curves[0].getOriginalDataset()[0])
    assert "1 of them beyond the range" in plot.describe(1, 2.9e-6)
    assert "iteration 40" in plot._title.text()


@pytest.mark.parametrize(("low", "high", "labels", "exponent"), [
    (0.0, 3e-6, ["0", "2"], -6), (0.0, 1.0, ["0", "0.5", "1"], 0),
    (-1.0, 1.0, ["-1", "0", "1"], 0), (0.0, 2.34e-4, ["0", "100", "200"], -6),
    (0.0, 12000.0, ["0", "5", "10"], 3),
    # the tallest bar at 40% once gave a step of 50 and a y axis labelled only "0"
    (0.0, 40.26, ["0", "20", "40"], 0), (0.0, 9.9, ["0", "5"], 0),
])
def test_sparse_ticks_are_few_round_and_share_an_exponent(low, high, labels, exponent):
    ticks, shared = sparse_ticks(low, high, 3)
    assert [label for _value, label in ticks] == labels and shared == exponent


@pytest.mark.parametrize(("seconds", "text"), [
    (None, "-"), (0.43, "0.4 s"), (59.94, "59.9 s"), (102, "1:42"), (3723, "1:02:03"),
])
def test_durations_read_naturally(seconds, text):
    assert format_duration(seconds) == text


@pytest.mark.filterwarnings("error::RuntimeWarning")
def test_accuracy_without_test_samples_draws_only_the_training_curve(qtbot):
    plot = AccuracyPlot(Style())
    qtbot.addWidget(plot)
    plot.show()
    plot.set_accuracies(np.array([0.1, 0.6]), np.array([np.nan, np.nan]))
    plot.refresh()
    plot.grab()  # paints: an all-NaN curve used to warn from its bounds
    assert len(plot.train_curve.getData()[0]) == 2
    assert len(plot.test_curve.getData()[0] or ()) == 0


def test_the_grid_has_a_line_at_every_major_tick(qtbot, loss_plot):
    loss_plot.resize(800, 400)
    loss_plot.show()
    qtbot.waitExposed(loss_plot)
    item = loss_plot.view.getPlotItem()
    item.setRange(xRange=(0, 1000), yRange=(0, 2), padding=0)
    (grid,) = loss_plot.grids
    x, _y = grid.major_lines()
    view = item.getViewBox()
    (major_x,) = [values for _spacing, values in
                  item.getAxis("bottom").tickValues(0, 1000, view.width())[:1]]
    vertical = sorted({round(v, 6) for v, w in zip(x[::2], x[1::2], strict=True) if v == w})
    assert vertical == sorted(round(v, 6) for v in major_x if 0 <= v <= 1000)
    assert not item.getAxis("left").grid  # pyqtgraph's costly axis grid stays off


def test_a_throttled_refresh_redraws_the_slow_plots_at_most_twice_a_second(qtbot):
    plots = TrainingPlots(Style())
    qtbot.addWidget(plots)
    plots.accuracy.set_accuracies(np.array([0.1]), np.array([0.1]))
    plots.refresh(throttle=True)
    plots.loss.add_losses(np.array([1.0], dtype=np.float32), offset=0)
    plots.accuracy.set_accuracies(np.array([0.1, 0.5]), np.array([0.1, 0.4]))
    plots.refresh(throttle=True)  # at once: the loss redraws, the accuracy waits
    assert len(plots.loss.raw_curve.getOriginalDataset()[1]) == 1
    assert len(plots.accuracy.train_curve.getData()[0]) == 1
    plots.refresh()  # unthrottled (paused, finished, paced): everything
    assert len(plots.accuracy.train_curve.getData()[0]) == 2


def test_log_scale_shows_the_whole_run_like_linear_after_one_step(qtbot):
    plot = LossPlot(Style())
    qtbot.addWidget(plot)
    plot.resize(600, 400)
    plot.show()
    qtbot.waitExposed(plot)
    plot.set_planned_iterations(400)
    view = plot.view.getPlotItem().getViewBox()
    plot.log_box.setChecked(True)
    plot.add_losses(np.array([2.3], dtype=np.float32), offset=0)
    plot.refresh()
    log_x = view.viewRange()[0]
    assert log_x[0] <= 1 <= log_x[1] and -20 < log_x[0] <= 0 and 400 <= log_x[1] < 420
    low, high = view.viewRange()[1]
    assert low < np.log10(2.3) < high  # the point is on screen, as a dot (no line yet)
    assert plot.smooth_curve.opts["symbol"] == "o"
    plot.log_box.setChecked(False)
    plot.refresh()
    assert view.viewRange()[0] == pytest.approx(log_x)


@pytest.mark.parametrize("kind", [LossPlot, AccuracyPlot])
def test_legends_sit_outside_the_data(qtbot, kind):
    plot = kind(Style(font_scale=1.5))
    qtbot.addWidget(plot)
    plot.resize(500, 350)
    plot.show()
    qtbot.waitExposed(plot)
    if kind is AccuracyPlot:
        plot.set_chance_level(0.1)
    labels = [label.text for _sample, label in plot.legend.items]
    assert len(labels) >= 2 and all(labels)
    data_area = plot.view.getPlotItem().getViewBox().sceneBoundingRect()
    legend = plot.legend.sceneBoundingRect()
    assert legend.height() > 10 and not legend.intersects(data_area)
    assert plot.view.sceneRect().contains(legend)  # and not clipped
