"""What the views show of the runs: the run being trained, or while idle the untrained
network of the settings.

The controller says when a run starts, sends its snapshots and says when it ends; this hands
each event to the views that draw it (the Training plots and the Playground, or the Compare
tab for a comparison), records every run for the Runs history, and while nothing trains
draws the settings' fresh network, measured off the GUI thread (NetworkPreviewer).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot

from engine.compare import ComparisonSnapshot
from engine.config import ConfigError, RunConfig
from engine.presets import run_label
from engine.trainer import TrainingSnapshot
from gui.run.controller import RunState
from gui.run.preview import NetworkPreview, NetworkPreviewer
from gui.views.runs.recorder import RunRecorder

if TYPE_CHECKING:
    from gui.main_window import MainWindow


class RunDisplay(QObject):
    """Connects the window's controller and setup panel to its views."""

    def __init__(self, window: MainWindow, data_dir: str | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.recorder = RunRecorder()
        self.previewer = NetworkPreviewer(window, data_dir)
        controller = window.controller
        controller.run_started.connect(self.on_run_started)
        controller.snapshot_received.connect(self.on_snapshot)
        controller.run_finished.connect(self.on_run_finished)
        self.previewer.ready.connect(self._on_preview_ready)

    @Slot(object)
    def on_run_started(self, config: RunConfig) -> None:
        window, controller = self.window, self.window.controller
        window.banner.hide()
        window.start_hint.hide()
        self.recorder.start(controller.comparison_runs or [(run_label(config), config)],
                            controller.run_dataset)
        if controller.comparison_runs:
            window.compare_view.prepare(controller.comparison_runs)
        else:
            window.plots.prepare(config, controller.run_dataset)
            window.playground.prepare(config, controller.run_dataset)
        window.run_status.clear()

    @Slot(object)
    def on_snapshot(self, snapshot: TrainingSnapshot | ComparisonSnapshot) -> None:
        window = self.window
        self.recorder.add(snapshot)
        if isinstance(snapshot, ComparisonSnapshot):
            window.compare_view.show_snapshot(snapshot)
            window.run_status.show_snapshot(snapshot.lead)
            return
        window.plots.show_snapshot(snapshot)
        window.playground.show_snapshot(snapshot)
        window.run_status.show_snapshot(snapshot)

    @Slot(object)
    def on_run_finished(self, final: TrainingSnapshot | ComparisonSnapshot) -> None:
        """Keep every finished run in the Runs tab (the final snapshot came through
        on_snapshot first, so the recorder has all its losses)."""
        self.window.runs_view.add_runs(self.recorder.finish(final))

    def clear(self) -> None:
        """Reset: empty views, the start hint, then the untrained network again."""
        window = self.window
        for view in (window.plots, window.playground, window.compare_view, window.run_status):
            view.clear()
        window.banner.hide()
        window.start_hint.show()
        self.show_untrained_network()

    def show_untrained_network(self) -> None:
        """Draw the histograms and epoch-0 accuracy of the settings' fresh network (measured
        off the GUI thread; nothing when the settings are unusable)."""
        setup = self.window.setup
        try:
            config = setup.run_config()
        except ConfigError:
            return
        self.previewer.request(config, setup.data.folder_dataset())

    @Slot(object)
    def _on_preview_ready(self, preview: NetworkPreview) -> None:
        window = self.window
        if window.controller.state == RunState.IDLE:
            window.plots.prepare(preview.config, preview.dataset)
            window.plots.show_snapshot(preview.snapshot)
            window.playground.prepare(preview.config, preview.dataset)
            window.playground.show_snapshot(preview.snapshot)  # its plane, on a 2-D set
            self.show_setup()

    def show_setup(self) -> None:
        """The settings changed: say so on the plots that show another network, and put a
        2-D set just chosen, with nothing on the plane yet, there untrained (while idle)."""
        window = self.window
        setup = window.setup
        chose_plane = window.playground.show_selected_dataset(
            None if setup.data.folder_dataset() else setup.data.dataset)
        if chose_plane and window.controller.state == RunState.IDLE:
            self.show_untrained_network()
        window.plots.show_settings_changed(self._settings_differ_from_plots())

    def _settings_differ_from_plots(self) -> bool:
        """True when the plots show a network other than the one the settings describe."""
        shown = self.window.plots.shown_config
        if shown is None:
            return False
        try:
            return self.window.setup.run_config() != shown
        except ConfigError:
            return True

    def shutdown(self, deadline: float) -> None:
        self.previewer.shutdown(deadline)
