"""What the dashboard remembers between sessions: the last run configuration, the window's
geometry and dock layout, and the plot and pace options.

Everything goes through ``gui.settings.Settings``; a stored value that cannot be used any more
(a configuration from an older version, a corrupt file) is ignored, never fatal.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from engine.config import ConfigError, RunConfig
from gui.settings import Settings

if TYPE_CHECKING:  # the window imports this module
    from gui.main_window import MainWindow

DEFAULT_SIZE = (1600, 1000)

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


def restore_geometry(window: MainWindow, settings: Settings) -> None:
    """Size, position and dock layout as the user left them (DEFAULT_SIZE the first time)."""
    geometry = settings.read_bytes("window/geometry")
    if geometry.isEmpty() or not window.restoreGeometry(geometry):
        window.resize(*DEFAULT_SIZE)
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
