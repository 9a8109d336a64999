"""The dashboard window end to end, offscreen: train, pause, step, stop, reset, close, errors."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from gui.main_window import MainWindow
from gui.run.controller import RunState

TIMEOUT_MS = 60_000
LONG_RUN_EPOCHS = 500  # never finishes within a test: for pause, stop and close


@pytest.fixture
def window(qtbot, gui_settings):
    window = MainWindow(settings=gui_settings)
    qtbot.addWidget(window)  # closed (and its thread joined) after the test
    window.show()
    qtbot.waitExposed(window)
    return window


def set_epochs(window: MainWindow, epochs: int) -> None:
    window.setup.training.epochs_box.setValue(epochs)


def wait_for_iterations(qtbot, window: MainWindow, at_least: int) -> None:
    def trained() -> bool:
        latest = window.controller.latest
        return latest is not None and latest.iteration >= at_least

    qtbot.waitUntil(trained, timeout=TIMEOUT_MS)


def test_window_opens_with_the_embedded_sample_and_can_start(window):
    assert window.setup.data.dataset == "mnist-sample"
    assert window.setup.problem() is None
    assert window.run_controls.start.isEnabled()
    assert window.controller.state == RunState.IDLE
    assert window.tabs.tabText(0) == "Training"


def test_start_trains_the_loss_curve_grows_and_accuracy_beats_chance(qtbot, window):
    set_epochs(window, 2)
    with qtbot.waitSignal(window.controller.run_finished, timeout=TIMEOUT_MS) as finished:
        window.run_controls.start.trigger()
    final = finished.args[0]
    window.refresh_frame()
    x, losses = window.plots.loss.raw_curve.getOriginalDataset()
    assert len(losses) == final.iteration == final.total_iterations
    assert window.plots.accuracy.epoch_count() == 3  # before training and after each epoch
    assert window.plots.accuracy.train_accuracies[-1] > 0.1
    assert final.test_acc[-1] > 0.5
    assert window.controller.state == RunState.FINISHED
    assert "Epoch 2/2" in window.run_status.figures_label.text()
    assert "ETA" not in window.run_status.figures_label.text()  # nothing left to wait for


def test_pause_stops_the_iteration_count(qtbot, window):
    set_epochs(window, LONG_RUN_EPOCHS)
    window.run_controls.start.trigger()
    wait_for_iterations(qtbot, window, 3)
    assert window.controller.trained_network() is None  # running: nothing to save yet
    window.run_controls.pause.trigger()
    assert window.controller.state == RunState.PAUSED
    assert window.run_controls.pause.text() == "Resume"
    assert window.controller.trained_network() is not None  # a copy between two batches
    qtbot.wait(300)  # snapshots already on their way arrive
    paused_at = window.controller.latest.iteration
    qtbot.wait(500)
    assert window.controller.latest.iteration == paused_at
    window.run_controls.pause.trigger()  # resume
    wait_for_iterations(qtbot, window, paused_at + 1)


def test_step_advances_exactly_one_iteration(qtbot, window):
    window.run_controls.step.trigger()  # with no run: build one, paused, and step it
    wait_for_iterations(qtbot, window, 1)
    qtbot.wait(300)
    assert window.controller.latest.iteration == 1
    assert window.controller.state == RunState.PAUSED
    window.run_controls.step.trigger()
    wait_for_iterations(qtbot, window, 2)
    qtbot.wait(300)
    assert window.controller.latest.iteration == 2
    assert window.plots.loss.point_count() == 2


def test_stop_keeps_the_plots_and_reset_clears_them(qtbot, window):
    set_epochs(window, LONG_RUN_EPOCHS)
    window.run_controls.start.trigger()
    wait_for_iterations(qtbot, window, 3)
    with qtbot.waitSignal(window.controller.run_finished, timeout=TIMEOUT_MS):
        window.run_controls.stop.trigger()
    assert window.controller.state == RunState.FINISHED
    assert window.plots.loss.point_count() >= 3
    assert "Stopped" in window.run_status.state_label.text()
    window.run_controls.reset.trigger()
    window.plots.refresh()
    assert window.controller.state == RunState.IDLE
    assert window.plots.loss.point_count() == 0
    assert len(window.plots.loss.raw_curve.getOriginalDataset()[1] or ()) == 0
    assert window.plots.accuracy.epoch_count() == 0
    assert window.run_status.progress.value() == 0


def test_closing_mid_run_stops_the_thread(qtbot, window, qtlog):
    set_epochs(window, LONG_RUN_EPOCHS)
    window.run_controls.start.trigger()
    wait_for_iterations(qtbot, window, 3)
    thread = window.controller.worker_thread
    assert thread.isRunning()
    window.close()
    assert not thread.isRunning()
    assert not window.controller.is_active()
    assert not [record for record in qtlog.records if "QThread" in record.message]


def test_invalid_hidden_layers_disable_start_and_say_why(qtbot, window):
    window.setup.network.hidden_edit.setText("100, abc")
    assert not window.run_controls.start.isEnabled()
    assert "abc" in window.run_status.problem_label.text()
    assert "abc" in window.run_controls.start.toolTip()
    assert "border" in window.setup.network.hidden_edit.styleSheet()
    window.start_or_pause()  # the Space action must not start either
    assert window.controller.state == RunState.IDLE
    window.setup.network.hidden_edit.setText("50")
    assert window.run_controls.start.isEnabled()
    assert window.run_status.problem_label.text() == ""


def test_one_histogram_per_hidden_layer_with_data(qtbot, window):
    window.setup.network.hidden_edit.setText("30, 20, 10")
    set_epochs(window, 1)
    with qtbot.waitSignal(window.controller.run_finished, timeout=TIMEOUT_MS):
        window.run_controls.start.trigger()
    histograms = window.plots.histograms
    for pre_activations in (False, True):
        histograms.pre_box.setChecked(pre_activations)
        histograms.refresh()
        assert histograms.layer_count() == 3
        for curve in histograms.curves:
            edges, counts = curve.getOriginalDataset()
            assert len(edges) == len(counts) + 1
            assert counts.sum() > 0


def test_a_diverging_run_shows_a_hint_and_the_app_stays_usable(qtbot, window):
    window.setup.optimizer.set_optimizer("sgd", {"lr": 1000.0})
    with qtbot.waitSignal(window.controller.run_failed, timeout=TIMEOUT_MS) as failed:
        window.run_controls.start.trigger()
    assert "learning rate" in failed.args[0]
    assert window.banner.isVisible()
    assert "lower it" in window.banner.text
    qtbot.waitUntil(lambda: window.controller.state == RunState.FINISHED, timeout=TIMEOUT_MS)
    assert "Diverged" in window.run_status.state_label.text()
    window.setup.optimizer.fields["lr"].setValue(0.1)
    set_epochs(window, 1)
    with qtbot.waitSignal(window.controller.run_finished, timeout=TIMEOUT_MS) as finished:
        window.run_controls.start.trigger()
    assert not finished.args[0].diverged
    assert not window.banner.isVisible()


def test_keyboard_shortcuts_drive_the_run(qtbot, window):
    set_epochs(window, LONG_RUN_EPOCHS)
    window.plots.loss.view.setFocus()
    QTest.keyClick(window, Qt.Key.Key_Space)
    assert window.controller.is_active()
    wait_for_iterations(qtbot, window, 2)
    QTest.keyClick(window, Qt.Key.Key_Space)
    assert window.controller.state == RunState.PAUSED
    qtbot.wait(300)
    before = window.controller.latest.iteration
    QTest.keyClick(window, Qt.Key.Key_S)
    wait_for_iterations(qtbot, window, before + 1)
    QTest.keyClick(window, Qt.Key.Key_Right)
    wait_for_iterations(qtbot, window, before + 2)
    with qtbot.waitSignal(window.controller.run_finished, timeout=TIMEOUT_MS):
        QTest.keyClick(window, Qt.Key.Key_Escape)
    QTest.keyClick(window, Qt.Key.Key_R)
    assert window.controller.state == RunState.IDLE


def test_text_fields_keep_their_keys(qtbot, window):
    edit = window.setup.network.hidden_edit
    edit.clear()
    edit.setFocus()
    QTest.keyClicks(edit, "5 s")
    QTest.keyClick(edit, Qt.Key.Key_Left)
    QTest.keyClick(edit, Qt.Key.Key_Right)
    QTest.keyClicks(edit, "r")
    assert edit.text() == "5 sr"
    assert window.controller.state == RunState.IDLE


def test_only_the_learning_rate_applies_during_a_run(qtbot, window):
    set_epochs(window, LONG_RUN_EPOCHS)
    window.run_controls.start.trigger()
    wait_for_iterations(qtbot, window, 1)
    window.setup.optimizer.fields["lr"].setValue(0.002)
    assert not window.setup.pending_note.isVisible()
    window.setup.training.batch_box.setValue(50)
    assert window.setup.pending_note.isVisible()
    window.run_controls.reset.trigger()
    assert not window.setup.pending_note.isVisible()


def test_a_paced_run_trains_and_redraws_more_often(qtbot, window):
    full_speed_interval = window.frame_timer.interval()
    window.setup.training.pace_combo.setCurrentIndex(1)  # the first pace slower than full
    assert window.frame_timer.interval() < full_speed_interval
    window.run_controls.start.trigger()
    wait_for_iterations(qtbot, window, 3)
    assert window.controller.state == RunState.RUNNING


def test_on_the_paths_tab_the_keys_drive_the_animation_not_training(qtbot, window):
    paths = window.paths_view
    window.tabs.setCurrentWidget(paths)
    paths.plot.setFocus()
    QTest.keyClick(window, Qt.Key.Key_R)
    assert paths.shown_steps() == 0
    QTest.keyClick(window, Qt.Key.Key_S)
    QTest.keyClick(window, Qt.Key.Key_Right)
    assert paths.shown_steps() == 2
    QTest.keyClick(window, Qt.Key.Key_Space)
    assert paths.is_playing()
    QTest.keyClick(window, Qt.Key.Key_Space)
    assert not paths.is_playing()
    QTest.keyClick(window, Qt.Key.Key_Escape)
    assert window.controller.state == RunState.IDLE  # no key reached the training run
    window.tabs.setCurrentWidget(window.plots)
    window.plots.loss.view.setFocus()
    steps = paths.shown_steps()
    QTest.keyClick(window, Qt.Key.Key_S)  # back on Training: S steps the network
    wait_for_iterations(qtbot, window, 1)
    assert paths.shown_steps() == steps
