"""What the dashboard remembers between sessions: the last run configuration, the window's
geometry and dock layout, and the plot and pace options.

Everything goes through ``gui.settings.Settings``; a stored value that cannot be used any more
(a configuration from an older version, a corrupt file) is ignored, never fatal.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QWidget

from engine.config import ConfigError, RunConfig
from gui.settings import Settings

if TYPE_CHECKING:  # the window imports this module
    from gui.main_window import MainWindow

DEFAULT_SIZE = (1600, 1000)
FRAME_ALLOWANCE = (16, 48)
"""Room a window manager's frame and title bar may take around the client area (openbox,
GNOME and KDE all stay within it): the frame, not only the client area, must fit the screen."""

DEFAULT_EVAL_SAMPLES = 10_000
"""The dashboard measures the per-epoch accuracy on at most this many training and test
samples: on full MNIST (60,000 + 10,000) measuring all of them holds the worker for well over
100 ms at every epoch's end, and pause and stop wait for it. The embedded sample (8,000 +
2,000) is still measured in full."""


def default_run_config() -> RunConfig:
    """The engine's default run, with the accuracy measured on a bounded number of samples."""
    config = RunConfig()
    return replace(config, train=replace(config.train, eval_samples=DEFAULT_EVAL_SAMPLES))


def last_run_config(settings: Settings) -> RunConfig:
    """The configuration of the last session, or the dashboard's defaults if none is usable
    (an unusable one is dropped from the settings file, so it cannot come back)."""
    text = settings.read_str("run/config")
    try:
        return RunConfig.from_json(text) if text else default_run_config()
    except ConfigError:
        settings.forget("run/config")
        return default_run_config()


def available_geometry(window: QWidget) -> QRect:
    """The part of the window's screen that windows may use (no panels, no docks)."""
    screen = window.screen() or QApplication.primaryScreen()
    return screen.availableGeometry()


def fits_screen(window: QWidget, available: QRect) -> bool:
    """True when the window, with room for its frame, lies inside ``available``."""
    room = available.adjusted(0, 0, -FRAME_ALLOWANCE[0], -FRAME_ALLOWANCE[1])
    geometry = window.geometry()
    return (room.width() >= geometry.width() and room.height() >= geometry.height()
            and available.contains(geometry.topLeft()))


def open_at_default_size(window: QWidget) -> None:
    """DEFAULT_SIZE when it fits the screen; else as large as the screen allows, maximized (a
    1366x768 projector gets every plot and the status bar on screen)."""
    available = available_geometry(window)
    width = min(DEFAULT_SIZE[0], available.width() - FRAME_ALLOWANCE[0])
    height = min(DEFAULT_SIZE[1], available.height() - FRAME_ALLOWANCE[1])
    window.resize(width, height)
    window.move(available.topLeft())
    if (width, height) != DEFAULT_SIZE:
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def restore_geometry(window: MainWindow, settings: Settings) -> None:
    """Size, position and dock layout as the user left them, when that still fits the current
    screen (a laptop moved to a smaller projector opens at the screen's size instead)."""
    geometry = settings.read_bytes("window/geometry")
    restored = not geometry.isEmpty() and window.restoreGeometry(geometry)
    if not restored or not (window.isMaximized()
                            or fits_screen(window, available_geometry(window))):
        window.setWindowState(Qt.WindowState.WindowNoState)
        open_at_default_size(window)
    state = settings.read_bytes("window/state")
    if not state.isEmpty():
        window.restoreState(state)


def save_window_state(window: MainWindow, settings: Settings) -> None:
    """Remember the layout, the plot options, the pace and the (usable) configuration."""
    settings.set("window/geometry", window.saveGeometry())
    settings.set("window/state", window.saveState())
    settings.set("plots/smoothing", window.plots.loss.smoothing)
    settings.set("plots/pre_activations", window.plots.histograms.showing_pre_activations)
    settings.set("run/pace", window.setup.training.pace)
    try:
        settings.set("run/config", window.setup.run_config().to_json())
    except ConfigError:
        pass  # keep the last usable configuration
    settings.sync()
