"""The Runs tab: every finished run, single or in a comparison, in one table.

Each row: label (editable), data set, network, optimizer and lr, final loss, train and test
accuracy, seconds. Ticking rows overlays their loss curves below the table and their loss and
accuracy curves on the Training tab's plots (``overlays_changed``); a
row can be deleted, re-run (its configuration goes back to the Setup panel) or exported
(CSV of its curves, JSON of its configuration and results). The history lives in the user's
data folder (gui/views/runs/history_store.py) and is saved off the GUI thread.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QStandardPaths, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.config import RunConfig
from gui.run.background import BackgroundJob
from gui.style import Style, style_plot
from gui.views.compare.palette import history_colour
from gui.views.runs.history_store import RunHistory
from gui.views.training.history_overlay import RunOverlay
from gui.widgets.plots.start_hint import StartHint

COLUMNS = ("Label", "Data set", "Network", "Optimizer, lr", "Loss", "Train", "Test", "Seconds")
HISTORY_FILE = "run-history.json"
RUNS_HINT = "Tick runs to overlay their curves"


def default_history_path() -> Path:
    """The history file in the user's data folder (NNDASH_HISTORY_DIR overrides it: tests)."""
    import os

    folder = os.environ.get("NNDASH_HISTORY_DIR") or QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.AppDataLocation)
    return Path(folder) / HISTORY_FILE


def export_record(record: dict, folder: Path) -> tuple[Path, Path]:
    """Write ``<label>.csv`` (iteration, loss; epoch, train, test) and ``<label>.json``."""
    stem = "".join(c if c.isalnum() or c in "-_." else "_" for c in record["label"]) or "run"
    result = record["result"]
    csv_path, json_path = folder / f"{stem}.csv", folder / f"{stem}.json"
    step = result.get("losses_step", 1)
    with csv_path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["iteration", "loss"])
        for index, loss in enumerate(result.get("losses", [])):
            writer.writerow([index * step + 1, loss])
        writer.writerow([])
        writer.writerow(["epoch", "train_acc", "test_acc"])
        for epoch, (train, test) in enumerate(zip(result.get("train_acc_per_epoch", []),
                                                  result.get("test_acc_per_epoch", []),
                                                  strict=False)):
            writer.writerow([epoch, train, test])
    json_path.write_text(json.dumps({"label": record["label"], "config": record["config"],
                                     "result": result}, indent=2), encoding="utf-8")
    return csv_path, json_path


