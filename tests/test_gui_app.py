"""Settings persistence and the app entry points (smoke test, screenshot)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray
from PySide6.QtGui import QImage

from engine.config import RunConfig
from gui.app import run_smoke_test, save_screenshot
from gui.main_window import MainWindow
from gui.settings import DEFAULTS
from gui.window_state import DEFAULT_EVAL_SAMPLES


def test_settings_read_back_in_the_type_of_their_default(gui_settings):
    gui_settings.set("plots/smoothing", 0.75)
    gui_settings.set("plots/pre_activations", True)
    gui_settings.sync()
    assert gui_settings.read_float("plots/smoothing") == pytest.approx(0.75)
    assert gui_settings.read_bool("plots/pre_activations") is True
    assert isinstance(gui_settings.read_bytes("window/geometry"), QByteArray)


def test_unusable_stored_values_fall_back_to_the_defaults(gui_settings):
    gui_settings.set("ui/font_scale", "large")
    assert gui_settings.read_float("ui/font_scale") == DEFAULTS["ui/font_scale"]
    with pytest.raises(KeyError):
        gui_settings.set("no/such/key", 1)
    gui_settings.restore_defaults()
    assert gui_settings.read_str("run/pace") == DEFAULTS["run/pace"]


def test_the_window_remembers_the_configuration_and_plot_options(qtbot, gui_settings):
    first = MainWindow(settings=gui_settings)
    qtbot.addWidget(first)
    first.setup.network.hidden_edit.setText("64")
    first.plots.loss.smoothing_box.setValue(0.5)
    first.close()
    second = MainWindow(settings=gui_settings)
    qtbot.addWidget(second)
    assert second.setup.run_config().network.hidden_sizes == (64,)
    assert second.plots.loss.smoothing == pytest.approx(0.5)


def test_a_fresh_window_measures_accuracy_on_a_bounded_sample(qtbot, gui_settings):
    window = MainWindow(settings=gui_settings)
    qtbot.addWidget(window)
    assert window.setup.run_config().train.eval_samples == DEFAULT_EVAL_SAMPLES
    assert window.setup.training.eval_box.text() == f"{DEFAULT_EVAL_SAMPLES:,} samples"
    window.setup.training.eval_box.setValue(0)
    assert window.setup.training.eval_box.text() == "all samples"
    assert window.setup.run_config().train.eval_samples is None


def test_a_corrupt_stored_configuration_opens_the_defaults(qtbot, gui_settings):
    gui_settings.set("run/config", "{not json")
    window = MainWindow(settings=gui_settings)
    qtbot.addWidget(window)
    config, defaults = window.setup.run_config(), RunConfig()
    assert (config.dataset, config.network) == (defaults.dataset, defaults.network)
    assert config.train.epochs == defaults.train.epochs


# NumPy's RuntimeWarnings (an overflow casting a view range, an all-NaN bound) are errors
# here: the entry points and the window must draw without any.
NO_RUNTIME_WARNINGS = pytest.mark.filterwarnings("error::RuntimeWarning")


@NO_RUNTIME_WARNINGS
def test_smoke_test_passes(qapp, capsys):
    assert run_smoke_test() == 0
    err = capsys.readouterr().err
    assert "smoke test passed" in err
    assert "Warning" not in err


@NO_RUNTIME_WARNINGS
def test_screenshot_is_a_full_hd_png(qapp, tmp_path, capsys):
    path = tmp_path / "window.png"
    config = RunConfig()
    config = replace(config, train=replace(config.train, epochs=1))
    assert save_screenshot(path, train_seconds=0.5, config=config) == 0
    image = QImage(str(path))
    assert (image.width(), image.height()) == (1920, 1080)
    assert "Warning" not in capsys.readouterr().err


def test_screenshot_shows_the_tab_asked_for(qapp, tmp_path, capsys):
    """--screenshot --tab NAME: each tab gives its own picture, so the tab really showed."""
    config = RunConfig()
    config = replace(config, train=replace(config.train, epochs=1))
    pictures = {}
    for tab in ("training", "paths"):
        path = tmp_path / f"{tab}.png"
        assert save_screenshot(path, train_seconds=0.2, config=config, tab=tab) == 0
        pictures[tab] = QImage(str(path))
    assert pictures["training"] != pictures["paths"]
    assert save_screenshot(tmp_path / "none.png", 0.2, config, tab="nowhere") == 2
    assert "no tab 'nowhere'" in capsys.readouterr().err


@NO_RUNTIME_WARNINGS
def test_every_view_draws_without_runtime_warnings(qtbot, gui_settings):
    window = MainWindow(settings=gui_settings)
    qtbot.addWidget(window)
    window.setup.training.epochs_box.setValue(1)
    window.show()
    with qtbot.waitSignal(window.controller.run_finished, timeout=60_000):
        window.start()
    window.refresh_frame()
    window.plots.loss.log_box.setChecked(True)
    window.presentation.set_presenting(True)
    window.tabs.setCurrentWidget(window.paths_view)
    for surface in ("rosenbrock", "saddle", "book"):
        window.paths_view.set_surface(surface)
        qtbot.wait(20)  # paint
    window.presentation.set_presenting(False)


CLOSE_AND_EXIT = """
import gc
from PySide6.QtCore import QSettings
from gui.app import create_app
from gui.main_window import MainWindow
from gui.settings import Settings
app = create_app()
window = MainWindow(settings=Settings(QSettings(r"{ini}", QSettings.Format.IniFormat)))
window.show()
app.processEvents()
window.close()
del window  # left to the garbage collector, as closed windows usually are
gc.collect()
app.processEvents()
"""


def test_a_closed_window_left_to_the_garbage_collector_goes_quietly(tmp_path):
    script = CLOSE_AND_EXIT.format(ini=tmp_path / "settings.ini")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parent.parent, timeout=120)
    assert done.returncode == 0
    assert "Traceback" not in done.stderr


def test_sigterm_during_training_stops_the_worker_and_saves(qtbot, gui_settings):
    """The handler runs inside Qt's loop (QuitOnSignals) and closes as File > Quit does."""
    import os
    import signal

    from gui.app import QuitOnSignals
    from gui.run.controller import RunState

    window = MainWindow(settings=gui_settings)
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.controller.state == RunState.RUNNING, timeout=20_000)
    thread = window.controller.worker_thread
    closed = []
    signals = QuitOnSignals(lambda: closed.append(window.close()))
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        qtbot.waitUntil(lambda: bool(closed), timeout=5000)
    finally:
        signals.uninstall()
    assert closed == [True] and signals.received == signal.SIGTERM
    assert not window.controller.is_active()
    assert thread is None or thread.isFinished()
    assert not gui_settings.read_bytes("window/geometry").isEmpty()
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # given back
