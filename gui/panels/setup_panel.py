"""The left dock: data, network, optimizer and training panels stacked in a scroll area.

It turns the four panels into one ``RunConfig`` and one reason why not (``problem()``). During
a run it says which edits wait for the next start: only the learning rate and the pace apply to
a running network.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from engine.config import ConfigError, RunConfig, TrainConfig
from engine.data import Dataset
from gui.panels.data_panel import DataPanel
from gui.panels.field_keys import LeaveFieldOnEnter
from gui.panels.network_panel import NetworkPanel
from gui.panels.optimizer_panel import OptimizerPanel
from gui.panels.training_panel import TrainingPanel
from gui.widgets.forms.fitted_scroll_area import FittedScrollArea

MINIMUM_HEIGHT = 200
SCREEN_SHARE = 0.27  # the most of the screen's width the panel asks for: the plots need the rest
PENDING_NOTE = ("Changed settings take effect on the next Start or Reset; the learning rate "
                "and the pace apply at once.")


class SetupPanel(FittedScrollArea):
    """``changed`` fires on any edit; ``lr_changed`` and ``pace_changed`` for live settings."""

    changed = Signal()
    lr_changed = Signal(float)
    pace_changed = Signal(float)

    def __init__(self, data_dir: str | None = None, parent: QWidget | None = None) -> None:
        content = QWidget()
        super().__init__(content, MINIMUM_HEIGHT, parent, share_of_screen=SCREEN_SHARE)
        self.data = DataPanel(data_dir)
        self.network = NetworkPanel()
        self.optimizer = OptimizerPanel()
        self.training = TrainingPanel()
        self.pending_note = QLabel(PENDING_NOTE)
        self.pending_note.setWordWrap(True)
        self.pending_note.setToolTip("The running network keeps the settings it was built with.")
        self.pending_note.setStyleSheet("background: #fff3bf; color: #5c4400; padding: 4px; "
                                        "border-radius: 3px;")
        self.pending_note.hide()
        self._running: RunConfig | None = None
        self._running_dataset: Dataset | None = None
        layout = QVBoxLayout(content)
        for panel in (self.data, self.network, self.optimizer, self.training):
            layout.addWidget(panel)
            panel.changed.connect(self._on_changed)
        layout.addWidget(self.pending_note)
        layout.addStretch(1)
        self._field_keys = LeaveFieldOnEnter(content)
        self.optimizer.lr_changed.connect(self.lr_changed)
        self.training.pace_changed.connect(self.pace_changed)

    def run_config(self) -> RunConfig:
        """The configuration the panels describe; ConfigError says what is wrong."""
        train = TrainConfig(**self.optimizer.train_fields(), **self.training.train_fields())
        return RunConfig(dataset=self.data.dataset, network=self.network.config(), train=train,
                         dataset_params=self.data.params(), features=self.data.features())

    def set_run_config(self, config: RunConfig) -> None:
        """Show ``config`` in the panels (a loaded file, the last session's settings)."""
        self.data.set_dataset(config.dataset)
        self.data.set_params(config.dataset_params, config.features)
        self.network.set_config(config.network)
        train = config.train
        values = dict(train.optimizer_params)
        if train.lr is not None:
            values["lr"] = train.lr
        self.optimizer.set_optimizer(train.optimizer, values)
        self.training.set_train_fields(train)

    def problem(self) -> str | None:
        """Why Start cannot be pressed, or None."""
        for panel in (self.data, self.network, self.optimizer, self.training):
            reason = panel.problem()
            if reason:
                return reason
        try:
            self.run_config()
        except ConfigError as error:
            return str(error)
        return None

    def set_running_config(self, config: RunConfig | None,
                           dataset: Dataset | None = None) -> None:
        """The configuration (and the user's own data set, if any) the active run was built
        with (None: no active run); edits that differ from it in more than the learning rate
        show the note that they wait."""
        self._running = config
        self._running_dataset = dataset
        self._update_pending_note()

    def _update_pending_note(self) -> None:
        pending = False
        if self._running is not None:
            try:
                current = self.run_config()
            except ConfigError:
                pending = True
            else:
                same_lr = replace(current.train, lr=self._running.train.lr)
                pending = (replace(current, train=same_lr) != self._running
                           or self.data.folder_dataset() is not self._running_dataset)
        self.pending_note.setVisible(pending)

    @Slot()
    def _on_changed(self) -> None:
        self._update_pending_note()
        self.changed.emit()
