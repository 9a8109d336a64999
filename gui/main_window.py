"""The dashboard window: wiring only. Panels describe a run, the controller trains it on a
worker thread, the plots draw its snapshots, one frame timer redraws what changed.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from engine.compare import ComparisonSnapshot
from engine.config import ConfigError, RunConfig
from engine.data import DATASETS
from engine.presets import PRESETS
from gui.actions.export import ExportActions
from gui.actions.file_actions import FileActions
from gui.actions.presentation import PresentationMode
from gui.dialogs.about_dialog import AboutDialog
from gui.dialogs.download_dialog import DownloadActions
from gui.dialogs.shortcuts_dialog import ShortcutsDialog, shortcut_rows
from gui.menus import build_experiments_menu, build_menus, keep_shortcuts_without_menus
from gui.panels.run_controls import RunControls
from gui.panels.run_status import RunStatus
from gui.panels.setup_panel import SetupPanel
from gui.plot_tabs import PlotTabs
from gui.run.background import CLOSE_WAIT_S
from gui.run.controller import RunState, TrainingController
from gui.run.gui_gc import GuiThreadCollector
from gui.run.inference import InferenceRunner
from gui.run.worker import PACES
from gui.run_chrome import RunChrome
from gui.run_display import RunDisplay
from gui.settings import DEFAULTS, Settings
from gui.setup_dock import SetupDock
from gui.style import Style, apply_app_font, style_from_settings
from gui.views.compare.compare_view import CompareView
from gui.views.labs.labs_view import LabsView
from gui.views.paths.paths_view import OptimizerPathsView
from gui.views.playground.playground_view import PlaygroundView
from gui.views.runs.history_store import RunHistory
from gui.views.runs.runs_view import RunsView, default_history_path, export_record
from gui.views.training.training_plots import TrainingPlots
from gui.widgets.deferred_style import settle_layouts
from gui.widgets.message_banner import MessageBanner
from gui.widgets.plots.plot_panel import PlotPanel
from gui.widgets.plots.start_hint import StartHint
from gui.window_state import (
    default_run_config,
    last_run_config,
    open_at_default_size,
    restore_geometry,
    save_window_state,
)

# Painting holds the GIL, so every millisecond the plots spend drawing is one the trainer
# waits. At full speed the loss curve redraws 5 times a second and the accuracy and
# histograms twice (TrainingPlots.refresh(throttle=True)): measured with bench/gui_bench.py
# the GUI thread is then busy ~7% of the run and the trainer keeps 0.92-0.93 of its headless
# speed (at 10 redraws a second: 11-12% and 0.83-0.86). A paced run sleeps between steps
# anyway, so it gets smooth animation instead.
FULL_SPEED_FRAME_MS = 200
PACED_FRAME_MS = 40


def frame_interval_ms(pace_seconds: float) -> int:
    """How often to redraw while the worker waits ``pace_seconds`` after each step."""
    return PACED_FRAME_MS if pace_seconds > 0 else FULL_SPEED_FRAME_MS


class MainWindow(QMainWindow):
    """Setup dock (left), run tool bar, plot tabs (centre), status bar."""

    def __init__(self, config: RunConfig | None = None, *, settings: Settings | None = None,
                 data_dir: str | None = None, history_path: str | None = None) -> None:
        super().__init__()
        self.settings = settings if settings is not None else Settings()
        self.setWindowTitle("nndash - neural network training dashboard")
        self.plot_style = style_from_settings(self.settings)
        pace = self.settings.read_str("run/pace")
        pace_seconds = PACES.get(pace, 0.0)
        self.controller = TrainingController(self, data_dir=data_dir, pace=pace_seconds)

        self.setup = SetupPanel(data_dir)
        self.setup.training.set_pace(pace)
        self.setup.set_run_config(config or last_run_config(self.settings))
        self.setup_dock = SetupDock(self.setup, self)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.setup_dock)

        self.run_controls = RunControls(self)
        self.run_controls.add_pace_control(self.setup.training.pace_combo)
        self.addToolBar(self.run_controls.toolbar)
        self.plots = TrainingPlots(
            self.plot_style, smoothing=self.settings.read_float("plots/smoothing"),
            show_pre_activations=self.settings.read_bool("plots/pre_activations"))
        self.banner = MessageBanner()
        self.paths_view = OptimizerPathsView(style=self.plot_style)
        self.playground = PlaygroundView(self.plot_style)
        self.compare_view = CompareView(self.plot_style)
        self.history = RunHistory(history_path or default_history_path())
        self.history.load()
        self.runs_view = RunsView(self.plot_style, self.history)
        self.tabs = PlotTabs([self.plots, self.paths_view, self.compare_view, self.playground,
                              LabsView(self.plot_style, self.setup.run_config), self.runs_view])
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.start_hint = StartHint(self.plots.loss.view)  # until the first run: Space trains
        self.run_status = RunStatus()
        self.statusBar().addWidget(self.run_status, 1)
        self.file_actions = FileActions(self, self.setup.run_config,
                                        self.controller.trained_network)
        self.export_actions = ExportActions(self, self.tabs.visible_plots)
        self.downloads = DownloadActions(self, data_dir)
        self.presentation = PresentationMode(self, self.settings)
        self._plots_only = False
        self.inference = InferenceRunner(self, self.setup.data, data_dir)
        GuiThreadCollector.install()  # before any thread starts allocating
        self.run_display = RunDisplay(self, data_dir)
        self.run_chrome = RunChrome(
            [self.setup_dock, self.run_controls.toolbar, self.run_status,
             self.statusBar()],  # an empty bar only takes the plots' room
            [self.setup_dock, self.run_controls.toolbar, self.menuBar()])
        build_menus(self)
        build_experiments_menu(self)
        keep_shortcuts_without_menus(self)

        self.frame_timer = QTimer(self)
        self.frame_timer.setInterval(frame_interval_ms(pace_seconds))
        self.frame_timer.timeout.connect(self.refresh_frame)
        self.frame_timer.start()
        self._connect()
        self._size_tabs_to_current()
        self._default_layout = self.saveState()  # what View > Restore defaults goes back to
        restore_geometry(self, self.settings)
        self._on_setup_changed()
        self._on_state_changed(RunState.IDLE.value)
        self.run_display.show_untrained_network()
        if self.history.problem:
            self.banner.show_error(self.history.problem)

    def _connect(self) -> None:
        controls = self.run_controls
        controls.start.triggered.connect(self.start)
        controls.pause.triggered.connect(self.toggle_pause)
        controls.step.triggered.connect(self.step)
        controls.stop.triggered.connect(self.controller.stop)
        controls.reset.triggered.connect(self.reset)
        controls.start_or_pause.triggered.connect(self.start_or_pause)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.setup.changed.connect(self._on_setup_changed)
        self.setup.lr_changed.connect(self.controller.set_lr)
        self.setup.pace_changed.connect(self._on_pace_changed)
        self.controller.state_changed.connect(self._on_state_changed)
        self.controller.run_failed.connect(self.banner.show_error)
        self.file_actions.config_loaded.connect(self.setup.set_run_config)
        self.file_actions.message.connect(self.banner.show_info)
        self.file_actions.data_opened.connect(self.setup.data.set_folder)
        self.file_actions.network_loaded.connect(self.inference.measure)
        self.inference.report.connect(self.banner.show_info)
        self.inference.failed.connect(self.banner.show_error)
        self.export_actions.exported.connect(self.banner.show_info)
        self.downloads.dataset_downloaded.connect(self._on_dataset_downloaded)
        self.presentation.style_changed.connect(self.apply_style)
        self.presentation.defaults_restored.connect(self._on_defaults_restored)
        self.presentation.plots_only_changed.connect(self.set_plots_only)
        self.playground.dataset_chosen.connect(self.setup.data.set_dataset)
        self.playground.new_data_requested.connect(self.new_data)
        self.compare_view.add_requested.connect(self.add_to_comparison)
        self.runs_view.rerun_requested.connect(self._on_rerun_requested)
        self.runs_view.export_requested.connect(self._export_run)
        self.runs_view.message.connect(self.banner.show_info)
        self.runs_view.overlays_changed.connect(self.plots.show_history)

    def apply_style(self, style: Style) -> None:
        """Switch theme or font scale for every plot and the widgets (presentation mode)."""
        self.plot_style = style
        apply_app_font(QApplication.instance(), style)
        self.tabs.apply_style(style)
        # the dock keeps its width through a font change unless told: fit it to the new text
        # (at most its share of the screen), so the plots get the rest
        self.resizeDocks([self.setup_dock], [self.setup.sizeHint().width()],
                         Qt.Orientation.Horizontal)
        settle_layouts()  # one paint of the final layout, not one per layout pass

    @Slot(bool)
    def set_plots_only(self, on: bool) -> None:
        """Plots only (F10): hide the setup dock, the tool bar, the menus and every control
        panel, leaving the plots and the status line; off again, show what was shown before.
        The run keys are window actions, so they keep working. A view with controls of its
        own may offer ``set_controls_visible(visible)``; the plots' header controls hide too.
        """
        if on == self._plots_only:
            return
        self._plots_only = on
        self.presentation.plots_only_action.setChecked(on)
        self.run_chrome.set_plots_only(on)
        for panel in self.tabs.findChildren(PlotPanel):
            panel.set_controls_visible(not on)
        for view in self.tabs.views():
            set_visible = getattr(view, "set_controls_visible", None)
            if set_visible is not None:
                set_visible(not on)

    @property
    def plots_only(self) -> bool:
        return self._plots_only

    @Slot()
    def show_shortcuts(self) -> None:
        """Help > Keyboard shortcuts: the keys of every menu entry, read from the actions."""
        dialog = ShortcutsDialog(shortcut_rows(self.menuBar(), self.run_controls.keys_of), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    @Slot()
    def show_about(self) -> None:
        dialog = AboutDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    @Slot()
    def refresh_frame(self) -> None:
        """Draw what changed since the last frame (the frame timer calls this)."""
        full_speed = self.frame_timer.interval() == FULL_SPEED_FRAME_MS
        throttle = full_speed and self.controller.state == RunState.RUNNING
        if self.plots.isVisible():  # hidden plots keep their data and draw it when shown
            self.plots.refresh(throttle=throttle)
        self.playground.refresh()
        self.compare_view.refresh(throttle=throttle)
        self.run_status.refresh()

    # run actions ------------------------------------------------------------------------

    @Slot()
    def start(self, *, paused: bool = False) -> bool:
        """Start a new run from the panels' settings; False (and nothing else) if they are
        unusable."""
        if self.tabs.currentWidget() is self.compare_view:
            return self._start_comparison(paused)
        try:
            config = self.setup.run_config()
        except ConfigError:
            return False
        self.controller.start(config, paused=paused, dataset=self.setup.data.folder_dataset())
        return True

    def _start_comparison(self, paused: bool) -> bool:
        """Train the Compare tab's runs in lockstep; False when it has none."""
        runs = self.compare_view.runs()
        if not runs:
            self.banner.show_info("Nothing to train here: load a preset from the Experiments "
                                  "menu or add runs with 'Add to comparison'.")
            return False
        self.controller.start(runs[0][1], paused=paused, runs=runs,
                              dataset=self.setup.data.folder_dataset())
        return True

    @Slot()
    def add_to_comparison(self) -> None:
        """Put the Setup panel's run into the hand-built comparison (Compare tab)."""
        try:
            config = self.setup.run_config()
        except ConfigError as error:
            self.banner.show_error(f"Cannot add this setup: {error}")
            return
        problem = self.compare_view.add_run(config)
        if problem:
            self.banner.show_error(problem)
        self.tabs.select("compare")

    def load_preset(self, name: str) -> None:
        """Show one of the book's experiments on the Compare tab, ready for Space."""
        self.compare_view.load_preset(PRESETS[name], PRESETS[name].runs(self.setup.data.dataset))
        self.tabs.select("compare")

    @Slot()
    def toggle_pause(self) -> None:
        if self.controller.state == RunState.PAUSED:
            self.controller.resume()
        else:
            self.controller.pause()

    @Slot()
    def step(self) -> None:
        """One mini-batch; with no active run, build one paused and step it."""
        if self.controller.is_active() or self.start(paused=True):
            self.controller.step_once()

    @Slot()
    def start_or_pause(self) -> None:
        if self.controller.is_active():
            self.toggle_pause()
        else:
            self.start()

    @Slot()
    def new_data(self) -> None:
        """Draw the data set again from the next seed and start over (paused unless running)."""
        seed_box = self.setup.training.seed_box
        seed_box.setValue(seed_box.value() + 1 if seed_box.value() < seed_box.maximum() else 0)
        self.start(paused=self.controller.state != RunState.RUNNING)

    @Slot()
    def reset(self) -> None:
        self.controller.reset()
        self.run_display.clear()

    # controller and panel events --------------------------------------------------------

    @Slot(object)
    def _on_rerun_requested(self, config: RunConfig) -> None:
        self.setup.set_run_config(config)
        self.tabs.select("training")
        self.banner.show_info("The run's settings are in the Setup panel: press Space.")

    @Slot(object)
    def _export_run(self, record: dict) -> None:
        from PySide6.QtWidgets import QFileDialog

        folder = QFileDialog.getExistingDirectory(self, "Export run to folder")
        if folder:
            csv_path, json_path = export_record(record, Path(folder))
            self.banner.show_info(f"Exported {csv_path.name} and {json_path.name} to {folder}.")

    @Slot(str)
    def _on_state_changed(self, value: str) -> None:
        state = RunState(value)
        self.run_controls.update_state(state)
        latest = self.controller.latest
        self.run_status.show_state(
            state, latest.lead if isinstance(latest, ComparisonSnapshot) else latest)
        if self.controller.is_active():
            self.setup.set_running_config(self.controller.run_config,
                                          self.controller.run_dataset)
        else:
            self.setup.set_running_config(None)

    @Slot(int)
    def _on_tab_changed(self, _index: int) -> None:
        """The run keys act on training only while its plots are on screen."""
        self.run_controls.set_keys_active(self.tabs.showing_run_view())
        self.controller.set_playground(self.tabs.currentWidget() is self.playground)
        self._size_tabs_to_current()
        self.run_chrome.show_for(self.tabs.showing_setup_view())

    def _size_tabs_to_current(self) -> None:
        """Only the tab on screen asks for room: a tab widget's minimum size is otherwise the
        largest of every tab's, and a hidden tab's controls would keep the window wider than
        a small screen."""
        current = self.tabs.currentWidget()
        for view in self.tabs.views():
            policy = (QSizePolicy.Policy.Preferred if view is current
                      else QSizePolicy.Policy.Ignored)
            view.setSizePolicy(policy, policy)

    @Slot(float)
    def _on_pace_changed(self, seconds: float) -> None:
        self.controller.set_pace(seconds)
        self.frame_timer.setInterval(frame_interval_ms(seconds))

    @Slot()
    def _on_setup_changed(self) -> None:
        problem = self.setup.problem()
        self.run_controls.set_start_problem(problem)
        self.run_controls.update_state(self.controller.state)
        self.run_status.show_problem(problem)
        self.run_display.show_setup()

    @Slot(str)
    def _on_dataset_downloaded(self, name: str) -> None:
        self.setup.data.refresh_status()
        self.setup.data.set_dataset(name)
        self.banner.show_info(f"{DATASETS[name].title} is ready and selected in the Data panel.")

    @Slot()
    def _on_defaults_restored(self) -> None:
        """Everything as on a fresh install, at once: the form holds the default run, the
        pace is the lecture pace, the dock and tool bar are back in their places and the
        window has its default size (theme and text size came with ``style_changed``)."""
        self.setup.set_run_config(default_run_config())
        self.setup.training.set_pace(DEFAULTS["run/pace"])
        self.restoreState(self._default_layout)
        self.setup_dock.show()
        self.run_controls.toolbar.show()
        if not self.isMaximized():
            open_at_default_size(self)
        self.banner.show_info("Restored the defaults: the setup, the pace, the layout, the "
                              "theme and the text size.")

    # closing ----------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Stop the worker thread first, then remember the window and the settings. The
        network previews' threads wait in the controller's budget: they all run at once."""
        deadline = time.monotonic() + CLOSE_WAIT_S
        self.frame_timer.stop()
        self.tabs.blockSignals(True)  # tearing the tabs down switches tabs: nothing to do then
        self.controller.shutdown()
        self.downloads.shutdown()
        self.file_actions.shutdown()
        self.inference.wait()
        self.set_plots_only(False)  # remember the layout with its controls
        self.run_display.shutdown(deadline)
        self.run_chrome.restore()  # the saved layout is the training tab's
        self.runs_view.wait()
        save_window_state(self, self.settings)
        super().closeEvent(event)

