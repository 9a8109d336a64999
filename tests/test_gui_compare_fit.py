"""The Compare tab at lecture-hall sizes: one whole line of explanation (whole on a click),
a hint on the empty histogram grid, and in plots only (F10) the run list gives its room to the
plots."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel

from engine.presets import PRESETS
from gui.views.compare.compare_view import EMPTY_HINT, HAND_BUILT_SHORTER, HAND_BUILT_TEXT


def settle(qtbot):
    qtbot.wait(50)


@pytest.mark.parametrize("size", [(1024, 700), (1280, 660), (1920, 1000)])
def test_the_explanation_takes_one_readable_line_at_double_text_and_shows_whole_on_a_click(
        qtbot, window, restore_app_font, size):
    """At 2x text on 1024 px it shared the run list's row and read 'Add th…': now it shows
    a whole wording of the sentence on one line, never one cut short."""
    window.resize(*size)
    window.tabs.select("compare")
    window.presentation.set_font_scale(2.0)
    settle(qtbot)
    explanation = window.compare_view.explanation
    line = explanation.fontMetrics().height()
    shown = QLabel.text(explanation)
    assert explanation.height() < 2 * line  # one line, not a paragraph
    assert "…" not in shown and shown in (HAND_BUILT_TEXT, *HAND_BUILT_SHORTER), shown
    assert "press Space" in shown
    assert "Add to comparison" in explanation.toolTip()  # the whole sentence is kept
    QTest.mouseClick(explanation, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    settle(qtbot)
    assert explanation.height() >= 2 * line  # the whole sentence, wrapped
    assert QLabel.text(explanation) == HAND_BUILT_TEXT
    QTest.mouseClick(explanation, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    settle(qtbot)
    assert explanation.height() < 2 * line


def test_an_empty_comparison_shows_a_hint_that_goes_when_runs_come(qtbot, window):
    view = window.compare_view
    window.tabs.select("compare")
    settle(qtbot)
    hint = view.empty_hint
    assert hint.isVisible() and hint.text() == EMPTY_HINT
    grid = view.histograms.view
    centre = hint.mapTo(grid, hint.rect().center())
    assert grid.rect().contains(centre)  # on the empty histogram grid
    view.add_button.click()
    assert not hint.isVisible()
    view.run_list.setCurrentRow(0)
    view.remove_button.click()
    assert hint.isVisible()
    preset = next(iter(PRESETS.values()))
    next(action for menu in window.menuBar().actions() if menu.text() == "&Experiments"
         for action in menu.menu().actions() if action.text() == preset.menu_text).trigger()
    assert not hint.isVisible()


def test_at_double_text_on_1024_px_the_hint_and_the_run_labels_stay_whole(
        qtbot, window, restore_app_font):
    view = window.compare_view
    window.resize(1024, 700)
    window.tabs.select("compare")
    window.presentation.set_font_scale(2.0)
    settle(qtbot)
    hint = view.empty_hint
    grid = view.histograms.view
    box = hint.geometry().translated(hint.parentWidget().mapTo(grid, QPoint(0, 0)))
    assert grid.rect().contains(box), (box, grid.rect())  # whole, on the empty grid
    # clear of the curves and their axis labels (it covered the accuracy axis's label)
    curves = view.curves.rect().translated(view.curves.mapTo(view, QPoint(0, 0)))
    assert not curves.intersects(box.translated(grid.mapTo(view, QPoint(0, 0))))
    view.add_button.click()
    window.setup.training.epochs_box.setValue(3)
    view.add_button.click()  # two labels: wider than the list, so its scroll bar shows
    settle(qtbot)
    item = view.run_list.visualItemRect(view.run_list.item(0))
    assert item.height() >= view.run_list.fontMetrics().height()
    assert view.run_list.viewport().rect().contains(item.adjusted(0, 0, -item.width() + 1, 0))


def test_plots_only_hides_the_run_list_and_the_plots_grow(qtbot, window):
    view = window.compare_view
    window.tabs.select("compare")
    view.add_button.click()
    settle(qtbot)
    before = view.curves.height()
    QTest.keyClick(window, Qt.Key.Key_F10)
    settle(qtbot)
    assert not view.run_list.isVisible() and not view.add_button.isVisible()
    assert not view.explanation.isVisible()
    assert view.curves.height() > before
    QTest.keyClick(window, Qt.Key.Key_F10)
    settle(qtbot)
    assert view.run_list.isVisible() and view.explanation.isVisible()
