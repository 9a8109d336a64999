"""The Playground tab as a user meets it: train a 2-D set, watch the boundary and every unit,
toggle the teaching touches, and never compute a grid on the GUI thread."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

import engine.playground
from engine.config import NetworkConfig, RunConfig, TrainConfig
from engine.network import MultiLayerNet
from gui.main_window import MainWindow
from gui.run.controller import RunState
from gui.views.playground.colours import CLASS_COLOURS

TIMEOUT_MS = 60_000


def spiral_config(hidden=(8, 8), epochs=100_000, **changes) -> RunConfig:
    """A long run: the window's Epochs box holds it to 1,000 epochs, 24,000 mini-batches
    (a test that needs a run to last longer than that gives it more points)."""
    return RunConfig(dataset="spiral", network=NetworkConfig(hidden_sizes=hidden,
                                                             activation="tanh"),
                     train=TrainConfig(epochs=epochs, batch_size=20, lr=0.01), **changes)


@pytest.fixture
def window(qtbot, gui_settings):
    window = MainWindow(spiral_config(), settings=gui_settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.tabs.select("playground")
    return window


def wait_for_frame(qtbot, window, after: int = -1):
    """Run the frame timer until the view draws a frame of a later iteration than ``after``."""
    view = window.playground

    def drawn() -> bool:
        window.refresh_frame()
        return (view.diagram.frame is not None and view.diagram.frame.iteration > after)

    qtbot.waitUntil(drawn, timeout=TIMEOUT_MS)
    return view.diagram.frame


def test_training_shows_the_boundary_and_one_thumbnail_per_unit_and_updates(qtbot, window):
    view = window.playground
    assert view.title == "Playground" and view.uses_run_keys
    window.run_controls.start.trigger()
    first = wait_for_frame(qtbot, window)
    image = view.boundary.image.image
    assert image is not None and image.shape == (100, 100, 4)
    assert view.diagram.shown_units() == [2, 8, 8, 3]  # inputs x, y; 8 + 8 units; 3 classes
    later = wait_for_frame(qtbot, window, after=first.iteration + 50)
    assert not np.array_equal(later.weights[0], first.weights[0])
    assert not np.array_equal(view.boundary.image.image, image)  # the boundary moved
    assert "Train loss" in view.losses_label.text() and "Test loss" in view.losses_label.text()
    assert len(view.boundary.train_points.data) == 480
    assert len(view.boundary.test_points.data) == 120
    _, t_train, _, t_test = later.points  # each point in its class's colour
    fills = [brush.color().name() for brush in view.boundary.train_points.data["brush"]]
    rings = [pen.color().name() for pen in view.boundary.test_points.data["pen"]]
    assert fills == [CLASS_COLOURS[label] for label in t_train]
    assert rings == [CLASS_COLOURS[label] for label in t_test]
    assert "arm&nbsp;0" in view.boundary.legend.text()


def test_the_gui_thread_never_computes_a_grid(qtbot, window, monkeypatch):
    """Every grid goes through grid_forward and every network output through predict: the
    GUI thread calls neither while the tab shows frames."""
    grid_threads, predict_threads = [], []
    original_forward, original_predict = engine.playground.grid_forward, MultiLayerNet.predict

    def forward_spy(*args, **kwargs):
        grid_threads.append(threading.current_thread())
        return original_forward(*args, **kwargs)

    def predict_spy(self, *args, **kwargs):
        predict_threads.append(threading.current_thread())
        return original_predict(self, *args, **kwargs)

    monkeypatch.setattr(engine.playground, "grid_forward", forward_spy)
    monkeypatch.setattr(MultiLayerNet, "predict", predict_spy)
    window.run_controls.start.trigger()
    frame = wait_for_frame(qtbot, window)
    wait_for_frame(qtbot, window, after=frame.iteration)
    assert len(grid_threads) >= 2 and len(predict_threads) > len(grid_threads)
    assert threading.main_thread() not in grid_threads + predict_threads


def test_no_grids_are_computed_while_another_tab_shows_but_the_end_is_kept(qtbot, window):
    window.tabs.select("training")
    snapshots = []
    window.controller.snapshot_received.connect(snapshots.append)
    window.setup.training.epochs_box.setValue(30)
    with qtbot.waitSignal(window.controller.run_finished, timeout=TIMEOUT_MS):
        window.run_controls.start.trigger()
    *running, last = snapshots
    assert running and all(snapshot.playground is None for snapshot in running)
    assert last.finished and last.playground.iteration == last.iteration
    window.tabs.select("playground")  # opened after the run: it shows where the run ended
    window.refresh_frame()
    assert window.playground.diagram.frame is last.playground


def test_wide_layers_show_their_first_8_units_and_say_so(qtbot, window):
    window.setup.network.hidden_edit.setText("20, 5")
    window.run_controls.step.trigger()
    wait_for_frame(qtbot, window)
    view = window.playground
    assert view.diagram.shown_units() == [2, 8, 5, 3]
    assert view.wide_note.isVisible()
    assert view.wide_note.text() == "Layer 1 is wider than 8: the first 8 units are shown."


def test_hovering_a_unit_or_an_edge_reads_its_value(qtbot, window):
    window.run_controls.step.trigger()
    wait_for_frame(qtbot, window)
    diagram = window.playground.diagram
    qtbot.wait(50)  # a later frame may still arrive: aim at the units of the one drawn last
    frame = diagram.frame
    unit = diagram._nodes[1][2].rect.center().toPoint()  # layer 1, unit 3
    QTest.mouseMove(diagram, unit)
    text = window.playground.unit_readout.text()
    assert text.startswith("layer 1 unit 3: bias")
    assert f"{float(frame.biases[0][2]):+.4f}" in text
    source, target = diagram._nodes[1][0].rect, diagram._nodes[2][0].rect
    middle = (source.right() + target.left()) / 2, (source.center().y() + target.center().y()) / 2
    QTest.mouseMove(diagram, QPoint(round(middle[0]), round(middle[1])))
    text = window.playground.unit_readout.text()
    assert "layer 1 unit 1 -> layer 2 unit 1" in text
    assert f"{float(frame.weights[1][0, 0]):+.4f}" in text


def test_discretize_and_test_point_toggles(qtbot, window):
    window.run_controls.step.trigger()
    wait_for_frame(qtbot, window)
    view = window.playground
    shaded = view.boundary.image.image.reshape(-1, 4)
    assert len(np.unique(shaded, axis=0)) > 3  # lightness follows the confidence
    view.discretize_box.click()
    view.refresh()
    hard = view.boundary.image.image.reshape(-1, 4)
    assert 1 <= len(np.unique(hard, axis=0)) <= 3  # one colour per predicted class
    assert view.boundary.test_points.isVisible()
    view.test_points_box.click()
    assert not view.boundary.test_points.isVisible()


def test_new_data_draws_the_set_again_from_the_next_seed(qtbot, window):
    window.run_controls.step.trigger()
    first = wait_for_frame(qtbot, window)
    seed = window.setup.training.seed_box.value()
    window.playground.new_data_button.click()
    assert window.setup.training.seed_box.value() == seed + 1
    qtbot.waitUntil(lambda: window.controller.latest is not None, timeout=TIMEOUT_MS)

    def new_points() -> bool:
        window.refresh_frame()
        frame = window.playground.diagram.frame
        return frame is not None and not np.array_equal(frame.points[0], first.points[0])

    qtbot.waitUntil(new_points, timeout=TIMEOUT_MS)
    assert window.controller.state == RunState.PAUSED


def test_an_image_set_offers_the_2d_sets_in_one_click(qtbot, window):
    view = window.playground
    window.setup.data.set_dataset("mnist-sample")
    assert view.pages.currentIndex() == 1
    assert set(view.dataset_buttons) >= {"spiral", "moons", "sine"}
    qtbot.mouseClick(view.dataset_buttons["moons"], Qt.MouseButton.LeftButton)
    assert window.setup.data.dataset == "moons"
    assert view.pages.currentIndex() == 0


@pytest.fixture
def restore_app_font():
    """Presentation mode enlarges the application's font: give the next tests theirs back."""
    font = QApplication.font()
    yield
    QApplication.setFont(font)


