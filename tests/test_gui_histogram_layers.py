"""A new run keeps the histogram plots of the last one's layers, building only missing ones
(a pyqtgraph plot costs ~10-120 ms of the GUI thread: 10 layers rebuilt on every Start and
Reset took 0.3-1.3 s), and shows nothing of the old run on them. The missing plots are built
a few per event-loop turn (PLOTS_PER_TURN): a deep network's plots never hold the GUI thread in
one long handler."""

from __future__ import annotations

import numpy as np

from engine.trainer import LayerHistogram
from gui.style import TICK_FONT_RELATIVE, Style
from gui.views.training.histogram_plot import LAYERS_PER_ROW, PLOTS_PER_TURN, HistogramPlot


def _histograms(count: int) -> list[LayerHistogram]:
    return [LayerHistogram(np.array([1, 3, 6]), np.linspace(-2.0, 4.0, 4)) for _ in range(count)]


def test_same_layer_count_reuses_the_plots_empty_and_a_new_count_rebuilds(qtbot):
    plot = HistogramPlot(Style())
    qtbot.addWidget(plot)
    plot.set_layers(3, "relu")
    qtbot.waitUntil(lambda: not plot.building)
    plot.set_histograms(_histograms(3), None, 50)
    plot.refresh()
    first = plot._plot_items()
    assert first[2].getViewBox().viewRange()[0][0] < -1.9  # the old run's range, -2..4

    plot.set_layers(3, "tanh")
    plot.refresh()
    assert plot._plot_items() == first  # the same plots
    assert "tanh" in first[0].titleLabel.text  # named after the new network's activation
    for item, curve in zip(first, plot.curves, strict=True):
        shown = curve.getOriginalDataset()[1]
        assert shown is None or len(shown) == 0  # no old histogram left
        (x0, x1), (y0, y1) = item.getViewBox().viewRange()
        assert -0.1 < x0 < 0.0 and 1.0 < x1 < 1.1 and y1 > 100  # 0..1, 0..100% again
    assert plot.iteration is None

    plot.set_histograms(_histograms(3), None, 1)  # the new run draws as before
    plot.refresh()
    np.testing.assert_allclose(plot.curves[1].getOriginalDataset()[1], [10, 30, 60])



def test_fewer_or_more_layers_keep_the_first_plots_in_their_places(qtbot):
    plot = HistogramPlot(Style())
    qtbot.addWidget(plot)
    plot.set_layers(3, "relu")
    qtbot.waitUntil(lambda: not plot.building)
    first = plot._plot_items()
    plot.set_layers(2, "relu")
    assert plot._plot_items() == first[:2] and len(plot.curves) == 2
    plot.set_layers(7, "relu")  # five a row: layers 6 and 7 start the second row
    qtbot.waitUntil(lambda: not plot.building)
    items = plot._plot_items()
    assert items[:2] == first[:2] and len(items) == 7 and len(plot.curves) == 7
    layout = plot.view.ci.layout
    assert layout.itemAt(0, 4) is items[4] and layout.itemAt(1, 0) is items[5]
    assert layout.itemAt(0, 2) is items[2]  # the new third plot took the dropped one's cell
    plot.set_histograms(_histograms(7), None, 3)
    plot.refresh()
    np.testing.assert_allclose(plot.curves[6].getOriginalDataset()[1], [10, 30, 60])
    plot.set_layers(0, "relu")
    assert plot.layer_count() == 0
    plot.set_layers(2, "relu")
    assert plot.layer_count() == 2 and plot._plot_items()[0] not in first


def test_a_deep_network_s_plots_are_built_a_few_per_event_loop_turn(qtbot):
    """Ten layers: PLOTS_PER_TURN plots at once, the others PLOTS_PER_TURN at a time in later
    turns of the event loop, then all ten, styled and drawn like the first ones."""
    style = Style(font_scale=1.5)
    plot = HistogramPlot(style)
    qtbot.addWidget(plot)
    plot.show()
    batches: list[int] = []
    build = plot._add_layer_plots
    plot._add_layer_plots = lambda layers: (batches.append(len(layers)), build(layers))

    plot.set_layers(10, "sigmoid")
    assert plot.layer_count() == PLOTS_PER_TURN and plot.building  # the rest: later turns
    plot.set_histograms(_histograms(10), None, 7)  # the first snapshot may come meanwhile
    qtbot.waitUntil(lambda: not plot.building)

    assert plot.layer_count() == 10 and sum(batches) == 10
    assert max(batches) == PLOTS_PER_TURN and len(batches) == -(-10 // PLOTS_PER_TURN)
    plot.refresh()
    items = plot._plot_items()
    tick_size = style.point_size(TICK_FONT_RELATIVE)
    for layer, (item, curve) in enumerate(zip(items, plot.curves, strict=True)):
        assert item.getAxis("bottom").style["tickFont"].pointSizeF() == tick_size
        assert item.titleLabel.text.startswith(f"layer {layer + 1}")
        assert item.getAxis("left").style["showValues"] == (layer % LAYERS_PER_ROW == 0)
        np.testing.assert_allclose(curve.getOriginalDataset()[1], [10, 30, 60])
    assert plot.view.ci.layout.itemAt(1, 4) is items[9]


def test_a_new_network_while_building_drops_the_plots_still_to_build(qtbot):
    plot = HistogramPlot(Style())
    qtbot.addWidget(plot)
    plot.set_layers(10, "relu")
    plot.set_layers(2, "tanh")  # before the event loop built the other seven

    assert not plot.building and plot.layer_count() == 2
    qtbot.wait(50)
    assert plot.layer_count() == 2 and len(plot.curves) == 2
