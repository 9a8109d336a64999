"""The training tab: loss and accuracy side by side on top, layer histograms below.

The arrangement fits a 1920x1080 screen with everything visible; the splitters let the user
give one plot more room. This widget turns snapshots into plot updates; a GUI timer calls
``refresh()`` to redraw what changed.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from engine.config import RunConfig
from engine.data import DATASETS, Dataset
from engine.trainer import TrainingSnapshot
from gui.style import Style
from gui.views.training.accuracy_plot import AccuracyPlot
from gui.views.training.histogram_plot import HistogramPlot
from gui.views.training.history_overlay import HistoryOverlay, RunOverlay
from gui.views.training.loss_plot import LossPlot

SETTINGS_CHANGED = "settings changed: press R to apply"

SLOW_PLOT_INTERVAL = 0.5
"""While training at full speed the accuracy and histogram plots redraw at most this often
(seconds): the histograms arrive twice a second anyway, and every millisecond the GUI thread
paints is one the trainer waits for the GIL. The loss curve redraws every frame."""


class TrainingPlots(QWidget):
    """Loss, accuracy and histograms of one run, fed by ``show_snapshot``."""

    title = "Training"
    uses_run_keys = True  # Space, S and R start, step and reset the run here

    def __init__(self, style: Style, *, smoothing: float = 0.9,
                 show_pre_activations: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loss = LossPlot(style, smoothing)
        self.accuracy = AccuracyPlot(style)
        self.histograms = HistogramPlot(style, show_pre_activations)
        for plot in self.plots:  # the splitters keep each plot's data usefully tall
            plot.keep_data_height()
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.loss)
        top.addWidget(self.accuracy)
        top.setSizes([600, 400])
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(self.histograms)
        split.setSizes([580, 420])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self._total_iterations = 0
        self._last_slow_redraw = 0.0
        self.shown_config: RunConfig | None = None  # the network the plots are drawn for
        self.history = HistoryOverlay(self.loss, self.accuracy)  # runs ticked in the Runs tab

    @property
    def plots(self) -> tuple[LossPlot, AccuracyPlot, HistogramPlot]:
        return self.loss, self.accuracy, self.histograms

    def prepare(self, config: RunConfig, dataset: Dataset | None = None) -> None:
        """Clear everything and lay out the axes for a new run of ``config`` (on ``dataset``
        instead of the registered set it names, when given)."""
        self.clear()
        self.shown_config = config
        self.show_settings_changed(False)
        hidden = config.network.hidden_sizes
        self.histograms.set_layers(len(hidden), config.network.activation)
        self.accuracy.set_planned_epochs(config.train.epochs)
        names = dataset.class_names if dataset is not None else DATASETS[config.dataset].class_names
        self.accuracy.set_chance_level(1.0 / len(names))

    def show_settings_changed(self, changed: bool) -> None:
        """Say on every plot that they show a network the settings no longer describe."""
        for plot in self.plots:
            plot.set_notice(SETTINGS_CHANGED if changed else "")

    def show_snapshot(self, snapshot: TrainingSnapshot) -> None:
        if snapshot.total_iterations != self._total_iterations:
            self._total_iterations = snapshot.total_iterations
            self.loss.set_planned_iterations(snapshot.total_iterations)
        self.loss.add_losses(snapshot.losses, snapshot.losses_offset)
        self.accuracy.set_accuracies(snapshot.train_acc, snapshot.test_acc)
        if snapshot.histograms is not None:
            self.histograms.set_histograms(snapshot.histograms, snapshot.pre_histograms,
                                           snapshot.iteration)

    @Slot(object)
    def show_history(self, runs: list[RunOverlay]) -> None:
        """Overlay these finished runs on the loss and accuracy plots (the Runs tab's ticks)."""
        self.history.show(runs)

    def refresh(self, *, throttle: bool = False) -> None:
        """Redraw the plots whose data changed (called by the window's frame timer); with
        ``throttle``, accuracy and histograms only every SLOW_PLOT_INTERVAL seconds."""
        self.loss.refresh()
        now = time.monotonic()
        if not throttle or now - self._last_slow_redraw >= SLOW_PLOT_INTERVAL:
            self._last_slow_redraw = now
            self.accuracy.refresh()
            self.histograms.refresh()

    def clear(self) -> None:
        self._total_iterations = 0
        for plot in self.plots:
            plot.clear()

    def visible_plots(self) -> list[QWidget]:
        """The plots File > Export and Copy plot take from this tab."""
        return list(self.plots)

    def apply_style(self, style: Style) -> None:
        for plot in self.plots:
            plot.apply_style(style)
