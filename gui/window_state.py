"""What the dashboard remembers between sessions: the last run configuration, the window's
geometry and dock layout, and the plot and pace options.

Everything goes through ``gui.settings.Settings``; a stored value that cannot be used any more
(a configuration from an older version, a corrupt file) is ignored, never fatal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.config import ConfigError, RunConfig
from gui.settings import Settings

if TYPE_CHECKING:  # the window imports this module
    from gui.main_window import MainWindow

DEFAULT_SIZE = (1600, 1000)


def last_run_config(settings: Settings) -> RunConfig:
    """The configuration of the last session, or the defaults if none is usable."""
    text = settings.read_str("run/config")
    try:
        return RunConfig.from_json(text) if text else RunConfig()
    except ConfigError:
        return RunConfig()


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
