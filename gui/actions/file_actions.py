"""File menu actions: save and load a run configuration (JSON), save and load trained
weights (.npz), open a folder of the user's own MNIST-format data.

Every action asks the user through a ``Prompts`` object and reports a problem in one message
box; a file that cannot be read changes nothing (no signal is emitted). Writes go through
``RunConfig.save`` and ``MultiLayerNet.save``, which are atomic, and an existing file is
replaced only when ``ask_overwrite`` agrees. A configuration file and a folder are read on a
background thread (a 200 MB file took 0.75 s, full MNIST about a second), so the window keeps
drawing meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from engine.config import ConfigError, RunConfig
from engine.data import Dataset, load_folder
from engine.network import MultiLayerNet
from gui.dialogs.prompts import Prompts
from gui.run.background import BackgroundJob
from gui.run.inference import describe_network

CONFIG_FILTER = "Run configuration (*.json);;All files (*)"
WEIGHTS_FILTER = "Trained weights (*.npz);;All files (*)"


class FileActions(QObject):
    """The actions and what they do; the window puts them in its menus (``add_to``).

    ``current_config()`` returns the panels' RunConfig (ConfigError when they are unusable);
    ``current_network()`` the trained network, or None when there is none to save (it must
    not be training at that moment); a window that cannot hand out its network passes None
    and gets no weights entries in its menu. Results arrive as signals on the GUI thread:
    ``config_loaded(RunConfig)``, ``network_loaded(MultiLayerNet)``, ``data_opened(Dataset)``,
    and ``message(str)`` for the status bar.
    """

    config_loaded = Signal(object)
    network_loaded = Signal(object)
    data_opened = Signal(object)
    message = Signal(str)

    def __init__(self, parent: QWidget | None, current_config: Callable[[], RunConfig],
                 current_network: Callable[[], MultiLayerNet | None] | None = None,
                 prompts: Prompts | None = None) -> None:
        super().__init__(parent)
        self._current_config = current_config
        self._current_network = current_network
        self._folder_job: BackgroundJob | None = None
        self._config_job: BackgroundJob | None = None
        self._config_path: Path | None = None
        self.prompts = prompts if prompts is not None else Prompts(parent)
        self.save_config_action = self._action(
            "&Save configuration...", QKeySequence.StandardKey.Save, self.save_config,
            "Write the current settings to a JSON file.")
        self.load_config_action = self._action(
            "&Load configuration...", QKeySequence.StandardKey.Open, self.load_config,
            "Read settings from a JSON file into the setup panel.")
        self.save_weights_action = self._action(
            "Save &weights...", QKeySequence("Ctrl+Shift+S"), self.save_weights,
            "Write the trained network's weights and shape to an .npz file.")
        self.load_weights_action = self._action(
            "Load w&eights...", QKeySequence("Ctrl+Shift+O"), self.load_weights,
            "Read a network saved with Save weights, for inference.")
        self.open_folder_action = self._action(
            "&Open folder...", None, self.open_data_folder,
            "Use your own MNIST-format files: four IDX files (gz or raw), mnist.npz or "
            "mnist.pkl.")

    def _action(self, text: str, shortcut, slot: Callable[[], object], tip: str) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def add_to(self, menu: QMenu) -> None:
        """Configuration and weights entries, in two groups (Open folder goes to Data)."""
        menu.addActions([self.save_config_action, self.load_config_action])
        if self._current_network is not None:
            menu.addSeparator()
            menu.addActions([self.save_weights_action, self.load_weights_action])

    # configuration ----------------------------------------------------------------------

    @Slot()
    def save_config(self) -> Path | None:
        try:
            config = self._current_config()
        except ConfigError as error:
            self.prompts.show_error("Cannot save the configuration",
                                    f"The settings are not usable yet: {error}")
            return None
        path = self._write("the configuration", CONFIG_FILTER, "nndash-run.json", config.save)
        if path is not None:
            self.message.emit(f"Saved the configuration to {path}.")
        return path

    @Slot()
    def load_config(self) -> BackgroundJob | None:
        """Ask for a file and read it in the background: ``config_loaded(RunConfig)``, or an
        error box saying what is wrong with it, follows. None when cancelled; a newer load
        replaces one still being read."""
        path = self.prompts.open_path("Load the configuration", CONFIG_FILTER)
        if path is None:
            return None
        if self._config_job is not None:  # an older file's settings must not arrive later
            self._config_job.succeeded.disconnect(self._on_config_read)
            self._config_job.failed.disconnect(self._on_config_failed)
        self._config_path = path
        self._config_job = BackgroundJob(partial(RunConfig.load, path), self)
        self._config_job.succeeded.connect(self._on_config_read)
        self._config_job.failed.connect(self._on_config_failed)
        self._config_job.start()
        return self._config_job

    @Slot(object)
    def _on_config_read(self, config: RunConfig) -> None:
        self.config_loaded.emit(config)
        self.message.emit(f"Loaded the configuration from {self._config_path}.")

    @Slot(str)
    def _on_config_failed(self, message: str) -> None:
        self.prompts.show_error("Cannot load the configuration",
                                f"Nothing was changed. {message}")

    # weights ----------------------------------------------------------------------------

    @Slot()
    def save_weights(self) -> Path | None:
        net = self._current_network() if self._current_network is not None else None
        if net is None:
            self.prompts.show_error("No trained network",
                                    "Train a network (or pause or stop the run) first, "
                                    "then save its weights.")
            return None
        path = self._write("the weights", WEIGHTS_FILTER, "nndash-weights.npz", net.save)
        if path is not None:
            self.message.emit(f"Saved the weights of the {describe_network(net)} network "
                              f"to {path}.")
        return path

    @Slot()
    def load_weights(self) -> MultiLayerNet | None:
        net, path = self._read("the weights", WEIGHTS_FILTER, MultiLayerNet.load)
        if net is not None:
            self.network_loaded.emit(net)
            self.message.emit(f"Loaded a {describe_network(net)} network from {path}.")
        return net

    # reading and writing ----------------------------------------------------------------

    def _write(self, what: str, name_filter: str, suggested: str,
               save: Callable[[Path], None]) -> Path | None:
        """Ask where to ``save`` ``what`` and do it; the path, or None when cancelled or
        failed (the user was told why)."""
        path = self._target(f"Save {what}", name_filter, suggested)
        if path is None:
            return None
        try:
            save(path)
        except OSError as error:
            self.prompts.show_error(f"Cannot save {what}", f"{path}: {error}")
            return None
        return path

    def _read(self, what: str, name_filter: str, load: Callable[[Path], object]
              ) -> tuple[object | None, Path | None]:
        """Ask which file holds ``what`` and ``load`` it: (value, path), or (None, path) when
        cancelled or unreadable (the user was told why; ConfigError is a ValueError)."""
        path = self.prompts.open_path(f"Load {what}", name_filter)
        if path is None:
            return None, None
        try:
            return load(path), path
        except (OSError, ValueError) as error:
            self.prompts.show_error(f"Cannot load {what}", f"Nothing was changed. {error}")
            return None, path

    # data -------------------------------------------------------------------------------

    @Slot()
    def open_data_folder(self) -> BackgroundJob | None:
        """Ask for a folder and read it in the background: ``data_opened(Dataset)``, or an
        error box saying what is wrong with the files, follows. None when cancelled or while
        another folder is still being read."""
        if self._folder_job is not None and self._folder_job.is_running():
            return None
        folder = self.prompts.folder("Open a folder of MNIST-format data")
        if folder is None:
            return None
        self._folder_job = BackgroundJob(partial(load_folder, folder), self)
        self._folder_job.succeeded.connect(self._on_folder_read)
        self._folder_job.failed.connect(self._on_folder_failed)
        self.message.emit(f"Reading {folder} ...")
        self._folder_job.start()
        return self._folder_job

    def shutdown(self) -> None:
        """Wait a moment for a file or folder still being read (the window calls this when it
        closes; the reading threads are daemons and never hold the process up)."""
        for job in (self._folder_job, self._config_job):
            if job is not None:
                job.wait()

    @Slot(object)
    def _on_folder_read(self, dataset: Dataset) -> None:
        self.data_opened.emit(dataset)
        self.message.emit(f"Opened {dataset.title}: {len(dataset.x_train):,} training and "
                          f"{len(dataset.x_test):,} test samples, {dataset.classes} classes.")

    @Slot(str)
    def _on_folder_failed(self, message: str) -> None:
        self.message.emit("")
        self.prompts.show_error("Cannot use this folder", f"Nothing was changed. {message}")

    def _target(self, caption: str, name_filter: str, suggested: str) -> Path | None:
        """A path to write (with the suffix of ``suggested`` added when missing), or None when
        the user cancels or does not want to replace the existing file."""
        path = self.prompts.save_path(caption, name_filter, suggested)
        if path is None:
            return None
        suffix = Path(suggested).suffix
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        if path.exists() and not self.prompts.ask_overwrite(path):
            return None
        return path