def test_presentation_mode_restyles_the_tab(qtbot, window, restore_app_font):
    window.run_controls.step.trigger()
    wait_for_frame(qtbot, window)
    view = window.playground
    size = view.boundary.train_points.opts["size"]
    window.presentation.set_presenting(True)
    window.refresh_frame()
    assert view.boundary.style.theme.name == "light" and view.diagram.style.font_scale > 1
    view.boundary.refresh()
    assert view.boundary.train_points.opts["size"] > size


def test_the_data_panel_sets_params_and_features_for_2d_sets_only(qtbot, window):
    data = window.setup.data
    data.noise_box.setValue(0.35)
    data.points_box.setValue(300)
    data.feature_boxes["x2"].setChecked(True)
    config = window.setup.run_config()
    assert config.dataset_params == {"noise": 0.35, "points": 300}  # test fraction: default
    assert config.features == ("x", "y", "x2")
    window.setup.set_run_config(RunConfig(dataset="circles", dataset_params={"points": 900},
                                          features=("x2", "y2")))
    assert data.points_box.value() == 900 and data.noise_box.value() == pytest.approx(0.06)
    assert window.setup.run_config().features == ("x2", "y2")
    assert data.form.isRowVisible(data.noise_box)
    data.set_dataset("mnist-sample")
    assert not data.form.isRowVisible(data.noise_box)
    assert window.setup.run_config().dataset_params == {}
    data.set_dataset("xor")
    for box in data.feature_boxes.values():
        box.setChecked(False)
    assert "at least one input feature" in window.setup.problem()
    assert not window.run_controls.start.isEnabled()