class RunsView(QWidget):
    """The history table and the overlay of the ticked runs."""

    title = "Runs"
    uses_run_keys = False
    rerun_requested = Signal(object)  # RunConfig
    message = Signal(str)
    export_requested = Signal(object)  # the record: the window asks for a folder
    overlays_changed = Signal(object)  # [RunOverlay] of the ticked runs, for other plots

    def __init__(self, style: Style, history: RunHistory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.style = style
        self.history = history
        self._jobs: list[BackgroundJob] = []
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        # sized by Qt whenever the text or the font changes: sized once at filling, the
        # figures were cut to '0...' when presentation mode enlarged the font afterwards
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.itemChanged.connect(self._on_item_changed)
        self.plot = pg.PlotWidget()
        self.plot.setLabel("bottom", "iteration")
        self.plot.setLabel("left", "loss")
        self.hint = StartHint(self.plot, RUNS_HINT)
        buttons = QHBoxLayout()
        for text, slot in (("Re-run", self.rerun_selected), ("Export...", self.export_selected),
                           ("Delete", self.delete_selected), ("Clear history", self.clear)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.plot)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)
        self.apply_style(style)
        self._fill()

    def add_runs(self, runs: list[tuple[str, RunConfig, dict]]) -> None:
        """Runs finished: keep them, show them, save the history in the background."""
        ticked = set(self.ticked_ids())
        self.table.blockSignals(True)
        for label, config, result in runs:  # new rows on top; refilling 200 rows took 70 ms
            self._add_row(self.history.add(label, config.to_dict(), result), row=0)
        dropped = set()  # the oldest runs the history let go of, at the bottom
        while self.table.rowCount() > len(self.history.records):
            dropped.add(self._id(self.table.rowCount() - 1))
            self.table.removeRow(self.table.rowCount() - 1)
        self.table.blockSignals(False)
        if dropped & ticked:
            self._overlay()
        self._save()

    def ticked_ids(self) -> list[str]:
        return [self._id(row) for row in range(self.table.rowCount())
                if self.table.item(row, 0).checkState() == Qt.CheckState.Checked]

    @Slot()
    def rerun_selected(self) -> None:
        record = self._selected()
        if record is not None:
            self.rerun_requested.emit(RunConfig.from_dict(record["config"]))

    @Slot()
    def export_selected(self) -> None:
        record = self._selected()
        if record is not None:
            self.export_requested.emit(record)

    @Slot()
    def delete_selected(self) -> None:
        record = self._selected()
        if record is not None:
            self.history.delete(record["id"])
            self._fill()
            self._save()

    @Slot()
    def clear(self) -> None:
        self.history.clear()
        self._fill()
        self._save()

    def visible_plots(self) -> list[QWidget]:
        return [self.plot]

    def apply_style(self, style: Style) -> None:
        self.style = style
        self.plot.setBackground(style.theme.background)
        style_plot(self.plot.getPlotItem(), style)
        self._overlay()

    def _fill(self) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for record in reversed(self.history.records):  # newest first
            self._add_row(record)
        self.table.blockSignals(False)
        self._overlay()

    def _add_row(self, record: dict, row: int | None = None) -> None:
        """A row for ``record`` at ``row`` (at the bottom by default)."""
        row = self.table.rowCount() if row is None else row
        self.table.insertRow(row)
        result, config = record["result"], record["config"]
        network = config.get("network", {})
        widths = "-".join(str(w) for w in network.get("hidden_sizes", []))
        cells = (record["label"], result.get("dataset", config.get("dataset", "")),
                 f"{widths or 'none'} {network.get('activation', '')}",
                 f"{result.get('optimizer', '')} {result.get('lr', 0):g}",
                 _figure(result.get("loss")), _figure(result.get("train_acc")),
                 _figure(result.get("test_acc")), _figure(result.get("seconds"), "{:.1f}"))
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if column == 0:
                item.setData(Qt.ItemDataRole.UserRole, record["id"])
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable
                              | Qt.ItemFlag.ItemIsEditable)
                item.setCheckState(Qt.CheckState.Unchecked)
                item.setToolTip("Tick to overlay its curves; double-click to rename.")
            else:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, column, item)

    def _id(self, row: int) -> str:
        return self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)

    def _selected(self) -> dict | None:
        row = self.table.currentRow()
        if row < 0:
            self.message.emit("Select a run in the table first.")
            return None
        return self.history.find(self._id(row))

    @Slot(QTableWidgetItem)
    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() != 0:
            return
        record_id = item.data(Qt.ItemDataRole.UserRole)
        record = self.history.find(record_id)
        if record is not None and item.text() != record["label"]:
            self.history.rename(record_id, item.text())
            self._save()
        self._overlay()

    def overlays(self) -> list[RunOverlay]:
        """The ticked runs' curves, each in its colour (the colour of its label)."""
        overlays = []
        for index, record_id in enumerate(self.ticked_ids() if self.table.rowCount() else []):
            record = self.history.find(record_id)
            result = record["result"]
            losses = _floats(result.get("losses", []))
            iterations = np.arange(len(losses)) * result.get("losses_step", 1) + 1.0
            overlays.append(RunOverlay(record["label"], history_colour(index, self.style.theme),
                                       iterations, losses,
                                       _floats(result.get("train_acc_per_epoch", [])),
                                       _floats(result.get("test_acc_per_epoch", []))))
        return overlays

    def _overlay(self) -> None:
        """The ticked runs' loss curves below the table, each in its colour; the same runs
        go to the Training tab's plots."""
        self.plot.clear()
        overlays = self.overlays()
        ticked = self.ticked_ids() if self.table.rowCount() else []
        self.table.blockSignals(True)  # the label's colour says which curve is the row's
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            index = ticked.index(self._id(row)) if self._id(row) in ticked else None
            item.setForeground(QColor(overlays[index].colour) if index is not None
                               else QBrush())
        self.table.blockSignals(False)
        self.hint.setVisible(not overlays)
        for run in overlays:
            curve = self.plot.plot(run.iterations, run.losses,
                                   pen=self.style.pen(run.colour, 1.5))
            curve.setDownsampling(auto=True, method="peak")
        self.overlays_changed.emit(overlays)

    def _save(self) -> None:
        job = BackgroundJob(self.history.save_job(), self)
        job.failed.connect(self.message)
        self._jobs = [j for j in self._jobs if j.is_running()] + [job]
        job.start()

    def wait(self) -> None:
        """Let pending writes finish (the window calls this before it closes)."""
        for job in self._jobs:
            job.wait()


def _floats(values: list) -> np.ndarray:
    """JSON numbers to floats, null (a diverged loss) to NaN."""
    return np.array([np.nan if value is None else value for value in values], dtype=np.float64)


def _figure(value, pattern: str = "{:.4f}") -> str:
    return "-" if value is None else pattern.format(value)
