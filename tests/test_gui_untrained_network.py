"""The untrained network on screen: on open and on Reset, before any step, and the notice that
the plots show a network the settings no longer describe."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from gui.main_window import MainWindow
from gui.run.controller import RunState
from gui.views.training.training_plots import SETTINGS_CHANGED

TIMEOUT_MS = 60_000


def histogram_layers_drawn(window: MainWindow) -> int:
    window.refresh_frame()
    drawn = 0
    for curve in window.plots.histograms.curves:
        _edges, percent = curve.getOriginalDataset()
        drawn += percent is not None and len(percent) > 0 and percent.sum() > 99.0
    return drawn


def test_the_untrained_networks_histograms_and_accuracy_show_on_open(qtbot, window):
    hidden = len(window.setup.run_config().network.hidden_sizes)
    qtbot.waitUntil(lambda: histogram_layers_drawn(window) == hidden, timeout=TIMEOUT_MS)
    assert window.controller.state == RunState.IDLE  # nothing trained, no step taken
    assert window.plots.histograms.iteration == 0
    assert "untrained" in window.plots.histograms._title.text()
    assert window.plots.accuracy.epoch_count() == 1  # epoch 0: guessing, about 10%
    assert 0.0 < window.plots.accuracy.train_accuracies[0] < 0.3
    assert window.plots.loss.point_count() == 0


def test_reset_after_a_settings_change_rebuilds_every_plot_for_the_new_network(qtbot, window):
    qtbot.waitUntil(lambda: histogram_layers_drawn(window) > 0, timeout=TIMEOUT_MS)
    window.setup.network.hidden_edit.setText("30, 20, 10")
    window.setup.network.activation_combo.setCurrentText("tanh")
    assert all(plot.notice() == SETTINGS_CHANGED for plot in window.plots.plots)
    window.activateWindow()
    window.setFocus()
    QTest.keyClick(window, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: window.plots.histograms.layer_count() == 3, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: histogram_layers_drawn(window) == 3, timeout=TIMEOUT_MS)
    assert all(plot.notice() == "" for plot in window.plots.plots)
    edges = [h.edges for h in window.plots.histograms.shown_histograms()]
    assert all(e[0] == -1.0 and e[-1] == 1.0 for e in edges)  # tanh's range, shared
