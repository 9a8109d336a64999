"""The Runs tab at lecture-hall sizes: every figure of the table readable in full, and a hint
over the plot until a row is ticked."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from engine.config import RunConfig
from gui.views.runs.runs_view import COLUMNS, RUNS_HINT

RESULT = {"dataset": "spiral", "optimizer": "sgd", "lr": 0.1, "loss": 0.123456,
          "train_acc": 0.987654, "test_acc": 0.876543, "seconds": 12.34,
          "losses": [1.0, 0.5, 0.25], "train_acc_per_epoch": [0.5, 0.9],
          "test_acc_per_epoch": [0.5, 0.8]}


def clipped_cells(table) -> list[str]:
    """Cells whose text is wider than their column (what the table draws as '0...')."""
    clipped = []
    for row in range(table.rowCount()):
        for column in range(1, table.columnCount()):  # the label column may be elided
            item = table.item(row, column)
            needed = table.fontMetrics().horizontalAdvance(item.text())
            if needed > table.columnWidth(column) - 6:  # the cell's margins
                clipped.append(f"{COLUMNS[column]}: {item.text()}")
    return clipped


def test_the_figures_stay_whole_in_presentation_mode_with_larger_text(
        qtbot, window, restore_app_font):
    view = window.runs_view
    config = RunConfig.from_dict(window.setup.run_config().to_dict())
    view.add_runs([("first run", config, dict(RESULT)), ("second run", config, dict(RESULT))])
    window.tabs.select("runs")
    assert clipped_cells(view.table) == []
    QTest.keyClick(window, Qt.Key.Key_F11)
    QTest.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(50)
    assert clipped_cells(view.table) == []
    QTest.keyClick(window, Qt.Key.Key_F11)


def test_the_plot_says_to_tick_runs_until_one_is_ticked(qtbot, window):
    view = window.runs_view
    config = RunConfig.from_dict(window.setup.run_config().to_dict())
    view.add_runs([("first run", config, dict(RESULT))])
    window.tabs.select("runs")
    qtbot.wait(20)
    assert view.hint.isVisible() and view.hint.text() == RUNS_HINT
    view.table.item(0, 0).setCheckState(Qt.CheckState.Checked)
    assert not view.hint.isVisible()
    view.table.item(0, 0).setCheckState(Qt.CheckState.Unchecked)
    assert view.hint.isVisible()
