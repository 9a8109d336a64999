"""The Runs tab: finished runs are kept, survive a restart, and a damaged file never crashes."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest
from comparison_steps import add_two_seeds
from PySide6.QtCore import Qt

from gui.main_window import MainWindow
from gui.views.runs.history_store import RunHistory
from gui.views.runs.runs_view import export_record

TIMEOUT_MS = 90_000


def open_window(qtbot, gui_settings, history_path):
    window = MainWindow(settings=gui_settings, history_path=str(history_path))
    qtbot.addWidget(window)
    window.show()
    return window


def train_one(qtbot, window, epochs=2):
    window.setup.data.set_dataset("spiral")
    window.setup.training.epochs_box.setValue(epochs)
    with qtbot.waitSignal(window.controller.run_finished, timeout=TIMEOUT_MS) as finished:
        window.start()
    return finished.args[0]


@pytest.fixture
def history_path(tmp_path):
    return tmp_path / "data" / "run-history.json"


def test_a_finished_run_is_kept_with_its_whole_curve_and_survives_a_restart(
        qtbot, gui_settings, history_path):
    window = open_window(qtbot, gui_settings, history_path)
    final = train_one(qtbot, window)
    table = window.runs_view.table
    assert table.rowCount() == 1
    assert table.item(0, 1).text() == "spiral"
    assert table.item(0, 6).text() == f"{final.test_acc[-1]:.4f}"
    record = window.history.records[0]
    assert len(record["result"]["losses"]) == final.iteration  # every mini-batch loss
    table.item(0, 0).setText("my first run")  # the user renames it
    window.close()
    window.runs_view.wait()
    again = open_window(qtbot, gui_settings, history_path)
    assert again.runs_view.table.rowCount() == 1
    assert again.runs_view.table.item(0, 0).text() == "my first run"
    assert not again.banner.isVisible()


def test_a_corrupt_history_is_reported_and_set_aside_and_the_app_works(
        qtbot, gui_settings, history_path):
    history_path.parent.mkdir(parents=True)
    history_path.write_text('{"format": "nndash-run-history", "runs": [')
    window = open_window(qtbot, gui_settings, history_path)
    assert window.banner.isVisible() and "damaged" in window.banner.text
    aside = list(history_path.parent.glob("run-history.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_text().endswith('"runs": [')
    assert window.runs_view.table.rowCount() == 0
    train_one(qtbot, window, epochs=1)
    assert window.runs_view.table.rowCount() == 1


def test_history_is_bounded_oldest_dropped_first(tmp_path):
    history = RunHistory(tmp_path / "h.json", limit=3)
    for number in range(5):
        history.add(f"run {number}", {}, {"losses": []})
    assert [r["label"] for r in history.records] == ["run 2", "run 3", "run 4"]
    history.save_job()()
    reloaded = RunHistory(tmp_path / "h.json", limit=3)
    reloaded.load()
    assert [r["label"] for r in reloaded.records] == ["run 2", "run 3", "run 4"]
    assert not list(tmp_path.glob(".h.json.*"))  # no temporary file left behind


def test_new_runs_go_on_top_and_the_oldest_row_leaves_with_its_overlay(qtbot, tmp_path):
    from engine.config import RunConfig
    from gui.style import Style
    from gui.views.runs.runs_view import RunsView

    history = RunHistory(tmp_path / "h.json", limit=3)
    view = RunsView(Style(), history)
    qtbot.addWidget(view)
    result = {"losses": [2.0, 1.0], "train_acc_per_epoch": [0.1, 0.5],
              "test_acc_per_epoch": [0.1, 0.4]}
    view.add_runs([(f"run {n}", RunConfig(), result) for n in range(3)])
    labels = [view.table.item(row, 0).text() for row in range(view.table.rowCount())]
    assert labels == ["run 2", "run 1", "run 0"]  # newest first
    view.table.item(2, 0).setCheckState(Qt.CheckState.Checked)  # tick the oldest, run 0
    assert [o.label for o in view.overlays()] == ["run 0"]
    with qtbot.waitSignal(view.overlays_changed) as changed:
        view.add_runs([("run 3", RunConfig(), result)])  # the history keeps 3: run 0 leaves
    labels = [view.table.item(row, 0).text() for row in range(view.table.rowCount())]
    assert labels == ["run 3", "run 2", "run 1"]
    assert changed.args[0] == [] and view.ticked_ids() == []
    view.wait()


def test_tick_overlays_delete_rerun_clear_and_export(qtbot, gui_settings, history_path,
                                                     tmp_path):
    window = open_window(qtbot, gui_settings, history_path)
    train_one(qtbot, window, epochs=1)
    train_one(qtbot, window, epochs=2)
    view = window.runs_view
    assert view.table.rowCount() == 2
    for row in range(2):
        view.table.item(row, 0).setCheckState(Qt.CheckState.Checked)
    assert len(view.plot.getPlotItem().listDataItems()) == 2
    view.table.setCurrentCell(1, 0)  # the older, 1-epoch run
    window.setup.training.epochs_box.setValue(7)
    view.rerun_selected()
    assert window.setup.training.epochs_box.value() == 1
    record = window.history.find(view._id(1))
    csv_path, json_path = export_record(record, tmp_path)
    rows = list(csv.reader(csv_path.open()))
    assert rows[0] == ["iteration", "loss"] and len(rows) > 3
    assert json.loads(json_path.read_text())["config"]["train"]["epochs"] == 1
    view.table.setCurrentCell(0, 0)
    view.delete_selected()
    assert view.table.rowCount() == 1
    view.clear()
    assert view.table.rowCount() == 0 and window.history.records == []


def test_a_comparison_adds_a_row_per_run(qtbot, gui_settings, history_path):
    window = open_window(qtbot, gui_settings, history_path)
    add_two_seeds(window, epochs=1, seed=5)
    with qtbot.waitSignal(window.controller.run_finished, timeout=TIMEOUT_MS):
        window.start()
    assert window.runs_view.table.rowCount() == 2


def curve_y(curve) -> np.ndarray:
    if not hasattr(curve, "getOriginalDataset"):
        return np.empty(0)  # a plain PlotCurveItem (the hover marker), not a data curve
    y = curve.getOriginalDataset()[1]
    return np.empty(0) if y is None else y


def test_ticked_runs_are_overlaid_on_the_training_plots_each_in_its_colour_and_label(
        qtbot, gui_settings, history_path):
    window = open_window(qtbot, gui_settings, history_path)
    first = train_one(qtbot, window, epochs=1)
    window.setup.training.seed_box.setValue(7)  # the next run's first epoch is another one
    train_one(qtbot, window, epochs=2)
    view, plots = window.runs_view, window.plots
    loss_item, accuracy_item = plots.loss.view.getPlotItem(), plots.accuracy.view.getPlotItem()
    shown = len(loss_item.listDataItems()), len(accuracy_item.listDataItems())
    older = view.table.item(1, 0)  # newest first: row 1 is the 1-epoch run
    older.setText("one epoch")
    older.setCheckState(Qt.CheckState.Checked)

    losses = window.history.find(view._id(1))["result"]["losses"]
    assert len(losses) == first.iteration and losses[-1] == pytest.approx(first.losses[-1])
    overlaid = [curve for curve in loss_item.listDataItems()
                if len(curve_y(curve)) == len(losses) and np.allclose(curve_y(curve), losses)]
    assert len(overlaid) == 1
    np.testing.assert_array_equal(overlaid[0].getOriginalDataset()[0],
                                  np.arange(1, first.iteration + 1))
    assert overlaid[0].opts["pen"].color() == older.foreground().color()  # the row's colour
    def overlaid_accuracy(values, dashed):
        """The curves drawing ``values`` in the row's colour, solid (train) or dashed (test):
        an untrained spiral network scores exactly 1/3 on both sets, so values alone can
        match both of a run's curves."""
        return [curve for curve in accuracy_item.listDataItems()
                if len(curve_y(curve)) == len(values)
                and np.allclose(curve_y(curve), 100 * values)
                and curve.opts["pen"].color() == older.foreground().color()
                and (curve.opts["pen"].style() == Qt.PenStyle.SolidLine) != dashed]

    assert len(overlaid_accuracy(first.train_acc, dashed=False)) == 1
    assert len(overlaid_accuracy(first.test_acc, dashed=True)) == 1
    for legend in (plots.loss.legend, plots.accuracy.legend):
        assert "one epoch" in [label.text for _, label in legend.items]

    window.reset()  # a new run (or Reset) leaves the finished runs overlaid
    assert len(loss_item.listDataItems()) == shown[0] + 1

    older.setCheckState(Qt.CheckState.Unchecked)
    assert len(loss_item.listDataItems()) == shown[0]
    assert len(accuracy_item.listDataItems()) == shown[1]
    for legend in (plots.loss.legend, plots.accuracy.legend):
        assert "one epoch" not in [label.text for _, label in legend.items]