def test_frames_come_at_a_bounded_rate_and_also_when_paused(qtbot, window):
    """Frames ride on at most one snapshot per PLAYGROUND_INTERVAL, plus the full snapshots
    (every HISTOGRAM_INTERVAL): well under the ~20 snapshots a second."""
    import time

    from gui.run.worker import HISTOGRAM_INTERVAL, PLAYGROUND_INTERVAL

    # the Epochs box stops at 1,000: 20,000 points make that 800,000 mini-batches, more than
    # any worker trains before a busy GUI thread has seen 30 snapshots
    window.setup.data.points_box.setValue(20_000)
    snapshots = []
    window.controller.snapshot_received.connect(snapshots.append)
    started = time.perf_counter()
    window.run_controls.start.trigger()
    qtbot.waitUntil(lambda: len(snapshots) > 30, timeout=TIMEOUT_MS)
    assert not snapshots[-1].finished
    window.run_controls.pause.trigger()
    seconds = time.perf_counter() - started
    frames = sum(snapshot.playground is not None for snapshot in snapshots)
    assert 2 <= frames <= seconds * (1 / PLAYGROUND_INTERVAL + 1 / HISTOGRAM_INTERVAL) + 2
    qtbot.wait(300)
    window.tabs.select("training")
    paused_at = window.controller.latest.iteration
    window.step()  # trained while the Playground is hidden: no frame for this iteration
    qtbot.waitUntil(lambda: window.controller.latest.iteration == paused_at + 1,
                    timeout=TIMEOUT_MS)
    assert snapshots[-1].playground is None
    window.tabs.select("playground")  # shown again while paused: that iteration's frame comes
    qtbot.waitUntil(lambda: snapshots[-1].playground is not None
                    and snapshots[-1].playground.iteration == paused_at + 1, timeout=TIMEOUT_MS)


def test_export_writes_the_boundary_picture_and_its_grid(qtbot, window, tmp_path):
    from gui.actions.export import export_plots

    window.run_controls.step.trigger()
    frame = wait_for_frame(qtbot, window)
    result = export_plots(window.tabs.visible_plots(), tmp_path, lambda path: True)
    assert {path.name for path in result.written} == {"decision-boundary.png",
                                                      "decision-boundary.csv"}
    lines = (tmp_path / "decision-boundary.csv").read_text().splitlines()
    assert lines[0] == "x,y,predicted,p_arm 0,p_arm 1,p_arm 2" and len(lines) == 1 + 100 * 100
    x, y, predicted, *p = lines[1 + 100 * 3 + 7].split(",")  # row 3 (y), column 7 (x)
    assert float(x) == pytest.approx(frame.extent[0] + 7 * (frame.extent[1] - frame.extent[0])
                                     / 99)
    np.testing.assert_allclose([float(v) for v in p], frame.probabilities[3, 7], rtol=1e-4)


def test_space_starts_training_on_the_playground_tab(qtbot, window):
    QTest.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.controller.is_active(), timeout=TIMEOUT_MS)


def test_the_hidden_training_plots_catch_up_when_shown(qtbot, window):
    """While the Playground shows, the Training plots are not redrawn (the trainer gets the
    time); they keep every loss and draw them all once their tab is back."""
    window.setup.training.epochs_box.setValue(20)
    with qtbot.waitSignal(window.controller.run_finished, timeout=TIMEOUT_MS) as finished:
        window.run_controls.start.trigger()
    window.refresh_frame()
    window.tabs.select("training")
    window.refresh_frame()
    _, losses = window.plots.loss.raw_curve.getOriginalDataset()
    assert len(losses) == finished.args[0].iteration == finished.args[0].total_iterations
