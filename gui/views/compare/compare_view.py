"""The Compare tab: a preset of the book's chapter 6, or runs added by hand, side by side.

The view holds the runs to compare and draws their snapshots; it never trains. The window
starts the comparison through the controller (``runs()``), and sends the ComparisonSnapshots
back here. Four pictures, by preset: loss and accuracy overlaid with the layer histograms as a
grid (most presets and hand-built comparisons), the 4x4 batch-norm grid, the hyperparameter
scatter, and the book's no-training histogram grid with activation and init pickers.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from engine.compare import ComparisonSnapshot
from engine.config import RunConfig
from engine.presets import Preset, differing_labels, init_histograms
from gui.run.background import BackgroundJob
from gui.style import Style
from gui.views.compare.best_trials import BestTrialsGrid
from gui.views.compare.curves import CompareCurves
from gui.views.compare.elided_label import ElidedLabel
from gui.views.compare.histogram_grid import HistogramGrid
from gui.views.compare.palette import legend_html
from gui.views.compare.small_multiples import BatchnormGrid, SearchScatter
from gui.widgets.plots.start_hint import StartHint

MAX_HAND_BUILT = 6
# Seconds between redraws, [histogram grid?][throttled?]: measured with
# bench/compare_bench.py, redrawing 4 runs' curves every 100 ms frame halved the trainer's
# speed; a quarter second for curves and a second for the 16-cell grid keeps most of it.
FRAME_SECONDS = {False: {False: 0.0, True: 0.25}, True: {False: 0.5, True: 1.0}}
HAND_BUILT_TEXT = ("Add the current setup as a run with 'Add to comparison' (up to 6), change "
                   "one setting, add again, then press Space: all runs train on the same "
                   "mini-batches, so their curves differ only by what you changed.")
HAND_BUILT_SHORTER = ("Add the current setup with 'Add to comparison', change one setting, add "
                      "again, then press Space.",
                      "Add runs that differ in one setting, then press Space.",
                      "Add runs, then press Space.")
"""The explanation's shorter wordings, for a narrow row (the whole one is in its tooltip)."""
EMPTY_HINT = "Pick an experiment\nin the Experiments menu,\nor press 'Add to comparison'"


