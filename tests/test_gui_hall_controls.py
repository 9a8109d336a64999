"""A lecturer's controls: plots only, the keyboard cheat sheet, keys back after a field,
restore defaults, the first start, an honest status line and a window that fits its screen."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from engine.config import RunConfig, TrainConfig
from gui.dialogs.shortcuts_dialog import ShortcutsDialog
from gui.main_window import MainWindow
from gui.panels.run_status import RunClock, format_accuracies
from gui.run.controller import RunState
from gui.run.worker import PACES
from gui.settings import DEFAULTS, Settings
from gui.window_state import default_run_config

TIMEOUT_MS = 60_000
LECTURE = "lecture (~50 steps/s)"


@pytest.fixture(autouse=True)
def restore_app_font():
    font = QApplication.font()
    yield
    QApplication.setFont(font)


def press(window, key, modifier=Qt.KeyboardModifier.NoModifier):
    """A key as the keyboard sends it: to the focused widget, else to the window."""
    QTest.keyClick(QApplication.focusWidget() or window, key, modifier)


def menu(window, title):
    for action in window.menuBar().actions():
        if action.menu() and action.menu().title().replace("&", "") == title:
            return action.menu()
    raise AssertionError(title)


def test_f10_hides_the_controls_and_brings_back_only_what_was_shown(qtbot, window):
    window.setup_dock.hide()  # the user had closed the setup panel (F9)
    press(window, Qt.Key.Key_F10)
    assert window.plots_only
    assert not window.run_controls.toolbar.isVisible() and not window.menuBar().isVisible()
    assert not window.plots.loss.log_box.isVisible()
    assert window.run_status.isVisible()
    press(window, Qt.Key.Key_F10)
    assert not window.plots_only
    assert window.run_controls.toolbar.isVisible() and window.menuBar().isVisible()
    assert window.plots.loss.log_box.isVisible()
    assert not window.setup_dock.isVisible()  # it was hidden before F10: it stays hidden


def test_f10_hides_the_controls_of_the_paths_and_playground_tabs_too(qtbot, window):
    window.tabs.select("paths")
    paths = window.paths_view
    assert paths.controls_area.isVisible()
    width_before = paths.plot.width()
    press(window, Qt.Key.Key_F10)
    qtbot.waitUntil(lambda: paths.plot.width() > width_before)  # the surface takes the room
    assert not paths.controls_area.isVisible()
    paths.toggle_play()  # the animation still runs from the keys' slots
    window.tabs.select("playground")
    window.setup.data.set_dataset("spiral")
    playground = window.playground
    qtbot.waitUntil(lambda: playground.losses_label.isVisibleTo(playground))
    assert not playground.new_data_button.isVisibleTo(playground)
    assert not playground.discretize_box.isVisibleTo(playground)
    press(window, Qt.Key.Key_F10)
    assert playground.new_data_button.isVisibleTo(playground)
    window.tabs.select("paths")
    assert paths.controls_area.isVisible()


def test_menu_keys_work_with_the_menus_hidden_by_plots_only(qtbot, window):
    press(window, Qt.Key.Key_F10)
    assert not window.menuBar().isVisible()
    press(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)  # larger text
    qtbot.waitUntil(lambda: window.plot_style.font_scale > 1.0)
    press(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)  # File > Quit
    qtbot.waitUntil(lambda: not window.isVisible())


def test_plots_only_and_the_paths_tab_never_bring_back_what_the_other_hid(qtbot, window):
    def bars():
        return [bar.isVisible() for bar in (window.setup_dock, window.run_controls.toolbar,
                                             window.menuBar())]

    assert bars() == [True, True, True]
    window.tabs.select("paths")  # its own controls: no setup dock, no run tool bar
    press(window, Qt.Key.Key_F10)
    window.tabs.select("training")  # still plots only
    assert bars() == [False, False, False]
    window.tabs.select("paths")
    press(window, Qt.Key.Key_F10)  # plots only ends on the paths tab: the menus come back
    assert bars() == [False, False, True]
    window.tabs.select("training")
    assert bars() == [True, True, True]


def test_plots_only_is_in_the_view_menu_with_its_key(window):
    entries = {action.text().replace("&", ""): action.shortcut().toString()
               for action in menu(window, "View").actions()}
    assert entries["Plots only"] == "F10"


def test_the_run_menu_shows_the_run_keys(window):
    keys = {action.text().replace("&", ""): action.shortcut().toString()
            for action in menu(window, "Run").actions() if not action.isSeparator()}
    assert keys["Start / Pause"] == "Space"
    assert keys["Step"] == "S" and keys["Stop"] == "Esc" and keys["Reset"] == "R"


def test_the_cheat_sheet_lists_the_keys_of_the_readme_also_on_the_paths_tab(qtbot, window):
    window.tabs.setCurrentWidget(window.paths_view)  # the run keys are switched off here
    press(window, Qt.Key.Key_F1)
    dialog = window.findChild(ShortcutsDialog)
    rows = {(action, keys) for _menu, action, keys in dialog.rows()}
    for expected in [("Start / Pause", "Space"), ("Step", "S or Right"), ("Stop", "Esc"),
                     ("Reset", "R"), ("Presentation mode", "F11"), ("Plots only", "F10"),
                     ("Setup", "F9"), ("Save configuration", "Ctrl+S"),
                     ("Load configuration", "Ctrl+O"), ("Export plots and data", "Ctrl+E")]:
        assert expected in rows, expected
    dialog.reject()


def test_tooltips_name_the_keys(window):
    assert "Ctrl+S" in window.file_actions.save_config_action.toolTip()
    assert "F9" in window.setup_dock.toggleViewAction().toolTip()
    assert "F10" in window.presentation.plots_only_action.toolTip()


@pytest.mark.parametrize("leave_key", [Qt.Key.Key_Return, Qt.Key.Key_Escape])
def test_enter_or_esc_in_a_field_commits_it_and_space_trains_again(qtbot, window, leave_key):
    box = window.setup.training.epochs_box
    box.setFocus()
    box.selectAll()
    QTest.keyClicks(box, "7")
    press(window, leave_key)
    assert box.value() == 7
    assert not box.hasFocus()
    assert window.controller.state == RunState.IDLE  # Esc left the field, it stopped nothing
    press(window, Qt.Key.Key_Space)
    assert window.controller.is_active()
    assert window.controller.run_config.train.epochs == 7


def test_restore_defaults_resets_form_pace_layout_and_scale_at_once(qtbot, window, tmp_path):
    fresh = MainWindow(settings=Settings(QSettings(str(tmp_path / "fresh.ini"),
                                                   QSettings.Format.IniFormat)))
    qtbot.addWidget(fresh)
    window.setup.network.hidden_edit.setText("7")
    window.setup.training.set_pace("slow motion (~10 steps/s)")
    window.presentation.set_font_scale(2.0)
    window.setup_dock.hide()
    window.presentation.restore_action.trigger()
    assert window.setup.run_config() == fresh.setup.run_config()
    assert window.setup.run_config().network == default_run_config().network
    assert window.setup.training.pace == DEFAULTS["run/pace"] == LECTURE
    assert window.setup_dock.isVisible() and window.run_controls.toolbar.isVisible()
    assert window.plot_style.font_scale == 1.0
    assert window.banner.isVisible() and "Restored the defaults" in window.banner.text


def test_a_fresh_install_trains_at_the_lecture_pace_chosen_on_the_tool_bar(qtbot, tmp_path):
    fresh = Settings(QSettings(str(tmp_path / "fresh.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings=fresh)
    qtbot.addWidget(window)
    window.show()
    combo = window.setup.training.pace_combo
    assert combo.currentText() == LECTURE and PACES[LECTURE] > 0
    assert window.run_controls.toolbar.isAncestorOf(combo) and combo.isVisible()


def test_the_hint_shows_until_the_first_run_and_again_after_reset(qtbot, window):
    hint = window.start_hint
    assert hint.isVisible() and "Space" in hint.text()
    assert window.plots.loss.rect().contains(hint.geometry())
    press(window, Qt.Key.Key_Space)
    assert not hint.isVisible()
    window.reset()
    assert hint.isVisible()


def test_pause_and_resume_do_not_move_the_buttons_after_it(qtbot, window):
    toolbar = window.run_controls.toolbar
    step = toolbar.widgetForAction(window.run_controls.step)
    before = step.x()
    window.run_controls.step.trigger()  # a run made paused, then one mini-batch
    qtbot.waitUntil(lambda: window.controller.state == RunState.PAUSED
                    and window.run_controls.pause.text() == "Resume", timeout=TIMEOUT_MS)
    QApplication.processEvents()
    assert step.x() == before


def test_the_run_clock_counts_running_time_not_pauses():
    now = [100.0]
    clock = RunClock(lambda: now[0])
    clock.run()
    now[0] += 2.0
    clock.hold()
    now[0] += 50.0  # paused
    clock.run()
    now[0] += 1.5
    assert clock.seconds == pytest.approx(3.5)


def test_a_paced_run_reports_wall_clock_time_and_no_eta_while_paused(qtbot, window):
    window.setup.training.set_pace("slow motion (~10 steps/s)")  # 0.1 s after each step
    window.setup.training.epochs_box.setValue(50)
    window.start()
    qtbot.waitUntil(lambda: window.controller.latest is not None
                    and window.controller.latest.iteration >= 6, timeout=TIMEOUT_MS)
    window.refresh_frame()
    running = window.run_status.figures_label.text()
    assert "ETA" in running
    window.toggle_pause()
    qtbot.waitUntil(lambda: window.controller.state == RunState.PAUSED)
    paused = window.run_status.figures_label.text()
    assert "ETA" not in paused
    iterations = int(re.search(r"Iteration ([\d,]+)/", paused).group(1).replace(",", ""))
    elapsed = float(re.search(r"Elapsed ([\d.]+) s", paused).group(1))
    # each step waited 0.1 s: the trainer's own compute time (~1 ms a step) would be far less.
    # Half of it, since the clock starts when the GUI thread hears the run began, which a
    # loaded machine delays.
    assert elapsed >= 0.05 * (iterations - 1)


def test_mid_epoch_accuracies_say_which_epoch_they_are_from():
    class Snap:
        train_acc = [0.1, 0.9]
        test_acc = [0.1, 0.85]

    assert format_accuracies(Snap()).endswith("(epoch 1)")
    Snap.train_acc, Snap.test_acc = [0.073], [0.08]
    assert format_accuracies(Snap()).endswith("(before training)")


def _status_of_finished_run(qtbot, window, config):
    window.setup.set_run_config(config)
    with qtbot.waitSignal(window.controller.run_finished, timeout=TIMEOUT_MS):
        window.start()
    window.refresh_frame()
    return window.run_status.figures_label.text()


def test_the_status_shows_the_clis_figures_for_the_same_seeded_run(qtbot, window, capsys):
    import main

    args = ["--headless", "--dataset", "spiral", "--hidden", "20", "--epochs", "3",
            "--seed", "5", "--optimizer", "sgd", "--lr", "0.5"]
    assert main.main(args) == 0
    out = capsys.readouterr().out.strip().splitlines()
    cli_last_epoch = re.search(r"loss (\d+\.\d+)", out[-2]).group(1)
    cli_json = main.json.loads(out[-1])
    config = main.run_config_from_args(main.build_parser().parse_args(args))
    first = _status_of_finished_run(qtbot, window, config)
    again = _status_of_finished_run(qtbot, window, config)
    status_loss = re.search(r"Loss (\d+\.\d+)", first).group(1)
    assert status_loss == cli_last_epoch == f"{cli_json['loss']:.4f}"
    assert f"Test {100 * cli_json['test_acc']:.1f}%" in first
    assert re.search(r"Loss (\d+\.\d+)", again).group(1) == status_loss  # to the last digit


def test_the_epoch_loss_is_the_mean_of_the_epochs_mini_batch_losses():
    from engine.trainer import build_trainer

    config = RunConfig(dataset="xor", train=replace(TrainConfig(), epochs=2, batch_size=10))
    trainer = build_trainer(config)
    losses = [trainer.step().loss for _ in range(trainer.iterations_per_epoch + 3)]
    second_epoch_so_far = losses[trainer.iterations_per_epoch:]
    assert trainer.snapshot().epoch_loss == pytest.approx(sum(second_epoch_so_far) / 3, rel=1e-6)


def _reopened_after_closing_at(qtbot, settings, x, y, width, height):
    """A window opened on the geometry another one saved at (x, y, width, height)."""
    before = MainWindow(settings=settings)
    qtbot.addWidget(before)
    before.setWindowState(Qt.WindowState.WindowNoState)
    before.setGeometry(x, y, width, height)
    settings.set("window/geometry", before.saveGeometry())
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    return window


def test_a_saved_geometry_larger_than_the_screen_is_not_restored(qtbot, gui_settings):
    window = _reopened_after_closing_at(qtbot, gui_settings, 0, 0, 3000, 2000)
    window.show()
    available = window.screen().availableGeometry()
    assert window.width() <= available.width() and window.height() <= available.height()


def test_a_saved_geometry_that_fits_is_restored(qtbot, gui_settings):
    window = _reopened_after_closing_at(qtbot, gui_settings, 30, 40, 600, 450)
    assert (window.width(), window.height()) == (600, 450)


def test_the_pause_button_keeps_room_for_resume_after_the_text_grows(qtbot, window):
    controls = window.run_controls
    button = controls.toolbar.widgetForAction(controls.pause)
    window.presentation.set_font_scale(2.0)
    QApplication.processEvents()
    kept = button.minimumWidth()  # set while the button reads "Pause"
    controls.pause.setText("Resume")
    QApplication.processEvents()
    assert kept >= button.sizeHint().width() > 0
