"""The Compare tab, as a lecturer uses it: Experiments menu, Space, one curve per run."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from comparison_steps import add_two_seeds
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from engine.compare import ComparisonSnapshot
from engine.presets import PRESETS
from gui.main_window import MainWindow
from gui.run.controller import RunState

TIMEOUT_MS = 90_000


def experiments_action(window: MainWindow, text: str):
    menu = next(action.menu() for action in window.menuBar().actions()
                if action.text() == "&Experiments")
    return next(action for action in menu.actions() if action.text() == text)


def test_experiments_menu_lists_every_preset_with_its_figure_and_what_to_look_for(window):
    menu_titles = [action.text() for action in window.menuBar().actions()]
    assert menu_titles.index("&Experiments") == len(menu_titles) - 2  # Help stays last
    for preset in PRESETS.values():
        action = experiments_action(window, preset.menu_text)
        assert action.toolTip() == preset.what_to_look_for


def test_weight_init_preset_overlays_one_curve_per_run_and_a_histogram_row_per_run(
        qtbot, window):
    experiments_action(window, "Weight init (figure 6-15)").trigger()
    view = window.compare_view
    assert window.tabs.currentWidget() is view
    assert "std 0.01" in view.legend.text() and "He" in view.legend.text()
    QTest.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: view.histograms.row_count == 3 and view.curves.curve_count() == 3,
                    timeout=TIMEOUT_MS)
    assert window.controller.comparison_runs is not None
    assert isinstance(window.controller.latest, ComparisonSnapshot)
    window.controller.pause()  # the whole comparison pauses
    assert window.controller.state == RunState.PAUSED
    qtbot.wait(500)  # the worker finishes its mini-batch and sends where it paused
    before = window.controller.latest.iteration
    with qtbot.waitSignal(window.controller.snapshot_received, timeout=TIMEOUT_MS):
        window.step()
    qtbot.waitUntil(lambda: all(run.iteration == before + 1
                                for run in window.controller.latest.runs), timeout=TIMEOUT_MS)
    window.refresh_frame()
    x, y = view.curves.runs[0].loss.getOriginalDataset()
    assert len(x) == before + 1
    assert [label for label, _ in window.controller.comparison_runs] == ["std 0.01", "Xavier",
                                                                         "He"]


def test_add_to_comparison_builds_runs_by_hand_up_to_six_each_removable(qtbot, window):
    view = window.compare_view
    window.tabs.select("compare")
    for index in range(7):
        window.setup.training.epochs_box.setValue(1 + index)
        if view.add_button.isEnabled():
            view.add_button.click()
        else:
            window.add_to_comparison()  # the button is off at 6; the window still says why
    assert view.run_list.count() == 6 and not view.add_button.isEnabled()
    assert window.banner.isVisible() and "at most 6" in window.banner.text
    view.run_list.setCurrentRow(0)
    view.remove_button.click()
    assert view.run_list.count() == 5 and view.add_button.isEnabled()


def test_a_hand_built_comparison_trains_and_finishes_on_the_worker(qtbot, window):
    view = window.compare_view
    window.setup.data.set_dataset("spiral")
    window.setup.training.epochs_box.setValue(2)
    window.add_to_comparison()
    network = window.setup.network
    network.activation_combo.setCurrentIndex(network.activation_combo.findData("tanh"))
    window.add_to_comparison()
    labels = [view.run_list.item(i).text() for i in range(view.run_list.count())]
    assert len(labels) == 2 and labels[0] != labels[1]
    with qtbot.waitSignal(window.controller.run_finished, timeout=TIMEOUT_MS) as finished:
        window.run_controls.start.trigger()
    final = finished.args[0]
    assert isinstance(final, ComparisonSnapshot) and final.finished
    window.refresh_frame()
    assert view.curves.curve_count() == 2
    assert final.runs[0].losses_offset >= 0


def test_batchnorm_preset_draws_the_books_4x4_grid(qtbot, window):
    experiments_action(window, "Batch normalization (figure 6-18)").trigger()
    view = window.compare_view
    view.prepare(view.runs())
    qtbot.waitUntil(lambda: len(view.batchnorm.plots) == 16)  # a row per event-loop turn
    assert len(view.batchnorm.curves) == 32
    titles = [plot.titleLabel.text for plot in view.batchnorm.plots]
    assert titles[0] == "w = 1" and titles[-1] == "w = 0.0001"  # logspace(0, -4, 16)
    assert view.visible_plots() == [view.batchnorm]


def test_init_histograms_preset_shows_the_book_grid_with_pickers(qtbot, window):
    experiments_action(window, "Activation histograms (figure 6-10 to 6-14)").trigger()
    view = window.compare_view
    assert view.runs() == []  # nothing to train
    qtbot.waitUntil(lambda: view.book_grid.row_count == 12, timeout=TIMEOUT_MS)
    view.activation_picker.setCurrentText("tanh")
    qtbot.waitUntil(lambda: view.book_grid.row_count == 4)  # a row per event-loop turn
    view.init_picker.setCurrentText("He")
    qtbot.waitUntil(lambda: view.book_grid.row_count == 1)


def test_run_app_opens_with_the_preset_loaded_ready_for_space(qtbot, monkeypatch, gui_settings):
    import gui.app as app_module

    opened = []
    monkeypatch.setattr(app_module, "Settings", lambda: gui_settings)
    monkeypatch.setattr(app_module.MainWindow, "show", lambda self: opened.append(self))
    monkeypatch.setattr(app_module.QApplication, "exec", lambda self: 0, raising=False)
    assert app_module.run_app(None, None, "init") == 0
    window = opened[0]
    qtbot.addWidget(window)
    assert window.tabs.currentWidget() is window.compare_view
    assert [label for label, _ in window.compare_view.runs()] == ["std 0.01", "Xavier", "He"]


def open_own_folder(window: MainWindow, folder, n_train: int, n_test: int):
    """Write a small MNIST-format folder and open it as Data > Open folder does."""
    from idx_samples import gzip_idx_files

    from engine.data import load_folder

    folder.mkdir()
    for name, content in gzip_idx_files(n_train, n_test).items():
        (folder / name).write_bytes(content)
    dataset = load_folder(folder)
    window.file_actions.data_opened.emit(dataset)
    assert window.setup.data.folder_dataset() is dataset
    return dataset


def test_a_hand_built_comparison_trains_on_the_opened_data_folder(qtbot, window, tmp_path):
    dataset = open_own_folder(window, tmp_path / "my digits", n_train=60, n_test=20)
    add_two_seeds(window, epochs=2, seed=3, dataset=None, batch_size=20)
    with qtbot.waitSignal(window.controller.run_finished, timeout=TIMEOUT_MS) as finished:
        window.run_controls.start.trigger()
    assert window.controller.run_dataset is dataset
    for run in finished.args[0].runs:
        assert run.iteration == 2 * (60 // 20)  # the folder's 60 samples, not the sample's
        assert np.allclose(run.test_acc * 20, np.round(run.test_acc * 20))  # its 20 tests
    table = window.runs_view.table
    assert [table.item(row, 1).text() for row in range(2)] == ["folder my digits"] * 2


def test_a_preset_trains_on_the_opened_data_folder(qtbot, window, tmp_path):
    dataset = open_own_folder(window, tmp_path / "own", n_train=60, n_test=20)
    experiments_action(window, "Weight init (figure 6-15)").trigger()
    with qtbot.waitSignal(window.controller.snapshot_received, timeout=TIMEOUT_MS) as first:
        QTest.keyClick(window, Qt.Key.Key_Space)
    window.controller.stop()
    assert window.controller.run_dataset is dataset
    # batch 128 of 60 samples: one batch of all 60 per epoch (on the sample, 10,000 // 128)
    assert [run.iterations_per_epoch for run in first.args[0].runs] == [1, 1, 1]


def test_hp_search_draws_the_best_trials_as_the_books_grid_best_first(qtbot, window):
    preset = PRESETS["hp-search"]
    runs = [(label, replace(config, train=replace(config.train, epochs=2)))  # 50 epochs: CI
            for label, config in preset.runs(trials=24)]
    window.compare_view.load_preset(preset, runs)
    window.tabs.select("compare")
    grid = window.compare_view.best_trials
    assert grid in window.compare_view.visible_plots()
    with qtbot.waitSignal(window.controller.run_finished, timeout=TIMEOUT_MS) as finished:
        QTest.keyClick(window, Qt.Key.Key_Space)
    final = finished.args[0].runs
    qtbot.waitUntil(lambda: len(grid.plots) == 20)  # built a row per event-loop turn
    # the book: sorted by the last validation accuracy, best first, the best 20 drawn
    order = sorted(range(len(runs)), key=lambda index: -final[index].test_acc[-1])[:20]
    grid.refresh()  # what the next frame draws
    titles = grid.titles()
    assert len(titles) == 20
    for rank, (index, title) in enumerate(zip(order, titles, strict=True), start=1):
        config = runs[index][1]
        assert title.startswith(f"Best-{rank} (val acc: {final[index].test_acc[-1]:.2f})")
        assert f"lr {config.train.lr:.2g}, wd {config.network.weight_decay:.2g}" in title
        epochs, val = grid.val_curves[rank - 1].getOriginalDataset()
        np.testing.assert_array_equal(val, final[index].test_acc)
        np.testing.assert_array_equal(grid.train_curves[rank - 1].getOriginalDataset()[1],
                                      final[index].train_acc)
        assert list(epochs) == [0, 1, 2]


def test_a_hidden_compare_tab_draws_nothing_and_catches_up_when_shown(qtbot, window):
    view = window.compare_view
    add_two_seeds(window, epochs=2, seed=4)
    with qtbot.waitSignal(window.controller.snapshot_received, timeout=TIMEOUT_MS):
        assert window.start(paused=True)  # Compare is on screen: the comparison starts
    window.tabs.select("training")
    with qtbot.waitSignal(window.controller.run_finished, timeout=TIMEOUT_MS) as finished:
        window.controller.resume()
    window.refresh_frame()
    iterations = finished.args[0].runs[0].iteration
    assert view.curves.curve_count() == 2  # the data arrived ...
    drawn = view.curves.runs[0].loss.getOriginalDataset()[0]
    assert drawn is None or len(drawn) == 0  # ... but nothing was drawn while hidden
    window.tabs.select("compare")
    window.refresh_frame()
    assert len(view.curves.runs[0].loss.getOriginalDataset()[0]) == iterations