class CompareView(QWidget):
    """Runs of one comparison, drawn together; ``add_requested`` asks for the current setup."""

    title = "Compare"
    uses_run_keys = True
    add_requested = Signal()

    def __init__(self, style: Style, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.style = style
        self.preset: Preset | None = None
        self._runs: list[tuple[str, RunConfig]] = []
        self._hand_built: list[RunConfig] = []
        self._job: BackgroundJob | None = None
        self._histogram_rows: list[tuple[str, RunConfig, tuple]] = []
        self._drawn: dict[int, float] = {}  # id(panel) -> when it last redrew
        self.heading = QLabel()
        self.explanation = ElidedLabel()
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.curves = CompareCurves(style)
        self.curves.keep_data_height()  # the histogram grid below gives way first
        self.histograms = HistogramGrid("Activations per layer (a row per run)", style,
                                        filled=False)
        self.batchnorm = BatchnormGrid(style)
        self.search = SearchScatter(style)
        self.best_trials = BestTrialsGrid(style)
        self.book_grid = HistogramGrid("The book's activation histograms (each row on its own "
                                       "axes)", style, shared=False)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._curves_page())
        self.pages.addWidget(self.batchnorm)
        self.pages.addWidget(self._search_page())
        self.pages.addWidget(self._book_grid_page())
        # on the empty histogram grid: over the curves it hid the accuracy axis's label
        self.empty_hint = StartHint(self.histograms.view, EMPTY_HINT)
        self._controls_visible = True
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        runs_bar = self._runs_bar()
        self._heading_row = QHBoxLayout()
        self._heading_row.addWidget(self.heading, 1)
        self._heading_row.addWidget(self.hand_button)
        layout.addLayout(self._heading_row)
        # one line (whole on a click), placed by _place_explanation: sharing the run list's
        # row it was left ~120 px at 2x text on 1024x768 and read "Add th..."
        layout.addWidget(self.explanation)
        layout.addLayout(runs_bar)
        layout.addWidget(self.legend)
        layout.addWidget(self.pages, 1)
        self._show_hand_built()

    # what to compare -------------------------------------------------------------------

    def load_preset(self, preset: Preset, runs: list[tuple[str, RunConfig]]) -> None:
        """Show a preset and its runs (nothing trains until the window starts them)."""
        self.preset = preset
        self._runs = list(runs)
        self.heading.setText(f"<b>{preset.menu_text}</b> &nbsp; {preset.script}")
        self.explanation.setText(preset.what_to_look_for)
        self._show_controls()
        page = {"histograms": 3, "search": 2}.get(preset.kind, 1 if preset.name == "batchnorm"
                                                  else 0)
        self.pages.setCurrentIndex(page)
        for panel in self.visible_plots():
            panel.mark_dirty()
        self._set_legend()
        self.clear()
        self._lay_out(self._runs)
        if preset.kind == "histograms":
            self._compute_book_histograms()

    def add_run(self, config: RunConfig) -> str | None:
        """Put ``config`` in the hand-built comparison; a sentence when it cannot be added."""
        if self.preset is not None:
            self._show_hand_built()
        if len(self._hand_built) >= MAX_HAND_BUILT:
            return f"A comparison holds at most {MAX_HAND_BUILT} runs: remove one first."
        if self._hand_built and config.dataset != self._hand_built[0].dataset:
            return ("Runs in a comparison train on one data set: "
                    f"the others use '{self._hand_built[0].dataset}'.")
        self._hand_built.append(config)
        self._relabel()
        return None

    @Slot()
    def remove_selected(self) -> None:
        row = self.run_list.currentRow()
        if 0 <= row < len(self._hand_built):
            del self._hand_built[row]
            self._relabel()

    def runs(self) -> list[tuple[str, RunConfig]]:
        """The runs Start trains: [] when there is nothing to train."""
        if self.preset is not None and self.preset.kind == "histograms":
            return []
        return list(self._runs)

    # drawing ----------------------------------------------------------------------------

    def prepare(self, runs: list[tuple[str, RunConfig]]) -> None:
        """A comparison of ``runs`` is starting: empty curves, one per run."""
        self.clear()
        # curves only where they are drawn: 300 of them for 100 trials cost 140 ms
        self.curves.prepare(len(runs) if self.pages.currentIndex() == 0 else 0)
        self._lay_out(runs)

    def _lay_out(self, runs: list[tuple[str, RunConfig]]) -> None:
        """Empty grids for ``runs`` on the page on screen. Called as soon as the runs are
        chosen: the cells (~6 ms each) are built a row per event-loop turn while the
        lecturer talks, not after Space while the runs train; unchanged grids are kept."""
        page = self.pages.currentIndex()
        if page == 0:
            layers = len(runs[0][1].network.hidden_sizes) if runs else 0
            self.histograms.show_rows([label for label, _ in runs], [None] * len(runs),
                                      layers=layers)
        elif page == 1:
            self.batchnorm.prepare(runs)
        elif page == 2:
            self.search.prepare(runs)
            self.best_trials.prepare(runs)

    def show_snapshot(self, snapshot: ComparisonSnapshot) -> None:
        self.curves.show_snapshot(snapshot)
        if any(run.histograms for run in snapshot.runs):
            self.histograms.show_rows(list(snapshot.labels),
                                      [run.histograms for run in snapshot.runs])
        self.batchnorm.show_snapshot(snapshot)
        self.search.show_snapshot(snapshot)
        self.best_trials.show_snapshot(snapshot)
        self._set_legend(snapshot)
        if snapshot.finished:
            self._drawn.clear()  # the end shows at the next frame, whatever the redraw rate

    def refresh(self, *, throttle: bool = False) -> None:
        """Redraw what changed on the page on screen (the window's frame timer calls this);
        nothing while the tab is hidden: the plots keep their data and catch up when shown.
        Painting holds the GIL the trainer needs, so with ``throttle`` (full speed) each plot
        redraws at most every FRAME_SECONDS."""
        if not self.isVisible():
            return
        now = time.perf_counter()
        for panel in self.visible_plots():
            interval = FRAME_SECONDS[panel in (self.histograms, self.best_trials)][throttle]
            if now - self._drawn.get(id(panel), 0.0) >= interval:
                self._drawn[id(panel)] = now
                panel.refresh()

    def clear(self) -> None:
        for panel in (self.curves, self.histograms, self.batchnorm, self.search,
                      self.best_trials):
            panel.clear()

    def visible_plots(self) -> list[QWidget]:
        page = self.pages.currentIndex()
        return ([self.curves, self.histograms], [self.batchnorm],
                [self.search, self.best_trials], [self.book_grid])[page]

    def apply_style(self, style: Style) -> None:
        self.style = style
        for panel in self._panels():
            panel.apply_style(style)

    def _panels(self):
        return (self.curves, self.histograms, self.batchnorm, self.search, self.best_trials,
                self.book_grid)

    # building ---------------------------------------------------------------------------

    def _curves_page(self) -> QWidget:
        return _split(Qt.Orientation.Vertical, (self.curves, 1), (self.histograms, 1))

    def _search_page(self) -> QWidget:
        """The book's figure 6-24: the trials' scatter beside the grid of the best 20."""
        return _split(Qt.Orientation.Horizontal, (self.search, 1), (self.best_trials, 2))

    def _book_grid_page(self) -> QWidget:
        page = QWidget()
        pickers = QHBoxLayout()
        self.activation_picker = QComboBox()
        self.activation_picker.addItems(["all activations", "sigmoid", "tanh", "relu"])
        self.init_picker = QComboBox()
        self.init_picker.addItems(["all inits", "std 1", "std 0.01", "Xavier", "He"])
        for picker in (self.activation_picker, self.init_picker):
            picker.currentIndexChanged.connect(self._show_book_rows)
            pickers.addWidget(picker)
        pickers.addStretch(1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(pickers)
        layout.addWidget(self.book_grid, 1)
        return page

    def _runs_bar(self) -> QHBoxLayout:
        self.run_list = QListWidget()
        self.run_list.setFlow(QListWidget.Flow.LeftToRight)
        self._fit_run_list()
        self.add_button = QPushButton("Add to comparison")
        self.add_button.setToolTip("Add the current setup (Setup panel) as a run.")
        self.add_button.clicked.connect(self.add_requested)
        self.remove_button = QPushButton("Remove run")
        self.remove_button.clicked.connect(self.remove_selected)
        self.hand_button = QPushButton("Build my own comparison")
        self.hand_button.clicked.connect(self._show_hand_built)
        bar = QHBoxLayout()
        bar.addWidget(self.run_list, 1)
        for button in (self.add_button, self.remove_button):
            bar.addWidget(button)
        return bar

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_run_list()

    def _fit_run_list(self) -> None:
        """One row of run labels and the scroll bar under it, in the font of the moment (sized
        once, at 2x text the labels were cut in half)."""
        bar = self.run_list.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        self.run_list.setFixedHeight(self.run_list.fontMetrics().height() + bar + 12)

    @Slot()
    def _show_hand_built(self) -> None:
        self.preset = None
        self.heading.setText("<b>Your comparison</b>")
        self.explanation.setText(HAND_BUILT_TEXT, *HAND_BUILT_SHORTER)
        self._show_controls()
        self.pages.setCurrentIndex(0)
        self._relabel()

    def set_controls_visible(self, visible: bool) -> None:
        """Plots only (F10): the run list, its buttons and the explanation hide."""
        self._controls_visible = visible
        self._show_controls()

    def _show_controls(self) -> None:
        """The hand-built comparison's list and buttons, or the way back to it."""
        hand_built = self.preset is None
        shown = self._controls_visible
        for widget in (self.run_list, self.add_button, self.remove_button):
            widget.setVisible(shown and hand_built)
        self.hand_button.setVisible(shown and not hand_built)
        self.explanation.setVisible(shown)
        self._place_explanation(hand_built)

    def _place_explanation(self, hand_built: bool) -> None:
        """Beside the short 'Your comparison' when the run list takes the row below (a row
        less for the plots at large text), under a preset's long heading otherwise."""
        layout = self.layout()
        self._heading_row.removeWidget(self.explanation)
        layout.removeWidget(self.explanation)
        if hand_built:
            self._heading_row.insertWidget(1, self.explanation, 1)
        else:
            layout.insertWidget(1, self.explanation)
        self._heading_row.setStretchFactor(self.heading, 0 if hand_built else 1)

    def _relabel(self) -> None:
        labels = differing_labels(self._hand_built) if self._hand_built else []
        self._runs = list(zip(labels, self._hand_built, strict=True))
        self.run_list.clear()
        self.run_list.addItems(labels)
        self.remove_button.setEnabled(bool(labels))
        self.add_button.setEnabled(len(labels) < MAX_HAND_BUILT)
        self._set_legend()
        self._lay_out(self._runs)

    def _set_legend(self, snapshot: ComparisonSnapshot | None = None) -> None:
        labels = [label for label, _ in self._runs]
        self.empty_hint.setVisible(self.preset is None and not labels)
        if self.preset is not None and self.preset.kind != "training":
            self.legend.setText("")
            self.legend.hide()
            return
        if self.preset is not None and self.preset.name == "batchnorm":
            self.legend.setText(legend_html(["with batch norm (solid)", "without (dashed)"]))
            self.legend.show()
            return
        marks = None
        if snapshot is not None and len(snapshot.runs) == len(labels):
            marks = [" (diverged)" if run.diverged else "" for run in snapshot.runs]
        text = legend_html(labels, marks) + "&nbsp;&nbsp; (accuracy: train solid, test " \
            "dashed)" if labels else ""
        if text != self.legend.text():  # a new text relayouts the tab: only when it changes
            self.legend.setText(text)
        self.legend.setVisible(bool(text))  # an empty label still takes a line

    def _compute_book_histograms(self) -> None:
        """The no-training experiment, off the GUI thread (12 x 5 layers of 1000 x 100)."""
        runs = list(self._runs)
        self._job = BackgroundJob(lambda: [(label, config, init_histograms(config.network))
                                           for label, config in runs], self)
        self._job.succeeded.connect(self._on_book_histograms)
        self._job.start()

    @Slot(object)
    def _on_book_histograms(self, rows: list) -> None:
        self._histogram_rows = rows
        self._show_book_rows()

    @Slot()
    def _show_book_rows(self) -> None:
        activation = self.activation_picker.currentText()
        init = self.init_picker.currentText()
        rows = [(label, histograms) for label, config, histograms in self._histogram_rows
                if activation.startswith("all") or config.network.activation == activation
                if init.startswith("all") or label.endswith(f", {init}")]
        self.book_grid.show_rows([label for label, _ in rows], [h for _, h in rows])


def _split(orientation: Qt.Orientation, *parts: tuple[QWidget, int]) -> QSplitter:
    """A splitter of ``parts`` (widget, stretch factor)."""
    splitter = QSplitter(orientation)
    for index, (widget, stretch) in enumerate(parts):
        splitter.addWidget(widget)
        splitter.setStretchFactor(index, stretch)
    return splitter
