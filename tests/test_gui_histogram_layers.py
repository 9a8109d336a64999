"""A new run keeps the histogram plots of the last one's layers, building only missing ones
(a pyqtgraph plot costs ~50-120 ms of the GUI thread: 10 layers rebuilt on every Start and
Reset took 0.3-1.3 s), and shows nothing of the old run on them."""

from __future__ import annotations

import numpy as np

from engine.trainer import LayerHistogram
from gui.style import Style
from gui.views.training.histogram_plot import HistogramPlot


def _histograms(count: int) -> list[LayerHistogram]:
    return [LayerHistogram(np.array([1, 3, 6]), np.linspace(-2.0, 4.0, 4)) for _ in range(count)]


def test_same_layer_count_reuses_the_plots_empty_and_a_new_count_rebuilds(qtbot):
    plot = HistogramPlot(Style())
    qtbot.addWidget(plot)
    plot.set_layers(3, "relu")
    plot.set_histograms(_histograms(3), None, 50)
    plot.refresh()
    first = plot._plot_items()
    assert first[2].getViewBox().viewRange()[0][0] < -1.9  # the old run's range, -2..4

    plot.set_layers(3, "tanh")
    plot.refresh()
    assert plot._plot_items() == first  # the same plots
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
    first = plot._plot_items()
    plot.set_layers(2, "relu")
    assert plot._plot_items() == first[:2] and len(plot.curves) == 2
    plot.set_layers(7, "relu")  # five a row: layers 6 and 7 start the second row
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
